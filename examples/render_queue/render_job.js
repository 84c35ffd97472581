// A render job's window (render_job.py, one per child process). It only shows what its Python
// side emits: job, job_started, job_progress, job_paused, job_resumed, job_done, job_cancelled.
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const av = window.auroraview;
  let first = 0;

  function status(text) {
    $("state").textContent = text;
    $("state").className = `status ${text}`;
    document.querySelector(".job").className = `job ${text}`;
  }

  av.on("job", (job) => {
    first = job.start;
    $("name").textContent = job.name;
    $("range").textContent = `frames ${job.start}–${job.end}  ·  ${job.child_id}`;
    $("cells").replaceChildren(
      ...Array.from({ length: job.end - job.start + 1 }, (_, i) =>
        Object.assign(document.createElement("span"), { title: String(job.start + i) })),
    );
  });
  av.on("job_started", (s) => {
    status("running");
    $("done").textContent = `0 of ${s.total} frames`;
  });
  av.on("job_progress", (p) => {
    $("frame").textContent = String(p.frame).padStart(4, "0");
    $("fill").style.width = `${p.percent}%`;
    $("done").textContent = `${p.done} of ${p.total} frames`;
    $("pct").textContent = `${p.percent}%`;
    $("file").textContent = p.file;
    const cell = $("cells").children[p.frame - first];
    if (cell) cell.className = "on";
  });
  av.on("job_paused", () => status("paused"));
  av.on("job_resumed", () => status("running"));
  av.on("job_done", () => status("done"));
  av.on("job_cancelled", () => status("cancelled"));
})();
