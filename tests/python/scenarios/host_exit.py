"""A PyQt host (of the shim's Qt) that ends with auroraview views still around: one window open,
one dock open, one window closed just before the end (its widgets not deleted yet). The host's
QApplication is destroyed as Python exits. Qt 5 WebEngine crashed the process here until the shim
released its views before WebEngine's teardown (shim/src/shim_qt_compat.h); the process must exit
0 after its report."""
import sys

from harness import pyqt, report

QtWidgets = pyqt("QtWidgets")

app = QtWidgets.QApplication(sys.argv)
window = QtWidgets.QMainWindow()
window.setCentralWidget(QtWidgets.QWidget())
window.show()

import auroraview  # noqa: E402

PAGE = "<script>auroraview.call('api.echo', [NAME]).then(r => auroraview.send_event('done', r))</script>"
views = {
    "open_window": auroraview.WebView(title="Open window"),
    "open_dock": auroraview.WebView(title="Open dock", parent=window),
    "closed_window": auroraview.WebView(title="Closed window"),
}
done = {}

for name, view in views.items():
    view.bind_call("api.echo", lambda s: s)

    @view.on("done")
    def finished(echoed, name=name):
        done[name] = echoed
        if len(done) == len(views):
            app.exit(0)  # not quit(): Qt 6 would close the windows first

    view.load_html(PAGE.replace("NAME", repr(name)))
    view.show()

app.exec()
views["closed_window"].close()
report({"done": done, "closed": {name: view.closed for name, view in views.items()}})
