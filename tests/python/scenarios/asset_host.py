"""asset_root inside a PyQt host (of the shim's Qt), which made its QApplication before
auroraview, as every host does. argv[2]:
- "early": the host has not started Qt WebEngine yet: the auroraview:// scheme is still
  registered when auroraview initialises, and the asset page works with its bridge;
- "late": the host made a QWebEngineView of its own first, which starts Qt WebEngine and freezes
  its scheme table: asset_root must fail with a clear error, and the host keeps working (a plain
  view still gets its bridge)."""
import os
import sys

from harness import QT, pyqt, report

root, mode = sys.argv[1], sys.argv[2]
with open(os.path.join(root, "index.html"), "w") as f:
    f.write("<script>auroraview.send_event('hello', location.href)</script>")

QtCore, QtWidgets = pyqt("QtCore"), pyqt("QtWidgets")
web = pyqt("QtWebEngineWidgets")  # PyQt wants it imported before the application exists
QtCore.QCoreApplication.setAttribute(QtCore.Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
app = QtWidgets.QApplication(sys.argv)
if mode == "late":
    if QT == 5:  # Qt 5 WebEngine without OpenGL (offscreen) needs software Qt Quick, as the shim sets
        os.environ["QT_QUICK_BACKEND"] = "software"
    host_view = web.QWebEngineView()
    host_view.setHtml("<p>the host's own page</p>")

import auroraview  # noqa: E402

result = {"mode": mode}
try:
    view = auroraview.WebView(asset_root=root, url="index.html")
except ValueError as e:
    result["error"] = str(e)
    view = auroraview.WebView(html="<script>auroraview.send_event('hello', location.href)</script>")


@view.on("hello")
def hello(href):
    result["href"] = href
    view.close()
    app.exit(0)


view.show()
app.exec()
report(result)
