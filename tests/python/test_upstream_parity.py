"""Upstream AuroraView's payload shapes and call names (scenarios/upstream_parity.py), both shims."""
import pytest


@pytest.fixture(scope="module")
def run(run_scenario):
    return run_scenario("upstream_parity")


def test_emit_shapes_are_upstreams(run):
    got = run["page"]["got"]
    assert got["none"] == {} and got["int"] == {"value": 5} and got["dict"] == {"x": 1}
    assert got["list"] == {"value": [1, 2]}
    assert run["batch_count"] == 3 and got["batch"] == [{}, {"value": 7}, {"k": "v"}]


def test_an_event_without_detail_arrives_as_an_empty_dict(run):
    assert run["no_detail"] == [{}]
    assert "removed_ran" not in run  # off(event, fn) removed a handler connected with on(event, fn)
    assert run["conn_type"] == "ConnectionId"


def test_a_name_without_namespace_is_also_api_name(run):
    page = run["page"]
    assert page["plugins"] == ["a", "b"] and page["pluginsCall"] == ["a", "b"]
    assert page["ownApi"] == "namespaced"  # api.has_own bound in its own right wins over the alias
    assert run["alias_bound"] is True
    assert run["rebind_kept"] is True


def test_bind_api_namespaces_reach_the_page_before_its_scripts(run):
    page = run["page"]
    assert page["early"] is True
    assert page["earlyCall"] == {"pong": 1, "tag": "first"}  # the second bind_api was skipped
    assert page["toolEcho"] == "hi"
    assert page["secret"] == "METHOD_NOT_FOUND"
    assert run["namespace_bound"] == [True, False]
    assert run["bound"] == ["api.has_own", "get_plugins", "has_own", "tool.echo", "tool.ping"]


def test_a_namespace_bound_later_reaches_the_page_showing(run):
    assert run["late"] == {"late": "late ok", "onIsBridge": True, "callOnNs": "on ns"}


def test_on_event_reaches_every_view(run):
    assert run["everywhere"] == [{}, {"from": 2}]


def test_rewrite_html_for_custom_protocol(run):
    assert run["rewritten"] == '<!doctype html><script src="<root>/app.js"></script>'
    assert run["asset_src"] == "<root>/app.js"
    assert "give the view" in run["no_base"]


def test_the_page_hears_its_windows_events(run):
    assert run["page_resized"][-1] == {"width": 640, "height": 480}
