"use strict";
// Installation: idempotence, the ready envelope, the auroraviewready DOM event, whenReady,
// and what the bridge exposes.

const test = require("node:test");
const assert = require("node:assert/strict");
const { createPage, tick } = require("./harness");

test("installing defines window.auroraview with exactly the public API", () => {
  const page = createPage();
  const av = page.load();
  assert.equal(av, page.window.auroraview);
  assert.deepEqual(Object.keys(av).sort(), [
    "AuroraViewError", "api", "call", "channel", "getBoundMethods", "invoke", "invokeCommand",
    "isMethodBound", "isReady", "off", "on", "once", "openStream", "pending", "send_event", "state", "stream",
    "trigger", "version", "whenReady",
  ]);
  assert.equal(av.version, "0.1.0");
  assert.equal(av.emit, undefined, "emit is deliberately not provided");
});

test("when injected into a parsed document, ready and auroraviewready happen at once", async () => {
  const page = createPage({ href: "http://127.0.0.1:8000/tool/index.html#x" });
  const events = [];
  page.window.addEventListener("auroraviewready", (e) => events.push(e));
  page.load();

  assert.equal(events.length, 1);
  assert.equal(events[0].type, "auroraviewready");
  assert.deepEqual({ ...events[0].detail }, { version: "0.1.0" }); // copied out of the vm realm
  await tick();
  assert.deepEqual(page.posted, ['{"type":"ready","url":"http://127.0.0.1:8000/tool/index.html#x"}']);
});

test("at document creation, ready and auroraviewready wait for the parsed document", async () => {
  const page = createPage({ readyState: "loading" });
  page.load();
  // A page script runs after the injection and subscribes; it must still get the event.
  let fired = 0;
  page.window.addEventListener("auroraviewready", () => {
    fired += 1;
    // Its calls are batched behind "ready".
    page.av.call("api.init");
  });
  page.av.call("api.early"); // calls before that are not held back
  await tick();
  assert.deepEqual(page.envelopes(), [{ type: "call", id: 1, method: "api.early" }]);
  assert.equal(fired, 0);

  page.finishParsing();
  assert.equal(fired, 1);
  await tick();
  assert.deepEqual(page.envelopes().slice(1), [
    { type: "ready", url: "http://127.0.0.1:8000/panel.html" },
    { type: "call", id: 2, method: "api.init" },
  ]);

  page.finishParsing(); // a stray second DOMContentLoaded changes nothing
  await tick();
  assert.equal(fired, 1);
  assert.equal(page.envelopes().filter((e) => e.type === "ready").length, 1);
});

test("evaluating the script twice keeps one bridge, one ready and one auroraviewready", async () => {
  const page = createPage();
  let fired = 0;
  page.window.addEventListener("auroraviewready", () => (fired += 1));
  const first = page.load();
  first.on("e", () => {});
  const pendingCall = first.call("api.a");
  const second = page.load();

  assert.equal(second, first);
  assert.equal(page.av.pending, 1, "state survives the second evaluation");
  assert.equal(fired, 1);
  await tick();
  assert.deepEqual(page.envelopes().map((e) => e.type), ["ready", "call"]);

  // Only one set of unload listeners: a pagehide sends one cancel, not two.
  page.window.dispatchEvent(new Event("pagehide"));
  await assert.rejects(pendingCall, { code: "CANCELLED" });
  await tick();
  assert.deepEqual(page.envelopes().filter((e) => e.type === "cancel"), [{ type: "cancel", id: 1 }]);
});

test("an object without the marker is replaced by the bridge", async () => {
  const page = createPage();
  page.window.auroraview = { call: () => "placeholder" };
  const av = page.load();
  assert.equal(typeof av.api, "function");
  await assert.rejects(av.call(), { code: "BAD_MESSAGE" }); // the bridge's call, not the placeholder
});

test("whenReady resolves with the bridge, also after the page announced itself", async () => {
  const page = createPage({ readyState: "loading" });
  page.load();
  assert.equal(await page.av.whenReady(), page.av);
  page.finishParsing();
  assert.equal(await page.av.whenReady(), page.av);
});

test("AuroraViewError can be built by page code too", () => {
  const page = createPage();
  const { AuroraViewError } = page.load();
  const plain = new AuroraViewError("went wrong");
  assert.deepEqual([plain.name, plain.code, plain.message, plain.data], ["ERROR", "ERROR", "went wrong", undefined]);
  const full = new AuroraViewError("m", { code: "BUSY", name: "QueueFull", data: { size: 10 } });
  assert.deepEqual([full.name, full.code, full.message, full.data], ["QueueFull", "BUSY", "m", { size: 10 }]);
  assert.match(full.stack, /QueueFull: m/);
});
