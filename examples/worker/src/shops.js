// The shops the Worker syncs and how a shop's sync starts.
//
//   SHOP_CREDENTIALS  secret: {"<shop>": {"platform": "wangdiantong", "credentials": {…}}, …}
//   SYNC_BACKFILL_DAYS, SYNC_OVERLAP_SECONDS, SYNC_INTERVAL_MINUTES  vars (sync.js reads the rest)
//
// Invariants: credentials are read from the secret where they are used and never written to
// D1, a step's result, an answer or a log. A shop has at most one running Workflow instance:
// its id is claimed in D1 before the instance is created, and only while no other is active.
import { RefundError, RefundSync } from "refund-normalizer";
import { HttpError, intVar } from "./http.js";
import { PLATFORM_IDS, secretJson } from "./config.js";
import { claimShop, ensureShop, getShop, recordError, releaseShop, resetCursor } from "./store.js";

const SHOP_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,47}$/;
const DAY_MS = 86400e3;

/** The statuses of a Workflow instance that is not finished (it may still write). */
const ACTIVE = new Set(["queued", "running", "paused", "waiting", "waitingForPause"]);

/** Every shop of SHOP_CREDENTIALS by name. An entry that is not valid is `{ error }` (the others still sync). */
export function shopConfigs(env) {
  const all = secretJson(env, "SHOP_CREDENTIALS");
  if (all === null || typeof all !== "object" || Array.isArray(all)) {
    throw new HttpError(503, "not_configured", "the secret SHOP_CREDENTIALS must be a JSON object keyed by shop", "secret SHOP_CREDENTIALS 必须是以店铺为键的 JSON 对象");
  }
  const shops = new Map();
  for (const [shop, entry] of Object.entries(all)) {
    if (!SHOP_NAME.test(shop)) continue;
    const valid = entry && typeof entry === "object" && PLATFORM_IDS.has(entry.platform) && entry.credentials && typeof entry.credentials === "object";
    shops.set(
      shop,
      valid
        ? { platform: entry.platform, credentials: entry.credentials }
        : { error: { code: "not_configured", message: `SHOP_CREDENTIALS["${shop}"] needs a known platform and a credentials object`, messageZh: `SHOP_CREDENTIALS["${shop}"] 需要已知平台和 credentials 对象`, retryable: false } },
    );
  }
  return shops;
}

/** One shop's configuration: 404 for a shop SHOP_CREDENTIALS does not name, 503 for an entry that is not valid. */
export function shopConfig(env, shop) {
  const config = SHOP_NAME.test(shop) ? shopConfigs(env).get(shop) : undefined;
  if (!config) throw new HttpError(404, "unknown_shop", `no shop ${JSON.stringify(shop)} in SHOP_CREDENTIALS`, `SHOP_CREDENTIALS 中没有店铺 ${JSON.stringify(shop)}`);
  if (config.error) throw new HttpError(503, config.error.code, config.error.message, config.error.messageZh);
  return config;
}

const cursorError = (message, messageZh) =>
  new HttpError(409, "invalid_cursor", `${message}; POST /shops/:shop/sync?reset=1 starts over`, `${messageZh};POST /shops/:shop/sync?reset=1 可重新开始`);

/**
 * The sync a shop continues or starts: its saved cursor (refused if it is not a valid
 * RefundSync state of the shop's platform), else a new range from the end of the last one
 * (less the overlap) or SYNC_BACKFILL_DAYS back, to `now`. → `{ state, until }`.
 */
export function openSync(row, config, env, now) {
  if (row?.cursor) {
    let state;
    try {
      state = RefundSync.fromJSON(row.cursor).toJSON();
    } catch (e) {
      // Whatever fromJSON refuses is a cursor this shop cannot resume; only its own words are shown.
      if (e instanceof RefundError) throw cursorError(`the saved cursor is not a valid sync state (${e.message})`, `保存的游标不是有效的同步状态(${e.messageZh})`);
      throw cursorError("the saved cursor is not a valid sync state", "保存的游标不是有效的同步状态");
    }
    if (state.platform !== config.platform) {
      throw cursorError(`the saved cursor is a ${state.platform} sync, the shop is ${config.platform}`, `保存的游标属于 ${state.platform},店铺平台是 ${config.platform}`);
    }
    return { state, until: row.range_until ?? now };
  }
  const overlap = intVar(env, "SYNC_OVERLAP_SECONDS", 300) * 1000;
  const since = row?.synced_until != null ? row.synced_until - overlap : now - intVar(env, "SYNC_BACKFILL_DAYS", 30) * DAY_MS;
  return { state: new RefundSync(config.platform, { since, until: now }).toJSON(), until: now };
}

/** `{ code, message, messageZh, retryable }` of an error, for D1 and answers: never a stack or an unknown exception's text. */
export function errorReason(e) {
  if (e instanceof HttpError || e instanceof RefundError) {
    return { code: e.code, message: e.message, messageZh: e.messageZh, retryable: Boolean(e.retryable) };
  }
  return { code: "internal_error", message: "internal error", messageZh: "内部错误", retryable: true };
}

/** The status of a Workflow instance, "unknown" when there is none by that id. */
export async function instanceStatus(env, id) {
  try {
    return (await (await env.SYNC_WORKFLOW.get(id)).status()).status;
  } catch {
    return "unknown";
  }
}

/**
 * Starts a Workflow instance for `shop` unless one is active. With `due`, only if the shop is
 * due (never synced, the interval passed, or a cursor left without an error). A cursor that
 * cannot be resumed is recorded for the shop and thrown. → `{ started, instanceId }`.
 */
export async function startSync(env, shop, { reset = false, due = false, now = Date.now() } = {}) {
  const config = shopConfig(env, shop);
  const db = env.DB;
  await ensureShop(db, shop, config.platform);
  if (reset) await resetCursor(db, shop);
  const row = await getShop(db, shop);
  if (row.instance_id && ACTIVE.has(await instanceStatus(env, row.instance_id))) return { started: false, instanceId: row.instance_id };
  if (due) {
    const interval = intVar(env, "SYNC_INTERVAL_MINUTES", 60) * 60e3;
    const last = row.finished_at ?? row.started_at;
    const resumable = row.cursor !== null && row.last_error === null;
    if (last !== null && now - last < interval && !resumable) return { started: false, instanceId: null };
  }
  try {
    openSync(row, config, env, now);
  } catch (e) {
    await recordError(db, shop, errorReason(e));
    throw e;
  }
  const instanceId = `${shop}-${now.toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
  if (!(await claimShop(db, shop, row.instance_id, instanceId, now))) return { started: false, instanceId: (await getShop(db, shop)).instance_id };
  try {
    await env.SYNC_WORKFLOW.create({ id: instanceId, params: { shop } });
  } catch (e) {
    await releaseShop(db, shop, instanceId);
    throw e;
  }
  return { started: true, instanceId };
}

/** The cron: every due shop gets an instance; a shop that fails is recorded and the others go on. → per shop outcome. */
export async function startDueShops(env, now = Date.now()) {
  const outcomes = {};
  for (const shop of shopConfigs(env).keys()) {
    try {
      outcomes[shop] = await startSync(env, shop, { due: true, now });
    } catch (e) {
      const reason = errorReason(e);
      outcomes[shop] = { started: false, error: reason };
      if (reason.code !== "invalid_cursor") await recordError(env.DB, shop, reason).catch(() => {});
      console.warn(`refund sync: shop ${shop}: ${reason.code}`);
    }
  }
  return outcomes;
}
