"use strict";
// Loads bridge_js/auroraview.js into a node:vm context that stands in for one browser document.
// Not a test file itself (node --test only runs *.test.js here).

const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const BRIDGE_PATH = path.join(__dirname, "..", "..", "bridge_js", "auroraview.js");
const bridgeScript = new vm.Script(fs.readFileSync(BRIDGE_PATH, "utf8"), { filename: BRIDGE_PATH });

// A manual clock: the bridge's timers only fire when a test calls clock.advance(ms).
function createClock() {
  const timers = new Map(); // handle -> { due, fn, ms }
  let now = 0;
  let nextHandle = 1;
  return {
    timers,
    now: () => now,
    setTimeout(fn, ms) {
      const handle = nextHandle++;
      timers.set(handle, { due: now + ms, fn, ms });
      return handle;
    },
    clearTimeout(handle) {
      timers.delete(handle);
    },
    advance(ms) {
      now += ms;
      const due = [...timers.entries()]
        .filter(([, t]) => t.due <= now)
        .sort((a, b) => a[1].due - b[1].due);
      for (const [handle, t] of due) {
        timers.delete(handle);
        t.fn();
      }
    },
  };
}

// The page's XMLHttpRequest, for the bridge's reads of big payloads: `blobs` maps a URL to the
// ArrayBuffer it serves, once (a second read, or an unknown URL, fails as the shim's does).
function blobServer(blobs) {
  return class XMLHttpRequest {
    open(method, url) {
      this.url = url;
    }
    send() {
      setImmediate(() => {
        const buffer = blobs.get(this.url);
        blobs.delete(this.url);
        if (!buffer) return this.onerror();
        this.status = 200;
        this.response = buffer;
        this.onload();
      });
    }
  };
}

// One fresh document. `readyState` "loading" models injection at document creation;
// `postMessage` replaces the recording transport (e.g. one that throws); `blobs` is what
// auroraview://blob/ URLs serve (blobServer).
function createPage({ href = "http://127.0.0.1:8000/panel.html", readyState = "complete", postMessage, blobs = new Map() } = {}) {
  const posted = []; // every string given to window.ipc.postMessage, in order
  const logs = { error: [], warn: [], log: [], info: [], debug: [] };
  const fakeConsole = {};
  for (const level of Object.keys(logs)) fakeConsole[level] = (...args) => logs[level].push(args);

  const clock = createClock();
  const document = new EventTarget();
  document.readyState = readyState;
  const window = new EventTarget();
  window.location = { href };
  window.document = document;
  window.ipc = {
    postMessage: postMessage || ((text) => {
      if (typeof text !== "string") throw new TypeError("postMessage takes one string");
      posted.push(text);
    }),
  };

  const context = vm.createContext({
    window,
    document,
    console: fakeConsole,
    queueMicrotask,
    MessageChannel,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    performance: { now: clock.now },
    Event,
    CustomEvent,
    TextDecoder,
    atob,
    btoa,
    XMLHttpRequest: blobServer(blobs),
  });

  return {
    window,
    document,
    clock,
    posted,
    blobs,
    logs,
    load() {
      bridgeScript.runInContext(context);
      return window.auroraview;
    },
    get av() {
      return window.auroraview;
    },
    // Every envelope sent so far, batches flattened, in order; a message sent in pieces is
    // joined (in the place of its last piece) as the core joins it.
    // The envelopes as the core reads them: pieces joined, leaves put back in their places (a
    // bytes leaf as a Buffer).
    envelopes() {
      const parts = new Map();
      const leaves = new Map();
      const leafOf = (id) => leaves.get(id) || leaves.set(id, []).get(id);
      const revive = (list) => (key, v) => {
        if (v && typeof v === "object" && Object.keys(v).length === 1 && "__auroraview_leaf__" in v) {
          const leaf = list[v.__auroraview_leaf__];
          return leaf.kind === "bytes" ? Buffer.from(leaf.parts.join(""), "base64") : leaf.parts.join("");
        }
        return v;
      };
      return posted.flatMap((text) => {
        if (text.startsWith(">")) { // a leaf's part, raw: ">" id " " part
          const space = text.indexOf(" ");
          const id = /^\d+$/.test(text.slice(1, space)) ? Number(text.slice(1, space)) : text.slice(1, space);
          leafOf(id).at(-1).parts.push(text.slice(space + 1));
          return [];
        }
        const value = JSON.parse(text);
        return (Array.isArray(value) ? value : [value]).flatMap((e) => {
          if (e.type === "leaf") leafOf(e.id).push({ kind: e.detail.split(" ")[0], size: +e.detail.split(" ")[1], parts: [] });
          if (e.type === "leaf") return [];
          if (e.type !== "piece" && e.type !== "piece_end") return [e];
          parts.set(e.id, (parts.get(e.id) || "") + e.detail);
          if (e.type === "piece") return [];
          const whole = JSON.parse(parts.get(e.id), revive(leafOf(e.id)));
          parts.delete(e.id);
          leaves.delete(e.id);
          return Array.isArray(whole) ? whole : [whole];
        });
      });
    },
    // Simulates the parser finishing the document.
    finishParsing() {
      document.readyState = "interactive";
      document.dispatchEvent(new Event("DOMContentLoaded"));
    },
    dispatch(batch) {
      return window.auroraview.__dispatch(batch);
    },
    resolveCall(id, result) {
      this.dispatch([["__auroraview_call_result", { id, ok: true, result }]]);
    },
    rejectCall(id, error) {
      this.dispatch([["__auroraview_call_result", { id, ok: false, error }]]);
    },
  };
}

// Lets every queued microtask (and so the bridge's outbox flush) run.
function tick() {
  return new Promise((resolve) => setImmediate(resolve));
}

// Waits, turn by turn (tasks, not the fake clock: a message in pieces leaves one piece per task),
// until done() holds; fails after 10000 turns.
async function until(done) {
  for (let i = 0; i < 10000; i++) {
    if (done()) return;
    await tick();
  }
  throw new Error("until: the condition never held");
}

// A page whose bridge is installed and whose "ready" has already been flushed.
async function loadedPage(options) {
  const page = createPage(options);
  page.load();
  await tick();
  page.posted.length = 0;
  return page;
}

module.exports = { createPage, loadedPage, tick, until };
