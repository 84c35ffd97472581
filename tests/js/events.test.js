"use strict";
// on / off / once / trigger and the native entry point __dispatch.

const test = require("node:test");
const assert = require("node:assert/strict");
const { loadedPage, tick } = require("./harness");

test("on receives native events in batch order; the returned function unsubscribes", async () => {
  const page = await loadedPage();
  const seen = [];
  const unsubscribe = page.av.on("scene_changed", (data) => seen.push(data));
  page.dispatch([
    ["scene_changed", { n: 1 }],
    ["other", "ignored"],
    ["scene_changed", { n: 2 }],
  ]);
  assert.deepEqual(seen, [{ n: 1 }, { n: 2 }]);

  assert.equal(typeof unsubscribe, "function");
  unsubscribe();
  page.dispatch([["scene_changed", { n: 3 }]]);
  assert.deepEqual(seen, [{ n: 1 }, { n: 2 }]);
});

test("several handlers run in subscription order; a missing data element is undefined", async () => {
  const page = await loadedPage();
  const order = [];
  page.av.on("e", (d) => order.push(["first", d]));
  page.av.on("e", (d) => order.push(["second", d]));
  page.dispatch([["e"]]);
  assert.deepEqual(order, [["first", undefined], ["second", undefined]]);
});

test("off(event, handler) removes that handler; off(event) removes all for the event", async () => {
  const page = await loadedPage();
  const seen = [];
  const a = (d) => seen.push(`a${d}`);
  const b = (d) => seen.push(`b${d}`);
  page.av.on("e", a);
  page.av.on("e", b);
  page.av.on("keep", (d) => seen.push(`k${d}`));

  page.av.off("e", a);
  page.av.trigger("e", 1);
  assert.deepEqual(seen, ["b1"]);

  page.av.off("e");
  page.av.trigger("e", 2);
  page.av.trigger("keep", 2);
  assert.deepEqual(seen, ["b1", "k2"]);
});

test("once fires a single time, and can be removed by off or its unsubscribe first", async () => {
  const page = await loadedPage();
  const seen = [];
  page.av.once("e", (d) => seen.push(`once${d}`));
  const h = (d) => seen.push(`off${d}`);
  page.av.once("e", h);
  page.av.off("e", h);
  const unsubscribe = page.av.once("e", (d) => seen.push(`unsub${d}`));
  unsubscribe();

  page.dispatch([["e", 1], ["e", 2]]);
  page.av.trigger("e", 3);
  assert.deepEqual(seen, ["once1"]);
});

test("trigger delivers to local handlers only and never posts to native", async () => {
  const page = await loadedPage();
  const seen = [];
  page.av.on("local", (d) => seen.push(d));
  assert.equal(page.av.trigger("local", { x: 1 }), undefined);
  page.av.trigger("nobody_listens", 2);
  await tick();
  assert.deepEqual(seen, [{ x: 1 }]);
  assert.equal(page.posted.length, 0);
});

test("a throwing handler is logged and does not stop the others", async () => {
  const page = await loadedPage();
  const seen = [];
  page.av.on("e", () => {
    throw new Error("handler bug");
  });
  page.av.on("e", (d) => seen.push(d));
  assert.doesNotThrow(() => page.dispatch([["e", 1], ["e", 2]]));
  assert.doesNotThrow(() => page.av.trigger("e", 3));
  assert.deepEqual(seen, [1, 2, 3]);
  assert.equal(page.logs.error.length, 3);
  assert.match(page.logs.error[0][0], /handler for "e" threw/);
  assert.equal(page.logs.error[0][1].message, "handler bug");
});

test("handlers added or removed during a delivery do not disturb it", async () => {
  const page = await loadedPage();
  const seen = [];
  const late = () => seen.push("late");
  const second = () => seen.push("second");
  page.av.on("e", () => {
    seen.push("first");
    page.av.off("e", second); // removed before its turn: skipped
    page.av.on("e", late); // added during delivery: waits for the next one
  });
  page.av.on("e", second);
  page.av.trigger("e");
  assert.deepEqual(seen, ["first"]);
  page.av.trigger("e");
  assert.deepEqual(seen, ["first", "first", "late"]);
});

test("on/once/off/trigger validate their arguments", async () => {
  const page = await loadedPage();
  assert.throws(() => page.av.on("e", "not a function"), { name: "TypeError" });
  assert.throws(() => page.av.once("e"), { name: "TypeError" });
  assert.throws(() => page.av.on("", () => {}), { name: "TypeError" });
  assert.throws(() => page.av.off(undefined), { name: "TypeError" });
  assert.throws(() => page.av.trigger(5), { name: "TypeError" });
});

test("__dispatch never throws to native, whatever it is given", async () => {
  const page = await loadedPage();
  const seen = [];
  page.av.on("ok", (d) => seen.push(d));
  page.av.on("boom", () => {
    throw new TypeError("nope");
  });
  const inputs = [
    undefined,
    null,
    "text",
    { not: "an array" },
    [null, 42, "x", [], [7, "bad name"]],
    [["__auroraview_call_result", null]],
    [["__auroraview_call_result", { ok: true }]],
    [["boom", 1]],
  ];
  for (const input of inputs) {
    assert.doesNotThrow(() => page.dispatch(input), `input ${JSON.stringify(input)}`);
  }
  // Bad pairs are skipped one by one; good pairs next to them are delivered.
  page.dispatch([null, ["ok", "after garbage"], 5]);
  assert.deepEqual(seen, ["after garbage"]);
  assert.ok(page.logs.error.length >= inputs.length, "every problem is reported");
  assert.equal(page.dispatch([["ok", 1]]), undefined);
});

test("call results are internal: they never reach on() handlers", async () => {
  const page = await loadedPage();
  const seen = [];
  page.av.on("__auroraview_call_result", (d) => seen.push(d));
  const p = page.av.call("api.x");
  page.resolveCall(1, "r");
  assert.equal(await p, "r");
  assert.deepEqual(seen, []);
});

test("__dispatch is non-enumerable and read-only", async () => {
  const page = await loadedPage();
  assert.equal(Object.keys(page.av).includes("__dispatch"), false);
  const desc = Object.getOwnPropertyDescriptor(page.av, "__dispatch");
  assert.equal(typeof desc.value, "function");
  assert.equal(desc.enumerable, false);
  assert.equal(desc.writable, false);
});
