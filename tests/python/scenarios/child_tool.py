"""A child tool, started by scenarios/children.py or orphan_parent.py through ChildManager.spawn.
argv[1] says how it behaves:
- echo:   a real view whose page reports back; "ping" from the parent is answered "pong" (with
          the page's round trip), "hello_all" with "got_broadcast", "quit" closes the view.
- flood:  sends 10,000 numbered events, then "flood_done"; "quit" closes the view.
- impostor: connects without ChildContext and says hello with a wrong token; exits 3 once the
          parent has closed the connection (4 if it did not).
- orphan: waits; when the parent goes, writes argv[2] with the time it noticed, and after its
          view has closed and the context has exited, argv[2] + ".exited"."""
import json
import os
import socket
import sys
import time

import auroraview
from auroraview import _core

mode = sys.argv[1]
if mode == "impostor":
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(os.environ["AURORAVIEW_PARENT_SOCKET"])
    s.sendall(_core.ipc_hello(b"not the token", os.environ["AURORAVIEW_CHILD_ID"], os.getpid()))
    s.settimeout(10)
    sys.exit(3 if s.recv(1) == b"" else 4)
PAGE = """<!doctype html><script>
auroraview.on("ping", ({ value: n }) => auroraview.send_event("pong", n));
auroraview.send_event("page_ready", location.protocol);
</script>"""

with auroraview.ChildContext() as ctx:
    assert ctx.is_child, "started without a parent"
    view = ctx.create_webview(title=f"child {ctx.child_id}", html=PAGE)

    @view.on("page_ready")
    def page_ready(protocol):
        ctx.emit_to_parent("page_ready", {"child_id": ctx.child_id, "protocol": protocol})
        if mode == "flood":
            t0 = time.perf_counter()  # CLOCK_MONOTONIC: the parent's clock too
            for i in range(10000):
                ctx.emit_to_parent("seq", i)
            ctx.emit_to_parent("flood_done", {"count": 10000, "t0": t0})

    @view.on("pong")
    def page_pong(n):  # the parent's ping went through this child's page and back
        ctx.emit_to_parent("pong", {"n": n, "child_id": ctx.child_id, "parent_id": ctx.parent_id})

    @ctx.on_parent_message
    def from_parent(event, data):
        if event == "ping":
            view.emit("ping", data["n"])
        elif event == "hello_all":
            ctx.emit_to_parent("got_broadcast", data)
        elif event == "quit":
            view.close()

    @ctx.on_parent_closed
    def parent_gone():
        if mode == "orphan":
            with open(sys.argv[2], "w") as f:
                json.dump({"noticed": time.time()}, f)

    view.show()

if mode == "orphan":
    with open(sys.argv[2] + ".exited", "w") as f:
        f.write("clean")
