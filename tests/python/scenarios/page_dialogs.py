"""A page's own modal dialogs (alert, confirm, prompt) run a nested Qt event loop inside
Chromium's call into the page. The tool closing the view while one is up (a host script, a timer,
the user's other panel) must not crash the host: the dialog is dismissed, the view closes, and the
process goes on (a later view works). For each kind: the page opens the dialog, Python waits until
the dialog is on screen (found through the binding of the process's Qt), then closes the view."""
import sys

from harness import pyqt, report

import auroraview
from auroraview import _core

QtWidgets = pyqt("QtWidgets")

DIALOGS = {
    "alert": "alert('from the page')",
    "confirm": "auroraview.send_event('answered', {value: confirm('sure?')})",
    "prompt": "auroraview.send_event('answered', {value: prompt('name?', 'x')})",
}
out = {"kinds": {}}
timers = []


def page(kind):
    return ("<!doctype html><script>auroraview.whenReady().then(() => {"
            f"setTimeout(() => {{ {DIALOGS[kind]}; }}, 0); }});</script>")


def dialog_up():
    app = QtWidgets.QApplication.instance()
    return [w for w in app.topLevelWidgets() if isinstance(w, QtWidgets.QDialog) and w.isVisible()]


def run(kinds):
    if not kinds:
        return finish()
    kind = kinds[0]
    view = auroraview.WebView(title=kind, html=page(kind))
    seen = out["kinds"][kind] = {"answered": []}
    view.on("answered", lambda d: seen["answered"].append(d["value"]))

    def poll():
        if dialog_up():
            seen["dialog_seen"] = True
            view.close()  # inside the dialog's nested loop
            timers.append(_core.call_later(0.3, after))
        else:
            timers.append(_core.call_later(0.05, poll))

    def after():
        seen["closed"] = view.closed
        seen["dialogs_left"] = len(dialog_up())
        run(kinds[1:])

    view.show(block=False)
    timers.append(_core.call_later(0.05, poll))


def finish():
    last = auroraview.WebView(title="after", html="<!doctype html><script>"
                              "auroraview.whenReady().then(async () => auroraview.send_event('alive', "
                              "{sum: await auroraview.api.add({a: 2, b: 3})}))</script>")
    last.bind_call("api.add", lambda a, b: a + b)

    @last.on("alive")
    def alive(d):
        out["later_view"] = d
        last.close()

    last.show(block=False)


run(list(DIALOGS))
_core.wait_until(lambda: "later_view" in out, 60.0)
report(out)
sys.exit(0)
