"""WebView.register_callback / disconnect (upstream AuroraView's names): each connection has its
own ConnectionId, disconnect removes exactly that one (the same function connected twice stays
connected once), and an id of another event or one already used is refused (False). Also
get_bound_methods / is_method_bound."""
import asyncio

from harness import report

import auroraview

PAGE = """<!doctype html><script>
auroraview.on("send", ({ value: n }) => { auroraview.send_event("tick", n); auroraview.send_event("round_done", n); });
auroraview.send_event("page_up", 1);
</script>"""

view = auroraview.WebView(title="connections", html=PAGE)
seen = []


def counter(n):
    seen.append(["a", n])


def other(n):
    seen.append(["b", n])


async_seen = []


async def later(n):
    await asyncio.sleep(0)  # finishes after the round's other handlers
    async_seen.append(n)


conn1 = view.register_callback("tick", counter)
conn2 = view.register_callback("tick", counter)
conn3 = view.register_callback("tick", other)
conn4 = view.register_callback("tick", later)
out = {"ids_distinct": len({str(c) for c in (conn1, conn2, conn3, conn4)}) == 4,
       "id_type": type(conn1).__name__}


@view.on("page_up")
def page_up(_):
    view.emit("send", 1)


@view.on("round_done")
def round_done(n):
    if n == 1:
        out["first"] = sorted(seen)
        seen.clear()
        out["disconnect"] = view.disconnect("tick", conn1)
        out["again"] = view.disconnect("tick", conn1)
        out["other_event"] = view.disconnect("tock", conn2)
        out["async_off"] = view.disconnect("tick", conn4)
        view.emit("send", 2)
    else:
        out["second"] = sorted(seen)
        out["async_seen"] = async_seen
        view.close()


view.bind_call("api.b", lambda: 1)
view.bind_call("api.a", lambda: 2)
out["bound"] = view.get_bound_methods()
out["is_bound"] = [view.is_method_bound("api.a"), view.is_method_bound("api.c")]
try:
    view.register_callback("tick", 42)
except TypeError as e:
    out["not_callable"] = str(e)
view.show()
out["bound_after_close"] = view.get_bound_methods()
report(out)
