"""What a publish is, apart from any UI: the rules a publish must pass (validate), and the job
that makes it (Publish): copies the files into <root>/<shot>/<task>/v###/ chunk by chunk with
their SHA-256, then writes manifest.json there. A cancelled or failed job leaves no version
folder behind."""
import datetime
import hashlib
import json
import os
import shutil
import threading

CHUNK = 64 * 1024
MIN_COMMENT = 8


class ValidationError(ValueError):
    """The form breaks the rules: problems is {field: reason}; str() names them all."""

    def __init__(self, problems):
        self.problems = dict(problems)
        super().__init__("; ".join(f"{field}: {reason}" for field, reason in self.problems.items()))


class Cancelled(Exception):
    """The publish was cancelled before it finished."""


def problems(project, shot, task, comment, files):
    """{field: reason} for each rule the form breaks ({} when it may be published)."""
    found = {}
    if not shot:
        found["shot"] = "choose a shot"
    elif shot not in project["shots"]:
        found["shot"] = f"{shot} is not a shot of {project['name']}"
    if not task:
        found["task"] = "choose a task"
    elif task not in project["tasks"]:
        found["task"] = f"{task} is not a task of {project['name']}"
    if len((comment or "").strip()) < MIN_COMMENT:
        found["comment"] = f"say what changed (at least {MIN_COMMENT} characters)"
    if not files:
        found["files"] = "pick at least one file"
    else:
        missing = [f for f in files if not os.path.isfile(f)]
        names = [os.path.basename(f) for f in files]
        clashes = sorted({n for n in names if names.count(n) > 1})
        if missing:
            found["files"] = f"not a file: {', '.join(missing)}"
        elif clashes:
            found["files"] = f"two files named {', '.join(clashes)}"
    return found


def validate(project, shot, task, comment, files):
    """Raises ValidationError unless the form may be published."""
    found = problems(project, shot, task, comment, files)
    if found:
        raise ValidationError(found)


def next_version(root, shot, task):
    """The version the next publish of shot/task gets: one above the highest v### there."""
    folder = os.path.join(root, shot, task)
    taken = [int(n[1:]) for n in os.listdir(folder) if n[:1] == "v" and n[1:].isdigit()] if os.path.isdir(folder) else []
    return max(taken, default=0) + 1


class Publish:
    """One publish. run() does the work on the calling thread, reporting progress(done_bytes,
    total_bytes, file_name) after each chunk; cancel() (any thread) stops it at the next chunk.
    chunk_delay_s paces the copy so a person can watch it (0 for full speed)."""

    def __init__(self, root, shot, task, comment, files, user, chunk_delay_s=0.0):
        self.shot, self.task, self.comment, self.user = shot, task, comment.strip(), user
        self.files = [os.path.abspath(f) for f in files]
        self.version = next_version(root, shot, task)
        self.dest = os.path.join(root, shot, task, f"v{self.version:03d}")
        self.total_bytes = sum(os.path.getsize(f) for f in self.files)
        self._delay = chunk_delay_s
        self._cancel = threading.Event()

    def cancel(self):
        self._cancel.set()

    def run(self, progress):
        """Returns the manifest's path. Raises Cancelled, or what the copy raised; either way the
        version folder is removed."""
        os.makedirs(self.dest)  # not exist_ok: two publishes never share a version
        try:
            records, done = [], 0
            for source in self.files:
                digest = hashlib.sha256()
                target = os.path.join(self.dest, os.path.basename(source))
                with open(source, "rb") as src, open(target, "wb") as dst:
                    while chunk := src.read(CHUNK):
                        if self._cancel.wait(self._delay):
                            raise Cancelled()
                        dst.write(chunk)
                        digest.update(chunk)
                        done += len(chunk)
                        progress(done, self.total_bytes, os.path.basename(source))
                records.append({"name": os.path.basename(source), "source": source,
                                "size": os.path.getsize(target), "sha256": digest.hexdigest()})
            return self._write_manifest(records)
        except BaseException:
            shutil.rmtree(self.dest, ignore_errors=True)
            raise

    def _write_manifest(self, records):
        manifest = {
            "shot": self.shot, "task": self.task, "version": self.version, "user": self.user,
            "comment": self.comment, "published": datetime.datetime.now(datetime.timezone.utc).isoformat(),
            "files": records,
        }
        path = os.path.join(self.dest, "manifest.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(manifest, f, indent=2)
        return path
