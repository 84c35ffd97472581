/*
 * AuroraView transport: defines window.ipc.postMessage(text), the low-level
 * way a trusted page sends one UTF-8 string to native. Injected by the Qt
 * shim at document creation, before the bridge.
 *
 * It speaks Qt's WebChannel transport directly, without qwebchannel.js: one
 * SetProperty message (type 9) per post, writing the text into the "inbox"
 * property of the shim's endpoint object, whose setter hands it to core.
 * The transport is usable synchronously at document creation (no Init
 * round trip, so nothing has to wait in a queue), and Qt answers a
 * SetProperty with nothing (an InvokeMethod would cost a Response message
 * back to the page per post). The property's index is written in by the
 * shim from Qt's meta-object, so no handshake is needed; so is the index of
 * the endpoint's pushed(QString) signal, which brings batches the other way.
 * See docs/architecture.md, "Transport between page and shim".
 *
 * Length: Qt parses every message (QJsonDocument) on the host's main thread
 * before any code of ours sees it: on Qt 6 a post of 150 M characters held
 * the host's main thread for 1.8-2.2 s here (8 s on the red-team issue's
 * machine) only to be refused as too large.
 * So a post longer than the view's limit (the core's message size, in UTF-16
 * units: a longer text cannot fit its bytes) is refused here, in the page:
 * postMessage throws a RangeError whose code is "PAYLOAD_TOO_LARGE", and a
 * short {"type":"too_large"} report goes to native in its place, so the host
 * counts and logs it. What reaches Qt is bounded twice: the text by the
 * limit, its JSON-escaped form on the wire by twice that (what a JSON text
 * can grow to when escaped) and by what this Qt's WebChannel carries.
 *
 * Nothing else in the page can post: Qt's transport object (window.qt) is
 * captured in this closure and removed from the page, and the functions used
 * here are captured before any page script runs, so a page script can
 * neither call the raw transport nor change what postMessage sends.
 */
(function () {
  "use strict";
  if (window.ipc && window.ipc.__auroraview_transport) return;
  const transport = window.qt && window.qt.webChannelTransport;
  if (!transport) return; // not the main frame, or no channel: no bridge here
  const send = transport.send.bind(transport);
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const StringOf = String;
  const Range = RangeError;
  const head = '{"type":9,"object":"auroraview_ipc","property":__AV_INBOX_PROPERTY__,"value":';
  // The view's limit of one message, and of one post: the message limit within what this Qt's
  // WebChannel carries (shim_qt_compat.h) and within 16 Mi units, since a post's length is the
  // host's stall while Qt parses it, however high the message limit is set (1 GiB by default).
  // A longer message goes in pieces (the bridge's).
  const maxMessage = __AV_MAX_POST_UNITS__;
  const maxUnits = Math.min(maxMessage, __AV_MAX_WIRE_UNITS__, 1 << 24);
  const maxWire = Math.min(2 * maxUnits + 2, __AV_MAX_WIRE_UNITS__);

  // Written by hand: stringify of an object would consult a toJSON a page script can put on
  // Object.prototype; numbers and literals concatenate without calling page code.
  function refuse(message, length, wire) {
    const detail = `{"length":${length},"limit":${maxUnits}${wire === undefined ? "" : `,"wire":${wire}`}}`;
    send(head + stringify(`{"type":"too_large","detail":${detail}}`) + "}");
    const err = new Range(message);
    err.code = "PAYLOAD_TOO_LARGE";
    throw err;
  }

  function postMessage(text) {
    const s = StringOf(text);
    if (s.length > maxUnits) {
      refuse(`message of ${s.length} characters is above the transport's limit of ${maxUnits}`, s.length);
    }
    const body = stringify(s);
    if (body.length > maxWire) {
      refuse(`message of ${s.length} characters escapes to ${body.length} on the wire, above the ` +
        `transport's limit of ${maxWire}`, s.length, body.length);
    }
    send(head + body + "}");
  }

  // Native -> page. The bridge registers its dispatcher once (__receive, first caller wins: the
  // bridge runs next, in the same injected script, before any page script); batches reach it from
  // here only, never through a name the page could redefine. Small batches come as the endpoint's
  // pushed(QString) signal, subscribed to now (ConnectToSignal, no Init handshake); large ones as
  // a runJavaScript of window.ipc.__dispatch, which the page cannot replace (frozen and fixed).
  let dispatch = null;
  function deliver(batch) {
    if (dispatch) dispatch(batch);
  }
  const pushed = __AV_PUSHED_SIGNAL__; // -1: this Qt sends every batch by runJavaScript
  function onmessage(message) {
    const msg = typeof message.data === "string" ? parse(message.data) : message.data;
    if (msg && msg.type === 1 && msg.object === "auroraview_ipc" && msg.signal === pushed) {
      deliver(parse(msg.args[0]));
    }
  }

  // Qt's transport leaves the page's reach: window.qt is replaced, for good, by an object that
  // holds only our onmessage (Qt's renderer looks up window.qt.webChannelTransport.onmessage to
  // hand over each message it brings, so that lookup must keep working) and no send: a page
  // script can neither post around postMessage's limits nor plant its own onmessage.
  try {
    delete window.qt;
  } catch (e) {
    // not configurable: the definition below then fails, and the page keeps Qt's object
  }
  const shield = pushed >= 0 ? Object.freeze({ webChannelTransport: Object.freeze({ onmessage }) }) : undefined;
  Object.defineProperty(window, "qt", { value: shield, configurable: false, writable: false });
  if (pushed >= 0) send('{"type":7,"object":"auroraview_ipc","signal":' + pushed + "}");

  Object.defineProperty(window, "ipc", {
    value: Object.freeze({
      postMessage,
      maxLength: maxUnits,
      maxMessage,
      __auroraview_transport: true,
      __receive(fn) {
        if (dispatch === null && typeof fn === "function") dispatch = fn;
      },
      __dispatch: deliver,
    }),
    configurable: false,
    writable: false,
  });
})();
