"""Async handlers in a host that runs its own asyncio loop on the main thread (issue 17 item 4):
the awaitable is scheduled on that loop, not on auroraview's own. Here the host is a PyQt
application pumped from a coroutine under asyncio.run() (as asyncio-and-Qt tools do); the page's
async call and async event run on the running loop."""
import asyncio
import sys

from harness import pyqt, report

QtCore, QtWidgets = pyqt("QtCore"), pyqt("QtWidgets")
QtCore.QCoreApplication.setAttribute(QtCore.Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
app = QtWidgets.QApplication(sys.argv)

import auroraview  # noqa: E402  (after the host's application)

PAGE = """<!doctype html><script>
auroraview.whenReady().then(async () => {
  const r = await auroraview.call("api.where");
  auroraview.send_event("ev", {});
  auroraview.send_event("report", r);
});
</script>"""

seen = {}


async def main():
    host_loop = asyncio.get_running_loop()
    view = auroraview.WebView(title="host loop", html=PAGE)

    @view.bind_call("api.where")
    async def where():
        await asyncio.sleep(0.01)
        return {"on_host_loop": asyncio.get_running_loop() is host_loop}

    @view.on("ev")
    async def ev(_):
        await asyncio.sleep(0)
        seen["event_on_host_loop"] = asyncio.get_running_loop() is host_loop

    @view.on("report")
    def on_report(r):
        seen["call"] = r

    view.show()
    deadline = host_loop.time() + 60  # a hang guard
    while not ("call" in seen and "event_on_host_loop" in seen) and host_loop.time() < deadline:
        app.processEvents()  # the host's Qt events, from its asyncio loop
        await asyncio.sleep(0.005)
    view.close()
    seen["auroraview_loop_made"] = sys.modules.get("auroraview._aio") is not None and \
        sys.modules["auroraview._aio"]._driver is not None


asyncio.run(main())
report(seen)
