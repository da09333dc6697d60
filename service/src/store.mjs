// Everything the service reads and writes, as SQL that runs the same on PGlite and a Postgres
// server. The invariants it keeps:
//   - A shop is worked on by the holder of its lease only: a claim takes a shop whose lease has
//     expired (FOR UPDATE SKIP LOCKED, so two claims never take the same row), and every write
//     for the shop checks the lease owner, token and expiry in the same transaction. A worker
//     that lost its lease (it stalled past the expiry) writes nothing.
//   - A page's refunds and the sync state after that page commit together (commitPage).
//   - A refund row changes only for a newer updatedAt (see UPSERT_RULE).
// Lease times are clock_timestamp(), not now() (the transaction's start): a claim that began
// before another worker's release committed still records a claim time after that release.
import { REFUND_COLUMNS, REFUND_KEY, refundRow } from "./columns.mjs";

/** Selected shop columns, with int8 as float8 (epoch ms are exact there) so both drivers give numbers. */
const SHOP_FIELDS = `shop, platform, credentials, endpoint, options, since, cursor_ms::float8 AS cursor_ms,
  sync_state, sync_until_ms::float8 AS sync_until_ms, status, last_success_at, last_finished_at, last_error,
  requests::float8 AS requests, lookback_ms::float8 AS lookback_ms, lease_owner, lease_token::float8 AS lease_token, lease_expires, slot,
  coalesce(lease_expires > clock_timestamp(), false) AS lease_held`;

export class LeaseLost extends Error {
  constructor(shop) {
    super(`lost the lease on shop ${shop} (another worker may hold it now); its last committed page stands`);
    this.code = "lease_lost";
  }
}

// ---- shops -------------------------------------------------------------------------------

export async function addShop(db, { shop, platform, credentials = null, endpoint = null, options = {}, since, lookbackMs = null }) {
  await db.query(
    `INSERT INTO shops (shop, platform, credentials, endpoint, options, since, lookback_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (shop) DO UPDATE SET platform = EXCLUDED.platform, credentials = EXCLUDED.credentials,
       endpoint = EXCLUDED.endpoint, options = EXCLUDED.options, since = EXCLUDED.since, lookback_ms = EXCLUDED.lookback_ms`,
    [shop, platform, credentials, endpoint, JSON.stringify(options), String(since), lookbackMs],
  );
}

export async function removeShop(db, shop, { keepRefunds = false } = {}) {
  return db.transaction(async (query) => {
    const { count } = await query("DELETE FROM shops WHERE shop = $1", [shop]);
    if (!keepRefunds) await query("DELETE FROM refunds WHERE shop = $1", [shop]);
    return count > 0;
  });
}

export async function listShops(db) {
  return (await db.query(`SELECT ${SHOP_FIELDS} FROM shops ORDER BY shop`)).rows;
}

/** Per shop: its row and how many refunds are stored for it. */
export async function shopStatus(db) {
  const shops = await listShops(db);
  const { rows } = await db.query("SELECT shop, count(*)::float8 AS refunds FROM refunds GROUP BY shop");
  const stored = new Map(rows.map((r) => [r.shop, r.refunds]));
  return shops.map((s) => ({ ...s, refunds: stored.get(s.shop) ?? 0 }));
}

// ---- platform limits ---------------------------------------------------------------------

/** Sets a platform's limits across all workers: shops synced at once, and request spacing. */
export async function setPlatformLimit(db, platform, { concurrency = null, minIntervalMs = 0 }) {
  await db.transaction(async (query) => {
    await query(
      `INSERT INTO platform_limits (platform, concurrency, min_interval_ms) VALUES ($1, $2, $3)
       ON CONFLICT (platform) DO UPDATE SET concurrency = EXCLUDED.concurrency, min_interval_ms = EXCLUDED.min_interval_ms`,
      [platform, concurrency, minIntervalMs],
    );
    // One row per slot: a claim takes a free slot row with the shop, so the count holds across workers.
    await query("DELETE FROM platform_slots WHERE platform = $1 AND slot > $2 AND (holder IS NULL OR expires < clock_timestamp())", [platform, concurrency ?? 0]);
    for (let slot = 1; slot <= (concurrency ?? 0); slot += 1) {
      await query("INSERT INTO platform_slots (platform, slot) VALUES ($1, $2) ON CONFLICT DO NOTHING", [platform, slot]);
    }
  });
}

export async function platformLimits(db) {
  const { rows } = await db.query("SELECT platform, concurrency, min_interval_ms FROM platform_limits ORDER BY platform");
  return rows;
}

/**
 * Reserves the next request slot in time for `platform` (all workers share the spacing) and
 * returns how many ms to wait before sending. Platforms without spacing cost no query.
 */
export async function reserveRequest(db, platform, minIntervalMs) {
  if (!(minIntervalMs > 0)) return 0;
  const { rows } = await db.query(
    `UPDATE platform_limits SET next_request_at = greatest(next_request_at, clock_timestamp()) + min_interval_ms * interval '1 millisecond'
     WHERE platform = $1
     RETURNING (extract(epoch FROM next_request_at - clock_timestamp()) * 1000)::float8 - min_interval_ms AS wait_ms`,
    [platform],
  );
  return Math.max(0, rows[0]?.wait_ms ?? 0);
}

// ---- leases ------------------------------------------------------------------------------

/** Shops still to sync in this pass (leased or not): the ones not finished since `dueBefore`. */
export async function dueCount(db, dueBefore) {
  const { rows } = await db.query("SELECT count(*)::int AS n FROM shops WHERE last_finished_at IS NULL OR last_finished_at < $1", [dueBefore]);
  return rows[0].n;
}

/**
 * Claims one due shop whose lease is free and whose platform has a free slot. Returns the shop
 * row with its new lease (lease_token), or null when none can be claimed now.
 */
export async function claimShop(db, { worker, dueBefore, leaseMs }) {
  return db.transaction(async (query) => {
    const candidates = await query(
      `SELECT shop, platform FROM shops
       WHERE (lease_expires IS NULL OR lease_expires < clock_timestamp()) AND (last_finished_at IS NULL OR last_finished_at < $1)
       ORDER BY last_finished_at NULLS FIRST, shop
       LIMIT 16 FOR UPDATE SKIP LOCKED`,
      [dueBefore],
    );
    if (candidates.rows.length === 0) return null;
    const limited = new Set((await query("SELECT platform FROM platform_limits WHERE concurrency IS NOT NULL")).rows.map((r) => r.platform));
    for (const candidate of candidates.rows) {
      let slot = null;
      if (limited.has(candidate.platform)) {
        const free = await query(
          `SELECT slot FROM platform_slots WHERE platform = $1 AND (holder IS NULL OR expires < clock_timestamp())
           ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [candidate.platform],
        );
        if (free.rows.length === 0) continue;
        slot = free.rows[0].slot;
        await query("UPDATE platform_slots SET holder = $3, expires = clock_timestamp() + $4 * interval '1 millisecond' WHERE platform = $1 AND slot = $2", [
          candidate.platform,
          slot,
          worker,
          leaseMs,
        ]);
      }
      const { rows } = await query(
        `UPDATE shops SET lease_owner = $2, lease_token = lease_token + 1, lease_expires = clock_timestamp() + $3 * interval '1 millisecond', slot = $4,
           status = CASE WHEN sync_state IS NULL THEN 'running' ELSE 'resuming' END
         WHERE shop = $1 RETURNING ${SHOP_FIELDS}`,
        [candidate.shop, worker, leaseMs, slot],
      );
      await query(
        `INSERT INTO lease_history (shop, lease_token, worker, claimed_at, expires_at)
         SELECT shop, lease_token, lease_owner, clock_timestamp(), lease_expires FROM shops WHERE shop = $1`,
        [candidate.shop],
      );
      return rows[0];
    }
    return null;
  });
}

const HOLDS = "shop = $1 AND lease_owner = $2 AND lease_token = $3 AND lease_expires > clock_timestamp()";

/** Extends the lease (and the platform slot) if still held; throws LeaseLost if not. */
export async function renewLease(db, lease, leaseMs) {
  await db.transaction(async (query) => {
    await extend(query, lease, leaseMs, 0);
  });
}

async function extend(query, lease, leaseMs, pages) {
  const held = await query(
    `UPDATE shops SET lease_expires = clock_timestamp() + $4 * interval '1 millisecond' WHERE ${HOLDS} RETURNING lease_expires`,
    [lease.shop, lease.lease_owner, lease.lease_token, leaseMs],
  );
  if (held.count === 0) throw new LeaseLost(lease.shop);
  await query("UPDATE lease_history SET expires_at = $3, pages = pages + $4 WHERE shop = $1 AND lease_token = $2", [
    lease.shop,
    lease.lease_token,
    held.rows[0].lease_expires,
    pages,
  ]);
  if (lease.slot !== null && lease.slot !== undefined) {
    await query("UPDATE platform_slots SET expires = $4 WHERE platform = $1 AND slot = $2 AND holder = $3", [
      lease.platform,
      lease.slot,
      lease.lease_owner,
      held.rows[0].lease_expires,
    ]);
  }
}

/**
 * One page, atomically: the refunds upserted, the sync state after the page stored, the lease
 * extended. `done` also moves the cursor to the sync's until and ends the sync. Returns
 * { inserted, updated } (rows that did not change are neither).
 */
export async function commitPage(db, lease, { refunds, state, requests, done, untilMs, leaseMs }) {
  return db.transaction(async (query) => {
    await extend(query, lease, leaseMs, 1);
    const written = await upsertRefunds(query, lease.shop, refunds);
    if (done) {
      // The history says the sync ended under this lease even if its worker dies before release.
      await query("UPDATE lease_history SET outcome = 'done' WHERE shop = $1 AND lease_token = $2", [lease.shop, lease.lease_token]);
      await query(
        `UPDATE shops SET sync_state = NULL, sync_until_ms = NULL, cursor_ms = $4, requests = requests + $5, status = 'ok',
           last_success_at = clock_timestamp(), last_finished_at = clock_timestamp(), last_error = NULL WHERE ${HOLDS}`,
        [lease.shop, lease.lease_owner, lease.lease_token, untilMs, requests],
      );
    } else {
      await query(`UPDATE shops SET sync_state = $4, sync_until_ms = $5, requests = requests + $6 WHERE ${HOLDS}`, [
        lease.shop,
        lease.lease_owner,
        lease.lease_token,
        JSON.stringify(state),
        untilMs,
        requests,
      ]);
    }
    return written;
  });
}

/** Ends the lease: the shop (and its platform slot) is free again; `failure` marks it failed. */
export async function releaseLease(db, lease, { outcome, failure = null }) {
  await db.transaction(async (query) => {
    if (failure) {
      await query(`UPDATE shops SET status = 'failed', last_error = $4, last_finished_at = clock_timestamp() WHERE ${HOLDS}`, [
        lease.shop,
        lease.lease_owner,
        lease.lease_token,
        failure,
      ]);
    }
    const released = await query(
      `UPDATE shops SET lease_owner = NULL, lease_expires = NULL, slot = NULL,
         status = CASE WHEN status IN ('running', 'resuming') THEN 'paused' ELSE status END
       WHERE ${HOLDS}`,
      [lease.shop, lease.lease_owner, lease.lease_token],
    );
    if (released.count === 0) return; // expired meanwhile: whoever holds it now is not touched
    await query("UPDATE lease_history SET released_at = clock_timestamp(), outcome = $3 WHERE shop = $1 AND lease_token = $2", [
      lease.shop,
      lease.lease_token,
      outcome,
    ]);
    if (lease.slot !== null && lease.slot !== undefined) {
      await query("UPDATE platform_slots SET holder = NULL, expires = NULL WHERE platform = $1 AND slot = $2 AND holder = $3", [
        lease.platform,
        lease.slot,
        lease.lease_owner,
      ]);
    }
  });
}

// ---- refunds -----------------------------------------------------------------------------

const VALUE_COLUMNS = REFUND_COLUMNS.filter((c) => !c.key).map((c) => c.name);

/**
 * The rule for a refund already stored: a newer updatedAt replaces it; an older or equal one
 * changes nothing. When either side has no updatedAt (苏宁 publishes no update time; a zero
 * date reads as null) there is nothing to order by, so the version fetched later replaces the
 * stored one if it differs: the sync fetches a range after the one before it, so the later
 * fetch is the newer view of the record.
 */
export const UPSERT_RULE = `EXCLUDED.updated_at > refunds.updated_at
  OR ((EXCLUDED.updated_at IS NULL OR refunds.updated_at IS NULL) AND EXCLUDED.refund IS DISTINCT FROM refunds.refund)`;

const ROWS_PER_STATEMENT = 500;

async function upsertRefunds(query, shop, refunds) {
  // One record twice in a batch would make ON CONFLICT touch a row twice: keep the newest.
  const byId = new Map();
  for (const r of refunds) {
    const seen = byId.get(r.id);
    if (!seen || !(Date.parse(r.updatedAt) < Date.parse(seen.updatedAt))) byId.set(r.id, r);
  }
  const rows = [...byId.values()].map((r) => refundRow(r, shop));
  let inserted = 0;
  let updated = 0;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT);
    const width = REFUND_COLUMNS.length;
    const tuples = chunk.map((_, i) => `(${REFUND_COLUMNS.map((_c, j) => `$${i * width + j + 1}`).join(", ")})`);
    const { rows: result } = await query(
      `INSERT INTO refunds (${REFUND_COLUMNS.map((c) => c.name).join(", ")}) VALUES ${tuples.join(", ")}
       ON CONFLICT (${REFUND_KEY.join(", ")}) DO UPDATE SET ${VALUE_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(", ")}
       WHERE ${UPSERT_RULE}
       RETURNING (xmax = 0) AS inserted`,
      chunk.flat(),
    );
    for (const r of result) r.inserted ? (inserted += 1) : (updated += 1);
  }
  return { inserted, updated };
}

/**
 * The stored refunds in key order, as { shop, refund } with `refund` the record's JSON text,
 * read in batches (keyset paging) so an export of any size runs in constant memory.
 */
export async function* exportRefunds(db, { platform = null, shop = null, batch = 1000 } = {}) {
  let after = null;
  for (;;) {
    const params = [platform, shop, batch];
    let keyset = "";
    if (after) {
      params.push(after.shop, after.platform, after.id);
      keyset = "AND (shop, platform, id) > ($4, $5, $6)";
    }
    const { rows } = await db.query(
      `SELECT shop, platform, id, refund::text AS refund FROM refunds
       WHERE ($1::text IS NULL OR platform = $1) AND ($2::text IS NULL OR shop = $2) ${keyset}
       ORDER BY shop, platform, id LIMIT $3`,
      params,
    );
    for (const row of rows) yield row;
    if (rows.length < batch) return;
    after = rows.at(-1);
  }
}
