"""Big emits take the other road (issue 19, deliverable 2, Python -> page): scenarios/big_emit.py.
The host's worst tick gap is printed (run with -s), not asserted."""
import pytest

MIB = 1 << 20


@pytest.fixture(scope="module")
def run(run_scenario):
    out = run_scenario("big_emit")
    print("worst host tick gap (ms):", out["worst_gap_ms"])
    return out


def test_bytes_of_every_size_arrive_in_order_with_the_emits_around_them(run):
    got = run["page"]["got"]
    expected = []
    for n in (0, 1, 64 * 1024, 20 * MIB):
        expected += [["bytes", n, True, True], ["small", f"after {n}"]]
    expected += [["text", 100 * MIB + 4, True], ["small", "after text"]]
    assert got == expected


def test_another_views_page_cannot_read_a_blob_and_a_read_blob_is_gone(run):
    assert run["stolen"] == {"error": True}
    assert run["page"]["stale"] == {"error": True}
    assert run["page"]["urls"] == 2  # the 20 MiB bytes and the 100 MiB text went as blobs


def test_an_emit_above_the_limit_is_refused_at_once(run):
    name, code, message = run["over_limit"]
    assert (name, code) == ("AuroraViewError", "PAYLOAD_TOO_LARGE")
    skeleton = len('{"value":{"__auroraview_leaf__":0}}')  # the text is a leaf, counted as its bytes
    assert message == (f"emit ({300 * MIB + skeleton} bytes; the limit is {256 * MIB}, set by "
                       "auroraview.configure(max_message_bytes=...)): the message is above the byte limit")
