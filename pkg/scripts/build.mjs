// Builds the npm package from the crate: `npm run build` in pkg/.
//
// 1. cargo builds the crate for wasm32-unknown-unknown (release, opt-level 3);
// 2. wasm-bindgen (the CLI pinned to the crate's version) writes the `web` glue as ESM and
//    the `nodejs` glue, renamed .cjs, around one shared refund_normalizer_bg.wasm in dist/;
// 3. the ESM sources used by the require() entry are copied to dist/ as CommonJS.
// Needs: the wasm32 target and the matching wasm-bindgen CLI (scripts/setup.sh installs both).

import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const root = join(pkg, "..");
const dist = join(pkg, "dist");
const run = (cmd, args, cwd = root) => execFileSync(cmd, args, { cwd, stdio: "inherit" });

run("cargo", ["build", "--lib", "--release", "--target", "wasm32-unknown-unknown"]);
const wasm = join(root, "target", "wasm32-unknown-unknown", "release", "refund_normalizer.wasm");

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const bindgen = (target, out) =>
  // --remove-name-section: function names only serve stack traces of traps; 75 KB raw,
  // 12 KB gzip (docs/performance.md).
  run("wasm-bindgen", ["--target", target, "--out-dir", out, "--out-name", "refund_normalizer", "--remove-producers-section", "--remove-name-section", wasm]);

bindgen("web", dist);
const nodeOut = join(dist, ".node");
bindgen("nodejs", nodeOut);
copyFileSync(join(nodeOut, "refund_normalizer.js"), join(dist, "refund_normalizer.cjs"));
rmSync(nodeOut, { recursive: true, force: true });
rmSync(join(dist, "refund_normalizer.d.ts"), { force: true });
rmSync(join(dist, "refund_normalizer_bg.wasm.d.ts"), { force: true });

// ESM → CommonJS for the few plain modules the require() entry shares with the others:
// `import { a } from "./x.js"` → require("./x.cjs"), `export function|class|const` → module.exports.
function toCommonJs(file) {
  const names = [];
  const body = readFileSync(join(pkg, "src", file), "utf8")
    .replace(/^import \{([^}]+)\} from "\.\/([\w-]+)\.js";$/gm, 'const {$1} = require("./$2.cjs");')
    .replace(/^export (function|class|const) (\w+)/gm, (_, kind, name) => {
      names.push(name);
      return `${kind} ${name}`;
    });
  if (/^\s*(import|export)\b/m.test(body)) throw new Error(`${file}: an import/export form toCommonJs does not handle`);
  writeFileSync(join(dist, file.replace(/\.js$/, ".cjs")), `"use strict";\n${body}\nmodule.exports = { ${names.join(", ")} };\n`);
}
toCommonJs("args.js");
toCommonJs("decode.js");
toCommonJs("api.js");
// The require() entry's types: the same declarations, read as CommonJS by TypeScript.
copyFileSync(join(pkg, "index.d.ts"), join(pkg, "index.d.cts"));

console.log(`built ${dist}`);
