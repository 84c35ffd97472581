"use strict";
// What the bridge refuses before sending, so the page hears at once what the core would refuse
// (docs/protocol.md, "What the bridge refuses"): params or detail nested deeper than the core's
// AV_PAYLOAD_DEPTH_MAX, and lone UTF-16 surrogates (no UTF-8 form).

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { loadedPage, tick } = require("./harness");

const ROOT = path.join(__dirname, "..", "..");
const read = (file) => fs.readFileSync(path.join(ROOT, file), "utf8");

const nest = (n) => {
  let v = 1;
  for (let i = 0; i < n; i++) v = [v];
  return v;
};

test("the bridge's depth limit is the core's AV_PAYLOAD_DEPTH_MAX", () => {
  const core = Number(read("plugin/core/include/auroraview/av_msg.h").match(/#define AV_PAYLOAD_DEPTH_MAX (\d+)/)[1]);
  const bridge = Number(read("bridge_js/auroraview.js").match(/const MAX_DEPTH = (\d+);/)[1]);
  assert.equal(bridge, core);
  assert.equal(core, 512);
});

test("params nested to the limit go; one level more is refused at once, nothing sent", async () => {
  const page = await loadedPage();
  page.av.call("api.ok", nest(512));
  await tick();
  assert.equal(page.envelopes().length, 1);

  page.posted.length = 0;
  const err = await page.av.call("api.deep", nest(513)).catch((e) => e);
  assert.equal(err.code, "BAD_MESSAGE");
  assert.equal(err.message, 'call "api.deep": params too deep: nested more than 512 levels (the protocol\'s limit)');
  const issue = await page.av.call("api.deep", nest(1100)).catch((e) => e);
  assert.equal(issue.code, "BAD_MESSAGE");
  await tick();
  assert.deepEqual(page.posted, []);
  assert.equal(page.av.pending, 1, "only the call that went waits");
  // No id was spent on the refused calls.
  page.av.call("api.next");
  await tick();
  assert.equal(page.envelopes()[0].id, 2);
});

test("objects count as levels as arrays do; brackets inside strings do not", async () => {
  const page = await loadedPage();
  let obj = 1;
  for (let i = 0; i < 513; i++) obj = { k: obj };
  assert.equal((await page.av.call("api.o", obj).catch((e) => e)).code, "BAD_MESSAGE");
  // 2000 brackets and escaped quotes in strings: text, not nesting.
  const tricky = ["[".repeat(2000), '\\"[[[', "\\", '"{{{', "]]]]"];
  page.av.call("api.s", tricky);
  await tick();
  assert.deepEqual(page.envelopes()[0].params, tricky);
});

test("send_event throws a RangeError for detail too deep; the events around it go", async () => {
  const page = await loadedPage();
  page.av.send_event("a", 1);
  assert.throws(() => page.av.send_event("deep", nest(513)), {
    name: "RangeError",
    message: 'send_event "deep": detail too deep: nested more than 512 levels (the protocol\'s limit)',
  });
  page.av.send_event("b", nest(512));
  await tick();
  assert.deepEqual(page.envelopes().map((e) => e.event), ["a", "b"]);
});

test("a lone surrogate is refused before sending; pairs and backslash-u text go", async () => {
  const page = await loadedPage();
  for (const lone of ["a\ud800b", "\udc00", "\ud800\ud800\udc00", "\ude00\ud83d"]) {
    const err = await page.av.call("api.s", { text: lone }).catch((e) => e);
    assert.equal(err.code, "BAD_MESSAGE", JSON.stringify(lone));
    assert.match(err.message, /^call "api\.s": params has a lone UTF-16 surrogate \(\\ud[89a-f][0-9a-f]{2}\), which has no UTF-8 form$/);
  }
  assert.throws(() => page.av.send_event("e", ["\udbff"]), {
    name: "TypeError",
    message: 'send_event "e": detail has a lone UTF-16 surrogate (\\udbff), which has no UTF-8 form',
  });
  await tick();
  assert.deepEqual(page.posted, []);

  page.av.call("api.s", ["\ud83d\ude00", "\\ud800", "\\\\ud800", "\\\ud800".slice(0, 1)]);
  await tick();
  assert.deepEqual(page.envelopes()[0].params, ["\ud83d\ude00", "\\ud800", "\\\\ud800", "\\"]);
});

test("a transport refusal for length rejects the call PAYLOAD_TOO_LARGE; others are TRANSPORT_ERROR", async () => {
  const tooLarge = Object.assign(new RangeError("message of 99 characters is above the transport's limit of 10"),
    { code: "PAYLOAD_TOO_LARGE" });
  const page = await loadedPage({ postMessage: () => { throw tooLarge; } });
  const err = await page.av.call("api.big", "x").catch((e) => e);
  assert.equal(err.code, "PAYLOAD_TOO_LARGE");
  assert.equal(err.message, `call "api.big" could not be sent: ${tooLarge.message}`);

  const broken = await loadedPage({ postMessage: () => { throw new Error("gone"); } });
  assert.equal((await broken.av.call("api.x").catch((e) => e)).code, "TRANSPORT_ERROR");
});

test("posts stay within the transport's maxLength: batches split to fit it", async () => {
  const page = await loadedPage();
  page.window.ipc.maxLength = 200;
  for (let i = 0; i < 20; i++) page.av.send_event("e", "x".repeat(30));
  await tick();
  assert.ok(page.posted.length > 1);
  for (const text of page.posted) assert.ok(text.length <= 200, `a post of ${text.length}`);
  assert.equal(page.envelopes().length, 20);
});
