// The sync loop. `runWorkers` starts N workers in this process; each claims a due shop through
// the database (store.claimShop), syncs it page by page with the package's RefundSync, commits
// each page with the sync state in one transaction, and releases the shop. Several processes
// (on several machines) share a Postgres server the same way: the database is the only
// coordinator.
//
// A shop's sync range: since = the stored cursor less `overlapMs` (late writes: a record
// written with an update time just before the last until, after that sync read its window),
// or the shop's configured since on its first sync; until = the time the sync starts. A shop
// with a look-back starts at least that far before until: ShopEx's list filters on creation
// time, so a change to an older refund is seen only by a sync whose range still covers its
// creation. A sync in progress (killed, stopped, lease lost) resumes from its committed state
// with its own until.
import { hostname } from "node:os";
import { RefundError, RefundSync } from "refund-normalizer";
import { LeaseLost, claimShop, commitPage, dueCount, platformLimits, releaseLease, renewLease, reserveRequest } from "./store.mjs";

export const DEFAULTS = {
  workers: 1,
  leaseMs: 60_000,
  overlapMs: 10 * 60_000,
  everyMs: 15 * 60_000,
  maxAttempts: 8,
  backoffBaseMs: 250,
  backoffCapMs: 30_000,
  requestTimeoutMs: 60_000,
};

/** Waits `ms`, or less if `signal` aborts; leaves no listener behind either way. */
const sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** Full-jitter exponential backoff: a random delay in [0.5, 1] × min(cap, base · 2^(attempt−1)). */
export const backoffMs = (attempt, { backoffBaseMs, backoffCapMs }, random = Math.random) =>
  Math.round(Math.min(backoffCapMs, backoffBaseMs * 2 ** (attempt - 1)) * (0.5 + random() / 2));

const retryableError = (e) =>
  e instanceof RefundError ? e.retryable : e?.name === "TypeError" || e?.name === "TimeoutError" || e?.name === "AbortError";

/**
 * The database failed under a shop's sync (a server restarting, a network cut). The shop is
 * left as committed: its lease expires and it is claimed again once the database answers.
 */
export class DatabaseUnavailable extends Error {
  constructor(cause) {
    super(`database error: ${describeError(cause)}`);
    this.code = "database_error";
    this.cause = cause;
  }
}

const atDatabase = async (step) => {
  try {
    return await step();
  } catch (e) {
    throw e instanceof LeaseLost ? e : new DatabaseUnavailable(e);
  }
};

/** One line for an error: its code and message. RefundError messages carry no secret. */
export function describeError(e) {
  if (e instanceof RefundError) return `${e.code}${e.platformCode ? ` (${e.platformCode})` : ""}: ${e.message}`;
  const cause = e?.cause?.code ? ` (${e.cause.code})` : "";
  return `${e?.code ?? e?.name ?? "error"}: ${e?.message ?? String(e)}${cause}`;
}

/** A shop's configured since as RefundSync takes it: epoch ms digits as a number, text as is. */
const sinceValue = (since) => (/^\d+$/.test(since) ? Number(since) : since);

/**
 * Runs `workers` workers until every due shop is done (`once`) or until `signal` aborts.
 * Returns the per-shop results of this run (the summary).
 *   credentialsFor(shopRow) → credentials (throws when missing)
 *   endpointFor(shopRow)    → the URL to send to, or undefined for the platform's own
 *   report                  → events: claimed, page, rejected, retry, finished, failed, lost,
 *                             stopped, state_discarded, database_error
 */
export async function runWorkers(db, { once = true, signal, report = () => {}, credentialsFor, endpointFor = (s) => s.endpoint ?? undefined, ...settings }) {
  const config = { ...DEFAULTS, ...Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) };
  const limits = new Map((await platformLimits(db)).map((l) => [l.platform, l]));
  const { rows } = await db.query("SELECT now() AS now");
  const runStart = rows[0].now;
  const results = new Map();
  const ctx = { db, config, limits, signal, report, credentialsFor, endpointFor, results };
  const base = `${hostname()}:${process.pid}`;
  const pollMs = Math.min(1000, Math.max(50, config.leaseMs / 10));

  const worker = async (index) => {
    const id = config.workers > 1 ? `${base}:${index + 1}` : base;
    let failures = 0; // database errors in a row; the worker gives up after maxAttempts
    while (!signal?.aborted) {
      try {
        const dueBefore = once ? runStart : (await db.query("SELECT now() - $1 * interval '1 millisecond' AS t", [config.everyMs])).rows[0].t;
        const lease = await claimShop(db, { worker: id, dueBefore, leaseMs: config.leaseMs });
        failures = 0;
        if (lease) {
          await syncShop(ctx, lease);
          continue;
        }
        // Nothing free: done when no shop is due at all, else wait for a lease to end or expire.
        if (once && (await dueCount(db, dueBefore)) === 0) return;
        await sleep(once ? pollMs : Math.min(config.everyMs, 5000), signal);
      } catch (e) {
        failures += 1;
        if (failures >= config.maxAttempts) throw e;
        const delay = backoffMs(failures, config);
        report("database_error", { worker: id, attempt: failures, delayMs: delay, error: describeError(e) });
        await sleep(delay, signal);
      }
    }
  };
  await Promise.all(Array.from({ length: config.workers }, (_, i) => worker(i)));
  return [...results.values()];
}

function resultOf(ctx, lease) {
  let result = ctx.results.get(lease.shop);
  if (!result) {
    // ms: time holding the shop; fetchMs: requests, waits and parsing; commitMs: page transactions.
    result = { shop: lease.shop, platform: lease.platform, result: "running", inserted: 0, updated: 0, requests: 0, retries: 0, rejected: 0, ms: 0, fetchMs: 0, commitMs: 0, error: null };
    ctx.results.set(lease.shop, result);
  }
  return result;
}

async function syncShop(ctx, lease) {
  const { db, config, report } = ctx;
  const result = resultOf(ctx, lease);
  const started = performance.now();
  const limit = ctx.limits.get(lease.platform);
  let lost = null;
  const heartbeat = setInterval(() => {
    atDatabase(() => renewLease(db, lease, config.leaseMs)).catch((e) => (lost ??= e));
  }, Math.max(20, config.leaseMs / 3));
  const event = (name, extra = {}) => report(name, { shop: lease.shop, platform: lease.platform, worker: lease.lease_owner, ...extra });
  try {
    let sync = null;
    let untilMs;
    let resumed = false;
    if (lease.sync_state) {
      try {
        sync = RefundSync.fromJSON(lease.sync_state);
        untilMs = lease.sync_until_ms;
        resumed = true;
      } catch (e) {
        // A state this package version cannot read (written by another version): the sync
        // starts again from the cursor. Nothing is lost: the upsert makes a re-read harmless.
        event("state_discarded", { error: describeError(e) });
      }
    }
    if (!sync) {
      untilMs = Date.now();
      const since =
        lease.cursor_ms === null
          ? sinceValue(lease.since)
          : Math.min(lease.cursor_ms - config.overlapMs, lease.lookback_ms === null ? Infinity : untilMs - lease.lookback_ms);
      sync = new RefundSync(lease.platform, { since, until: untilMs });
    }
    event("claimed", { resumed, untilMs });
    const credentials = ctx.credentialsFor(lease);
    const options = { ...(lease.options ?? {}) };
    const endpoint = ctx.endpointFor(lease);
    if (endpoint) options.endpoint = endpoint;

    for (;;) {
      if (lost) throw lost;
      if (ctx.signal?.aborted) {
        await atDatabase(() => releaseLease(db, lease, { outcome: "stopped" }));
        result.result = "stopped";
        event("stopped");
        return;
      }
      const fetchStart = performance.now();
      const fetched = await fetchPage(ctx, sync, credentials, options, limit, result, event);
      const done = fetched.page === null || sync.done;
      const commitStart = performance.now();
      result.fetchMs += commitStart - fetchStart;
      const written = await atDatabase(() => commitPage(db, lease, {
        refunds: fetched.page?.refunds ?? [],
        state: sync.toJSON(),
        requests: fetched.requests,
        done,
        untilMs,
        leaseMs: config.leaseMs,
      }));
      result.commitMs += performance.now() - commitStart;
      result.inserted += written.inserted;
      result.updated += written.updated;
      result.rejected += fetched.page?.rejected.length ?? 0;
      for (const bad of fetched.page?.rejected ?? []) event("rejected", { id: bad.id ?? null, index: bad.index, path: bad.path, code: bad.code, message: bad.message });
      event("page", { ...written, refunds: fetched.page?.refunds.length ?? 0, progress: sync.progress(), done });
      if (done) break;
    }
    await atDatabase(() => releaseLease(db, lease, { outcome: "ok" }));
    result.result = "ok";
    result.error = null;
    event("finished", { inserted: result.inserted, updated: result.updated });
  } catch (e) {
    if (e instanceof LeaseLost || e instanceof DatabaseUnavailable) {
      // Not the shop's failure: what is committed stands, and the shop is claimed again.
      result.result = e instanceof LeaseLost ? "lease lost" : "interrupted";
      event(e instanceof LeaseLost ? "lost" : "database_error", { error: e.message });
      return;
    }
    const error = describeError(e);
    result.result = "failed";
    result.error = error;
    event("failed", { error });
    await releaseLease(db, lease, { outcome: "failed", failure: error }).catch((releaseError) => {
      event("lost", { error: describeError(releaseError) });
    });
  } finally {
    clearInterval(heartbeat);
    result.ms += performance.now() - started;
  }
}

/**
 * One page: the next request sent and accepted, retried with backoff while the error is
 * retryable. Returns { page (null when the sync has no next request), requests sent }.
 * Requests, headers and bodies are never logged: they hold the credentials or a signature.
 */
async function fetchPage(ctx, sync, credentials, options, limit, result, event) {
  const { config } = ctx;
  let requests = 0;
  for (let attempt = 1; ; attempt += 1) {
    const request = sync.next(credentials, options); // freshly signed on every attempt
    if (!request) return { page: null, requests };
    const wait = limit ? await atDatabase(() => reserveRequest(ctx.db, limit.platform, limit.min_interval_ms)) : 0;
    if (wait > 0) await sleep(wait);
    requests += 1;
    result.requests += 1;
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(config.requestTimeoutMs),
      });
      const body = new Uint8Array(await response.arrayBuffer());
      return { page: sync.accept(body, { httpStatus: response.status, headers: response.headers }), requests };
    } catch (e) {
      if (!retryableError(e) || attempt >= config.maxAttempts) throw e;
      // The wait the platform asked for (its Retry-After, or its answer's own words) when it
      // is longer than the backoff, up to the cap.
      const asked = e.retryAfterFrom === "header" || e.retryAfterFrom === "answer" ? e.retryAfterMs : 0;
      const delay = Math.min(config.backoffCapMs, Math.max(asked, backoffMs(attempt, config)));
      result.retries += 1;
      event("retry", { attempt, delayMs: delay, error: describeError(e) });
      await sleep(delay);
    }
  }
}
