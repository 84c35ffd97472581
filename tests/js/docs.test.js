"use strict";
// The docs site against the bridge: docs/api/js.md and docs/zh/api/js.md against
// bridge_js/auroraview.d.ts and against the runtime object of bridge_js/auroraview.js loaded
// into a page (harness.js); the error codes of the JS pages against the declared codes; and
// every include of a docs page resolving to a file and region. The declared codes, the protocol
// pages and the guide against the core's error table: tests/python/test_error_codes.py.
//
// A declaration in an API page is a fenced block with the info string "ts signature" holding
// one member as auroraview.d.ts declares it, prefixed by its owner:
//   auroraview.call<R = any>(method: string, ...): Promise<R>   a member of AuroraViewBridge
//   readonly auroraview.version: string                         (modifiers before the owner)
//   AuroraViewError.code: AuroraViewErrorCode                   a member of that interface
//   new AuroraViewError(message: string, ...): AuroraViewError  AuroraViewErrorConstructor's new

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { loadedPage } = require("./harness.js");

const ROOT = path.join(__dirname, "..", "..");
const read = (file) => fs.readFileSync(path.join(ROOT, file), "utf8");
const JS_PAGES = { en: "docs/api/js.md", zh: "docs/zh/api/js.md" };
const DTS = read("bridge_js/auroraview.d.ts");
const OWNERS = {
  auroraview: "AuroraViewBridge",
  AuroraViewError: "AuroraViewError",
  AuroraViewErrorOptions: "AuroraViewErrorOptions",
  CallOptions: "CallOptions",
  AuroraViewState: "AuroraViewState",
  AuroraViewChannel: "AuroraViewChannel",
  StreamOptions: "StreamOptions",
  AuroraViewStream: "AuroraViewStream",
  AuroraViewWriteStream: "AuroraViewWriteStream",
  InvokeError: "InvokeError",
};

function normalise(text) {
  return text.replace(/\s+/g, " ").replace(/\( /g, "(").replace(/ \)/g, ")").trim();
}

// Splits text at `separator` where no bracket is open.
function splitTop(text, separator) {
  const parts = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ("({[<".includes(c)) depth++;
    else if (")}]".includes(c) || (c === ">" && text[i - 1] !== "=")) depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

// name -> declaration of every member of `export interface NAME { ... }` in the d.ts.
function interfaceMembers(name) {
  const found = new RegExp(`export interface ${name}[ <]`).exec(DTS); // <: a generic interface
  const start = found ? found.index : -1;
  assert.notEqual(start, -1, `auroraview.d.ts declares no interface ${name}`);
  const open = DTS.indexOf("{", start);
  let depth = 0;
  let end = open;
  do {
    if (DTS[end] === "{") depth++;
    else if (DTS[end] === "}") depth--;
    end++;
  } while (depth > 0);
  const body = DTS.slice(open + 1, end - 1).replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  const members = new Map();
  for (const declaration of splitTop(body, ";")) {
    const text = normalise(declaration);
    members.set(memberName(text), text);
  }
  return members;
}

function memberName(declaration) {
  const bare = declaration.replace(/^readonly /, "");
  return bare.startsWith("new (") ? "new" : bare.match(/^[A-Za-z_$][\w$]*/)[0];
}

// [{ owner, name, declaration }] of a page's "ts signature" blocks, in page order.
function documented(page) {
  const blocks = [...read(page).matchAll(/^```ts signature\n([\s\S]*?)\n```$/gm)].map((m) => normalise(m[1]));
  return blocks.map((block) => {
    const ctor = block.match(/^new AuroraViewError(\(.*)$/);
    if (ctor) return { owner: "AuroraViewErrorConstructor", name: "new", declaration: `new ${ctor[1]}` };
    const m = block.match(/^((?:readonly )?)([A-Za-z]+)\.(.*)$/);
    assert.ok(m && OWNERS[m[2]], `${page}: not a declaration of a documented owner: ${block}`);
    const declaration = m[1] + m[3];
    return { owner: OWNERS[m[2]], name: memberName(declaration), declaration };
  });
}

// The number of parameters of a documented method, or null for a property.
function parameterCount(declaration) {
  const m = declaration.replace(/^readonly /, "").match(/^[\w$]+(<[^(]*>)?\((.*)\)(?::|$)/);
  if (!m) return null;
  return splitTop(m[2], ",").length;
}

// The codes of a page's error code tables: those whose first header cell is "code" (中文
// "错误码"), one code a row, in backticks.
const CODE_HEADERS = new Set(["code", "错误码"]);
function tableCodes(page) {
  const codes = [];
  for (const table of read(page).split(/\n(?!\|)/)) {
    const rows = table.split("\n").filter((line) => line.startsWith("|"));
    if (rows.length === 0 || !CODE_HEADERS.has(rows[0].split("|")[1].trim())) continue;
    for (const row of rows.slice(2)) codes.push(row.match(/^\| `([A-Z_]+)` \|/)[1]);
  }
  return codes.sort();
}

function declaredCodes() {
  const union = DTS.match(/export type AuroraViewErrorCode =([\s\S]*?);/)[1];
  return [...union.matchAll(/"([A-Z_]+)"/g)].map((m) => m[1]).sort();
}

test("English and 中文 declare the same members", () => {
  assert.deepEqual(documented(JS_PAGES.zh), documented(JS_PAGES.en));
});

for (const [lang, page] of Object.entries(JS_PAGES)) {
  test(`${lang}: every declaration is the one auroraview.d.ts makes`, () => {
    for (const { owner, name, declaration } of documented(page)) {
      const declared = interfaceMembers(owner).get(name);
      assert.ok(declared !== undefined, `${owner}.${name} is documented but not declared`);
      assert.equal(declaration, declared, `${owner}.${name}`);
    }
  });

  test(`${lang}: every member of the documented interfaces is documented`, () => {
    const docs = documented(page);
    for (const owner of Object.values(OWNERS)) {
      const names = docs.filter((d) => d.owner === owner).map((d) => d.name).sort();
      assert.deepEqual(names, [...interfaceMembers(owner).keys()].sort(), owner);
    }
  });

  test(`${lang}: the runtime bridge has exactly the documented members, methods with their arity`, async () => {
    const page = await loadedPage();
    const bridge = documented(JS_PAGES[lang]).filter((d) => d.owner === "AuroraViewBridge");
    assert.deepEqual(Object.keys(page.av).sort(), bridge.map((d) => d.name).sort());
    for (const { name, declaration } of bridge) {
      const count = parameterCount(declaration);
      if (count === null) continue;
      assert.equal(typeof page.av[name], "function", `${name} is documented as a method`);
      assert.equal(page.av[name].length, count, `${name}: documented with ${count} parameters`);
    }
  });

  test(`${lang}: an AuroraViewError has exactly the documented fields`, async () => {
    const page = await loadedPage();
    const docs = documented(JS_PAGES[lang]);
    const err = new page.av.AuroraViewError("m", { code: "BUSY", name: "BusyError", data: 1 });
    const fields = Object.getOwnPropertyNames(err).filter((n) => n !== "stack").sort();
    assert.deepEqual(fields, docs.filter((d) => d.owner === "AuroraViewError").map((d) => d.name).sort());
    const ctor = docs.find((d) => d.owner === "AuroraViewErrorConstructor");
    assert.equal(page.av.AuroraViewError.length, splitTop(ctor.declaration.match(/^new \((.*)\):/)[1], ",").length);
  });

  test(`${lang}: the error code table is the declared codes`, () => {
    assert.deepEqual(tableCodes(page), declaredCodes());
  });
}

// Every .md page of the docs site, relative to the repository.
function docsPages() {
  const pages = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== "node_modules" && !entry.name.startsWith(".")) walk(rel);
      else if (entry.name.endsWith(".md")) pages.push(rel);
    }
  };
  walk("docs");
  return pages;
}

// A reader pastes a page's code into a plain <script>, which is a classic script: there a
// top-level await is a SyntaxError and nothing of the script runs. Every js block of the docs, and
// every classic <script> of an html block, must compile as one (vm.Script is that goal). Running
// them is tests/python/test_guide.py's, test_guide_children.py's, test_api_docs.py's,
// test_getting_started.py's and test_reference_docs.py's job.
test("every js block of the docs compiles as a classic <script>", () => {
  let blocks = 0;
  for (const page of docsPages()) {
    const text = read(page);
    const scripts = [];
    for (const m of text.matchAll(/^( *)```js\n([\s\S]*?)\n\1```$/gm)) scripts.push(m[2]);
    for (const m of text.matchAll(/^( *)```html\n([\s\S]*?)\n\1```$/gm)) {
      for (const s of m[2].matchAll(/<script>([\s\S]*?)<\/script>/g)) scripts.push(s[1]);
    }
    for (const code of scripts) {
      blocks++;
      assert.doesNotThrow(() => new vm.Script(code, { filename: page }), `${page}:\n${code}`);
    }
  }
  assert.ok(blocks > 10);
  assert.throws(() => new vm.Script('const t = await auroraview.call("m");'), SyntaxError);
});

// VitePress leaves an include it cannot resolve as an invisible comment: fail here instead.
test("every include of a docs page resolves to a file and its region", () => {
  const pages = docsPages();
  let includes = 0;
  for (const page of pages) {
    for (const m of read(page).matchAll(/<!--\s*@include:\s*([^#{]*?)(?:#([\w-]+))?(\{\d*,\d*\})?\s*-->/g)) {
      includes++;
      const target = path.join(path.dirname(page), m[1]);
      assert.ok(fs.existsSync(path.join(ROOT, target)), `${page} includes ${m[1]}, which does not exist`);
      if (m[2]) {
        const text = read(target);
        assert.match(text, new RegExp(`<!-- #region ${m[2]} -->`), `${page}: no region ${m[2]} in ${target}`);
        assert.match(text, new RegExp(`<!-- #endregion ${m[2]} -->`), `${page}: region ${m[2]} of ${target} never ends`);
      }
    }
  }
  assert.ok(includes > 0);
});
