"""One render job in a process of its own, with a small window showing its frames. The render
queue (render_queue.py) starts it through ChildManager.spawn; alone, it renders on its own.

    python3 render_job.py NAME START END OUT_DIR [--frame-delay S]

It "renders" frames START..END as small PPM images in OUT_DIR/NAME/ on a worker thread, and tells
the parent (ChildContext.emit_to_parent): job_started {pid, total, out}, job_progress {frame,
done, total, percent, file}, job_paused / job_resumed {done}, and at the end job_done {frames,
out} or job_cancelled {done}; then its window closes and the process exits 0. From the parent
it takes pause, resume and cancel."""
import argparse
import os
import threading

import auroraview

HERE = os.path.dirname(os.path.abspath(__file__))
PAGE = os.path.join(HERE, "render_job.html")


def render_frame(path, frame, width=64, height=36):
    """Writes one frame: a binary PPM whose gradient moves with the frame number."""
    pixels = bytearray()
    for y in range(height):
        for x in range(width):
            pixels += bytes(((x * 4 + frame * 8) % 256, (y * 7) % 256, (frame * 5) % 256))
    with open(path, "wb") as f:
        f.write(b"P6 %d %d 255\n" % (width, height) + pixels)


class Job:
    """The frames loop; pause(), resume() and cancel() may be called from any thread. report(event,
    data) is told what happens."""

    def __init__(self, name, start, end, out_dir, frame_delay_s, report):
        self.name, self.frames = name, list(range(start, end + 1))
        self.out = os.path.join(out_dir, name)
        self._delay = frame_delay_s
        self._report = report
        self._running = threading.Event()
        self._running.set()
        self._cancelled = threading.Event()
        self.done = 0

    def pause(self):
        if self._running.is_set() and not self._cancelled.is_set():
            self._running.clear()
            self._report("job_paused", {"done": self.done})

    def resume(self):
        if not self._running.is_set():
            self._running.set()
            self._report("job_resumed", {"done": self.done})

    def cancel(self):
        self._cancelled.set()
        self._running.set()  # a paused job wakes up to stop

    def run(self):
        os.makedirs(self.out, exist_ok=True)
        self._report("job_started", {"pid": os.getpid(), "total": len(self.frames), "out": self.out})
        for frame in self.frames:
            self._running.wait()
            if self._cancelled.wait(self._delay):
                self._report("job_cancelled", {"done": self.done})
                return
            path = os.path.join(self.out, f"{self.name}.{frame:04d}.ppm")
            render_frame(path, frame)
            self.done += 1
            self._report("job_progress", {"frame": frame, "done": self.done, "total": len(self.frames),
                                          "percent": round(100 * self.done / len(self.frames)), "file": path})
        self._report("job_done", {"frames": self.done, "out": self.out})


def main(argv=None):
    parser = argparse.ArgumentParser(prog="render_job.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("name")
    parser.add_argument("start", type=int)
    parser.add_argument("end", type=int)
    parser.add_argument("out_dir")
    parser.add_argument("--frame-delay", type=float, default=0.15, metavar="S", help="seconds per frame (pacing)")
    args = parser.parse_args(argv)

    with auroraview.ChildContext() as ctx:
        view = ctx.create_webview(title=f"Render {args.name}", width=420, height=250)

        def report(event, data):  # the worker's thread, mostly
            ctx.emit_to_parent(event, data)
            if view.closed:
                return
            view.emit(event, data)
            if event in ("job_done", "job_cancelled"):
                view.close()

        job = Job(args.name, args.start, args.end, args.out_dir, args.frame_delay, report)
        worker = threading.Thread(target=job.run, name=f"render-{args.name}", daemon=True)

        @view.on_ready
        def page_ready(url):
            view.emit("job", {"name": args.name, "start": args.start, "end": args.end, "child_id": ctx.child_id})
            if worker.ident is None:  # the first load (not a reload)
                worker.start()

        actions = {"pause": job.pause, "resume": job.resume, "cancel": job.cancel}

        @ctx.on_parent_message
        def from_parent(event, data):
            if event in actions:
                actions[event]()

        view.load_file(PAGE)
        view.show()
        job.cancel()  # the window was closed, or the parent went away


if __name__ == "__main__":
    main()
