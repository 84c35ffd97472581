// The ES module entry of @auroraview/bridge: `import { call, on } from "@auroraview/bridge"`.
//
// It holds no bridge logic of its own. Inside AuroraView it re-exports the bridge that the
// native side injected (window.auroraview, made by auroraview.js). Outside AuroraView,
// outside.js first gives the page a local transport, and the same auroraview.js then installs
// the bridge over it. ES modules evaluate their imports in order, so outside.js always runs
// before auroraview.js; and auroraview.js does nothing when a bridge is already installed.
import "./outside.js";
import "./auroraview.js";

export { inAuroraView, standIn } from "./outside.js";

export const auroraview = window.auroraview;
// The bridge's functions use no `this`, so they can be taken off the object as they are.
export const { AuroraViewError, api, call, off, on, once, send_event, stream, openStream, trigger, version, whenReady } =
  auroraview;
// Upstream AuroraView's page API.
export const { channel, getBoundMethods, invoke, invokeCommand, isMethodBound, isReady, state } = auroraview;
