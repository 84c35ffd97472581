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
 */
(function () {
  "use strict";
  if (window.ipc && window.ipc.__auroraview_transport) return;
  const transport = window.qt && window.qt.webChannelTransport;
  if (!transport) return; // not the main frame, or no channel: no bridge here
  const send = transport.send.bind(transport);
  const head = '{"type":9,"object":"auroraview_ipc","property":__AV_INBOX_PROPERTY__,"value":';
  // Qt 5's WebChannel loses longer messages (shim_qt_compat.h): refused here, where the
  // sender still hears of it.
  const maxUnits = __AV_MAX_POST_UNITS__;
  function postMessage(text) {
    const s = String(text);
    if (s.length > maxUnits) {
      throw new RangeError(`message of ${s.length} characters is above the transport's limit of ${maxUnits}`);
    }
    send(head + JSON.stringify(s) + "}");
  }

  // Native -> page. The bridge registers its dispatcher once (__receive, first caller wins: the
  // bridge runs next, before any page script); batches reach it from here only, never through a
  // name the page could redefine. Small batches come as the endpoint's pushed(QString) signal,
  // subscribed to now (ConnectToSignal, no Init handshake); large ones as a runJavaScript of
  // window.ipc.__dispatch, which the page cannot replace (the property is frozen and fixed).
  let dispatch = null;
  function deliver(batch) {
    if (dispatch) dispatch(batch);
  }
  const pushed = __AV_PUSHED_SIGNAL__; // -1: this Qt sends every batch by runJavaScript
  if (pushed >= 0) {
    transport.onmessage = (message) => {
      const msg = typeof message.data === "string" ? JSON.parse(message.data) : message.data;
      if (msg && msg.type === 1 && msg.object === "auroraview_ipc" && msg.signal === pushed) {
        deliver(JSON.parse(msg.args[0]));
      }
    };
    send('{"type":7,"object":"auroraview_ipc","signal":' + pushed + "}");
  }

  Object.defineProperty(window, "ipc", {
    value: Object.freeze({
      postMessage,
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
