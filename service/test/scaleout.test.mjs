// Scale-out on a real Postgres server: three worker processes share 30 shops; one is killed
// with SIGKILL mid-run. The export equals an uninterrupted run's, and the lease history in the
// database shows that no shop was held by two workers at once, that the killed worker's shop
// was finished by another, and that the platform limit (蘑菇街: one shop at a time) held.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { openDatabase } from "../src/db.mjs";
import { CLI, addShops, exportLines, gateways, ok, shopNames } from "./helpers.mjs";
import { startPostgres } from "./postgres.mjs";

const SHOPS = shopNames(6);

/** A `run` process; `killAfterPages` SIGKILLs it once it has committed that many pages. */
function worker(db, env, { killAfterPages = Infinity } = {}) {
  const child = spawn(process.execPath, [CLI, "run", "--once", "--db", db, "--workers", "2", "--lease-seconds", "2", "--log", "json"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let pages = 0;
  let stderr = "";
  createInterface({ input: child.stdout }).on("line", (line) => {
    if (JSON.parse(line).event === "page" && (pages += 1) === killAfterPages) child.kill("SIGKILL");
  });
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, pages, stderr })));
}

test("three workers on 30 shops, one killed mid-run: the same export, no shop held twice at once", async (t) => {
  const gw = await gateways(t, { count: 80 });
  const pg = await startPostgres(t);
  const reference = pg.createDatabase("reference");
  const scaled = pg.createDatabase("scaled");
  let env;
  for (const db of [reference, scaled]) {
    await ok(["init", "--db", db]);
    env = await addShops(db, gw, SHOPS);
  }
  await ok(["shops", "--db", scaled, "limit", "mogujie", "--concurrency", "1"]);
  await ok(["shops", "--db", scaled, "limit", "wangdiantong", "--concurrency", "2", "--interval-ms", "5"]);

  await ok(["run", "--once", "--db", reference, "--workers", "3"], { env });
  const expected = await exportLines(reference);
  assert.ok(expected.length > 2000, `${expected.length} refunds`);

  const results = await Promise.all([worker(scaled, env, { killAfterPages: 6 }), worker(scaled, env), worker(scaled, env)]);
  assert.equal(results[0].signal, "SIGKILL", "the first worker was killed mid-run");
  for (const r of results.slice(1)) assert.equal(r.code, 0, r.stderr);

  const actual = await exportLines(scaled);
  assert.equal(actual.length, expected.length);
  assert.deepEqual(actual, expected);

  const db = await openDatabase(scaled);
  try {
    const overlapping = await db.query(
      `SELECT a.shop, a.worker AS first, b.worker AS second FROM lease_history a
       JOIN lease_history b ON a.shop = b.shop AND a.lease_token < b.lease_token
       WHERE b.claimed_at < coalesce(a.released_at, a.expires_at)`,
    );
    assert.deepEqual(overlapping.rows, [], "a shop held by two workers at once");
    const workers = await db.query("SELECT DISTINCT split_part(worker, ':', 2) AS pid FROM lease_history");
    assert.equal(workers.rows.length, 3, "all three processes claimed shops");
    // The killed worker's leases were never released; each of those shops was finished later by another.
    const dead = await db.query(
      `SELECT a.shop, (SELECT count(*)::int FROM lease_history b WHERE b.shop = a.shop AND b.claimed_at > a.expires_at AND b.outcome = 'ok') AS resumed
       FROM lease_history a WHERE a.released_at IS NULL`,
    );
    assert.ok(dead.rows.length >= 1, "the killed worker held a shop");
    for (const row of dead.rows) assert.ok(row.resumed >= 1, `${row.shop} was finished by another worker`);
    const mogujieAtOnce = await db.query(
      `SELECT a.shop, b.shop AS other FROM lease_history a JOIN lease_history b
         ON a.shop <> b.shop AND a.claimed_at <= b.claimed_at AND b.claimed_at < coalesce(a.released_at, a.expires_at)
       WHERE a.shop LIKE 'mogujie-%' AND b.shop LIKE 'mogujie-%'`,
    );
    assert.deepEqual(mogujieAtOnce.rows, [], "two 蘑菇街 shops synced at once despite its limit of one");
    const shops = await db.query("SELECT count(*)::int AS n FROM shops WHERE status = 'ok' AND lease_owner IS NULL AND sync_state IS NULL");
    assert.equal(shops.rows[0].n, SHOPS.length);
  } finally {
    await db.close();
  }
});
