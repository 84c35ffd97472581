"""Upstream AuroraView's WebView keywords that shape the window, each in a real view: the state
Qt holds for it is read back through PyQt (which wraps the application auroraview made), as
window.py reads the window flags. Each view's page reports over the bridge, so every one of
them is a working view, not just a widget."""
import os
import sys
import types

from harness import pyqt, report

import auroraview

QtCore, QtWidgets = pyqt("QtCore"), pyqt("QtWidgets")
pyqt("QtWebEngineWidgets")  # so PyQt hands the views out as QWebEngineView (their page, its color)
Qt = QtCore.Qt
ICON = os.path.join(sys.argv[1], "icon.png")
QtGui = pyqt("QtGui")

PAGE = "<title>{0}</title><script>auroraview.send_event('up', {{title: document.title}})</script>"
up = []


def make(title, *args, **kwargs):
    view = auroraview.WebView(title, *args, html=PAGE.format(title), **kwargs)
    view.on("up", lambda data: up.append(data["title"]))
    return view


image = QtGui.QImage(7, 5, QtGui.QImage.Format.Format_RGB32)  # the icon: 7 x 5, red
image.fill(QtGui.QColor("red"))
image.save(ICON)
views = {
    "plain": make("plain"),
    "sized": make("sized", 640, 480),
    "no-menu": make("no-menu", context_menu=False),
    "fixed": make("fixed", width=420, height=300, resizable=False),
    "frame-false": make("frame-false", frame=False),
    "decorations-false": make("decorations-false", decorations=False),
    "transparent": make("transparent", transparent=True),
    "transparent-framed": make("transparent-framed", transparent=True, frame=True),
    "tool": make("tool", tool_window=True),
    "on-top": make("on-top", always_on_top=True),
    "background": make("background", background_color="#11223380"),
    "background-rgb": make("background-rgb", background_color="rgb(1, 2, 3)"),
    "icon": make("icon", icon=ICON),
    "dev-tools": make("dev-tools", dev_tools=True),
}
config = types.SimpleNamespace(
    window=types.SimpleNamespace(title="from-config", width=500, height=420, icon=None, frame=None, resizable=True,
                                 always_on_top=False, transparent=False, background_color="#102030",
                                 tool_window=False, undecorated_shadow=False),
    content=types.SimpleNamespace(url=None, html=PAGE.format("from-config"), asset_root=None,
                                  allow_file_protocol=False, capture_file_drop=None),
    embedding=types.SimpleNamespace(parent=None, mode="auto", dcc_mode="auto", auto_show=True),
    download=types.SimpleNamespace(allow_downloads=True, download_prompt=False, download_directory=None),
    network=types.SimpleNamespace(proxy_url=None, user_agent=None),
    debug=types.SimpleNamespace(debug=False, context_menu=False, remote_debugging_port=None, splash_overlay=False),
    new_window=types.SimpleNamespace(allow_new_window=False, new_window_mode=None),
    bridge=None, data_directory=None, ipc_batch_size=0,
)
views["from-config"] = auroraview.WebView(title="ignored: config wins", config=config)
views["from-config"].on("up", lambda data: up.append(data["title"]))
for view in views.values():
    view.show(block=False)
auroraview._core.wait_until(lambda: len(up) == len(views), 60)


def widget(title):
    return next(w for w in QtWidgets.QApplication.topLevelWidgets() if w.windowTitle() == title)


def flags(w):
    names = {"frameless": Qt.WindowType.FramelessWindowHint, "on_top": Qt.WindowType.WindowStaysOnTopHint}
    out = sorted(name for name, flag in names.items() if w.windowFlags() & flag)
    if (w.windowFlags() & Qt.WindowType.WindowType_Mask) == Qt.WindowType.Tool:
        out.append("tool")
    return out


def state(title):
    w = widget(title)
    size = lambda s: [s.width(), s.height()]  # noqa: E731
    return {
        "size": size(w.size()),
        "min": size(w.minimumSize()),
        "max": size(w.maximumSize()) if w.maximumSize().width() < 16777215 else "any",
        "flags": flags(w),
        "translucent": w.testAttribute(Qt.WidgetAttribute.WA_TranslucentBackground),
        "context_menu": w.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu,
        "page_background": "%08x" % w.page().backgroundColor().rgba(),
        "icon_sizes": [size(s) for s in w.windowIcon().availableSizes()],
    }


result = {"pages_up": sorted(up), "state": {title: state(title) for title in views}}
views["fixed"].resize(500, 350)
result["fixed_after_resize"] = state("fixed")
views["dev-tools"].open_devtools()
result["devtools_window"] = any(w.windowTitle() == "DevTools" and w.isVisible()
                                for w in QtWidgets.QApplication.topLevelWidgets())
try:
    views["plain"].open_devtools()
except RuntimeError as e:
    result["devtools_refused"] = str(e)
for view in views.values():
    view.close()
report(result)
