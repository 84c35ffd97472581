"""Runs inside avhost (--script), which was started with --plugin <an installed auroraview_host.so,
copied away from its prefix>. Opens the demo from the plugin's menu; once the page has drawn the
scene tree it asked Python for (api.get_hierarchy), reports where the package and the demo came
from, and quits."""
import json
import os

import auroraview
import avhost
import outliner_panel  # on sys.path since the plugin attached: its demo/ folder

result = {"plugins": avhost.plugins(), "menu": avhost.menu_actions("AuroraView")}


def rendered(facts):
    result["rendered"] = facts
    result["package"] = os.path.dirname(os.path.abspath(auroraview.__file__))
    result["demo"] = os.path.dirname(os.path.abspath(outliner_panel.__file__))
    result["shim"] = auroraview._shim.major
    print("AVRESULT " + json.dumps(result), flush=True)
    avhost.quit(0)


avhost.trigger_menu("AuroraView", "Open demo")
panel = outliner_panel.current
if panel.rendered is not None:
    rendered(panel.rendered)
else:
    panel.view.on("outliner_rendered", rendered)
