// The render queue's page. It talks to render_queue.py through window.auroraview only: calls
// api.list_jobs / api.submit / api.pause / api.resume / api.cancel / api.kill, and listens to
// job_update (every change of a job, whichever process it came from).
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const av = window.auroraview;
  const FINISHED = ["done", "cancelled", "killed", "failed", "closed"];
  const jobs = new Map(); // id -> job record, in submission order

  function error(text) {
    $("error").textContent = text;
    $("error").hidden = !text;
  }

  function statusText(job) {
    if (job.status === "killed") return `killed (signal ${-job.exit})`;
    if (job.status === "failed") return `failed (exit ${job.exit})`;
    return job.status;
  }

  function row(job) {
    const tr = document.createElement("tr");
    tr.dataset.id = job.id;
    tr.dataset.name = job.name;
    tr.dataset.status = job.status;
    tr.className = job.status;
    const pct = job.total ? Math.round((100 * job.done) / job.total) : 0;
    tr.innerHTML =
      '<td><div class="job-name"></div><div class="job-id"></div></td><td class="frames"></td>' +
      '<td><div class="track"><div class="fill"></div></div><div class="count"></div></td>' +
      '<td><span class="status"></span></td><td class="pid"></td><td class="actions"></td>';
    tr.querySelector(".job-name").textContent = job.name;
    tr.querySelector(".job-id").textContent = job.id;
    tr.querySelector(".frames").textContent = `${job.start}–${job.end}`;
    tr.querySelector(".fill").style.width = `${pct}%`;
    tr.querySelector(".count").textContent = `${job.done} / ${job.total}  ·  ${pct}%`;
    const badge = tr.querySelector(".status");
    badge.className = `status ${job.status}`;
    badge.textContent = statusText(job);
    tr.querySelector(".pid").textContent = job.pid || "–";
    if (!FINISHED.includes(job.status)) {
      const paused = job.status === "paused";
      tr.querySelector(".actions").append(
        button(paused ? "resume" : "pause", paused ? "Resume" : "Pause", job.status === "starting"),
        button("cancel", "Cancel"),
        button("kill", "Kill", false, "danger"),
      );
    }
    return tr;
  }

  function button(action, label, disabled = false, kind = "") {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.action = action;
    b.textContent = label;
    b.disabled = disabled;
    b.className = kind;
    return b;
  }

  function render() {
    $("jobs").replaceChildren(...[...jobs.values()].map(row));
    $("empty").hidden = jobs.size > 0;
    const all = [...jobs.values()];
    const running = all.filter((j) => !FINISHED.includes(j.status)).length;
    const done = all.filter((j) => j.status === "done").length;
    $("summary").textContent = all.length ? `${all.length} jobs · ${running} active · ${done} done` : "no jobs";
  }

  $("submit-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    error("");
    try {
      const job = await av.api.submit({
        name: $("job-name").value.trim(),
        start: Number($("job-start").value),
        end: Number($("job-end").value),
      });
      jobs.set(job.id, job);
      render();
      $("job-name").value = "";
    } catch (err) {
      error(`${err.name}: ${err.message}`);
    }
  });

  $("jobs").addEventListener("click", async (e) => {
    const b = e.target.closest("button[data-action]");
    if (!b) return;
    b.disabled = true; // until the job answers with its new state (job_update)
    try {
      await av.api[b.dataset.action]({ id: b.closest("tr").dataset.id });
    } catch (err) {
      error(`${err.name}: ${err.message}`);
    }
  });

  av.on("job_update", (job) => {
    jobs.set(job.id, job);
    render();
  });

  av.api.list_jobs().then((list) => {
    list.forEach((job) => jobs.set(job.id, job));
    render();
  }, (err) => error(`${err.name}: ${err.message}`));
})();
