"""The publish dialog: an artist's files published as the next version of a shot's task, with a
manifest. The form is checked in Python (a refused publish rejects the page's call with the
exception's class, ValidationError, shown in the page); the copy runs on a worker thread and
reports progress by emits; Cancel (an event from the page) stops it and removes the partial
version.

    python3 publisher.py [WORK_DIR] [--root PUBLISH_ROOT] [--screenshot PNG]   # standalone

    import publisher                                             # in a host, with this folder on sys.path
    dialog = publisher.open_panel(work_dir, root, parent=main_window, shot="sq010_sh0020", task="anim")

dialog.published lists {job, version, manifest, dest, files} of each finished publish."""
import argparse
import itertools
import logging
import os
import sys
import tempfile
import threading

import auroraview

import publish

HERE = os.path.dirname(os.path.abspath(__file__))
PAGE = os.path.join(HERE, "publisher.html")
logger = logging.getLogger("publisher")

#: A stand-in for the studio's production tracker: the shots and tasks one may publish to.
PROJECT = {
    "name": "aurora_short",
    "shots": ["sq010_sh0010", "sq010_sh0020", "sq010_sh0030", "sq020_sh0010", "sq020_sh0020"],
    "tasks": ["layout", "anim", "fx", "lighting", "comp"],
}


class Publisher:
    """The dialog's Python side; self.view is its WebView. work_dir: the files offered for
    publishing; root: where versions go; shot/task: preselected (the host's current shot)."""

    _jobs = itertools.count(1)

    def __init__(self, work_dir, root, *, project=PROJECT, user=None, shot="", task="", chunk_delay_s=0.01,
                 parent=None, dock_area="right", title="Publish", **view_options):
        self.work_dir = os.path.abspath(work_dir)
        self.root = os.path.abspath(root)
        self.project = project
        self.user = user or os.environ.get("USER", "artist")
        self.current = {"shot": shot, "task": task}
        self.published = []
        self.cancelled = []
        self.running = None  # (job, publish.Publish) while a publish runs
        self._delay = chunk_delay_s
        self.view = auroraview.WebView(title=title, width=760, height=640, parent=parent, dock_area=dock_area,
                                       **view_options)
        bind = self.view.bind_call
        bind("api.get_context", self.context)
        bind("api.validate", self.validate)
        bind("api.add_file", self.file_entry)
        bind("api.publish", self.publish)
        self.view.on("cancel_publish", self._cancel)
        self.view.load_file(PAGE)

    # ---- what the page calls ----------------------------------------------------------------

    def context(self):
        files = sorted(os.path.join(self.work_dir, n) for n in os.listdir(self.work_dir))
        return {"project": self.project["name"], "shots": self.project["shots"], "tasks": self.project["tasks"],
                "user": self.user, "root": self.root, "work_dir": self.work_dir, "current": self.current,
                "files": [self.file_entry(f) for f in files if os.path.isfile(f)]}

    def validate(self, shot="", task="", comment="", files=()):
        """{problems: {field: reason}, version: the version a publish would make (or None)}."""
        found = publish.problems(self.project, shot, task, comment, list(files))
        ok_target = "shot" not in found and "task" not in found
        return {"problems": found, "version": publish.next_version(self.root, shot, task) if ok_target else None}

    def file_entry(self, path):
        """{path, name, size} of a file; FileNotFoundError or IsADirectoryError otherwise."""
        path = os.path.abspath(os.path.expanduser(path))
        if os.path.isdir(path):
            raise IsADirectoryError(f"{path} is a folder: publish the files in it")
        return {"path": path, "name": os.path.basename(path), "size": os.path.getsize(path)}

    def publish(self, shot, task, comment, files):
        """Checks the form (ValidationError), then publishes on a worker thread: returns
        {job, version, dest, total_bytes} at once; publish_progress, then publish_done,
        publish_cancelled or publish_failed follow as emits. Also callable from the host."""
        if self.running:
            raise RuntimeError(f"publish {self.running[0]} is still running")
        publish.validate(self.project, shot, task, comment, files)
        job_id = next(self._jobs)
        job = publish.Publish(self.root, shot, task, comment, files, self.user, self._delay)
        self.running = (job_id, job)
        started = {"job": job_id, "version": job.version, "dest": job.dest, "total_bytes": job.total_bytes,
                   "form": {"shot": shot, "task": task, "comment": comment, "files": list(files)}}
        self.view.emit("publish_started", started)
        threading.Thread(target=self._run, args=(job_id, job), name=f"publish-{job_id}", daemon=True).start()
        return started

    def cancel(self):
        """Stops the running publish (any thread); its partial version is removed."""
        if self.running:
            self.running[1].cancel()

    def close(self):
        self.cancel()
        self.view.close()

    # ---- the worker ---------------------------------------------------------------------------

    def _run(self, job_id, job):
        def progress(done, total, name):
            self.view.emit("publish_progress", {"job": job_id, "done_bytes": done, "total_bytes": total, "file": name,
                                                "percent": round(100 * done / total) if total else 100})

        try:
            manifest = job.run(progress)
            result = {"job": job_id, "version": job.version, "manifest": manifest, "dest": job.dest,
                      "files": [os.path.basename(f) for f in job.files]}
            self.published.append(result)
            self._finish("publish_done", result)
        except publish.Cancelled:
            self.cancelled.append(job_id)
            self._finish("publish_cancelled", {"job": job_id, "version": job.version})
        except auroraview.ClosedError:  # a progress emit found the dialog closed: the copy stops
            logger.info("publish %d stopped: the dialog closed", job_id)
        except Exception as e:
            logger.exception("publish %d failed", job_id)
            self._finish("publish_failed", {"job": job_id, "error": f"{type(e).__name__}: {e}"})

    def _finish(self, event, data):
        self.running = None
        try:
            self.view.emit(event, data)
        except auroraview.ClosedError:
            logger.info("publish %d ended (%s) after the dialog closed", data["job"], event)

    def _cancel(self, detail):
        if self.running and self.running[0] == detail.get("job"):
            self.cancel()


def open_panel(work_dir, root, **options):
    """Opens the dialog (docked into the attached host, or per parent=/dock_area=). Returns it at
    once inside a Qt host; standalone (a plain python3), when its window closes."""
    dialog = Publisher(work_dir, root, **options)
    dialog.view.show()
    return dialog


def make_demo_work_dir(folder):
    """An animator's work folder: a scene file, a playblast, notes (a few MB in all)."""
    os.makedirs(folder, exist_ok=True)
    for name, size in (("sq010_sh0020_anim_v012.ma", 1_300_000), ("sq010_sh0020_anim_v012.mov", 2_100_000),
                       ("notes.txt", 600)):
        with open(os.path.join(folder, name), "wb") as f:
            f.write((name.encode() + b"\n") * (size // (len(name) + 1)))
    return folder


def main(argv=None):
    parser = argparse.ArgumentParser(prog="publisher.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("work_dir", nargs="?", help="the files to offer (default: a demo work folder in the temp dir)")
    parser.add_argument("--root", help="where versions are published (default: a folder in the temp dir)")
    parser.add_argument("--screenshot", metavar="PNG", help="stage a publish, write a PNG of the window, quit")
    args = parser.parse_args(argv)
    if args.work_dir and not os.path.isdir(args.work_dir):
        parser.error(f"{args.work_dir} is not a directory")
    tmp = tempfile.gettempdir()
    work_dir = args.work_dir or make_demo_work_dir(os.path.join(tmp, "auroraview-demo-work"))
    root = args.root or os.path.join(tmp, "auroraview-demo-publishes")
    os.makedirs(root, exist_ok=True)
    dialog = Publisher(work_dir, root, shot="sq010_sh0020", task="anim",
                       chunk_delay_s=0.03 if args.screenshot else 0.01)
    if args.screenshot:
        dialog.view.on_ready(lambda _url: _stage_screenshot(dialog, args.screenshot))
    dialog.view.show()


def _stage_screenshot(dialog, path):
    """Publishes the demo files from Python (as a host's "publish" button would) and writes the
    PNG while the copy runs, then cancels it."""
    sys.path.insert(0, os.path.join(HERE, "..", "shared"))
    import shot

    files = [f["path"] for f in dialog.context()["files"] if not f["name"].endswith(".txt")]
    dialog.publish("sq010_sh0020", "anim", "Blocking pass: hero's jump, new timing on the landing", files)

    def take():
        size = shot.grab(path, 760, 640)
        print(f"publisher: wrote {path} ({size[0]}x{size[1]}): a publish of {len(files)} files running", flush=True)
        dialog.close()

    shot.after(0.8, take)


if __name__ == "__main__":
    main()
