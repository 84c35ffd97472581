// The asset browser page. Its HTML is loaded with the library as its base URL
// (auroraview://<host>/, asset_root), so thumbnails are plain relative URLs and nothing outside
// the library can be reached. It talks to asset_browser.py through window.auroraview only:
// calls api.list_assets / api.rescan / api.import_asset, sends asset_selected and
// browser_rendered, listens to scene_changed, library_changed and show_asset.
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const av = window.auroraview;
  const NO_THUMB = '<svg viewBox="0 0 16 16"><rect x="2" y="3" width="12" height="10" rx="1"/><path d="M2 11l3.5-3.5 3 3 2-2 3.5 3.5"/></svg>';

  const state = { assets: [], category: "", format: "", search: "", selected: null, version: null, reported: false };

  const byId = (id) => state.assets.find((a) => a.id === id);
  const pad = (n) => String(n).padStart(3, "0");
  const kb = (bytes) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);

  function matches(asset) {
    if (state.category && asset.category !== state.category) return false;
    if (state.format && !asset.formats.includes(state.format)) return false;
    const q = state.search;
    return !q || [asset.name, asset.category, asset.description, ...asset.tags].some((s) => s.toLowerCase().includes(q));
  }

  function thumbElement(asset) {
    if (!asset.thumb) {
      const box = document.createElement("div");
      box.className = "thumb no-thumb";
      box.innerHTML = NO_THUMB;
      return box;
    }
    const img = document.createElement("img");
    img.className = "thumb";
    img.alt = "";
    img.src = asset.thumb; // relative: resolved under the library's auroraview:// root
    return img;
  }

  // ---- the grid ---------------------------------------------------------------------------------
  function renderGrid() {
    const grid = $("grid");
    const shown = state.assets.filter(matches);
    grid.replaceChildren(
      ...shown.map((asset) => {
        const card = document.createElement("div");
        card.className = "card" + (asset.id === state.selected ? " selected" : "");
        card.dataset.id = asset.id;
        const meta = document.createElement("div");
        meta.className = "meta";
        meta.innerHTML = '<div class="name"></div><div class="info"><span class="cat"></span><span class="fmt"></span></div>';
        meta.querySelector(".name").textContent = asset.name;
        meta.querySelector(".cat").textContent = `${asset.category} · v${pad(asset.versions[0].version)}`;
        meta.querySelector(".fmt").textContent = asset.formats.join(" ");
        card.append(thumbElement(asset), meta);
        return card;
      }),
    );
    if (!shown.length) {
      const empty = document.createElement("div");
      empty.className = "empty";
      empty.textContent = "No asset matches the filters";
      grid.append(empty);
    }
    $("count").textContent = shown.length === state.assets.length ? `${shown.length} assets` : `${shown.length} of ${state.assets.length} assets`;
    return shown;
  }

  function renderFilters() {
    const categories = [...new Set(state.assets.map((a) => a.category))];
    $("categories").replaceChildren(
      ...["", ...categories].map((c) => {
        const b = document.createElement("button");
        b.type = "button";
        b.dataset.category = c;
        b.textContent = c || "All";
        b.className = c === state.category ? "on" : "";
        return b;
      }),
    );
    const formats = [...new Set(state.assets.flatMap((a) => a.formats))].sort();
    const select = $("format");
    select.replaceChildren(select.options[0], ...formats.map((f) => new Option(f.toUpperCase(), f)));
    select.value = formats.includes(state.format) ? state.format : "";
  }

  // ---- details ----------------------------------------------------------------------------------
  function renderDetails() {
    const pane = $("details");
    const asset = byId(state.selected);
    if (!asset) {
      pane.innerHTML = '<div class="empty">Select an asset to see its versions</div>';
      return;
    }
    pane.replaceChildren(thumbElement(asset));
    pane.insertAdjacentHTML(
      "beforeend",
      '<h2></h2><div class="where"></div><p class="description"></p><div class="tags"></div>' +
        '<div class="label">Versions</div><div class="versions"></div><button id="import" type="button" class="primary"></button>',
    );
    pane.querySelector("h2").textContent = asset.name;
    pane.querySelector(".where").textContent = asset.id;
    pane.querySelector(".description").textContent = asset.description || "No description";
    pane.querySelector(".tags").replaceChildren(
      ...asset.tags.map((t) => Object.assign(document.createElement("span"), { className: "chip", textContent: t })),
    );
    pane.querySelector(".versions").replaceChildren(
      ...asset.versions.map((v) => {
        const row = document.createElement("label");
        row.className = "version" + (v.file === state.version ? " on" : "");
        row.dataset.file = v.file;
        row.innerHTML = '<input type="radio" name="version"><b></b><span class="file"></span><span class="size"></span>';
        row.querySelector("input").checked = v.file === state.version;
        row.querySelector("b").textContent = `v${pad(v.version)}`;
        row.querySelector(".file").textContent = v.file;
        row.querySelector(".size").textContent = kb(v.size);
        return row;
      }),
    );
    const version = asset.versions.find((v) => v.file === state.version);
    $("import").textContent = `Import v${pad(version.version)} into scene`;
  }

  function select(id) {
    const asset = byId(id);
    if (!asset) return;
    state.selected = id;
    state.version = asset.versions[0].file;
    for (const card of $("grid").children) card.classList.toggle("selected", card.dataset.id === id);
    renderDetails();
    av.send_event("asset_selected", { id });
  }

  function renderScene(nodes) {
    const box = $("scene");
    if (!nodes.length) {
      box.innerHTML = '<span class="none">nothing imported yet</span>';
      return;
    }
    box.replaceChildren(
      ...nodes.map((n) => {
        const chip = document.createElement("span");
        chip.className = "chip";
        chip.textContent = `${n.node}  ·  v${pad(n.version)}`;
        chip.title = n.file;
        return chip;
      }),
    );
  }

  // ---- talking to Python ------------------------------------------------------------------------
  let toastTimer = 0;
  function toast(message, kind = "") {
    const box = $("toast");
    box.textContent = message;
    box.className = `toast ${kind}`;
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (box.hidden = true), 5000);
  }

  async function importSelected() {
    const asset = byId(state.selected);
    const version = asset.versions.find((v) => v.file === state.version);
    $("import").disabled = true;
    try {
      const node = await av.api.import_asset({ id: asset.id, version: version.version });
      toast(`Imported ${asset.name} v${pad(node.version)} as ${node.node}`, "info");
    } catch (err) {
      toast(`${err.name}: ${err.message}`);
    } finally {
      if ($("import")) $("import").disabled = false;
    }
  }

  // Reports once the first grid is on screen and its thumbnails have loaded (or failed).
  function reportRendered(shown) {
    const imgs = [...$("grid").querySelectorAll("img.thumb")];
    const settled = imgs.map((img) =>
      img.complete ? Promise.resolve() : new Promise((done) => {
        img.addEventListener("load", done);
        img.addEventListener("error", done);
      }));
    Promise.all(settled).then(() => {
      av.send_event("browser_rendered", {
        shown: shown.length,
        thumbs_loaded: imgs.filter((img) => img.naturalWidth > 0).length,
        placeholders: $("grid").querySelectorAll(".no-thumb").length,
        base: document.baseURI,
      });
    });
  }

  function showLibrary(data) {
    state.assets = data.assets;
    $("library").textContent = data.library;
    if (!byId(state.selected)) state.selected = null;
    renderFilters();
    const shown = renderGrid();
    renderDetails();
    renderScene(data.scene);
    if (!state.reported) {
      state.reported = true;
      reportRendered(shown);
    }
  }

  // ---- user input -------------------------------------------------------------------------------
  $("search").addEventListener("input", (e) => {
    state.search = e.target.value.trim().toLowerCase();
    renderGrid();
  });
  $("format").addEventListener("change", (e) => {
    state.format = e.target.value;
    renderGrid();
  });
  $("categories").addEventListener("click", (e) => {
    const b = e.target.closest("button");
    if (!b) return;
    state.category = b.dataset.category;
    renderFilters();
    renderGrid();
  });
  $("grid").addEventListener("click", (e) => {
    const card = e.target.closest(".card");
    if (card) select(card.dataset.id);
  });
  $("grid").addEventListener("dblclick", (e) => {
    const card = e.target.closest(".card");
    if (!card) return;
    if (card.dataset.id !== state.selected) select(card.dataset.id);
    importSelected();
  });
  $("details").addEventListener("click", (e) => {
    if (e.target.closest("#import")) return importSelected();
    const row = e.target.closest(".version");
    if (row && row.dataset.file !== state.version) {
      state.version = row.dataset.file;
      renderDetails();
    }
  });
  $("rescan").addEventListener("click", async () => {
    try {
      showLibrary(await av.api.rescan());
    } catch (err) {
      toast(`${err.name}: ${err.message}`);
    }
  });

  av.on("scene_changed", (data) => renderScene(data.nodes));
  av.on("library_changed", showLibrary);
  av.on("show_asset", (data) => {
    state.search = "";
    state.category = "";
    $("search").value = "";
    renderFilters();
    renderGrid();
    select(data.id);
  });

  av.api.list_assets().then(showLibrary, (err) => toast(`Could not read the library: ${err.message}`));
})();
