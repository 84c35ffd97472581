"use strict";
// Upstream AuroraView's page API: isReady, invoke, state, channel, getBoundMethods and
// isMethodBound, against the wire messages their Python side (python_pkg/auroraview/core/)
// sends and expects. tests/python/test_state_commands_channels.py drives them from real pages.

const test = require("node:test");
const assert = require("node:assert/strict");
const { loadedPage, tick } = require("./harness");

const events = (page, name) => page.envelopes().filter((e) => e.type === "event" && e.event === name);
// A value of the page's realm (vm context) as a plain value of this one, undefined kept as null.
const plain = (value) => JSON.parse(JSON.stringify(value === undefined ? null : value, (k, v) => (v === undefined ? null : v)));

test("isReady is true once the bridge is installed", async () => {
  const page = await loadedPage();
  assert.equal(page.av.isReady(), true);
});

// ---- invoke ----

test("invoke sends __invoke__ {id, command, args} and resolves with the __invoke_result__ of its id", async () => {
  const page = await loadedPage();
  const greeting = page.av.invoke("greet", { name: "Alice" });
  const bare = page.av.invokeCommand("ping");
  await tick();
  assert.deepEqual(events(page, "__invoke__").map((e) => e.detail), [
    { id: 1, command: "greet", args: { name: "Alice" } },
    { id: 2, command: "ping", args: {} },
  ]);
  assert.equal(page.av.pending, 2);
  page.dispatch([
    ["__invoke_result__", { id: 2, ok: true, result: "pong" }],
    ["__invoke_result__", { id: 1, ok: true, result: "Hello, Alice!" }],
  ]);
  assert.deepEqual(await Promise.all([greeting, bare]), ["Hello, Alice!", "pong"]);
  assert.equal(page.av.pending, 0);
});

test("invoke rejects with the command error's code, message and details", async () => {
  const page = await loadedPage();
  const denied = page.av.invoke("error_demo");
  page.dispatch([["__invoke_result__", { id: 1, ok: false, error: {
    code: "PERMISSION_DENIED", message: "no", name: "CommandError", data: { hint: "h" } } }]]);
  await assert.rejects(denied, (err) => err instanceof page.av.AuroraViewError && err.name === "CommandError" &&
    err.code === "PERMISSION_DENIED" && err.message === "no" && err.details.hint === "h");
});

test("invoke refuses a missing name and unsendable args at once, and times out without cancelling a call", async () => {
  const page = await loadedPage();
  await assert.rejects(page.av.invoke(""), (err) => err.code === "MISSING_COMMAND" && err.details !== undefined);
  const cyclic = {};
  cyclic.self = cyclic;
  await assert.rejects(page.av.invoke("x", cyclic), (err) => err.code === "BAD_MESSAGE" && /args cannot be serialised/.test(err.message));
  const slow = page.av.invoke("slow", {}, { timeout: 50 });
  await tick();
  page.clock.advance(50);
  await assert.rejects(slow, (err) => err.code === "TIMEOUT" && /invoke "slow" got no answer within 50 ms/.test(err.message));
  await tick();
  assert.deepEqual(page.envelopes().filter((e) => e.type === "cancel"), []); // nothing native to cancel
});

test("an unloading page cancels pending invokes and tells native only about its calls", async () => {
  const page = await loadedPage();
  const invoked = page.av.invoke("slow");
  const called = page.av.call("api.slow");
  await tick();
  page.window.dispatchEvent(new Event("pagehide"));
  await assert.rejects(invoked, (err) => err.code === "CANCELLED");
  await assert.rejects(called, (err) => err.code === "CANCELLED");
  await tick();
  assert.deepEqual(page.envelopes().filter((e) => e.type === "cancel"), [{ type: "cancel", id: 2 }]);
});

// ---- bound methods ----

test("getBoundMethods and isMethodBound answer from the list Python sent last", async () => {
  const page = await loadedPage();
  assert.deepEqual(plain(page.av.getBoundMethods()), []);
  page.dispatch([["auroraview:bound_methods", ["api.a", "api.b"]]]);
  assert.deepEqual(plain(page.av.getBoundMethods()), ["api.a", "api.b"]);
  assert.equal(page.av.isMethodBound("api.a"), true);
  assert.equal(page.av.isMethodBound("api.c"), false);
  page.av.getBoundMethods().push("api.c"); // a copy
  assert.equal(page.av.isMethodBound("api.c"), false);
  const seen = [];
  page.av.on("auroraview:bound_methods", (d) => seen.push(d));
  page.dispatch([["auroraview:bound_methods", ["api.c"]]]);
  assert.deepEqual(plain([page.av.getBoundMethods(), seen]), [["api.c"], []]); // reserved: not delivered
});

// ---- state ----

test("the page's state changes of one task go to Python as one __state_update__, after local handlers ran", async () => {
  const page = await loadedPage();
  const seen = [];
  page.av.state.onChange((key, value, source) => seen.push([key, value, source]));
  page.av.state.theme = "dark";
  page.av.state.count = 1;
  page.av.state.count = 2;
  page.av.state.count = 2; // unchanged: nothing
  delete page.av.state.theme;
  page.av.state.gone = undefined;
  assert.deepEqual(plain(seen), [["theme", "dark", "javascript"], ["count", 1, "javascript"], ["count", 2, "javascript"],
    ["theme", null, "javascript"], ["gone", null, "javascript"]]);
  await tick();
  assert.deepEqual(events(page, "__state_update__").map((e) => e.detail), [
    { changes: { count: 2, gone: null }, deleted: ["theme"] },
  ]);
  assert.deepEqual(plain(page.av.state.toJSON()), { count: 2, gone: null });
  assert.deepEqual(plain(page.av.state.keys()), ["count", "gone"]);
});

test("state changes go before a call or event queued after them", async () => {
  const page = await loadedPage();
  page.av.state.selection = ["cube1"];
  page.av.call("api.use_selection");
  page.av.state.selection = ["cube2"];
  page.av.send_event("done");
  await tick();
  assert.deepEqual(page.envelopes().map((e) => e.event || e.method), [
    "__state_update__", "api.use_selection", "__state_update__", "done",
  ]);
});

test("Python's __state_sync__ messages update the state and run the handlers with source python", async () => {
  const page = await loadedPage();
  const seen = [];
  const raw = [];
  page.av.state.onChange((key, value, source) => seen.push([key, value, source]));
  page.av.on("__state_sync__", (m) => raw.push(m.type)); // upstream's pages may listen too
  page.dispatch([
    ["__state_sync__", { type: "full", data: { a: 1, b: 2 } }],
    ["__state_sync__", { type: "batch", data: { c: 3 }, deleted: ["a"] }],
    ["__state_sync__", { type: "set", key: "d", value: 4 }],
    ["__state_sync__", { type: "delete", key: "b" }],
  ]);
  assert.deepEqual(plain(page.av.state.toJSON()), { c: 3, d: 4 });
  page.dispatch([["__state_sync__", { type: "full", data: { e: 5 } }]]);
  assert.deepEqual(plain(page.av.state.toJSON()), { e: 5 });
  page.dispatch([["__state_sync__", { type: "clear" }]]);
  assert.deepEqual(plain(page.av.state.toJSON()), {});
  assert.deepEqual(plain(seen), [
    ["a", 1, "python"], ["b", 2, "python"], ["c", 3, "python"], ["a", null, "python"], ["d", 4, "python"],
    ["b", null, "python"], ["c", null, "python"], ["d", null, "python"], ["e", 5, "python"],
    ["e", null, "python"],
  ]);
  assert.deepEqual(raw, ["full", "batch", "set", "delete", "full", "clear"]);
  await tick();
  assert.deepEqual(events(page, "__state_update__"), []); // never echoed
});

test("a page change not sent yet gives way to Python's change of that key", async () => {
  const page = await loadedPage();
  page.av.state.x = "page";
  page.av.state.y = "page";
  page.dispatch([["__state_sync__", { type: "set", key: "x", value: "python" }]]);
  await tick();
  assert.deepEqual(events(page, "__state_update__").map((e) => e.detail), [{ changes: { y: "page" } }]);
  assert.equal(page.av.state.x, "python");
});

test("state refuses what it cannot share, and keeps __proto__ a plain key", async () => {
  const page = await loadedPage();
  assert.throws(() => { page.av.state.fn = () => {}; }, (e) => e.name === "TypeError"); // JSON drops it: undefined
  const cyclic = {};
  cyclic.self = cyclic;
  assert.throws(() => { page.av.state.c = cyclic; }, /cannot be serialised/);
  assert.throws(() => { page.av.state.keys = 1; }, /is a method/);
  assert.throws(() => Object.defineProperty(page.av.state, "z", { value: 1 }), /assign keys/);
  page.dispatch([["__state_sync__", { type: "full", data: JSON.parse('{"__proto__": {"polluted": 1}}') }]]);
  assert.equal(page.av.state.polluted, undefined);
  assert.deepEqual(plain(Object.keys(page.av.state)), ["__proto__"]);
});

// ---- channels ----

const message = (id, data) => ["__channel_message__", { channel_id: id, data }];

test("a channel's messages reach its onMessage handlers in order; each taken one is acknowledged once per task", async () => {
  const page = await loadedPage();
  const ch = page.av.channel("ch1");
  const got = [];
  ch.onMessage((d) => got.push(d));
  page.dispatch([["__channel_open__", { channel_id: "ch1" }], message("ch1", 1), message("ch1", 2), message("other", "x")]);
  page.dispatch([message("ch1", 3)]);
  assert.deepEqual(got, [1, 2, 3]);
  assert.equal(page.av.channel("ch1"), ch);
  await tick();
  assert.deepEqual(events(page, "auroraview:channel_ack").map((e) => e.detail), [{ ch1: 3 }]);
});

test("messages no page code takes are held (unacknowledged) until an onMessage handler comes", async () => {
  const page = await loadedPage();
  page.dispatch([message("late", "a"), message("late", "b")]);
  await tick();
  assert.deepEqual(events(page, "auroraview:channel_ack"), []);
  const got = [];
  page.av.channel("late").onMessage((d) => got.push(d));
  assert.deepEqual(got, ["a", "b"]);
  await tick();
  assert.deepEqual(events(page, "auroraview:channel_ack").map((e) => e.detail), [{ late: 2 }]);
});

test("an on('__channel_message__') handler takes every message, as upstream's pages listen", async () => {
  const page = await loadedPage();
  const raw = [];
  page.av.on("__channel_message__", (m) => raw.push([m.channel_id, m.data]));
  page.dispatch([message("a", 1), message("b", 2)]);
  assert.deepEqual(raw, [["a", 1], ["b", 2]]);
  await tick();
  assert.deepEqual(events(page, "auroraview:channel_ack").map((e) => e.detail), [{ a: 1, b: 1 }]);
});

test("close runs onClose handlers (and later ones at once), ends the channel and reaches on() handlers", async () => {
  const page = await loadedPage();
  const ch = page.av.channel("c");
  const seen = [];
  ch.onMessage((d) => seen.push(d));
  ch.onClose(() => seen.push("closed"));
  const raw = [];
  page.av.on("__channel_close__", (m) => raw.push(m.channel_id));
  page.dispatch([message("c", 1), ["__channel_close__", { channel_id: "c" }], message("c", 2)]);
  assert.deepEqual(seen, [1, "closed"]);
  assert.equal(ch.isClosed, true);
  ch.onClose(() => seen.push("late"));
  assert.deepEqual(seen, [1, "closed", "late"]);
  assert.deepEqual(raw, ["c"]);
  const again = page.av.channel("c"); // a new channel of that name got message 2
  assert.notEqual(again, ch);
  again.onMessage((d) => seen.push(d));
  assert.deepEqual(seen, [1, "closed", "late", 2]);
});

test("channel needs a name, handlers must be functions, and an unsubscribed handler gets nothing", async () => {
  const page = await loadedPage();
  assert.throws(() => page.av.channel(""), (e) => e.name === "TypeError");
  const ch = page.av.channel("u");
  assert.throws(() => ch.onMessage(1), (e) => e.name === "TypeError");
  const got = [];
  const off = ch.onMessage((d) => got.push(d));
  off();
  page.dispatch([message("u", 1)]);
  assert.deepEqual(got, []);
});
