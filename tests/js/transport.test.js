"use strict";
// shim/js/ipc_transport.js (window.ipc) in a node:vm document with a fake Qt transport: the
// page-side half of "an oversized post is refused without blocking the host" (the red-team
// issue, class 8; the real-page half is tests/python/test_huge_post.py).

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const SOURCE = fs.readFileSync(path.join(__dirname, "..", "..", "shim", "js", "ipc_transport.js"), "utf8");
const HEAD = '{"type":9,"object":"auroraview_ipc","property":1,"value":';

// A document with Qt's transport; the shim's placeholders filled as av_shim_view.cpp fills them.
// pushed: the index of the endpoint's signal (-1: batches come by runJavaScript only).
function install({ limit = 100, wire = 1 << 25, pushed = -1 } = {}) {
  const sent = [];
  const window = { qt: { webChannelTransport: { send: (text) => sent.push(text) } } };
  const context = vm.createContext({ window });
  const source = SOURCE.replace("__AV_INBOX_PROPERTY__", "1")
    .replace("__AV_MAX_POST_UNITS__", String(limit))
    .replaceAll("__AV_MAX_WIRE_UNITS__", String(wire))
    .replace("__AV_PUSHED_SIGNAL__", String(pushed));
  vm.runInContext(source, context);
  const run = (code) => vm.runInContext(code, context);
  // The value each message sent carried: the text postMessage was given, or a report.
  const values = () => sent.map((m) => {
    assert.ok(m.startsWith(HEAD) && m.endsWith("}"), m.slice(0, 80));
    return JSON.parse(m.slice(HEAD.length, -1));
  });
  return { window, sent, run, values };
}

test("Qt's transport is captured and removed from the page", () => {
  const page = install();
  assert.equal(page.window.qt, undefined);
  assert.equal(page.run("typeof window.qt"), "undefined");
  assert.equal(page.run("Object.isFrozen(window.ipc)"), true);
  assert.equal(page.run("window.ipc.maxLength"), 100);
  page.run("window.ipc.postMessage('{\"type\":\"ready\"}')");
  assert.deepEqual(page.values(), ['{"type":"ready"}']);
});

test("with the signal path, window.qt keeps only the transport's onmessage: no send, fixed", () => {
  const page = install({ pushed: 5 });
  assert.deepEqual(page.sent, ['{"type":7,"object":"auroraview_ipc","signal":5}']);
  assert.equal(page.run("typeof window.qt.webChannelTransport.onmessage"), "function");
  assert.equal(page.run("window.qt.webChannelTransport.send"), undefined);
  assert.equal(page.run("Object.isFrozen(window.qt) && Object.isFrozen(window.qt.webChannelTransport)"), true);
  page.run("window.qt = {webChannelTransport: {send() {}, onmessage() {}}}");
  assert.equal(page.run("window.qt.webChannelTransport.send"), undefined, "window.qt cannot be replaced");
  // A signal message goes to the dispatcher the bridge registered, and nowhere else.
  page.run("window.__got = []; window.ipc.__receive((b) => window.__got.push(b)); window.ipc.__receive(() => {})");
  page.run(`window.qt.webChannelTransport.onmessage({data: JSON.stringify(
    {type: 1, object: "auroraview_ipc", signal: 5, args: ['[["e",1]]']})})`);
  page.run(`window.qt.webChannelTransport.onmessage({data: JSON.stringify(
    {type: 1, object: "auroraview_ipc", signal: 6, args: ['[["other",1]]']})})`);
  assert.equal(page.run("JSON.stringify(window.__got)"), '[[["e",1]]]');
});

test("a post above the limit throws PAYLOAD_TOO_LARGE and a short report goes in its place", () => {
  const page = install();
  const err = page.run("try { window.ipc.postMessage('x'.repeat(101)); } catch (e) { e }");
  assert.equal(err.name, "RangeError");
  assert.equal(err.code, "PAYLOAD_TOO_LARGE");
  assert.equal(err.message, "message of 101 characters is above the transport's limit of 100");
  assert.deepEqual(page.values().map((v) => JSON.parse(v)), [
    { type: "too_large", detail: { length: 101, limit: 100 } },
  ]);
  page.run("window.ipc.postMessage('x'.repeat(100))"); // the limit itself goes
  assert.equal(page.values()[1], "x".repeat(100));
});

test("the escaped form on the wire is bounded too: twice the limit", () => {
  const page = install();
  // 100 characters a JSON escape writes as six each: 600 on the wire.
  const err = page.run("try { window.ipc.postMessage('\\u0001'.repeat(100)); } catch (e) { e }");
  assert.equal(err.code, "PAYLOAD_TOO_LARGE");
  assert.match(err.message, /^message of 100 characters escapes to 602 on the wire, above the transport's limit of 202$/);
  assert.deepEqual(JSON.parse(page.values()[0]).detail, { length: 100, limit: 100, wire: 602 });
  // Quotes double on the wire and still fit: a JSON text never grows more.
  page.run("window.ipc.postMessage('\"'.repeat(100))");
  assert.equal(page.values()[1], '"'.repeat(100));
});

test("Qt's own limit caps the view's (Qt 5: 32 Mi)", () => {
  const page = install({ limit: 1000, wire: 300 });
  assert.equal(page.run("window.ipc.maxLength"), 300);
});

test("one post stays within 16 Mi units however high the message limit is; the message limit is told as it is", () => {
  const page = install({ limit: 1 << 30, wire: 1 << 29 });
  assert.equal(page.run("window.ipc.maxLength"), 1 << 24);
  assert.equal(page.run("window.ipc.maxMessage"), 1 << 30);
});

test("page scripts replacing JSON.stringify or Object.prototype.toJSON change nothing sent", () => {
  const page = install();
  page.run(`JSON.stringify = () => '"' + "x".repeat(5000) + '"';
            Object.prototype.toJSON = () => "y".repeat(5000);
            window.ipc.postMessage("small");
            try { window.ipc.postMessage("z".repeat(500)); } catch (e) {}`);
  for (const m of page.sent) assert.ok(m.length < 200, m.slice(0, 80));
  const values = page.values();
  assert.equal(values[0], "small");
  assert.deepEqual(JSON.parse(values[1]), { type: "too_large", detail: { length: 500, limit: 100 } });
});
