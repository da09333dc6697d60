// The Worker of examples/worker in workerd, for the tests: wrangler bundles it exactly as
// `wrangler deploy` would (so the package resolves through its `workerd` export condition) and
// Miniflare runs the bundle with a local D1 database and the sync Workflow, as wrangler.toml
// declares them.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";

const here = dirname(fileURLToPath(import.meta.url));
export const workerDir = join(here, "..", "..", "examples", "worker");

/** A token long enough for auth.js (32+ characters); tests send it as the bearer. */
export const API_TOKEN = "test-api-token-0123456789abcdef-0123456789";
export const AUTH = { authorization: `Bearer ${API_TOKEN}` };

/** Bundles the Worker into a fresh folder; returns { dir, remove }. */
export function bundle() {
  const dir = mkdtempSync(join(tmpdir(), "rn-worker-"));
  execFileSync(join(here, "node_modules", ".bin", "wrangler"), ["deploy", "--dry-run", "--outdir", dir, "--config", join(workerDir, "wrangler.toml")], {
    cwd: workerDir,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
    stdio: "pipe",
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A Miniflare running the bundle in `dir` with `bindings` (vars and secrets; undefined removes one) over production defaults. */
export function worker(dir, bindings = {}, extra = {}) {
  const set = Object.fromEntries(Object.entries({ MODE: "production", API_TOKEN, ...bindings }).filter(([, v]) => v !== undefined));
  return new Miniflare({
    modules: true,
    scriptPath: join(dir, "index.js"),
    modulesRoot: dir,
    modulesRules: [
      { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate: "2026-04-01",
    d1Databases: ["DB"],
    workflows: { SYNC_WORKFLOW: { name: "refund-sync", className: "RefundSyncWorkflow" } },
    bindings: set,
    ...extra,
  });
}

/** POST `body` (an object is sent as JSON) with the test token unless `headers` says otherwise. */
export function post(mf, path, body, headers = AUTH) {
  const payload = typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body);
  return mf.dispatchFetch(`http://worker${path}`, { method: "POST", headers, body: payload });
}

/** The SQL statements of migrations/*.sql in order (comments dropped), as `wrangler d1 migrations apply` runs them. */
export function migrationStatements() {
  const dir = join(workerDir, "migrations");
  return readdirSync(dir)
    .filter((f) => /^\d{4}_.*\.sql$/.test(f))
    .sort()
    .flatMap((f) =>
      readFileSync(join(dir, f), "utf8")
        .split("\n")
        .filter((line) => !line.trimStart().startsWith("--"))
        .join("\n")
        .split(/;\s*(?:\n|$)/)
        .map((sql) => sql.trim())
        .filter(Boolean),
    );
}

/** Applies the migrations to the Miniflare's D1 database; → the database. */
export async function migrate(mf) {
  const db = await mf.getD1Database("DB");
  await db.batch(migrationStatements().map((sql) => db.prepare(sql)));
  return db;
}
