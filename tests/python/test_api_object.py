"""Issue 4 §5: AuroraView(api=MyAPI()), called through auroraview.api.* in the page."""


def test_api_object_methods_are_callable_from_the_page(run_scenario, tmp_path):
    target = tmp_path / "scene.txt"
    run = run_scenario("api_object", target)
    assert run["page"]["data"] == {"items": ["cube1", "sphere1"], "count": 2}
    assert run["page"]["saved"] == {"ok": True, "bytes": 14}
    assert target.read_text() == "hello from JS\n"
    assert run["saves"] == [str(target)]
    # Private methods are not part of the API.
    assert run["page"]["secret"] == "METHOD_NOT_FOUND"
