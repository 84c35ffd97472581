"""examples/render_queue with real child processes (frames in argv[1]). render_queue_driver.js
submits a refused job and three real ones through the queue's form, pauses and resumes one,
cancels one, kills one, and waits for the last to finish. The scenario ends once every child
has exited; it reports the queue's jobs, what the children sent, and the frames on disk."""
import os
import sys

from example_driver import drive, import_tool
from harness import report

import auroraview

out_dir = sys.argv[1]
render_queue = import_tool("render_queue")
queue = render_queue.RenderQueue(out_dir, frame_delay_s=0.05)
result = {"parent_pid": os.getpid()}
state = {"page": None}


def ready(_url):
    drive(queue.view, "render_queue", driven)


def driven(page):
    state["page"] = page
    finish_when_all_exited()


def finish_when_all_exited(*_):
    if state["page"] is None or queue.manager.children:
        return
    result.update(page=state["page"], jobs=list(queue.jobs.values()),
                  events=[[event, queue.jobs[child_id]["name"]] for event, child_id in queue.events
                          if event != "job_progress"],
                  progress={j["name"]: sum(1 for e, c in queue.events if e == "job_progress" and c == j["id"])
                            for j in queue.jobs.values()},
                  frames={name: sorted(os.listdir(os.path.join(out_dir, name))) for name in os.listdir(out_dir)},
                  stats=dict(queue.manager.stats))
    queue.close()


queue.manager.on("child:exited", finish_when_all_exited)
queue.view.on_ready(ready)
queue.view.show()
auroraview.get_manager().close()
report(result)
