"""Shared by the scenario programs."""
import json
import logging
import threading


def report(result):
    """The scenario's one result line, read by conftest.run_scenario."""
    print("AVRESULT " + json.dumps(result), flush=True)


def on_main_thread():
    return threading.current_thread() is threading.main_thread()


class _Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append([record.levelname, record.getMessage(), record.exc_info is not None])


def capture_log():
    """[level, message, has_traceback] of every record of the "auroraview" logger, from now on."""
    handler = _Records()
    logger = logging.getLogger("auroraview")
    logger.addHandler(handler)
    logger.propagate = False
    return handler.records
