"""Host adapters: auroraview inside Maya, Houdini and Nuke, docked the way each host expects.

    import auroraview.hosts

    host = auroraview.hosts.attach()   # finds the running DCC, attaches auroraview to its main window
    view = host.panel("Outliner", url="https://tools.example/outliner/")
    host.defer(refresh)                # the host's own deferred call

detect() recognises a host by the Python module the host itself loads into its interpreter before
any user script runs (maya, hou, nuke). It imports no host module on its own, so calling it in
any other process is harmless and answers None.

A host adapter gives:
- main_window(): the host's QMainWindow* as an int (what auroraview.host.attach takes);
- defer(fn, *args): the host's deferred call (maya.utils.executeDeferred, hdefereval.executeDeferred,
  nuke.executeInMainThread);
- panel(title, **view_options): a WebView in a panel of the host's own kind (a Maya
  workspaceControl, a Houdini floating panel or pane tab, a Nuke panel); view_options are
  WebView's (url=, html=, debug=, allowed_origins=, ...).

The adapters are tested against stand-in modules that record the calls (tests/python/stand_ins);
the real applications were not available where this was written. See docs/hosts.md.
"""
import sys

from .. import host as _host

# (the module the host loads itself, the adapter module) in the order they are tried.
_HOSTS = (("maya", "maya"), ("hou", "houdini"), ("nuke", "nuke"))


def detect():
    """The adapter for the host this process runs in, or None. Raises RuntimeError when the host
    runs without a user interface (mayapy, hython, nuke -t): there is no window to dock into."""
    for module, adapter in _HOSTS:
        if module in sys.modules:
            return _adapter(adapter)
    return None


def _adapter(name):
    module = __import__(f"{__name__}.{name}", fromlist=["Host"])
    return module.Host()


def attach():
    """Detects the host and attaches auroraview to its main window (auroraview.host.attach), so
    WebView() without parent= docks into it. Returns the adapter. Running it again in the same
    session returns the adapter of the host already attached."""
    adapter = detect()
    if adapter is None:
        raise RuntimeError("no supported host here: auroraview.hosts knows Maya, Houdini and Nuke")
    attached = _host.current()
    if attached is not None and attached.name == adapter.name:
        return adapter
    _host.attach(adapter.main_window(), name=adapter.name)
    return adapter
