// The Worker of examples/worker in workerd, for the tests: wrangler bundles it exactly as
// `wrangler deploy` would (so the package resolves through its `workerd` export condition) and
// Miniflare runs the bundle.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
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
    kvNamespaces: ["SYNC_KV", "REFUNDS_KV"],
    bindings: set,
    ...extra,
  });
}

/** POST `body` (an object is sent as JSON) with the test token unless `headers` says otherwise. */
export function post(mf, path, body, headers = AUTH) {
  const payload = typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body);
  return mf.dispatchFetch(`http://worker${path}`, { method: "POST", headers, body: payload });
}
