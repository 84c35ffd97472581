"""What auroraview does to the process's QApplication, and says: argv[1] is the order of events.

  standalone    no QApplication: auroraview makes one (INFO line)
  app-first     a PyQt QApplication made without Qt::AA_ShareOpenGLContexts, then auroraview
                imported: repaired, and one WARNING line saying so
  import-first  auroraview imported, then the PyQt QApplication: it got the attribute at import,
                so nothing needed repair (INFO line)
  second-app    standalone, then a PyQt QApplication made after the first WebView: refused
Reports the "auroraview" log lines and, for second-app, the error. Qt's own stderr is read by the
test (tests/python/test_app_report.py)."""
import logging
import sys

from harness import QT, capture_log, pyqt, report

order = sys.argv[1]
records = capture_log()
logging.getLogger("auroraview").setLevel(logging.INFO)
out = {}
if order == "app-first":
    app = pyqt("QtWidgets").QApplication(sys.argv)
    out["attribute_before"] = app.testAttribute(pyqt("QtCore").Qt.ApplicationAttribute.AA_ShareOpenGLContexts
                                                if QT == 6 else pyqt("QtCore").Qt.AA_ShareOpenGLContexts)
    import auroraview
elif order == "import-first":
    import auroraview

    app = pyqt("QtWidgets").QApplication(sys.argv)
else:
    QApplication = pyqt("QtWidgets").QApplication  # imported before the view, made after it
    import auroraview

view = auroraview.WebView(title="report", html="<!doctype html><p>report</p>")
if order == "second-app":
    try:
        QApplication(sys.argv)
        out["second"] = "made"
    except RuntimeError as e:
        out["second"] = str(e)
    out["instance"] = type(QApplication.instance()).__name__  # the binding wraps auroraview's application
view.close()
out["log"] = [[level, message] for level, message, _ in records if "QApplication" in message]
report(out)
