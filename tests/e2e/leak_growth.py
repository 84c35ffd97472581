"""Runs the LeakSanitizer build of e2e_lifecycle for 10 and for 100 views and compares the leak
reports: leaks allocated by our code (the first frame after the allocator is in this project's
sources, the shim library or the test program) must not grow with the number of views; leaks that
Qt WebEngine allocates itself are reported, per view, but not failed on: Qt WebEngine 6.4.2 loses
about 1.8 KB per QWebEngineView (three objects allocated inside libQt6WebEngineCore), and a
program with a bare QWebEngineView and no auroraview code loses the same
(docs/security.md, "Lifecycle").

usage: leak_growth.py <e2e_lifecycle_lsan binary> <project source dir>"""
import os
import re
import subprocess
import sys

binary, source_dir = sys.argv[1], sys.argv[2]
OURS = (source_dir, "libav_shim_qt", os.path.basename(binary))
ALLOCATOR = re.compile(r"lsan_interceptors|operator new|\bmalloc\b|\bcalloc\b|\brealloc\b|\bstrdup\b")
RECORD = re.compile(r"^(Direct|Indirect) leak of (\d+) byte\(s\) in (\d+) object\(s\) allocated from:")


def run(views):
    env = dict(os.environ, LSAN_OPTIONS="exitcode=0:report_objects=0:max_leaks=0")
    proc = subprocess.run([binary, str(views)], env=env, capture_output=True, text=True, timeout=800)
    if proc.returncode != 0 or "1 passed, 0 failed" not in proc.stdout:
        sys.exit(f"e2e_lifecycle for {views} views failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr[-4000:]}")
    summary = next((line for line in proc.stderr.splitlines() if line.startswith("SUMMARY: LeakSanitizer")),
                   "SUMMARY: LeakSanitizer: no leaks")
    # Direct and indirect leaks (an object of ours held only by a lost Qt object is still ours).
    totals = {"ours": [0, 0], "qt": [0, 0]}  # [bytes, objects]
    ours_records = []
    lines = proc.stderr.splitlines()
    for i, line in enumerate(lines):
        m = RECORD.match(line)
        if not m:
            continue
        frames = []
        for frame in lines[i + 1:]:
            if not frame.strip().startswith("#"):
                break
            frames.append(frame.strip())
        caller = next((f for f in frames if not ALLOCATOR.search(f)), "")
        kind = "ours" if any(mark in caller for mark in OURS) else "qt"
        totals[kind][0] += int(m.group(2))
        totals[kind][1] += int(m.group(3))
        if kind == "ours":
            ours_records.append("\n    ".join([line] + frames[:8]))
    return summary, totals, ours_records


small, large = 10, 100
s_summary, s_totals, _ = run(small)
l_summary, l_totals, l_records = run(large)
print(f"{small:>3} views: {s_summary}")
print(f"{large:>3} views: {l_summary}")
for kind, label in (("ours", "allocated by auroraview code"), ("qt", "allocated inside Qt/Chromium")):
    grow = l_totals[kind][0] - s_totals[kind][0]
    print(f"leaks {label}: {s_totals[kind][0]} B / {s_totals[kind][1]} objects at {small} views, "
          f"{l_totals[kind][0]} B / {l_totals[kind][1]} objects at {large}: "
          f"{grow / (large - small):.1f} B per extra view")
if l_totals["ours"] != s_totals["ours"]:
    print("auroraview code leaks per view:\n  " + "\n  ".join(l_records))
    sys.exit(1)
print("no growth per view in leaks of auroraview code")
