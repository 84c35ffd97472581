"""A plugin that cannot load never takes avhost down: a missing file, a library that is not a
host plugin, a file that is not a library, loading twice, and a plugin whose own load fails all
come back as clear errors, and the host goes on."""
import pytest

from conftest import AVHOST, BUILD, HERE, PLUGIN, SCENARIOS, program_env, result_of

NOT_A_PLUGIN = BUILD / "shim" / "libav_shim_qt6.so"  # a real library, without the entry points
NOT_A_LIBRARY = HERE / "conftest.py"


@pytest.fixture(scope="module")
def run(built):
    cmd = [AVHOST, "--plugin", "/nonexistent/auroraview_host.so", "--plugin", NOT_A_PLUGIN,
           "--plugin", NOT_A_LIBRARY, "--script", SCENARIOS / "plugin_errors.py", "--quit-after", "120000",
           "--", PLUGIN]
    return result_of(cmd, program_env())


def test_bad_plugins_on_the_command_line_are_errors_in_the_console(run):
    assert run["plugins_at_start"] == []
    console = run["console"]
    assert "# Error: no plugin file at /nonexistent/auroraview_host.so\n" in console
    assert (f"# Error: {NOT_A_PLUGIN.resolve()} is not a host plugin: it does not export av_host_plugin_load "
            "and av_host_plugin_unload\n") in console
    assert f"# Error: cannot open {NOT_A_LIBRARY.resolve()}: " in console


def test_load_and_unload_from_python(run):
    assert run["loaded"] == str(PLUGIN.resolve())
    assert run["load_twice"] == f"{PLUGIN.resolve()} is loaded already"
    assert run["unloaded"] is True
    assert run["unload_twice"] == f"no plugin loaded from {PLUGIN}"


def test_a_plugin_whose_load_fails_leaves_nothing_behind(run):
    assert run["load_failed"] == (
        f"{PLUGIN.resolve()} failed to load: attaching the auroraview package failed: RuntimeError: "
        "auroraview is attached to 'console' already; detach() it first")
    assert run["plugins_after_failed_load"] == []
    assert run["menu_after_failed_load"] == []
    assert run["host_after_failed_load"] == "console"
