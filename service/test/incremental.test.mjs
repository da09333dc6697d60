// Incremental: after a full run the gateways change and add refunds; the next run asks only
// for the window since the stored cursor (less the overlap), counted in the gateways' logs,
// and the store then equals a fresh full sync of the changed data.
import { test } from "node:test";
import assert from "node:assert/strict";
import { platforms } from "refund-normalizer";
import { DAY_MS, PLATFORMS, addShops, exportLines, freshDb, gateways, ok, shopNames } from "./helpers.mjs";

const OVERLAP_MINUTES = 2;
// The request parameter that opens each platform's time range (its default time field's).
const START = Object.fromEntries(platforms().map((p) => [p.id, p.timeFields[0].sinceParam]));
const startMs = (value) => (typeof value === "number" || /^\d{10}$/.test(value) ? Number(value) * 1000 : Date.parse(`${value.replace(" ", "T")}+08:00`));

test("the second run fetches only the new window, and the store matches the changed gateways", async (t) => {
  const gw = await gateways(t, { count: 150 });
  const shops = shopNames(1);
  // ShopEx lists by creation time: only a look-back sees changes to older refunds (worker.mjs).
  const lookbackMs = { shopex: 97 * DAY_MS };
  const db = await freshDb(t);
  const env = await addShops(db, gw, shops, { lookbackMs });
  const run = ["run", "--once", "--db", db, "--overlap-minutes", String(OVERLAP_MINUTES)];
  await ok(run, { env });
  const first = Object.fromEntries(PLATFORMS.map((p) => [p, gw.simulators[p].log.length]));
  const cursors = Object.fromEntries(
    (await ok(["status", "--db", db, "--log", "json"])).stdout.trim().split("\n").map((l) => {
      const s = JSON.parse(l);
      return [s.platform, Date.parse(`${s.cursor.replace(" ", "T")}+08:00`)];
    }),
  );

  const changed = {};
  for (const p of PLATFORMS) changed[p] = { updated: gw.simulators[p].update(6), added: gw.simulators[p].add(4) };
  await ok(run, { env });

  for (const p of PLATFORMS) {
    const requests = gw.simulators[p].log.slice(first[p]);
    assert.ok(requests.length > 0, p);
    const starts = requests.map((r) => startMs(r.params[START[p]]));
    if (p === "shopex") {
      // Its look-back: the whole range again, by creation time.
      assert.ok(Math.min(...starts) <= Date.now() - 96 * DAY_MS, "shopex starts at its look-back");
      continue;
    }
    const from = cursors[p] - OVERLAP_MINUTES * 60_000 - 1000;
    for (const start of starts) assert.ok(start >= from, `${p}: a request started at ${new Date(start).toISOString()}, before the cursor less the overlap`);
    assert.ok(requests.length <= 4, `${p}: ${requests.length} requests for a few minutes' changes (the first run took ${first[p]})`);
  }

  // The truth: a fresh full sync of the gateways as they are now.
  const fresh = await freshDb(t);
  await addShops(fresh, gw, shops);
  await ok(["run", "--once", "--db", fresh], { env });
  const expected = await exportLines(fresh);
  const actual = await exportLines(db);
  assert.deepEqual(actual, expected);

  const stored = new Map(actual.map((l) => JSON.parse(l)).map((r) => [`${r.platform}|${r.id}`, r]));
  for (const p of PLATFORMS.filter((x) => x !== "suning")) {
    for (const id of changed[p].added) assert.ok(stored.has(`${p}|${id}`), `${p}: added refund ${id} stored`);
    // A changed refund carries its new update time (ShopEx's unified record has none that moves).
    if (p === "shopex") continue;
    for (const id of changed[p].updated) assert.ok(Date.parse(stored.get(`${p}|${id}`).updatedAt) >= cursors[p] - 1000, `${p}: refund ${id} updated`);
  }
});
