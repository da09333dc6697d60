// createSimulator(platform, options): one platform's server logic, pure (no network), over a
// deterministic data set that can change while a client pages through it.
//
// Every platform module (gateways/platforms/<id>.mjs) supplies, as its default export:
//   id, path                         its platform id (the file's name) and endpoint path
//   credentials                      the demo credentials it accepts (frozen; ctx.credentials)
//   endpointCredential?              the credential that carries the caller's endpoint (ShopEx's
//                                    baseUrl), filled in by credentialsFor()
//   generate(tools, { seq, created, updated, now }) → record { id, created, updated, status, wire }
//   touch(tools, record, now)        a live change (new status, updated = now)
//   handle(request, ctx)             → { response, params, error }  (error: the platform code or null)
//   fault(kind, ctx)                 → the platform's own rate-limit / time-skew answer
// `wire` is the record exactly as the platform writes it (ids and money as digit strings);
// `created`/`updated` are epoch seconds; `status` the platform's code.

import { readdirSync } from "node:fs";
import { DAY, mulberry32, notFoundPage, normalizeHeaders, randomTools, reply, seedOf, serverErrorPage, truncate } from "./common.mjs";

/** The gateways' one list of platforms: every gateways/platforms/<id>.mjs, by its `id`. The
 * tests check it against the package's `platforms()` (the gateways do not use the package). */
const platformsDir = new URL("./platforms/", import.meta.url);
export const PLATFORMS = Object.fromEntries(
  await Promise.all(
    readdirSync(platformsDir)
      .filter((name) => name.endsWith(".mjs"))
      .sort()
      .map(async (name) => {
        const platform = (await import(new URL(name, platformsDir))).default;
        if (`${platform.id}.mjs` !== name) throw new Error(`gateways/platforms/${name} declares id ${platform.id}`);
        return [platform.id, platform];
      }),
  ),
);
export const FAULTS = ["rate_limit", "time_skew", "server_error", "truncated"];
export const ORDERS = ["updated", "created", "id", "shuffled"];

/**
 * @param {string} platformId one of PLATFORMS' ids
 * @param {{ seed?: number, count?: number, start?: number, days?: number,
 *           now?: () => number, order?: "updated"|"created"|"id"|"shuffled" }} [options]
 */
export function createSimulator(platformId, options = {}) {
  const platform = PLATFORMS[platformId];
  if (!platform) throw new Error(`unknown platform ${platformId}: one of ${Object.keys(PLATFORMS).join(", ")}`);
  const seed = options.seed ?? 20261122;
  const count = options.count ?? 3000;
  const days = options.days ?? 95;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const order = options.order ?? platform.defaultOrder;
  if (!ORDERS.includes(order)) throw new Error(`order must be one of ${ORDERS.join(", ")}`);
  if (platform.orders && !platform.orders.includes(order)) throw new Error(`${platformId} does not serve order ${order}`);

  const startNow = now();
  const start = options.start ?? startNow - days * DAY;
  const end = Math.min(start + days * DAY, startNow);

  // Separate streams: the data set does not depend on how often update/add/shuffle ran.
  const data = randomTools(mulberry32(seedOf(seed, platformId, "data")));
  const live = randomTools(mulberry32(seedOf(seed, platformId, "live")));
  const shuffle = mulberry32(seedOf(seed, platformId, "order"));

  const records = [];
  let seq = 0;
  const make = (created, updated) => {
    const record = platform.generate(data, { seq, created, updated, now: end });
    // A stable shuffle key: a record keeps its place in "shuffled" order for life.
    Object.defineProperty(record, "seq", { value: seq, enumerable: false, writable: false });
    Object.defineProperty(record, "shuffleKey", { value: shuffle(), enumerable: false, writable: false });
    seq += 1;
    records.push(record);
    return record;
  };
  const span = Math.max(1, end - start);
  for (let i = 0; i < count; i += 1) {
    const created = start + Math.floor(data.rng() * span);
    // Most refunds move within days; a few are touched much later (an ERP edit, a dispute).
    const later = data.chance(0.85) ? data.int(60, 5 * DAY) : data.int(5 * DAY, 40 * DAY);
    make(created, Math.min(end, created + later));
  }

  const orderFns = {
    updated: (a, b) => a.updated - b.updated || a.seq - b.seq,
    created: (a, b) => a.created - b.created || a.seq - b.seq,
    id: (a, b) => a.seq - b.seq,
    shuffled: (a, b) => a.shuffleKey - b.shuffleKey || a.seq - b.seq,
  };

  const pending = [];
  const log = [];
  const state = {};
  const ctx = {
    platform: platformId,
    now,
    order,
    credentials: platform.credentials,
    state,
    /** The records in the order this server serves them (live: reflects update/add). */
    list: (by = order) => [...records].sort(orderFns[by]),
  };

  function takeFault(headers) {
    const asked = headers["x-gateway-fault"];
    if (asked) return asked.trim();
    return pending.length > 0 ? pending.shift() : null;
  }

  function handle({ url = "/", method = "POST", headers = {}, body = "" } = {}) {
    const h = normalizeHeaders(headers);
    const text = typeof body === "string" ? body : body == null ? "" : Buffer.from(body).toString("utf8");
    const parsed = new URL(url, "http://gateway.invalid");
    const request = { url: parsed, path: parsed.pathname, method: method.toUpperCase(), headers: h, body: text };
    const entry = { n: log.length + 1, at: now(), method: request.method, path: request.path, params: null, status: 0, error: null, fault: null };
    log.push(entry);

    if (!platform.matches(request.path)) {
      const response = notFoundPage();
      entry.status = response.status;
      entry.error = "not_found";
      return response;
    }
    const fault = takeFault(h);
    let response;
    if (fault) {
      entry.fault = fault;
      if (!FAULTS.includes(fault) || (platform.unsupportedFaults ?? []).includes(fault)) {
        response = reply(400, `unknown or unsupported fault ${fault} for ${platformId}\n`, "text/plain; charset=utf-8");
        entry.error = "bad_fault";
      } else if (fault === "server_error") {
        response = serverErrorPage(`fault injected on ${platformId}`);
        entry.error = "server_error";
      } else if (fault === "truncated") {
        const served = platform.handle(request, ctx);
        entry.params = served.params ?? null;
        entry.error = served.error ?? null;
        response = truncate(served.response);
      } else {
        const served = platform.fault(fault, ctx, request);
        entry.params = served.params ?? null;
        entry.error = served.error;
        response = served.response;
      }
    } else {
      const served = platform.handle(request, ctx);
      entry.params = served.params ?? null;
      entry.error = served.error ?? null;
      response = served.response;
    }
    entry.status = response.status;
    return response;
  }

  return {
    platform: platformId,
    order,
    start,
    handle,
    log,
    /** The current truth, deep-copied, in creation order. */
    records: () => records.map((r) => ({ ...structuredClone(r), seq: r.seq })),
    /** n records change as on a live server: a new status and updated = now. */
    update(n = 1) {
      const t = now();
      const changed = [];
      for (let i = 0; i < n && records.length > 0; i += 1) {
        const record = records[Math.floor(live.rng() * records.length)];
        platform.touch(live, record, t);
        changed.push(record.id);
      }
      return changed;
    },
    /** n new records created now. */
    add(n = 1) {
      const t = now();
      const added = [];
      for (let i = 0; i < n; i += 1) {
        // New data comes from the live stream, so the seeded data set stays reproducible.
        const record = platform.generate(live, { seq, created: t, updated: t, now: t, fresh: true });
        Object.defineProperty(record, "seq", { value: seq, enumerable: false });
        Object.defineProperty(record, "shuffleKey", { value: shuffle(), enumerable: false });
        seq += 1;
        records.push(record);
        added.push(record.id);
      }
      return added;
    },
    /** The next `times` requests get `fault` (rate_limit, time_skew, server_error, truncated). */
    inject(fault, times = 1) {
      if (!FAULTS.includes(fault)) throw new Error(`fault must be one of ${FAULTS.join(", ")}`);
      if ((platform.unsupportedFaults ?? []).includes(fault)) throw new Error(`${platformId} has no ${fault}: ${platform.unsupportedWhy}`);
      for (let i = 0; i < times; i += 1) pending.push(fault);
    },
    /** The faults this platform's server has (FAULTS but its `unsupportedFaults`). */
    faults: FAULTS.filter((fault) => !(platform.unsupportedFaults ?? []).includes(fault)),
    /** Pending injected faults (not yet served). */
    pendingFaults: () => [...pending],
  };
}
