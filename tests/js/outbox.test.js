"use strict";
// The outbox (one postMessage per microtask) and send_event.

const test = require("node:test");
const assert = require("node:assert/strict");
const { createPage, loadedPage, tick, until } = require("./harness");

const POST_BUDGET = 1 << 21; // characters per post, as in bridge_js/auroraview.js

test("N calls in one tick leave as ONE postMessage holding a JSON array", async () => {
  const page = await loadedPage();
  for (let i = 0; i < 5; i++) page.av.call("api.n", i);
  assert.equal(page.posted.length, 0, "nothing is sent synchronously");
  await tick();

  assert.equal(page.posted.length, 1);
  const batch = JSON.parse(page.posted[0]);
  assert.ok(Array.isArray(batch));
  assert.deepEqual(batch.map((e) => [e.id, e.params]), [[1, 0], [2, 1], [3, 2], [4, 3], [5, 4]]);
});

test("one envelope leaves as a bare JSON object, not a one-element array", async () => {
  const page = await loadedPage();
  page.av.send_event("ping");
  await tick();
  assert.deepEqual(page.posted, ['{"type":"event","event":"ping"}']);
});

test("each microtask checkpoint flushes separately, keeping order across kinds", async () => {
  const page = await loadedPage();
  page.av.send_event("a", 1);
  page.av.call("api.b");
  await tick();
  page.av.call("api.c");
  await tick();

  assert.equal(page.posted.length, 2);
  assert.deepEqual(JSON.parse(page.posted[0]), [
    { type: "event", event: "a", detail: 1 },
    { type: "call", id: 1, method: "api.b" },
  ]);
  assert.deepEqual(JSON.parse(page.posted[1]), { type: "call", id: 2, method: "api.c" });
});

test("send_event sends the event envelope, omits undefined detail and returns undefined", async () => {
  const page = await loadedPage();
  assert.equal(page.av.send_event("export_scene", { path: "/tmp/a.usd", frames: [1, 2] }), undefined);
  assert.equal(page.av.send_event("no_detail"), undefined);
  page.av.send_event("null_detail", null);
  await tick();
  assert.deepEqual(page.envelopes(), [
    { type: "event", event: "export_scene", detail: { path: "/tmp/a.usd", frames: [1, 2] } },
    { type: "event", event: "no_detail" },
    { type: "event", event: "null_detail", detail: null },
  ]);
  assert.equal(page.av.pending, 0, "events are fire-and-forget");
});

test("send_event throws a TypeError at once for unserialisable detail; others still go", async () => {
  const page = await loadedPage();
  const cyclic = [];
  cyclic.push(cyclic);
  page.av.send_event("before", 1);
  assert.throws(() => page.av.send_event("cyclic", cyclic), { name: "TypeError", message: /cyclic.*JSON/ });
  assert.throws(() => page.av.send_event("bigint", 1n), { name: "TypeError", message: /bigint.*JSON/ });
  page.av.send_event("after", 2);
  await tick();
  assert.deepEqual(page.posted, ['[{"type":"event","event":"before","detail":1},{"type":"event","event":"after","detail":2}]']);
});

test("send_event rejects a missing or empty event name", async () => {
  const page = await loadedPage();
  assert.throws(() => page.av.send_event(""), { name: "TypeError" });
  assert.throws(() => page.av.send_event(undefined, 1), { name: "TypeError" });
  await tick();
  assert.equal(page.posted.length, 0);
});

test("a lost event is reported on console.error, never dropped silently", async () => {
  const page = createPage({
    postMessage() {
      throw new Error("queue full");
    },
  });
  page.load();
  await tick(); // the lost "ready"
  page.logs.error.length = 0;

  page.av.send_event("save", { id: 7 });
  page.av.send_event("close");
  await tick();
  assert.equal(page.logs.error.length, 2);
  assert.match(page.logs.error[0][0], /event "save" was not delivered/);
  assert.match(page.logs.error[1][0], /event "close" was not delivered/);
  assert.equal(page.logs.error[0][1].message, "queue full");
});

test("a flood of 10,000 events arrives complete and in order, in one message", async () => {
  const page = await loadedPage();
  for (let i = 0; i < 10000; i++) page.av.send_event("tick", i);
  await tick();
  assert.equal(page.posted.length, 1);
  const details = page.envelopes().map((e) => e.detail);
  assert.equal(details.length, 10000);
  assert.ok(details.every((d, i) => d === i));
});

test("a call made while the transport is posting goes into the next flush", async () => {
  const posted = [];
  const page = createPage({
    postMessage(text) {
      posted.push(text);
      // Re-entrancy: something reacts synchronously to the post.
      if (posted.length === 2) page.av.send_event("reentrant");
    },
  });
  page.load();
  await tick();
  page.av.send_event("first");
  await tick();
  assert.deepEqual(posted.slice(1), [
    '{"type":"event","event":"first"}',
    '{"type":"event","event":"reentrant"}',
  ]);
});

test("a burst above the post budget leaves as several posts of whole envelopes, in order", async () => {
  const page = await loadedPage();
  const detail = "x".repeat(1000);
  const burst = Math.ceil((2.5 * POST_BUDGET) / 1000); // two posts and a half
  for (let i = 0; i < burst; i++) page.av.send_event("burst", { i, detail });
  page.av.send_event("huge", "y".repeat(POST_BUDGET + 1)); // a leaf, in pieces (pieces.test.js)
  page.av.send_event("after", 1);
  await tick();
  await until(() => page.posted.at(-1).includes('"after"'));

  assert.equal(page.posted.length, 3 + 11 + 1,
    "3 posts of the burst, the huge one as a leaf (its header, 9 parts, the message's piece), then the last");
  assert.ok(page.posted.every((text) => text.length <= POST_BUDGET), "no post above the budget");
  const envelopes = page.envelopes();
  assert.deepEqual(envelopes.slice(0, burst).map((e) => e.detail.i), Array.from({ length: burst }, (_, i) => i));
  assert.deepEqual(envelopes.slice(burst).map((e) => e.event), ["huge", "after"]);
});

test("a post the transport refuses loses only its own envelopes, each reported", async () => {
  let posts = 0;
  const page = await loadedPage({
    postMessage() {
      posts++;
      if (posts === 2) throw new Error("transport refused"); // posts === 1 was "ready"
    },
  });
  page.window.ipc.maxLength = 4000; // a budget of 3999 characters
  const detail = "x".repeat(2000);
  const first = page.av.call("api.a", detail); // most of the budget
  page.av.call("api.b", detail); // over the budget with the first: the next post
  const firstFails = assert.rejects(first, { code: "TRANSPORT_ERROR" });
  await tick();
  assert.equal(posts, 3);
  await firstFails;
  assert.equal(page.av.pending, 1, "the call in the other post is still waiting for its answer");
});
