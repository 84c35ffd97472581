"""Runs inside avhost (--script, argv[1] = the host plugin) after the test's --exec lines. Checks
the host's Python services: deferred execution (order, from a thread), call_later, and a plugin
asking for its own unloading from inside its menu callback. Reports, then leaves by sys.exit(7)
(the host must turn that into its exit code, not die)."""
import json
import sys
import threading
import types

import avhost

PLUGIN = sys.argv[1]
out = {"exec_results": exec_results}  # noqa: F821 (set by the test's --exec lines)
order = []

# execute_deferred runs after the code that asked has returned, in the order asked.
avhost.execute_deferred(order.append, "deferred 1")
avhost.execute_deferred(order.append, "deferred 2")
order.append("now")


def from_thread():
    avhost.execute_deferred(lambda: order.append(f"from a thread, run on main: {threading.current_thread() is threading.main_thread()}"))


worker = threading.Thread(target=from_thread)
worker.start()
worker.join()


def plugin_unloads_itself():
    """Stands in for a panel module whose code, run by the plugin's menu action, unloads the
    plugin: the host must wait until the action's callback has returned."""
    out["unload_inside_callback"] = avhost.unload_plugin(PLUGIN)
    out["still_loaded_inside_callback"] = avhost.plugins()


def after_trigger():
    out["loaded_after_trigger"] = avhost.plugins()
    avhost.execute_deferred(report)


def report():
    out["order"] = order
    out["loaded_later"] = avhost.plugins()
    out["menu_later"] = avhost.menu_actions("AuroraView")
    print("AVRESULT " + json.dumps(out), flush=True)
    sys.exit(7)


def trigger():
    sys.modules["outliner_panel"] = types.SimpleNamespace(open_in_host=plugin_unloads_itself)
    avhost.trigger_menu("AuroraView", "Open demo")
    after_trigger()


avhost.call_later(50, trigger)
