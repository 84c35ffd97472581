"""Window control of a top-level view, and the events each call causes: every WebView window
method is called in turn, and the next one only once the event the last one should cause has
arrived (or a generous guard has passed: the step then reports it never came). The window's Qt
flags are read through PyQt, which wraps the application auroraview made. Two views: focus moves
between them. The user's close (QWidget.close(), what the X does) is refused once by on_closing."""
import threading

from harness import report, pyqt

import auroraview

QtCore, QtWidgets = pyqt("QtCore"), pyqt("QtWidgets")
Qt = QtCore.Qt

events = []  # [view name, hook, data]
closing_answers = [False, True]
result = {"steps": [], "closed_hooks": []}

view = auroraview.WebView(title="main", width=500, height=400, html="<title>main</title><p>main</p>")
other = auroraview.WebView(title="other", width=300, height=200, html="<p>other</p>")
flags_view = auroraview.WebView(title="flags", html="<p>flags</p>", frameless=True, always_on_top=True)


def record(name, hook):
    def fn(data):
        events.append([name, hook, data])
    return fn


for hook in ("shown", "hidden", "resized", "moved", "focused", "blurred", "minimized", "maximized",
             "restored", "loaded"):
    getattr(view, f"on_{hook}")(record("main", hook))
    getattr(other, f"on_{hook}")(record("other", hook))
view.on_window_event(lambda kind, data: events.append(["main", "window:" + kind, data]))


@view.on_closing
def closing():  # the zero-argument form
    answer = closing_answers.pop(0)
    events.append(["main", "closing", answer])
    return answer


@view.on_closed
def closed_zero():
    result["closed_hooks"].append("zero")


@view.on_closed
def closed_one(data):
    result["closed_hooks"].append(["one", data])


def widget(title):
    for w in QtWidgets.QApplication.topLevelWidgets():
        if w.windowTitle() == title:
            return w
    return None


def flag(title, hint):
    w = widget(title)
    return None if w is None else bool(w.windowFlags() & hint)


def close_by_user():
    result["close_returned"] = widget("main").close()


# (name, action, the view and hook whose event ends the step)
STEPS = [
    ("move", lambda: view.move(120, 130), "main", "moved"),
    ("resize", lambda: view.resize(420, 310), "main", "resized"),
    # From another thread: queued for the main thread.
    ("move_from_thread", lambda: threading.Thread(target=view.move, args=(150, 160)).start(), "main", "moved"),
    ("move_back", lambda: view.move(120, 130), "main", "moved"),
    ("maximize", view.maximize, "main", "maximized"),
    ("restore_from_maximized", view.restore, "main", "restored"),
    ("minimize", view.minimize, "main", "minimized"),
    ("restore_from_minimized", view.restore, "main", "restored"),
    ("fullscreen", view.toggle_fullscreen, "main", "window:fullscreen"),
    ("fullscreen_off", view.toggle_fullscreen, "main", "restored"),
    ("hide", view.hide, "main", "hidden"),
    ("show", view.show, "main", "shown"),
    # Offscreen, a window shown again after hide() is not activated again by focus() until
    # another window was active (the platform keeps it as its focus window): other goes first.
    ("other_focus", other.focus, "other", "focused"),
    ("main_focus", view.focus, "main", "focused"),
    ("main_blur", other.focus, "main", "blurred"),
    ("always_on_top", lambda: view.set_always_on_top(True), "main", "shown"),
    ("close_refused", close_by_user, "main", "closing"),
    ("close_accepted", close_by_user, "main", "closing"),
]
state = {"step": -1, "seen": 0, "waited": 0, "loaded": 0}


def begin(i):
    state.update(step=i, seen=len(events), waited=0)
    if i == len(STEPS):
        finish()
        return
    name, action, _, _ = STEPS[i]
    action()
    poll.start()


def check():
    i = state["step"]
    name, _, who, hook = STEPS[i]
    new = events[state["seen"]:]
    hit = [e for e in new if e[0] == who and e[1] == hook]
    state["waited"] += 1
    if not hit and state["waited"] < 300:  # a guard only: 15 s
        return
    poll.stop()
    step = {"name": name, "event": hit[0][2] if hit else None, "geometry": view.geometry,
            "other_geometry": other.geometry, "kinds": [e[0] + ":" + e[1] for e in new]}
    if name == "always_on_top":
        step["on_top"] = flag("main", Qt.WindowType.WindowStaysOnTopHint)
    if name == "close_refused":
        step["closed"] = view.closed
        step["close_returned"] = result.pop("close_returned", None)
    result["steps"].append(step)
    QtCore.QTimer.singleShot(200 if name != "close_accepted" else 500, lambda: begin(i + 1))


poll = QtCore.QTimer()
poll.setInterval(50)
poll.timeout.connect(check)


def finish():
    result["closed"] = view.closed
    result["flags_view"] = {"frameless": flag("flags", Qt.WindowType.FramelessWindowHint),
                            "on_top": flag("flags", Qt.WindowType.WindowStaysOnTopHint),
                            "other_frameless": flag("other", Qt.WindowType.FramelessWindowHint)}
    result["title"] = other.title
    other.title = "renamed"
    result["title_after"] = other.title
    result["title_widget"] = None if widget("renamed") is None else "renamed"
    result["width"], result["height"], result["x"], result["y"] = view.width, view.height, view.x, view.y
    other.close()
    flags_view.close()
    QtWidgets.QApplication.instance().quit()


@view.on_loaded
def loaded(data):
    state["loaded"] += 1
    if state["loaded"] == 1:
        QtCore.QTimer.singleShot(300, lambda: begin(0))


other.show(block=False)
flags_view.show(block=False)
QtCore.QTimer.singleShot(90000, QtWidgets.QApplication.instance().quit)  # a hang guard
view.show(block=False)
QtWidgets.QApplication.instance().exec()
result["closed_final"] = view.closed
report(result)
