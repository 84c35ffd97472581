"""Big strs and bytes go to the page as leaves of a blob, read from their own memory:
scenarios/big_leaves.py. The host's worst tick gap and the time until the page had each 100 MiB
value are printed (run with -s), not asserted."""
import pytest

MIB = 1 << 20
V8_MAX = (1 << 29) - 24


@pytest.fixture(scope="module")
def run(run_scenario):
    out = run_scenario("big_leaves")
    for line in out["gaps"]:
        print(line)
    return out


def test_100_mib_of_text_and_of_bytes_arrive_whole_by_emit_and_by_call_result(run):
    assert run["timed"] == {"text emit": True, "bytes emit": True, "api.text": True, "api.bytes": True}


def test_text_that_is_not_ascii_and_leaves_among_small_values_arrive_as_sent(run):
    # latin-1, CJK and astral text; small bytes stay base64; a 300 KiB bytes leaf; the small
    # values; a 300 Ki-character key.
    assert run["nested"] == [True, True, True, [0, 1], True, 1, 2.5, None, "tiny é", True, 1]


def test_leaves_of_a_message_below_a_mib_go_inline_unchanged(run):
    assert run["inline"] == [True, True, 1]


def test_a_bytearray_changed_after_its_emit_arrives_as_it_was_at_the_emit(run):
    assert run["mutated"] == [2 * MIB, True]


def test_small_emits_around_big_ones_keep_their_order(run):
    assert run["order"] == ["small 0", f"big {2 * MIB}", "small 1", f"big {300 * 1024}", "small 2",
                            f"big {2 * MIB}", "small end"]


def test_a_leaf_is_held_while_its_blob_waits_and_let_go_once_read(run):
    refs = run["refs"]
    assert refs["while waiting"] == refs["before"] + 1
    assert refs["page got"] == 2 * MIB
    assert refs["released"] and refs["after the read"] == refs["before"]


def test_a_closed_views_unread_blob_lets_its_leaf_go(run):
    assert run["unread"] == {"held": 1, "released": True}


def test_leaves_passing_the_configured_limit_together_are_refused_at_once(run):
    limit = 200 * MIB
    size = 150 * MIB + 60 * MIB
    emit_skeleton = len('{"a":{"__auroraview_leaf__":0},"b":{"__auroraview_leaf__":1}}')
    name, code, message = run["refused emits"]["over"]
    assert (name, code) == ("AuroraViewError", "PAYLOAD_TOO_LARGE")
    assert message.startswith(f"emit ({size + emit_skeleton} bytes; the limit is {limit}, set by "
                              "auroraview.configure(max_message_bytes=...))")
    result_skeleton = len('[{"__auroraview_leaf__":0},{"__auroraview_leaf__":1}]')
    code, message = run["refused results"]["over"]
    assert code == "PAYLOAD_TOO_LARGE"
    assert message.startswith(f"the result ({size + result_skeleton} bytes; the limit is {limit}")


def test_a_str_longer_than_a_pages_strings_is_refused_as_emit_and_as_result(run):
    said = f"a str of {1 << 29} characters; a page's strings hold at most {V8_MAX} UTF-16 units"
    name, code, message = run["refused emits"]["too long"]
    assert (name, code) == ("AuroraViewError", "PAYLOAD_TOO_LARGE") and said in message
    code, message = run["refused results"]["long"]
    assert code == "PAYLOAD_TOO_LARGE" and said in message


def test_one_raw_post_stays_within_16_mi_units_below_a_higher_message_limit(run):
    assert run["refused results"]["raw"] == [["RangeError", "PAYLOAD_TOO_LARGE"], 1 << 24, 200 * MIB]
