"""Several views in one process, with upstream AuroraView's names: every view registers itself
and leaves when it closes; the active view follows window focus; broadcast_event reaches every
open view's page; change callbacks run; close_all closes what is left."""
from harness import report

import auroraview

PAGE = """<!doctype html><title>w</title><script>
auroraview.on("news", d => auroraview.send_event("got_news", d));
auroraview.send_event("up", document.title);
</script>"""

changes = []
unsubscribe = auroraview.get_window_manager().on_change(lambda: changes.append(auroraview.get_window_manager().count()))
told = []  # a callback of two arguments is told what happened, to which view
auroraview.get_window_manager().on_change(lambda what, uid: told.append([what, uid]))
a = auroraview.WebView(title="A", html=PAGE)
b = auroraview.WebView(title="B", html=PAGE)
up, news = [], []
for view in (a, b):
    view.on("up", up.append)
    view.on("got_news", lambda d, view=view: news.append([view.title, d]))
first_active = auroraview.get_active_window().title  # before any window had focus: the first made
a.show_async()
b.show_async()
auroraview._core.wait_until(lambda: len(up) == 2, 20)

wm = auroraview.get_window_manager()
out = {
    "same_manager": wm is auroraview.WindowManager(),
    "windows": [w.title for w in auroraview.get_windows()],
    "ids": wm.get_all_ids() == [f"wv_{a.id}", f"wv_{b.id}"] == [a.window_id, b.window_id],
    "first_active": first_active,
    "find": wm.find_by_title("B") is b,
    "has": [wm.has(f"wv_{a.id}"), wm.has("wv_nothing")],
}
a.focus()
auroraview._core.wait_until(lambda: auroraview.get_active_window() is a, 5)
out["after_focus"] = auroraview.get_active_window().title
out["set_active"] = [wm.set_active(f"wv_{b.id}"), wm.set_active("wv_nothing"), wm.get_active_id() == f"wv_{b.id}"]
out["broadcast"] = auroraview.broadcast_event("news", {"n": 1})
auroraview._core.wait_until(lambda: len(news) == 2, 10)
out["news"] = sorted(news)
a.close()
out["after_close"] = [w.title for w in auroraview.get_windows()]
out["active_after_close"] = auroraview.get_active_window().title
out["close_all"] = wm.close_all()
out["left"] = wm.count()
unsubscribe()
auroraview.WebView(title="C", html=PAGE).close()
out["changes"] = changes
out["unregister_unknown"] = wm.unregister("wv_nothing")
out["told"] = [[what, uid == a.window_id] for what, uid in told[:2]]
out["told_kinds"] = sorted({what for what, _ in told})
report(out)
