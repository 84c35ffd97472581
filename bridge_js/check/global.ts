// A page script that uses the injected global without importing the module: the reference
// (or `"types": ["@auroraview/bridge"]` in tsconfig.json) declares window.auroraview and
// the bare `auroraview`. Compiled with check/usage.ts; it is a script, not a module.
/// <reference types="@auroraview/bridge" />

async function refresh(): Promise<number> {
  const bridge = await auroraview.whenReady();
  const names = await bridge.call<string[]>("api.list_names");
  window.auroraview.on<{ name: string }>("renamed", (e) => console.log(e.name.toUpperCase()));
  // @ts-expect-error the bare global is read-only
  auroraview = bridge;
  // @ts-expect-error send_event takes the event name first
  auroraview.send_event({ detail: 1 });
  return names.length;
}

window.addEventListener("auroraviewready", () => void refresh());
