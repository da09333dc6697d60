// The Worker's sync (issue 26), in workerd via Miniflare with a local D1 database and the
// Workflow, against the local gateways: one Workflow instance per shop, each page a durable
// step, refunds upserted in D1 (newer updatedAt wins), cursors in D1, nothing stored twice.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { RefundSync, platforms } from "refund-normalizer";
import { KITS } from "./kits.mjs";
import { startGateways } from "../../gateways/server.mjs";
import { REFUND_COLUMNS, refundRow } from "../../service/src/columns.mjs";
import { INITIAL_MIGRATION, initialMigration } from "../../examples/worker/scripts/migrations.mjs";
import { UPSERT_REFUND } from "../../examples/worker/src/store.js";
import { AUTH, API_TOKEN, bundle, migrate, worker, workerDir } from "./worker-harness.mjs";

const DAY = 86400;
const BACKFILL_DAYS = 30;
let built;
let gateways;

before(async () => {
  built = bundle();
  gateways = await startGateways({ port: 0, count: 600, seed: 26 });
});

after(async () => {
  await gateways?.close();
  built?.remove();
});

/** SHOP_CREDENTIALS for `shops` ({ shop: platform }), with the gateways' demo credentials. */
const shopCredentials = (shops) =>
  JSON.stringify(Object.fromEntries(Object.entries(shops).map(([shop, platform]) => [shop, { platform, credentials: gateways.credentials[platform] }])));

/** A Worker syncing `shops` against the gateways, with its D1 migrated. */
async function syncWorker(shops, bindings = {}) {
  const vars = { SHOP_CREDENTIALS: shopCredentials(shops), SYNC_BACKFILL_DAYS: String(BACKFILL_DAYS), SYNC_RETRY_DELAY_MS: "300", ...bindings };
  for (const platform of new Set(Object.values(shops))) vars[`ENDPOINT_${platform.toUpperCase()}`] = gateways.endpoints[platform];
  const mf = worker(built.dir, vars);
  const db = await migrate(mf);
  return { mf, db };
}

const get = async (mf, path) => {
  const res = await mf.dispatchFetch(`http://worker${path}`, { headers: AUTH });
  return { status: res.status, body: await res.json() };
};
const post = async (mf, path) => {
  const res = await mf.dispatchFetch(`http://worker${path}`, { method: "POST", headers: AUTH });
  return { status: res.status, body: await res.json() };
};
const cron = async (mf) => (await mf.getWorker()).scheduled({ cron: "*/5 * * * *" });

/** Waits until no shop of `shops` has a running instance; → their status answers. */
async function settled(mf, shops, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const statuses = {};
    for (const shop of shops) statuses[shop] = (await get(mf, `/shops/${shop}/sync`)).body;
    if (Object.values(statuses).every((s) => !s.running)) return statuses;
    assert.ok(Date.now() < deadline, `the syncs finished in time: ${JSON.stringify(statuses)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}


/**
 * Compares the stored ids of a shop with the gateway's records in the range [since, until]
 * (epoch ms) on the platform's time field; records within 2 s of an end are left out of both
 * sides (the package rounds range ends to seconds).
 */
async function assertStoredTruth(db, shop, platform, sinceMs, untilMs) {
  // The time the platform's range filters on, and whether it includes its end (its kit).
  const [field, closed] = KITS[platform].filtersOn;
  const since = sinceMs / 1000;
  const until = untilMs / 1000;
  const nearEnd = (t) => Math.abs(t - since) <= 2 || Math.abs(t - until) <= 2;
  const records = gateways.simulators[platform].records();
  const byId = new Map(records.map((r) => [r.id, r]));
  const expected = records.filter((r) => r[field] >= since && (closed ? r[field] <= until : r[field] < until) && !nearEnd(r[field])).map((r) => r.id);
  const rows = (await db.prepare("SELECT id, refund FROM refunds WHERE shop = ?").bind(shop).all()).results;
  const stored = rows.map((r) => r.id).filter((id) => !byId.has(id) || !nearEnd(byId.get(id)[field]));
  assert.ok(expected.length > 0, `${shop}: the range holds refunds`);
  assert.deepEqual([...stored].sort(), [...expected].sort(), `${shop}: D1 holds exactly the gateway's refunds`);
  for (const row of rows) {
    const refund = JSON.parse(row.refund);
    assert.equal(refund.platform, platform);
    assert.equal(refund.platformStatus.code, KITS[platform].gatewayTruth.expect(byId.get(row.id)).platformStatus, `${shop} ${row.id}: the latest status`);
  }
  return rows.length;
}

/** The [since, until] of a shop's first sync, from its D1 row (until = synced_until). */
async function firstRange(db, shop) {
  const row = await db.prepare("SELECT synced_until FROM shops WHERE shop = ?").bind(shop).first();
  assert.ok(row?.synced_until, `${shop} finished a range`);
  return [row.synced_until - BACKFILL_DAYS * DAY * 1000, row.synced_until];
}

/** Every secret text of the gateways' credentials. */
/** Every secret text of the gateways' credentials: each field platforms() marks secret. */
const SECRETS = () => {
  const texts = [API_TOKEN];
  const collect = (v) => (typeof v === "string" ? texts.push(v) : v && typeof v === "object" && Object.values(v).forEach(collect));
  for (const info of platforms()) for (const field of info.credentials) if (field.secret) collect(gateways.credentials[info.id][field.name]);
  return texts;
};

test("sync: the committed migration is what scripts/migrations.mjs writes, and gives exactly REFUND_COLUMNS", async () => {
  assert.equal(readFileSync(join(workerDir, "migrations", INITIAL_MIGRATION), "utf8"), initialMigration(), "run: node examples/worker/scripts/migrations.mjs --write");
  const mf = worker(built.dir);
  try {
    const db = await migrate(mf);
    const columns = (await db.prepare("PRAGMA table_info(refunds)").all()).results;
    assert.deepEqual(
      columns.map((c) => [c.name, c.type, c.notnull === 1, c.pk > 0]),
      REFUND_COLUMNS.map((c) => [c.name, c.d1.split(" ")[0], / NOT NULL/.test(c.d1), Boolean(c.key)]),
    );
  } finally {
    await mf.dispose();
  }
});

test("sync: the upsert keeps the newer updatedAt; a stored refund without one takes the incoming version", async () => {
  const mf = worker(built.dir);
  try {
    const db = await migrate(mf);
    const refund = (updatedAt, status) => ({ platform: "wangdiantong", id: "R1", kind: "refund_only", status, platformStatus: { code: status }, updatedAt });
    const upsert = (r) => db.prepare(UPSERT_REFUND).bind(...refundRow(r, "shop-a")).run();
    const stored = async () => (await db.prepare("SELECT status FROM refunds WHERE shop = 'shop-a' AND id = 'R1'").first()).status;
    await upsert(refund("2026-11-20T10:00:00+08:00", "pending"));
    await upsert(refund("2026-11-20T09:00:00+08:00", "closed"));
    assert.equal(await stored(), "pending", "an older version does not overwrite");
    await upsert(refund("2026-11-20T10:00:00+08:00", "failed"));
    assert.equal(await stored(), "pending", "the same version does not overwrite");
    await upsert(refund(null, "failed"));
    assert.equal(await stored(), "pending", "a version without updatedAt does not overwrite a dated one");
    await upsert(refund("2026-11-20T11:00:00+08:00", "succeeded"));
    assert.equal(await stored(), "succeeded", "a newer version wins");
    await db.prepare("UPDATE refunds SET updated_at = NULL").run();
    await upsert(refund(null, "closed"));
    assert.equal(await stored(), "closed", "with no time on either side the latest fetch wins");
    assert.equal((await db.prepare("SELECT count(*) AS n FROM refunds").first()).n, 1);
  } finally {
    await mf.dispose();
  }
});

test("sync: the cron syncs a shop of every platform into D1, exactly the gateways' refunds, with no secret in D1 or any answer", async () => {
  const shops = Object.fromEntries(platforms().map(({ id }) => [`shop-${id}`, id]));
  // The stored refunds route is read on two of them: one paged and filtered by status, one by update time.
  const [paged, dated] = ["shop-mogujie", "shop-wangdiantong"];
  const { mf, db } = await syncWorker(shops);
  try {
    await cron(mf);
    const statuses = await settled(mf, Object.keys(shops));
    for (const [shop, platform] of Object.entries(shops)) {
      const status = statuses[shop];
      assert.equal(status.instance.status, "complete", `${shop}: ${JSON.stringify(status)}`);
      assert.equal(status.lastError, null);
      assert.equal(status.cursor, null, "a finished range leaves no cursor");
      const [since, until] = await firstRange(db, shop);
      const count = await assertStoredTruth(db, shop, platform, since, until);
      assert.equal(status.storedRefunds, count);
      assert.ok(status.lastRun.requests >= 1);
    }
    // The stored refunds route: paging by `next` gives every row once; filters agree with D1.
    const seen = [];
    let next = null;
    do {
      const page = await get(mf, `/shops/${paged}/refunds?limit=37${next ? `&after=${next}` : ""}`);
      assert.equal(page.status, 200);
      seen.push(...page.body.refunds.map((r) => r.id));
      next = page.body.next;
    } while (next);
    const all = (await db.prepare("SELECT id FROM refunds WHERE shop = ? ORDER BY platform, id").bind(paged).all()).results.map((r) => r.id);
    assert.deepEqual(seen, all);
    const succeeded = await get(mf, `/shops/${paged}/refunds?status=succeeded&limit=500`);
    const succeededInDb = (await db.prepare("SELECT count(*) AS n FROM refunds WHERE shop = ? AND status = 'succeeded'").bind(paged).first()).n;
    assert.ok(succeededInDb > 0);
    assert.equal(succeeded.body.refunds.length, succeededInDb);
    assert.ok(succeeded.body.refunds.every((r) => r.status === "succeeded"));
    const cut = Date.now() - 7 * DAY * 1000;
    const recent = await get(mf, `/shops/${dated}/refunds?updatedSince=${cut}&limit=500`);
    assert.ok(recent.body.refunds.length > 0);
    assert.ok(recent.body.refunds.every((r) => Date.parse(r.updatedAt) >= Math.floor(cut / 1000) * 1000));
    const recentInDb = (await db.prepare("SELECT refund FROM refunds WHERE shop = ?").bind(dated).all()).results.filter((r) => Date.parse(JSON.parse(r.refund).updatedAt) >= Math.floor(cut / 1000) * 1000);
    assert.equal(recent.body.refunds.length, recentInDb.length);
    for (const [path, code] of [["/shops/nobody/refunds", 404], ["/shops/%E0%A4%A/refunds", 404], [`/shops/${dated}/nothing`, 404], [`/shops/${dated}/refunds?limit=0`, 400], [`/shops/${dated}/refunds?after=x`, 400], [`/shops/${dated}/refunds?updatedSince=yesterday`, 400]]) {
      assert.equal((await get(mf, path)).status, code, path);
    }
    // Credentials live in the secret only.
    const dump = JSON.stringify([(await db.prepare("SELECT * FROM shops").all()).results, (await db.prepare("SELECT * FROM refunds").all()).results, statuses]);
    for (const secret of SECRETS()) assert.ok(!dump.includes(secret), "no secret in D1 or the status answers");
    const anonymous = await mf.dispatchFetch(`http://worker/shops/${dated}/refunds`);
    assert.equal(anonymous.status, 401);
  } finally {
    await mf.dispose();
  }
});

test("sync: never a second instance for a shop with one running; not due again before the interval; a second run is incremental", async () => {
  const shops = { "shop-mgj": "mogujie", "shop-wdt": "wangdiantong" };
  const { mf, db } = await syncWorker(shops);
  try {
    const instances = async () => (await db.prepare("SELECT shop, instance_id FROM shops ORDER BY shop").all()).results;
    await cron(mf);
    const first = await instances();
    await cron(mf);
    assert.deepEqual(await instances(), first, "a second cron tick while they run starts nothing");
    const again = await post(mf, "/shops/shop-mgj/sync");
    assert.equal(again.status, 409, JSON.stringify(again.body));
    assert.equal(again.body.error.code, "sync_running");
    assert.equal(again.body.error.instanceId, first.find((r) => r.shop === "shop-mgj").instance_id);
    await settled(mf, Object.keys(shops));
    await cron(mf);
    assert.deepEqual(await instances(), first, "a shop synced less than SYNC_INTERVAL_MINUTES ago is not due");

    const [since, until] = await firstRange(db, "shop-wdt");
    const before = await assertStoredTruth(db, "shop-wdt", "wangdiantong", since, until);
    const firstRequests = gateways.simulators.wangdiantong.log.length;
    const changed = gateways.simulators.wangdiantong.update(4);
    const added = gateways.simulators.wangdiantong.add(3);
    const started = await post(mf, "/shops/shop-wdt/sync");
    assert.equal(started.status, 202);
    await settled(mf, ["shop-wdt"]);
    const secondRequests = gateways.simulators.wangdiantong.log.length - firstRequests;
    assert.ok(secondRequests >= 1 && secondRequests <= 2, `the second run asked only for what changed since the first (${secondRequests} requests)`);
    // The changed refunds carry their new status (assertStoredTruth compares every stored status).
    const after = await assertStoredTruth(db, "shop-wdt", "wangdiantong", since, Date.now());
    const storedIds = new Set((await db.prepare("SELECT id FROM refunds WHERE shop = 'shop-wdt'").all()).results.map((r) => r.id));
    for (const id of [...changed, ...added]) assert.ok(storedIds.has(id), `${id} changed after the first run and is stored`);
    assert.ok(after >= before + added.length, "the new refunds are stored");
  } finally {
    await mf.dispose();
  }
});

test("sync: failing steps retry (gateway faults, an exception between fetch and store) and store nothing twice", async () => {
  const shops = { "shop-wdt": "wangdiantong", "shop-mgj": "mogujie" };
  const { mf, db } = await syncWorker(shops, { MODE: "development", SYNC_FAULTS: JSON.stringify({ "shop-wdt": { page: 2, attempts: 1 }, "shop-mgj": { page: 3, attempts: 2 } }) });
  try {
    const logStart = { wangdiantong: gateways.simulators.wangdiantong.log.length, mogujie: gateways.simulators.mogujie.log.length };
    gateways.simulators.wangdiantong.inject("server_error", 1);
    gateways.simulators.mogujie.inject("rate_limit", 2);
    await cron(mf);
    const statuses = await settled(mf, Object.keys(shops));
    for (const [shop, platform] of Object.entries(shops)) {
      assert.equal(statuses[shop].instance.status, "complete", JSON.stringify(statuses[shop]));
      assert.equal(statuses[shop].lastError, null, "a success clears the error of a retried attempt");
      const [since, until] = await firstRange(db, shop);
      const stored = await assertStoredTruth(db, shop, platform, since, until);
      const log = gateways.simulators[platform].log.slice(logStart[platform]);
      const faults = log.filter((e) => e.fault !== null).length;
      const pages = statuses[shop].lastRun.requests;
      const injected = shop === "shop-wdt" ? 1 : 2;
      assert.equal(log.length, pages + faults + injected, `${shop}: every page once, plus one request per fault and per injected exception`);
      assert.equal(statuses[shop].lastRun.refundsStored, stored, `${shop}: each refund stored once`);
    }
    const duplicates = (await db.prepare("SELECT shop, platform, id, count(*) AS n FROM refunds GROUP BY shop, platform, id HAVING n > 1").all()).results;
    assert.deepEqual(duplicates, []);
  } finally {
    await mf.dispose();
  }
});

test("sync: a corrupt cursor and a cursor of another platform are reported for their shop; the others sync; reset starts over", async () => {
  const shops = { "shop-a": "wangdiantong", "shop-b": "wangdiantong", "shop-c": "mogujie" };
  const { mf, db } = await syncWorker(shops);
  try {
    const suning = new RefundSync("suning", { since: Date.now() - 5 * DAY * 1000, until: Date.now() });
    await db.batch([
      db.prepare("INSERT INTO shops (shop, platform, cursor) VALUES ('shop-a', 'wangdiantong', ?)").bind('{"version":1,"platform":"wangdiantong","pending":[{"since":5}]'),
      db.prepare("INSERT INTO shops (shop, platform, cursor) VALUES ('shop-b', 'wangdiantong', ?)").bind(JSON.stringify(suning)),
    ]);
    await cron(mf);
    const statuses = await settled(mf, Object.keys(shops));
    assert.equal(statuses["shop-c"].instance.status, "complete");
    const [since, until] = await firstRange(db, "shop-c");
    await assertStoredTruth(db, "shop-c", "mogujie", since, until);
    for (const [shop, words] of [["shop-a", /not a valid sync state/], ["shop-b", /a suning sync, the shop is wangdiantong/]]) {
      const status = statuses[shop];
      assert.equal(status.instance, null, `${shop}: no instance started`);
      assert.equal(status.lastError.code, "invalid_cursor");
      assert.match(status.lastError.message, words);
      assert.ok(status.lastError.messageZh);
      assert.equal(status.storedRefunds, 0);
    }
    const refused = await post(mf, "/shops/shop-b/sync");
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, "invalid_cursor");
    const reset = await post(mf, "/shops/shop-b/sync?reset=1");
    assert.equal(reset.status, 202);
    const after = await settled(mf, ["shop-b"]);
    assert.equal(after["shop-b"].instance.status, "complete");
    assert.equal(after["shop-b"].lastError, null);
    const [sinceB, untilB] = await firstRange(db, "shop-b");
    await assertStoredTruth(db, "shop-b", "wangdiantong", sinceB, untilB);
  } finally {
    await mf.dispose();
  }
});

test("sync: a sync longer than SYNC_MAX_PAGES goes on in the next instance from the cursor in D1, to the same data", async () => {
  const shops = { "shop-mgj": "mogujie" };
  const { mf, db } = await syncWorker(shops, { SYNC_MAX_PAGES: "7" });
  try {
    const instances = new Set();
    let status;
    for (let tick = 0; tick < 40; tick += 1) {
      await cron(mf);
      status = (await settled(mf, ["shop-mgj"]))["shop-mgj"];
      instances.add(status.instance.id);
      if (status.cursor === null && status.syncedUntil !== null) break;
      assert.ok(status.cursor.requests > 0, "between instances the cursor is in D1");
    }
    assert.ok(instances.size >= 3, `several instances (${instances.size})`);
    const [since, until] = await firstRange(db, "shop-mgj");
    await assertStoredTruth(db, "shop-mgj", "mogujie", since, until);
  } finally {
    await mf.dispose();
  }
});

test("sync: an instance paused and resumed, and one restarted midway, finish with the same data", async () => {
  const shops = { "shop-paused": "mogujie", "shop-restarted": "mogujie" };
  const { mf, db } = await syncWorker(shops, { SYNC_MAX_PAGES: "1000" });
  try {
    const { SYNC_WORKFLOW } = await mf.getBindings();
    const log = gateways.simulators.mogujie.log;
    const waitForRequests = async (n) => {
      for (let i = 0; i < 200 && log.length < n; i += 1) await new Promise((r) => setTimeout(r, 20));
    };
    // Paused after a few pages: no request while paused, then it goes on where it was.
    let start = log.length;
    const paused = await SYNC_WORKFLOW.get((await post(mf, "/shops/shop-paused/sync")).body.instanceId);
    await waitForRequests(start + 3);
    await paused.pause();
    await new Promise((r) => setTimeout(r, 300));
    const whilePaused = log.length;
    assert.equal((await get(mf, "/shops/shop-paused/sync")).body.instance.status, "paused");
    await new Promise((r) => setTimeout(r, 700));
    assert.equal(log.length, whilePaused, "no request while paused");
    assert.ok(whilePaused - start < 40, `paused before the end (${whilePaused - start} requests)`);
    await paused.resume();
    await settled(mf, ["shop-paused"]);
    // Restarted midway: it runs its steps again from the start; the cursor in D1 and the keyed
    // upsert keep the data the same.
    start = log.length;
    const restarted = await SYNC_WORKFLOW.get((await post(mf, "/shops/shop-restarted/sync")).body.instanceId);
    await waitForRequests(start + 5);
    assert.ok(log.length - start < 40, "restarted before the end");
    await restarted.restart();
    const statuses = await settled(mf, Object.keys(shops));
    for (const [shop, platform] of Object.entries(shops)) {
      assert.equal(statuses[shop].instance.status, "complete", JSON.stringify(statuses[shop]));
      const [since, until] = await firstRange(db, shop);
      await assertStoredTruth(db, shop, platform, since, until);
    }
    paused[Symbol.dispose]?.();
    restarted[Symbol.dispose]?.();
  } finally {
    await mf.dispose();
  }
});
