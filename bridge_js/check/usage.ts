// A tool page's typed use of the package, compiled by `npm run check` (tsc, strict) against the
// sources here and again against the packed tarball installed into a consumer project.
// It touches every value the module exports and every member of the global bridge; each
// `@ts-expect-error` line is a wrong use that must not compile (tsc fails if one does).
import {
  AuroraViewError,
  api,
  auroraview,
  call,
  inAuroraView,
  off,
  on,
  once,
  send_event,
  standIn,
  trigger,
  version,
  whenReady,
  type AuroraViewBridge,
  type AuroraViewErrorCode,
  type Unsubscribe,
} from "@auroraview/bridge";

interface Scene {
  nodes: { name: string; selected: boolean }[];
}

export async function panel(): Promise<string> {
  const dev = standIn({
    calls: { "api.get_scene": (): Scene => ({ nodes: [{ name: "pCube1", selected: true }] }) },
    events: { export_scene: (detail: { path: string }) => console.log(detail.path) },
  });
  dev?.emit("scene_changed", { count: 1 });
  // @ts-expect-error a stand-in handler is a function
  standIn({ calls: { "api.x": 42 } });

  const bridge: AuroraViewBridge = await whenReady();
  const scene = await call<Scene>("api.get_scene", { depth: 2 }, { timeout: 5000 });
  const first: string | undefined = scene.nodes[0]?.name;
  // @ts-expect-error call<T> resolves to T: a Scene has no `count`
  scene.count;
  // @ts-expect-error the method name is a string
  call(42);
  // @ts-expect-error options.timeout is a number of milliseconds
  call("api.x", undefined, { timeout: "5s" });

  const renamed: boolean = await api.scene.rename<boolean>({ old: "a", new: "b" });
  const stop: Unsubscribe = on<Scene>("scene_changed", (s) => console.log(s.nodes.length));
  // @ts-expect-error on<T>'s handler gets a T
  on<Scene>("scene_changed", (s) => s.missing);
  once("closing", () => stop());
  off("scene_changed");
  send_event("selection", { names: [first] });
  trigger("local_only", 1);

  try {
    await call("api.explode");
  } catch (err) {
    if (err instanceof AuroraViewError) {
      const code: AuroraViewErrorCode = err.code;
      console.log(err.name, code, err.message, err.data);
    }
  }
  const made = new AuroraViewError("went wrong", { code: "BUSY", name: "QueueFull", data: 1 });
  // @ts-expect-error AuroraViewError options are an object
  new AuroraViewError("m", "BUSY");

  // The global is declared by the import too (check/global.ts uses it without importing).
  const global: AuroraViewBridge = window.auroraview;
  const same: boolean = global === auroraview && auroraview === bridge;
  // @ts-expect-error window.auroraview is read-only
  window.auroraview = bridge;
  // @ts-expect-error there is no emit in JS (Python pushes events)
  auroraview.emit("x");
  window.addEventListener("auroraviewready", (e) => console.log(e.detail.version));
  const pending: number = window.auroraview.pending;
  const api2 = auroraview.api.a.b;
  const send = auroraview.send_event;
  auroraview.on("e", () => {})();
  auroraview.once("e", () => {});
  auroraview.off("e");
  auroraview.trigger("e");
  await auroraview.call<number>("api.n").then((n: number) => n + 1);
  await auroraview.whenReady();
  const Err = auroraview.AuroraViewError;

  return [version, auroraview.version, inAuroraView, renamed, made.code, same, pending, typeof api2,
    typeof send, typeof Err].join(" ");
}
