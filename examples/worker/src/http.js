// HTTP plumbing shared by every route: bilingual JSON errors, the body size limit, CORS for
// configured origins only, and secret redaction on the way out.
//
// Invariant: an answer never carries a stack, an exception's own text or a credential value.
// Every error a caller sees is an HttpError or a RefundError turned into
// `{ error: { code, message, messageZh, retryable, ... } }`; anything else is a generic 500.
import { RefundError } from "refund-normalizer";

/** An answer other than 200, with its bilingual error. */
export class HttpError extends Error {
  constructor(status, code, message, messageZh, { retryable = false, headers = {}, extra = {} } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.messageZh = messageZh;
    this.retryable = retryable;
    this.headers = headers;
    this.extra = extra;
  }
}

export const notFound = () => new HttpError(404, "not_found", "no such route", "没有这个路径");

export function json(value, status = 200, headers = {}) {
  return new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });
}

// Caller mistakes are 400. The platform's own answers, relayed by /fetch, are 502, and
// credentials from the Worker's secrets that the package refuses are 503 (routes.js).
const REFUND_ERROR_STATUS = { internal_error: 500 };

/** The fields of a RefundError a caller may see (no stack, nothing else). */
export function refundErrorBody(e) {
  const { code, message, messageZh, retryable, platformCode, platformMessage, issues, path } = e;
  return { code, message, messageZh, retryable, platformCode, platformMessage, issues, path };
}

const INTERNAL = { code: "internal_error", message: "internal error", messageZh: "内部错误", retryable: true };

/** Any thrown value → an answer. Unknown exceptions become a generic 500 and are logged by name only. */
export function errorResponse(e) {
  if (e instanceof HttpError) {
    return json({ error: { code: e.code, message: e.message, messageZh: e.messageZh, retryable: e.retryable, ...e.extra } }, e.status, e.headers);
  }
  if (e instanceof RefundError) return json({ error: refundErrorBody(e) }, REFUND_ERROR_STATUS[e.code] ?? 400);
  // The exception's message may quote a secret or a body: only its class name is logged.
  console.error(`refund-normalizer worker: unexpected ${e?.constructor?.name ?? typeof e}`);
  return json({ error: INTERNAL }, 500);
}

// ---------------------------------------------------------------------------------------
// Bodies.

/** A positive integer var (digits), else `fallback`. */
export function intVar(env, name, fallback) {
  const text = env[name];
  return typeof text === "string" && /^[1-9]\d{0,9}$/.test(text) ? Number(text) : fallback;
}

/** MAX_BODY_BYTES, else 1 MiB. */
export const bodyLimit = (env) => intVar(env, "MAX_BODY_BYTES", 1024 * 1024);

const tooLarge = (limit) =>
  new HttpError(413, "body_too_large", `the request body is over ${limit} bytes`, `请求体超过 ${limit} 字节`);

/**
 * The whole body of `message` (a Request or a Response), refused past `limit` bytes: a
 * declared Content-Length over the limit before reading anything, a stream without one as soon
 * as it passes the limit (then cancelled). `onTooLarge` makes the error.
 */
export async function readCapped(message, limit, onTooLarge = tooLarge) {
  const declared = message.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) {
    await message.body?.cancel();
    throw onTooLarge(limit);
  }
  if (!message.body) return new Uint8Array(0);
  const reader = message.body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw onTooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** The request body as a JSON object, within the limit. */
export async function readJsonObject(request, env) {
  const bytes = await readCapped(request, bodyLimit(env));
  let value;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    value = undefined;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new HttpError(400, "invalid_body", "the request body must be a JSON object", "请求体必须是 JSON 对象");
  }
  return value;
}

// ---------------------------------------------------------------------------------------
// CORS: only origins listed in ALLOWED_ORIGINS (comma-separated, exact `scheme://host[:port]`).

const allowedOrigins = (env) =>
  new Set(
    String(env.ALLOWED_ORIGINS ?? "")
      .split(",")
      .map((o) => o.trim())
      .filter(Boolean),
  );

/** The CORS headers for this request: none unless its Origin is listed. */
export function corsHeaders(request, env) {
  const origin = request.headers.get("origin");
  if (origin === null || !allowedOrigins(env).has(origin)) return { vary: "Origin" };
  return { "access-control-allow-origin": origin, vary: "Origin" };
}

/** An OPTIONS preflight: 204 with the allowed methods and headers for a listed origin, 403 otherwise. */
export function preflight(request, env) {
  const cors = corsHeaders(request, env);
  if (!cors["access-control-allow-origin"]) {
    return json({ error: { code: "origin_not_allowed", message: "this origin may not call the Worker", messageZh: "此来源不允许调用 Worker", retryable: false } }, 403, cors);
  }
  return new Response(null, {
    status: 204,
    headers: {
      ...cors,
      "access-control-allow-methods": "GET, POST, OPTIONS",
      "access-control-allow-headers": "Authorization, Content-Type",
      "access-control-max-age": "600",
    },
  });
}

/** `response` with `headers` added (Responses built here have mutable headers). */
export function withHeaders(response, headers) {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

// ---------------------------------------------------------------------------------------
// Redaction: the last guard on answers built from a platform's reply.

/** `text` with every secret's JSON-escaped form replaced by "[redacted]" (secrets shorter than 4 characters are not looked for). */
export function redact(text, secrets) {
  let out = text;
  for (const secret of secrets) {
    if (typeof secret !== "string" || secret.length < 4) continue;
    const escaped = JSON.stringify(secret).slice(1, -1);
    out = out.split(escaped).join("[redacted]");
  }
  return out;
}
