"""auroraview says in one log line what it did to the process's QApplication, keeps Qt WebEngine's
startup report off the terminal, and refuses a second QApplication at once
(scenarios/app_report.py), on the shim under test."""
import json
import subprocess
import sys

import pytest

from conftest import HANG_GUARD_S, HERE, QT, scenario_env

CREATED = ("no QApplication existed: auroraview created one (with Qt::AA_ShareOpenGLContexts); show() runs its "
           "event loop")
ATTACHED = "attached to the process's QApplication"
REPAIRED = ("attached to the process's QApplication, which was made without Qt::AA_ShareOpenGLContexts: "
            "auroraview installed the global OpenGL share context that attribute gives, so Qt WebEngine works "
            "(Qt's warning \"Qt WebEngine seems to be initialized from a plugin\" is about this; nothing is "
            "wrong). To have neither, import auroraview before making the QApplication, or set the attribute "
            "first")
SECOND = ("auroraview already made this process's QApplication (when the first WebView was created), so a "
          "second one cannot be made. Make your QApplication before the first WebView (auroraview then uses "
          "it), or use QApplication.instance()")
QT_PLUGIN_WARNING = "Qt WebEngine seems to be initialized from a plugin"


def run(order, **env):
    run_env = scenario_env()
    run_env.pop("QT_LOGGING_RULES", None)
    run_env.update(env)
    proc = subprocess.run([sys.executable, str(HERE / "scenarios" / "app_report.py"), order], env=run_env,
                          capture_output=True, text=True, timeout=HANG_GUARD_S)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("AVRESULT ")]
    assert proc.returncode == 0 and len(lines) == 1, proc.stderr[-4000:]
    return json.loads(lines[0][len("AVRESULT "):]), proc.stderr


@pytest.mark.parametrize("order, level, line", [("standalone", "INFO", CREATED), ("import-first", "INFO", ATTACHED),
                                                ("app-first", "WARNING", REPAIRED)])
def test_one_line_says_what_was_done_to_the_application(order, level, line):
    out, _ = run(order)
    assert out["log"] == [[level, line]]


def test_an_application_made_after_import_needs_no_repair_and_qt_does_not_warn():
    _, stderr = run("import-first")
    assert QT_PLUGIN_WARNING not in stderr


def test_qt_warns_about_an_application_made_before_import_and_the_line_explains_it():
    out, stderr = run("app-first")
    assert out["attribute_before"] is False
    assert QT_PLUGIN_WARNING in stderr


QT6_ONLY = pytest.mark.skipif(QT != "6", reason="Qt 5 WebEngine prints no startup report")


@QT6_ONLY
def test_qt_webengine_startup_report_is_kept_off_the_terminal():
    _, stderr = run("standalone")
    assert "qt.webenginecontext" not in stderr


@QT6_ONLY
def test_the_startup_report_shows_when_the_user_set_qt_logging_rules():
    _, stderr = run("standalone", QT_LOGGING_RULES="qt.webenginecontext.info=true")
    assert "qt.webenginecontext" in stderr


def test_a_second_application_after_the_first_view_is_refused_at_once_with_the_fix():
    out, _ = run("second-app")
    assert out["second"] == SECOND
    assert out["instance"] == "QApplication"  # QApplication.instance() still works
