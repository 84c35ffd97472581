"""Issue 4 §4: in a plain interactive python3 (a real terminal, so readline is in use), a view
stays live while the REPL waits for the user to type: the page loads, calls Python and gets
answers, and emits arrive, with no line typed meanwhile."""
import os
import pty
import subprocess
import sys
import threading

import pytest
from conftest import HANG_GUARD_S, scenario_env

PAGE = (
    '<script>auroraview.on("back", d => auroraview.send_event("hello", "back:" + d));'
    'auroraview.call("api.ping").then(r => auroraview.send_event("hello", r));</script>'
)


class Terminal:
    """A python3 -i on a pseudo-terminal, read by a thread."""

    def __init__(self):
        master, slave = pty.openpty()
        env = scenario_env()
        env["TERM"] = "dumb"
        self.proc = subprocess.Popen([sys.executable, "-i", "-q"], stdin=slave, stdout=slave, stderr=slave, env=env)
        os.close(slave)
        self.master, self.text, self.seen = master, "", 0
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
        """Waits for marker in the output after the previous match."""
        with self.changed:
            found = self.changed.wait_for(lambda: marker in self.text[self.seen:], timeout=HANG_GUARD_S)
            if not found:
                pytest.fail(f"no {marker!r} in the terminal:\n{self.text[-6000:]}")
            self.seen = self.text.index(marker, self.seen) + len(marker)

    def type(self, line, after=">>> "):
        """Types line once `after` (by default the next prompt) has appeared."""
        self.expect(after)
        os.write(self.master, (line + "\n").encode())


def test_repl_keeps_views_live_while_waiting_for_input():
    term = Terminal()
    try:
        term.type("import auroraview, threading")
        term.type(f"v = auroraview.WebView(html={PAGE!r})")
        term.type('v.bind_call("api.ping", lambda: "pong")')
        # The markers are split in the typed lines, so the echo cannot match them.
        term.type('v.on("hello", lambda d: print("G" + "OT", d, threading.current_thread() is threading.main_thread()))')
        term.type('v.show(); print("SH" + "OWN", v.closed)')
        term.expect("SHOWN False")  # show() returned at once: the REPL is interactive
        # Nothing more is typed: only the input hook can let the page load, call and report
        # while the REPL waits at its prompt.
        term.type('v.emit("back", 7)', after="GOT pong True")
        term.type('v.close(); print("CLO" + "SED", v.closed)', after="GOT back:7 True")
        term.type("exit()", after="CLOSED True")
        assert term.proc.wait(timeout=HANG_GUARD_S) == 0
    finally:
        if term.proc.poll() is None:
            term.proc.kill()
            term.proc.wait()
        os.close(term.master)
