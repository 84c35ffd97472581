"use strict";
// Big payloads from native: the bridge reads ["__auroraview_blob__", {event, url}] from the URL
// and revives the skeleton's leaves (docs/protocol.md, "Big payloads").

const test = require("node:test");
const assert = require("node:assert/strict");
const { loadedPage, until } = require("./harness");

// A payload as the Python side lays it out: uint32 LE header length, the header's JSON, the
// skeleton's JSON, then the leaves' bytes.
function payload(skeleton, leaves) {
  const body = Buffer.from(JSON.stringify(skeleton));
  const head = Buffer.from(JSON.stringify({ json: body.length, leaves: leaves.map(([kind, bytes]) => [kind, bytes.length]) }));
  const size = Buffer.alloc(4);
  size.writeUInt32LE(head.length);
  const all = Buffer.concat([size, head, body, ...leaves.map(([, bytes]) => bytes)]);
  return all.buffer.slice(all.byteOffset, all.byteOffset + all.length);
}

const leaf = (i) => ({ __auroraview_leaf__: i });
const text = "é中😀 and ascii ".repeat(1000);
const raw = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) & 255));

test("leaves are revived where their references sit: text as strings, bytes as Uint8Arrays of their own", async () => {
  const page = await loadedPage();
  page.blobs.set("auroraview://blob/a", payload(
    { title: "small", text: leaf(0), list: [1, leaf(1), { deeper: leaf(2) }], tagged: { __auroraview_bytes__: "AQI=" },
      unknown: leaf(9) },
    [["utf-8", Buffer.from(text)], ["bytes", raw], ["utf-8", Buffer.from("ascii only")]]));
  const got = [];
  page.av.on("big", (d) => got.push(d));
  page.av.on("small", (d) => got.push(d));
  page.dispatch([["__auroraview_blob__", { event: "big", url: "auroraview://blob/a" }], ["small", "after"]]);
  await until(() => got.length === 2 || page.logs.error.length > 0);
  assert.deepEqual(page.logs.error, []);

  const [big, after] = got;
  assert.equal(after, "after"); // held until the big one was read: order kept
  assert.equal(big.title, "small");
  assert.equal(big.text, text);
  assert.equal(big.list[2].deeper, "ascii only");
  const bytes = big.list[1];
  assert.equal(Object.prototype.toString.call(bytes), "[object Uint8Array]");
  assert.deepEqual(Array.from(bytes), Array.from(raw));
  assert.equal(bytes.byteOffset, 0);
  assert.equal(bytes.buffer.byteLength, raw.length); // its own buffer, not the whole payload's
  assert.deepEqual(Array.from(big.tagged), [1, 2]);
  assert.deepEqual({ ...big.unknown }, leaf(9)); // no such leaf: left as it came
});

test("outside a big payload a leaf reference is a plain object", async () => {
  const page = await loadedPage();
  const got = [];
  page.av.on("small", (d) => got.push(d));
  page.dispatch([["small", leaf(0)]]);
  assert.deepEqual(got, [leaf(0)]);
});

test("a big call result settles the call; one whose payload is cut short rejects it", async () => {
  const page = await loadedPage();
  const ok = page.av.call("api.big");
  const cut = page.av.call("api.cut");
  const whole = payload({ data: leaf(0) }, [["bytes", raw]]);
  page.blobs.set("auroraview://blob/ok", whole);
  page.blobs.set("auroraview://blob/cut", whole.slice(0, whole.byteLength - 1));
  page.dispatch([
    ["__auroraview_blob__", { event: "__auroraview_call_result", id: 1, url: "auroraview://blob/ok" }],
    ["__auroraview_blob__", { event: "__auroraview_call_result", id: 2, url: "auroraview://blob/cut" }],
  ]);
  assert.deepEqual(Array.from((await ok).data), Array.from(raw));
  await assert.rejects(cut, (e) => e.code === "BAD_MESSAGE" && /could not be read/.test(e.message));
});
