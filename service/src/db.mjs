// One database handle over two drivers, so the schema and every statement are the same SQL:
//   a directory     → PGlite, a real Postgres compiled to WebAssembly, in this process
//   postgres://…    → a Postgres server through `pg` (a pool: one connection per worker)
//
// The handle: query(sql, params) → { rows, count }, transaction(fn) where fn gets a
// `query` bound to one connection inside BEGIN … COMMIT (ROLLBACK when fn throws), close().
// Parameters are $1, $2, … in both. Types that the drivers read differently (int8, numeric)
// are cast in SQL where a caller needs them, so callers see the same values from both.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";

export const isServerUrl = (spec) => /^postgres(ql)?:\/\//.test(spec);

/** Opens `spec` (a directory or a postgres:// URL); `connections` bounds the pg pool. */
export async function openDatabase(spec, { connections = 4 } = {}) {
  if (!spec) throw new Error("--db is required: a directory for the embedded database or a postgres:// URL");
  return isServerUrl(spec) ? openServer(spec, connections) : openEmbedded(resolve(spec));
}

async function openServer(url, connections) {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: url, max: connections });
  // A connection that breaks while idle is replaced by the pool; it must not crash the process.
  pool.on("error", () => {});
  const run = async (client, sql, params) => {
    const result = await client.query(sql, params);
    return { rows: result.rows, count: result.rowCount ?? 0 };
  };
  return {
    kind: "postgres",
    where: redactUrl(url),
    query: (sql, params = []) => run(pool, sql, params),
    async transaction(fn) {
      const client = await pool.connect();
      // A connection cut while checked out (a server restarting) is also emitted as an 'error'
      // event; the statement in flight rejects with it, so the event itself is dropped here.
      const ignore = () => {};
      client.on("error", ignore);
      let failed = null;
      try {
        await client.query("BEGIN");
        const result = await fn((sql, params = []) => run(client, sql, params));
        await client.query("COMMIT");
        return result;
      } catch (e) {
        failed = e;
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        client.off("error", ignore);
        // After an error the connection may be broken: it is closed, not pooled again.
        client.release(failed ?? undefined);
      }
    },
    close: () => pool.end(),
  };
}

async function openEmbedded(dir) {
  mkdirSync(dir, { recursive: true });
  const release = lockDirectory(dir);
  try {
    const { PGlite } = await import("@electric-sql/pglite");
    const db = await PGlite.create(join(dir, "pgdata"));
    const run = async (target, sql, params) => {
      const result = await target.query(sql, params);
      return { rows: result.rows, count: result.affectedRows ?? 0 };
    };
    return {
      kind: "embedded",
      where: dir,
      query: (sql, params = []) => run(db, sql, params),
      // PGlite has one connection: its transaction() holds it, so transactions run one at a time.
      transaction: (fn) => db.transaction((tx) => fn((sql, params = []) => run(tx, sql, params))),
      async close() {
        await db.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

/**
 * One process at a time may open an embedded database (PGlite is a single-user Postgres). The
 * lock file holds the owner's pid; a lock whose process is gone (killed) is taken over.
 */
function lockDirectory(dir) {
  const path = join(dir, "refund-sync.lock");
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      const owner = Number(readFileSync(path, "utf8"));
      if (owner && owner !== process.pid && alive(owner)) {
        throw new Error(`the embedded database ${dir} is open in process ${owner}; use a postgres:// database for several processes`);
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not lock ${dir}`);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

/** The URL without its password, for messages. */
export function redactUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://(unparsable URL)";
  }
}

export const embeddedExists = (dir) => existsSync(join(resolve(dir), "pgdata"));
