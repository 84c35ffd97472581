"""Runs the end-to-end benchmark, the project beside its peers in one run, and prints one table.

  auroraview_side.py   the project (fire, rpc, rpc8, emit, emit_main, stall, memory)
  the peer             ../shared/peers/pyqt6_webchannel.py (fire, rpc, emit, stall), or
                       the path in AURORAVIEW_PEER, run unchanged by peer_timed.py, which
                       adds its rpc timed on the Python clock (rtt.py)
  ready_side.py        ready: auroraview against a bare QWebEngineView

Each program runs in its own process, one after the other, ROUNDS times (argv[1], default 1);
the table shows every round's figures. Ratios are project / reference.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PEER = Path(os.environ.get("AURORAVIEW_PEER", ROOT.parent / "shared" / "peers" / "pyqt6_webchannel.py"))
PYTHON = "/usr/bin/python3"
# bench/transport's probe, built by bench/run.sh: the bare transport round trip (SetProperty in,
# a WebChannel signal out, native timestamps), the floor under an rpc.
PROBE = Path(os.environ.get("AURORAVIEW_PROBE", ROOT / "build" / "default" / "bench-transport" / "transport_probe"))


def env():
    e = dict(os.environ)
    e.setdefault("QT_QPA_PLATFORM", "offscreen")
    e.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
    if os.geteuid() == 0:
        e.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    e["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "build" / "default" / "python"), e.get("PYTHONPATH")]))
    return e


def run(*args):
    proc = subprocess.run([PYTHON, *map(str, args)], env=env(), capture_output=True, text=True, timeout=600)
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


def verdict(kind, target, ours, ratio):
    if kind is None:
        return ""
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
    if not PROBE.is_file():
        sys.exit(f"bench: the transport probe is not at {PROBE}; bench/run.sh builds it")
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    load = os.getloadavg()[0]
    print(f"# end-to-end benchmark: {rounds} round(s), load average {load:.2f} at start, "
          f"{os.cpu_count()} CPUs; peer {PEER.name}")
    print("| figure | round | auroraview | reference | ratio | target |")
    print("|---|---|---|---|---|---|")
    for r in range(1, rounds + 1):
        ours = run(HERE / "auroraview_side.py")
        ours.update(run(HERE / "ready_side.py", "auroraview"))
        ours["rss_growth_mib"] = round(ours["rss_after_settle_mib"] - ours["rss_before_flood_mib"], 1)
        ours["rss_peak_growth_mib"] = round(ours["rss_peak_mib"] - ours["rss_before_flood_mib"], 1)
        refs = {"peer": run(HERE / "peer_timed.py", PEER), "bare": run(HERE / "ready_side.py", "bare"),
                "probe": bare_transport()}
        ours["rpc_over_bare_us"] = ours["rpc_py_mean_us"] - refs["probe"]["mean_us"]
        for label, key, side, ref_key, kind, target in ROWS:
            value = ours[key]
            ref = refs[side][ref_key] if side else None
            ratio = value / ref if ref and not (kind or "").startswith("abs") else None
            ref_text = f"{ref} ({side})" if side else "—"
            ratio_text = f"{ratio:.2f}x" if ratio is not None else "—"
            print(f"| {label} | {r} | {value} | {ref_text} | {ratio_text} | {verdict(kind, target, value, ratio)} |")
        sys.stdout.flush()


main()
