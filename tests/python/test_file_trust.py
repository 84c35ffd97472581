"""load_file trusts the file's directory tree (or the file alone in a directory others may write),
not every local file (scenarios/file_trust.py). A file page outside gets no window.auroraview,
window.ipc or window.qt, and nothing of it reaches Python."""
import pytest

NO_BRIDGE = {"auroraview": "undefined", "ipc": "undefined", "qt": "undefined"}


@pytest.fixture(scope="module")
def run(run_scenario, tmp_path_factory):
    return run_scenario("file_trust", tmp_path_factory.mktemp("files"))


def page(run, rel):
    return "file://" + run["site"] + "/" + rel


def test_the_tool_pages_are_trusted(run):
    assert run["tools"] == {name: page(run, "shared/tool.html" if name == "shared" else "tool/index.html")
                            for name in ("subdir", "sibling", "other", "dotdot", "shared", "allowed")}


def test_a_page_inside_the_tools_directory_tree_is_trusted(run):
    assert run["reports"]["subdir"]["view"] == "subdir"
    assert run["reports"]["subdir"]["href"].startswith(page(run, "tool/sub/page.html"))


@pytest.mark.parametrize("name, rel", [
    ("other", "other-user/evil.html"),      # another directory: another user's files in /tmp
    ("sibling", "tool-evil/page.html"),     # its name starts with the tool directory's
    ("dotdot", "other-user/evil.html"),     # reached as tool/%2e%2e/other-user/evil.html
    ("shared", "shared/planted.html"),      # beside the tool page, in a directory everyone may write
])
def test_a_file_page_outside_the_tree_gets_no_bridge(run, name, rel):
    assert name not in run["reports"]
    found = run["probes"][name]
    assert found["href"].startswith(page(run, rel) + "#")
    assert {k: found[k] for k in NO_BRIDGE} == NO_BRIDGE


def test_allowed_origins_adds_a_directory_tree(run):
    assert run["reports"]["allowed"]["href"].startswith(page(run, "other-user/evil.html"))


def test_nothing_from_an_untrusted_file_page_reached_python(run):
    assert sorted(run["where"]) == ["allowed", "subdir"]
    assert run["stats"]["rejected"]["FORBIDDEN_ORIGIN"] == 0  # refused before the core: nothing arrived


def test_origin_of_a_file_url_is_its_directory_tree(run):
    tool = page(run, "tool/")
    assert run["origin_of"] == {
        "page": tool,
        "dir_without_slash": tool,  # a directory named without its slash: that directory, not its parent
        "dir": tool,
        "dotdot": tool,
        "shared": page(run, "shared/tool.html"),  # the file alone: others may write its directory
    }


def test_entries_that_would_trust_every_file_are_refused(run):
    refused = run["refused"]
    assert "would trust every local file" in refused["file://"]
    assert "encoded '/'" in refused["file:///x/a%2F..%2Fb/"]
    assert refused["file:///x/../y/"] is None  # origin_of resolves the dot segments first: file:///y/
