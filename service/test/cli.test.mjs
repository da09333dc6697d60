// The commands end to end on the embedded database against the local gateways: init, shops,
// run, export, status; a failing shop; credentials never in the logs or the database.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { CLI, PLATFORMS, addShops, backfillDays, cli, exportLines, freshDb, gateways, ok, secretValues, shopNames, tempDir } from "./helpers.mjs";

test("init, shops, run --once, export, status on the embedded database", async (t) => {
  const gw = await gateways(t, { count: 150 });
  const db = join(tempDir(t), "db");
  assert.match((await ok(["init", "--db", db])).stdout, /migrated from version 0 to \d+/);
  assert.match((await ok(["init", "--db", db])).stdout, /nothing to do/);
  const env = await addShops(db, gw, shopNames(1).slice(1));
  await ok(["shops", "--db", db, "add", "shopex-1", "--platform", "shopex", "--since", "96d", "--endpoint", gw.endpoints.shopex]);
  env.REFUND_SYNC_CREDENTIALS_SHOPEX_1 = JSON.stringify(gw.credentials.shopex);
  const listed = (await ok(["shops", "--db", db, "list"])).stdout;
  for (const { shop } of shopNames(1)) assert.match(listed, new RegExp(shop));

  const run = await ok(["run", "--db", db, "--once", "--workers", "2", "--log", "json"], { env });
  const events = run.stdout.trim().split("\n").map((l) => JSON.parse(l));
  const summary = events.at(-1);
  assert.equal(summary.event, "summary");
  assert.deepEqual(summary.shops.map((s) => s.result), PLATFORMS.map(() => "ok"));

  const lines = await exportLines(db);
  const keys = lines.map((l) => {
    const r = JSON.parse(l);
    return `${r.shop}|${r.platform}|${r.id}`;
  });
  assert.equal(new Set(keys).size, keys.length, "no refund stored twice");
  assert.deepEqual(keys, [...keys].sort(), "export in key order");
  const stored = summary.shops.reduce((n, s) => n + s.inserted, 0);
  assert.equal(lines.length, stored);
  // Every platform's refunds (苏宁: those of the last 89 days) are there.
  for (const platform of PLATFORMS.filter((p) => backfillDays(p) === 96)) {
    assert.equal(lines.filter((l) => JSON.parse(l).platform === platform).length, 150, platform);
  }
  assert.equal((await exportLines(db, ["--platform", "mogujie"])).length, 150);
  assert.equal((await exportLines(db, ["--shop", "nuoyun-1"])).length, 150);

  const status = (await ok(["status", "--db", db, "--log", "json"])).stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(status.length, PLATFORMS.length);
  for (const s of status) {
    assert.equal(s.status, "ok", s.shop);
    assert.ok(s.cursor && s.lastSuccess, s.shop);
    assert.equal(s.lease, null);
  }
  assert.match((await ok(["status", "--db", db])).stdout, /cursor \(\+08:00\)/);
});

test("a shop that fails is marked failed with its error, the others go on, the exit code is 1", async (t) => {
  const gw = await gateways(t, { count: 60 });
  const dir = tempDir(t);
  const db = await freshDb(t);
  const env = await addShops(db, gw, shopNames(1));
  // A wrong secret: the gateway refuses the signature, which is not retryable.
  const wrong = { ...gw.credentials.wangdiantong, appSecret: "wrong-secret-value-1234" };
  env.REFUND_SYNC_CREDENTIALS_WANGDIANTONG_1 = JSON.stringify(wrong);
  // 诺云 reads its credentials from a secrets file named for the shop.
  delete env.REFUND_SYNC_CREDENTIALS_NUOYUN_1;
  writeFileSync(join(dir, "nuoyun-1.json"), JSON.stringify(gw.credentials.nuoyun));
  const run = await cli(["run", "--db", db, "--once", "--secrets-dir", dir], { env });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /wangdiantong-1\s+wangdiantong\s+failed/);
  assert.match(run.stdout, /nuoyun-1\s+nuoyun\s+ok/);
  const status = (await ok(["status", "--db", db, "--log", "json"])).stdout.trim().split("\n").map((l) => JSON.parse(l));
  const failed = status.find((s) => s.shop === "wangdiantong-1");
  assert.equal(failed.status, "failed");
  assert.match(failed.lastError, /platform_error/);
  assert.equal(status.filter((s) => s.status === "ok").length, PLATFORMS.length - 1);

  // No secret, right or wrong, in the output, the logs, or the database's files.
  const secrets = [...secretValues(gw), wrong.appSecret];
  const jsonRun = await cli(["run", "--db", db, "--once", "--secrets-dir", dir, "--log", "json"], { env });
  const texts = [run.stdout, run.stderr, jsonRun.stdout, jsonRun.stderr, (await ok(["status", "--db", db])).stdout, (await ok(["shops", "--db", db, "list"])).stdout];
  texts.push((await ok(["export", "--db", db])).stdout);
  for (const text of texts) for (const secret of secrets) assert.ok(!text.includes(secret), `a secret appeared in the output`);
  const files = (d) => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? files(join(d, f)) : [join(d, f)]));
  for (const file of files(db)) {
    const bytes = readFileSync(file);
    for (const secret of secrets) assert.equal(bytes.indexOf(secret), -1, `${secret.slice(0, 3)}… found in ${file}`);
  }
});

test("usage errors exit 2 and say what is wrong", async (t) => {
  const missing = join(tempDir(t), "db");
  const noInit = await cli(["status", "--db", missing]);
  assert.equal(noInit.code, 2);
  assert.match(noInit.stderr, /no database at .*: run refund-sync init/);
  assert.ok(!existsSync(missing), "a command other than init creates no database");
  const db = await freshDb(t);
  const bad = await cli(["shops", "--db", db, "add", "x", "--platform", "jingdong"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /platform must be one of/);
  const source = await cli(["shops", "--db", db, "add", "x", "--platform", "shopex", "--credentials", "plain-secret"]);
  assert.equal(source.code, 2);
  assert.match(source.stderr, /env:NAME or file:PATH/);
});

test("examples/sync-backend.mjs, the library example, syncs every platform's shop", () => {
  const example = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "examples", "sync-backend.mjs");
  const run = spawnSync(process.execPath, [example], { encoding: "utf8", timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  const total = Number(/total\s+0 failed\s+(\d+)/.exec(run.stdout)?.[1]);
  assert.ok(total > 1400, run.stdout);
  assert.match(run.stdout, new RegExp(`\\n${total} refunds stored`));
});

test("run without --once syncs each shop again every interval and stops cleanly on SIGTERM", async (t) => {
  const gw = await gateways(t, { count: 40 });
  const db = await freshDb(t);
  const env = await addShops(db, gw, shopNames(1).filter((s) => s.platform === "wangdiantong" || s.platform === "nuoyun"));
  const child = spawn(process.execPath, [CLI, "run", "--db", db, "--every-minutes", "0.03", "--log", "json"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const finished = new Map();
  const events = [];
  let stopping = false;
  createInterface({ input: child.stdout }).on("line", (line) => {
    const e = JSON.parse(line);
    events.push(e);
    if (e.event === "finished") finished.set(e.shop, (finished.get(e.shop) ?? 0) + 1);
    // Each shop synced twice: stop, with one SIGTERM (a second one means "quit now", and one
    // that lands while the process is already exiting kills it by the signal).
    if (!stopping && finished.size === 2 && [...finished.values()].every((n) => n >= 2)) {
      stopping = true;
      child.kill("SIGTERM");
    }
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const [code, signal] = await new Promise((resolve) => child.on("close", (...end) => resolve(end)));
  assert.equal(code, 0, `exit ${code}, signal ${signal}: ${stderr}`);
  assert.equal(events.at(-1).event, "summary");
  const status = (await ok(["status", "--db", db, "--log", "json"])).stdout.trim().split("\n").map((l) => JSON.parse(l));
  for (const s of status) {
    assert.equal(s.lease, null, `${s.shop}: lease released`);
    assert.equal(s.status, "ok");
  }
});
