/*
 * AuroraView for C: the JavaScript bridge (window.auroraview).
 *
 * The Qt shim injects this plain script into every trusted page at document creation, right
 * after the transport script that defines window.ipc.postMessage(text). The wire protocol
 * (envelopes, call results, error codes) is described in DESIGN.md section 4.
 *
 * JS -> native: envelopes go to an outbox that is flushed once per microtask as ONE
 * postMessage (a bare object for one envelope, an array for several).
 * Native -> JS: batches [[event, data], ...] reach dispatch() through the transport
 * (window.ipc.__receive: the shim's signal, or its runJavaScript of window.ipc.__dispatch).
 *
 * Written for Chromium 83+ (Qt WebEngine 5.15 and later): ES2020, no build step, and no imports
 * or exports, so the same file is both the script the shim injects and a side-effect import of
 * the npm package's module entry (index.js), where it does nothing if native injected it first.
 */
(function () {
  "use strict";

  // Registered symbol, so a second evaluation of this script (a separate closure) finds it.
  const MARKER = Symbol.for("auroraview.bridge");
  if (window.auroraview && window.auroraview[MARKER]) return;

  const VERSION = "0.1.0";
  const CALL_RESULT = "__auroraview_call_result";
  const CALL_CANCEL = "auroraview:call_cancel"; // the page gave up on a call: Python cancels its handler
  const DEFAULT_TIMEOUT_MS = 30000;
  // setTimeout fires at once when the delay exceeds 2^31-1 ms (about 24.8 days), so any
  // longer timeout is treated as "no timeout".
  const MAX_TIMER_MS = 0x7fffffff;
  const LOG = "[auroraview]";
  // The deepest nesting of params and detail ([] is 1 deep): the core's AV_PAYLOAD_DEPTH_MAX
  // (plugin/core/include/auroraview/av_msg.h), well inside what Python's json decodes. Deeper
  // ones are refused here, before sending; tests/js/limits.test.js holds the two equal.
  const MAX_DEPTH = 512;

  class AuroraViewError extends Error {
    // name is the native error class (e.g. the Python exception) when known, else the code.
    constructor(message, options) {
      const { code = "ERROR", name, data } = options || {};
      super(message);
      this.name = name || code;
      this.code = code;
      this.data = data;
    }
  }

  function describe(err) {
    return err && err.message !== undefined ? err.message : String(err);
  }

  // ---- binary values ------------------------------------------------------------------------
  //
  // ArrayBuffers, typed arrays and DataViews travel as {"__auroraview_bytes__": "<base64>"}
  // (docs/protocol.md): Python gets bytes. What native sends in that form arrives as a
  // Uint8Array.

  const BYTES_TAG = "__auroraview_bytes__";
  const LEAF_TAG = "__auroraview_leaf__";
  const hasOwnIndex = (array, i) => Number.isInteger(i) && i >= 0 && i < array.length;
  const typeTag = (value) => Object.prototype.toString.call(value);

  function toBase64(bytes) {
    const parts = [];
    for (let i = 0; i < bytes.length; i += 0x8000) {
      parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000)));
    }
    return btoa(parts.join(""));
  }

  function fromBase64(text) {
    const chars = atob(text);
    const bytes = new Uint8Array(chars.length);
    for (let i = 0; i < chars.length; i++) bytes[i] = chars.charCodeAt(i);
    return bytes;
  }

  // The bytes of a binary value (any realm's: an iframe's ArrayBuffer is not this window's), or
  // null.
  function bytesOf(value) {
    if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    const tag = typeTag(value);
    if (tag === "[object ArrayBuffer]" || tag === "[object SharedArrayBuffer]") return new Uint8Array(value);
    return null;
  }

  // JSON.stringify's replacer: binary values in their wire form.
  function wireValue(key, value) {
    if (value === null || typeof value !== "object") return value;
    const bytes = bytesOf(value);
    return bytes ? { [BYTES_TAG]: toBase64(bytes) } : value;
  }

  // Big values leave a call's params or an event's detail as leaves (docs/protocol.md, "Big
  // values in pieces"): each string of at least LEAF characters and each binary value of at least
  // LEAF_BYTES bytes is pushed on `leaves` and written {"__auroraview_leaf__": k}. Their parts go
  // before the message's; the host fills each value part by part, so no step on either side
  // handles a whole one (no giant JSON text, no base64 of all of it). A leaf makes its message
  // longer than a piece, so only messages in pieces carry leaves. (Python's big values come the
  // same way the other direction: readPayload below.)
  const LEAF = 1 << 18; // = PIECE
  const LEAF_BYTES = 3 << 16; // its base64 is LEAF characters
  const MAX_LEAVES = 256; // the core's AV_LEAVES_MAX; more stay inline

  function stringify(value, leaves) {
    if (!leaves) return JSON.stringify(value, wireValue);
    return JSON.stringify(value, (key, v) => {
      if (leaves.length < MAX_LEAVES) {
        const leaf = typeof v === "string" ? (v.length >= LEAF ? v : null)
          : v !== null && typeof v === "object" ? bytesOf(v) : null;
        if (leaf !== null && (typeof leaf === "string" || leaf.byteLength >= LEAF_BYTES)) {
          leaves.push(typeof leaf === "string" ? leaf : leaf.slice()); // what is sent is what was given
          return { [LEAF_TAG]: leaves.length - 1 };
        }
      }
      return wireValue(key, v);
    });
  }

  // What a message weighs against the limit: its text and its leaves.
  function weight(text, leaves) {
    let n = text.length;
    for (const leaf of leaves || []) n += typeof leaf === "string" ? leaf.length : leaf.byteLength;
    return n;
  }

  // Native's parsed data with every binary value as a Uint8Array and, in a big payload's
  // skeleton, every {"__auroraview_leaf__": i} as leaves[i]; changes `value` in place (it was
  // parsed for this delivery alone).
  function revive(value, leaves) {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = revive(value[i], leaves);
      return value;
    }
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === BYTES_TAG && typeof value[BYTES_TAG] === "string") {
      return fromBase64(value[BYTES_TAG]);
    }
    if (leaves && keys.length === 1 && keys[0] === LEAF_TAG && hasOwnIndex(leaves, value[LEAF_TAG])) {
      return leaves[value[LEAF_TAG]];
    }
    for (const key of keys) value[key] = revive(value[key], leaves);
    return value;
  }

  // A big payload as the page reads it from its blob URL (docs/protocol.md, "Big payloads"):
  // uint32 LE header length, the header's JSON {json, leaves: [[kind, length], ...]}, the
  // skeleton's JSON, then each leaf's bytes. A bytes leaf becomes a Uint8Array of its own (a
  // copy, so its .buffer is its bytes alone and does not keep the whole payload alive), a text
  // leaf a string decoded from its bytes.
  function readPayload(buffer) {
    const headLength = new DataView(buffer).getUint32(0, true);
    const utf8 = new TextDecoder("utf-8", { fatal: true });
    const head = JSON.parse(utf8.decode(new Uint8Array(buffer, 4, headLength)));
    let at = 4 + headLength;
    const skeleton = JSON.parse(utf8.decode(new Uint8Array(buffer, at, head.json)));
    at += head.json;
    const leaves = head.leaves.map(([kind, length]) => {
      const start = at;
      at += length;
      if (at > buffer.byteLength) throw new Error("the payload is shorter than its header says");
      if (kind === "bytes") return new Uint8Array(buffer.slice(start, at));
      return new TextDecoder(kind, { fatal: true }).decode(new Uint8Array(buffer, start, length));
    });
    return revive(skeleton, leaves);
  }

  // True if `text`, as JSON.stringify writes it, nests deeper than `limit`. Each level costs two
  // characters, so short texts are not looked at; strings are jumped over with indexOf (a quote
  // inside one is written \", after an odd run of backslashes).
  function deeperThan(text, limit) {
    if (text.length <= 2 * limit) return false;
    // Fewer opening brackets than the limit, anywhere: found by indexOf alone (a long array of
    // numbers, a long string), with no loop over the characters.
    let open = 0;
    for (const bracket of ["[", "{"]) {
      for (let i = text.indexOf(bracket); i !== -1 && open <= limit; i = text.indexOf(bracket, i + 1)) open++;
    }
    if (open <= limit) return false;
    let depth = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        let j = i;
        for (;;) {
          j = text.indexOf('"', j + 1);
          if (j === -1) return false; // not JSON.stringify output
          let k = j - 1;
          while (text.charCodeAt(k) === 0x5c) k--;
          if ((j - 1 - k) % 2 === 0) break;
        }
        i = j;
      } else if (c === 0x5b || c === 0x7b) {
        if (++depth > limit) return true;
      } else if (c === 0x5d || c === 0x7d) {
        depth--;
      }
    }
    return false;
  }

  // The first lone UTF-16 surrogate in `text` as JSON.stringify writes it (it escapes lone
  // surrogates, and only them, as \udXXX), or null. A lone surrogate has no UTF-8 form: the
  // core refuses it (docs/protocol.md).
  function loneSurrogate(text) {
    for (let i = text.indexOf("\\ud"); i !== -1; i = text.indexOf("\\ud", i + 1)) {
      let k = i - 1;
      while (text.charCodeAt(k) === 0x5c) k--;
      const h = text.charCodeAt(i + 3);
      if ((i - 1 - k) % 2 === 0 && ((h >= 0x38 && h <= 0x39) || (h >= 0x61 && h <= 0x66))) {
        return text.slice(i, i + 6);
      }
    }
    return null;
  }

  // Why `text` (one envelope, its payload one level inside) cannot go, or null.
  function unsendable(text, what, leaves) {
    if (deeperThan(text, MAX_DEPTH + 1)) {
      return `${what} too deep: nested more than ${MAX_DEPTH} levels (the protocol's limit)`;
    }
    for (const s of [text, ...(leaves || []).filter((leaf) => typeof leaf === "string")]) {
      const lone = loneSurrogate(s);
      if (lone !== null) return `${what} has a lone UTF-16 surrogate (${lone}), which has no UTF-8 form`;
    }
    return null;
  }

  function requireName(value, what) {
    if (typeof value !== "string" || value === "") {
      throw new TypeError(`auroraview: ${what} must be a non-empty string`);
    }
  }

  // ---- outbox: every JS -> native envelope goes through here ---------------------------------

  // Envelopes are serialised when queued (a failure belongs to its caller alone, and later
  // mutation of the caller's objects cannot change what is sent). Each entry carries `lost`,
  // called if the transport throws, so no message disappears silently.
  let outbox = [];
  let piecing = false; // a long message is leaving in pieces (sendPieces): the outbox waits

  // id: the call's, when the text is one (a message of it in pieces then goes under that id, so
  // the core's refusal of the pieces answers the call).
  // leaves: the message's big values (stringify), or undefined.
  function enqueue(text, lost, id, leaves) {
    if (stateOut.size > 0) sendStateChanges(); // the page's state changes go before what follows them
    if (outbox.length === 0 && !piecing) queueMicrotask(flush);
    outbox.push({ text, lost, id, leaves: leaves && leaves.length > 0 ? leaves : undefined });
  }

  // A message longer than PIECE characters goes in pieces of at most PIECE, one per task
  // ({"type":"piece"|"piece_end","id","detail":"<part of its text>"}; docs/protocol.md): Qt parses
  // each post on the host's main thread, and a post of 256 Ki characters costs it about a frame,
  // so neither the host nor the page is held long. What is queued after it waits, so the core
  // sees messages in order. tests/js/pieces.test.js keeps its own copy of the number.
  const PIECE = 1 << 18;
  const Channel = MessageChannel;
  let nextPieces = 1;

  // The text's parts of at most PIECE characters, a surrogate pair never split: [part, last].
  function* partsOf(text) {
    let at = 0;
    do {
      let end = Math.min(at + PIECE, text.length);
      const unit = text.charCodeAt(end - 1);
      if (end < text.length && unit >= 0xd800 && unit <= 0xdbff) end -= 1;
      yield [text.slice(at, end), end === text.length];
      at = end;
    } while (at < text.length);
  }

  // The posts of a message in pieces, in order: each leaf's header, then its parts as raw posts
  // (">" id " " part: the text itself, or the base64 of LEAF_BYTES bytes; not JSON, so Qt takes
  // them in without unescaping, at about half the host's cost of a JSON post), then the message's
  // text. raw: the run's id as the raw posts carry it (a number, or letters and digits).
  function* piecesOf(m, raw) {
    const id = stringify(raw);
    for (const leaf of m.leaves || []) {
      if (typeof leaf === "string") {
        yield `{"type":"leaf","id":${id},"detail":"text ${leaf.length}"}`;
        for (const [part] of partsOf(leaf)) yield `>${raw} ${part}`;
      } else {
        yield `{"type":"leaf","id":${id},"detail":"bytes ${leaf.byteLength}"}`;
        for (let at = 0; at < leaf.byteLength; at += LEAF_BYTES) {
          yield `>${raw} ${toBase64(leaf.subarray(at, at + LEAF_BYTES))}`;
        }
      }
    }
    for (const [part, last] of partsOf(m.text)) {
      yield `{"type":"${last ? "piece_end" : "piece"}","id":${id},"detail":${JSON.stringify(part)}}`;
    }
  }

  function sendPieces(m) {
    piecing = true;
    const posts = piecesOf(m, m.id !== undefined ? m.id : `p${nextPieces++}`);
    const next = new Channel();
    const finish = () => {
      piecing = false;
      next.port1.close();
      next.port2.close();
      if (outbox.length > 0) flush();
    };
    const step = () => {
      if (m.id !== undefined && !pending.has(m.id)) {
        finish(); // the call was given up (its signal, its timeout): its cancel goes next, no more of it
        return;
      }
      const { value, done } = posts.next();
      if (done) {
        finish();
        return;
      }
      try {
        window.ipc.postMessage(value);
      } catch (err) {
        m.lost(err);
        finish();
        return;
      }
      next.port2.postMessage(null);
    };
    next.port1.onmessage = step;
    step();
  }

  // A message whose leaves take it above the limit is refused here, as the transport refuses a
  // long text: the host hears of it (a too_large report), the sender gets PAYLOAD_TOO_LARGE.
  function refuseHeavy(m, size, limit) {
    const err = new RangeError(
      `message of ${size} characters and bytes (its text and its big values) is above the limit of ${limit}`);
    err.code = "PAYLOAD_TOO_LARGE";
    try {
      window.ipc.postMessage(`{"type":"too_large","detail":{"length":${size},"limit":${limit}}}`);
    } catch (ignored) {
      // the sender still hears of it below
    }
    m.lost(err);
  }

  // A flush posts at most this many characters at once (one envelope above it goes alone): a
  // burst of a million events leaves as a few dozen posts rather than one the transport could
  // not carry (Qt 5's WebChannel holds 64 Mi characters at most), the engine takes each in
  // while the next is on its way, and no single post keeps the host's main thread parsing for
  // long. tests/js/outbox.test.js keeps its own copy of the number.
  const POST_BUDGET = 1 << 21;

  function post(batch) {
    const text = batch.length === 1 ? batch[0].text : `[${batch.map((m) => m.text).join(",")}]`;
    try {
      // Looked up on every post rather than captured at install: it is the transport's object.
      window.ipc.postMessage(text);
    } catch (err) {
      for (const m of batch) m.lost(err);
    }
  }

  function flush() {
    const queued = outbox;
    outbox = []; // anything queued while posting goes into the next flush
    // A batch of envelopes whose sizes (each plus its comma) sum to `size` is size + 1 characters
    // long, and must fit the transport's limit (the core's message size) too.
    const most = window.ipc && window.ipc.maxLength > 0 ? window.ipc.maxLength - 1 : POST_BUDGET;
    const budget = Math.min(POST_BUDGET, most);
    // A message above the limit is posted whole, for the transport to refuse at once.
    const limit = window.ipc && window.ipc.maxMessage > 0 ? window.ipc.maxMessage : Infinity;
    let start = 0;
    let size = 0;
    for (let i = 0; i < queued.length; i++) {
      const long = weight(queued[i].text, queued[i].leaves);
      if (queued[i].leaves && long > limit) {
        if (i > start) post(queued.slice(start, i));
        refuseHeavy(queued[i], long, limit);
        start = i + 1;
        size = 0;
        continue;
      }
      if (long > PIECE && long <= limit) {
        if (i > start) post(queued.slice(start, i));
        outbox = queued.slice(i + 1).concat(outbox);
        sendPieces(queued[i]);
        return;
      }
      const n = long + 1;
      if (size + n > budget && i > start) {
        post(queued.slice(start, i));
        start = i;
        size = 0;
      }
      size += n;
    }
    if (start < queued.length) post(start === 0 ? queued : queued.slice(start));
  }

  function sendControl(envelope) {
    enqueue(stringify(envelope), (err) =>
      console.error(`${LOG} "${envelope.type}" message not delivered:`, err));
  }

  // ---- calls --------------------------------------------------------------------------------

  const pending = new Map(); // id -> { resolve, reject, deadline, expire, gaveUp }
  let nextId = 1;

  // One timer for every pending call: armed for the earliest deadline, it fails the calls whose
  // time is up and re-arms for the next. A timer per call cost a setTimeout and a clearTimeout on
  // every round trip (about 10 us of a 100 us call: docs/performance.md).
  let sweepAt = Infinity;
  let sweepTimer;

  function armSweep(deadline) {
    if (deadline >= sweepAt) return;
    clearTimeout(sweepTimer);
    sweepAt = deadline;
    sweepTimer = setTimeout(sweep, Math.max(0, deadline - performance.now()));
  }

  function sweep() {
    const now = performance.now();
    let next = Infinity;
    sweepAt = Infinity;
    for (const entry of Array.from(pending.values())) {
      if (entry.deadline <= now) entry.expire();
      else if (entry.deadline < next) next = entry.deadline;
    }
    if (next < Infinity) armSweep(next);
  }

  function take(id) {
    const entry = pending.get(id);
    if (entry) pending.delete(id);
    return entry;
  }

  function fail(id, code, message) {
    const entry = take(id);
    if (entry) entry.reject(new AuroraViewError(message, { code }));
  }

  function call(method, params, options) {
    if (typeof method !== "string" || method === "") {
      return Promise.reject(new AuroraViewError("call: method must be a non-empty string",
        { code: "BAD_MESSAGE" }));
    }
    const id = nextId;
    const envelope = { type: "call", id, method };
    if (params !== undefined) envelope.params = params;
    // The core forgets the call; the event tells Python, which cancels an async handler's task
    // (an unloading page's are cancelled by Python when the next load starts).
    return request(id, envelope, `call "${method}"`, "params", options, (unloading) => {
      sendControl({ type: "cancel", id });
      if (!unloading) sendControl({ type: "event", event: CALL_CANCEL, detail: { id } });
    });
  }

  // Sends `envelope` and returns the promise of its answer, which settle() gives by `id`. Rejects
  // at once with BAD_MESSAGE when the envelope cannot go (`payload` names its part at fault), with
  // PAYLOAD_TOO_LARGE or TRANSPORT_ERROR when the transport refuses it, with TIMEOUT after
  // options.timeout ms, CANCELLED when the page unloads or options.signal aborts; after these,
  // gaveUp() runs.
  function request(id, envelope, what, payload, options, gaveUp) {
    const timeout = options && options.timeout !== undefined ? options.timeout : DEFAULT_TIMEOUT_MS;
    if (typeof timeout !== "number" || !(timeout >= 0)) {
      return Promise.reject(new AuroraViewError(
        `${what}: options.timeout must be a number >= 0 (0 or Infinity: none)`,
        { code: "BAD_MESSAGE" }));
    }
    const signal = options && options.signal;
    if (signal !== undefined && signal !== null && typeof signal.addEventListener !== "function") {
      return Promise.reject(new AuroraViewError(`${what}: options.signal must be an AbortSignal`,
        { code: "BAD_MESSAGE" }));
    }
    if (signal && signal.aborted) {
      return Promise.reject(new AuroraViewError(`${what} was cancelled before it was sent`, { code: "CANCELLED" }));
    }
    let text;
    const leaves = [];
    try {
      text = stringify(envelope, leaves);
    } catch (err) {
      return Promise.reject(new AuroraViewError(
        `${what}: ${payload} cannot be serialised to JSON: ${describe(err)}`,
        { code: "BAD_MESSAGE" }));
    }
    const why = unsendable(text, payload, leaves);
    if (why !== null) {
      return Promise.reject(new AuroraViewError(`${what}: ${why}`, { code: "BAD_MESSAGE" }));
    }
    nextId += 1; // ids are only spent on messages that go out

    return new Promise((resolve, reject) => {
      const entry = { resolve, reject, deadline: Infinity, expire: null, gaveUp };
      if (timeout > 0 && timeout <= MAX_TIMER_MS) {
        entry.deadline = performance.now() + timeout;
        entry.expire = () => {
          fail(id, "TIMEOUT", `${what} got no answer within ${timeout} ms`);
          gaveUp();
        };
      }
      pending.set(id, entry);
      if (entry.expire) armSweep(entry.deadline);
      if (signal) {
        const onAbort = () => {
          if (pending.get(id) !== entry) return;
          fail(id, "CANCELLED", `${what} was cancelled`);
          gaveUp();
        };
        signal.addEventListener("abort", onAbort, { once: true });
        const settled = () => signal.removeEventListener("abort", onAbort);
        entry.resolve = (value) => { settled(); resolve(value); };
        entry.reject = (err) => { settled(); reject(err); };
      }
      // A post longer than the transport's limit is refused in the page, at once
      // (shim/js/ipc_transport.js): PAYLOAD_TOO_LARGE, as the core would have answered.
      enqueue(text, (err) => {
        const code = err && err.code === "PAYLOAD_TOO_LARGE" ? "PAYLOAD_TOO_LARGE" : "TRANSPORT_ERROR";
        fail(id, code, `${what} could not be sent: ${describe(err)}`);
      }, id, leaves);
    });
  }

  function settle(result) {
    // The protocol allows string ids; ours are integers, so accept either spelling back.
    const id = typeof result.id === "string" ? Number(result.id) : result.id;
    const entry = take(id);
    if (!entry) {
      // Normal after a timeout or unload: the answer arrived after we gave up.
      console.debug(`${LOG} result for unknown call id ${result.id} ignored`, result);
      return;
    }
    if (result.ok === true) {
      entry.resolve(result.result);
      return;
    }
    const error = result.error || {};
    const code = error.code || "HANDLER_ERROR";
    entry.reject(new AuroraViewError(error.message !== undefined ? String(error.message) : code,
      { code, name: error.name, data: error.data }));
  }

  function cancelAll() {
    for (const [id, entry] of Array.from(pending.entries())) {
      fail(id, "CANCELLED", "the page is unloading");
      entry.gaveUp(true);
    }
    clearTimeout(sweepTimer);
    sweepAt = Infinity;
  }

  // ---- events -------------------------------------------------------------------------------

  function send_event(event, detail) {
    requireName(event, "event");
    const envelope = { type: "event", event };
    if (detail !== undefined) envelope.detail = detail;
    let text;
    const leaves = [];
    try {
      text = stringify(envelope, leaves);
    } catch (err) {
      throw new TypeError(`send_event "${event}": detail cannot be serialised to JSON: ${describe(err)}`);
    }
    const why = unsendable(text, "detail", leaves);
    if (why !== null) {
      // Too deep is a RangeError, a lone surrogate a TypeError (a value JSON cannot carry).
      throw new (why.includes("too deep") ? RangeError : TypeError)(`send_event "${event}": ${why}`);
    }
    enqueue(text, (err) => console.error(`${LOG} event "${event}" was not delivered:`, err), undefined, leaves);
  }

  // event -> array of { handler, once, removed }. Arrays are copy-on-write, so a delivery in
  // progress iterates a stable snapshot: handlers added during it wait for the next one, and
  // the `removed` flag skips handlers taken off during it.
  const listeners = new Map();

  // The window's events (upstream AuroraView's names): Python sends them only to a page that
  // listens, so pages that do not pay for them and nothing waits for a page that cannot hear.
  const WINDOW_EVENTS = new Set(["shown", "hidden", "focused", "blurred", "resized", "moved",
    "minimized", "maximized", "restored", "closing"]);
  const windowEventsAsked = new Set();

  function listen(event, handler, once) {
    requireName(event, "event");
    if (typeof handler !== "function") throw new TypeError("auroraview: handler must be a function");
    const record = { handler, once, removed: false };
    listeners.set(event, (listeners.get(event) || []).concat(record));
    if (WINDOW_EVENTS.has(event) && !windowEventsAsked.has(event)) {
      windowEventsAsked.add(event);
      send_event("auroraview:window_events", { event });
    }
    return () => removeWhere(event, (r) => r === record);
  }

  function removeWhere(event, match) {
    const list = listeners.get(event);
    if (!list) return;
    const kept = [];
    for (const r of list) {
      if (match(r)) r.removed = true;
      else kept.push(r);
    }
    if (kept.length > 0) listeners.set(event, kept);
    else listeners.delete(event);
  }

  function on(event, handler) {
    return listen(event, handler, false);
  }

  function once(event, handler) {
    return listen(event, handler, true);
  }

  function off(event, handler) {
    requireName(event, "event");
    removeWhere(event, handler === undefined ? () => true : (r) => r.handler === handler);
  }

  function deliver(event, data) {
    for (const r of listeners.get(event) || []) {
      if (r.removed) continue;
      if (r.once) removeWhere(event, (x) => x === r);
      try {
        r.handler(data);
      } catch (err) {
        console.error(`${LOG} handler for "${event}" threw:`, err);
      }
    }
  }

  function trigger(event, data) {
    requireName(event, "event");
    deliver(event, data);
  }

  // A big payload from native comes as ["__auroraview_blob__", {event, url}]: the page reads the
  // payload once from the URL (XHR: fetch() takes no custom scheme before Qt 6.6; readPayload
  // makes the value), and what native sent after it waits, so the page sees everything in
  // order. A call's big result comes as {event: "__auroraview_call_result", id, url}: the URL
  // holds the result alone, and a read that fails settles the call with the error rather than
  // leaving it to time out.
  const BLOB = "__auroraview_blob__";
  const backlog = [];
  let reading = false;

  function readBlob(ref) {
    reading = true;
    const x = new XMLHttpRequest();
    x.open("GET", ref.url);
    x.responseType = "arraybuffer";
    const done = () => {
      reading = false;
      while (backlog.length > 0 && !reading) handle(backlog.shift());
    };
    const isResult = ref.event === CALL_RESULT;
    const failed = (why) => {
      console.error(`${LOG} the payload of event "${ref.event}" could not be read from ${ref.url}:`, why);
      if (isResult) {
        settle({ id: ref.id, ok: false,
          error: { code: "BAD_MESSAGE", message: `the call's result could not be read: ${why}` } });
      }
    };
    x.onload = () => {
      let data;
      try {
        if (x.status !== 200 && x.status !== 0) throw new Error(`status ${x.status}`);
        data = readPayload(x.response);
      } catch (err) {
        failed(err);
      }
      if (data !== undefined) {
        try {
          route(isResult ? CALL_RESULT : ref.event, isResult ? { id: ref.id, ok: true, result: data } : data);
        } catch (err) {
          console.error(`${LOG} bad message from native:`, ref, err);
        }
      }
      done();
    };
    x.onerror = () => {
      failed("the request failed");
      done();
    };
    x.send();
  }

  // Entry point for native. It runs inside runJavaScript, where nobody would see an exception,
  // so it reports problems on the console and always returns normally.
  function dispatch(batch) {
    if (!Array.isArray(batch)) {
      console.error(`${LOG} __dispatch expects an array of [event, data] pairs, got`, batch);
      return;
    }
    for (const pair of batch) {
      if (reading) backlog.push(pair);
      else handle(pair);
    }
  }

  function handle(pair) {
    try {
      if (!Array.isArray(pair) || typeof pair[0] !== "string") {
        throw new TypeError("expected an [event, data] pair");
      }
      route(pair[0], revive(pair[1]));
    } catch (err) {
      console.error(`${LOG} bad message from native:`, pair, err);
    }
  }

  function route(event, data) {
    if (event === BLOB) readBlob(data);
    else if (event === CALL_RESULT) settle(data);
    else if (nativeEvents.has(event)) nativeEvents.get(event)(data);
    else deliver(event, data);
  }


  // ==== upstream AuroraView's page API: isReady, invoke, state, channel, bound methods ==========
  //
  // Their Python side is python_pkg/auroraview/core/. The events named here are reserved: the
  // ones upstream's pages may listen to themselves (__state_sync__ and the three __channel_*
  // events) still reach `on` handlers after the bridge has used them; the others do not.

  const INVOKE = "__invoke__";
  const INVOKE_RESULT = "__invoke_result__";
  const STATE_SYNC = "__state_sync__";
  const STATE_UPDATE = "__state_update__";
  const CHANNEL_OPEN = "__channel_open__";
  const CHANNEL_MESSAGE = "__channel_message__";
  const CHANNEL_CLOSE = "__channel_close__";
  const CHANNEL_ACK = "auroraview:channel_ack";
  const BOUND_METHODS = "auroraview:bound_methods";

  const hasOwn = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

  // Calls each handler with args; one that throws is reported and the others still run.
  function callEach(handlers, args, what) {
    for (const handler of handlers) {
      try {
        handler(...args);
      } catch (err) {
        console.error(`${LOG} ${what} handler threw:`, err);
      }
    }
  }

  // A copy of `list` without the first `item` (handler lists are copy-on-write, as listeners).
  function without(list, item) {
    const i = list.indexOf(item);
    return i === -1 ? list : list.slice(0, i).concat(list.slice(i + 1));
  }

  function requireHandler(handler, what) {
    if (typeof handler !== "function") throw new TypeError(`auroraview: ${what}: handler must be a function`);
  }

  // The bridge is installed before any page script runs, so it is ready whenever a page can ask.
  function isReady() {
    return true;
  }

  // ---- invoke: Python commands (view.command) ----

  function invoke(command, args, options) {
    let answer;
    if (typeof command !== "string" || command === "") {
      answer = Promise.reject(new AuroraViewError("invoke: command must be a non-empty string",
        { code: "MISSING_COMMAND", name: "CommandError" }));
    } else {
      const id = nextId;
      const envelope = { type: "event", event: INVOKE, detail: { id, command, args: args === undefined ? {} : args } };
      answer = request(id, envelope, `invoke "${command}"`, "args", options, () => {});
    }
    // As upstream's CommandError: the command's details (or {}) are err.details too.
    return answer.catch((err) => {
      err.details = err.data === undefined ? {} : err.data;
      throw err;
    });
  }

  // ---- getBoundMethods / isMethodBound: Python's view.get_bound_methods(), as last sent ----

  let boundMethods = [];
  let boundSet = new Set();

  function setBoundMethods(names) {
    if (!Array.isArray(names)) return;
    boundMethods = names.filter((name) => typeof name === "string");
    boundSet = new Set(boundMethods);
  }

  function getBoundMethods() {
    return boundMethods.slice();
  }

  function isMethodBound(method) {
    return boundSet.has(method);
  }

  // ---- state: auroraview.state, the page's side of view.state ----

  const stateData = {};
  const DELETED = Symbol("deleted");
  let stateOut = new Map(); // key -> value or DELETED: the page's changes not sent yet
  let stateHandlers = [];

  // Own data properties only ("__proto__" is a key like any other).
  function putState(key, value) {
    Object.defineProperty(stateData, key, { value, writable: true, enumerable: true, configurable: true });
  }

  const stateMethods = {
    onChange(handler) {
      requireHandler(handler, "state.onChange");
      stateHandlers = stateHandlers.concat(handler);
      return () => {
        stateHandlers = without(stateHandlers, handler);
      };
    },
    offChange(handler) {
      stateHandlers = without(stateHandlers, handler);
    },
    toJSON: () => Object.fromEntries(Object.entries(stateData)),
    keys: () => Object.keys(stateData),
  };

  function queueStateChange(key, value) {
    if (stateOut.size === 0) queueMicrotask(sendStateChanges);
    stateOut.set(key, value);
  }

  // Every change of the task as one message; enqueue() sends them earlier, before any envelope
  // queued after them.
  function sendStateChanges() {
    if (stateOut.size === 0) return;
    const out = stateOut;
    stateOut = new Map();
    const changes = [];
    const deleted = [];
    for (const [key, value] of out) {
      if (value === DELETED) deleted.push(key);
      else changes.push([key, value]);
    }
    const detail = { changes: Object.fromEntries(changes) };
    if (deleted.length > 0) detail.deleted = deleted;
    try {
      send_event(STATE_UPDATE, detail);
    } catch (err) {
      console.error(`${LOG} state changes were not sent:`, err);
    }
  }

  function setState(key, value) {
    if (typeof key !== "string") throw new TypeError("auroraview.state: keys are strings");
    if (hasOwn(stateMethods, key)) throw new TypeError(`auroraview.state.${key} is a method, not a key`);
    const sent = value === undefined ? null : value;
    let json;
    try {
      json = stringify(sent);
    } catch (err) {
      throw new TypeError(`auroraview.state.${key}: the value cannot be serialised to JSON: ${describe(err)}`);
    }
    if (json === undefined) {
      throw new TypeError(`auroraview.state.${key}: a ${typeof value} cannot be serialised to JSON`);
    }
    // As it will travel: {"type":"event","event":...,"detail":{"changes":{key: value}}}.
    const why = unsendable(`{"detail":{"changes":{${JSON.stringify(key)}:${json}}}}`, `auroraview.state.${key}`);
    if (why !== null) throw new (why.includes("too deep") ? RangeError : TypeError)(why);
    if (hasOwn(stateData, key) && stateData[key] === value) return;
    putState(key, value);
    queueStateChange(key, sent);
    callEach(stateHandlers, [key, value, "javascript"], "state change");
  }

  const state = new Proxy(stateData, {
    get: (target, key) => (hasOwn(stateMethods, key) ? stateMethods[key] : Reflect.get(target, key)),
    set(target, key, value) {
      setState(key, value);
      return true;
    },
    deleteProperty(target, key) {
      if (typeof key === "string" && hasOwn(stateData, key)) {
        delete stateData[key];
        queueStateChange(key, DELETED);
        callEach(stateHandlers, [key, undefined, "javascript"], "state change");
      }
      return true;
    },
    defineProperty() {
      throw new TypeError("auroraview.state: assign keys (auroraview.state.key = value) to share them");
    },
  });

  // Python's changes (upstream's message types). A change of a key the page has not sent yet is
  // dropped: Python never hears of it, so both sides keep Python's.
  function applyStateSync(message) {
    if (!message || typeof message !== "object") return;
    const data = message.data && typeof message.data === "object" ? message.data : {};
    const changes = [];
    if (message.type === "set") changes.push([message.key, message.value]);
    else if (message.type === "delete") changes.push([message.key, DELETED]);
    else if (message.type === "clear" || message.type === "full") {
      for (const key of Object.keys(stateData)) if (!hasOwn(data, key)) changes.push([key, DELETED]);
    }
    if (message.type === "batch" || message.type === "full") changes.push(...Object.entries(data));
    if (message.type === "batch" && Array.isArray(message.deleted)) {
      for (const key of message.deleted) changes.push([key, DELETED]);
    }
    for (const [key, value] of changes) {
      if (typeof key !== "string") continue;
      stateOut.delete(key);
      if (value === DELETED) {
        if (!hasOwn(stateData, key)) continue;
        delete stateData[key];
        callEach(stateHandlers, [key, undefined, "python"], "state change");
      } else {
        putState(key, value);
        callEach(stateHandlers, [key, value, "python"], "state change");
      }
    }
  }

  // ---- channel: auroraview.channel(id), the page's end of a Python Channel ----

  const channels = new Map(); // id -> the channel's control (below), until it closes
  let acks = new Map(); // id -> messages page code took this task, sent as one CHANNEL_ACK

  function acknowledge(id, count) {
    if (acks.size === 0) queueMicrotask(sendAcks);
    acks.set(id, (acks.get(id) || 0) + count);
  }

  function sendAcks() {
    const taken = Object.fromEntries(acks);
    acks = new Map();
    try {
      send_event(CHANNEL_ACK, taken);
    } catch (err) {
      console.error(`${LOG} channel acknowledgements were not sent:`, err);
    }
  }

  // A message is taken once page code got it: an onMessage handler, or an `on` handler of
  // CHANNEL_MESSAGE. Until then it is held (Python sends at most its channel's capacity untaken).
  function openChannel(id) {
    let messageHandlers = [];
    let closeHandlers = [];
    let held = [];
    let closed = false;
    const channel = {
      id,
      onMessage(handler) {
        requireHandler(handler, "channel.onMessage");
        messageHandlers = messageHandlers.concat(handler);
        const waiting = held;
        held = [];
        for (const data of waiting) callEach([handler], [data], `channel "${id}" message`);
        if (waiting.length > 0) acknowledge(id, waiting.length);
        return () => {
          messageHandlers = without(messageHandlers, handler);
        };
      },
      onClose(handler) {
        requireHandler(handler, "channel.onClose");
        if (closed) {
          callEach([handler], [], `channel "${id}" close`);
          return () => {};
        }
        closeHandlers = closeHandlers.concat(handler);
        return () => {
          closeHandlers = without(closeHandlers, handler);
        };
      },
      get isClosed() {
        return closed;
      },
    };
    return {
      channel,
      receive(data) {
        if (messageHandlers.length > 0) callEach(messageHandlers, [data], `channel "${id}" message`);
        else if (!listeners.has(CHANNEL_MESSAGE)) {
          held.push(data);
          return;
        }
        acknowledge(id, 1);
      },
      close() {
        closed = true;
        const handlers = closeHandlers;
        messageHandlers = [];
        closeHandlers = [];
        callEach(handlers, [], `channel "${id}" close`);
      },
    };
  }

  function controlOf(id) {
    if (!channels.has(id)) channels.set(id, openChannel(id));
    return channels.get(id);
  }

  function channel(id) {
    requireName(id, "channel id");
    return controlOf(id).channel;
  }

  function channelEvent(event, message) {
    const id = message && typeof message.channel_id === "string" ? message.channel_id : null;
    if (id !== null && event === CHANNEL_CLOSE) {
      if (channels.has(id)) channels.get(id).close();
      channels.delete(id);
    } else if (id !== null) {
      const control = controlOf(id); // an open makes the channel, as a first message does
      if (event === CHANNEL_MESSAGE) control.receive(message.data);
    }
    deliver(event, message);
  }

  // ---- stream: auroraview.stream(method, params), a Python generator as an async iterator ----
  //
  // Python pulls an item only while it has credit: the page grants `window` items when it opens
  // the stream and gives credit back as page code takes items (an ack per quarter window), so at
  // most `window` items wait here, whatever Python's speed (python_pkg/auroraview/core/streams.py).

  const STREAM_OPEN = "auroraview:stream_open";
  const STREAM_DATA = "auroraview:stream";
  const STREAM_ACK = "auroraview:stream_ack";
  const STREAM_CANCEL = "auroraview:stream_cancel";
  const DEFAULT_STREAM_WINDOW = 1024;
  const MAX_STREAM_WINDOW = 65536;
  // Stream ids are unique per document, so nothing an old page's stream left in flight reaches
  // a stream of the next one.
  const streamPrefix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}:`;
  let nextStream = 1;
  const streams = new Map(); // id -> the stream's control, until it ends
  let streamAcks = new Map(); // id -> items taken not yet acknowledged, sent in one STREAM_ACK

  function sendStreamAcks() {
    const taken = Object.fromEntries(streamAcks);
    streamAcks = new Map();
    try {
      send_event(STREAM_ACK, taken);
    } catch (err) {
      console.error(`${LOG} stream acknowledgements were not sent:`, err);
    }
  }

  function cancelledError(what) {
    return new AuroraViewError(`${what} was cancelled`, { code: "CANCELLED" });
  }

  function stream(method, params, options) {
    requireName(method, "stream method");
    const window = options && options.window !== undefined ? options.window : DEFAULT_STREAM_WINDOW;
    if (!Number.isInteger(window) || window < 1 || window > MAX_STREAM_WINDOW) {
      throw new RangeError(`auroraview.stream: options.window must be an integer from 1 to ${MAX_STREAM_WINDOW}`);
    }
    const signal = options && options.signal;
    const id = `${streamPrefix}${nextStream++}`;
    const what = `stream "${method}"`;
    const step = Math.max(1, Math.floor(window / 4));
    let items = [];
    let head = 0; // items[head] is the next one to take
    let taken = 0; // items taken since the last acknowledgement
    let ended = false; // no more items will come (done, error, cancel)
    let failure = null;
    let waiter = null; // { resolve, reject } of a next() waiting for an item

    function wake() {
      if (waiter === null) return;
      const w = waiter;
      waiter = null;
      if (head < items.length) w.resolve(takeOne());
      else if (failure !== null) w.reject(failure);
      else w.resolve({ value: undefined, done: true });
    }

    function takeOne() {
      const value = items[head];
      items[head++] = undefined;
      if (head === items.length) {
        items = [];
        head = 0;
      }
      if (!ended && ++taken >= step) {
        if (streamAcks.size === 0) queueMicrotask(sendStreamAcks);
        streamAcks.set(id, (streamAcks.get(id) || 0) + taken);
        taken = 0;
      }
      return { value, done: false };
    }

    function end(error) {
      if (ended) return;
      ended = true;
      failure = error;
      streams.delete(id);
      streamAcks.delete(id);
      if (signal) signal.removeEventListener("abort", onAbort);
      wake();
    }

    // The page gives up: Python closes the generator; what was not taken yet is dropped.
    function cancel(error) {
      if (ended) return;
      sendControl({ type: "event", event: STREAM_CANCEL, detail: { id } });
      items = [];
      head = 0;
      end(error);
    }

    function onAbort() {
      cancel(cancelledError(what));
    }

    const control = {
      receive(message) {
        if (ended) return;
        if (Array.isArray(message.items)) {
          for (const item of message.items) items.push(item);
        }
        if (message.done === true) end(null);
        else if (message.error) {
          const e = message.error;
          const code = e.code || "HANDLER_ERROR";
          end(new AuroraViewError(e.message !== undefined ? String(e.message) : code,
            { code, name: e.name, data: e.data }));
        }
        wake();
      },
      unload: () => end(cancelledError(`${what}: the page is unloading, so it`)),
    };

    const iterator = {
      next() {
        if (head < items.length) return Promise.resolve(takeOne());
        if (ended) return failure !== null ? Promise.reject(failure) : Promise.resolve({ value: undefined, done: true });
        if (waiter !== null) return Promise.reject(new TypeError(`auroraview: ${what}: next() called again before the last one settled`));
        return new Promise((resolve, reject) => {
          waiter = { resolve, reject };
        });
      },
      return(value) {
        cancel(null);
        return Promise.resolve({ value, done: true });
      },
      throw(err) {
        cancel(null);
        return Promise.reject(err);
      },
      cancel() {
        cancel(cancelledError(what));
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };

    if (signal && signal.aborted) {
      ended = true;
      failure = cancelledError(what);
      return iterator;
    }
    const detail = { id, method, window };
    if (params !== undefined) detail.params = params;
    send_event(STREAM_OPEN, detail);
    streams.set(id, control);
    if (signal) signal.addEventListener("abort", onAbort);
    return iterator;
  }

  function streamEvent(message) {
    const control = message && typeof message.id === "string" ? streams.get(message.id) : undefined;
    if (control) control.receive(message);
  }

  function cancelStreams() {
    for (const control of Array.from(streams.values())) control.unload();
    for (const control of Array.from(writers.values())) control.unload();
  }

  // ---- openStream: auroraview.openStream(method, params), the page writing to an async handler ----
  //
  // The page may send `window` items before Python gives credit back: Python acknowledges items
  // as its handler takes them (a quarter window at a time), so at most `window` items wait in
  // Python, and a write() past the credit waits for it (python_pkg/auroraview/core/uploads.py).

  const WRITE_OPEN = "auroraview:write_open";
  const WRITE_DATA = "auroraview:write";
  const WRITE_ACK = "auroraview:write_ack";
  const writers = new Map(); // id -> the stream's control, until it ends
  let nextWriter = 1;

  function openStream(method, params, options) {
    requireName(method, "stream method");
    const window = options && options.window !== undefined ? options.window : DEFAULT_STREAM_WINDOW;
    if (!Number.isInteger(window) || window < 1 || window > MAX_STREAM_WINDOW) {
      throw new RangeError(`auroraview.openStream: options.window must be an integer from 1 to ${MAX_STREAM_WINDOW}`);
    }
    const signal = options && options.signal;
    const id = `${streamPrefix}w${nextWriter++}`;
    const what = `stream "${method}"`;
    let credit = window;
    let batch = []; // items written, not sent yet (sent on a timer, or when the credit runs out)
    let flushTimer = null;
    const waiting = []; // { value, resolve, reject } of writes waiting for credit
    let closing = false;
    let ended = false;
    let failure = null;
    let settleClose;
    const closed = new Promise((resolve, reject) => {
      settleClose = { resolve, reject };
    });
    closed.catch(() => {}); // a stream nobody close()s must not report an unhandled rejection

    function flush() {
      if (flushTimer !== null) {
        clearTimeout(flushTimer);
        flushTimer = null;
      }
      if (batch.length === 0 || ended) return;
      const items = batch;
      batch = [];
      try {
        send_event(WRITE_DATA, { id, items });
      } catch (err) {
        abort(err, err);
      }
    }

    function take(value) {
      credit--;
      batch.push(value);
      if (credit === 0) flush();
      else if (flushTimer === null) flushTimer = setTimeout(flush, 0);
    }

    function sendClose() {
      flush();
      if (!ended) send_event(WRITE_DATA, { id, close: true });
    }

    function end(error, result) {
      if (ended) return;
      ended = true;
      failure = error;
      writers.delete(id);
      batch = [];
      if (flushTimer !== null) clearTimeout(flushTimer);
      if (signal) signal.removeEventListener("abort", onAbort);
      for (const w of waiting.splice(0)) w.reject(error || earlyEnd());
      if (error) settleClose.reject(error);
      else settleClose.resolve(result);
    }

    function earlyEnd() {
      return new AuroraViewError(`${what}: its Python handler returned before the page closed it`,
        { code: "CANCELLED" });
    }

    // The page gives up (abort(), its signal, an item that is not JSON): Python cancels the
    // handler; close() and the writes waiting reject with error.
    function abort(reason, error) {
      if (ended) return;
      sendControl({ type: "event", event: WRITE_DATA, detail: { id, abort: reason === undefined ? null : String(reason) } });
      end(error || cancelledError(what));
    }

    function onAbort() {
      abort(signal.reason);
    }

    const control = {
      receive(message) {
        if (ended) return;
        if (message.done === true) end(null, message.result);
        else if (message.error) {
          const e = message.error;
          const code = e.code || "HANDLER_ERROR";
          end(new AuroraViewError(e.message !== undefined ? String(e.message) : code,
            { code, name: e.name, data: e.data }));
        } else if (Number.isInteger(message.n) && message.n > 0) {
          credit += message.n;
          while (credit > 0 && waiting.length > 0) {
            const w = waiting.shift();
            take(w.value);
            w.resolve();
          }
          if (closing && waiting.length === 0) sendClose();
        }
      },
      unload: () => end(cancelledError(`${what}: the page is unloading, so it`)),
    };

    const writer = {
      write(value) {
        if (ended) return Promise.reject(failure || earlyEnd());
        if (closing) return Promise.reject(new TypeError(`auroraview: ${what}: write() after close()`));
        if (credit > 0 && waiting.length === 0) {
          take(value);
          return Promise.resolve();
        }
        return new Promise((resolve, reject) => waiting.push({ value, resolve, reject }));
      },
      close() {
        if (!closing && !ended) {
          closing = true;
          if (waiting.length === 0) sendClose();
        }
        return closed;
      },
      abort(reason) {
        abort(reason);
      },
    };

    if (signal && signal.aborted) {
      end(cancelledError(what));
      return writer;
    }
    const detail = { id, method, window };
    if (params !== undefined) detail.params = params;
    send_event(WRITE_OPEN, detail);
    writers.set(id, control);
    if (signal) signal.addEventListener("abort", onAbort);
    return writer;
  }

  function writerEvent(message) {
    const control = message && typeof message.id === "string" ? writers.get(message.id) : undefined;
    if (control) control.receive(message);
  }

  // The native events this section takes (dispatch() asks it first).
  const nativeEvents = new Map([
    [INVOKE_RESULT, settle],
    [BOUND_METHODS, setBoundMethods],
    [STATE_SYNC, (message) => {
      applyStateSync(message);
      deliver(STATE_SYNC, message);
    }],
    [CHANNEL_OPEN, (message) => channelEvent(CHANNEL_OPEN, message)],
    [CHANNEL_MESSAGE, (message) => channelEvent(CHANNEL_MESSAGE, message)],
    [CHANNEL_CLOSE, (message) => channelEvent(CHANNEL_CLOSE, message)],
    [STREAM_DATA, streamEvent],
    [WRITE_ACK, writerEvent],
  ]);

  const upstreamPageApi = {
    isReady,
    invoke,
    invokeCommand: invoke,
    state,
    channel,
    getBoundMethods,
    isMethodBound,
  };

  // ==== end of upstream AuroraView's page API ===================================================

  // ---- api proxy ----------------------------------------------------------------------------

  // auroraview.api.a.b(p) === call("api.a.b", p). It keeps no state, so it works before any
  // method is bound and in every new document. Names that the language itself probes on any
  // object (`then` by await, `toJSON` by JSON.stringify, `toString`/`valueOf` by string
  // conversion, and all symbols) are read from the plain target function instead, so those
  // probes never turn into remote calls. An arrow function is the target because it has no
  // non-configurable own properties that the proxy invariants would pin.
  const PROBED_NAMES = new Set(["then", "toJSON", "toString", "valueOf"]);

  function apiProxy(path) {
    return new Proxy(() => {}, {
      get(target, prop) {
        if (typeof prop === "symbol" || PROBED_NAMES.has(prop)) return Reflect.get(target, prop);
        return apiProxy(`${path}.${prop}`);
      },
      apply(target, thisArg, args) {
        return call(path, args[0], args[1]);
      },
    });
  }

  // ---- install ------------------------------------------------------------------------------

  const bridge = {
    version: VERSION,
    AuroraViewError,
    call,
    send_event,
    on,
    off,
    once,
    trigger,
    stream,
    openStream,
    api: apiProxy("api"),
    whenReady: () => Promise.resolve(bridge),
    ...upstreamPageApi,
    get pending() {
      return pending.size;
    },
  };
  // auroraview.<ns>.x(p) === call("<ns>.x", p) for each namespace Python bound methods under
  // (bind_call("tool.x"), bind_api(obj, "tool")): the view's page script names them before the
  // page's scripts run. A name the bridge already has (call, on, api, ...) is never replaced.
  function addNamespaces(names) {
    for (const ns of names) {
      if (typeof ns === "string" && ns && !(ns in bridge)) {
        Object.defineProperty(bridge, ns, { value: apiProxy(ns), enumerable: true });
      }
    }
  }

  // Non-enumerable and read-only: the native entry point must not be clobbered by accident.
  Object.defineProperty(bridge, "__dispatch", { value: dispatch });
  Object.defineProperty(bridge, "__namespaces", { value: addNamespaces });
  Object.defineProperty(bridge, MARKER, { value: true });
  window.auroraview = bridge;
  // Inside AuroraView the transport hands native's batches to dispatch, from its own closure.
  if (window.ipc && typeof window.ipc.__receive === "function") window.ipc.__receive(dispatch);

  window.addEventListener("pagehide", cancelAll);
  window.addEventListener("beforeunload", cancelAll);
  window.addEventListener("pagehide", cancelStreams);

  // Announce once the document has been parsed. We run at document creation, before any page
  // script: an event fired now could not reach a page's addEventListener("auroraviewready"),
  // and native events pushed in answer to "ready" would find no `on` handlers yet. Calls made
  // earlier are not held back; they may reach native before "ready".
  function announce() {
    sendControl({ type: "ready", url: String(window.location.href) });
    window.dispatchEvent(new CustomEvent("auroraviewready", { detail: { version: VERSION } }));
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", announce, { once: true });
  } else {
    announce();
  }
})();
