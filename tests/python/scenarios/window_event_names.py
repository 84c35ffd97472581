"""Upstream AuroraView's WindowEvent and WindowEventData on a real view: view.on(WindowEvent.X)
registers the view's hook for X, whose handler gets a WindowEventData (a dict whose keys are also
attributes), as upstream's examples use them; the page drives the window through bound calls (as
upstream's window_events_demo does), a file drop event comes from the page, and the user's close
is refused once by a CLOSING handler."""
from harness import pyqt, report

import auroraview
from auroraview import WindowEvent, WindowEventData

QtWidgets = pyqt("QtWidgets")

PAGE = """<!doctype html><title>events</title><script>
auroraview.on("drive", async () => {
  await auroraview.call("resize", {width: 640, height: 480});
  await auroraview.call("move", {x: 40, y: 50});
  auroraview.send_event("file_drop", {paths: ["/tmp/a.ma"], position: {x: 1, y: 2}});
  auroraview.send_event("driven");
});
</script>"""

out = {"events": [], "types": set()}
view = auroraview.WebView(title="window events", width=500, height=400, html=PAGE)


def record(name, data, **attributes):
    out["types"].add(type(data).__name__)
    out["events"].append([name, attributes or dict(data)])


@view.on(WindowEvent.LOADED)
def loaded(data):
    record("loaded", data, url_is_page=data.url == view.get_current_url())
    view.emit("drive")


@view.on(WindowEvent.RESIZED)
def resized(data):
    if (data.width, data.height) == (640, 480):
        record("resized", data, width=data.width, height=data["height"])


@view.on(WindowEvent.MOVED)
def moved(data):
    if (data.x, data.y) == (40, 50):
        record("moved", data, x=data.x, y=data.get("y"), focused=data.focused)


@view.on_resized
def resized_hook(data):  # window_events_demo's form: data.width, data.height
    if (data.width, data.height) == (640, 480):
        out["on_resized_attributes"] = [data.width, data.height]


@view.on(WindowEvent.FILE_DROP)
def file_drop(data):  # not a window hook here: the page's event of that name
    record("file_drop", data, paths=data.get("paths"), position=data.get("position"))


view.bind_call("resize", lambda width=800, height=600: view.resize(width, height) or {"success": True})
view.bind_call("move", lambda x=0, y=0: view.move(x, y) or {"success": True})
closing_answers = [False, True]


@view.on(WindowEvent.CLOSING)
def closing(data):
    answer = closing_answers.pop(0)
    record("closing", data, answer=answer)
    return answer


@view.on(WindowEvent.CLOSED)
def closed():
    out["events"].append(["closed", {}])


def close_by_user():
    for widget in QtWidgets.QApplication.topLevelWidgets():
        if widget.windowTitle() == "window events":
            out.setdefault("close_returned", []).append(widget.close())


@view.on("driven")
def driven(_):
    close_by_user()  # refused by the first CLOSING answer
    close_by_user()


out["names"] = {"str": str(WindowEvent.RESIZED), "equal": WindowEvent.RESIZED == "resized",
                "values": [e.value for e in WindowEvent]}
out["data"] = {"empty": dict(WindowEventData()), "none": WindowEventData().url,
               "repr": repr(WindowEventData({"width": 3})), "is_dict": isinstance(WindowEventData(), dict)}
view.show()
out["types"] = sorted(out["types"])
report(out)
