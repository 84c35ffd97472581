// The ES module entry (bridge_js/index.js) in a page inside AuroraView: the native side has
// injected the transport and the bridge (harness.js loads the plain script as the shim does)
// before the page's bundle imports the module. One process per test file, so this file's
// import is the page's only one.
import test from "node:test";
import assert from "node:assert/strict";
import { loadedPage, tick } from "./harness.js";

const page = await loadedPage();
const transport = page.window.ipc;
globalThis.window = page.window;
globalThis.document = page.document;
const warnings = [];
const realWarn = console.warn;
console.warn = (...args) => warnings.push(args);
const mod = await import("../../bridge_js/index.js");
console.warn = realWarn;

test("the module's auroraview is the injected bridge, and its functions are the bridge's own", () => {
  assert.equal(mod.auroraview, page.av);
  for (const name of ["AuroraViewError", "api", "call", "off", "on", "once", "send_event", "trigger",
    "version", "whenReady"]) {
    assert.equal(mod[name], page.av[name], name);
  }
  assert.equal(mod.inAuroraView, true);
});

test("importing changes nothing in the page: same transport, no second ready, no warning", async () => {
  assert.equal(page.window.ipc, transport);
  await tick();
  assert.deepEqual(page.posted, [], "the module's own evaluation of auroraview.js did nothing");
  assert.deepEqual(warnings, []);
});

test("calls through the module reach native and settle from native's answer", async () => {
  const p = mod.call("api.get_scene", { depth: 1 });
  await tick();
  assert.deepEqual(page.envelopes(), [{ type: "call", id: 1, method: "api.get_scene", params: { depth: 1 } }]);
  page.rejectCall(1, { code: "HANDLER_ERROR", name: "ValueError", message: "bad depth" });
  const err = await p.then(() => assert.fail("should reject"), (e) => e);
  assert.ok(err instanceof mod.AuroraViewError);
  assert.equal(err.name, "ValueError");
});

test("standIn does nothing inside AuroraView and returns null", async () => {
  assert.equal(mod.standIn({ calls: { "api.local": () => "stand-in" } }), null);
  const p = mod.call("api.local");
  await tick();
  assert.equal(page.envelopes().at(-1).method, "api.local", "the call went to native");
  page.resolveCall(2, "native");
  assert.equal(await p, "native");
});
