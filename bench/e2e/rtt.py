"""Round trips timed on the Python side, shared by auroraview_side.py and peer_timed.py.

The page's performance.now() is coarsened to 100 us in Qt WebEngine, too coarse for p50/p99.
While the page awaits sequential calls, the interval between two successive entries of the
Python handler is one full round trip (answer out, page settles it and sends the next call, the
call in), timed by perf_counter at 1 us resolution. Recording an entry costs a list append.
"""


def interval_stats(entries, prefix):
    """{prefix_mean_us, prefix_p50_us, prefix_p99_us} of the gaps between successive entries
    (perf_counter seconds). Percentiles are taken as the page takes them: sorted[floor(n * p)]."""
    gaps = sorted(b - a for a, b in zip(entries, entries[1:]))
    if not gaps:
        return {}
    n = len(gaps)

    def us(seconds):
        return round(seconds * 1e6)

    return {f"{prefix}_mean_us": us(sum(gaps) / n),
            f"{prefix}_p50_us": us(gaps[min(n - 1, n // 2)]),
            f"{prefix}_p99_us": us(gaps[min(n - 1, int(n * 0.99))])}
