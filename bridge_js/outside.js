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
const STREAM_OPEN = "auroraview:stream_open";
const STREAM_DATA = "auroraview:stream";
const STREAM_ACK = "auroraview:stream_ack";
const STREAM_CANCEL = "auroraview:stream_cancel";
const WRITE_OPEN = "auroraview:write_open";
const WRITE_DATA = "auroraview:write";
const WRITE_ACK = "auroraview:write_ack";
const LEAF_TAG = "__auroraview_leaf__";
const BYTES_TAG = "__auroraview_bytes__";
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

function notHere(what) {
  return {
    code: "NOT_IN_AURORAVIEW",
    message: `${what}: this page is not running inside AuroraView ` +
      "(window.auroraview was not injected) and no stand-in handler is registered for it",
  };
}

async function settleCall(registry, { id, method, params }) {
  const handler = registry.calls.get(method);
  if (!handler) {
    answer(id, { ok: false, error: notHere(`call "${method}"`) });
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

// auroraview.stream: a stand-in call handler that returns an iterable or async iterable (a
// generator, as Python binds one) feeds the page's loop within the credit the page gives, as
// Python's side does; break/return/abort close it.
async function feedStream(registry, { id, method, params, window: credit }) {
  const send = (body) => window.auroraview.__dispatch([[STREAM_DATA, { id, ...body }]]);
  const handler = registry.calls.get(method);
  if (!handler) {
    send({ error: notHere(`stream "${method}"`) });
    return;
  }
  const state = { credit, cancelled: false, wake: () => {} };
  registry.streams.set(id, state);
  let iterator;
  try {
    const source = await handler(params);
    const make = source && (source[Symbol.asyncIterator] || source[Symbol.iterator]);
    if (typeof make !== "function") {
      throw new TypeError(`the stand-in for stream "${method}" must return an iterable or async iterable`);
    }
    iterator = make.call(source);
    for (;;) {
      while (state.credit <= 0 && !state.cancelled) await new Promise((wake) => { state.wake = wake; });
      if (state.cancelled) {
        if (typeof iterator.return === "function") await iterator.return();
        return;
      }
      const { value, done } = await iterator.next();
      if (done) {
        send({ done: true });
        return;
      }
      state.credit--;
      send({ items: [viaJson(value)] });
    }
  } catch (err) {
    send({ error: failure(err) });
  } finally {
    registry.streams.delete(id);
  }
}

function streamControl(registry, event, detail) {
  if (event === STREAM_ACK) {
    for (const [id, n] of Object.entries(detail || {})) {
      const state = registry.streams.get(id);
      if (state) {
        state.credit += n;
        state.wake();
      }
    }
  } else {
    const state = registry.streams.get(detail && detail.id);
    if (state) {
      state.cancelled = true;
      state.wake();
    }
  }
}

// auroraview.openStream: the stand-in call handler is called as handler(params, {stream}), stream
// an async iterable of what the page writes (each item taken gives the page its credit back); its
// return value is what close() resolves with.
function takeWrites(registry, { id, method, params }) {
  const ack = (body) => window.auroraview.__dispatch([[WRITE_ACK, { id, ...body }]]);
  const handler = registry.calls.get(method);
  if (!handler) {
    ack({ error: notHere(`stream "${method}"`) });
    return;
  }
  const state = { items: [], closed: false, aborted: null, wake: () => {} };
  registry.writes.set(id, state);
  const stream = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (state.aborted !== null) {
          throw Object.assign(new Error(`the page aborted the stream: ${state.aborted}`), { code: "CANCELLED" });
        }
        if (state.items.length > 0) {
          ack({ n: 1 });
          yield state.items.shift();
        } else if (state.closed) {
          return;
        } else {
          await new Promise((wake) => { state.wake = wake; });
        }
      }
    },
  };
  Promise.resolve()
    .then(() => handler(params, { stream }))
    .then((result) => ack({ done: true, result: viaJson(result) }), (err) => ack({ error: failure(err) }))
    .finally(() => registry.writes.delete(id));
}

function writeData(registry, { id, items, close, abort }) {
  const state = registry.writes.get(id);
  if (!state) return;
  if (Array.isArray(items)) state.items.push(...items);
  if (close === true) state.closed = true;
  if (abort !== undefined) state.aborted = String(abort);
  state.wake();
}

async function handle(registry, envelope) {
  if (envelope.type === "call") {
    await settleCall(registry, envelope);
  } else if (envelope.type === "event" && envelope.event === INVOKE) {
    await settleInvoke(registry, envelope.detail);
  } else if (envelope.type === "event" && envelope.event === STREAM_OPEN) {
    await feedStream(registry, envelope.detail);
  } else if (envelope.type === "event" && (envelope.event === STREAM_ACK || envelope.event === STREAM_CANCEL)) {
    streamControl(registry, envelope.event, envelope.detail);
  } else if (envelope.type === "event" && envelope.event === WRITE_OPEN) {
    takeWrites(registry, envelope.detail);
  } else if (envelope.type === "event" && envelope.event === WRITE_DATA) {
    writeData(registry, envelope.detail);
  } else if (envelope.type === "event") {
    const handler = registry.events.get(envelope.event);
    if (handler) await handler(envelope.detail);
  }
  // "ready" and "cancel" need no answer.
}

// Messages the bridge sent in pieces, with their big values as leaves (docs/protocol.md), joined
// as the core joins them; a bytes leaf becomes the tagged form small binary values have.
function joiner() {
  const runs = new Map(); // id -> { text: [...], leaves: [{ kind, parts }] }
  const run = (id) => runs.get(id) || runs.set(id, { text: [], leaves: [] }).get(id);
  return (text) => {
    if (text.startsWith(">")) { // a leaf's part: ">" id " " part
      const at = text.indexOf(" ");
      const raw = text.slice(1, at);
      run(/^\d+$/.test(raw) ? Number(raw) : raw).leaves.at(-1).parts.push(text.slice(at + 1));
      return [];
    }
    const parsed = JSON.parse(text);
    return (Array.isArray(parsed) ? parsed : [parsed]).flatMap((e) => {
      if (e.type === "leaf") run(e.id).leaves.push({ kind: String(e.detail).split(" ")[0], parts: [] });
      if (e.type === "piece" || e.type === "piece_end") run(e.id).text.push(e.detail);
      if (e.type === "leaf" || e.type === "piece") return [];
      if (e.type !== "piece_end") return [e];
      const { text: parts, leaves } = runs.get(e.id);
      runs.delete(e.id);
      const whole = JSON.parse(parts.join(""), (key, v) => {
        const tagged = v && typeof v === "object" && Object.keys(v).length === 1 && Number.isInteger(v[LEAF_TAG]);
        const leaf = tagged ? leaves[v[LEAF_TAG]] : undefined;
        if (!leaf) return v;
        return leaf.kind === "bytes" ? { [BYTES_TAG]: leaf.parts.join("") } : leaf.parts.join("");
      });
      return Array.isArray(whole) ? whole : [whole];
    });
  };
}

// Like native, the local side handles a post after postMessage has returned, so a throwing
// stand-in handler can never look like a transport failure to the bridge.
function localTransport(registry) {
  const join = joiner();
  return Object.freeze({
    postMessage(text) {
      for (const envelope of join(String(text))) {
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
  window.ipc = localTransport({
    calls: new Map(), events: new Map(), commands: new Map(), streams: new Map(), writes: new Map(),
  });
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
