// The refund-normalizer Worker.
//
//   POST /validate/:platform   { query, options? }            → { ok, issues, params? }
//   POST /sign/:platform       { query, options? }            → { url, method, headers, body }
//   POST /normalize/:platform  <the platform's raw body>      → { refunds, page, rejected, warnings }
//        (?page=&pageSize=&total=&includeRaw=1&operation=refundAmount)
//   scheduled                  one RefundSync step per tick, the cursor in SYNC_KV
//
// Credentials come from secrets (CREDENTIALS_<PLATFORM>, JSON). A request body may carry them
// only when MODE is "development". Bad input is a 400 with a structured error, never a 500.
import { buildRequest, parseResponse, platforms, RefundError, RefundSync, validateQuery } from "refund-normalizer";

const PLATFORM_IDS = new Set(platforms().map((p) => p.id));
const CURSOR_KEY = "cursor";

const json = (value, status = 200) => Response.json(value, { status });

function errorResponse(e) {
  if (e instanceof RefundError) {
    const { code, message, messageZh, retryable, platformCode, platformMessage, issues, path } = e;
    return json({ error: { code, message, messageZh, retryable, platformCode, platformMessage, issues, path } }, 400);
  }
  throw e;
}

function badRequest(code, message, messageZh) {
  return json({ error: { code, message, messageZh, retryable: false } }, 400);
}

function credentialsFor(platform, env, body) {
  if (body && body.credentials !== undefined) {
    if (env.MODE !== "development") {
      throw new RefundError({
        code: "invalid_credentials",
        message: "credentials come from the Worker's secrets, never from the request (set MODE=development to allow it)",
        messageZh: "凭据只能来自 Worker 的 secret,不能放在请求中(开发模式 MODE=development 除外)",
      });
    }
    return body.credentials;
  }
  const secret = env[`CREDENTIALS_${platform.toUpperCase()}`];
  if (!secret) {
    throw new RefundError({
      code: "invalid_credentials",
      message: `no secret CREDENTIALS_${platform.toUpperCase()} is set for this Worker`,
      messageZh: `此 Worker 未设置 secret CREDENTIALS_${platform.toUpperCase()}`,
    });
  }
  try {
    return JSON.parse(secret);
  } catch {
    throw new RefundError({
      code: "invalid_credentials",
      message: `the secret CREDENTIALS_${platform.toUpperCase()} is not JSON`,
      messageZh: `secret CREDENTIALS_${platform.toUpperCase()} 不是 JSON`,
    });
  }
}

async function jsonBody(request) {
  try {
    const value = await request.json();
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error();
    return value;
  } catch {
    return undefined;
  }
}

function parseOptionsFrom(url) {
  const p = url.searchParams;
  const options = {};
  const page = p.get("page");
  const pageSize = p.get("pageSize");
  if (page !== null || pageSize !== null) options.query = { page: page ?? undefined, pageSize: pageSize ?? undefined };
  if (p.get("total") !== null) options.total = p.get("total");
  if (p.get("includeRaw") === "1") options.includeRaw = true;
  if (p.get("operation")) options.operation = p.get("operation");
  return options;
}

async function route(request, env) {
  const url = new URL(request.url);
  const [, action, platform, extra] = url.pathname.split("/");
  const known = ["validate", "sign", "normalize"];
  if (!known.includes(action) || extra !== undefined) {
    return json({ error: { code: "not_found", message: "POST /validate|sign|normalize/:platform", messageZh: "未知路径" } }, 404);
  }
  if (request.method !== "POST") return json({ error: { code: "method_not_allowed", message: "use POST", messageZh: "请使用 POST" } }, 405);
  if (!PLATFORM_IDS.has(platform)) {
    return badRequest("unknown_platform", `unknown platform ${JSON.stringify(platform)}`, `未知平台 ${JSON.stringify(platform)}`);
  }

  if (action === "normalize") {
    const body = new Uint8Array(await request.arrayBuffer());
    return json(parseResponse(platform, body, parseOptionsFrom(url)));
  }
  const body = await jsonBody(request);
  if (!body) return badRequest("invalid_body", "the request body must be a JSON object", "请求体必须是 JSON 对象");
  if (action === "validate") return json(validateQuery(platform, body.query, body.options));
  return json(buildRequest(platform, credentialsFor(platform, env, body), body.query, body.options));
}

// Vars are text: digits are epoch milliseconds, anything else a time text.
const timeVar = (value) => (/^\d+$/.test(value ?? "") ? Number(value) : value);

/** One step of the configured sync: load the cursor, send one request, store refunds and cursor. */
export async function syncStep(env) {
  const platform = env.SYNC_PLATFORM;
  const saved = await env.SYNC_KV.get(CURSOR_KEY, "json");
  const sync = saved ? RefundSync.fromJSON(saved) : new RefundSync(platform, { since: timeVar(env.SYNC_SINCE), until: timeVar(env.SYNC_UNTIL) });
  const options = env.SYNC_ENDPOINT ? { endpoint: env.SYNC_ENDPOINT } : undefined;
  const request = sync.next(credentialsFor(platform, env), options);
  if (!request) return { done: true, progress: sync.progress() };
  const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
  let page;
  try {
    page = sync.accept(new Uint8Array(await response.arrayBuffer()));
  } catch (e) {
    // The cursor did not move: the next tick retries with a freshly signed request.
    if (e instanceof RefundError) return { done: false, error: { code: e.code, retryable: e.retryable, platformCode: e.platformCode } };
    throw e;
  }
  const progress = sync.progress();
  if (page.refunds.length > 0) {
    await env.REFUNDS_KV.put(`refunds:${platform}:${String(progress.requests).padStart(6, "0")}`, JSON.stringify(page.refunds));
  }
  await env.SYNC_KV.put(CURSOR_KEY, JSON.stringify(sync));
  return { done: progress.done, progress, emitted: page.refunds.length };
}

export default {
  async fetch(request, env) {
    try {
      return await route(request, env);
    } catch (e) {
      return errorResponse(e);
    }
  },

  async scheduled(event, env) {
    const outcome = await syncStep(env);
    if (outcome.error) console.warn(`refund sync: ${outcome.error.code}, retrying next tick`);
  },
};
