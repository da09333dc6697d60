// The package page is the manual, and its examples work: every ```js block of pkg/README.md
// runs in a scratch app that installed a fresh `npm pack`, once as an ES module and once as
// CommonJS, with `fetch` sent to the local platform gateways (which check signatures with
// their own code) and the credentials in the environment. A `// → text` comment is a line
// the example must print.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startGateways } from "../../gateways/server.mjs";
import { root } from "./helpers.mjs";
import { KITS } from "./kits.mjs";

const run = promisify(execFile);
const readme = readFileSync(join(root, "pkg", "README.md"), "utf8");

/** The ```js blocks (exactly that info string), with their line numbers. */
const blocks = [...readme.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => ({ code: m[1], line: readme.slice(0, m.index).split("\n").length }));

// Where each platform's own hosts (its kit) go: the gateway for it.
const SETUP = `
const HOSTS = ${JSON.stringify(Object.fromEntries(Object.entries(KITS).flatMap(([platform, kit]) => kit.hosts.map((host) => [host, platform]))))};
const gateways = JSON.parse(process.env.RN_GATEWAYS);
const networkFetch = globalThis.fetch;
globalThis.fetch = (url, init) => {
  const platform = HOSTS[new URL(String(url)).host];
  if (!platform) throw new Error("the README examples reach only the platforms, not " + url);
  return networkFetch(gateways[platform], init);
};
`;

const IMPORT = /^import \{([^}]+)\} from "refund-normalizer";$/gm;
const REQUIRE = /^const \{([^}]+)\} = require\("refund-normalizer"\);$/gm;

const asModule = (code) => code.replace(REQUIRE, 'import {$1} from "refund-normalizer";');
function asCommonJs(code) {
  const requires = [];
  const body = code.replace(IMPORT, (_, names) => {
    requires.push(`const {${names}} = require("refund-normalizer");`);
    return "";
  }).replace(REQUIRE, (line) => {
    requires.push(line);
    return "";
  });
  return `${requires.join("\n")}\n(async () => {\n${body}\n})().catch((e) => { console.error(e); process.exitCode = 1; });\n`;
}

let app;
let gateways;
let env;

before(async () => {
  app = mkdtempSync(join(tmpdir(), "rn-readme-"));
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", app], { cwd: join(root, "pkg"), encoding: "utf8" });
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "readme-app", private: true }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", join(app, packed.trim().split("\n").pop())], { cwd: app, stdio: "pipe" });
  writeFileSync(join(app, "setup.cjs"), SETUP);
  gateways = await startGateways({ count: 300 });
  const wdt = gateways.credentials.wangdiantong;
  env = { ...process.env, RN_GATEWAYS: JSON.stringify(gateways.endpoints), WDT_SID: wdt.sid, WDT_APP_KEY: wdt.appKey, WDT_APP_SECRET: wdt.appSecret };
});

after(async () => {
  await gateways?.close();
  if (app) rmSync(app, { recursive: true, force: true });
});

test("the README has runnable examples", () => {
  assert.ok(blocks.length >= 6, `${blocks.length} blocks`);
});

for (const [k, { code, line }] of blocks.entries()) {
  const printed = [...code.matchAll(/\/\/ → (.*)$/gm)].map((m) => m[1].trim());
  for (const [kind, file, source] of [
    ["ES module", `example-${k}.mjs`, asModule(code)],
    ["CommonJS", `example-${k}.cjs`, asCommonJs(code)],
  ]) {
    test(`pkg/README.md line ${line} runs as ${kind}`, { timeout: 60_000 }, async () => {
      writeFileSync(join(app, file), source);
      let result;
      try {
        result = await run(process.execPath, ["--require", "./setup.cjs", file], { cwd: app, env, timeout: 50_000 });
      } catch (e) {
        assert.fail(`exit ${e.code}\n${e.stdout}\n${e.stderr}\n--- ${file}\n${source}`);
      }
      for (const text of printed) assert.ok(result.stdout.includes(text), `prints ${text}:\n${result.stdout}`);
    });
  }
}
