// Drives examples/render_queue's page (see example_render_queue.py).
const row = (name) => $(`#jobs tr[data-name="${name}"]`);
const status = (name) => row(name) && row(name).dataset.status;
const act = (name, action) => click(row(name).querySelector(`button[data-action="${action}"]`));
const badge = (name) => row(name).querySelector(".status").textContent;
const submit = (name, start, end) => {
  type($("#job-name"), name);
  type($("#job-start"), String(start));
  type($("#job-end"), String(end));
  click($("#submit"));
};
const out = {};

submit("1bad", 1, 10);
out.refused = await until("the refusal", () => !$("#error").hidden && $("#error").textContent);
submit("alpha", 1, 60);
await until("alpha's row", () => row("alpha"));
out.error_cleared = $("#error").hidden;

// Pause alpha as soon as it runs: the pause goes to its process, which answers job_paused.
await until("alpha running", () => status("alpha") === "running");
act("alpha", "pause");
await until("alpha paused", () => status("alpha") === "paused");
out.paused_label = badge("alpha");
out.paused_buttons = [...row("alpha").querySelectorAll("button")].map((b) => b.textContent);

submit("beta", 1, 400);
await until("beta's row", () => row("beta"));
submit("gamma", 1, 400);
await until("beta and gamma running", () => status("beta") === "running" && status("gamma") === "running");
out.pids = ["alpha", "beta", "gamma"].map((n) => Number(row(n).querySelector(".pid").textContent));

act("alpha", "resume");
await until("alpha running again", () => status("alpha") === "running");
act("beta", "cancel");
await until("beta cancelled", () => status("beta") === "cancelled");
act("gamma", "kill");
await until("gamma killed", () => status("gamma") === "killed");
out.killed_label = badge("gamma");
await until("alpha done", () => status("alpha") === "done");
out.rows = $$("#jobs tr").map((tr) => ({
  name: tr.dataset.name,
  status: tr.dataset.status,
  count: tr.querySelector(".count").textContent,
  buttons: tr.querySelectorAll("button").length,
}));
out.summary = $("#summary").textContent;
return out;
