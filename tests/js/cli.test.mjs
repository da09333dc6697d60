// The command line as a user meets it: `npx refund-normalizer …` in a scratch app that
// installed a fresh `npm pack`: output, stderr summaries, exit codes (0 done, 1 data
// problems, 2 usage), --help, and credentials from the environment never printed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixture, PLATFORMS, root } from "./helpers.mjs";

let app;
let bin;

before(() => {
  app = mkdtempSync(join(tmpdir(), "rn-cli-"));
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", app], { cwd: join(root, "pkg"), encoding: "utf8" });
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "cli-app", private: true }));
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--offline", join(app, packed.trim().split("\n").pop())], { cwd: app, stdio: "pipe" });
  bin = join(app, "node_modules", ".bin", "refund-normalizer");
  writeFileSync(join(app, "wdt.json"), fixture("wangdiantong", "doc_response.json"));
  writeFileSync(join(app, "wdt-error.json"), fixture("wangdiantong", "doc_error.json"));
  writeFileSync(join(app, "mgj-wrong.json"), fixture("mogujie", "wrong_types.json"));
  writeFileSync(join(app, "good-query.json"), JSON.stringify({ pageSize: 50 }));
  writeFileSync(join(app, "bad-query.json"), JSON.stringify({ pageSize: 500, status: "nope" }));
});

after(() => {
  if (app) rmSync(app, { recursive: true, force: true });
});

function cli(args, { env = {}, input } = {}) {
  const r = spawnSync(bin, args, { cwd: app, encoding: "utf8", env: { ...process.env, ...env }, input, timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("npx runs the installed command; --help and no arguments", () => {
  const npx = spawnSync("npx", ["--no-install", "refund-normalizer", "--help"], { cwd: app, encoding: "utf8", timeout: 60_000 });
  assert.equal(npx.status, 0, npx.stderr);
  assert.match(npx.stdout, /^Usage:/m);
  for (const command of ["parse", "validate", "plan", "sign", "platforms"]) assert.match(npx.stdout, new RegExp(`refund-normalizer ${command}`));
  assert.match(cli(["parse", "--help"]).out, /Usage:/);
  const bare = cli([]);
  assert.equal(bare.code, 2);
  assert.match(bare.err, /Usage:/);
  assert.match(cli(["--version"]).out, /^\d+\.\d+\.\d+\n$/);
});

test("parse: NDJSON of unified refunds on stdout, the summary on stderr, exit 0", () => {
  const r = cli(["parse", "wangdiantong", "wdt.json", "--query", "good-query.json"]);
  assert.equal(r.code, 0, r.err);
  const refunds = r.out.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(refunds.length, 3);
  assert.equal(refunds[2].id, "wjwceshi07310012");
  assert.equal(refunds[2].requestedAmount, "100.00");
  assert.match(r.err, /^3 refunds, 0 rejected, /);
  assert.match(r.err, /"pageSize":50/);
  // From stdin, the same.
  const piped = cli(["parse", "wangdiantong", "-"], { input: fixture("wangdiantong", "doc_response.json") });
  assert.equal(piped.out, cli(["parse", "wangdiantong", "wdt.json"]).out);
});

test("parse: rejected records are listed with their path, exit 1", () => {
  const r = cli(["parse", "mogujie", "mgj-wrong.json"]);
  assert.equal(r.code, 1);
  assert.equal(r.out.trim().split("\n").length, 1);
  assert.match(r.err, /1 refunds, 16 rejected/);
  assert.match(r.err, /rejected #5 \(3002\) at result\.data\.refundFullDTOList\[5\]\.expense: invalid_money/);
});

test("parse: an error answer gives the code and both messages, exit 1", () => {
  const r = cli(["parse", "wangdiantong", "wdt-error.json"]);
  assert.equal(r.code, 1);
  assert.equal(r.out, "");
  assert.match(r.err, /^platform_error: /);
  assert.match(r.err, /平台错误/);
});

test("validate: the validation on stdout; exit 0 when ok, 1 with issues", () => {
  const ok = cli(["validate", "wangdiantong", "good-query.json"]);
  assert.equal(ok.code, 0);
  assert.equal(JSON.parse(ok.out).ok, true);
  const bad = cli(["validate", "wangdiantong", "bad-query.json"]);
  assert.equal(bad.code, 1);
  const result = JSON.parse(bad.out);
  assert.equal(result.ok, false);
  assert.ok(result.issues.some((i) => i.field === "pageSize" && i.code === "out_of_range"));
  assert.match(bad.err, /pageSize: out_of_range: .* \/ pageSize 必须在 1 到 100 之间/);
});

test("plan: one window a line; a range the platform refuses is exit 1", () => {
  const r = cli(["plan", "wangdiantong", "2024-06-01 00:00:00", "2024-08-15 00:00:00"]);
  assert.equal(r.code, 0, r.err);
  const windows = r.out.trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(windows[0], { since: "2024-06-01T00:00:00+08:00", until: "2024-07-01T00:00:00+08:00" });
  assert.equal(windows.at(-1).until, "2024-08-15T00:00:00+08:00");
  assert.match(r.err, new RegExp(`^${windows.length} windows`));
  assert.equal(cli(["plan", "wangdiantong", "2024-08-15 00:00:00", "2024-06-01 00:00:00"]).code, 1);
});

test("sign: credentials from REFUND_CREDENTIALS, masked unless --reveal; never echoed on errors", () => {
  const credentials = { appKey: "100001", appSecret: "cli-secret-9f1", accessToken: "cli*token%7" };
  const env = { REFUND_CREDENTIALS: JSON.stringify(credentials) };
  writeFileSync(join(app, "range.json"), JSON.stringify({ since: "2024-06-10 00:00:00", until: "2024-06-10 12:00:00" }));
  const args = ["sign", "mogujie", "--query", "range.json", "--now", "1718812800000"];
  const masked = cli(args, { env });
  assert.equal(masked.code, 0, masked.err);
  const request = JSON.parse(masked.out);
  assert.equal(request.url, "https://openapi.mogujie.com/invoke");
  assert.match(request.body, /(^|&)access_token=\[REDACTED\]&/);
  assert.ok(!masked.out.includes("cli") && !masked.err.includes("cli"), "no credential printed");
  const revealed = JSON.parse(cli([...args, "--reveal"], { env }).out);
  assert.match(revealed.body, /access_token=cli%2Atoken%257&/);
  assert.match(revealed.body, /&sign=[0-9A-F]{32}$/);
  // Options and the endpoint.
  const wrapped = JSON.parse(cli([...args, "--option", "paramsWrapper=Params", "--endpoint", "http://127.0.0.1:9/invoke"], { env }).out);
  assert.equal(wrapped.url, "http://127.0.0.1:9/invoke");
  assert.match(wrapped.body, /(^|&)Params=/);
  // Wrong credentials: exit 1, the field named, no value shown.
  const wrong = cli(args, { env: { REFUND_CREDENTIALS: JSON.stringify({ sid: "cli-secret-9f1" }) } });
  assert.equal(wrong.code, 1);
  assert.match(wrong.err, /invalid_credentials/);
  assert.ok(!wrong.err.includes("cli-secret"));
  // No credentials, or not JSON: usage, exit 2, the text not echoed.
  assert.equal(cli(args, { env: { REFUND_CREDENTIALS: "" } }).code, 2);
  const notJson = cli(args, { env: { REFUND_CREDENTIALS: "cli-secret-9f1" } });
  assert.equal(notJson.code, 2);
  assert.ok(!notJson.err.includes("cli-secret"));
});

test("usage errors are exit 2 with a hint", () => {
  for (const args of [["bogus"], ["parse"], ["parse", "no-such-platform", "wdt.json"], ["parse", "wangdiantong"], ["parse", "wangdiantong", "missing.json"], ["parse", "wangdiantong", "wdt.json", "--total", "x"], ["plan", "suning", "2024-06-01"], ["validate", "suning", "wdt.json", "extra"], ["parse", "wangdiantong", "wdt.json", "--nope"]]) {
    const r = cli(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.err}`);
    assert.match(r.err, /refund-normalizer/);
    assert.equal(r.out, "");
  }
});

test("the platforms list names each platform's credential fields", () => {
  const r = cli(["platforms"]);
  assert.equal(r.code, 0);
  assert.match(r.out, /^wangdiantong\t旺店通 \/ .*\tcredentials \{ sid: string, appKey: string, appSecret: string \(secret\), sandbox\?: boolean \}$/m);
  assert.match(r.out, /^taobao\t淘宝\/天猫 \/ .*\tcredentials \{ appKey: string, appSecret: string \(secret\), session: string \(secret\), signMethod\?: "md5" \| "hmac" \| "hmac-sha256", sandbox\?: boolean \}$/m);
  assert.deepEqual(r.out.trim().split("\n").map((line) => line.split("\t")[0]), PLATFORMS);
});
