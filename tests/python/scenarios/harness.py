"""Shared by the scenario programs."""
import importlib
import json
import logging
import os
import sys
import threading
import time

#: The Qt major under test (AURORAVIEW_QT, as conftest passes it; 6 when unset). Scenarios that
#: play a PyQt host use the PyQt of that major, so each shim is tested in a host of its own Qt.
QT = int(os.environ.get("AURORAVIEW_QT") or 6)


def pyqt(module):
    """PyQt5.<module> or PyQt6.<module>: the one matching the shim under test."""
    return importlib.import_module(f"PyQt{QT}.{module}")


#: JS for a page that writes calls straight into the transport: their answers reach no promise
#: (the bridge gave out none of their ids), and the bridge logs each one at debug level with the
#: whole result; onRawAnswer(fn) hands each to fn, answerOf(result) gives {ok} or {code, message}.
RAW_ANSWERS_JS = r"""
const onRawAnswer = (fn) => {
  console.debug = (message, result) => {
    if (typeof message === "string" && message.includes("result for unknown call id") && result) fn(result);
  };
};
const answerOf = (data) => data.ok ? {ok: data.result} : {code: data.error.code, message: data.error.message};
"""


def stats_moved(before, after, keys):
    """What moved between two auroraview.stats() snapshots: the counters in keys, and each
    rejected code by its name; the ones that did not move are left out."""
    out = {k: after[k] - before[k] for k in keys if after[k] != before[k]}
    out.update({code: n - before["rejected"][code] for code, n in after["rejected"].items()
                if n != before["rejected"][code]})
    return out


class TickGaps:
    """A host's 60 Hz timer (QTimer, 16 ms) and the worst gap between its ticks while started,
    in ms: what a DCC's UI would have felt during a transfer."""

    def __init__(self, QtCore):
        self._worst = 0.0
        self._last = None
        self._timer = QtCore.QTimer()
        self._timer.setInterval(16)
        self._timer.timeout.connect(self._tick)

    def _tick(self):
        now = time.perf_counter()
        if self._last is not None:
            self._worst = max(self._worst, now - self._last)
        self._last = now

    def start(self):
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self):
        self._timer.stop()
        return round(self._worst * 1000, 1)


def report(result):
    """The scenario's one result line, read by conftest.run_scenario, after the line naming the
    shim the scenario ran on (conftest checks it is the one under test)."""
    shim = sys.modules.get("auroraview._shim")
    if shim is not None and shim.major is not None:
        print(f"AVSHIM {shim.major}", flush=True)
    print("AVRESULT " + json.dumps(result), flush=True)


def on_main_thread():
    return threading.current_thread() is threading.main_thread()


class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        if record.name.startswith("auroraview.page"):
            return  # the pages' console: capture_page_log
        self.records.append([record.levelname, record.getMessage(), record.exc_info is not None])


def capture_page_log():
    """[level, message] of every record of the "auroraview.page" logger (the pages' console),
    from now on."""
    records = []

    class Page(logging.Handler):
        def emit(self, record):
            records.append([record.levelname, record.getMessage()])

    page = logging.getLogger("auroraview.page")
    page.addHandler(Page())
    page.setLevel(logging.DEBUG)
    page.propagate = False
    return records


def capture_log():
    """[level, message, has_traceback] of every record of the "auroraview" logger but the pages'
    console ("auroraview.page"), from now on."""
    handler = _Records()
    logger = logging.getLogger("auroraview")
    logger.addHandler(handler)
    logger.propagate = False
    return handler.records
