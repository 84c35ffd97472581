"""Issue 17 item 6: the "auroraview" logger's level takes effect whenever it changes, both ways.

The page sends an event nothing handles (the core logs that at DEBUG), three times: with the
logger at WARNING (no line), after Python lowered it to DEBUG (a line), after it raised it to
WARNING again (no line). Each step is a round trip, so each line (or none) belongs to its step."""
import logging

from harness import capture_log, report

import auroraview

logger = logging.getLogger("auroraview")
logger.setLevel(logging.WARNING)  # before the first view: the level the core used to keep
records = capture_log()

PAGE = """<!doctype html><script>
auroraview.on("next", ({ value: step }) => {
  auroraview.send_event("nobody_listens", {step});
  auroraview.send_event("step_done", step);
});
auroraview.whenReady().then(() => {
  auroraview.send_event("nobody_listens", {step: 0});
  auroraview.send_event("step_done", 0);
});
</script>"""

view = auroraview.WebView(title="log level", html=PAGE)
seen = {}
LEVELS = [logging.WARNING, logging.DEBUG, logging.WARNING]


@view.on("step_done")
def step_done(step):
    # Its debug lines only: the first time, the unhandled event is a warning whatever the level.
    seen[step] = [r for r in records if "nobody_listens" in r[1] and r[0] == "DEBUG"]
    records.clear()
    if step + 1 < len(LEVELS):
        logger.setLevel(LEVELS[step + 1])
        view.emit("next", step + 1)
    else:
        view.close()


view.show()
report({"lines": [seen[i] for i in range(len(LEVELS))]})
