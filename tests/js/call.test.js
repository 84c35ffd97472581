"use strict";
// auroraview.call: ids, envelopes, results, errors, timeouts, transport failures, unload.

const test = require("node:test");
const assert = require("node:assert/strict");
const { types } = require("node:util");
const { createPage, loadedPage, tick } = require("./harness");

test("calls get integer ids from 1 and the documented envelope; undefined params are omitted", async () => {
  const page = await loadedPage();
  page.av.call("api.get_data");
  page.av.call("api.rename", { old_name: "a", new_name: "b" });
  page.av.call("api.nothing", null);
  await tick();

  assert.deepEqual(page.envelopes(), [
    { type: "call", id: 1, method: "api.get_data" },
    { type: "call", id: 2, method: "api.rename", params: { old_name: "a", new_name: "b" } },
    { type: "call", id: 3, method: "api.nothing", params: null },
  ]);
  // "absent" must really be absent (not null), so native calls handler() with no arguments.
  assert.match(page.posted[0], /^\[\{"type":"call","id":1,"method":"api.get_data"\},/);
});

test("a result resolves the pending call with `result` and clears it", async () => {
  const page = await loadedPage();
  const p = page.av.call("api.sum", [1, 2]);
  await tick();
  assert.equal(page.av.pending, 1);

  const result = { total: 3, items: [1, 2] };
  page.resolveCall(1, result);
  assert.equal(await p, result);
  assert.equal(page.av.pending, 0);
});

test("results settle the right call even out of order", async () => {
  const page = await loadedPage();
  const a = page.av.call("api.a");
  const b = page.av.call("api.b");
  page.dispatch([
    ["__auroraview_call_result", { id: 2, ok: true, result: "b" }],
    ["__auroraview_call_result", { id: 1, ok: true, result: "a" }],
  ]);
  assert.deepEqual(await Promise.all([a, b]), ["a", "b"]);
});

test("a string id in a result is accepted for our integer id", async () => {
  const page = await loadedPage();
  const p = page.av.call("api.x");
  page.resolveCall("1", 42);
  assert.equal(await p, 42);
});

test("an error result rejects with AuroraViewError carrying name, code, message and data", async () => {
  const page = await loadedPage();
  const p = page.av.call("api.explode");
  const data = { traceback: "Traceback (most recent call last): ..." };
  page.rejectCall(1, { name: "ValueError", code: "HANDLER_ERROR", message: "bad value", data });

  const err = await p.then(() => assert.fail("should reject"), (e) => e);
  assert.ok(err instanceof page.av.AuroraViewError);
  assert.ok(types.isNativeError(err)); // a real Error subclass (the vm has its own Error)
  assert.equal(err.name, "ValueError");
  assert.equal(err.code, "HANDLER_ERROR");
  assert.equal(err.message, "bad value");
  assert.equal(err.data, data);
  assert.match(String(err), /^ValueError: bad value$/);
});

test("METHOD_NOT_FOUND rejects at once; name falls back to the code, data stays undefined", async () => {
  const page = await loadedPage();
  const p = page.av.call("api.missing");
  page.rejectCall(1, { code: "METHOD_NOT_FOUND", message: "no handler bound to 'api.missing'" });
  await assert.rejects(p, {
    name: "METHOD_NOT_FOUND",
    code: "METHOD_NOT_FOUND",
    message: "no handler bound to 'api.missing'",
    data: undefined,
  });
  assert.equal(page.av.pending, 0);
});

test("an error without code or message still rejects with something usable", async () => {
  const page = await loadedPage();
  const p = page.av.call("api.x");
  page.rejectCall(1, undefined);
  await assert.rejects(p, { name: "HANDLER_ERROR", code: "HANDLER_ERROR", message: "HANDLER_ERROR" });
});

test("a result for an unknown id is ignored with a debug log only", async () => {
  const page = await loadedPage();
  const p = page.av.call("api.x");
  page.resolveCall(99, "stray");
  assert.equal(page.av.pending, 1);
  assert.equal(page.logs.debug.length, 1);
  assert.match(page.logs.debug[0][0], /unknown call id 99/);
  assert.equal(page.logs.error.length, 0);
  page.resolveCall(1, "mine");
  assert.equal(await p, "mine");
});

test("the default timeout is 30 s: TIMEOUT rejection, a cancel envelope and Python told", async () => {
  const page = await loadedPage();
  const p = page.av.call("api.slow", { n: 1 });
  await tick();
  page.clock.advance(29999);
  assert.equal(page.av.pending, 1);
  page.clock.advance(1);

  await assert.rejects(p, { code: "TIMEOUT", name: "TIMEOUT", message: /api\.slow.*30000 ms/ });
  await tick();
  assert.deepEqual(page.envelopes(), [
    { type: "call", id: 1, method: "api.slow", params: { n: 1 } },
    { type: "cancel", id: 1 },
    { type: "event", event: "auroraview:call_cancel", detail: { id: 1 } },
  ]);
  // A late answer is then harmless.
  page.resolveCall(1, "too late");
  assert.equal(page.logs.debug.length, 1);
});

test("options.timeout sets the timeout per call", async () => {
  const page = await loadedPage();
  const p = page.av.call("api.slow", undefined, { timeout: 50 });
  page.clock.advance(50);
  await assert.rejects(p, { code: "TIMEOUT" });
});

test("timeout 0 or Infinity means no timer at all", async () => {
  const page = await loadedPage();
  const a = page.av.call("api.a", undefined, { timeout: 0 });
  const b = page.av.call("api.b", undefined, { timeout: Infinity });
  assert.equal(page.clock.timers.size, 0);
  page.clock.advance(1e12);
  assert.equal(page.av.pending, 2);
  page.resolveCall(1, "a");
  page.resolveCall(2, "b");
  assert.deepEqual(await Promise.all([a, b]), ["a", "b"]);
});

test("pending calls share one timer, and an answered call never times out", async () => {
  const page = await loadedPage();
  const p = page.av.call("api.x", undefined, { timeout: 100 });
  const q = page.av.call("api.y", undefined, { timeout: 200 });
  assert.equal(page.clock.timers.size, 1);
  page.resolveCall(1, "ok");
  page.resolveCall(2, "ok too");
  assert.equal(await p, "ok");
  assert.equal(await q, "ok too");
  await tick();
  const sent = page.posted.length;
  page.clock.advance(1000); // the shared timer fires, finds nothing due, and stays off
  await tick();
  assert.equal(page.posted.length, sent, "no cancel for an answered call");
  assert.equal(page.clock.timers.size, 0);
});

test("the shared timer fails each call at its own deadline", async () => {
  const page = await loadedPage();
  const slow = page.av.call("api.slow", undefined, { timeout: 300 });
  const fast = page.av.call("api.fast", undefined, { timeout: 100 });
  let slowDone = false;
  slow.catch(() => { slowDone = true; });
  page.clock.advance(100);
  await assert.rejects(fast, { code: "TIMEOUT", message: /api\.fast/ });
  await tick();
  assert.equal(slowDone, false, "the later deadline is still pending");
  assert.equal(page.clock.timers.size, 1, "re-armed for the next deadline");
  page.clock.advance(200);
  await assert.rejects(slow, { code: "TIMEOUT", message: /api\.slow/ });
});

test("an invalid timeout or method rejects with BAD_MESSAGE and sends nothing", async () => {
  const page = await loadedPage();
  await assert.rejects(page.av.call("api.x", 1, { timeout: -1 }), { code: "BAD_MESSAGE" });
  await assert.rejects(page.av.call("api.x", 1, { timeout: "5" }), { code: "BAD_MESSAGE" });
  await assert.rejects(page.av.call("", 1), { code: "BAD_MESSAGE" });
  await assert.rejects(page.av.call(42, 1), { code: "BAD_MESSAGE" });
  await tick();
  assert.deepEqual(page.posted, []);
});

test("unserialisable params reject with BAD_MESSAGE; the rest of the batch is unaffected", async () => {
  const page = await loadedPage();
  const cyclic = {};
  cyclic.self = cyclic;
  const good1 = page.av.call("api.first", 1);
  const bad1 = page.av.call("api.cyclic", cyclic);
  const bad2 = page.av.call("api.bigint", { n: 10n });
  page.av.send_event("still_sent", { ok: true });
  const good2 = page.av.call("api.second", 2);

  await assert.rejects(bad1, { code: "BAD_MESSAGE", message: /api\.cyclic.*JSON/ });
  await assert.rejects(bad2, { code: "BAD_MESSAGE", message: /api\.bigint.*JSON/ });
  await tick();
  // Failed calls spend no id: the good ones are 1 and 2.
  assert.deepEqual(page.envelopes(), [
    { type: "call", id: 1, method: "api.first", params: 1 },
    { type: "event", event: "still_sent", detail: { ok: true } },
    { type: "call", id: 2, method: "api.second", params: 2 },
  ]);
  page.resolveCall(1, "one");
  page.resolveCall(2, "two");
  assert.deepEqual(await Promise.all([good1, good2]), ["one", "two"]);
});

test("params are captured when call() runs, not when the outbox flushes", async () => {
  const page = await loadedPage();
  const params = { v: 1 };
  page.av.call("api.x", params);
  params.v = 2;
  await tick();
  assert.deepEqual(page.envelopes()[0].params, { v: 1 });
});

test("a throwing transport rejects the calls of that batch with TRANSPORT_ERROR", async () => {
  let attempts = 0;
  const page = createPage({
    postMessage() {
      attempts += 1;
      throw new Error("channel closed");
    },
  });
  page.load();
  const a = page.av.call("api.a");
  const b = page.av.call("api.b", undefined, { timeout: 100 });
  await assert.rejects(a, { code: "TRANSPORT_ERROR", message: /api\.a.*channel closed/ });
  await assert.rejects(b, { code: "TRANSPORT_ERROR", message: /api\.b.*channel closed/ });
  assert.equal(attempts, 1); // ready + both calls went as one batch
  assert.equal(page.av.pending, 0);
  page.clock.advance(1000); // b's deadline passes: nothing more is sent for it
  await tick();
  assert.equal(attempts, 1);
  // The lost "ready" is reported, never silent.
  assert.equal(page.logs.error.length, 1);
  assert.match(page.logs.error[0][0], /"ready" message not delivered/);
});

test("a missing transport is reported like a throwing one", async () => {
  const page = createPage();
  delete page.window.ipc;
  page.load();
  await assert.rejects(page.av.call("api.a"), { code: "TRANSPORT_ERROR" });
});

test("pagehide rejects every pending call with CANCELLED and tells native", async () => {
  const page = await loadedPage();
  const a = page.av.call("api.a");
  const b = page.av.call("api.b", { x: 1 }, { timeout: 0 });
  await tick();
  page.window.dispatchEvent(new Event("pagehide"));

  await assert.rejects(a, { code: "CANCELLED", name: "CANCELLED" });
  await assert.rejects(b, { code: "CANCELLED" });
  assert.equal(page.av.pending, 0);
  assert.equal(page.clock.timers.size, 0);
  await tick();
  assert.deepEqual(page.envelopes().slice(2), [
    { type: "cancel", id: 1 },
    { type: "cancel", id: 2 },
  ]);
});

test("beforeunload cancels too, and a following pagehide finds nothing left", async () => {
  const page = await loadedPage();
  const a = page.av.call("api.a");
  page.window.dispatchEvent(new Event("beforeunload"));
  assert.equal(page.av.pending, 0);
  await assert.rejects(a, { code: "CANCELLED" });
  page.window.dispatchEvent(new Event("pagehide"));
  await tick();
  assert.deepEqual(page.envelopes(), [
    { type: "call", id: 1, method: "api.a" },
    { type: "cancel", id: 1 },
  ]);
});

test("pending counts calls in flight", async () => {
  const page = await loadedPage();
  assert.equal(page.av.pending, 0);
  const calls = [page.av.call("api.a"), page.av.call("api.b"), page.av.call("api.c")];
  assert.equal(page.av.pending, 3);
  page.resolveCall(2, null);
  assert.equal(page.av.pending, 2);
  page.resolveCall(1, null);
  page.resolveCall(3, null);
  await Promise.all(calls);
  assert.equal(page.av.pending, 0);
});
