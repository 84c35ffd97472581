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
 * shim from Qt's meta-object, so no handshake is needed.
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
  Object.defineProperty(window, "ipc", {
    value: Object.freeze({ postMessage, __auroraview_transport: true }),
    configurable: false,
    writable: false,
  });
})();
