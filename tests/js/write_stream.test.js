"use strict";
// auroraview.openStream: the page's end of a stream an async Python handler reads (credit,
// batching, close, abort, the handler's outcome).

const test = require("node:test");
const assert = require("node:assert/strict");
const { loadedPage, tick } = require("./harness");

const ACK = "auroraview:write_ack";
const events = (page, name) => page.envelopes().filter((e) => e.event === name).map((e) => e.detail);
const writes = (page) => events(page, "auroraview:write");

test("openStream opens with method, params and window; writes go in order, batched", async () => {
  const page = await loadedPage();
  const w = page.av.openStream("api.ingest", { tag: "t" }, { window: 8 });
  await w.write(1);
  await w.write(2);
  page.clock.advance(0);
  await tick();
  const [{ id, method, params, window }] = events(page, "auroraview:write_open");
  assert.deepEqual({ method, params: { ...params }, window }, { method: "api.ingest", params: { tag: "t" }, window: 8 });
  assert.deepEqual(writes(page).map((d) => [...d.items]), [[1, 2]]);
  assert.equal(writes(page)[0].id, id);
});

test("a write past the window waits for Python's credit; close() waits for it and gives the result", async () => {
  const page = await loadedPage();
  const w = page.av.openStream("api.ingest", undefined, { window: 2 });
  await w.write("a");
  await w.write("b"); // the credit is spent: sent at once
  let third = false;
  const pending = w.write("c").then(() => { third = true; });
  const closed = w.close();
  await tick();
  const [{ id }] = events(page, "auroraview:write_open");
  assert.equal(third, false);
  assert.deepEqual(writes(page).map((d) => d.items && [...d.items]), [["a", "b"]]);
  page.dispatch([[ACK, { id, n: 1 }]]);
  await pending;
  await tick();
  assert.deepEqual(writes(page).slice(1).map((d) => ({ ...d, items: d.items && [...d.items] })),
    [{ id, items: ["c"] }, { id, close: true, items: undefined }]);
  page.dispatch([[ACK, { id, done: true, result: 3 }]]);
  assert.equal(await closed, 3);
});

test("the handler's error rejects waiting writes and close(); an early return rejects writes with CANCELLED", async () => {
  const page = await loadedPage();
  const w = page.av.openStream("api.f", undefined, { window: 1 });
  await w.write(0);
  const waiting = w.write(1);
  await tick();
  const [{ id }] = events(page, "auroraview:write_open");
  page.dispatch([[ACK, { id, error: { code: "HANDLER_ERROR", name: "ValueError", message: "bad" } }]]);
  await assert.rejects(waiting, { code: "HANDLER_ERROR", name: "ValueError", message: "bad" });
  await assert.rejects(w.close(), { code: "HANDLER_ERROR" });

  const e = page.av.openStream("api.e", undefined, { window: 1 });
  await e.write(0);
  await tick();
  const eid = events(page, "auroraview:write_open")[1].id;
  page.dispatch([[ACK, { id: eid, done: true, result: "early" }]]);
  await assert.rejects(e.write(1), { code: "CANCELLED" });
  assert.equal(await e.close(), "early");
});

test("abort() and an aborted signal tell Python and reject with CANCELLED; a signal aborted first sends nothing", async () => {
  const page = await loadedPage();
  const w = page.av.openStream("api.a");
  w.abort("enough");
  await tick();
  const [{ id }] = events(page, "auroraview:write_open");
  assert.deepEqual(writes(page).map((d) => ({ ...d })), [{ id, abort: "enough" }]);
  await assert.rejects(w.close(), { code: "CANCELLED" });
  await assert.rejects(w.write(1), { code: "CANCELLED" });

  const ac = new AbortController();
  const s = page.av.openStream("api.s", {}, { signal: ac.signal });
  ac.abort();
  await assert.rejects(s.close(), { code: "CANCELLED" });

  const before = new AbortController();
  before.abort();
  const count = page.envelopes().length;
  await assert.rejects(page.av.openStream("api.b", {}, { signal: before.signal }).close(), { code: "CANCELLED" });
  await tick();
  assert.equal(page.envelopes().length, count);
  assert.throws(() => page.av.openStream("api.b", {}, { window: 0 }), { name: "RangeError" }); // the vm realm's RangeError
});
