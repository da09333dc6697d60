// D1: the refunds of each shop and each shop's sync state (migrations/0001_init.sql).
//
// Invariants: a refund row is keyed by (shop, platform, id) and holds the newest version seen:
// an upsert replaces it only when the incoming updated_at is later, or when the stored one has
// none (a platform without update times: the latest fetch wins). updated_at is always RFC 3339
// with +08:00 (the package's unified model), so text order is time order. A page's refunds and
// the shop's cursor are written in one batch: both or neither.
import { REFUND_COLUMNS, REFUND_KEY, refundRow } from "../../../service/src/columns.mjs";

const names = REFUND_COLUMNS.map((c) => c.name);
const updated = REFUND_COLUMNS.filter((c) => !c.key).map((c) => `${c.name} = excluded.${c.name}`);

/** INSERT … ON CONFLICT DO UPDATE, from the shared column list (one row: D1 binds at most 100 parameters). */
export const UPSERT_REFUND =
  `INSERT INTO refunds (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")}) ` +
  `ON CONFLICT (${REFUND_KEY.join(", ")}) DO UPDATE SET ${updated.join(", ")} ` +
  "WHERE refunds.updated_at IS NULL OR (excluded.updated_at IS NOT NULL AND excluded.updated_at > refunds.updated_at)";

/** The statements that store `refunds` of `shop` (one per refund). */
export const refundStatements = (db, shop, refunds) => refunds.map((r) => db.prepare(UPSERT_REFUND).bind(...refundRow(r, shop)));

// ---------------------------------------------------------------------------------------
// Shops.

export const getShop = (db, shop) => db.prepare("SELECT * FROM shops WHERE shop = ?").bind(shop).first();

/** Creates the shop's row if it has none (platform from SHOP_CREDENTIALS). */
export const ensureShop = (db, shop, platform) =>
  db.prepare("INSERT INTO shops (shop, platform) VALUES (?, ?) ON CONFLICT (shop) DO UPDATE SET platform = excluded.platform").bind(shop, platform).run();

/**
 * Claims the shop for a new instance: only if the instance recorded is still `previous`
 * (null or a finished one), so two crons never start two. → whether the claim won.
 */
export async function claimShop(db, shop, previous, instanceId, now) {
  const result = await db
    .prepare("UPDATE shops SET instance_id = ?, started_at = ?, finished_at = NULL, requests = 0, refunds_stored = 0 WHERE shop = ? AND instance_id IS ?")
    .bind(instanceId, now, shop, previous)
    .run();
  return result.meta.changes === 1;
}

/** Gives the claim back (the instance could not be created). */
export const releaseShop = (db, shop, instanceId) =>
  db.prepare("UPDATE shops SET instance_id = NULL, started_at = NULL WHERE shop = ? AND instance_id = ?").bind(shop, instanceId).run();

/** The statement that saves the shop's cursor and counts one more request. */
export const cursorStatement = (db, shop, cursorJson, rangeUntil, stored) =>
  db
    .prepare("UPDATE shops SET cursor = ?, range_until = ?, requests = requests + 1, refunds_stored = refunds_stored + ?, last_error = NULL WHERE shop = ?")
    .bind(cursorJson, rangeUntil, stored, shop);

/** A page: its refunds and the shop's new cursor in one batch (both or neither). */
export async function storePage(db, shop, refunds, cursorJson, rangeUntil) {
  await db.batch([...refundStatements(db, shop, refunds), cursorStatement(db, shop, cursorJson, rangeUntil, refunds.length)]);
}

/** The shop's sync finished its range: no cursor, synced up to `until`. */
export const finishShop = (db, shop, instanceId, until, now) =>
  db
    .prepare("UPDATE shops SET cursor = NULL, range_until = NULL, synced_until = ?, finished_at = ?, last_error = NULL WHERE shop = ? AND instance_id = ?")
    .bind(until, now, shop, instanceId)
    .run();

/** The instance stopped early (page budget) or failed: the cursor stays for the next one. */
export const stopShop = (db, shop, instanceId, now) =>
  db.prepare("UPDATE shops SET finished_at = ? WHERE shop = ? AND instance_id = ?").bind(now, shop, instanceId).run();

/** The shop's last error, `{ code, message, messageZh, retryable }` (never a secret: see sync.js). */
export const recordError = (db, shop, error) => db.prepare("UPDATE shops SET last_error = ? WHERE shop = ?").bind(JSON.stringify(error), shop).run();

/** Forgets the shop's cursor (a corrupt one, or a reset asked for). */
export const resetCursor = (db, shop) => db.prepare("UPDATE shops SET cursor = NULL, range_until = NULL, last_error = NULL WHERE shop = ?").bind(shop).run();

// ---------------------------------------------------------------------------------------
// Reading refunds.

/**
 * A page of the shop's stored refunds in (platform, id) order: `status`, `updatedSince`
 * (+08:00 text) filter; `after` is the last row's [platform, id] of the previous page.
 */
export async function listRefunds(db, shop, { status, updatedSince, after, limit }) {
  const where = ["shop = ?"];
  const binds = [shop];
  if (status !== undefined) {
    where.push("status = ?");
    binds.push(status);
  }
  if (updatedSince !== undefined) {
    where.push("updated_at >= ?");
    binds.push(updatedSince);
  }
  if (after !== undefined) {
    where.push("(platform, id) > (?, ?)");
    binds.push(after[0], after[1]);
  }
  const { results } = await db
    .prepare(`SELECT platform, id, refund FROM refunds WHERE ${where.join(" AND ")} ORDER BY platform, id LIMIT ?`)
    .bind(...binds, limit + 1)
    .all();
  const more = results.length > limit;
  const rows = more ? results.slice(0, limit) : results;
  return { refunds: rows.map((r) => JSON.parse(r.refund)), last: more ? [rows.at(-1).platform, rows.at(-1).id] : null };
}

export const countRefunds = async (db, shop) => (await db.prepare("SELECT count(*) AS n FROM refunds WHERE shop = ?").bind(shop).first()).n;
