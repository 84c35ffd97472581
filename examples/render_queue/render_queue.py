"""The render queue: a window in the tool's process that lists render jobs, each running in a
child process with a window of its own (render_job.py, through ChildManager and ChildContext
over the parent/child socket). Jobs report progress to the queue; the queue's Pause, Resume and
Cancel go to the job's process, Kill ends it with SIGKILL, and a job whose process ends before
it finished is shown killed or failed (child:exited).

    python3 render_queue.py [OUT_DIR] [--screenshot PNG]           # standalone

    import render_queue                                            # in a host, with this folder on sys.path
    queue = render_queue.open_panel(out_dir, parent=main_window)
    queue.submit("hero_beauty", 1001, 1048)

queue.jobs maps each job's id (its child id) to {id, name, start, end, status, done, total, pid,
exit}; status is starting, running, paused, done, cancelled, killed, failed or closed."""
import argparse
import os
import re
import signal
import sys
import tempfile

import auroraview

HERE = os.path.dirname(os.path.abspath(__file__))
PAGE = os.path.join(HERE, "render_queue.html")
JOB = os.path.join(HERE, "render_job.py")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}\Z")
MAX_FRAMES = 10000
FINISHED = ("done", "cancelled", "killed", "failed", "closed")
#: What a job's message says about its state (job_progress only counts frames).
_STATES = {"job_started": "running", "job_paused": "paused", "job_resumed": "running", "job_done": "done",
           "job_cancelled": "cancelled"}


class _Api:
    """What the queue page may call, as auroraview.api.<name>."""

    def __init__(self, queue):
        self._queue = queue

    def list_jobs(self):
        return list(self._queue.jobs.values())

    def submit(self, name, start, end):
        return self._queue.submit(name, start, end)

    def pause(self, id):  # noqa: A002  (the page's parameter name)
        return self._queue.control(id, "pause")

    def resume(self, id):  # noqa: A002
        return self._queue.control(id, "resume")

    def cancel(self, id):  # noqa: A002
        return self._queue.control(id, "cancel")

    def kill(self, id):  # noqa: A002
        return self._queue.kill(id)


class RenderQueue:
    """The queue's Python side; self.view is its AuroraView, self.manager the ChildManager.
    frame_delay_s paces each job's frames (passed to render_job.py)."""

    def __init__(self, out_dir, *, frame_delay_s=0.15, parent=None, dock_area="right", title="Render Queue",
                 **view_options):
        self.out_dir = os.path.abspath(out_dir)
        self.jobs = {}
        self.events = []  # (event, job id) of each message a job sent, in order
        self._delay = frame_delay_s
        self.manager = auroraview.get_manager()
        for event in ("job_progress", *_STATES):
            self.manager.on(event, lambda child_id, data, event=event: self._from_job(event, child_id, data))
        self.manager.on("child:exited", self._exited)
        self.view = auroraview.AuroraView(api=_Api(self), title=title, width=720, height=420, parent=parent,
                                          dock_area=dock_area, **view_options)
        self.view.on_closed(self._stop_all)
        self.view.load_file(PAGE)

    def submit(self, name, start, end):
        """Starts a job in a new process; returns its record. ValueError for a bad name or range."""
        if not isinstance(name, str) or not _NAME.match(name):
            raise ValueError(f"{name!r} is not a job name (a letter, then letters, digits or _)")
        if any(j["name"] == name and j["status"] not in FINISHED for j in self.jobs.values()):
            raise ValueError(f"a job named {name} is running already")
        if not (isinstance(start, int) and isinstance(end, int)) or start > end:
            raise ValueError(f"frames {start}-{end}: the first frame must not be after the last")
        if end - start + 1 > MAX_FRAMES:
            raise ValueError(f"{end - start + 1} frames: at most {MAX_FRAMES} per job")
        job_id = self.manager.spawn(JOB, args=[name, start, end, self.out_dir, "--frame-delay", self._delay])
        job = {"id": job_id, "name": name, "start": start, "end": end, "status": "starting", "done": 0,
               "total": end - start + 1, "pid": None, "exit": None}
        self.jobs[job_id] = job
        self._update(job)
        return job

    def control(self, job_id, action):
        """Sends pause, resume or cancel to a job's process; the job answers with its new state."""
        job = self._job(job_id)
        if job["status"] in FINISHED:
            raise ValueError(f"{job['name']} has finished ({job['status']})")
        self.manager.send_to_child(job_id, action)
        return job

    def kill(self, job_id):
        """Ends a job's process at once (SIGKILL); child:exited marks it killed."""
        job = self._job(job_id)
        if job["id"] not in self.manager.children:
            raise ValueError(f"{job['name']} is not running")
        self.manager.kill(job_id, signal.SIGKILL)
        return job

    def close(self):
        self.view.close()

    def _job(self, job_id):
        if job_id not in self.jobs:
            raise KeyError(f"no job {job_id!r}")
        return self.jobs[job_id]

    def _update(self, job):
        if not self.view.closed:
            self.view.emit("job_update", job)

    def _from_job(self, event, child_id, data):
        job = self.jobs.get(child_id)
        if job is None:  # a child of another tool of this process
            return
        self.events.append((event, child_id))
        if event == "job_started":
            job.update(pid=data["pid"], total=data["total"], out=data["out"])
        if event != "job_progress":
            job["status"] = _STATES[event]
        if "done" in data:
            job["done"] = data["done"]
        self._update(job)

    def _exited(self, child_id, data):
        job = self.jobs.get(child_id)
        if job is None:
            return
        status = data["status"]
        job["exit"] = status
        if job["status"] not in ("done", "cancelled"):
            job["status"] = "killed" if status < 0 else "failed" if status else "closed"
        self._update(job)

    def _stop_all(self):
        for job_id in self.manager.children:
            self.manager.send_to_child(job_id, "cancel")


def open_panel(out_dir, **options):
    """Opens the queue (docked into the attached host, or per parent=/dock_area=). Returns it at
    once inside a Qt host; standalone (a plain python3), when its window closes."""
    queue = RenderQueue(out_dir, **options)
    queue.view.show()
    return queue


def main(argv=None):
    parser = argparse.ArgumentParser(prog="render_queue.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", nargs="?", help="where frames go (default: a folder in the temp dir)")
    parser.add_argument("--screenshot", metavar="PNG", help="run three jobs, write a PNG of the screen, quit")
    args = parser.parse_args(argv)
    out_dir = args.out_dir or os.path.join(tempfile.gettempdir(), "auroraview-demo-renders")
    os.makedirs(out_dir, exist_ok=True)
    queue = RenderQueue(out_dir)
    if args.screenshot:
        queue.view.on_ready(lambda _url: _stage_screenshot(queue, args.screenshot))
    queue.view.show()


def _stage_screenshot(queue, path):
    """Three jobs, one of them paused; the PNG shows the queue beside the job window on top."""
    sys.path.insert(0, os.path.join(HERE, "..", "shared"))
    import shot

    shot.place(430, 0)  # the job windows open at the corner (no window manager under Xvfb)
    queue.submit("hero_beauty", 1001, 1048)
    smoke = queue.submit("fx_smoke", 1, 120)["id"]
    queue.submit("env_bg", 1, 16)

    def pause_smoke(child_id, data):
        if child_id == smoke:
            queue.control(smoke, "pause")

    queue.manager.on("job_started", pause_smoke)

    def take():
        size = shot.grab(path, 1150, 430)
        states = ", ".join(f"{j['name']} {j['status']} {j['done']}/{j['total']}" for j in queue.jobs.values())
        print(f"render_queue: wrote {path} ({size[0]}x{size[1]}): {states}", flush=True)
        queue.close()

    shot.after(4.0, take)


if __name__ == "__main__":
    main()
