// Drives examples/asset_browser's page (see example_asset_browser.py).
const cards = () => $$("#grid .card");
const names = () => cards().map((c) => c.querySelector(".name").textContent);
const card = (name) => cards().find((c) => c.querySelector(".name").textContent === name);
const chip = (label) => $$("#categories button").find((b) => b.textContent === label);
const sceneChips = () => $$("#scene .chip").map((c) => c.textContent);
const toastText = () => !$("#toast").hidden && $("#toast").textContent;
const out = {};

await until("the grid", () => card("hero"));
out.all = names();
out.count = $("#count").textContent;
out.hero_thumb = { src: card("hero").querySelector("img").currentSrc, width: card("hero").querySelector("img").naturalWidth };

type($("#search"), "wood");
out.search_wood = names();
out.count_filtered = $("#count").textContent;
type($("#search"), "");
click(chip("fx"));
out.category_fx = names();
click(chip("All"));
choose($("#format"), "fbx");
out.format_fbx = names();
choose($("#format"), "");
type($("#search"), "nothing-like-this");
out.no_match = $("#grid .empty") && $("#grid .empty").textContent;
type($("#search"), "");

click(card("hero"));
await until("hero's details", () => $("#details h2") && $("#details h2").textContent === "hero");
out.details = {
  versions: $$("#details .version b").map((b) => b.textContent),
  tags: $$("#details .tags .chip").map((t) => t.textContent),
  button: $("#import").textContent,
};
click($('#details .version[data-file="hero_v001.usd"]'));
out.button_v001 = $("#import").textContent;
click($("#import"));
await until("hero in the scene", () => sceneChips().length === 1);
out.toast_import = await until("the import message", toastText);

dblclick(card("crate"));
await until("crate in the scene", () => sceneChips().length === 2);
out.scene = sceneChips();

click(card("barrel"));
out.barrel_placeholder = Boolean(card("barrel").querySelector(".no-thumb"));
$("#toast").hidden = true;
click($("#import"));
out.toast_missing = await until("the error message", () => toastText() && toastText().startsWith("FileNotFound") && toastText());

// Outside the library: what the page's own origin serves, tried as an image would be.
const load = (src) =>
  new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve("loaded");
    img.onerror = () => resolve("refused");
    img.src = src;
  });
out.escape = {
  "../secret.png": await load("../secret.png"),
  "%2e%2e/secret.png": await load("%2e%2e/secret.png"),
  "characters/..%2f..%2fsecret.png": await load("characters/..%2f..%2fsecret.png"),
  "characters/hero/thumb.png": await load("characters/hero/thumb.png"),
};
return out;
