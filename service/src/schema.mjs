// The schema, as numbered migrations. `migrate(db)` applies the ones a database lacks, each in
// its own transaction together with its row in schema_version, so a database is always at
// exactly one version. Then it reconciles the refunds table with REFUND_COLUMNS (the one list
// of stored columns, shared with the Worker's D1 schema): a column added to that list is added
// here and filled from each row's stored `refund` record, so no migration repeats the list.
import { REFUND_COLUMNS, REFUND_KEY, refundRow } from "./columns.mjs";

const refundsTable = () =>
  `CREATE TABLE refunds (\n  ${REFUND_COLUMNS.map((c) => `${c.name} ${c.pg}`).join(",\n  ")},\n  PRIMARY KEY (${REFUND_KEY.join(", ")})\n)`;

/** Each migration: the version it brings a database to, and its statements. */
export const MIGRATIONS = [
  {
    version: 1,
    what: "shops with their sync state, refunds, one worker",
    statements: () => [
      `CREATE TABLE shops (
        shop text PRIMARY KEY,
        platform text NOT NULL,
        credentials text,            -- where the credentials are (env:NAME or file:PATH), never the values
        endpoint text,
        options jsonb NOT NULL DEFAULT '{}',
        since text NOT NULL,         -- the first sync's start, as the operator gave it
        cursor_ms bigint,            -- the until of the last completed sync (epoch ms)
        sync_state jsonb,            -- RefundSync.toJSON() of the sync in progress, committed with its page
        sync_until_ms bigint,        -- the until of the sync in progress
        status text NOT NULL DEFAULT 'new',
        last_success_at timestamptz,
        last_finished_at timestamptz,
        last_error text,
        requests bigint NOT NULL DEFAULT 0,
        lease_owner text,
        lease_token bigint NOT NULL DEFAULT 0,
        lease_expires timestamptz,
        added_at timestamptz NOT NULL DEFAULT now()
      )`,
      refundsTable(),
    ],
  },
  {
    version: 2,
    what: "many workers: lease history, per-platform concurrency slots and request spacing",
    statements: () => [
      `CREATE TABLE lease_history (
        shop text NOT NULL,
        lease_token bigint NOT NULL,
        worker text NOT NULL,
        claimed_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,   -- renewed with every committed page and heartbeat
        released_at timestamptz,           -- null: the worker died holding it (it ended at expires_at)
        outcome text,
        pages integer NOT NULL DEFAULT 0,
        PRIMARY KEY (shop, lease_token)
      )`,
      `CREATE TABLE platform_limits (
        platform text PRIMARY KEY,
        concurrency integer,               -- shops of this platform synced at once, by all workers; null: no limit
        min_interval_ms integer NOT NULL DEFAULT 0,  -- spacing between two requests to this platform, by all workers
        next_request_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE platform_slots (
        platform text NOT NULL,
        slot integer NOT NULL,
        holder text,
        expires timestamptz,
        PRIMARY KEY (platform, slot)
      )`,
      "ALTER TABLE shops ADD COLUMN slot integer",
      "CREATE INDEX refunds_by_update ON refunds (platform, updated_at)",
    ],
  },
  {
    version: 3,
    what: "a look-back per shop, for platforms whose list filters on creation time (ShopEx)",
    statements: () => [
      // Each incremental sync starts at least this far before its until (null: at the cursor).
      "ALTER TABLE shops ADD COLUMN lookback_ms bigint",
    ],
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1).version;

/** The database's schema version, 0 for an empty database. */
export async function schemaVersion(db) {
  const exists = await db.query("SELECT to_regclass('schema_version') IS NOT NULL AS present");
  if (!exists.rows[0].present) return 0;
  const { rows } = await db.query("SELECT coalesce(max(version), 0)::int AS version FROM schema_version");
  return rows[0].version;
}

/**
 * Brings the database to `to` (default: the latest version). Returns { from, to, added }
 * (added: the refund columns reconciled from REFUND_COLUMNS).
 */
export async function migrate(db, { to = SCHEMA_VERSION } = {}) {
  await db.query("CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
  const from = await schemaVersion(db);
  if (from > SCHEMA_VERSION) throw new Error(`the database is at schema version ${from}, newer than this refund-sync (${SCHEMA_VERSION}): upgrade refund-sync`);
  for (const migration of MIGRATIONS) {
    if (migration.version <= from || migration.version > to) continue;
    await db.transaction(async (query) => {
      // Two processes running init at once: the second waits here, then finds the version applied.
      await query("LOCK TABLE schema_version IN EXCLUSIVE MODE");
      const { rows } = await query("SELECT 1 FROM schema_version WHERE version = $1", [migration.version]);
      if (rows.length) return;
      for (const sql of migration.statements()) await query(sql);
      await query("INSERT INTO schema_version (version) VALUES ($1)", [migration.version]);
    });
  }
  const added = to >= 1 ? await reconcileRefundColumns(db) : [];
  return { from, to: await schemaVersion(db), added };
}

/** Adds the REFUND_COLUMNS the refunds table lacks and fills them from each row's record. */
async function reconcileRefundColumns(db) {
  const { rows } = await db.query(
    "SELECT column_name FROM information_schema.columns WHERE table_name = 'refunds' AND table_schema = current_schema()",
  );
  const present = new Set(rows.map((r) => r.column_name));
  const missing = REFUND_COLUMNS.filter((c) => !present.has(c.name));
  if (missing.length === 0) return [];
  const baseType = (c) => c.pg.replace(/\s+NOT NULL$/i, "");
  await db.transaction(async (query) => {
    for (const c of missing) await query(`ALTER TABLE refunds ADD COLUMN ${c.name} ${baseType(c)}`);
    const at = Object.fromEntries(REFUND_COLUMNS.map((c, i) => [c.name, i]));
    const stored = await query("SELECT shop, platform, id, refund::text AS refund FROM refunds");
    for (const row of stored.rows) {
      const values = refundRow(JSON.parse(row.refund), row.shop);
      const sets = missing.map((c, i) => `${c.name} = $${i + 4}`).join(", ");
      await query(`UPDATE refunds SET ${sets} WHERE shop = $1 AND platform = $2 AND id = $3`, [
        row.shop,
        row.platform,
        row.id,
        ...missing.map((c) => values[at[c.name]]),
      ]);
    }
    for (const c of missing) if (/NOT NULL$/i.test(c.pg)) await query(`ALTER TABLE refunds ALTER COLUMN ${c.name} SET NOT NULL`);
  });
  return missing.map((c) => c.name);
}
