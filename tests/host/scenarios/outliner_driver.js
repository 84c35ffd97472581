// Drives the outliner page as a user would (real DOM events on its rows, input and buttons)
// and reports what the page showed, as the event "driver_done". Evaluated in the page by the
// scenarios (view.eval_js); the Python side checks what reached it.
(async () => {
  const $ = (sel) => document.querySelector(sel);
  const rows = () => [...document.querySelectorAll("#tree .row")];
  const row = (name) => rows().find((r) => r.dataset.name === name);
  const click = (el, opts = {}) => el.dispatchEvent(new MouseEvent("click", { bubbles: true, ...opts }));
  // Waits for a condition; the limit only turns a hang into a clear report.
  const until = (what, test, limitMs = 30000) =>
    new Promise((resolve, reject) => {
      const start = Date.now();
      const poll = () => {
        const value = test();
        if (value) resolve(value);
        else if (Date.now() - start > limitMs) reject(new Error(`gave up waiting for ${what}`));
        else setTimeout(poll, 20);
      };
      poll();
    });
  const rename = async (name, to) => {
    row(name).querySelector(".name").dispatchEvent(new MouseEvent("dblclick", { bubbles: true }));
    const input = await until("the rename field", () => $("#tree .rename"));
    input.value = to;
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
  };

  const frames = new Set();
  auroraview.on("update_data", (d) => frames.add(d.frame));
  let progressEvents = 0;
  auroraview.on("export_progress", () => progressEvents++);

  const out = {};
  await until("the tree", () => row("hero_body"));
  click(row("hero_body"));
  click(row("hero_head"), { ctrlKey: true });
  click(row("crate_02"), { ctrlKey: true });
  out.selected_rows = rows().filter((r) => r.classList.contains("selected")).map((r) => r.dataset.name);
  out.selected_label = $("#selected").textContent;

  await rename("lantern", "lantern_hero");
  await until("the renamed row", () => row("lantern_hero"));
  await rename("crate_01", "crate_02"); // a sibling has that name: refused
  await until("the error toast", () => !$("#toast").hidden && $("#toast").textContent);
  out.toast = $("#toast").textContent;
  out.crate_01_still_there = Boolean(row("crate_01"));

  $("#format").value = "abc";
  click($("#export"));
  await until("the export to finish", () => $("#progress").classList.contains("done"));
  out.progress_events = progressEvents;
  out.progress_text = $("#progress-item").textContent;
  out.progress_width = $("#progress-fill").style.width;

  await until("two frames from the host", () => frames.size >= 2);
  out.frames_seen = frames.size;
  out.frame_label = $("#frame").textContent;
  out.selected_after = rows().filter((r) => r.classList.contains("selected")).map((r) => r.dataset.name);
  auroraview.send_event("driver_done", out);
})().catch((err) => auroraview.send_event("driver_done", { error: String(err) }));
