"""asset_root: files served at auroraview://<host>/ with the right types, nothing outside the root
reachable, the bridge in the asset page and not in a page of another origin it navigates to."""
import pytest

TRAVERSALS = [
    "../secret.txt", "%2e%2e/secret.txt", "..%2fsecret.txt", "%2e%2e%2fsecret.txt",
    "sub/..%2f..%2fsecret.txt", "..%5csecret.txt", "..%252fsecret.txt", "%00secret.txt",
    "escape.txt", "escape_dir/secret.txt", "//etc/passwd", "/etc/passwd",
]
# Each of these names a file inside the root once decoded and resolved ("assets" is the root's own
# name; "a\\b.txt" exists), so the real-path check passes them: only the refusal of "." and ".."
# segments, of backslashes and of NUL stops them.
INSIDE = {
    "sub%2f..%2fdata.json": "'..' segment", "..%2fassets%2fdata.json": "'..' segment",
    "%2e%2e%2fassets%2fdata.json": "'..' segment", "sub%2F%2E%2E%2Fdata.json": "'..' segment",
    "sub%2f.%2findex.html": "'.' segment", "a%5cb.txt": "backslash", "data.json%00.txt": "NUL",
}


@pytest.fixture(scope="module")
def run(run_scenario, tmp_path_factory):
    return run_scenario("asset_root", tmp_path_factory.mktemp("site"))


def test_the_asset_page_is_trusted_and_secure(run):
    page = run["page"]
    base = run["asset_urls"][0]
    assert base.startswith("auroraview://app-") and base.endswith("/")
    assert page["href"] == base + "index.html"
    assert page["origin"] + "/" == base
    assert page["secure"] is True
    assert page["where"] == "assets" and run["where"] == [base]


def test_files_come_with_their_types(run):
    got = run["page"]["got"]
    assert got["css/style.css"]["type"] == "text/css"
    assert got["js/app.js"]["type"] == "text/javascript"
    assert got["data.json"] == {"status": 200, "type": "application/json", "body": '{"answer": 42}'}
    assert got["logo.svg"]["type"] == "image/svg+xml"
    assert got["sub/"]["body"] == "SUB-INDEX"  # a directory serves its index.html
    assert got["inside_link.json"]["body"] == '{"answer": 42}'  # a symlink inside the root is fine
    # The page's own stylesheet, script and image loaded through the scheme.
    assert run["page"]["color"] == "rgb(1, 2, 3)"
    assert run["page"]["logo"] == 8


def test_a_missing_file_is_an_error(run):
    assert run["page"]["got"]["missing.txt"] == {"error": True}


@pytest.mark.parametrize("path", TRAVERSALS)
def test_nothing_outside_the_root_is_served(run, path):
    got = run["page"]["got"][path]
    assert run["secret"] not in got.get("body", "")
    # Refused by the handler (an error, as for a missing file), or by the browser's URL parser
    # before any request (a NUL byte): never served.
    assert got == {"error": True} or list(got) == ["invalid"]


def test_roots_get_stable_distinct_hosts(run):
    first, second, same = run["asset_urls"]
    assert second != first and second.startswith("auroraview://app-")
    assert same == first  # the same directory (a trailing slash changes nothing) -> the same host
    assert "not a directory" in run["missing_root"]


def test_a_page_of_another_origin_gets_no_bridge(run):
    [probe] = run["probe"]
    assert probe["href"].startswith("http://127.0.0.1:")
    assert (probe["auroraview"], probe["ipc"], probe["qt"]) == ("undefined", "undefined", "undefined")
    assert run["stats"]["received"] == run["stats_before"]["received"]  # nothing more arrived
    assert run["stats"]["rejected"]["FORBIDDEN_ORIGIN"] == 0


@pytest.mark.parametrize("path", sorted(INSIDE))
def test_dot_segments_backslashes_and_nul_are_refused_even_inside_the_root(run, path):
    got = run["page"]["got"][path]
    assert got == {"error": True} or list(got) == ["invalid"], got
    assert '"answer"' not in got.get("body", "") and "SUB-INDEX" not in got.get("body", "")
    assert "BACKSLASH-NAMED" not in got.get("body", "")


@pytest.mark.parametrize("reason", ["'..' segment", "'.' segment", "backslash"])
def test_each_kind_of_refused_path_is_logged_once(run, reason):
    # Several requests of the page were refused for each reason: one line each.
    base = run["asset_urls"][0].rstrip("/")
    lines = [message for _, message, _ in run["log"] if reason in message]
    assert len(lines) == 1, run["log"]
    assert f" to {base}: " in lines[0]


def test_an_encoded_nul_is_refused_by_the_browser_before_any_request(run):
    # So the handler's own refusal of NUL is a second line no page reaches (Qt 5 and 6).
    for path in ("%00secret.txt", "data.json%00.txt"):
        assert list(run["page"]["got"][path]) == ["invalid"]
