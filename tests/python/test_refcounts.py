"""Reference counts in the extension module: steady traffic leaves nothing behind."""


def test_repeated_traffic_does_not_grow_python_memory(run_scenario):
    run = run_scenario("refcounts")
    assert run["page"] == {"emitted": 4 * 300}
    blocks = run["blocks"]
    growth = [later - earlier for earlier, later in zip(blocks[1:], blocks[2:])]  # after the warm-up round
    # One leaked object per message would be >= per_round (1800) blocks a round. Python's own
    # caches still grow for the first rounds: 10-round runs on both shims grew 60-220 blocks a
    # round until round 5 or 6, then 0-25 (a per_round // 20 bound failed now and then).
    assert all(g < run["per_round"] // 4 for g in growth), (blocks, growth)
