"""A python3 -i on a pseudo-terminal that is its controlling terminal, as a user's is: readline
is in use (unless -I), and writing Ctrl-C (0x03) to it makes the terminal send SIGINT. Read by a
thread; used by test_repl.py and test_sigint.py."""
import os
import pty
import signal
import sys
import threading
import time

import pytest
from conftest import HANG_GUARD_S, scenario_env


class Terminal:
    def __init__(self, *flags):
        env = scenario_env()
        env["TERM"] = "dumb"
        pid, master = pty.fork()
        if pid == 0:  # the child: exec at once
            os.execve(sys.executable, [sys.executable, "-i", "-q", *flags], env)
        self.pid, self.master, self.text, self.seen = pid, master, "", 0
        self.changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            try:
                data = os.read(self.master, 4096)
            except OSError:  # the child closed the terminal
                data = b""
            with self.changed:
                self.text += data.decode(errors="replace")
                self.changed.notify_all()
            if not data:
                return

    def expect(self, marker):
        """Waits for marker in the output after the previous match; returns when it was seen."""
        with self.changed:
            found = self.changed.wait_for(lambda: marker in self.text[self.seen:], timeout=HANG_GUARD_S)
            if not found:
                pytest.fail(f"no {marker!r} in the terminal:\n{self.text[-6000:]}")
            self.seen = self.text.index(marker, self.seen) + len(marker)
        return time.monotonic()

    def type(self, line, after=">>> "):
        """Types line once `after` (by default the next prompt) has appeared."""
        self.expect(after)
        os.write(self.master, (line + "\n").encode())

    def wait(self, timeout=HANG_GUARD_S):
        """The child's exit status once it has exited (fails the test if it does not)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.pid = None
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.05)
        pytest.fail(f"python -i did not exit:\n{self.text[-6000:]}")

    def close(self):
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = None
        os.close(self.master)
