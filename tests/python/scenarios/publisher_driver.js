// Drives examples/publisher's page (see example_publisher.py).
const hint = (field) => $(`[data-field="${field}"] .hint`).textContent;
const hints = () => Object.fromEntries(["shot", "task", "comment", "files"].map((f) => [f, hint(f)]));
const fileBox = (name) => $(`#files .file[data-name="${name}"] input`);
const banner = () => !$("#banner").hidden && $("#banner").textContent;
const out = {};
const progress = [];
auroraview.on("publish_progress", (p) => progress.push([p.job, p.percent]));

await until("the file list", () => fileBox("shot_anim.ma"));
out.files_listed = $$("#files .file").map((f) => f.dataset.name);

// Publish with nothing filled in: Python refuses, the page shows why.
click($("#publish"));
out.refused = await until("the refusal", banner);
out.refused_class = $("#banner").className;
out.refused_hints = await until("every field marked", () => hint("files") && hints());
out.invalid_controls = $$(".invalid").map((el) => el.id);

choose($("#shot"), "sq010_sh0020");
choose($("#task"), "anim");
type($("#comment"), "short");
out.hints_partial = await until("only comment and files marked", () => !hint("shot") && hint("comment") && hints());
out.version = $("#version").textContent;

type($("#add-path"), "/no/such/file.abc");
click($("#add"));
out.bad_path = await until("the bad path's reason", () => hint("files").startsWith("FileNotFound") && hint("files"));
type($("#add-path"), context.extra);
click($("#add"));
await until("the added file", () => fileBox("camera.abc"));
out.added_checked = fileBox("camera.abc").checked;

type($("#comment"), "Blocking pass: new timing on the jump");
click(fileBox("shot_anim.ma"));
click(fileBox("shot_anim.mov"));
await until("a clean form", () => !Object.values(hints()).some(Boolean));
click($("#publish"));
await until("the publish to finish", () => $("#progress").classList.contains("done"));
out.done = { banner: banner(), width: $("#fill").style.width, pct: $("#progress-pct").textContent, publish_enabled: !$("#publish").disabled };
out.progress_first = progress.filter(([job]) => job === 1).map(([, pct]) => pct);

// The same again, cancelled while it copies.
await until("the next version", () => $("#version").textContent === "v002");
click($("#publish"));
await until("the copy to start", () => progress.some(([job]) => job === 2));
out.cancel_enabled = !$("#cancel").disabled;
click($("#cancel"));
await until("the cancel", () => $("#progress").classList.contains("cancelled"));
out.cancelled = { banner: banner(), cls: $("#banner").className, version: $("#version").textContent };
out.progress_second_last = progress.filter(([job]) => job === 2).map(([, pct]) => pct).pop();
return out;
