"""A parent that never reads (plain sockets, no auroraview), and an honest ChildContext child that
emits 100 events of 1 MiB to it: the child's emit_to_parent must raise BusyError past
OUTBOUND_LIMIT rather than grow without bound, and refuse the channel's own names. Reports what
the child counted."""
import json
import os
import socket
import subprocess
import sys
import tempfile

from harness import report

CHILD = r'''
import json, sys
import auroraview
from auroraview import child
counts = {"sent": 0, "busy": 0}
with auroraview.ChildContext() as ctx:
    try:
        ctx.emit_to_parent("child:exited", {"status": 0})
    except ValueError as e:
        counts["reserved"] = str(e)
    big = "x" * (1 << 20)
    for _ in range(100):
        try:
            ctx.emit_to_parent("big", big)
            counts["sent"] += 1
        except auroraview.BusyError as e:
            counts["busy"] += 1
            counts["code"] = e.code
    counts["limit"] = child.OUTBOUND_LIMIT
    with open(sys.argv[1], "w") as f:
        json.dump(counts, f)
'''

work = tempfile.mkdtemp()
path = os.path.join(work, "parent.sock")
listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
listener.bind(path)
listener.listen(1)
out = os.path.join(work, "counts.json")
env = dict(os.environ, AURORAVIEW_PARENT_SOCKET=path, AURORAVIEW_CHILD_TOKEN="00" * 32,
           AURORAVIEW_CHILD_ID="deaf-1", AURORAVIEW_PARENT_ID="deaf")
child = subprocess.Popen([sys.executable, "-c", CHILD, out], env=env, stderr=subprocess.PIPE, text=True)
conn, _ = listener.accept()  # and never reads from it
_, err = child.communicate(timeout=120)
with open(out) as f:
    counts = json.load(f)
counts["status"] = child.returncode
counts["unsent_logged"] = "bytes to the other side not sent" in err
report(counts)
