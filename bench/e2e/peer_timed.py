"""Runs the peer (argv[1], ../shared/peers/pyqt6_webchannel.py) unchanged under runpy and times
its rpc on the Python side as auroraview_side.py times ours (rtt.py): the peer's `call` slot
gets a wrapper that records perf_counter at entry, added by wrapping PyQt6's pyqtSlot decorator
before the peer's module imports it. The peer's file is read only, never copied or changed.
Cost per call: one more Python frame and a list append (well under 1 us of a ~200 us round trip).
Prints the peer's JSON line, then one of its own: rpc_py_mean_us, rpc_py_p50_us, rpc_py_p99_us.
"""
import functools
import json
import runpy
import sys
import time

import PyQt6.QtCore

from rtt import interval_stats

entries = []
plain_slot = PyQt6.QtCore.pyqtSlot


def timed_slot(*types, **options):
    decorate = plain_slot(*types, **options)

    def apply(fn):
        if fn.__name__ != "call":
            return decorate(fn)

        @functools.wraps(fn)
        def call(*args):
            entries.append(time.perf_counter())
            return fn(*args)

        return decorate(call)

    return apply


PyQt6.QtCore.pyqtSlot = timed_slot
peer = sys.argv[1]
sys.argv = [peer]
runpy.run_path(peer, run_name="__main__")
print(json.dumps({"rpc_py_calls": len(entries), **interval_stats(entries, "rpc_py")}), flush=True)
