"""Ctrl-C in a plain python3 script blocked in view.show() (issue 17 item 5); driven by
test_sigint.py, which sends SIGINT once this prints READY (or SPINNING) and reads the rest.

argv[1]: "idle"    the loop waits for events when SIGINT arrives;
         "handler" a call's handler is running Python code (a busy loop) when it arrives;
         "async"   the same in an async handler, after its first await (on the asyncio loop);
         "custom"  the script set its own SIGINT handler first: it must keep it (the handler
                   closes the view itself; show() returns normally).
Each line carries time.monotonic() (one clock for every process) so the test can measure."""
import signal
import sys
import time

import auroraview

mode = sys.argv[1]


def say(what):
    print(f"{what} {time.monotonic():.6f}", flush=True)


PAGE = """<!doctype html><script>
auroraview.whenReady().then(() => auroraview.call("api.%s").then(
  r => auroraview.send_event("answered", r), e => auroraview.send_event("answered", e.name)));
</script>""" % {"handler": "spin", "async": "spin_async"}.get(mode, "ready")

view = auroraview.WebView(title="sigint", html=PAGE)
other = auroraview.WebView(title="another window", html="<p>another</p>")
view.on_closed(lambda: say("CLOSED-HOOK view"))
other.on_closed(lambda: say("CLOSED-HOOK other"))


@view.bind_call("api.ready")
def ready():
    say("READY")
    return True


@view.bind_call("api.spin")
def spin():
    say("SPINNING")
    end = time.monotonic() + 60
    while time.monotonic() < end:
        pass
    say("SPUN-OUT")  # not reached when the interrupt lands here
    return "spun"


@view.bind_call("api.spin_async")
async def spin_async():
    import asyncio
    await asyncio.sleep(0.01)
    return spin()


if mode == "custom":
    def handler(signum, frame):
        say("CUSTOM-HANDLER")
        view.close()
        other.close()

    signal.signal(signal.SIGINT, handler)

    @view.bind_call("api.tick")
    def tick():
        return True

    # Python code must run for a Python-level handler to run: the page ticks.
    view.eval_js("setInterval(() => auroraview.call('api.tick'), 20)")

other.show(block=False)
try:
    view.show()
except KeyboardInterrupt:
    say("SHOW-RAISED")
    raise
say("SHOW-RETURNED")
