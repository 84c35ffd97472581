/*
 * AuroraView transport: defines window.ipc.postMessage(text), the low-level
 * way a trusted page sends one UTF-8 string to native. Injected by the Qt
 * shim at document creation, after qwebchannel.js and before the bridge.
 *
 * Messages sent before the channel is connected are queued and sent, in
 * order, once it is; nothing is dropped.
 */
(function () {
  "use strict";
  if (window.ipc && window.ipc.__auroraview_transport) return;
  let target = null;
  const early = [];
  function postMessage(text) {
    text = String(text);
    if (target) target.post(text);
    else early.push(text);
  }
  Object.defineProperty(window, "ipc", {
    value: Object.freeze({ postMessage, __auroraview_transport: true }),
    configurable: false,
    writable: false,
  });
  new QWebChannel(qt.webChannelTransport, function (channel) {
    target = channel.objects.auroraview_ipc;
    for (const text of early) target.post(text);
    early.length = 0;
  });
})();
