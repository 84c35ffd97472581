"""Reference counts in the extension module: steady traffic leaves nothing behind."""


def test_repeated_traffic_does_not_grow_python_memory(run_scenario):
    run = run_scenario("refcounts")
    assert run["page"] == {"emitted": 4 * 300}
    blocks = run["blocks"]
    growth = [later - earlier for earlier, later in zip(blocks[1:], blocks[2:])]  # after the warm-up round
    # One leaked object per message would be >= per_round blocks a round; allow a little noise.
    assert all(g < run["per_round"] // 20 for g in growth), (blocks, growth)
