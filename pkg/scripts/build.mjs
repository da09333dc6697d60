// Builds the npm package from the crate: `npm run build` in pkg/.
//
// 1. cargo builds the crate for wasm32-unknown-unknown (release, opt-level 3);
// 2. wasm-bindgen (the CLI pinned to the crate's version) writes the `web` glue as ESM and
//    the `nodejs` glue, renamed .cjs, around one shared refund_normalizer_bg.wasm in dist/;
// 3. the ESM sources used by the require() entry are copied to dist/ as CommonJS.
//
// `node scripts/build.mjs --test-exports` builds instead, with the crate's `test-exports`
// feature, the `web` glue and wasm of the JS tests' white-box checks in dist-test/ (not part
// of the package): the same wasm plus the exports only those tests call (src/bindings/wasm.rs).
// Needs: the wasm32 target and the matching wasm-bindgen CLI (scripts/setup.sh installs both).

import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { platformTypes } from "./platform-types.mjs";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const root = join(pkg, "..");
const dist = join(pkg, "dist");
const run = (cmd, args, cwd = root) => execFileSync(cmd, args, { cwd, stdio: "inherit" });

const testExports = process.argv.includes("--test-exports");
const features = testExports ? ["--features", "test-exports"] : [];
run("cargo", ["build", "--lib", "--release", "--target", "wasm32-unknown-unknown", ...features]);
const built = join(root, "target", "wasm32-unknown-unknown", "release", "refund_normalizer.wasm");
const wasm = join(root, "target", "wasm32-unknown-unknown", "release", testExports ? "refund_normalizer.test.bindgen.wasm" : "refund_normalizer.bindgen.wasm");
writeFileSync(wasm, withoutMultivalueExports(readFileSync(built)));

const bindgen = (target, out) =>
  // --remove-name-section: function names only serve stack traces of traps; 75 KB raw,
  // 12 KB gzip (docs/performance.md).
  run("wasm-bindgen", ["--target", target, "--out-dir", out, "--out-name", "refund_normalizer", "--remove-producers-section", "--remove-name-section", wasm]);

if (testExports) {
  const out = join(pkg, "dist-test");
  rmSync(out, { recursive: true, force: true });
  bindgen("web", out);
  console.log(`built ${out}`);
  process.exit(0);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
bindgen("web", dist);
const nodeOut = join(dist, ".node");
bindgen("nodejs", nodeOut);
// The Node glue reads the .wasm beside it; where it is not there (a bundle of the app made by
// esbuild --platform=node or webpack, run from its own folder), it takes the copy in
// wasm-base64.json, which the bundler has put in the bundle. JSON, not a JS string literal: V8
// parses it several times faster (~6 ms for the 790 KB, docs in pkg/README.md "Bundlers").
writeFileSync(join(dist, "wasm-base64.json"), JSON.stringify(readFileSync(join(dist, "refund_normalizer_bg.wasm")).toString("base64")));
const readsFile = /^const wasmPath = `\$\{__dirname\}\/refund_normalizer_bg\.wasm`;\nconst wasmBytes = require\('fs'\)\.readFileSync\(wasmPath\);$/m;
const nodeGlue = readFileSync(join(nodeOut, "refund_normalizer.js"), "utf8");
if (!readsFile.test(nodeGlue)) throw new Error("build.mjs: the nodejs glue no longer reads the .wasm as expected; update readsFile");
const readsFileOrBundle = `let wasmBytes;
try {
    wasmBytes = require('fs').readFileSync(\`\${__dirname}/refund_normalizer_bg.wasm\`);
} catch {
    // bundled (no such file beside the bundle, or no __dirname in an ES module bundle)
    wasmBytes = Buffer.from(require('./wasm-base64.json'), 'base64');
}`;
writeFileSync(join(dist, "refund_normalizer.cjs"), nodeGlue.replace(readsFile, () => readsFileOrBundle));
rmSync(nodeOut, { recursive: true, force: true });
rmSync(join(dist, "refund_normalizer.d.ts"), { force: true });
rmSync(join(dist, "refund_normalizer_bg.wasm.d.ts"), { force: true });

// wasm-bindgen gives every export that returns a `Result` or a `String` several results (wasm
// multi-value) when the module says it was built with the `multivalue` feature, which Rust's
// standard library always is. V8 (Node 20, workerd, Chromium alike) then compiles a JS-to-wasm
// wrapper for each such signature while making the module, eagerly: 1.5–2 ms of a 5 ms
// instantiate (docs/performance.md, "No multi-value exports"). Marking the feature as not used makes
// wasm-bindgen return them through memory instead, which V8's generic wrapper handles. Only
// the `target_features` custom section changes, one byte in place; the code does not use
// multi-value returns of its own (Rust's C ABI on wasm32 returns through memory).
function withoutMultivalueExports(bytes) {
  const leb = (at) => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[at++];
      value += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) return [value, at];
    }
  };
  const text = (from, to) => new TextDecoder().decode(bytes.subarray(from, to));
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, body] = leb(at + 1);
    at = body + size;
    if (id !== 0) continue;
    const [nameLength, name] = leb(body);
    if (text(name, name + nameLength) !== "target_features") continue;
    let [count, entry] = leb(name + nameLength);
    for (; count > 0; count--) {
      const [length, featureName] = leb(entry + 1);
      if (bytes[entry] === 0x2b /* + */ && text(featureName, featureName + length) === "multivalue") {
        bytes[entry] = 0x2d; /* - */
        return bytes;
      }
      entry = featureName + length;
    }
  }
  console.warn("build.mjs: no `+multivalue` in the wasm's target_features; wasm-bindgen output left as it is");
  return bytes;
}

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
toCommonJs("redact.js");
toCommonJs("api.js");
// The types that name the platforms, from the registry of the wasm just built.
writeFileSync(join(pkg, "platforms.d.ts"), platformTypes(createRequire(import.meta.url)(join(dist, "refund_normalizer.cjs")).platforms()));
// The require() entry's types: the same declarations, read as CommonJS by TypeScript.
copyFileSync(join(pkg, "index.d.ts"), join(pkg, "index.d.cts"));

console.log(`built ${dist}`);
