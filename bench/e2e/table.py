"""Runs the end-to-end benchmark, the project beside its peers in one run, and prints one table.

  auroraview_side.py   the project (fire, rpc, rpc8, emit, emit_main, stall, memory)
  the peer             ../shared/peers/pyqt6_webchannel.py (fire, rpc, emit, stall), or
                       the path in AURORAVIEW_PEER, run unchanged by peer_timed.py, which
                       adds its rpc timed on the Python clock (rtt.py)
  ready_side.py        ready: auroraview against a bare QWebEngineView
  bigdata_side.py      big data: 1/10/100 MiB strings and 10/100 MiB bytes both ways, a 1M-chunk
                       stream, against peer_bigdata.py (QWebChannel; bytes as base64)
  panels_side.py       memory: PSS of 1, 5, 10 docked panels against as many bare QWebEngineViews
                       docked in the same kind of host, and 10 panels of one origin with
                       Chromium's --process-per-site (one renderer for them all); medians

AURORAVIEW_BENCH picks the parts (comma-separated: core, bigdata, memory; default all three).
Each program runs in its own process, one after the other, ROUNDS times (argv[1], default 1);
the table shows every round's figures. Ratios are project / reference.
"""
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PEER = Path(os.environ.get("AURORAVIEW_PEER", ROOT.parent / "shared" / "peers" / "pyqt6_webchannel.py"))
PYTHON = "/usr/bin/python3"
PARTS = os.environ.get("AURORAVIEW_BENCH", "core,bigdata,memory").split(",")
# bench/transport's probe, built by bench/run.sh: the bare transport round trip (SetProperty in,
# a WebChannel signal out, native timestamps), the floor under an rpc.
PROBE = Path(os.environ.get("AURORAVIEW_PROBE", ROOT / "build" / "default" / "bench-transport" / "transport_probe"))


def env():
    e = dict(os.environ)
    e.setdefault("QT_QPA_PLATFORM", "offscreen")
    e.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
    if os.geteuid() == 0:
        e.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    e["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "build" / "default" / "python"), str(HERE),
                                                    e.get("PYTHONPATH")]))
    return e


def run(*args, **extra_env):
    proc = subprocess.run([PYTHON, *map(str, args)], env={**env(), **extra_env}, capture_output=True, text=True,
                          timeout=900)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        sys.exit(f"bench: {' '.join(map(str, args))} failed (exit {proc.returncode})\n{proc.stderr[-3000:]}")
    out = {}
    for line in lines:  # the peer's line, then peer_timed.py's
        out.update(json.loads(line))
    if out.get("timeout"):
        sys.exit(f"bench: {args[0]} timed out: {out}")
    return out


# (label, key in ours, reference side, key in reference, target kind, target value)
ROWS = [
    ("fire msgs/s", "fire_msgs_per_s", "peer", "fire_msgs_per_s", "ratio>=", 10),
    ("emit msgs/s (worker thread)", "emit_msgs_per_s", "peer", "emit_msgs_per_s", "ratio>=", 10),
    ("emit msgs/s (main thread, in a handler)", "emit_main_msgs_per_s", "peer", "emit_msgs_per_s", "ratio>=", 10),
    ("rpc mean us (page clock)", "rpc_mean_us", "peer", "rpc_mean_us", None, None),
    ("rpc mean us (Python clock)", "rpc_py_mean_us", "peer", "rpc_py_mean_us", "ratio<=", 0.7),
    ("rpc p50 us (Python clock)", "rpc_py_p50_us", "peer", "rpc_py_p50_us", "ratio<=", 1.0),
    ("rpc p99 us (Python clock)", "rpc_py_p99_us", "peer", "rpc_py_p99_us", "ratio<=", 1.0),
    ("rpc mean us (Python clock) over the bare transport's", "rpc_over_bare_us", "probe", "mean_us", "abs<=", 25),
    ("rpc p99 us, 8 in flight", "rpc8_p99_us", None, None, "abs<=", 2000),
    ("stall worst ms", "stall_worst_ms", "peer", "stall_worst_ms", "abs<=", 33),
    ("ready ms (warm view)", "ready_warm_ms", "bare", "ready_warm_ms", "ratio<=", 1.1),
    ("ready ms (first view)", "ready_cold_ms", "bare", "ready_cold_ms", None, None),
    ("RSS growth MiB, 1M emits, settled", "rss_growth_mib", None, None, "abs<=", 64),
    ("RSS growth MiB, 1M emits, peak", "rss_peak_growth_mib", None, None, None, None),
]


def bigdata_rows(path):
    """Round trip and emit of each payload with its worst host tick gap, the bytes' MiB/s, the
    stream (path: how ours went). The peer's bytes go as base64 (its only way)."""
    rows = []
    for kind, sizes in (("str", (1, 10, 100)), ("bytes", (10, 100))):
        for mib in sizes:
            name = f"{kind}{mib}"
            what = f"{mib} MiB {'string' if kind == 'str' else 'bytes (peer: base64)'}"
            rt_target = ("ratio<=", 0.25) if name == "str10" else ("works", None) if mib == 100 else (None, None)
            rows += [(f"round trip ms, {what}", f"rt_{name}_ms", "peer", f"rt_{name}_ms", *rt_target),
                     ("  worst host tick gap ms", f"rt_{name}_gap_ms", "peer", f"rt_{name}_gap_ms", "abs<=", 33),
                     (f"emit ms, {what}", f"emit_{name}_ms", "peer", f"emit_{name}_ms",
                      *(("works", None) if mib == 100 else (None, None))),
                     ("  worst host tick gap ms", f"emit_{name}_gap_ms", "peer", f"emit_{name}_gap_ms", "abs<=", 33)]
    rows += [("bytes 100 MiB page -> Python -> page, MiB/s each way", "rt_bytes100_mib_s", "peer", "rt_bytes100_mib_s",
              "abs>=", 500),
             ("bytes 100 MiB Python -> page (emit), MiB/s", "emit_bytes100_mib_s", "peer", "emit_bytes100_mib_s",
              "abs>=", 500),
             (f"stream 1M x 1 KiB chunks/s (ours: {path}; peer: signal emits)", "stream_items_per_s", "peer",
              "stream_items_per_s", "abs>=", 200000),
             ("  worst host tick gap ms", "stream_gap_ms", "peer", "stream_gap_ms", "abs<=", 33),
             ("  peak RSS MiB, host process", "stream_peak_rss_mib", "peer", "stream_peak_rss_mib", None, None),
             ("  peak RSS MiB, host + Chromium helpers", "stream_peak_tree_rss_mib", "peer", "stream_peak_tree_rss_mib",
              None, None)]
    return rows


def add_rates(side):
    """MiB/s of the 100 MiB bytes transfers (a round trip moves them each way once)."""
    for key, ways in (("rt_bytes100", 2), ("emit_bytes100", 1)):
        ms = side.get(f"{key}_ms")
        side[f"{key}_mib_s"] = round(100 * ways / (ms / 1000)) if isinstance(ms, (int, float)) and ms else ms
    return side


MEMORY_ROWS = [(f"PSS MiB, {n} docked panel{'s' * (n > 1)} (anonymous part in the next row)", f"pss{n}", "bare",
                f"pss{n}", *(("ratio<=", 0.8) if n == 10 else (None, None))) for n in (1, 5, 10)] + [
    ("PSS MiB, 10 panels of one origin, --process-per-site", "pss10_shared", "bare", "pss10", "ratio<=", 0.8)]
PANEL_HTML = "<!doctype html><html><body><h1>panel</h1><script>document.body.dataset.x = 1;</script></body></html>"


def panels():
    """Each configuration MEMORY_REPEAT times (default 3), the two sides interleaved, in fresh
    processes; the median (one Qt WebEngine tree's PSS moves by tens of MiB from run to run)."""
    repeat = int(os.environ.get("MEMORY_REPEAT", 3))
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "panel.html"
        page.write_text(PANEL_HTML)
        shared = {"PANEL_URL": page.as_uri(),
                  "QTWEBENGINE_CHROMIUM_FLAGS": env()["QTWEBENGINE_CHROMIUM_FLAGS"] + " --process-per-site"}
        configs = [(side, n, "", {}) for n in (1, 5, 10) for side in ("auroraview", "bare")]
        configs.append(("auroraview", 10, "_shared", shared))
        got = {c[:3]: [] for c in configs}
        for _ in range(repeat):
            for side, n, suffix, extra in configs:
                got[(side, n, suffix)].append(run(HERE / "panels_side.py", side, n, **extra))
    out = {"auroraview": {}, "bare": {}}
    for (side, n, suffix), runs in got.items():
        for figure in ("pss", "anon_pss", "renderers"):
            values = sorted(x[figure if figure == "renderers" else figure + "_mib"] for x in runs)
            out[side][f"{figure}{n}{suffix}"] = values[len(values) // 2]
    return out["auroraview"], out["bare"]


def verdict(kind, target, ours, ratio):
    if kind is None:
        return ""
    if ours is None:  # a figure of a transfer that did not happen
        return ""
    if not isinstance(ours, (int, float)):  # refused, n/a, an error
        return f"MISSED ({ours})"
    if kind == "works":
        return "works: met"
    value = ratio if kind.startswith("ratio") else ours
    ok = value >= target if kind.endswith(">=") else value <= target
    what = f"{'ratio' if kind.startswith('ratio') else 'value'} {kind[-2:]} {target}"
    return f"{what}: {'met' if ok else 'MISSED'}"


def bare_transport():
    """The probe's rpc row for the shim's transport: SetProperty in, signal out."""
    proc = subprocess.run([str(PROBE), "--only", "rpc", "--n-rpc", "2000"], env=env(), capture_output=True,
                          text=True, timeout=600)
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            if row.get("transport") == "raw_setprop" and row.get("answer") == "signal" and row.get("ok"):
                return row
    sys.exit(f"bench: {PROBE} gave no rpc row (exit {proc.returncode})\n{proc.stderr[-3000:]}")


def main():
    if not PEER.is_file():
        sys.exit(f"bench: the peer is not at {PEER}; set AURORAVIEW_PEER to its path")
    if "core" in PARTS and not PROBE.is_file():
        sys.exit(f"bench: the transport probe is not at {PROBE}; bench/run.sh builds it")
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    load = os.getloadavg()[0]
    print(f"# end-to-end benchmark: {rounds} round(s), load average {load:.2f} at start, "
          f"{os.cpu_count()} CPUs; peer {PEER.name}")
    print("| figure | round | auroraview | reference | ratio | target |")
    print("|---|---|---|---|---|---|")
    for r in range(1, rounds + 1):
        if "core" in PARTS:
            ours = run(HERE / "auroraview_side.py")
            ours.update(run(HERE / "ready_side.py", "auroraview"))
            ours["rss_growth_mib"] = round(ours["rss_after_settle_mib"] - ours["rss_before_flood_mib"], 1)
            ours["rss_peak_growth_mib"] = round(ours["rss_peak_mib"] - ours["rss_before_flood_mib"], 1)
            refs = {"peer": run(HERE / "peer_timed.py", PEER), "bare": run(HERE / "ready_side.py", "bare"),
                    "probe": bare_transport()}
            ours["rpc_over_bare_us"] = ours["rpc_py_mean_us"] - refs["probe"]["mean_us"]
            print_rows(r, ROWS, ours, refs)
        if "bigdata" in PARTS:
            ours = add_rates(run(HERE / "bigdata_side.py"))
            print_rows(r, bigdata_rows(ours["stream_path"]), ours, {"peer": add_rates(run(HERE / "peer_bigdata.py"))})
            if "stream_failed" in ours:
                print(f"<!-- auroraview.stream failed, the channel was measured instead: {ours['stream_failed']} -->")
        if "memory" in PARTS:
            ours, bare = panels()
            rows = []
            for label, key, side, ref_key, kind, target in MEMORY_ROWS:
                rows += [(label, key, side, ref_key, kind, target),
                         ("  PSS MiB, anonymous and shared memory only", "anon_" + key, side, "anon_" + ref_key,
                          None, None)]
            print_rows(r, rows, ours, {"bare": bare})
            counts = {side: [m[f"renderers{n}"] for n in (1, 5, 10)] for side, m in (("ours", ours), ("bare", bare))}
            print(f"<!-- renderer processes: panels {counts['ours']}, one origin with --process-per-site "
                  f"{ours['renderers10_shared']}, bare {counts['bare']} -->")


def print_rows(r, rows, ours, refs):
    for label, key, side, ref_key, kind, target in rows:
        value = ours[key]
        ref = refs[side][ref_key] if side else None
        numbers = all(isinstance(x, (int, float)) for x in (value, ref))
        ratio = value / ref if numbers and ref and not (kind or "").startswith("abs") else None
        ref_text = f"{'—' if ref is None else ref} ({side})" if side else "—"
        ratio_text = f"{ratio:.2f}x" if ratio is not None else "—"
        value_text = "—" if value is None else value
        print(f"| {label} | {r} | {value_text} | {ref_text} | {ratio_text} | {verdict(kind, target, value, ratio)} |")
    sys.stdout.flush()


main()
