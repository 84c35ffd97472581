"use strict";
// auroraview.api: the stateless Proxy over call().

const test = require("node:test");
const assert = require("node:assert/strict");
const { createPage, loadedPage, tick } = require("./harness");

test("api.x(p) is call(\"api.x\", p)", async () => {
  const page = await loadedPage();
  const p = page.av.api.get_data({ limit: 5 });
  await tick();
  assert.deepEqual(page.envelopes(), [{ type: "call", id: 1, method: "api.get_data", params: { limit: 5 } }]);
  page.resolveCall(1, [1, 2]);
  assert.deepEqual(await p, [1, 2]);
});

test("api.x() sends no params; a second argument is the call options", async () => {
  const page = await loadedPage();
  const p = page.av.api.slow(undefined, { timeout: 10 });
  await tick();
  assert.deepEqual(page.envelopes(), [{ type: "call", id: 1, method: "api.slow" }]);
  page.clock.advance(10);
  await assert.rejects(p, { code: "TIMEOUT" });
});

test("nested names build dotted methods", async () => {
  const page = await loadedPage();
  page.av.api.scene.rename({ old: "a", new: "b" });
  page.av.api.a.b.c.d();
  const { scene } = page.av.api;
  scene.select([1]); // detached references keep their path
  await tick();
  assert.deepEqual(page.envelopes().map((e) => e.method), ["api.scene.rename", "api.a.b.c.d", "api.scene.select"]);
});

test("names that are Function members in JS are still remote methods", async () => {
  const page = await loadedPage();
  page.av.api.name();
  page.av.api.call(1);
  page.av.api.apply();
  page.av.api.length();
  await tick();
  assert.deepEqual(page.envelopes().map((e) => e.method), ["api.name", "api.call", "api.apply", "api.length"]);
});

test("the proxy is not a thenable: await and Promise.resolve give it back without a call", async () => {
  const page = await loadedPage();
  assert.equal(page.av.api.then, undefined);
  assert.equal(page.av.api.scene.then, undefined);
  assert.equal(await page.av.api, page.av.api);
  const scene = page.av.api.scene;
  assert.equal(await Promise.resolve(scene), scene);
  await tick();
  assert.equal(page.posted.length, 0);
});

test("symbols, toJSON and string conversion do not create calls", async () => {
  const page = await loadedPage();
  const api = page.av.api;
  assert.equal(api[Symbol.iterator], undefined);
  assert.equal(api[Symbol.toPrimitive], undefined);
  assert.equal(api.scene[Symbol.toStringTag], undefined);
  assert.equal(api.toJSON, undefined);
  assert.equal(JSON.stringify({ api }), "{}");
  assert.equal(typeof String(api.scene), "string");
  assert.equal(typeof `${api}`, "string");
  await tick();
  assert.equal(page.posted.length, 0);
});

test("the api works with nothing bound: unknown methods reject as native says", async () => {
  const page = await loadedPage();
  const p = page.av.api.not_bound_yet();
  page.rejectCall(1, { code: "METHOD_NOT_FOUND", message: "no handler for api.not_bound_yet" });
  await assert.rejects(p, { code: "METHOD_NOT_FOUND" });
});

test("unserialisable params through the proxy reject with BAD_MESSAGE", async () => {
  const page = await loadedPage();
  const cyclic = {};
  cyclic.me = cyclic;
  await assert.rejects(page.av.api.save(cyclic), { code: "BAD_MESSAGE" });
});

test("after a reload the api works again in the new document, ids restarting at 1", async () => {
  const first = await loadedPage();
  first.av.api.before_reload();
  first.av.api.before_reload();
  await tick();
  assert.deepEqual(first.envelopes().map((e) => e.id), [1, 2]);

  // A reload is a new document: a fresh global, the bridge injected again.
  const second = createPage({ href: "http://127.0.0.1:8000/panel.html?reloaded" });
  second.load();
  const p = second.av.api.after_reload({ ok: true });
  await tick();
  assert.deepEqual(second.envelopes(), [
    { type: "ready", url: "http://127.0.0.1:8000/panel.html?reloaded" },
    { type: "call", id: 1, method: "api.after_reload", params: { ok: true } },
  ]);
  second.resolveCall(1, "fresh");
  assert.equal(await p, "fresh");
  assert.equal(first.av.pending, 2, "the old document's state is its own");
});

test("__namespaces adds auroraview.<ns> proxies and never replaces a member of the bridge", async () => {
  const page = await loadedPage();
  const on = page.av.on;
  const proto = Object.getPrototypeOf(page.av);
  page.av.__namespaces(["tool", "on", "toString", "__proto__", "", 5]);
  page.av.tool.export({ path: "/tmp/a" });
  await tick();
  assert.deepEqual(page.envelopes(), [{ type: "call", id: 1, method: "tool.export", params: { path: "/tmp/a" } }]);
  assert.equal(page.av.on, on);
  assert.equal(typeof page.av.toString, "function");
  assert.equal(Object.getPrototypeOf(page.av), proto);
  page.av.__namespaces(["tool"]); // again: the same proxy stays
  assert.ok(Object.keys(page.av).includes("tool"));
});
