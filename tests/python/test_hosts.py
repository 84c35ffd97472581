"""auroraview.hosts: Maya, Houdini and Nuke adapters, run against stand-in host modules that record
the calls (tests/python/stand_ins; the real applications are not available here, docs/hosts.md).
Each host: detected through its own module, attached to its main window, two panels opened the
host's two ways, pages calling Python on the main thread, the host's deferred call, closing from
either side, the documented calls made, and refusals without a user interface."""
import pytest

HOSTS = ["maya", "houdini", "nuke"]
WIDGET = "__import__('auroraview.hosts._panels', fromlist=['create_panel_widget']).create_panel_widget"
RESTORED = "This AuroraView panel was restored without its tool. Reopen it from the tool."


@pytest.fixture(scope="module")
def dcc(run_scenario):
    """dcc(which) -> what scenarios/dcc_host.py reported for that host (run once per module)."""
    runs = {}

    def get(which):
        if which not in runs:
            runs[which] = run_scenario("dcc_host", which)
        return runs[which]

    return get


@pytest.fixture(params=HOSTS)
def host(request, dcc):
    return request.param, dcc(request.param)


def calls_named(run, prefix):
    return [[name, args, kwargs] for name, args, kwargs in run["calls"] if name.startswith(prefix)]


def test_the_host_is_detected_and_attached_to_its_main_window(host):
    which, run = host
    assert run["adapter"] == f"auroraview.hosts.{which}"
    assert run["attached"] == [which, True]
    assert run["attached_again"] is True  # attach() twice in a session is harmless


def test_panels_talk_to_python_on_the_main_thread(host):
    assert host[1]["reports"] == {"0": [10, True], "1": [11, True]}


def test_the_host_deferred_call_runs_on_the_main_thread(host):
    which, run = host
    assert run["deferred"] == [[1, 2, True]]
    deferred = {"maya": "maya.utils.executeDeferred", "houdini": "hdefereval.executeDeferred",
                "nuke": "nuke.executeInMainThread"}[which]
    assert ["<lambda>"] in [args for name, args, _ in run["calls"] if name == deferred]


def test_each_panel_holds_one_view_that_fills_it(host):
    assert host[1]["placement"] == [[1, True], [1, True]]


def test_closing_a_view_closes_its_panel_and_closing_a_panel_its_view(host):
    # [closed hooks run, views closed, first panel still there, second panel still there]
    assert host[1]["closed"] == [[0, 1], [True, True], False, False]


def test_maya_panels_are_workspace_controls(dcc):
    run = dcc("maya")
    made = [c for c in calls_named(run, "maya.cmds.workspaceControl") if "exists" not in c[2]]
    assert made == [
        ["maya.cmds.workspaceControl", ["auroraview_panel_0"],
         {"label": "Panel 0", "retain": False, "floating": True, "initialWidth": 800, "initialHeight": 600}],
        ["maya.cmds.workspaceControl", ["auroraview_panel_1"],
         {"label": "Panel 1", "retain": False, "floating": False, "initialWidth": 800, "initialHeight": 600,
          "tabToControl": ["AttributeEditor", -1]}],
    ]
    assert ["maya.OpenMayaUI.MQtUtil.mainWindow", [], {}] in run["calls"]
    # The view closed from Python takes its control along; the control the user closed is not deleted twice.
    assert calls_named(run, "maya.cmds.deleteUI") == [["maya.cmds.deleteUI", ["auroraview_panel_0"], {}]]


def test_houdini_panels_are_python_panels(dcc):
    run = dcc("houdini")
    installs = calls_named(run, "hou.pypanel.installFile")
    assert len(installs) == 1 and installs[0][1][0].endswith("auroraview/hosts/auroraview.pypanel")
    assert calls_named(run, "hou.Desktop.createFloatingPanel")[0] == [
        "hou.Desktop.createFloatingPanel", ["paneTabType.PythonPanel"],
        {"size": [800, 600], "python_panel_interface": "auroraview_panel", "immediate": True}]
    assert ["hou.Pane.createTab", ["paneTabType.PythonPanel"], {}] in run["calls"]
    assert calls_named(run, "hou.PythonPanel.setLabel") == [
        ["hou.PythonPanel.setLabel", ["Panel 0"], {}], ["hou.PythonPanel.setLabel", ["Panel 1"], {}]]
    assert ["hou.PythonPanel.showToolbar", [False], {}] in run["calls"]
    # Both closes are asked for; the one of the tab the user closed meets ObjectWasDeleted, caught.
    assert [c[0] for c in run["calls"] if c[0].endswith(".close")] == ["hou.FloatingPanel.close", "hou.PaneTab.close"]


def test_nuke_panels_are_registered_widget_panels(dcc):
    run = dcc("nuke")
    assert calls_named(run, "nukescripts.panels.registerWidgetAsPanel")[:2] == [
        ["nukescripts.panels.registerWidgetAsPanel", [WIDGET, "Panel 0", "auroraview.panel_0", True], {}],
        ["nukescripts.panels.registerWidgetAsPanel", [WIDGET, "Panel 1", "auroraview.panel_1", True], {}]]
    assert ["nuke.getPaneFor", ["Properties.1"], {}] in run["calls"]
    assert calls_named(run, "nukescripts.PythonPanel.addToPane")[:2] == [
        ["nukescripts.PythonPanel.addToPane", ["Properties.1"], {}], ["nukescripts.PythonPanel.addToPane", [None], {}]]
    assert calls_named(run, "nukescripts.PythonPanel.destroy") == [["nukescripts.PythonPanel.destroy", [], {}]]


@pytest.mark.parametrize("which", ["houdini", "nuke"])  # Maya restores a control through the tool's ui_script
def test_a_panel_the_host_restores_on_its_own_says_so(dcc, which):
    assert dcc(which)["restored"] == [RESTORED]


@pytest.mark.parametrize("which, words", [
    ("maya", "Maya runs in batch mode"),
    ("houdini", "Houdini runs without its user interface"),
    ("nuke", "Nuke runs without its user interface"),
])
def test_a_host_without_its_user_interface_is_refused_clearly(run_scenario, which, words):
    run = run_scenario("dcc_detect", which, "batch")
    assert words in run["detect_error"] and words in run["attach_error"]
    assert run["attached"] is False


def test_outside_a_host_nothing_is_detected_and_attach_says_why(run_scenario):
    run = run_scenario("dcc_detect", "none")
    assert run["detect"] is None
    assert run["attach_error"] == "no supported host here: auroraview.hosts knows Maya, Houdini and Nuke"
    assert run["attached"] is False
