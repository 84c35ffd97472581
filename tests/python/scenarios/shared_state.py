"""view.state (upstream AuroraView's State) against a real page's auroraview.state, both ways.

Each step is a turn of Python or of the page; after it the page reports what it holds ("check":
its state, its onChange calls since the last check, and the raw "__state_sync__" messages it got,
upstream's name, which pages may listen to). Python counts the raw "__state_update__" messages the
page sent (an on() handler of its own beside the view's)."""
import threading

from harness import report

import auroraview
import auroraview.core

PAGE = """<!doctype html><script>
const seen = [];
const syncs = [];
auroraview.state.onChange((key, value, source) => seen.push([key, value === undefined ? "<undefined>" : value, source]));
auroraview.on("__state_sync__", (m) => syncs.push(m.type));
auroraview.on("check", ({ value: step }) => auroraview.send_event("checked", {
  step, state: auroraview.state.toJSON(), keys: auroraview.state.keys(), theme: auroraview.state.theme,
  seen: seen.splice(0), syncs: syncs.splice(0),
}));
auroraview.on("page_sets", () => {
  auroraview.state.fromPage = {n: 1};
  auroraview.state.count = 1;
  auroraview.state.count = 2;
  delete auroraview.state.doomed;
  // Queued after the changes: Python has them when the call runs.
  auroraview.call("api.read_state").then((seen_by_call) => {
    let refused = null;
    try { auroraview.state.keys = 1; } catch (e) { refused = e.name + ": " + e.message; }
    auroraview.send_event("page_done", {seen_by_call, refused, seen: seen.splice(0)});
  });
});
</script>"""

out = {"checks": {}, "python_seen": [], "updates_from_page": 0}
view = auroraview.WebView(title="shared state", html=PAGE)
state = view.state

# Before the page exists: it gets them as one whole state when its bridge is ready.
state["theme"] = "dark"
state.update({"doomed": 1, "n": 0})
out["python_side"] = {"len": len(state), "in": "theme" in state, "get": state.get("missing", "default"),
                      "keys": state.keys(), "repr": repr(state), "is_view_state": view.state is state}
try:
    state["bad"] = object()
except TypeError as e:
    out["bad_value"] = str(e)
try:
    state[1] = 2
except TypeError as e:
    out["bad_key"] = str(e)


@state.on_change
def python_seen(key, value, source):
    out["python_seen"].append([key, value, source])


@view.on("__state_update__")
def count_updates(detail):
    out["updates_from_page"] += 1


view.bind_call("api.read_state", lambda: view.state.to_dict())
readies = []


@view.on_ready
def ready(url):
    readies.append(url)
    view.emit("check", "reloaded" if len(readies) > 1 else "first_page")


@view.on("checked")
def checked(report_):
    step = report_.pop("step")
    out["checks"][step] = report_
    NEXT[step]()


def python_turn():
    # One turn of the main thread: one message to the page, sent before the emit after it.
    state["a"] = 1
    state["b"] = 2
    del state["n"]
    del state["never_there"]
    view.emit("check", "python_turn")


def page_turn():
    out["python_seen"].clear()
    view.emit("page_sets")


@view.on("page_done")
def page_done(detail):
    out["page_turn"] = dict(detail, python_seen=list(out["python_seen"]), updates=out["updates_from_page"],
                            python_state=state.to_dict())
    state.off_change(python_seen)
    state.clear()
    with state.batch_update() as batch:
        batch["x"] = 1
        batch.set("y", 2).set("z", 3)
        out["batch_pending"] = batch.get_pending()
    view.emit("check", "clear_and_batch")


def from_thread():
    worker = threading.Thread(target=lambda: (state.__setitem__("t", "from a thread"), view.emit("check", "thread")))
    worker.start()
    worker.join()


NEXT = {
    "first_page": python_turn,
    "python_turn": page_turn,
    "clear_and_batch": from_thread,
    "thread": view.reload,
    "reloaded": view.close,
}

view.show()
replacement = auroraview.core.State(view)  # upstream's State(webview): it becomes the view's
out["adopted"] = view.state is replacement and len(view.state) == 0
report(out)
