// Each bundler recipe of pkg/README.md ("Bundlers"), on a fresh `npm pack` installed into a
// scratch app: Vite, webpack 5, Rollup and esbuild build the app for the browser and Chromium
// runs it; esbuild bundles it for Node (ESM and CommonJS) and the bundle runs from another
// folder, with no node_modules and no flags.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/static-server.mjs";
import { PLATFORMS, root } from "./helpers.mjs";

// 旺店通's doc example: the signature it gives for these inputs.
const SIGN = "b6b3b7882f9a48858fa18e701d5485b9";
const WANT = { sign: SIGN, amount: "1.50", error: "invalid_body", redacted: true };

const CHECK = `
export function check(rn) {
  const req = rn.buildRequest("wangdiantong", { sid: "test2", appKey: "test2-xx", appSecret: "test_secret" }, { since: "2016-08-01 12:00:00", until: "2016-08-01 13:00:00" }, { now: 1470042310000 });
  const page = rn.parseResponse("wangdiantong", '{"code":0,"total_count":1,"trade_list":[{"refund_no":"R1","refund_amount":"1.5000"}]}');
  let error = null;
  try {
    rn.parseResponse("wangdiantong", "[]");
  } catch (e) {
    error = e instanceof rn.RefundError ? e.code : String(e);
  }
  return { sign: req.body.split("sign=")[1], amount: page.refunds[0].requestedAmount, error, redacted: !rn.redactRequest("wangdiantong", req).body.includes("${SIGN}") };
}
`;

// The browser apps: the README's recipe for each bundler, then the check.
const run = (initCall) => `
import * as rn from "refund-normalizer";
import { check } from "./check.js";
${initCall}.then(() => { window.result = check(rn); }, (e) => { window.result = { failed: String(e && e.message) }; });
`;
const APPS = {
  "vite.js": run("rn.init()"),
  "webpack.js": run("rn.init()"),
  "rollup.js": run('rn.init({ wasm: new URL("./refund_normalizer_bg.wasm", import.meta.url) })'),
  "esbuild.js": `import wasmUrl from "refund-normalizer/refund_normalizer_bg.wasm";\n${run("rn.init({ wasm: wasmUrl })")}`,
  "server.mjs": `import * as rn from "refund-normalizer";\nimport { check } from "./check.js";\nconsole.log(JSON.stringify(check(rn)));\n`,
  "server.cjs": `const rn = require("refund-normalizer");\n${CHECK.replace("export function", "function")}\nconsole.log(JSON.stringify(check(rn)));\n`,
};

let app;
let out;
let browser;
let site;

const modules = join(root, "tests", "js", "node_modules");
const html = (script, type) => `<!doctype html><meta charset="utf-8"><title>app</title><script ${type ? `type="${type}" ` : ""}src="${script}"></script>\n`;

before(async () => {
  app = mkdtempSync(join(tmpdir(), "rn-bundlers-"));
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", app], { cwd: join(root, "pkg"), encoding: "utf8" });
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "bundled-app", private: true, type: "module" }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", join(app, packed.trim().split("\n").pop())], { cwd: app, stdio: "pipe" });
  mkdirSync(join(app, "src"));
  writeFileSync(join(app, "src", "check.js"), CHECK);
  for (const [name, text] of Object.entries(APPS)) writeFileSync(join(app, "src", name), text);
  out = join(app, "out");
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  site = await serve(out);
});

after(async () => {
  await browser?.close();
  site?.server.close();
  if (app) rmSync(app, { recursive: true, force: true });
});

async function runInChromium(page) {
  const tab = await browser.newPage();
  const problems = [];
  tab.on("pageerror", (e) => problems.push(String(e)));
  try {
    await tab.goto(`${site.url}/${page}`);
    await tab.waitForFunction(() => window.result !== undefined, null, { timeout: 20_000 });
    return { result: await tab.evaluate(() => window.result), problems };
  } finally {
    await tab.close();
  }
}

const wasmFiles = (dir) => readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".wasm"));

test("Vite: init() finds the .wasm (emitted as an asset)", { timeout: 120_000 }, async () => {
  const { build } = await import(join(modules, "vite", "dist", "node", "index.js"));
  writeFileSync(join(app, "index.html"), html("/src/vite.js", "module"));
  await build({ root: app, logLevel: "silent", base: "./", build: { outDir: join(out, "vite"), emptyOutDir: true } });
  assert.equal(wasmFiles(join(out, "vite")).length, 1, "the .wasm is emitted");
  const { result, problems } = await runInChromium("vite/index.html");
  assert.deepEqual(result, WANT, problems.join("\n"));
});

test("webpack 5: init() finds the .wasm (new URL(…, import.meta.url) as an asset)", { timeout: 120_000 }, async () => {
  const { default: webpack } = await import(join(modules, "webpack", "lib", "index.js"));
  const stats = await new Promise((resolve, reject) =>
    webpack({ mode: "production", context: app, entry: "./src/webpack.js", output: { path: join(out, "webpack"), filename: "main.js" }, performance: { hints: false } }, (e, s) => (e ? reject(e) : resolve(s))),
  );
  assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
  writeFileSync(join(out, "webpack", "index.html"), html("main.js"));
  const { result, problems } = await runInChromium("webpack/index.html");
  assert.deepEqual(result, WANT, problems.join("\n"));
});

test("Rollup: init({ wasm }) with the .wasm copied beside the bundle", { timeout: 120_000 }, async () => {
  const { rollup } = await import(join(modules, "rollup", "dist", "es", "rollup.js"));
  const { nodeResolve } = await import(join(modules, "@rollup", "plugin-node-resolve", "dist", "es", "index.js"));
  const bundle = await rollup({ input: join(app, "src", "rollup.js"), plugins: [nodeResolve({ browser: true, rootDir: app })], onwarn: () => {} });
  await bundle.write({ file: join(out, "rollup", "app.js"), format: "es" });
  await bundle.close();
  cpSync(join(app, "node_modules", "refund-normalizer", "dist", "refund_normalizer_bg.wasm"), join(out, "rollup", "refund_normalizer_bg.wasm"));
  writeFileSync(join(out, "rollup", "index.html"), html("app.js", "module"));
  const { result, problems } = await runInChromium("rollup/index.html");
  assert.deepEqual(result, WANT, problems.join("\n"));
});

for (const format of ["iife", "esm"]) {
  test(`esbuild (${format}): init({ wasm }) with the file loader's URL`, { timeout: 120_000 }, async () => {
    const esbuild = await import(join(modules, "esbuild", "lib", "main.js"));
    const dir = join(out, `esbuild-${format}`);
    const built = await esbuild.build({ absWorkingDir: app, entryPoints: ["src/esbuild.js"], bundle: true, format, outdir: dir, loader: { ".wasm": "file" }, logLevel: "silent" });
    assert.deepEqual(built.errors, []);
    writeFileSync(join(dir, "index.html"), html("esbuild.js", format === "esm" ? "module" : undefined));
    const { result, problems } = await runInChromium(`esbuild-${format}/index.html`);
    assert.deepEqual(result, WANT, problems.join("\n"));
  });
}

test("the browser entry without init(): not_initialized, and a bad wasm URL is init_failed (then init may be called again)", { timeout: 120_000 }, async () => {
  const esbuild = await import(join(modules, "esbuild", "lib", "main.js"));
  writeFileSync(
    join(app, "src", "misuse.js"),
    `import * as rn from "refund-normalizer";
import wasmUrl from "refund-normalizer/refund_normalizer_bg.wasm";
const code = (fn) => { try { fn(); return "none"; } catch (e) { return e instanceof rn.RefundError ? e.code : String(e); } };
(async () => {
  const before = code(() => rn.platforms());
  const missing = await rn.init({ wasm: "./nothing-here.wasm" }).then(() => "none", (e) => e.code);
  const noUrl = await rn.init().then(() => "none", (e) => e.code);
  await rn.init({ wasm: wasmUrl });
  window.result = { before, missing, noUrl, after: rn.platforms().map((p) => p.id) };
})();
`,
  );
  await esbuild.build({ absWorkingDir: app, entryPoints: ["src/misuse.js"], bundle: true, outdir: join(out, "misuse"), loader: { ".wasm": "file" }, logLevel: "silent" });
  writeFileSync(join(out, "misuse", "index.html"), html("misuse.js"));
  const { result } = await runInChromium("misuse/index.html");
  // iife: no import.meta.url, so init() alone cannot know where the .wasm is.
  // After init the browser's registry is Node's: every platform.
  assert.deepEqual(result, { before: "not_initialized", missing: "init_failed", noUrl: "init_failed", after: PLATFORMS });
});

for (const [name, format] of [
  ["server.mjs", "esm"],
  ["server.cjs", "cjs"],
  ["server.mjs", "cjs"],
]) {
  test(`esbuild --bundle --platform=node --format=${format} of ${name} runs from another folder`, { timeout: 120_000 }, async (t) => {
    const esbuild = await import(join(modules, "esbuild", "lib", "main.js"));
    const dir = join(out, `node-${format}-${name.replace(".", "-")}`);
    const file = join(dir, format === "esm" ? "app.mjs" : "app.cjs");
    const built = await esbuild.build({ absWorkingDir: app, entryPoints: [join("src", name)], bundle: true, platform: "node", format, outfile: file, logLevel: "silent" });
    assert.deepEqual(built.errors, []);
    // Moved away from the app: nothing but the bundle.
    const away = mkdtempSync(join(tmpdir(), "rn-bundle-run-"));
    try {
      cpSync(dir, away, { recursive: true });
      assert.deepEqual(readdirSync(away), [format === "esm" ? "app.mjs" : "app.cjs"]);
      const printed = execFileSync(process.execPath, [join(away, format === "esm" ? "app.mjs" : "app.cjs")], { cwd: away, encoding: "utf8" });
      assert.deepEqual(JSON.parse(printed), WANT);
      // The size the .wasm adds to a Node bundle (base64 inside): reported in the test output.
      t.diagnostic(`${name} → ${format}: ${(statSync(file).size / 1024).toFixed(0)} KB`);
    } finally {
      rmSync(away, { recursive: true, force: true });
    }
  });
}
