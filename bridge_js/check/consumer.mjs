// Run by check/pack.js with node inside a temporary project where the packed tarball is
// installed: a page in AuroraView, where the native side has injected the transport and the
// plain script before the page's bundle imports the package.
import assert from "node:assert/strict";

const posted = [];
globalThis.window = Object.assign(new EventTarget(), {
  location: { href: "http://127.0.0.1:8000/panel.html" },
  ipc: { postMessage: (text) => posted.push(JSON.parse(text)) },
});
globalThis.document = Object.assign(new EventTarget(), { readyState: "complete" });

await import("@auroraview/bridge/auroraview.js"); // what the shim injects
const injected = window.auroraview;
const { auroraview, call, inAuroraView, AuroraViewError } = await import("@auroraview/bridge");

assert.equal(auroraview, injected);
assert.equal(inAuroraView, true);
const answer = call("api.ping", { n: 1 });
await new Promise((resolve) => setImmediate(resolve));
assert.deepEqual(posted, [
  { type: "ready", url: "http://127.0.0.1:8000/panel.html" },
  { type: "call", id: 1, method: "api.ping", params: { n: 1 } },
]);
auroraview.__dispatch([["__auroraview_call_result", { id: 1, ok: false, error: { code: "BUSY", message: "m" } }]]);
await assert.rejects(answer, (err) => err instanceof AuroraViewError && err.code === "BUSY");
console.log("consumer.mjs: the installed package imports and reaches the injected bridge");
