// The publish dialog's page. It talks to publisher.py through window.auroraview only: calls
// api.get_context / api.validate / api.add_file / api.publish, sends cancel_publish, listens to
// publish_started, publish_progress, publish_done, publish_cancelled and publish_failed.
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const av = window.auroraview;
  const FIELDS = ["shot", "task", "comment", "files"];
  const state = { files: [], touched: new Set(), job: null, checks: 0 };

  const mb = (bytes) => (bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} KB` : `${(bytes / 1e6).toFixed(2)} MB`);
  const pad = (n) => String(n).padStart(3, "0");

  function form() {
    return {
      shot: $("shot").value,
      task: $("task").value,
      comment: $("comment").value,
      files: state.files.filter((f) => f.checked).map((f) => f.path),
    };
  }

  // ---- the form -----------------------------------------------------------------------------------
  function fillSelect(select, values, chosen) {
    select.replaceChildren(select.options[0], ...values.map((v) => new Option(v, v)));
    select.value = values.includes(chosen) ? chosen : "";
  }

  function renderFiles() {
    const box = $("files");
    if (!state.files.length) {
      box.innerHTML = '<div class="empty">No files in the work folder</div>';
      return;
    }
    box.replaceChildren(
      ...state.files.map((f) => {
        const row = document.createElement("label");
        row.className = "file";
        row.dataset.name = f.name;
        row.innerHTML = '<input type="checkbox"><span><div class="name"></div><div class="path"></div></span><span class="size"></span>';
        row.querySelector("input").checked = f.checked;
        row.querySelector("input").addEventListener("change", (e) => {
          f.checked = e.target.checked;
          touch("files");
        });
        row.querySelector(".name").textContent = f.name;
        row.querySelector(".path").textContent = f.path;
        row.querySelector(".size").textContent = mb(f.size);
        return row;
      }),
    );
  }

  function addFile(entry, checked) {
    if (!state.files.some((f) => f.path === entry.path)) state.files.push({ ...entry, checked });
    else state.files.find((f) => f.path === entry.path).checked = checked;
  }

  // Marks the fields the user has touched (all of them after Publish) with Python's reasons.
  function showProblems(problems) {
    for (const field of FIELDS) {
      const box = document.querySelector(`[data-field="${field}"]`);
      const reason = state.touched.has(field) ? problems[field] || "" : "";
      box.querySelector(".hint").textContent = reason;
      const control = field === "files" ? $("files") : $(field);
      control.classList.toggle("invalid", Boolean(reason));
    }
  }

  async function check() {
    const n = ++state.checks; // answers to older checks are ignored
    try {
      const result = await av.api.validate(form());
      if (n !== state.checks) return;
      showProblems(result.problems);
      $("version").textContent = result.version ? `v${pad(result.version)}` : "–";
      $("version").classList.toggle("new", Boolean(result.version));
    } catch (err) {
      banner("error", `${err.name}: ${err.message}`);
    }
  }

  function touch(field) {
    state.touched.add(field);
    check();
  }

  function banner(kind, text) {
    const box = $("banner");
    box.className = `banner ${kind}`;
    box.textContent = text;
    box.hidden = !text;
  }

  function setRunning(running) {
    for (const el of $("form").querySelectorAll("input, select, textarea, button")) el.disabled = running;
    $("publish").disabled = running;
    $("cancel").disabled = !running;
  }

  function setProgress(kind, percent, file, label) {
    $("progress").hidden = false;
    $("progress").className = `progress ${kind}`;
    $("fill").style.width = `${percent}%`;
    $("progress-file").textContent = file;
    $("progress-pct").textContent = label;
  }

  // ---- user input ---------------------------------------------------------------------------------
  $("shot").addEventListener("change", () => touch("shot"));
  $("task").addEventListener("change", () => touch("task"));
  $("comment").addEventListener("input", () => touch("comment"));

  $("add").addEventListener("click", async () => {
    const path = $("add-path").value.trim();
    if (!path) return;
    try {
      addFile(await av.api.add_file(path), true);
      $("add-path").value = "";
      renderFiles();
      touch("files");
    } catch (err) {
      state.touched.add("files");
      document.querySelector('[data-field="files"] .hint').textContent = `${err.name}: ${err.message}`;
    }
  });

  $("publish").addEventListener("click", async () => {
    FIELDS.forEach((f) => state.touched.add(f));
    banner("", "");
    try {
      await av.api.publish(form()); // the page hears publish_started
    } catch (err) {
      banner("error", `${err.name}: ${err.message}`);
      check();
    }
  });

  $("cancel").addEventListener("click", () => {
    av.send_event("cancel_publish", { job: state.job });
    $("cancel").disabled = true;
    $("progress-pct").textContent = "cancelling…";
  });

  // ---- what Python reports ------------------------------------------------------------------------
  av.on("publish_started", (s) => {
    state.job = s.job;
    fillSelect($("shot"), [...$("shot").options].slice(1).map((o) => o.value), s.form.shot);
    fillSelect($("task"), [...$("task").options].slice(1).map((o) => o.value), s.form.task);
    $("comment").value = s.form.comment;
    for (const f of state.files) f.checked = s.form.files.includes(f.path);
    renderFiles();
    showProblems({});
    $("version").textContent = `v${pad(s.version)}`;
    $("dest").textContent = s.dest;
    setRunning(true);
    setProgress("", 0, "starting…", `0 of ${mb(s.total_bytes)}`);
  });
  av.on("publish_progress", (p) => {
    if (p.job === state.job && $("cancel").disabled === false) {
      setProgress("", p.percent, p.file, `${p.percent}%  ·  ${mb(p.done_bytes)} of ${mb(p.total_bytes)}`);
    }
  });
  av.on("publish_done", (r) => {
    setRunning(false);
    setProgress("done", 100, `${r.files.length} files and manifest.json`, "100%");
    banner("ok", `Published v${pad(r.version)}: ${r.manifest}`);
    check();
  });
  av.on("publish_cancelled", (c) => {
    setRunning(false);
    setProgress("cancelled", parseFloat($("fill").style.width) || 0, "cancelled", "");
    banner("warn", `Cancelled: v${pad(c.version)} was not published and its folder was removed`);
    check();
  });
  av.on("publish_failed", (f) => {
    setRunning(false);
    setProgress("failed", parseFloat($("fill").style.width) || 0, "failed", "");
    banner("error", f.error);
  });

  av.api.get_context().then(
    (ctx) => {
      $("project").textContent = ctx.project;
      $("user").textContent = ctx.user;
      fillSelect($("shot"), ctx.shots, ctx.current.shot);
      fillSelect($("task"), ctx.tasks, ctx.current.task);
      ctx.files.forEach((f) => addFile(f, false));
      renderFiles();
      check();
      av.send_event("publisher_rendered", { files: ctx.files.length, shot: $("shot").value, task: $("task").value });
    },
    (err) => banner("error", `Could not read the project: ${err.name}: ${err.message}`),
  );
})();
