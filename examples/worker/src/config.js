// What the Worker reads from its vars and secrets. MODE = "development" is the only value that
// loosens anything; any other value (or none) is production.
//
//   API_TOKEN               secret: the bearer token callers send (auth.js)
//   CREDENTIALS_<PLATFORM>  secret: that platform's credentials as JSON (camelCase)
//   ENDPOINT_<PLATFORM>     var: send that platform's requests here instead of its own URL
//   ALLOWED_ORIGINS         var: origins allowed by CORS, comma-separated
//   MAX_BODY_BYTES          var: the request body limit (default 1 MiB)
//   MAX_PLATFORM_BYTES      var: the platform reply limit (default 32 MiB)
//   PLATFORM_TIMEOUT_MS     var: how long to wait for a platform (default 30 s)
import { buildRequest, platforms, RefundError } from "refund-normalizer";
import { HttpError } from "./http.js";

export const isDevelopment = (env) => env.MODE === "development";

export const PLATFORM_IDS = new Set(platforms().map((p) => p.id));

/** Names of each platform's credential fields marked secret (platforms()). */
const SECRET_FIELDS = new Map(platforms().map((p) => [p.id, p.credentials.filter((c) => c.secret).map((c) => c.name)]));

/** Every secret text inside `credentials` of `platform`: the secret fields, and every value of a secret object field (诺云's headers). */
export function secretValues(platform, credentials) {
  const out = [];
  const collect = (value) => {
    if (typeof value === "string") out.push(value);
    else if (value !== null && typeof value === "object") for (const inner of Object.values(value)) collect(inner);
  };
  for (const name of SECRET_FIELDS.get(platform) ?? []) collect(credentials?.[name]);
  return out;
}

export function checkPlatform(platform) {
  if (!PLATFORM_IDS.has(platform)) {
    throw new HttpError(400, "unknown_platform", `unknown platform ${JSON.stringify(platform)}`, `未知平台 ${JSON.stringify(platform)}`);
  }
}

const notConfigured = (message, messageZh) => new HttpError(503, "not_configured", message, messageZh);

/** JSON of a secret, or a 503 naming the secret (never its value). */
export function secretJson(env, name) {
  const text = env[name];
  if (typeof text !== "string" || text === "") throw notConfigured(`the secret ${name} is not set`, `未设置 secret ${name}`);
  try {
    return JSON.parse(text);
  } catch {
    throw notConfigured(`the secret ${name} is not JSON`, `secret ${name} 不是 JSON`);
  }
}

/**
 * The credentials to sign with: the secret CREDENTIALS_<PLATFORM>; in development a request
 * body may carry `credentials` instead, in production such a body is refused.
 * `{ credentials, fromSecret }`.
 */
export function credentialsFor(platform, env, body) {
  if (body?.credentials !== undefined) {
    if (!isDevelopment(env)) {
      throw new HttpError(
        400,
        "invalid_credentials",
        "credentials come from the Worker's secrets, never from the request (MODE=development allows it)",
        "凭据只能来自 Worker 的 secret,不能放在请求中(开发模式 MODE=development 除外)",
      );
    }
    return { credentials: body.credentials, fromSecret: null };
  }
  const name = `CREDENTIALS_${platform.toUpperCase()}`;
  return { credentials: secretJson(env, name), fromSecret: name };
}

/** buildRequest, where credentials from a secret that the package refuses are the Worker's fault (503), not the caller's. */
export function buildSigned(platform, { credentials, fromSecret }, query, options) {
  try {
    return buildRequest(platform, credentials, query, options);
  } catch (e) {
    if (!(e instanceof RefundError && e.code === "invalid_credentials" && fromSecret)) throw e;
    throw notConfigured(`the secret ${fromSecret} is not valid: ${e.message}`, `secret ${fromSecret} 无效:${e.messageZh}`);
  }
}

/** ENDPOINT_<PLATFORM>, or undefined for the platform's own URL. */
export function endpointFor(platform, env) {
  const value = env[`ENDPOINT_${platform.toUpperCase()}`];
  return typeof value === "string" && value !== "" ? value : undefined;
}

// buildRequest options a caller may pick. `now` (signatures valid at any time) and `endpoint`
// (where the signed request goes) only in development.
const CALLER_OPTIONS = new Set(["timestampStyle", "format", "paramsWrapper", "operation"]);
const DEVELOPMENT_OPTIONS = new Set(["now", "endpoint"]);

/** The caller's `options`, checked against what this mode allows. */
export function callerOptions(options, env) {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new HttpError(400, "invalid_options", "options must be an object", "options 必须是对象");
  }
  for (const name of Object.keys(options)) {
    if (CALLER_OPTIONS.has(name)) continue;
    if (DEVELOPMENT_OPTIONS.has(name)) {
      if (isDevelopment(env)) continue;
      throw new HttpError(400, "invalid_options", `options.${name} is set by the Worker in production`, `生产模式下 options.${name} 由 Worker 决定`, { extra: { path: `options.${name}` } });
    }
    throw new HttpError(400, "invalid_options", `unknown option ${JSON.stringify(name)}`, `未知选项 ${JSON.stringify(name)}`, { extra: { path: `options.${name}` } });
  }
  return { ...options };
}
