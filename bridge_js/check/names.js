// Keeps the declarations true to the runtime: the public names of the bridge object
// (auroraview.js, loaded into a fake page as the shim injects it) must be exactly the members
// of AuroraViewBridge in auroraview.d.ts, and the values the module entry (index.js) exports
// must be exactly the values index.d.ts declares. Names are read from the declarations by the
// TypeScript compiler, not by pattern matching.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const here = (file) => fileURLToPath(new URL(`../${file}`, import.meta.url));
const { loadedPage } = createRequire(import.meta.url)("../../tests/js/harness.js");

function declared() {
  // The libraries of tsconfig.json: the declarations use ES2018's async iterators.
  const program = ts.createProgram([here("index.d.ts")], {
    strict: true, types: [], noEmit: true, target: ts.ScriptTarget.ES2020, lib: ["lib.es2020.d.ts", "lib.dom.d.ts"],
  });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) {
    throw new Error(ts.formatDiagnostics(diagnostics, ts.createCompilerHost({})));
  }
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(here("index.d.ts")));
  const exports = checker.getExportsOfModule(moduleSymbol);
  const values = exports.filter((s) => s.flags & ts.SymbolFlags.Value).map((s) => s.name);
  const bridgeType = checker.getDeclaredTypeOfSymbol(exports.find((s) => s.name === "AuroraViewBridge"));
  const members = checker.getPropertiesOfType(bridgeType).map((s) => s.name);
  return { members, values };
}

async function runtime() {
  const page = await loadedPage();
  globalThis.window = page.window;
  globalThis.document = page.document;
  const mod = await import("../index.js");
  return { members: Object.keys(page.av), values: Object.keys(mod) };
}

function compare(what, declaredNames, runtimeNames) {
  const d = new Set(declaredNames);
  const r = new Set(runtimeNames);
  const undeclared = [...r].filter((n) => !d.has(n));
  const missing = [...d].filter((n) => !r.has(n));
  if (undeclared.length === 0 && missing.length === 0) {
    console.log(`names: ${what}: ${d.size} names, declared = runtime`);
    return true;
  }
  console.error(`names: ${what} differ. At run time but not declared: [${undeclared.join(", ")}];` +
    ` declared but not at run time: [${missing.join(", ")}]`);
  return false;
}

const d = declared();
const r = await runtime();
const ok = [
  compare("window.auroraview vs interface AuroraViewBridge", d.members, r.members),
  compare("index.js exports vs index.d.ts values", d.values, r.values),
].every(Boolean);
process.exit(ok ? 0 : 1);
