"""Issue 4 §4: in a plain interactive python3 (a real terminal, so readline is in use), a view
stays live while the REPL waits for the user to type: the page loads, calls Python and gets
answers, and emits arrive, with no line typed meanwhile."""
from terminal import Terminal

PAGE = (
    '<script>auroraview.on("back", d => auroraview.send_event("hello", "back:" + d.value));'
    'auroraview.call("api.ping").then(r => auroraview.send_event("hello", r));</script>'
)


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
        assert term.wait() == 0
    finally:
        term.close()
