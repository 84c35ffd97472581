"""Upstream AuroraView's lifecycle names on a standalone view: show(wait=False) and show_async()
return at once, wait(timeout) says whether the view closed in time (the main thread's windows stay
live meanwhile; another thread just waits), show_blocking() runs the loop until the view closes,
a view used as a context manager closes at the end of the block, and repr names id, title, size."""
import threading

from harness import report

import auroraview

out = {}
PAGE = "<!doctype html><title>t</title><script>auroraview.send_event('up', 1)</script>"

view = auroraview.WebView(title="Lifecycle", width=420, height=300, html=PAGE)
up = []
view.on("up", up.append)
view.show(wait=False)
out["returned_at_once"] = True
out["wait_times_out"] = view.wait(timeout=0.5)
out["page_ran_while_waiting"] = up == [1]
out["repr_open"] = repr(view)
try:
    view.show(block=True, wait=False)
except TypeError as e:
    out["both"] = str(e)

from_thread = {}
waiter = threading.Thread(target=lambda: from_thread.setdefault("closed", view.wait(timeout=20)))
waiter.start()
closer = auroraview._core.call_later(0.2, view.close)  # kept: a dropped timer is cancelled
out["wait_until_closed"] = view.wait()
waiter.join()
out["thread_wait"] = from_thread.get("closed")
out["repr_closed"] = repr(view)

second = auroraview.WebView(title="Blocking", html=PAGE)
second.on("up", lambda _: second.close())
second.show_async()
second.show_blocking()  # runs the loop until the page's event closed it
out["blocking_returned_closed"] = second.closed

with auroraview.WebView(title="Block", html=PAGE) as third:
    out["inside_open"] = not third.closed
out["after_with_closed"] = third.closed
out["id"] = view.id
report(out)
