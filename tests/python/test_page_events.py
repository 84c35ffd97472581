"""Page events (scenarios/page_events.py), in real Qt WebEngine: console messages and uncaught
errors to the logger "auroraview.page" and on_console_message; title and URL changes and
get_current_url; reload() of an html= page; load failures with their reason; a console flood
bounded; the render process killed: reloaded once, not again when it dies again before a page
loaded."""
import pytest

FLOOD_MESSAGES = 100001  # the flood page's console.log calls


@pytest.fixture(scope="module")
def run(run_scenario, tmp_path_factory):
    return run_scenario("page_events", tmp_path_factory.mktemp("page_events"))


def test_console_messages_and_uncaught_errors_reach_the_logger_and_the_hook(run):
    first = run["steps"]["first"]
    assert [(m["level"], m["message"]) for m in first["console"][:4]] == [
        ("info", "a log line 42"), ("warning", "a warning"), ("error", "an error"),
        ("error", "Uncaught Error: boom")]
    assert first["console"][0]["source"] == "https://auroraview.localhost/"
    assert first["console"][0]["line"] == 4
    assert first["page_log"][:4] == [
        ["INFO", "a log line 42 (https://auroraview.localhost/:4)"],
        ["WARNING", "a warning (https://auroraview.localhost/:5)"],
        ["ERROR", "an error (https://auroraview.localhost/:6)"],
        ["ERROR", "Uncaught Error: boom (https://auroraview.localhost/:7)"]]


def test_title_and_url_changes(run):
    assert "Page One" in run["steps"]["first"]["titles"]
    push = run["steps"]["push"]
    assert push["event"] == {"url": "https://auroraview.localhost/next"}
    assert push["current_url"] == "https://auroraview.localhost/next"


def test_reload_of_an_html_page_shows_the_same_html_again(run):
    reload = run["steps"]["reload"]
    assert reload["hello"] == {"mark": "first-html", "n": 1}  # the same html, the same origin's storage
    assert reload["failed"] == []
    assert reload["current_url"] == "https://auroraview.localhost/"
    assert run["hellos"] == [{"mark": "first-html", "n": 0}, {"mark": "first-html", "n": 1}]


def test_a_missing_file_fails_with_no_such_file(run):
    missing = run["steps"]["missing"]
    assert missing["url"].endswith("/missing.html")
    assert "no such file" in missing["error"] and missing["error"].count("missing.html") == 1


def test_a_refused_port_fails_with_a_reason(run):
    refused = run["steps"]["refused"]
    assert refused["url"].startswith("http://127.0.0.1:")
    assert refused["error"]
    warnings = [w[1] for w in run["steps"]["warnings"]]
    assert any(refused["url"] in w and "did not load" in w for w in warnings), warnings
    assert any("missing.html did not load: no such file" in w for w in warnings), warnings


def test_a_console_flood_is_bounded_and_the_rest_counted_when_the_view_ends(run):
    flood = run["steps"]["flood"]
    (line,) = run["steps"]["after_close"]
    assert line["level"] == "warning" and line["source"] == "auroraview"
    suppressed = int(line["message"].split()[0])
    assert line["message"].endswith("console messages of this view were not forwarded (more than 100 a second)")
    # Every message was forwarded or counted, and most were counted.
    assert flood["forwarded"] + suppressed == FLOOD_MESSAGES
    assert flood["forwarded"] < FLOOD_MESSAGES // 100
    assert run["steps"]["page_log_tail"][0][0] == "WARNING"
    # The host's 20 ms timer kept ticking while the page logged.
    assert flood["ticks_during_flood"] > 0


def test_a_long_console_message_is_cut(run):
    (cut,) = run["steps"]["flood"]["cut"]
    assert cut[0] == "\u00e9\u00e9" and cut[1] == "...[cut]"
    assert cut[2] <= 4096


def test_a_killed_render_process_reloads_once(run):
    crash = run["crash"]
    first, second = crash["gone"]
    assert first["reloading"] is True and second["reloading"] is False
    assert first["reason"] in ("killed", "crashed", "abnormal")
    assert crash["pids"][0] != crash["pids"][1]
    # Killed again while its reload waited for the server: the view did not reload again (no
    # third request); the navigation in flight completed once the server answered.
    assert crash["requests_at_second"] == 2
    assert crash["requests_at_end"] == 2
    assert crash["hellos"] == [{"mark": "served", "n": 0}, {"mark": "served", "n": 1}]
    assert [w.endswith("reloading the page") for w in crash["warnings"]] == [True, False]
    assert "not reloading" in crash["warnings"][1]
