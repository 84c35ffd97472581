"""The state, command and channel APIs used the way upstream AuroraView's examples use them
(channel_streaming_demo.py: scenarios/upstream_channel_streaming.py; command_registry_demo.py:
scenarios/upstream_command_registry.py), each with a page of this project driven by clicks, both
shims."""
import pytest


@pytest.fixture(scope="module")
def streaming(run_scenario):
    return run_scenario("upstream_channel_streaming")


@pytest.fixture(scope="module")
def registry(run_scenario):
    return run_scenario("upstream_command_registry")


def test_channels_of_a_manager_without_a_view_stream_once_attached(streaming):
    page = streaming["page"]
    assert streaming["generated_id"] is True and streaming["active_during_multi"] == 3
    assert page["stream_file_data"] == {"ok": True, "chunks_sent": 4}
    assert page["file_bar"] == "100% chunk 4/4" and page["progress_bar"] == "100% Finalizing"
    assert page["stream_progress"] == {"ok": True, "steps_completed": 3}
    assert page["multi_channel_demo"] == {"ok": True, "channels_used": 3}
    assert [page[f"{k}_open_after"] for k in ("file", "progress", "multi")] == [0, 0, 0]
    assert page["status"] == {"active_channels": 0, "manager": "ChannelManager(0 channels)"}


def test_the_raw_channel_events_arrive_in_order(streaming):
    log = streaming["page"]["log"]
    assert log[:4] == ["open early", 'early "held 1"', 'early "held 2"', "close early"]
    generated = log[4].split()[1]
    assert log[4:10] == [f"open {generated}"] + [
        f'{generated} {{"type":"chunk","index":{i},"size":256}}' for i in range(1, 5)] + [f"close {generated}"]
    assert log[10:12] == ["open progress_channel", "close progress_channel"]
    assert log[12:] == [f"open multi_ch_{i}" for i in range(3)] + [
        f'multi_ch_{i} {{"type":"data","channel":{i},"round":{r}}}' for r in range(2) for i in range(3)] + [
        f"close multi_ch_{i}" for i in range(3)]


def test_registry_commands_answer_through_bound_calls(registry):
    page = registry["page"]
    assert page["greet"] == '"Hello, Maya!"' and page["calc"] == "42"
    assert page["add_user"] == '{"ok":true,"count":2}'
    assert page["list"] == '{"commands":["greet","calculate","add_user","error_demo","list_commands"],"count":5}'
    assert registry["users"][-1] == {"id": 2, "name": "Cy", "email": "cy@example.com"}


def test_a_command_error_through_a_bound_call_rejects_with_its_class_and_message(registry):
    page = registry["page"]
    assert page["bad_op"] == 'error {"name":"CommandError","message":"Unknown operation: power"}'
    assert page["denied"] == 'error {"name":"CommandError","message":"not allowed here"}'


def test_commands_run_directly_from_python(registry):
    assert registry["python"] == {"greet": "Hello, Test!", "calculate": 15,
                                  "list": ["greet", "calculate", "add_user", "error_demo", "list_commands"]}
    assert registry["python_error"] == ["INVALID_ARGUMENTS", "Unknown operation: power", {"valid_operations": ["add", "multiply"]}]
