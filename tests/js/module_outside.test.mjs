// The ES module entry (bridge_js/index.js) in a page outside AuroraView (a plain browser, say a
// Vite dev server): no transport, no injected bridge. The module installs the real bridge
// (auroraview.js) over a local transport; calls reject with NOT_IN_AURORAVIEW unless standIn()
// registered a handler. One process per test file, so this file's import is the page's only one.
import test from "node:test";
import assert from "node:assert/strict";
import { createPage, tick } from "./harness.js";

const page = createPage();
delete page.window.ipc;
globalThis.window = page.window;
globalThis.document = page.document;
const readyEvents = [];
page.window.addEventListener("auroraviewready", (e) => readyEvents.push(e));
const warnings = [];
const realWarn = console.warn;
console.warn = (...args) => warnings.push(args);
const mod = await import("../../bridge_js/index.js");
console.warn = realWarn;

test("the module installs the bridge itself, says so once, and announces it as usual", async () => {
  assert.equal(mod.inAuroraView, false);
  assert.equal(mod.auroraview, page.window.auroraview);
  assert.equal(typeof mod.auroraview.__dispatch, "function");
  assert.equal(await mod.whenReady(), mod.auroraview);
  assert.equal(readyEvents.length, 1);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0][0], /not running inside AuroraView.*standIn/);
});

test("a call without a stand-in handler rejects with a clear NOT_IN_AURORAVIEW error", async () => {
  const err = await mod.call("api.get_scene").then(() => assert.fail("should reject"), (e) => e);
  assert.ok(err instanceof mod.AuroraViewError);
  assert.equal(err.code, "NOT_IN_AURORAVIEW");
  assert.match(err.message, /api\.get_scene.*not running inside AuroraView.*no stand-in handler/);
  await assert.rejects(mod.api.scene.rename({ old: "a" }), { code: "NOT_IN_AURORAVIEW" });
  assert.equal(mod.auroraview.pending, 0);
});

test("stand-in call handlers answer with a JSON copy of their result, sync or async", async () => {
  const scene = { nodes: [{ name: "pCube1" }] };
  const seen = [];
  const dev = mod.standIn({
    calls: {
      "api.get_scene": (params) => {
        seen.push(params);
        return scene;
      },
      "api.slow": async ({ n }) => n * 2,
      "api.nothing": () => undefined,
    },
  });
  assert.equal(typeof dev.emit, "function");
  const [got, doubled, nothing] = await Promise.all([
    mod.call("api.get_scene", { depth: 2 }),
    mod.api.slow({ n: 21 }),
    mod.call("api.nothing"),
  ]);
  assert.deepEqual(got, scene);
  assert.notEqual(got, scene, "the page gets a copy, as it would from native");
  assert.deepEqual(seen, [{ depth: 2 }]);
  assert.equal(doubled, 42);
  assert.equal(nothing, null);
});

test("a throwing stand-in handler rejects the call with its name, message and code", async () => {
  mod.standIn({
    calls: {
      "api.explode": () => {
        throw new RangeError("out of range");
      },
      "api.busy": () => {
        throw new mod.AuroraViewError("queue full", { code: "BUSY", data: { size: 3 } });
      },
      "api.cyclic": () => {
        const o = {};
        o.o = o;
        return o;
      },
    },
  });
  await assert.rejects(mod.call("api.explode"),
    { code: "HANDLER_ERROR", name: "RangeError", message: "out of range" });
  await assert.rejects(mod.call("api.busy"), { code: "BUSY", name: "BUSY", data: { size: 3 } });
  await assert.rejects(mod.call("api.cyclic"), { code: "HANDLER_ERROR", name: "TypeError" });
});

test("send_event reaches stand-in event handlers; a throwing one is logged, calls unaffected", async () => {
  const exported = [];
  mod.standIn({
    calls: { "api.ok": () => "ok" },
    events: {
      export_scene: (detail) => exported.push(detail),
      broken: () => {
        throw new Error("handler bug");
      },
    },
  });
  const errors = [];
  const realError = console.error;
  console.error = (...args) => errors.push(args);
  try {
    mod.send_event("broken", 1);
    const p = mod.call("api.ok"); // in the same post as the broken event
    mod.send_event("export_scene", { path: "/tmp/a.usd" });
    mod.send_event("nobody_listens");
    assert.equal(await p, "ok");
    await tick();
  } finally {
    console.error = realError;
  }
  assert.deepEqual(exported, [{ path: "/tmp/a.usd" }]);
  assert.equal(errors.length, 1);
  assert.match(errors[0][0], /stand-in handler for event "broken" threw/);
  assert.equal(errors[0][1].message, "handler bug");
});

test("emit pushes a JSON copy to the page's on handlers, as Python's view.emit does", () => {
  const dev = mod.standIn();
  const got = [];
  const stop = mod.on("scene_changed", (d) => got.push(d));
  const data = { count: 2 };
  dev.emit("scene_changed", data);
  dev.emit("scene_changed");
  stop();
  assert.deepEqual(got, [{ count: 2 }, null]);
  assert.notEqual(got[0], data);
  assert.throws(() => dev.emit(""), { name: "TypeError" });
});

test("a later stand-in registration replaces the earlier handler; non-functions are refused", async () => {
  mod.standIn({ calls: { "api.which": () => "first" } });
  mod.standIn({ calls: { "api.which": () => "second" } });
  assert.equal(await mod.call("api.which"), "second");
  assert.throws(() => mod.standIn({ calls: { "api.bad": 42 } }),
    { name: "TypeError", message: /call handler "api\.bad" must be a function/ });
});

test("a second copy of the package in the page shares the first one's local bridge", async () => {
  // A query string makes node evaluate outside.js again, as a bundle with two copies would.
  console.warn = (...args) => warnings.push(args);
  const copy = await import("../../bridge_js/outside.js?second-copy").finally(() => (console.warn = realWarn));
  assert.equal(copy.inAuroraView, false);
  copy.standIn({ calls: { "api.from_copy": () => "shared" } });
  assert.equal(await mod.call("api.from_copy"), "shared");
  assert.equal(warnings.length, 1, "no second warning");
});

test("invoke is answered by stand-in commands (a thrown code and details reject it as a CommandError's)", async () => {
  await assert.rejects(mod.invoke("greet", { name: "Ann" }),
    (e) => e.code === "NOT_IN_AURORAVIEW" && e.name === "CommandError" && /no stand-in command/.test(e.message));
  mod.standIn({ commands: {
    greet: ({ name }) => `Hello, ${name}!`,
    deny: () => { throw Object.assign(new Error("no"), { code: "PERMISSION_DENIED", details: { why: "demo" } }); },
  } });
  assert.equal(await mod.invoke("greet", { name: "Ann" }), "Hello, Ann!");
  await assert.rejects(mod.invokeCommand("deny"),
    (e) => e.code === "PERMISSION_DENIED" && e.message === "no" && e.details.why === "demo");
});

test("getBoundMethods and isMethodBound give the stand-in calls' names", () => {
  mod.standIn({ calls: { "api.zeta": () => 1 } });
  assert.ok(mod.isMethodBound("api.zeta") && mod.isMethodBound("api.get_scene"));
  assert.equal(mod.isMethodBound("api.none"), false);
  const names = mod.getBoundMethods();
  assert.deepEqual(names, [...names].sort());
  assert.equal(mod.isReady(), true);
});

test("auroraview.stream reads a stand-in generator within the page's credit; break closes it", async () => {
  let made = 0;
  let closed = false;
  const ahead = [];
  mod.standIn({
    calls: {
      "api.tail": function* ({ n }) {
        try {
          for (let i = 0; i < n; i++) {
            made++;
            yield { i };
          }
        } finally {
          closed = true;
        }
      },
    },
  });
  const got = [];
  for await (const item of mod.auroraview.stream("api.tail", { n: 300 }, { window: 4 })) {
    ahead.push(made - got.length);
    got.push(item.i);
    await new Promise((r) => setTimeout(r, 0));
  }
  assert.deepEqual(got, Array.from({ length: 300 }, (_, i) => i));
  assert.ok(Math.max(...ahead) <= 4, `at most the window ahead of the page (saw ${Math.max(...ahead)})`);
  for await (const item of mod.auroraview.stream("api.tail", { n: 1000 })) if (item.i === 2) break;
  await tick();
  await tick();
  assert.equal(closed, true, "breaking out of the loop closed the generator");
});

test("a stream or a written stream without a stand-in rejects with NOT_IN_AURORAVIEW", async () => {
  await assert.rejects(async () => {
    for await (const item of mod.auroraview.stream("api.none")) assert.fail(`got ${item}`);
  }, { code: "NOT_IN_AURORAVIEW" });
  const w = mod.auroraview.openStream("api.none_in");
  await assert.rejects(w.close(), { code: "NOT_IN_AURORAVIEW" });
});

test("openStream writes reach a stand-in handler's stream, and close() resolves with its result", async () => {
  mod.standIn({
    calls: {
      "api.sum": async (params, { stream }) => {
        let sum = params.start;
        for await (const x of stream) sum += x;
        return { sum };
      },
    },
  });
  const w = mod.auroraview.openStream("api.sum", { start: 1000 }, { window: 8 });
  for (let i = 1; i <= 100; i++) await w.write(i);
  assert.deepEqual(await w.close(), { sum: 6050 });
});

test("a call with big values (sent in pieces, as leaves) reaches its stand-in whole", async () => {
  const seen = [];
  mod.standIn({ calls: { "api.save": (params) => { seen.push(params); return params.text.length; } } });
  const text = "é".repeat(300000) + "end";
  const bytes = new Uint8Array(200000).map((_, i) => i & 255);
  assert.equal(await mod.call("api.save", { text, bytes, rows: Array.from({ length: 40000 }, (_, i) => `row ${i}`) }), 300003);
  assert.equal(seen[0].text, text);
  assert.deepEqual(Buffer.from(seen[0].bytes.__auroraview_bytes__, "base64"), Buffer.from(bytes));
  assert.equal(seen[0].rows[39999], "row 39999");
});
