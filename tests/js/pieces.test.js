"use strict";
// A message longer than a piece leaves in pieces, one per task, in order with what is queued
// around it (bridge_js/auroraview.js, sendPieces; docs/protocol.md, "Messages in pieces").

const test = require("node:test");
const assert = require("node:assert/strict");
const { loadedPage, tick, until } = require("./harness");

const PIECE = 1 << 18; // characters per piece, as in bridge_js/auroraview.js

const LEAF_BYTES = 3 << 16; // bytes per part of a binary leaf: its base64 is PIECE characters

test("a long call leaves in pieces of at most PIECE characters; calls around it keep their order", async () => {
  const page = await loadedPage();
  // Many short strings: a long text with no leaf in it.
  const text = Array.from({ length: 60000 }, (_, i) => "é".repeat(20) + "😀" + i);
  page.av.call("api.before", 1);
  page.av.call("api.echo", text);
  page.av.call("api.after", 2);
  await tick();
  page.av.call("api.later", 3); // queued while the pieces leave
  await until(() => page.envelopes().length === 4);

  const pieces = page.posted.map((t) => JSON.parse(t)).filter((e) => e.type === "piece" || e.type === "piece_end");
  assert.ok(pieces.length >= 5);
  assert.ok(pieces.every((e) => e.detail.length <= PIECE && e.id === pieces[0].id));
  assert.deepEqual(pieces.map((e) => e.type), [...Array(pieces.length - 1).fill("piece"), "piece_end"]);
  // No piece ends between the two halves of a surrogate pair (each alone has no UTF-8 form).
  for (const e of pieces) assert.ok(!/[\ud800-\udbff]$/.test(e.detail) && !/^[\udc00-\udfff]/.test(e.detail));
  const envelopes = page.envelopes();
  assert.deepEqual(envelopes.map((e) => e.method), ["api.before", "api.echo", "api.after", "api.later"]);
  assert.deepEqual(envelopes[1].params, text);
  assert.equal(page.av.pending, 4);
});

test("a message above the view's limit is not sent in pieces: the transport refuses it at once", async () => {
  const tooLarge = Object.assign(new RangeError("above the limit"), { code: "PAYLOAD_TOO_LARGE" });
  const page = await loadedPage({ postMessage: (t) => { if (t.length > PIECE * 2) throw tooLarge; } });
  page.window.ipc.maxMessage = PIECE * 2;
  page.window.ipc.maxLength = PIECE * 2;
  const err = await page.av.call("api.big", "x".repeat(PIECE * 2)).catch((e) => e);
  assert.equal(err.code, "PAYLOAD_TOO_LARGE");
});

test("a big string leaves as a text leaf in parts, the message naming it; short ones stay inline", async () => {
  const page = await loadedPage();
  const big = "ab" + "é".repeat(3 * PIECE) + "😀".repeat(PIECE / 2) + "yz";
  page.av.call("api.save", { big, small: "x".repeat(PIECE - 1), n: 1 });
  await until(() => page.envelopes().length === 1);
  const raw = page.posted.filter((t) => t.startsWith(">"));
  const posts = page.posted.filter((t) => !t.startsWith(">")).map((t) => JSON.parse(t));
  assert.deepEqual(posts[0], { type: "leaf", id: posts[0].id, detail: `text ${big.length}` });
  assert.equal(raw.length, 5);
  const data = raw.map((t) => t.slice(`>${posts[0].id} `.length));
  assert.ok(raw.every((t) => t.startsWith(`>${posts[0].id} `)) && data.every((d) => d.length <= PIECE));
  for (const d of data) assert.ok(!/[\ud800-\udbff]$/.test(d) && !/^[\udc00-\udfff]/.test(d));
  const message = JSON.parse(posts.filter((e) => e.type.startsWith("piece")).map((e) => e.detail).join(""));
  assert.deepEqual(message.params.big, { __auroraview_leaf__: 0 });
  assert.equal(message.params.small.length, PIECE - 1);
  assert.equal(page.envelopes()[0].params.big, big);
});

test("a big binary value leaves as a bytes leaf in base64 parts; what is sent is what was given", async () => {
  const page = await loadedPage();
  const bytes = new Uint8Array(3 * LEAF_BYTES + 5).map((_, i) => i % 251);
  const expected = Buffer.from(bytes);
  page.av.send_event("upload", { bytes, tiny: new Uint8Array([1, 2]) });
  bytes.fill(0); // after the call: not what goes out
  await until(() => page.envelopes().length === 1);
  const posts = page.posted.filter((t) => !t.startsWith(">")).map((t) => JSON.parse(t));
  assert.equal(posts[0].detail, `bytes ${bytes.length}`);
  assert.ok(/^>p\d+ /.test(page.posted[1]), "an event's run: a string id, raw");
  const data = page.posted.filter((t) => t.startsWith(">")).map((t) => t.slice(t.indexOf(" ") + 1));
  assert.equal(data.length, 4);
  assert.ok(data.slice(0, -1).every((d) => d.length === PIECE));
  const e = page.envelopes()[0];
  assert.ok(Buffer.from(e.detail.bytes).equals(expected));
  assert.deepEqual(e.detail.tiny, { __auroraview_bytes__: "AQI=" });
});

test("leaves that take a message above the limit refuse it in the page, and the host hears of it", async () => {
  const page = await loadedPage();
  page.window.ipc.maxMessage = 2 * PIECE;
  const err = await page.av.call("api.big", ["y".repeat(PIECE), new Uint8Array(PIECE + 1)]).catch((x) => x);
  assert.equal(err.code, "PAYLOAD_TOO_LARGE");
  const report = page.posted.map((t) => JSON.parse(t)).find((x) => x.type === "too_large");
  assert.equal(report.detail.limit, 2 * PIECE);
  assert.ok(report.detail.length > 2 * PIECE + 1, "its text and both leaves");
  assert.ok(!page.posted.some((t) => t.includes('"leaf"')), "nothing of it left the page");
});

test("a call given up while it leaves in pieces sends no more of them, then its cancel", async () => {
  const abort = new AbortController();
  const posts = [];
  const page = await loadedPage({ postMessage: (t) => {
    posts.push(t);
    if (posts.filter((x) => x.startsWith(">")).length === 2) abort.abort(); // the user gives up mid-upload
  } });
  const call = page.av.call("api.save", { big: "x".repeat(40 * PIECE) }, { signal: abort.signal });
  await assert.rejects(call, { code: "CANCELLED" });
  await until(() => posts.some((t) => t.includes('"cancel"')));
  await tick();
  const parts = posts.filter((t) => t.startsWith(">"));
  assert.equal(parts.length, 2, "no part after the abort");
  const envelopes = posts.filter((t) => !t.startsWith(">")).flatMap((t) => [JSON.parse(t)].flat());
  const id = envelopes.find((e) => e.type === "leaf").id;
  assert.deepEqual(envelopes.find((e) => e.type === "cancel"), { type: "cancel", id });
  assert.ok(!posts.some((t) => t.includes("piece_end")), "the message itself never left");
});
