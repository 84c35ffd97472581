// Packs the package for real and uses it as a tool author would: asserts the tarball holds
// exactly the intended files, installs it (offline: it has no dependencies) into a fresh
// consumer project in a temporary directory, compiles check/usage.ts and check/global.ts
// there with tsc in strict mode (bundler and node16 resolution), and runs check/consumer.mjs
// there with node.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const pkgDir = fileURLToPath(new URL("..", import.meta.url));
const tsc = path.join(pkgDir, "node_modules", "typescript", "bin", "tsc");
const PACKED = ["README.md", "auroraview.d.ts", "auroraview.js", "index.d.ts", "index.js",
  "outside.js", "package.json"];

// Returns the command's stdout; on failure shows it (tsc reports there) before throwing.
function run(cmd, args, cwd) {
  try {
    return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  } catch (err) {
    process.stderr.write(err.stdout || "");
    throw new Error(`${path.basename(cmd)} ${args.join(" ")} failed (exit status ${err.status}) in ${cwd}`);
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "auroraview-bridge-pack-"));
try {
  const [packed] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", tmp], pkgDir));
  assert.deepEqual(packed.files.map((f) => f.path).sort(), PACKED, "files in the tarball");
  console.log(`pack: ${packed.filename} holds exactly ${PACKED.join(", ")}`);

  const consumer = path.join(tmp, "consumer");
  fs.mkdirSync(consumer);
  fs.writeFileSync(path.join(consumer, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }));
  run("npm", ["install", "--offline", "--no-audit", "--no-fund", path.join(tmp, packed.filename)], consumer);
  for (const file of ["usage.ts", "global.ts", "consumer.mjs"]) {
    fs.copyFileSync(path.join(pkgDir, "check", file), path.join(consumer, file));
  }
  const compilerOptions = {
    strict: true, noEmit: true, target: "ES2020", lib: ["ES2020", "DOM"], types: [],
    skipLibCheck: false, exactOptionalPropertyTypes: true,
  };
  for (const [module, moduleResolution] of [["ESNext", "Bundler"], ["Node16", "Node16"]]) {
    fs.writeFileSync(path.join(consumer, "tsconfig.json"), JSON.stringify({
      compilerOptions: { ...compilerOptions, module, moduleResolution },
      files: ["usage.ts", "global.ts"],
    }));
    run(process.execPath, [tsc, "-p", "tsconfig.json"], consumer);
    console.log(`tsc: usage.ts and global.ts compile against the installed package (${moduleResolution})`);
  }
  process.stdout.write(run(process.execPath, ["consumer.mjs"], consumer));
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
