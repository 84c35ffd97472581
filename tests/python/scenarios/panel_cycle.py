"""A docked panel through 50 cycles of what a user does with it: show, hide, float, redock,
close with its X (retained: hidden, not destroyed), show again. The page's own state (a counter
it keeps) must survive every cycle on the one page load, and the host's 60 Hz timer keeps
ticking: the worst gap between its ticks is reported (the test prints it; no threshold)."""
import time

from harness import pyqt, report
from panel_steps import PAGE, one_cycle

QtCore, QtWidgets = pyqt("QtCore"), pyqt("QtWidgets")
app = QtWidgets.QApplication([])
import auroraview  # noqa: E402

CYCLES = 50

host = QtWidgets.QMainWindow()
host.setObjectName("host")
host.resize(1200, 800)
host.setCentralWidget(QtWidgets.QTextEdit())
host.show()

ticks = []
timer = QtCore.QTimer()
timer.timeout.connect(lambda: ticks.append(time.monotonic()))
timer.start(16)

view = auroraview.WebView(title="Cycle", html=PAGE, parent=host, dock_area="right", width=360, height=500)
loads, closed = [], []
view.on_load_finished(lambda data: loads.append(data))
view.on_closed(lambda: closed.append(True))


def settle(seconds=0.03):
    auroraview._core.wait_until(lambda: False, seconds)


def dock_widget():
    docks = [d for d in host.findChildren(QtWidgets.QDockWidget) if d.objectName().startswith("auroraview-dock-")]
    return docks[0] if len(docks) == 1 else None


view.show()
assert view.eval_js_async("window.counter").result(timeout=20) == 0
counters, visible_after_x, sizes = [], [], []
for _ in range(CYCLES):
    counter, hidden = one_cycle(view, dock_widget, settle)
    counters.append(counter)
    visible_after_x.append(not hidden)
    sizes.append([view.width, view.height])

timer.stop()
gaps = [b - a for a, b in zip(ticks, ticks[1:])]
report({
    "counters": counters,
    "loads": len(loads),
    "closed": closed,
    "visible_after_x": visible_after_x,
    "still_docked": dock_widget() is not None and not dock_widget().isFloating(),
    "last_size": sizes[-1],
    "worst_tick_gap_ms": round(max(gaps) * 1000, 1),
    "ticks": len(ticks),
})
view.close()
