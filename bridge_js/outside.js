// What the module entry (index.js) does when its page is NOT running inside AuroraView, for
// example a plain browser on a Vite dev server while the panel's UI is being written.
//
// Inside AuroraView the native side has injected window.ipc (the transport) and
// window.auroraview (the bridge) before any page script runs, and this file does nothing.
// Outside, it gives the page a local window.ipc, so that the same bridge script
// (auroraview.js, evaluated next by index.js) installs over it: every call then rejects with
// AuroraViewError code NOT_IN_AURORAVIEW, unless the page registered a stand-in handler for
// it with standIn(). README.md, "Outside AuroraView", explains the choice.
//
// The stand-in's state lives on the local window.ipc object, not in this module, so two copies
// of the package in one bundle (or a re-evaluated module) share one local bridge.

const BRIDGE = Symbol.for("auroraview.bridge");
const LOCAL = Symbol.for("auroraview.local");
const CALL_RESULT = "__auroraview_call_result";
const INVOKE = "__invoke__";
const INVOKE_RESULT = "__invoke_result__";
const BOUND_METHODS = "auroraview:bound_methods";
const LOG = "[auroraview]";

if (typeof window === "undefined") {
  throw new Error("@auroraview/bridge runs in a web page: there is no `window` here");
}

function answer(id, body) {
  window.auroraview.__dispatch([[CALL_RESULT, { id, ...body }]]);
}

// The page only ever sees JSON from native, so stand-in results and pushed data are copied
// through JSON too: the page shares no objects with its handlers, and an unserialisable value
// fails as it would for real. undefined becomes null, as Python's None does.
function viaJson(value) {
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}

function failure(err) {
  const { code = "HANDLER_ERROR", name = "Error", message = String(err), data } = err || {};
  return { code, name, message: String(message), data };
}

async function settleCall(registry, { id, method, params }) {
  const handler = registry.calls.get(method);
  if (!handler) {
    answer(id, {
      ok: false,
      error: {
        code: "NOT_IN_AURORAVIEW",
        message: `call "${method}": this page is not running inside AuroraView ` +
          "(window.auroraview was not injected) and no stand-in handler is registered for it",
      },
    });
    return;
  }
  let body;
  try {
    body = { ok: true, result: viaJson(await handler(params)) };
  } catch (err) {
    body = { ok: false, error: failure(err) };
  }
  answer(id, body);
}

// auroraview.invoke: answered by a stand-in command as Python's view.command would be.
async function settleInvoke(registry, { id, command, args }) {
  const handler = registry.commands.get(command);
  let body;
  if (!handler) {
    body = { ok: false, error: { code: "NOT_IN_AURORAVIEW", name: "CommandError", message:
      `invoke "${command}": this page is not running inside AuroraView and no stand-in command is registered for it` } };
  } else {
    try {
      body = { ok: true, result: viaJson(await handler(args)) };
    } catch (err) {
      const { code = "EXECUTION_ERROR", message = String(err), details = {} } = err || {};
      body = { ok: false, error: { code, name: "CommandError", message: String(message), data: viaJson(details) } };
    }
  }
  window.auroraview.__dispatch([[INVOKE_RESULT, { id, ...body }]]);
}

async function handle(registry, envelope) {
  if (envelope.type === "call") {
    await settleCall(registry, envelope);
  } else if (envelope.type === "event" && envelope.event === INVOKE) {
    await settleInvoke(registry, envelope.detail);
  } else if (envelope.type === "event") {
    const handler = registry.events.get(envelope.event);
    if (handler) await handler(envelope.detail);
  }
  // "ready" and "cancel" need no answer.
}

// Like native, the local side handles a post after postMessage has returned, so a throwing
// stand-in handler can never look like a transport failure to the bridge.
function localTransport(registry) {
  return Object.freeze({
    postMessage(text) {
      const parsed = JSON.parse(String(text));
      for (const envelope of Array.isArray(parsed) ? parsed : [parsed]) {
        Promise.resolve(envelope)
          .then((e) => handle(registry, e))
          .catch((err) => console.error(`${LOG} stand-in handler for event "${envelope.event}" threw:`, err));
      }
    },
    [LOCAL]: registry,
  });
}

function register(map, handlers, what) {
  for (const [name, fn] of Object.entries(handlers)) {
    if (typeof fn !== "function") throw new TypeError(`standIn: ${what} "${name}" must be a function`);
    map.set(name, fn);
  }
}

const injected = Boolean(window.auroraview && window.auroraview[BRIDGE]);
if (!injected && window.ipc === undefined) {
  window.ipc = localTransport({ calls: new Map(), events: new Map(), commands: new Map() });
  console.warn(`${LOG} not running inside AuroraView: window.auroraview is a local bridge whose ` +
    "calls reject with NOT_IN_AURORAVIEW unless standIn() gives them a handler");
}

function localRegistry() {
  return (window.ipc && window.ipc[LOCAL]) || null;
}

/** False when this module gave the page the local bridge; true when the native side injected it. */
export const inAuroraView = localRegistry() === null;

/**
 * Registers stand-in handlers for calls (by full method name, e.g. "api.get_scene"), for
 * commands (auroraview.invoke, by name) and for events the page sends; getBoundMethods() then
 * gives the calls' names. Outside AuroraView it returns a handle whose emit() pushes an event to
 * the page as Python's view.emit would; inside AuroraView it does nothing and returns null, so
 * development code can stay in place.
 */
export function standIn({ calls = {}, events = {}, commands = {} } = {}) {
  const registry = localRegistry();
  if (!registry) return null;
  register(registry.calls, calls, "call handler");
  register(registry.events, events, "event handler");
  register(registry.commands, commands, "command");
  // What Python's view.get_bound_methods() would give for these calls.
  window.auroraview.__dispatch([[BOUND_METHODS, [...registry.calls.keys()].sort()]]);
  return {
    emit(event, data) {
      if (typeof event !== "string" || event === "") {
        throw new TypeError("standIn emit: event must be a non-empty string");
      }
      window.auroraview.__dispatch([[event, viaJson(data)]]);
    },
  };
}
