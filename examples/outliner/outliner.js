// The outliner page. It talks to its Python side (outliner_panel.py) through window.auroraview
// only: calls api.get_hierarchy / api.rename / api.export, sends selection_changed and
// outliner_rendered, and listens to update_data, hierarchy_changed, set_selection and export_*.
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const av = window.auroraview;

  const ICONS = {
    group: '<path d="M1.5 4.5h4l1.5 1.5h7.5v7h-13z"/>',
    mesh: '<path d="M8 1.8 14 5v6L8 14.2 2 11V5z"/><path d="M2 5l6 3.2L14 5M8 8.2v6"/>',
    camera: '<rect x="1.5" y="4.5" width="9" height="7" rx="1"/><path d="M10.5 7 14.5 5v6l-4-2"/>',
    light: '<circle cx="8" cy="6.5" r="3.8"/><path d="M6.3 11.5h3.4M6.8 14h2.4"/>',
    joint: '<circle cx="4" cy="12" r="2.2"/><circle cx="12" cy="4" r="2.2"/><path d="M5.6 10.4l4.8-4.8"/>',
  };
  const CARET = '<svg viewBox="0 0 10 10"><path d="M3 1.5 7 5 3 8.5"/></svg>';

  // ---- state ----------------------------------------------------------------------------------
  const state = {
    scene: "",
    byId: new Map(), // id -> {id, name, type, children, parent, depth}
    roots: [],
    open: new Set(),
    selected: new Set(),
    anchor: null, // last plainly clicked id, for shift-ranges
    filter: "",
    reported: false,
  };

  function index(tree) {
    state.byId.clear();
    const walk = (node, parent, depth) => {
      const entry = { id: node.id, name: node.name, type: node.type, parent, depth, children: [] };
      state.byId.set(node.id, entry);
      entry.children = node.children.map((child) => walk(child, entry, depth + 1));
      return entry;
    };
    state.roots = tree.map((node) => walk(node, null, 0));
  }

  // Groups start open, except rigs (deep joint chains are rarely what one looks for).
  function defaultOpen() {
    state.open.clear();
    for (const node of state.byId.values()) {
      if (node.children.length && !node.name.endsWith("_rig")) state.open.add(node.id);
    }
  }

  // ---- rendering --------------------------------------------------------------------------------
  function matches(node) {
    return !state.filter || node.name.toLowerCase().includes(state.filter);
  }

  function subtreeMatches(node) {
    return matches(node) || node.children.some(subtreeMatches);
  }

  // The rows on screen, in order: a filter shows matches and the path to them.
  function visibleRows() {
    const rows = [];
    const walk = (node) => {
      if (state.filter && !subtreeMatches(node)) return;
      rows.push(node);
      if (state.open.has(node.id) || (state.filter && node.children.some(subtreeMatches))) {
        node.children.forEach(walk);
      }
    };
    state.roots.forEach(walk);
    return rows;
  }

  function rowElement(node) {
    const row = document.createElement("div");
    const open = state.open.has(node.id) || (state.filter && node.children.some(subtreeMatches));
    row.className = `row t-${node.type}` + (open ? " open" : "") + (state.selected.has(node.id) ? " selected" : "");
    if (state.filter) row.classList.add(matches(node) ? "match" : "dim");
    row.setAttribute("role", "treeitem");
    row.dataset.id = node.id;
    row.dataset.name = node.name;
    row.style.paddingLeft = `${6 + node.depth * 16}px`;
    row.innerHTML =
      `<span class="caret">${node.children.length ? CARET : ""}</span>` +
      `<svg class="icon" viewBox="0 0 16 16">${ICONS[node.type] || ICONS.group}</svg>` +
      `<span class="name"></span><span class="kind">${node.type}</span>`;
    row.querySelector(".name").textContent = node.name;
    return row;
  }

  function render() {
    const tree = $("tree");
    const rows = visibleRows();
    tree.replaceChildren(...rows.map(rowElement));
    if (!rows.length) {
      const empty = document.createElement("div");
      empty.className = "empty";
      empty.textContent = state.filter ? `No node matches "${state.filter}"` : "The scene is empty";
      tree.append(empty);
    }
    $("count").textContent = `${state.byId.size} nodes`;
    const n = state.selected.size;
    $("selected").textContent = n ? `${n} selected` : "nothing selected";
    $("export").disabled = n === 0;
    return rows.length;
  }

  // ---- selection ----------------------------------------------------------------------------------
  function sendSelection() {
    const ids = [...state.selected];
    av.send_event("selection_changed", { ids, names: ids.map((id) => state.byId.get(id).name) });
  }

  function select(id, { toggle = false, range = false } = {}) {
    if (range && state.anchor !== null) {
      const ids = visibleRows().map((node) => node.id);
      const [a, b] = [ids.indexOf(state.anchor), ids.indexOf(id)].sort((x, y) => x - y);
      if (a >= 0) {
        if (!toggle) state.selected.clear();
        ids.slice(a, b + 1).forEach((i) => state.selected.add(i));
      }
    } else if (toggle) {
      if (state.selected.has(id)) state.selected.delete(id);
      else state.selected.add(id);
      state.anchor = id;
    } else {
      state.selected = new Set([id]);
      state.anchor = id;
    }
    render();
    sendSelection();
  }

  // ---- rename ------------------------------------------------------------------------------------
  function startRename(id) {
    const row = $("tree").querySelector(`.row[data-id="${id}"]`);
    if (!row) return;
    const node = state.byId.get(id);
    const label = row.querySelector(".name");
    const input = document.createElement("input");
    input.className = "rename";
    input.value = node.name;
    input.spellcheck = false;
    label.replaceWith(input);
    input.focus();
    input.select();
    let finished = false;
    const finish = async (commit) => {
      if (finished) return;
      finished = true;
      const name = input.value.trim();
      if (commit && name && name !== node.name) {
        try {
          const result = await av.call("api.rename", { id, name });
          node.name = result.name;
        } catch (err) {
          toast(err.message);
        }
      }
      render();
      $("tree").focus();
    };
    input.addEventListener("keydown", (e) => {
      e.stopPropagation();
      if (e.key === "Enter") finish(true);
      else if (e.key === "Escape") finish(false);
    });
    input.addEventListener("blur", () => finish(true));
    input.addEventListener("click", (e) => e.stopPropagation());
    input.addEventListener("dblclick", (e) => e.stopPropagation());
  }

  // The host selected (e.g. in its viewport): show it, open the way to it, echo nothing back.
  function setSelection({ ids }) {
    state.selected = new Set(ids.filter((id) => state.byId.has(id)));
    for (const id of state.selected) {
      for (let node = state.byId.get(id).parent; node; node = node.parent) state.open.add(node.id);
    }
    state.anchor = ids.length ? ids[ids.length - 1] : null;
    render();
  }

  // ---- export ------------------------------------------------------------------------------------
  // Progress comes by emits from the export's worker thread, whoever started it.
  async function exportSelection() {
    const ids = [...state.selected];
    const format = $("format").value;
    $("export").disabled = true;
    showProgress(0, ids.length, "Starting export\u2026");
    try {
      await av.call("api.export", { ids, format });
    } catch (err) {
      failProgress(err.message);
    } finally {
      $("export").disabled = state.selected.size === 0;
    }
  }

  function showProgress(done, total, text) {
    const box = $("progress");
    box.hidden = false;
    box.classList.remove("done", "failed");
    const pct = total ? Math.round((100 * done) / total) : 0;
    $("progress-fill").style.width = `${pct}%`;
    $("progress-item").textContent = text;
    $("progress-pct").textContent = `${pct}%`;
  }

  function failProgress(message) {
    $("progress").classList.add("failed");
    $("progress-item").textContent = message;
    toast(message);
  }

  // ---- messages -----------------------------------------------------------------------------------
  let toastTimer = 0;
  function toast(message) {
    const box = $("toast");
    box.textContent = message;
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (box.hidden = true), 4000);
  }

  let liveTimer = 0;
  function showFrame({ frame, fps }) {
    $("frame").textContent = String(frame).padStart(4, "0");
    $("fps").textContent = fps ? `${fps} fps` : "";
    $("live").classList.add("on");
    clearTimeout(liveTimer);
    liveTimer = setTimeout(() => $("live").classList.remove("on"), 1000);
  }

  function showHierarchy(data, { keepOpen = false } = {}) {
    state.scene = data.scene;
    index(data.tree);
    if (!keepOpen) defaultOpen();
    state.selected = new Set([...state.selected].filter((id) => state.byId.has(id)));
    $("scene").textContent = data.scene;
    const rows = render();
    if (!state.reported) {
      state.reported = true;
      // Two frames later the rows have been laid out and painted.
      requestAnimationFrame(() =>
        requestAnimationFrame(() =>
          av.send_event("outliner_rendered", {
            scene: data.scene,
            nodes: state.byId.size,
            rows,
            drawn: document.querySelectorAll("#tree .row").length,
          })
        )
      );
    }
  }

  // ---- wiring ------------------------------------------------------------------------------------
  function wire() {
    const tree = $("tree");
    tree.addEventListener("click", (e) => {
      const row = e.target.closest(".row");
      if (!row) return;
      const id = Number(row.dataset.id);
      if (e.target.closest(".caret") && state.byId.get(id).children.length) {
        if (state.open.has(id)) state.open.delete(id);
        else state.open.add(id);
        render();
        return;
      }
      select(id, { toggle: e.ctrlKey || e.metaKey, range: e.shiftKey });
    });
    tree.addEventListener("dblclick", (e) => {
      const row = e.target.closest(".row");
      if (row && !e.target.closest(".caret")) startRename(Number(row.dataset.id));
    });
    tree.addEventListener("keydown", (e) => {
      const rows = visibleRows().map((node) => node.id);
      const at = rows.indexOf(state.anchor);
      if (e.key === "F2" && state.selected.size === 1) startRename([...state.selected][0]);
      else if (e.key === "ArrowDown" && at < rows.length - 1) select(rows[at + 1]);
      else if (e.key === "ArrowUp" && at > 0) select(rows[at - 1]);
      else return;
      e.preventDefault();
    });
    $("filter").addEventListener("input", (e) => {
      state.filter = e.target.value.trim().toLowerCase();
      render();
    });
    $("export").addEventListener("click", exportSelection);

    av.on("update_data", showFrame);
    av.on("hierarchy_changed", (data) => showHierarchy(data, { keepOpen: true }));
    av.on("set_selection", setSelection);
    av.on("export_progress", ({ done, total, item }) => showProgress(done, total, `Exporting ${item} (${done}/${total})`));
    av.on("export_finished", ({ count, path }) => {
      showProgress(count, count, `Exported ${count} node${count === 1 ? "" : "s"} to ${path.split("/").pop()}`);
      $("progress").classList.add("done");
      $("progress-item").title = path;
    });
    av.on("export_failed", ({ error }) => failProgress(error));
  }

  async function start() {
    if (!av) {
      $("tree").innerHTML = '<div class="empty">Open this page in an AuroraView panel.</div>';
      return;
    }
    wire();
    try {
      showHierarchy(await av.call("api.get_hierarchy"));
    } catch (err) {
      $("tree").innerHTML = "";
      toast(`Could not read the scene: ${err.message}`);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
