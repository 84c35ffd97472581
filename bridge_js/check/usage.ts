// A tool page's typed use of the package, compiled by `npm run check` (tsc, strict) against the
// sources here and again against the packed tarball installed into a consumer project.
// It touches every value the module exports and every member of the global bridge; each
// `@ts-expect-error` line is a wrong use that must not compile (tsc fails if one does).
import {
  AuroraViewError,
  api,
  auroraview,
  call,
  channel,
  getBoundMethods,
  inAuroraView,
  invoke,
  invokeCommand,
  isMethodBound,
  isReady,
  off,
  on,
  once,
  send_event,
  standIn,
  state,
  stream,
  trigger,
  version,
  whenReady,
  type AuroraViewBridge,
  type AuroraViewChannel,
  type AuroraViewErrorCode,
  type AuroraViewStream,
  type StreamOptions,
  type CommandErrorCode,
  type InvokeError,
  type StateChangeSource,
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

  // Upstream AuroraView's page API.
  standIn({ commands: { greet: (args: { name: string }) => `Hello, ${args.name}!` } });
  const greeting: string = await invoke<string>("greet", { name: "Ann" }, { timeout: 1000 });
  try {
    await invokeCommand("deny");
  } catch (err) {
    const failed = err as InvokeError;
    const code: CommandErrorCode | AuroraViewErrorCode = failed.code;
    console.log(code, failed.details["hint"], failed.data);
  }
  // @ts-expect-error the command name is a string
  invoke(1);
  state["theme"] = "dark";
  const theme: unknown = auroraview.state["theme"];
  const off2: Unsubscribe = state.onChange((key: string, value: unknown, source: StateChangeSource) =>
    console.log(key, value, source));
  state.offChange(() => {});
  const keys: string[] = state.keys();
  const snapshot: Record<string, unknown> = state.toJSON();
  const progress: AuroraViewChannel = channel("progress");
  progress.onMessage<{ percent: number }>((m) => console.log(m.percent.toFixed(0)))();
  // @ts-expect-error onMessage<T>'s handler gets a T
  progress.onMessage<{ percent: number }>((m) => m.missing);
  progress.onClose(() => off2());
  const bound: boolean = isMethodBound("api.get_scene") && getBoundMethods().includes("api.get_scene");
  const ready: boolean = isReady() && auroraview.isReady();

  // Streams and cancellation.
  const abort = new AbortController();
  const options: StreamOptions = { window: 64, signal: abort.signal };
  const lines: AuroraViewStream<string> = auroraview.stream<string>("api.tail", { path: "a.log" }, options);
  const frames = stream<number>("api.frames");
  for await (const line of lines) if (line.length > 80) break;
  lines.cancel();
  frames.cancel();
  // @ts-expect-error the window is a number
  auroraview.stream("api.tail", {}, { window: "64" });
  await auroraview.call("api.slow", undefined, { signal: abort.signal, timeout: 0 });

  return [version, auroraview.version, inAuroraView, renamed, made.code, same, pending, typeof api2,
    typeof send, typeof Err, greeting, theme, keys.length, Object.keys(snapshot).length, progress.id,
    progress.isClosed, bound, ready].join(" ");
}
