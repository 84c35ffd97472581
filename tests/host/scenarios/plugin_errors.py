"""Runs inside avhost (--script, argv[1] = the host plugin), which was started with three
--plugin paths that cannot load. Loads and unloads the real plugin through avhost's Python, and
makes its load fail; reports what happened. The host must still be running to report at all."""
import json
import sys

import avhost

PLUGIN = sys.argv[1]
out = {"plugins_at_start": avhost.plugins()}


def error_of(fn, *args):
    try:
        fn(*args)
    except RuntimeError as e:
        return str(e)
    return None


out["loaded"] = avhost.load_plugin(PLUGIN)
out["load_twice"] = error_of(avhost.load_plugin, PLUGIN)
out["unloaded"] = avhost.unload_plugin(PLUGIN)
out["unload_twice"] = error_of(avhost.unload_plugin, PLUGIN)

# The plugin's own load fails when the package is attached to a host already.
import auroraview.host  # noqa: E402  (on sys.path since the plugin's first load)

auroraview.host.attach(avhost.main_window(), name="console")
out["load_failed"] = error_of(avhost.load_plugin, PLUGIN)
out["plugins_after_failed_load"] = avhost.plugins()
out["menu_after_failed_load"] = avhost.menu_actions("AuroraView")
out["host_after_failed_load"] = auroraview.host.current().name
out["console"] = avhost.console_text()
print("AVRESULT " + json.dumps(out), flush=True)
avhost.quit(0)
