"""asset_root in a host that made its QApplication first: it works while the host has not started
Qt WebEngine; once the host has (a web view of its own), it fails clearly and the host goes on."""
import pytest


@pytest.mark.parametrize("mode", ["early", "late"])
def test_asset_root_in_a_pyqt_host(run_scenario, tmp_path, mode):
    result = run_scenario("asset_host", tmp_path, mode)
    if mode == "early":
        assert "error" not in result
        assert result["href"].startswith("auroraview://app-") and result["href"].endswith("/index.html")
    else:
        assert "could not be registered" in result["error"]
        assert result["href"] == "https://auroraview.localhost/"  # a plain view still works
