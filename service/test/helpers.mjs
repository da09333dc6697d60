// Shared by the service tests: the CLI as a child process, local gateways in the test
// process (they outlive every CLI process a test starts and kills), shops pointed at them.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { platforms } from "refund-normalizer";
import { startGateways } from "../../gateways/server.mjs";
import { envName } from "../src/credentials.mjs";
import { openDatabase } from "../src/db.mjs";
import { addShop } from "../src/store.mjs";

export const CLI = join(dirname(fileURLToPath(import.meta.url)), "..", "cli.mjs");
/** Every platform of the registry. */
export const PLATFORMS = platforms().map((p) => p.id);

/** How far back a test shop starts: 96 days, or a day inside a shorter look-back (苏宁: 89). */
export function backfillDays(platform) {
  const lookback = platforms().find((p) => p.id === platform)?.maxLookbackSeconds;
  return lookback ? Math.min(96, Math.floor(lookback / 86_400) - 1) : 96;
}
export const DAY_MS = 86_400_000;

/** A temporary directory removed when the test ends. */
export function tempDir(t, prefix = "refund-sync-") {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs the CLI to its end: { code, signal, stdout, stderr }. */
export function cli(args, { env = {}, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    // Decoded as a stream: a character split between two chunks stays whole.
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Like cli(), but fails the test unless the exit code is 0. */
export async function ok(args, options) {
  const result = await cli(args, options);
  if (result.code !== 0) throw new Error(`refund-sync ${args.join(" ")} exited ${result.code ?? result.signal}\n${result.stderr}\n${result.stdout}`);
  return result;
}

let template = null;

/**
 * A new embedded database at the current schema, in a temporary directory. The first one of a
 * test file is made by `init`; the others are copies of it (a closed PGlite directory is a
 * plain Postgres data directory), which spares each test PGlite's initdb.
 */
export async function freshDb(t) {
  template ??= (async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "refund-sync-template-")), "db");
    await ok(["init", "--db", dir]);
    process.on("exit", () => rmSync(dirname(dir), { recursive: true, force: true }));
    return dir;
  })();
  const db = join(tempDir(t), "db");
  cpSync(await template, db, { recursive: true });
  return db;
}

/** Gateways on loopback with `count` refunds per platform over 95 days; closed when the test ends. */
export async function gateways(t, { count = 200, seed = 20261207 } = {}) {
  const gw = await startGateways({ count, seed });
  t.after(() => gw.close());
  return gw;
}

/** Shop names: `perPlatform` per platform, e.g. wangdiantong-1. */
export const shopNames = (perPlatform) => PLATFORMS.flatMap((p) => Array.from({ length: perPlatform }, (_, i) => ({ shop: `${p}-${i + 1}`, platform: p })));

/**
 * Adds the shops to the database with the gateway's endpoints; returns the environment that
 * carries their credentials (REFUND_SYNC_CREDENTIALS_<SHOP>). Since: 96 days back, before the
 * gateways' first record (苏宁 serves 90 days: 89).
 */
export async function addShops(db, gw, shops, { lookbackMs = {} } = {}) {
  const env = {};
  const now = Date.now();
  // In this process: one database open for all the shops (cli.test.mjs runs `shops add` itself).
  const handle = await openDatabase(db);
  try {
    for (const { shop, platform } of shops) {
      const since = String(now - backfillDays(platform) * DAY_MS);
      await addShop(handle, { shop, platform, endpoint: gw.endpoints[platform], since, lookbackMs: lookbackMs[platform] ?? null });
      env[envName(shop)] = JSON.stringify(gw.credentials[platform]);
    }
  } finally {
    await handle.close();
  }
  return env;
}

/** The export as lines, asserting it is sorted by key with no key twice. */
export async function exportLines(db, extra = []) {
  const { stdout } = await ok(["export", "--db", db, ...extra]);
  return stdout.split("\n").filter(Boolean);
}

/** Every secret value the gateways' credentials hold (for scans of logs and dumps). */
export function secretValues(gw) {
  const values = [];
  const walk = (v) => {
    if (v && typeof v === "object") Object.values(v).forEach(walk);
    else if (typeof v === "string") values.push(v);
  };
  // Each credential platforms() marks secret, on every platform.
  for (const info of platforms()) for (const field of info.credentials) if (field.secret) walk(gw.credentials[info.id]?.[field.name]);
  return [...new Set(values)];
}
