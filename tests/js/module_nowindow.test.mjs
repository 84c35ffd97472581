// Importing the ES module entry (bridge_js/index.js) where there is no page at all (node, or a
// bundler's server-side rendering) fails at once with a clear error.
import test from "node:test";
import assert from "node:assert/strict";

test("without a window, importing the module throws a clear error", async () => {
  assert.equal(typeof globalThis.window, "undefined");
  await assert.rejects(import("../../bridge_js/index.js"), {
    name: "Error",
    message: /@auroraview\/bridge runs in a web page: there is no `window` here/,
  });
});
