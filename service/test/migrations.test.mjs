// Durability across versions: a database made at schema version 1, holding shops, refunds and
// a sync in progress, is migrated by `init` without losing a row; a refund column added to
// REFUND_COLUMNS since is added and filled from the stored records; the sync then resumes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { RefundSync } from "refund-normalizer";
import { REFUND_COLUMNS, refundRow } from "../src/columns.mjs";
import { openDatabase } from "../src/db.mjs";
import { migrate, SCHEMA_VERSION } from "../src/schema.mjs";
import { DAY_MS, addShops, cli, exportLines, freshDb, gateways, ok, tempDir } from "./helpers.mjs";

test("init migrates a version-1 database without losing rows, then the sync in progress resumes", async (t) => {
  const gw = await gateways(t, { count: 300 });
  const dir = join(tempDir(t), "db");
  const since = Date.now() - 96 * DAY_MS;
  const until = Date.now();

  // Version 1, as an older refund-sync left it: a sync of 旺店通 stopped part way, and
  // a refunds table from before `refunded_at` was one of the stored columns.
  const old = await openDatabase(dir);
  await migrate(old, { to: 1 });
  await old.query("ALTER TABLE refunds DROP COLUMN refunded_at");
  const sync = new RefundSync("wangdiantong", { since, until, pageSize: 40 });
  const kept = [];
  for (let i = 0; i < 30 && kept.length < 60; i += 1) {
    const request = sync.next(gw.credentials.wangdiantong, { endpoint: gw.endpoints.wangdiantong });
    const response = await fetch(request.url, request);
    kept.push(...sync.accept(new Uint8Array(await response.arrayBuffer()), { httpStatus: response.status }).refunds);
  }
  assert.ok(kept.length >= 60 && !sync.done, `${kept.length} refunds kept, the sync not done`);
  const columns = REFUND_COLUMNS.filter((c) => c.name !== "refunded_at");
  for (const refund of kept) {
    const row = refundRow(refund, "wdt-1").filter((_, i) => REFUND_COLUMNS[i].name !== "refunded_at");
    await old.query(`INSERT INTO refunds (${columns.map((c) => c.name).join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`, row);
  }
  await old.query(
    `INSERT INTO shops (shop, platform, endpoint, since, sync_state, sync_until_ms, status, requests)
     VALUES ('wdt-1', 'wangdiantong', $1, $2, $3, $4, 'paused', 3)`,
    [gw.endpoints.wangdiantong, String(since), JSON.stringify(sync.toJSON()), until],
  );
  await old.close();

  const env = { REFUND_SYNC_CREDENTIALS_WDT_1: JSON.stringify(gw.credentials.wangdiantong) };
  const refused = await cli(["run", "--once", "--db", dir], { env });
  assert.equal(refused.code, 2, "run refuses a database at an older version");
  assert.match(refused.stderr, /schema version 1.*refund-sync init/);

  const init = await ok(["init", "--db", dir]);
  assert.match(init.stdout, new RegExp(`migrated from version 1 to ${SCHEMA_VERSION}; added refund columns refunded_at`));

  const db = await openDatabase(dir);
  try {
    const versions = (await db.query("SELECT version FROM schema_version ORDER BY version")).rows.map((r) => r.version);
    assert.deepEqual(versions, Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
    const rows = (await db.query("SELECT id, refunded_at, refund::text AS refund FROM refunds ORDER BY id")).rows;
    assert.equal(rows.length, kept.length, "no refund lost");
    for (const row of rows) {
      const refundedAt = JSON.parse(row.refund).refundedAt;
      assert.equal(row.refunded_at === null ? null : row.refunded_at.getTime(), refundedAt === null ? null : Date.parse(refundedAt), row.id);
    }
    assert.ok(rows.some((r) => r.refunded_at !== null), "some refunded_at filled");
    const shop = (await db.query("SELECT status, requests::int AS requests, sync_state IS NOT NULL AS in_progress, lookback_ms FROM shops")).rows[0];
    assert.deepEqual(shop, { status: "paused", requests: 3, in_progress: true, lookback_ms: null });
  } finally {
    await db.close();
  }
  assert.match((await ok(["init", "--db", dir])).stdout, /nothing to do/);

  // The sync in progress resumes from its stored state and ends with every refund.
  const run = await ok(["run", "--once", "--db", dir, "--log", "json"], { env });
  assert.equal(JSON.parse(run.stdout.trim().split("\n").find((l) => JSON.parse(l).event === "claimed")).resumed, true);
  assert.equal((await exportLines(dir)).length, 300);
});

test("init refuses a database newer than this refund-sync", async (t) => {
  const dir = join(tempDir(t), "db");
  const db = await openDatabase(dir);
  await migrate(db);
  await db.query("INSERT INTO schema_version (version) VALUES ($1)", [SCHEMA_VERSION + 1]);
  await db.close();
  const result = await cli(["init", "--db", dir]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /newer than this refund-sync/);
});

test("a stored sync state this version cannot read is discarded and the shop syncs again from its cursor", async (t) => {
  const gw = await gateways(t, { count: 50 });
  const dir = await freshDb(t);
  const env = await addShops(dir, gw, [{ shop: "nuoyun-1", platform: "nuoyun" }]);
  const db = await openDatabase(dir);
  await db.query(`UPDATE shops SET sync_state = '{"version": 999, "platform": "nuoyun"}', sync_until_ms = 1 WHERE shop = 'nuoyun-1'`);
  await db.close();
  const run = await ok(["run", "--once", "--db", dir, "--log", "json"], { env });
  const events = run.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.ok(events.some((e) => e.event === "state_discarded" && e.shop === "nuoyun-1"));
  assert.equal(events.find((e) => e.event === "claimed").resumed, false);
  assert.equal((await exportLines(dir)).length, 50);
});
