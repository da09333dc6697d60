// The platform routes, all POST and all behind authentication (index.js):
//
//   /validate/:platform   { query, options? }                        → { ok, issues, params? }
//   /fetch/:platform      { query, options?, total?, includeRaw? }   → { refunds, page, rejected, warnings }
//   /normalize/:platform  the platform's raw body (?page=&pageSize=&total=&includeRaw=1&operation=)
//   /sign/:platform       { query, options?, credentials? }          → the signed request; MODE=development only
//
// /fetch signs with the Worker's secrets, calls the platform and answers with the normalized
// page: no answer outside development carries a credential, a token or a signed request.
import { parseResponse, RefundError, validateQuery } from "refund-normalizer";
import { bodyLimit, HttpError, json, notFound, readCapped, readJsonObject, redact, refundErrorBody } from "./http.js";
import { buildSigned, callerOptions, checkPlatform, credentialsFor, endpointFor, isDevelopment, secretValues } from "./config.js";
import { send } from "./platform.js";

async function validate(platform, request, env) {
  const body = await readJsonObject(request, env);
  const { now } = callerOptions(body.options, env);
  return json(validateQuery(platform, body.query, now === undefined ? undefined : { now }));
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

async function normalize(platform, request, env, url) {
  const body = await readCapped(request, bodyLimit(env));
  return json(parseResponse(platform, body, parseOptionsFrom(url)));
}

/** buildRequest's options for this caller: theirs as allowed, the endpoint from ENDPOINT_<PLATFORM> unless development says otherwise. */
function requestOptions(platform, body, env) {
  const options = callerOptions(body.options, env);
  if (options.endpoint === undefined) {
    const endpoint = endpointFor(platform, env);
    if (endpoint !== undefined) options.endpoint = endpoint;
  }
  return options;
}

/** The platform's answer could not be used: 502, with the package's bilingual reason (redacted: a platform may quote what it was sent). */
function upstreamError(e, httpStatus, secrets) {
  const reason = JSON.parse(redact(JSON.stringify(refundErrorBody(e)), secrets));
  return new HttpError(502, reason.code, reason.message, reason.messageZh, { retryable: reason.retryable, extra: { ...reason, httpStatus } });
}

async function fetchPage(platform, request, env) {
  const body = await readJsonObject(request, env);
  const signing = credentialsFor(platform, env, body);
  const options = requestOptions(platform, body, env);
  const secrets = secretValues(platform, signing.credentials);
  const signed = buildSigned(platform, signing, body.query, options);
  const reply = await send(signed, env);
  const parse = { query: body.query, total: body.total, includeRaw: body.includeRaw === true, httpStatus: reply.status, operation: options.operation };
  let page;
  try {
    page = parseResponse(platform, reply.body, parse);
  } catch (e) {
    if (e instanceof RefundError) throw upstreamError(e, reply.status, secrets);
    throw e;
  }
  // The page is built from the platform's reply, not from the request; redaction guards
  // against a platform that echoes a credential in a record or a message.
  return new Response(redact(JSON.stringify(page), secrets), {
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

async function sign(platform, request, env) {
  const body = await readJsonObject(request, env);
  return json(buildSigned(platform, credentialsFor(platform, env, body), body.query, requestOptions(platform, body, env)));
}

const ROUTES = {
  validate: { run: validate },
  normalize: { run: normalize },
  fetch: { run: fetchPage },
  sign: { run: sign, developmentOnly: true },
};

/** Whether `action` names a platform route (so index.js can try the others first). */
export const isPlatformRoute = (action) => Object.hasOwn(ROUTES, action);

export async function platformRoute(request, env, url) {
  const [, action, platform, extra] = url.pathname.split("/");
  const route = ROUTES[action];
  if (!route || platform === undefined || extra !== undefined) throw notFound();
  if (route.developmentOnly && !isDevelopment(env)) throw notFound();
  if (request.method !== "POST") {
    throw new HttpError(405, "method_not_allowed", "use POST", "请使用 POST", { headers: { allow: "POST" } });
  }
  checkPlatform(platform);
  return route.run(platform, request, env, url);
}
