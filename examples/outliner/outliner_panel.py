"""The outliner demo panel: a scene outliner as a web page (outliner.html) docked into a Qt host.

    import outliner_panel
    panel = outliner_panel.open_panel()                # docks into the attached host (auroraview.host)
    panel = outliner_panel.open_panel(parent=window)   # or into any PyQt6/PySide6 QMainWindow
    panel.set_frame(42)                            # the frame counter; call it from a host timer

Page -> Python: api.get_hierarchy(), api.rename(id, name), api.export(ids, format) (calls);
selection_changed {ids, names, paths} and outliner_rendered {scene, nodes, rows} (events).
Python -> page: update_data {frame, fps}, hierarchy_changed, set_selection {ids}, export_progress,
export_finished, export_failed (emits; the export's come from a worker thread).

In avhost, open_in_host() also drives the frame counter from the host's timeline and shows the
selection in the host's status bar; the plugin's "AuroraView > Open demo" calls it.
"""
import itertools
import json
import logging
import os
import tempfile
import threading
import time

import auroraview

from outliner_scene import demo_scene

HERE = os.path.dirname(os.path.abspath(__file__))
PAGE = os.path.join(HERE, "outliner.html")
FORMATS = ("usd", "fbx", "abc")
logger = logging.getLogger("outliner")
#: The panel open_in_host() made last (handy from the host's console).
current = None


class _Api:
    """What the page may call, as api.<name>: public methods only, nothing else of the panel."""

    def __init__(self, panel):
        self._panel = panel

    def get_hierarchy(self):
        scene = self._panel.scene
        return {"scene": scene.name, "nodes": len(scene), "tree": scene.tree()}

    def rename(self, id, name):  # noqa: A002  (the page's parameter name)
        scene = self._panel.scene
        old = scene.node(id).name
        scene.rename(id, name)
        self._panel.renames.append((old, name))
        return {"id": id, "name": name, "path": scene.path(id)}

    def export(self, ids, format="usd"):  # noqa: A002
        return self._panel.start_export(ids, format)


class OutlinerPanel:
    """The panel's Python side. The WebView is self.view; state the page changed is kept here:
    selection (ids), renames [(old, new)], exports [{job, path, count}], rendered (what the
    page reported once it had drawn the tree)."""

    _jobs = itertools.count(1)

    def __init__(self, scene=None, *, parent=None, dock_area="right", title="Outliner", export_dir=None,
                 export_step_s=0.03, **view_options):
        self.scene = scene or demo_scene()
        self.selection = []
        self.renames = []
        self.exports = []
        self.rendered = None
        self.export_dir = export_dir or os.path.join(tempfile.gettempdir(), "auroraview-outliner")
        self._export_step_s = export_step_s  # paces the fake export so its progress is visible
        self._selection_hooks = []
        self.view = auroraview.WebView(title=title, width=400, height=760, parent=parent, dock_area=dock_area,
                                       **view_options)
        self.view.bind_api(_Api(self))
        self.view.on("selection_changed", self._selection_changed)
        self.view.on("outliner_rendered", self._rendered)
        self.view.load_file(PAGE)
        self.view.show()

    # ---- the host feeds these -----------------------------------------------------------

    def set_frame(self, frame, fps=24):
        """Shows the host's current frame in the panel (update_data). Any thread."""
        if not self.view.closed:
            self.view.emit("update_data", {"frame": frame, "fps": fps})

    def select(self, names):
        """Selects nodes (as the host's viewport would) and shows it in the panel. A name means
        the first node of that name; a full path ("|characters|sidekick|sidekick_rig|root_jnt")
        any node."""
        lookup = {}
        for i in self.scene.ids():
            lookup.setdefault(self.scene.node(i).name, i)
            lookup[self.scene.path(i)] = i
        unknown = [n for n in names if n not in lookup]
        if unknown:
            raise KeyError(f"no node named {', '.join(unknown)}")
        self.selection = [lookup[n] for n in names]
        self.view.emit("set_selection", {"ids": self.selection})
        self._run_selection_hooks()

    def refresh(self):
        """Sends the scene again (after the host changed it)."""
        self.view.emit("hierarchy_changed", _Api(self).get_hierarchy())

    def on_selection(self, fn):
        """fn(ids, names) runs on the main thread when the selection changes (in the page, or by
        select())."""
        self._selection_hooks.append(fn)
        return fn

    def close(self):
        self.view.close()

    # ---- page events ----------------------------------------------------------------------

    def _selection_changed(self, detail):
        self.selection = [self.scene.node(i).id for i in detail.get("ids", [])]
        self._run_selection_hooks()

    def _run_selection_hooks(self):
        names = [self.scene.node(i).name for i in self.selection]
        for fn in list(self._selection_hooks):
            fn(list(self.selection), names)

    def _rendered(self, detail):
        self.rendered = detail

    # ---- the export -----------------------------------------------------------------------

    def start_export(self, ids, fmt):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
        if not ids:
            raise ValueError("select something to export")
        nodes = [self.scene.node(i) for i in ids]
        job = next(self._jobs)
        worker = threading.Thread(target=self._export, args=(job, nodes, fmt), name=f"export-{job}", daemon=True)
        worker.start()
        return {"job": job, "total": len(nodes)}

    def _export(self, job, nodes, fmt):
        """A worker thread: 'writes' each node (a JSON manifest stands in for the real file),
        reporting progress to the page by emits, which are safe from any thread."""
        try:
            records = []
            for done, node in enumerate(nodes, 1):
                time.sleep(self._export_step_s)
                records.append({"path": self.scene.path(node.id), "type": node.type})
                self.view.emit("export_progress", {"job": job, "done": done, "total": len(nodes), "item": node.name})
            os.makedirs(self.export_dir, exist_ok=True)
            path = os.path.join(self.export_dir, f"{self.scene.name}_{job}.{fmt}.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump({"scene": self.scene.name, "format": fmt, "nodes": records}, f, indent=2)
            result = {"job": job, "path": path, "count": len(records)}
            self.exports.append(result)
            self.view.emit("export_finished", result)
        except auroraview.ClosedError:
            logger.info("export %d stopped: the panel closed", job)
        except Exception as e:  # the page must hear about it; the host's log too
            logger.exception("export %d failed", job)
            self.view.emit("export_failed", {"job": job, "error": f"{type(e).__name__}: {e}"})


def open_panel(scene=None, **options):
    """Opens the panel (docked into the attached host, or per parent=/dock_area=)."""
    return OutlinerPanel(scene, **options)


def open_in_host(**options):
    """avhost: the panel, with its frame counter on the host's timeline and the selection shown
    in the host's status bar. Callbacks are removed when the panel closes."""
    import avhost

    global current
    panel = current = OutlinerPanel(**options)
    callback = avhost.on_frame_changed(panel.set_frame)
    panel.view.on_closed(lambda: avhost.remove_callback(callback))
    panel.set_frame(avhost.current_frame())

    @panel.on_selection
    def show_selection(ids, names):
        avhost.status(f"Selected: {', '.join(names)}" if names else "Nothing selected")

    return panel
