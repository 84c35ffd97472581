"""Memory and host-tick figures shared by the big-data and panel benchmarks (Linux /proc).

tree(pid)          pid and all its descendants (Qt WebEngine's helpers: zygotes, renderers, GPU
                   and utility processes are children of the host or of its zygote)
pss_mib(pids)      the sum of their Pss (/proc/<pid>/smaps_rollup): shared pages split among
                   the processes that map them, so the sum is what the tree costs the machine
                   (its file part moves with other programs mapping the same files: another
                   Qt WebEngine program running meanwhile shares libQt6WebEngineCore's pages, and
                   one renderer's PSS drops by about 30 MiB)
anon_pss_mib(pids) the anonymous and shared-memory part of that sum (Pss_Anon + Pss_Shmem):
                   what the tree allocated itself, whatever else runs
rss_mib(pid)       resident set of one process
Sampler(pid)       a 60 Hz host timer (QTimer, 16 ms): between start() and stop(), the worst gap
                   between its ticks and the peak RSS of pid and of its tree
"""
import os
import time

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def children(pid):
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out += [int(c) for c in f.read().split()]
    except OSError:  # gone meanwhile
        pass
    return out


def tree(pid):
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        todo += children(p)
    return pids


def rss_mib(pid):
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE_SIZE / 2**20
    except OSError:
        return 0.0


def rollup_mib(pids, *fields):
    total_kib = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                total_kib += sum(int(line.split()[1]) for line in f if line.split(":")[0] in fields)
        except OSError:
            pass
    return total_kib / 1024


def pss_mib(pids):
    return rollup_mib(pids, "Pss")


def anon_pss_mib(pids):
    return rollup_mib(pids, "Pss_Anon", "Pss_Shmem")


class Sampler:
    def __init__(self, pid):
        from PyQt6.QtCore import QTimer

        self.pid = pid
        self.active = False
        self.last = None
        self.worst = 0.0
        self.peak_rss = self.peak_tree = 0.0
        self.timer = QTimer()
        self.timer.setInterval(16)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self):
        t = time.perf_counter()
        if self.active:
            self.worst = max(self.worst, t - self.last)
            self.peak_rss = max(self.peak_rss, rss_mib(self.pid))
            self.peak_tree = max(self.peak_tree, sum(rss_mib(p) for p in tree(self.pid)))
        self.last = t

    def start(self):
        self.active, self.last, self.worst = True, time.perf_counter(), 0.0
        self.peak_rss = self.peak_tree = 0.0

    def stop(self):
        self.tick()
        self.active = False
        return {"gap_ms": round(self.worst * 1000, 1), "peak_rss_mib": round(self.peak_rss, 1),
                "peak_tree_rss_mib": round(self.peak_tree, 1)}
