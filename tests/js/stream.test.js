"use strict";
// auroraview.stream: the page's end of a Python generator (credit, acknowledgements, cancel), and
// call()'s options.signal.

const test = require("node:test");
const assert = require("node:assert/strict");
const { loadedPage, tick } = require("./harness");

const STREAM = "auroraview:stream";

function opened(page) {
  const open = page.envelopes().find((e) => e.event === "auroraview:stream_open");
  assert.ok(open, "the stream was opened");
  return open.detail;
}

test("stream opens with its method, params and window, and yields the items in order", async () => {
  const page = await loadedPage();
  const it = page.av.stream("api.tail", { path: "a.log" }, { window: 8 });
  await tick();
  const { id, method, params, window } = opened(page);
  assert.deepEqual({ method, params, window }, { method: "api.tail", params: { path: "a.log" }, window: 8 });
  page.dispatch([[STREAM, { id, items: [1, 2] }], [STREAM, { id, items: [3] }], [STREAM, { id, done: true }]]);
  const got = [];
  for await (const x of it) got.push(x);
  assert.deepEqual(got, [1, 2, 3]);
});

test("items taken are acknowledged a quarter window at a time", async () => {
  const page = await loadedPage();
  const it = page.av.stream("api.n", undefined, { window: 8 });
  await tick();
  const { id } = opened(page);
  page.dispatch([[STREAM, { id, items: [0, 1, 2, 3, 4, 5, 6, 7] }]]);
  for (let i = 0; i < 5; i++) await it.next();
  await tick();
  const acks = page.envelopes().filter((e) => e.event === "auroraview:stream_ack").map((e) => e.detail[id]);
  assert.deepEqual(acks, [2, 2]);
});

test("break in for-await cancels the stream in Python", async () => {
  const page = await loadedPage();
  const it = page.av.stream("api.n");
  await tick();
  const { id } = opened(page);
  page.dispatch([[STREAM, { id, items: [0, 1, 2] }]]);
  for await (const x of it) if (x === 1) break;
  await tick();
  assert.deepEqual(page.envelopes().filter((e) => e.event === "auroraview:stream_cancel"), [
    { type: "event", event: "auroraview:stream_cancel", detail: { id } },
  ]);
  assert.deepEqual({ ...(await it.next()) }, { value: undefined, done: true }); // copied out of the vm realm
});

test("an aborted signal rejects a waiting stream with CANCELLED; an error ends it as sent", async () => {
  const page = await loadedPage();
  const ac = new AbortController();
  const it = page.av.stream("api.n", {}, { signal: ac.signal });
  const waiting = it.next();
  ac.abort();
  await assert.rejects(waiting, { code: "CANCELLED" });
  const other = page.av.stream("api.m");
  await tick();
  const { id } = page.envelopes().filter((e) => e.event === "auroraview:stream_open")[1].detail;
  page.dispatch([[STREAM, { id, error: { code: "HANDLER_ERROR", name: "ValueError", message: "bad" } }]]);
  await assert.rejects(other.next(), { code: "HANDLER_ERROR", name: "ValueError", message: "bad" });
});

test("a bad window is a RangeError at once", async () => {
  const page = await loadedPage();
  assert.throws(() => page.av.stream("api.n", {}, { window: 0 }), { name: "RangeError", message: /window/ });
});

test("call's signal: abort rejects CANCELLED, sends cancel and tells Python; aborted before: nothing sent", async () => {
  const page = await loadedPage();
  const ac = new AbortController();
  const p = page.av.call("api.slow", undefined, { signal: ac.signal });
  await tick();
  ac.abort();
  await assert.rejects(p, { code: "CANCELLED" });
  await tick();
  assert.deepEqual(page.envelopes(), [
    { type: "call", id: 1, method: "api.slow" },
    { type: "cancel", id: 1 },
    { type: "event", event: "auroraview:call_cancel", detail: { id: 1 } },
  ]);
  await assert.rejects(page.av.call("api.x", undefined, { signal: ac.signal }), { code: "CANCELLED" });
  await tick();
  assert.equal(page.envelopes().length, 3);
});
