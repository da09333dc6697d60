// The shop routes, behind authentication like every route (index.js):
//
//   POST /shops/:shop/sync[?reset=1]   start a sync now → 202 { shop, instanceId }; 409 when one runs
//   GET  /shops/:shop/sync             { shop, platform, running, instance, cursor, syncedUntil, lastRun, lastError }
//   GET  /shops/:shop/refunds?status=&updatedSince=&limit=&after=
//        → { refunds, next }: stored refunds in (platform, id) order; `next` is the `after` of the next page
import { RefundSync } from "refund-normalizer";
import { HttpError, json, notFound } from "./http.js";
import { errorReason, instanceStatus, shopConfig, startSync } from "./shops.js";
import { countRefunds, getShop, listRefunds } from "./store.js";

const badParam = (name, message, messageZh) => new HttpError(400, "invalid_options", message, messageZh, { extra: { path: name } });

async function start(shop, request, env, url) {
  const outcome = await startSync(env, shop, { reset: url.searchParams.get("reset") === "1" });
  if (!outcome.started) {
    throw new HttpError(409, "sync_running", "a sync of this shop is running", "此店铺的同步正在进行", { extra: { instanceId: outcome.instanceId } });
  }
  return json({ shop, instanceId: outcome.instanceId }, 202);
}

/** The progress a saved cursor stands for, or its error. */
function cursorProgress(cursor) {
  if (cursor === null) return null;
  try {
    return RefundSync.fromJSON(cursor).progress();
  } catch (e) {
    return { error: errorReason(e) };
  }
}

const isoOrNull = (ms) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

async function status(shop, request, env) {
  const config = shopConfig(env, shop);
  const row = await getShop(env.DB, shop);
  const instance = row?.instance_id ? { id: row.instance_id, status: await instanceStatus(env, row.instance_id) } : null;
  return json({
    shop,
    platform: config.platform,
    running: instance !== null && !["complete", "errored", "terminated", "unknown"].includes(instance.status),
    instance,
    cursor: cursorProgress(row?.cursor ?? null),
    syncedUntil: isoOrNull(row?.synced_until),
    lastRun: row ? { startedAt: isoOrNull(row.started_at), finishedAt: isoOrNull(row.finished_at), requests: row.requests, refundsStored: row.refunds_stored } : null,
    lastError: row?.last_error ? JSON.parse(row.last_error) : null,
    storedRefunds: await countRefunds(env.DB, shop),
  });
}

const pad = (n) => String(n).padStart(2, "0");

/** `updatedSince` (epoch ms, RFC 3339 or Beijing `yyyy-MM-dd HH:mm:ss`) as stored text: RFC 3339 in +08:00. */
function storedTime(text) {
  let ms;
  if (/^\d{1,15}$/.test(text)) ms = Number(text);
  else if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) ms = Date.parse(`${text.replace(" ", "T")}+08:00`);
  else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text)) ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw badParam("updatedSince", "updatedSince must be epoch milliseconds, RFC 3339 or yyyy-MM-dd HH:mm:ss (Beijing)", "updatedSince 必须是毫秒时间戳、RFC 3339 或 yyyy-MM-dd HH:mm:ss(北京时间)");
  const d = new Date(ms + 8 * 3600e3);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+08:00`;
}

/** The paging key as base64url of its JSON (safe in a query string as it is). */
function encodeAfter(last) {
  if (last === null) return null;
  const bytes = new TextEncoder().encode(JSON.stringify(last));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeAfter(text) {
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "string")) return value;
  } catch {
    // falls through to the error
  }
  throw badParam("after", "after must be the `next` of a previous page", "after 必须是上一页返回的 next");
}

async function refunds(shop, request, env, url) {
  shopConfig(env, shop);
  const p = url.searchParams;
  const limitText = p.get("limit") ?? "100";
  if (!/^\d{1,3}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > 500) throw badParam("limit", "limit must be 1-500", "limit 必须在 1-500 之间");
  const page = await listRefunds(env.DB, shop, {
    status: p.get("status") ?? undefined,
    updatedSince: p.get("updatedSince") === null ? undefined : storedTime(p.get("updatedSince")),
    after: p.get("after") === null ? undefined : decodeAfter(p.get("after")),
    limit: Number(limitText),
  });
  return json({ refunds: page.refunds, next: encodeAfter(page.last) });
}

const ROUTES = {
  "POST sync": start,
  "GET sync": status,
  "GET refunds": refunds,
};

export async function shopRoute(request, env, url) {
  const [, , shop, action, extra] = url.pathname.split("/");
  if (!shop || !action || extra !== undefined) throw notFound();
  const method = request.method === "HEAD" ? "GET" : request.method;
  const route = ROUTES[`${method} ${action}`];
  if (!route) {
    const allowed = Object.keys(ROUTES).filter((k) => k.endsWith(` ${action}`)).map((k) => k.split(" ")[0]);
    if (allowed.length === 0) throw notFound();
    throw new HttpError(405, "method_not_allowed", `use ${allowed.join(" or ")}`, `请使用 ${allowed.join(" 或 ")}`, { headers: { allow: allowed.join(", ") } });
  }
  let name;
  try {
    name = decodeURIComponent(shop);
  } catch {
    throw notFound();
  }
  return route(name, request, env, url);
}
