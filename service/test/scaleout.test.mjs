// Scale-out on a real Postgres server: three worker processes share 30 shops; one is killed
// with SIGKILL mid-run. The export equals an uninterrupted run's, and the lease history in the
// database shows that no shop was held by two workers at once, that the killed worker's shop
// was finished by another, and that the platform limits (蘑菇街: one shop at a time; 诺云: 400 ms
// between requests) held across the processes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { openDatabase } from "../src/db.mjs";
import { CLI, addShops, exportLines, gateways, ok, shopNames } from "./helpers.mjs";
import { startPostgres } from "./postgres.mjs";

const SHOPS = shopNames(6);
const NUOYUN_INTERVAL_MS = 400;

/**
 * Three `run` processes on `db`. Once they have committed `killAfterPages` pages between them,
 * the first that commits a page not ending its shop's sync is SIGKILLed: it dies holding a shop
 * mid-sync. Resolves each process's { code, signal, stderr }.
 */
function threeWorkers(db, env, { killAfterPages }) {
  let pages = 0;
  let killed = false;
  return Promise.all(
    [0, 1, 2].map(() => {
      const child = spawn(process.execPath, [CLI, "run", "--once", "--db", db, "--workers", "2", "--lease-seconds", "2", "--log", "json"], {
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      createInterface({ input: child.stdout }).on("line", (line) => {
        const event = JSON.parse(line);
        if (event.event !== "page") return;
        pages += 1;
        if (!killed && pages >= killAfterPages && !event.done && child.exitCode === null) {
          killed = true;
          child.kill("SIGKILL");
        }
      });
      child.stderr.on("data", (d) => (stderr += d));
      return new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stderr })));
    }),
  );
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
  await ok(["shops", "--db", scaled, "limit", "nuoyun", "--interval-ms", String(NUOYUN_INTERVAL_MS)]);

  await ok(["run", "--once", "--db", reference, "--workers", "3"], { env });
  const expected = await exportLines(reference);
  assert.ok(expected.length > 2000, `${expected.length} refunds`);

  // When each 诺云 request of the scaled run reaches its gateway (the log's clock has seconds only).
  const nuoyunArrivals = [];
  const nuoyun = gw.simulators.nuoyun;
  const handle = nuoyun.handle;
  nuoyun.handle = (request) => (nuoyunArrivals.push(performance.now()), handle(request));
  const results = await threeWorkers(scaled, env, { killAfterPages: 6 });
  assert.equal(results.filter((r) => r.signal === "SIGKILL").length, 1, "one worker process was killed mid-run");
  for (const r of results.filter((x) => x.signal !== "SIGKILL")) assert.equal(r.code, 0, r.stderr);

  nuoyun.handle = handle;
  // 诺云's spacing, kept by the three processes together: its N requests span at least N − 2
  // intervals (one interval of slack for a sleep that ran late). Unspaced, its six shops' first
  // requests arrive together.
  assert.ok(nuoyunArrivals.length >= 6);
  const span = nuoyunArrivals.at(-1) - nuoyunArrivals[0];
  assert.ok(span >= (nuoyunArrivals.length - 2) * NUOYUN_INTERVAL_MS, `${nuoyunArrivals.length} 诺云 requests in ${Math.round(span)} ms`);

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
    // The killed worker's leases were never released. Each of those shops was either done under
    // that lease (killed between its last commit and the release) or finished later by another.
    const dead = await db.query(
      `SELECT a.shop, a.outcome, (SELECT count(*)::int FROM lease_history b WHERE b.shop = a.shop AND b.claimed_at > a.expires_at AND b.outcome = 'ok') AS resumed
       FROM lease_history a WHERE a.released_at IS NULL`,
    );
    assert.ok(dead.rows.some((r) => r.outcome === null), "the killed worker held a shop mid-sync");
    for (const row of dead.rows) assert.ok(row.outcome === "done" || row.resumed >= 1, `${row.shop} was finished by another worker`);
    const mogujieAtOnce = await db.query(
      `SELECT a.shop, b.shop AS other FROM lease_history a JOIN lease_history b
         ON a.shop <> b.shop AND a.claimed_at <= b.claimed_at AND b.claimed_at < coalesce(a.released_at, a.expires_at)
       WHERE a.shop LIKE 'mogujie-%' AND b.shop LIKE 'mogujie-%'`,
    );
    assert.deepEqual(mogujieAtOnce.rows, [], "two 蘑菇街 shops synced at once despite its limit of one");
    // Every shop done; a lease left by the killed worker on a shop it had finished has expired.
    const shops = await db.query("SELECT count(*)::int AS n FROM shops WHERE status = 'ok' AND sync_state IS NULL AND (lease_owner IS NULL OR lease_expires < clock_timestamp())");
    assert.equal(shops.rows[0].n, SHOPS.length);
  } finally {
    await db.close();
  }
});

test("the Postgres server crashes mid-run and comes back: the workers wait, resume, and store the same refunds", async (t) => {
  const gw = await gateways(t, { count: 150 });
  const pg = await startPostgres(t);
  const reference = pg.createDatabase("reference");
  const crashed = pg.createDatabase("crashed");
  let env;
  for (const db of [reference, crashed]) {
    await ok(["init", "--db", db]);
    env = await addShops(db, gw, shopNames(1));
  }
  await ok(["run", "--once", "--db", reference], { env });
  const expected = await exportLines(reference);

  const child = spawn(process.execPath, [CLI, "run", "--once", "--db", crashed, "--workers", "2", "--lease-seconds", "2", "--log", "json"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const events = [];
  let restarted = null;
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  createInterface({ input: child.stdout }).on("line", (line) => {
    const e = JSON.parse(line);
    events.push(e);
    if (e.event === "page" && !restarted && events.filter((x) => x.event === "page").length === 3) {
      pg.crash();
      restarted = new Promise((resolve) => setTimeout(() => resolve(pg.restart()), 2000));
    }
  });
  const code = await new Promise((resolve) => child.on("close", resolve));
  await restarted;
  assert.ok(restarted, "the server was crashed");
  assert.equal(code, 0, `${stderr}\n${events.filter((e) => e.event === "failed").map((e) => e.error).join("; ")}`);
  assert.ok(events.some((e) => e.event === "database_error"), "the workers saw the database go");
  assert.deepEqual(await exportLines(crashed), expected);
});
