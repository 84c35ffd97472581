"""avhost's Python: the console's interactive echo, errors that do not stop the host, deferred
execution like Maya's executeDeferred (order, from threads), a plugin that unloads itself from its
own callback, and sys.exit() becoming the host's exit code."""
import json

import pytest

from conftest import AVHOST, PLUGIN, SCENARIOS, program_env, run

EXEC = [
    "exec_results = []",
    "21 * 2",
    "exec_results.append(_)",  # the prompt's "_": the last echoed value
    "raise ValueError('typed by mistake')",
    "exec_results.append('after the error')",
]


@pytest.fixture(scope="module")
def result(built):
    cmd = [AVHOST, "--plugin", PLUGIN]
    for line in EXEC:
        cmd += ["--exec", line]
    cmd += ["--script", SCENARIOS / "host_python.py", "--quit-after", "120000", "--", PLUGIN]
    code, out, err = run(cmd, program_env())
    lines = [line for line in out.splitlines() if line.startswith("AVRESULT ")]
    assert len(lines) == 1, f"no result\n--- stdout\n{out}\n--- stderr\n{err[-4000:]}"
    return code, json.loads(lines[0][len("AVRESULT "):]), out, err


def test_one_statement_is_echoed_like_the_prompt_and_errors_do_not_stop_the_host(result):
    _, out, stdout, stderr = result
    assert out["exec_results"] == [42, "after the error"]
    assert ">>> 21 * 2\n42\n" in stdout
    assert "ValueError: typed by mistake" in stderr


def test_deferred_calls_run_later_in_order_on_the_main_thread(result):
    assert result[1]["order"] == ["now", "deferred 1", "deferred 2", "from a thread, run on main: True"]


def test_a_plugin_unloading_itself_from_its_callback_is_deferred_until_it_returns(result):
    out = result[1]
    assert out["unload_inside_callback"] is False
    assert out["still_loaded_inside_callback"] == [str(PLUGIN.resolve())]
    assert out["loaded_after_trigger"] == [str(PLUGIN.resolve())]
    assert out["loaded_later"] == []
    assert out["menu_later"] == []


def test_sys_exit_becomes_the_exit_code(result):
    code, _, stdout, stderr = result
    assert code == 7
    assert "SystemExit(7): avhost quits" in stderr
