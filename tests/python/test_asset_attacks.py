"""Who may read an asset root (scenarios/asset_attacks.py): only pages that a view using the root
trusts, and the view's own load. Every other page is refused whatever it uses to ask (XHR,
<script src>, <link>, CSS @import, <img>, fetch no-cors, a redirect, a top-level navigation,
frames of every kind), and each refusal is logged once per origin, not per request."""
import pytest

REFUSED = {"error": True}
SECRET_JS = "JS-SECRET-OF-ROOT-A"
DATA_A = '{"secret": "DATA-OF-ROOT-A"}'


@pytest.fixture(scope="module")
def run(run_scenario, tmp_path_factory):
    return run_scenario("asset_attacks", tmp_path_factory.mktemp("site"))


def served(probe):
    return probe.get("status") == 200 or probe.get("loaded") is True


def test_the_tool_page_reads_its_own_root(run):
    got = run["reports"]["tool"]
    assert got["own_xhr"] == {"status": 200, "body": DATA_A}
    assert got["own_script"] == {"loaded": True, "value": SECRET_JS}
    assert got["own_link"] == {"loaded": True, "color": "rgb(1, 2, 3)"}
    assert got["own_img"] == {"loaded": True, "width": 8}
    assert got["same_frame"] == "SAME-ORIGIN-FRAME"  # a frame of the root, and its own requests
    # A blob: document the tool page made has the tool page's origin: served.
    assert got["frames"]["blob"] == {"script": {"loaded": True, "value": SECRET_JS},
                                     "xhr": {"status": 200, "body": DATA_A}}


def test_a_page_another_origin_trusted_by_a_view_using_the_root_is_served(run):
    got = run["reports"]["partner"]
    assert got["href"] == run["s3"] + "/partner.html"
    assert got["script"] == {"loaded": True, "value": SECRET_JS}
    assert got["xhr"] == {"status": 200, "body": DATA_A}
    assert got["img"] == {"loaded": True, "width": 8}


def test_an_untrusted_frame_inside_the_tool_page_reads_nothing(run):
    assert run["reports"]["tool"]["frames"]["http"] == {"script": REFUSED, "xhr": REFUSED}


@pytest.mark.parametrize("frame", ["data", "sandboxed"])
def test_an_opaque_frame_inside_the_tool_page_reads_nothing(run, frame):
    assert run["reports"]["tool"]["frames"][frame] == {"script": REFUSED, "xhr": REFUSED}


def test_a_data_page_of_a_view_using_the_root_reads_nothing(run):
    got = run["server_reports"]["dataview"]
    assert got["origin"] == "null"
    assert (got["script"], got["xhr"], got["img"]) == (REFUSED, REFUSED, REFUSED)


@pytest.mark.parametrize("means", ["script", "xhr", "link", "css_import", "img", "no_cors"])
def test_an_untrusted_page_in_the_tools_view_reads_nothing(run, means):
    got = run["server_reports"]["attacker"]
    assert got["bridge"] == "undefined"
    assert got[means].get("error") is True, got[means]
    assert SECRET_JS not in str(got[means]) and "DATA-OF-ROOT-A" not in str(got[means])
    if means in ("link", "css_import"):
        assert got[means]["color"] == "rgb(0, 0, 0)"  # the root's stylesheet never applied


def test_a_blob_page_of_an_untrusted_page_reads_nothing(run):
    assert run["server_reports"]["attacker"]["blob_frame"] == {"script": REFUSED, "xhr": REFUSED}


@pytest.mark.parametrize("means", ["redirect_script", "redirect_xhr"])
def test_a_redirect_from_http_into_the_root_is_refused(run, means):
    assert run["server_reports"]["attacker"][means] == REFUSED


def test_an_untrusted_page_cannot_navigate_the_view_into_the_root(run):
    # Had A's landing page been served, it would have had the bridge and reported.
    assert run["landing"] is None
    assert any("landing.html" in message and run["s2"] in message for _, message, _ in run["log"])


def test_a_root_serves_no_page_of_a_view_that_does_not_use_it(run):
    # S1's page is trusted by the view "trusting", which uses no root; the tool page of root A is
    # trusted by "tool", which does not use root B.
    got = run["reports"]["trusting"]
    assert (got["script"], got["xhr"], got["img"]) == (REFUSED, REFUSED, REFUSED)
    assert run["reports"]["tool"]["root_b"] == REFUSED


def test_a_file_page_reads_no_root(run):
    got = run["reports"]["file"]
    assert got["href"].startswith("file:///")  # trusted (it reported through the bridge) ...
    assert (got["script"], got["xhr"], got["img"]) == (REFUSED, REFUSED, REFUSED)  # ... but no root


def test_long_paths_and_unknown_hosts_fail_and_the_root_still_serves(run):
    got = run["reports"]["tool"]
    assert got["long_path"] == REFUSED
    assert got["unknown_host"] == REFUSED
    assert got["after"] == {"status": 200, "body": DATA_A}


def test_each_refusal_is_logged_once_per_origin(run):
    a, b = run["A"], run["B"]
    lines = [message for level, message, _ in run["log"] if level == "WARNING" and message.startswith("refused ")]

    def count(root, origin):
        return sum(1 for m in lines if m.startswith(f"refused {root}") and f" to {origin}:" in m)

    # S1's pages asked A for files about twenty times, opaque pages a dozen: one line each.
    assert count(a, run["s1"]) == 1
    assert count(a, "null") == 1
    assert count(a, run["s2"]) == 1
    assert count(b, a.rstrip("/")) == 1
    assert count(a, run["s3"]) == 0 and count(a, a.rstrip("/")) == 0  # nothing served was logged
