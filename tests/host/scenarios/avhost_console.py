"""Runs inside avhost (--script), after the test's --exec lines typed through the console have
loaded the plugin's package and opened the outliner (`panel`, docked by default, its frame
counter on the host's timeline). Drives the page from JS, opens panels from the menu, then unloads
the plugin and reports what the host, the page and Python saw."""
import json
import os
import sys

import auroraview
import avhost

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import outliner_checks  # noqa: E402

PLUGIN = sys.argv[1]
# Quotes, a backslash, code-like text and non-ASCII: the plugin must pass it on as data.
TRICKY_URL = "file:///nonexistent/it's \"q\" \\ ') + __import__('os') # \u00e9\u4e2d.html"
result = {
    "host": repr(auroraview.host.current()),
    "host_name": auroraview.host.current().name,
    "host_window_is_avhost": auroraview.host.current().main_window == avhost.main_window(),
    "menu": avhost.menu_actions("AuroraView"),
    "docks_at_start": sorted((d["title"], d["area"]) for d in avhost.docks()),
    "panel_is_docked_view": panel.view in auroraview.host.current().views,  # noqa: F821 (from --exec)
}


def finish():
    # The dock goes at the next turn of the event loop (deleteLater), after unload returned.
    result["docks_after_unload"] = sorted(d["title"] for d in avhost.docks())
    result["console"] = avhost.console_text()
    print("AVRESULT " + json.dumps(result), flush=True)
    avhost.quit(0)


def unload():
    result["unloaded_now"] = avhost.unload_plugin(PLUGIN)
    result["plugins_after_unload"] = avhost.plugins()
    result["menu_after_unload"] = avhost.menu_actions("AuroraView")
    result["attached_after_unload"] = auroraview.host.current() is not None
    result["panel_closed"] = panel.view.closed  # noqa: F821
    avhost.execute_deferred(finish)


def open_by_url():
    """The menu's other action, with the prompt answered: a good URL docks a panel, a bad one is
    an error in the console."""
    url = "file://" + os.path.join(os.path.dirname(os.path.abspath(__file__)), "url_panel.html")
    avhost.trigger_menu("AuroraView", "Open panel from URL\u2026", answer=url)
    avhost.trigger_menu("AuroraView", "Open panel from URL\u2026", answer="not a url")
    avhost.trigger_menu("AuroraView", "Open panel from URL\u2026", answer=TRICKY_URL)
    result["url_panel_docked"] = [d["area"] for d in avhost.docks() if d["title"] == url]
    result["tricky_url_titles"] = [d["title"] for d in avhost.docks() if d["title"].startswith("file:///nonexistent")]
    result["tricky_url"] = TRICKY_URL
    result["views_before_unload"] = len(auroraview.host.current().views)


def driven(facts):
    result.update(facts)
    # Out of the page's handler before the plugin (and this panel) go.
    avhost.execute_deferred(open_by_url)
    avhost.execute_deferred(unload)


outliner_checks.drive(panel, driven)  # noqa: F821
