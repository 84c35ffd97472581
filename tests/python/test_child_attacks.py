"""The child channel under attack, with real processes on the real socket (scenarios/child_attacks.py
and child_attacker.py): a parent with an honest "echo" child it keeps pinging, and children that
misbehave on purpose. Each test names the attack and what must hold: the parent stays responsive,
refuses what it must, loses nothing it accepted, and says so in its log without flooding it.
No test asserts a duration: the attackers wait for outcomes, under a generous bound."""
import pytest

MiB = 1 << 20
# The product's limits (python_pkg/auroraview/child.py), as the guide states them.
MAX_WAITING_FOR_HELLO = 64
OUTBOUND_LIMIT = 32 * MiB


@pytest.fixture(scope="module")
def channel(run_scenario, tmp_path_factory):
    return run_scenario("child_attacks", "channel", tmp_path_factory.mktemp("channel"))


@pytest.fixture(scope="module")
def flood(run_scenario, tmp_path_factory):
    return run_scenario("child_attacks", "flood", tmp_path_factory.mktemp("flood"))


@pytest.fixture(scope="module")
def emfile(run_scenario, tmp_path_factory):
    return run_scenario("child_attacks", "emfile", tmp_path_factory.mktemp("emfile"))


def events(run, who):
    return [[event, data] for w, event, data in run["events"] if w == who]


def names(run, who):
    return [event for event, _ in events(run, who)]


def lines(run, *words):
    """Log lines (level, message) that contain every one of words."""
    return [[level, msg] for level, msg, _ in run["log"] if all(w in msg for w in words)]


def test_the_scenarios_ran_to_their_end(channel, flood, emfile):
    for run in (channel, flood, emfile):
        assert "scenario_errors" not in run and "bound_reached" not in run
        assert run["tracebacks"] == 0, [r for r in run["log"] if r[2]]


# ---- 7: children forge and lose events -----------------------------------------------------------

def test_a_child_cannot_forge_the_parents_events(channel):
    """It sent child:exited, child:ready, child:closing twice and child:anything: child:exited
    comes once, from the parent, at its real exit; child:ready once, with its real pid (the
    kernel's, not one it claims); child:closing once. child:anything is not one of the channel's
    names: it arrives as the child's own event (upstream's examples send child:message)."""
    got = events(channel, "forger")
    assert [e for e in got if e[0] == "child:exited"] == [["child:exited", {"status": 0}]]
    assert [e for e in got if e[0] == "child:ready"] == [["child:ready", {"pid": channel["pids"]["forger"]}]]
    assert [e for e in got if e[0] == "child:closing"] == [["child:closing", None]]
    assert ["child:anything", 1] in got
    assert ["after_forgery", {"n": 1}] in got  # the event after the forged ones arrives
    assert names(channel, "forger")[-1] == "child:exited"


def test_forged_names_are_counted_and_logged_once_per_child(channel):
    cid = channel["ids"]["forger"]
    assert len(lines(channel, f"child {cid} sent the event", "a name only the parent makes")) == 1
    assert lines(channel, f"child {cid} exited; frames refused from it: 3 reserved")  # exited, ready, the second closing


def test_every_child_is_reported_exited_exactly_once(channel, flood, emfile):
    for run in (channel, flood, emfile):
        for who in run["pids"]:
            assert names(run, who).count("child:exited") == 1, who


def test_data_nested_deeper_than_json_loads_can_read_reaches_the_handler(channel):
    """1024 levels (the codec's limit; json.loads stops near 1000) are decoded without Python
    recursion, and the event after it is not lost."""
    got = events(channel, "deep")
    assert ["deep", {"depth": 1024}] in got
    assert ["after_deep", None] in got


def test_data_nested_past_the_codecs_limit_is_refused_alone(channel):
    got = names(channel, "deep")
    assert "deeper" not in got and "after_deeper" in got
    assert lines(channel, f"child {channel['ids']['deep']} sent a malformed frame", "nesting too deep")


def test_a_dying_childs_last_words_after_a_deep_frame_come_before_its_exit(channel):
    got = names(channel, "deep")
    assert got[got.index("after_deeper"):] == ["after_deeper", "deep_again", "last_words", "child:exited"]
    assert channel["exits"]["deep"] == 0


def test_the_decoder_reads_what_json_loads_reads(channel):
    assert channel["codec"]["decoder_differs"] == []


# ---- attacks of our own: the host stays responsive and correct ----------------------------------

def test_garbage_after_the_hello_is_skipped_frame_by_frame(channel):
    """2,000 malformed frames of 8 kinds (undecodable, invalid UTF-8 name, long names, not JSON, a
    second hello, unknown or no kind), each followed by a good event: every good one arrives, in
    order; the bad ones are counted and logged once per kind, not once each."""
    assert channel["seq"] == list(range(2000))
    assert ["garbage_done", {"rounds": 2000, "kinds": 8}] in events(channel, "garbage")
    cid = channel["ids"]["garbage"]
    assert len(lines(channel, f"child {cid} sent a malformed frame")) == 1
    assert len(lines(channel, f"child {cid} sent a second 'hello' frame")) == 1
    assert lines(channel, f"child {cid} exited; frames refused from it: 250 hello, 1750 malformed")
    assert channel["stats"]["refused_frames"] >= 2000
    assert channel["exits"]["garbage"] == 0  # its connection stayed open to the end


def test_a_huge_event_name_is_refused_where_made_and_where_read(channel):
    """Names of 300 bytes and 100 KiB, sent raw: refused and skipped by the parent; the sending
    side's codec refuses to make one at all."""
    assert not [n for n in names(channel, "garbage") if len(n) > 256]
    assert channel["codec"]["long_name"].startswith("ValueError: event name is 300 bytes")
    assert lines(channel, "string overflow") or lines(channel, f"child {channel['ids']['garbage']} sent a malformed")


def test_a_second_hello_with_the_right_token_is_refused_as_connected_already(channel):
    """The child is connected; a second connection says its hello with the RIGHT token. The token
    check passes, so only the "connected already" branch refuses it: that connection is closed,
    what it sent is not delivered, and the first connection carries on."""
    got = events(channel, "twice")
    assert ["second_result", {"closed": True}] in got
    assert "from_second" not in names(channel, "twice")
    assert "twice" in channel["pongs"]  # the first connection still answers
    assert lines(channel, f"child '{channel['ids']['twice']}' is connected already")
    assert not lines(channel, f"wrong token for child '{channel['ids']['twice']}'")


def test_impostors_are_refused_and_lock_no_one_out(channel):
    """A hello for another child's id with its own token, a token one byte off, a short one, an
    empty one, an unknown id, an over-long id, protocol version 2, an event first: each connection
    closed. The child whose id was tried connects afterwards, and so does the impostor itself with
    its real credentials."""
    tried = channel["files"]["impostor_tried"]
    assert len(tried) == 8 and set(tried.values()) == {"closed"}, tried
    assert ["impostor_report", tried] in events(channel, "impostor")
    assert "victim_ok" in names(channel, "victim")
    # Refusals of unproved connections are logged at most once per kind per 10 s: three wrong
    # tokens, one line (two if the attempts straddle a 10 s window on a loaded machine).
    assert len(lines(channel, "wrong token for child")) <= 2


def test_slowloris_is_closed_at_the_hello_deadline(channel):
    """A hello sent one byte every 0.3 s (it would take about 20 s): closed before it is whole."""
    slow = channel["files"]["slowloris.json"]
    assert slow["whole"] is False and slow["closed"] is True, slow
    assert lines(channel, "a connection to the parent was refused: no hello within")
    assert names(channel, "slowloris") == ["child:exited"]


def test_a_frame_cut_short_by_a_kill_is_reported_and_the_exit_comes_once(channel):
    got = names(channel, "half")
    assert got == ["child:ready", "half_next", "child:exited"]
    assert channel["exits"]["half"] == -9
    assert len(lines(channel, f"child {channel['ids']['half']}: its connection closed with",
                     "bytes of an unfinished frame")) == 1


def test_a_frame_above_the_limit_after_the_hello_closes_that_child_alone(channel):
    assert channel["files"]["oversize.json"] == {"closed": True}
    assert lines(channel, f"child {channel['ids']['oversize']} sent a frame that ends its connection")
    assert "final" in channel["pongs"]


def test_another_user_cannot_connect(channel):
    """A process of uid 65534: the private directory (0700) refuses it (PermissionError)."""
    assert channel["exits"]["nobody"] in (3, 6)  # 6: not root, the test cannot change user


def test_the_host_still_answers_after_every_attack(channel):
    assert "final" in channel["pongs"]
    assert channel["exits"]["echo"] == 0


# ---- 5: exhaustion before authentication --------------------------------------------------------

def test_idle_connections_are_capped_and_closed(flood):
    """300 connections that never send a byte: the parent holds at most MAX_WAITING_FOR_HELLO at
    once (its file descriptors say so), closes every one, and a real child that connects in the
    middle of it proves itself and answers."""
    assert flood["files"]["idle.json"] == {"connected": 300, "closed": 300}
    peaks = flood["peaks"]
    assert peaks["fds"] - peaks["base_fds"] <= MAX_WAITING_FOR_HELLO + 24, peaks
    assert "echo2" in flood["pongs"]
    assert len(lines(flood, "connections were waiting for their hello already")) <= 2


def test_big_length_prefixes_before_the_hello_are_refused_at_once(flood):
    """30 connections announce 16 MiB each and send all but a byte: each is closed on its length
    prefix (above the 4 KiB a hello may take), so the parent never holds their bytes."""
    assert flood["files"]["prefixes.json"] == {"connections": 30, "closed": 30}
    assert lines(flood, "a frame announces 16777216 bytes, above the limit of 4096")
    peaks = flood["peaks"]
    # 30 x 16 MiB would be 480 MB; what may legitimately wait is the deaf child's 32 MiB.
    assert peaks["rss_mb"] - peaks["base_rss_mb"] < 160, peaks


def test_accept_failures_back_off_and_are_logged_once(emfile):
    """The parent out of file descriptors with connections waiting: accept() fails, and the
    parent stops watching the socket for a while instead of retrying on every turn of the loop
    (a handful of attempts, not thousands), logs it once, and when descriptors are free again
    accepts the waiting connections (and closes them: they never say hello)."""
    squeeze = emfile["squeeze"]
    assert 1 <= squeeze["accept_errors"] <= 10, squeeze
    assert squeeze["tracebacks"] == 0 and squeeze["log_lines"] == 1, squeeze
    assert len(lines(emfile, "the parent cannot accept connections", "Too many open files")) == 1
    assert emfile["files"]["idle.json"] == {"connected": 3, "closed": 3}
    assert emfile["opened_after"] is True and "after" in emfile["pongs"]


# ---- 6: a child that never reads -----------------------------------------------------------------

def test_a_child_that_does_not_read_is_refused_busy(flood):
    """100 send_to_child of 1 MiB and 20 broadcasts to a child that does not read: what fits in
    OUTBOUND_LIMIT is accepted, the rest raises BusyError (code BUSY) or is named in broadcast's
    return; the echo child gets every broadcast; it is logged once."""
    sends = flood["sends"]
    assert sends["sent"] >= 1 and sends["busy"] >= 1 and sends["sent"] + sends["busy"] == 100
    assert sends["sent"] * MiB <= OUTBOUND_LIMIT + MiB
    assert sends["busy_code"] == "BUSY" and "is not reading" in sends["busy_message"]
    assert sends["broadcast_refused"] == [["deaf"]] * 20
    assert flood["stats"]["busy"] == sends["busy"] + 20
    assert len(lines(flood, f"child {flood['ids']['deaf']} is not reading")) == 1


def test_what_was_accepted_for_a_slow_child_all_arrives_once_it_reads(flood):
    sends = flood["sends"]
    assert flood["deaf_received"] == sends["sent"] + sends["broadcast_sent_to_deaf"]
    assert "deaf" in flood["pongs"]


def test_a_parent_that_does_not_read_gets_busy_from_the_child_too(run_scenario):
    """The other direction (scenarios/deaf_parent.py): an honest child whose parent never reads.
    emit_to_parent raises BusyError past OUTBOUND_LIMIT, refuses a child: name with ValueError,
    and the child still exits cleanly, saying what it could not send."""
    got = run_scenario("deaf_parent")
    assert got["sent"] >= 1 and got["busy"] >= 1 and got["sent"] + got["busy"] == 100, got
    assert got["sent"] * MiB <= got["limit"] + MiB and got["code"] == "BUSY"
    assert "child:exited" in got["reserved"]
    assert got["status"] == 0 and got["unsent_logged"] is True
