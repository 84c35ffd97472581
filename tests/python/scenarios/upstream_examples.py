"""Upstream AuroraView's examples that run here unchanged, each played again with the same calls
made the same way (our own pages, which drive themselves as a user would):
- custom_context_menu_demo: WebView(..., context_menu=False, debug=True), @on("menu_action"),
  load_html, show(); the page's own menu replaces the native one;
- multi_window_demo: WebView.create main and child windows, bind_call("api.*") decorators, a
  shared counter broadcast with emit() to every window; a child made from the page's call;
- local_assets_example: run_desktop(title=, width=, height=, html=, dev_tools=True,
  allow_file_protocol=True) with a page showing a local image by file:/// URL;
- wry_features_demo: run_app(..., dev_tools=True, splash_overlay=True, user_agent=...,
  download_prompt=True), the page showing navigator.userAgent and changing its title.
(qt_custom_menu_demo's QtWebView calls are played by qtwebview.py.) argv[1]: a scratch directory."""
import os
import struct
import sys
import zlib

from harness import capture_log, pyqt, report

import auroraview
from auroraview import WebView

QtCore, QtWidgets = pyqt("QtCore"), pyqt("QtWidgets")
log = capture_log()
out = {}

# ---- custom_context_menu_demo -------------------------------------------------------------------

MENU_PAGE = """<!doctype html><body style="height: 100vh">
<div id="context-menu" style="display: none; position: fixed">
  <div class="item" onclick="handleMenuAction('export')">Export</div>
  <div class="item" onclick="handleMenuAction('import')">Import</div>
</div><script>
const menu = document.getElementById('context-menu');
document.addEventListener('contextmenu', (e) => {
  e.preventDefault();
  menu.style.display = 'block';
});
function handleMenuAction(action) {
  if (window.auroraview) window.auroraview.send_event('menu_action', {action: action});
  menu.style.display = 'none';
}
window.addEventListener('auroraviewready', () => {
  const click = new MouseEvent('contextmenu', {bubbles: true, cancelable: true, button: 2});
  document.body.dispatchEvent(click);
  const shown = menu.style.display;
  window.auroraview.send_event('menu_shown', {shown, native_prevented: click.defaultPrevented});
  for (const item of document.querySelectorAll('.item')) item.click();
});
</script></body>"""

actions = []
webview = WebView(title="Custom Context Menu Demo", width=900, height=700, context_menu=False, debug=True)


@webview.on("menu_action")
def handle_menu_action(data):
    actions.append(data.get("action"))
    if len(actions) == 2:
        webview.close()


@webview.on("menu_shown")
def menu_shown(data):
    web = next(w for w in QtWidgets.QApplication.topLevelWidgets() if w.windowTitle() == webview.title)
    out["context_menu"] = dict(data, native_menu=web.contextMenuPolicy() != QtCore.Qt.ContextMenuPolicy.NoContextMenu)


webview.load_html(MENU_PAGE)
webview.show()
out["context_menu"]["actions"] = actions

# ---- multi_window_demo --------------------------------------------------------------------------

MAIN = """<title>Main</title><span id="counter">0</span><script>
window.addEventListener('auroraviewready', async () => {
  window.auroraview.on('counter:update', (data) => {
    document.getElementById('counter').textContent = data.value;
    if (data.value === 3) window.auroraview.send_event('main_saw', {counter: data.value});
  });
  await window.auroraview.api.create_child_window();
  await window.auroraview.api.update_counter({delta: 1});
});
</script>"""
CHILD = """<title>Child</title><script>
window.addEventListener('auroraviewready', async () => {
  const me = await window.auroraview.api.get_window_id();
  window.auroraview.on('counter:update', (data) => {
    if (data.value === 3) window.auroraview.send_event('child_saw', {id: me.id, counter: data.value});
  });
  await window.auroraview.api.update_counter({delta: 2});
});
</script>"""


class Manager:
    """As the demo's WindowManager: windows by id, and broadcast()."""

    def __init__(self):
        self.windows = {}
        self.counter = 0

    def broadcast(self, event, data):
        for window in self.windows.values():
            window.emit(event, data)


manager = Manager()
saw = {}


def create_child_window(window_id, floating=False):
    view = WebView.create(title=f"Child Window - {window_id}", html=CHILD, width=400, height=500,
                          always_on_top=floating)
    manager.windows[window_id] = view

    @view.bind_call("api.get_window_id")
    def get_window_id():
        return {"id": window_id}

    @view.bind_call("api.update_counter")
    def update_counter(delta: int):
        manager.counter += delta
        manager.broadcast("counter:update", {"value": manager.counter})

    @view.on("child_saw")
    def child_saw(data):
        saw["child"] = data
        if len(saw) == 2:
            main.close()

    return view


main = WebView.create(title="Multi-Window Demo - Main", html=MAIN, width=950, height=700)
manager.windows["main"] = main


@main.bind_call("api.create_child_window")
def create_child():
    create_child_window(f"child_{len(manager.windows)}")


@main.bind_call("api.update_counter")
def update_counter(delta: int):
    manager.counter += delta
    manager.broadcast("counter:update", {"value": manager.counter})


@main.on("main_saw")
def main_saw(data):
    saw["main"] = data
    if len(saw) == 2:
        main.close()


main.show()
out["multi_window"] = {"saw": saw, "windows": sorted(manager.windows),
                       "child_hidden": not manager.windows["child_1"].geometry.get("visible")}
manager.windows["child_1"].close()


# ---- local_assets_example and wry_features_demo: runners that make their view ---------------------

def on_new_view(handler):
    """handler(view) for each view made from now on (the runners make theirs)."""
    known = {view.id for view in auroraview.get_windows()}

    def changed():
        for view in auroraview.get_windows():
            if view.id not in known:
                known.add(view.id)
                handler(view)

    auroraview.get_window_manager().on_change(changed)


def reporting(view):
    def seen(data):
        out[view.title] = data
        view.close()

    view.on("seen", seen)


on_new_view(reporting)


def png(width, height):
    rows = b"".join(b"\x00" + b"\x00\x80\xff" * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


image = os.path.join(sys.argv[1], "animation.png")
with open(image, "wb") as f:
    f.write(png(12, 9))
auroraview.run_desktop(
    title="Local Assets Example - file:// Protocol",
    width=1024,
    height=768,
    html=(f"<h1>file:// Protocol Example</h1><img src='file://{image}' onload=\"auroraview.send_event('seen', "
          "{width: this.naturalWidth, height: this.naturalHeight})\">"),
    dev_tools=True,
    allow_file_protocol=True,
)

WRY = """<title>AuroraView - Wry Features Demo</title><span id="ua-display">Click button to show</span><script>
const titles = ['AuroraView - Wry Features Demo', 'Title Changed!'];
function changeTitle() { document.title = titles[1]; }
function showUserAgent() { document.getElementById('ua-display').textContent = navigator.userAgent; }
window.addEventListener('auroraviewready', () => {
  showUserAgent();
  changeTitle();
  auroraview.send_event('seen', {ua: document.getElementById('ua-display').textContent, title: document.title});
});
</script>"""
auroraview.run_app(
    title="AuroraView - Wry Features Demo",
    width=1024,
    height=768,
    html=WRY,
    dev_tools=True,
    splash_overlay=True,
    user_agent="AuroraView/1.0 (Wry Features Demo)",
    download_prompt=True,
)
out["warnings"] = [message for level, message, _ in log if "without effect" in message]
report(out)
