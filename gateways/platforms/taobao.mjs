// 淘宝/天猫 TOP router `/router/rest`, method `taobao.refunds.receive.get`, as NOTES.md (淘宝/天猫)
// and taobao.refunds.receive.get.md describe it.
//
// Params are the URL query and the form body together (the Java/Python/PHP SDKs put the system
// params in the query and the business params in the body, the Go client everything in the
// body, a GET everything in the query). A key sent twice keeps its first value, query before
// body, as a Java servlet's getParameter gives it. POST or GET (otherwise code 9).
//
// Checks, in order, each with the reference's code (§9.2): method present (21) and known (22);
// app_key present (28) and known (29, isv.appkey-not-exists); timestamp present (30) and
// `yyyy-MM-dd HH:mm:ss` Beijing time or epoch milliseconds within ±10 minutes (31); v present
// (32) and 2.0 (33); format json or xml (23); sign present (24); sign_method md5, hmac or
// hmac-sha256 and the sign right (25); the app's rate limit (7, a ban of N seconds); session
// present (26) and the app's own (27); fields present (40); page_no ≥ 1, page_size 1–100,
// fields ≤ 100 names, one known status, known trade types, well-formed modified bounds (41).
//
// The sign (NOTES.md "The algorithm"): every received param but `sign`, keys sorted by bytes,
// key+value concatenated over the raw (decoded) values; md5 = MD5(secret + s + secret), hmac =
// HMAC-MD5 keyed by the secret, hmac-sha256 = HMAC-SHA256 keyed by the secret; uppercase hex.
// An empty value received is signed as its bare key: the Python/PHP/Go SDKs sign and send empty
// values, Java sends none, and both verify in production, so the server signs what it received.
// A request without sign_method is verified as md5: the public-parameter doc's md5 example, the
// Python/PHP SDKs' default, and the package's signParams (md5 when absent) agree; the Java
// client's "老md5" fallback (MD5(s + secret)) is not accepted (NOTES.md: do not emulate it).
//
// Answers: format absent means XML (the protocol default). JSON is
// {"refunds_receive_get_response":{"total_results":N,"refunds":{"refund":[…]},"request_id":…}};
// use_has_next=true answers has_next instead of total_results; simplify=true (JSON only) drops
// the wrapper and the `refund` level; an empty page has no `refunds` key. tid, oid, num and
// refund_version are bare JSON numbers written from their digits (tid/oid above 2^53), refund_id
// a string, money 2-decimal yuan strings, times Beijing `yyyy-MM-dd HH:mm:ss`. Errors are
// error_response with HTTP 200, in the format asked for.
//
// Filters: modified in [start_modified, end_modified] (both ends inclusive [G]), status (one
// value), type (default guarantee_trade,auto_delivery: refunds on cod, fenxiao, ec and
// external_trade trades are missing unless `type` lists them), buyer_nick (the plain nick; the
// answer masks it), buyer_open_uid. Members not named in `fields` are left out.

import { createHmac } from "node:crypto";
import { GOODS, REASONS, NOTES_TEXT, EXPRESS, SHOPS, beijing, byteCompare, decimalText, escapeXml, md5Upper, parseBeijing, parseForm, reply, sameText, toJson } from "../common.mjs";

const PATH = "/router/rest";

/** The demo app this gateway knows: app_key (8 digits, as TOP issues them), app secret, the
 * seller's session (access token). No signMethod: the package's default (hmac-sha256) is used.
 * Demo values for loopback only: no real platform knows them. */
const CREDENTIALS = Object.freeze({ appKey: "23456789", appSecret: "tb-demo-secret-6d1f", session: "6100e2b7demosessionkey2026" });
/** A second TOP app this gateway knows: one not yet online, whose per-API call cap is small, so a
 * few calls get the code 7 ban (accesscontrol.limited-by-app-api-access-count). */
export const TRIAL_APP = Object.freeze({ appKey: "34567890", appSecret: "tb-trial-secret-0a57", session: "6101f3c8trialsessionkey2026" });
const METHOD = "taobao.refunds.receive.get";
const SKEW_SECONDS = 10 * 60;
const MAX_FIELDS = 100;
const ROOT = "refunds_receive_get_response";

// ---------------------------------------------------------------------------------------
// The sign, from NOTES.md (淘宝/天猫 "Signing").

export const SIGN_METHODS = ["md5", "hmac", "hmac-sha256"];

/** Σ key+value over every param but `sign`, keys in byte order. */
export function signString(params) {
  return Object.keys(params)
    .filter((k) => k !== "sign")
    .sort(byteCompare)
    .map((k) => k + params[k])
    .join("");
}

/** The TOP sign of `params` with `secret` by `signMethod` (md5, hmac, hmac-sha256), uppercase hex. */
export function topSign(params, secret, signMethod) {
  const text = signString(params);
  if (signMethod === "md5") return md5Upper(secret + text + secret);
  if (signMethod === "hmac") return createHmac("md5", Buffer.from(secret, "utf8")).update(text, "utf8").digest("hex").toUpperCase();
  if (signMethod === "hmac-sha256") return createHmac("sha256", Buffer.from(secret, "utf8")).update(text, "utf8").digest("hex").toUpperCase();
  throw new Error(`sign_method must be one of ${SIGN_METHODS.join(", ")}`);
}

// ---------------------------------------------------------------------------------------
// Apps, sessions and rate limits.

/**
 * The apps this gateway knows, by app_key: secret, the one seller session issued to it, and its
 * per-API call limit (calls per window, then a ban). The demo app is online and generous; the
 * trial app stands for an app not yet online, whose per-API cap is small
 * (accesscontrol.limited-by-app-api-access-count, NOTES.md §10) [G: the numbers].
 */
function apps(credentials) {
  return {
    [credentials.appKey]: { ...credentials, limit: { calls: 1000, windowSeconds: 10, banSeconds: 10 } },
    [TRIAL_APP.appKey]: { ...TRIAL_APP, limit: { calls: 5, windowSeconds: 60, banSeconds: 30 } },
  };
}

/** Seconds of ban left for `appKey` (this call counted), or 0 when the call may pass. */
function banSeconds(ctx, appKey, limit) {
  const now = ctx.now();
  const rates = (ctx.state.rates ??= new Map());
  if (!rates.has(appKey)) rates.set(appKey, { calls: [], bannedUntil: 0 });
  const app = rates.get(appKey);
  if (now < app.bannedUntil) return Math.ceil(app.bannedUntil - now);
  while (app.calls.length > 0 && app.calls[0] <= now - limit.windowSeconds) app.calls.shift();
  if (app.calls.length >= limit.calls) {
    app.calls.length = 0;
    app.bannedUntil = now + limit.banSeconds;
    return limit.banSeconds;
  }
  app.calls.push(now);
  return 0;
}

// ---------------------------------------------------------------------------------------
// Answers in either format.

/** Members written as bare JSON numbers from their digit strings. */
const NUMERIC = new Set(["tid", "oid", "num", "refund_version"]);
const write = (value) => toJson(value, { numericKeys: NUMERIC });

const XML_HEAD = '<?xml version="1.0" encoding="utf-8" ?>';
const xmlOf = (name, value) => {
  if (Array.isArray(value)) return value.map((v) => xmlOf(name, v)).join("");
  if (value !== null && typeof value === "object") return `<${name}>${Object.entries(value).map(([k, v]) => xmlOf(k, v)).join("")}</${name}>`;
  return `<${name}>${escapeXml(value ?? "")}</${name}>`;
};

const JSON_TYPE = "application/json;charset=UTF-8";
const XML_TYPE = "text/xml;charset=UTF-8";

function requestId(ctx) {
  ctx.state.requests = (ctx.state.requests ?? 0) + 1;
  return (Math.floor(ctx.now()) * 4096 + ctx.state.requests).toString(36);
}

/** How the request asked to be answered: xml unless format=json; simplify only with json. */
function answerStyle(params) {
  const xml = params.format !== "json";
  return { xml, simplify: !xml && /^true$/i.test(params.simplify ?? "") };
}

/** An error answer: HTTP 200, error_response in the asked format (simplify keeps the wrapper). */
function fail(ctx, params, code, msg, sub = {}) {
  const body = { code, msg, ...(sub.subCode ? { sub_code: sub.subCode } : {}), ...(sub.subMsg ? { sub_msg: sub.subMsg } : {}), request_id: requestId(ctx) };
  const response = answerStyle(params).xml ? reply(200, XML_HEAD + xmlOf("error_response", body), XML_TYPE) : reply(200, write({ error_response: body }), JSON_TYPE);
  return { response, params, error: sub.subCode ? `${code}:${sub.subCode}` : String(code) };
}

// ---------------------------------------------------------------------------------------
// Data.

/** The refund's members in the model's order (reference §6); `fields` picks among them. */
const MODEL = [
  "refund_id", "tid", "oid", "title", "buyer_nick", "buyer_open_uid", "seller_nick", "total_fee", "refund_fee", "payment",
  "status", "good_status", "has_good_return", "order_status", "refund_phase", "dispute_type", "reason", "desc",
  "company_name", "sid", "num", "sku", "outer_id", "created", "modified", "end_time", "refund_version",
];

/** Reference §8.1. */
export const STATUSES = [
  "WAIT_SELLER_AGREE", "WAIT_BUYER_RETURN_GOODS", "WAIT_SELLER_CONFIRM_GOODS", "SELLER_REFUSE_BUYER", "CLOSED", "SUCCESS",
  "WAIT_BUYER_CONFIRM_EXCHANGE_SELLER_SEND_GOODS", "EXCHANGE_TRANSFORM_TO_REFUND", "WAIT_SELLER_CONSIGN_GOODS",
];
/** The statuses each dispute type moves through. */
const PATHS = {
  REFUND: ["WAIT_SELLER_AGREE", "SELLER_REFUSE_BUYER", "CLOSED", "SUCCESS"],
  REFUND_AND_RETURN: ["WAIT_SELLER_AGREE", "WAIT_BUYER_RETURN_GOODS", "WAIT_SELLER_CONFIRM_GOODS", "SELLER_REFUSE_BUYER", "CLOSED", "SUCCESS"],
  TMALL_EXCHANGE: ["WAIT_SELLER_AGREE", "WAIT_BUYER_RETURN_GOODS", "WAIT_SELLER_CONFIRM_GOODS", "WAIT_SELLER_CONSIGN_GOODS", "WAIT_BUYER_CONFIRM_EXCHANGE_SELLER_SEND_GOODS", "EXCHANGE_TRANSFORM_TO_REFUND", "CLOSED", "SUCCESS"],
};
/** Statuses after which the buyer's return parcel is on its way or in. */
const RETURNED = new Set(["WAIT_SELLER_CONFIRM_GOODS", "SUCCESS", "WAIT_SELLER_CONSIGN_GOODS", "WAIT_BUYER_CONFIRM_EXCHANGE_SELLER_SEND_GOODS", "EXCHANGE_TRANSFORM_TO_REFUND"]);

/** Reference §8.6: the query's trade types; `guarantee_trade` means 一口价 and 拍卖 (fixed, auction). */
const TRADE_TYPES = {
  fixed: ["fixed"], auction: ["auction"], guarantee_trade: ["fixed", "auction"], independent_simple_trade: ["independent_simple_trade"],
  independent_shop_trade: ["independent_shop_trade"], auto_delivery: ["auto_delivery"], ec: ["ec"], cod: ["cod"], fenxiao: ["fenxiao"],
  game_equipment: ["game_equipment"], shopex_trade: ["shopex_trade"], netcn_trade: ["netcn_trade"], external_trade: ["external_trade"],
};
/** DOC52: without `type` only these are queried. */
export const DEFAULT_TYPES = ["guarantee_trade", "auto_delivery"];

const OPEN_UID = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/** 2024-08-15 fuzzification: first and last character kept (`tb123451` → `t**1`). */
const maskNick = (nick) => `${[...nick][0]}**${[...nick].at(-1)}`;

function setStatus(record, status, at, tools) {
  const w = record.wire;
  record.status = status;
  record.updated = at;
  record.refunded = status === "SUCCESS" ? at : null;
  w.status = status;
  w.modified = beijing(at);
  w.refund_version = String(at * 1000 + tools.int(0, 999));
  // end_time (退款完结时间 [G: the doc names the field only]): when the refund ended, SUCCESS or CLOSED.
  if (status === "SUCCESS" || status === "CLOSED") w.end_time = beijing(at);
  else delete w.end_time;
  if (w.has_good_return) {
    w.good_status = RETURNED.has(status) ? "BUYER_RETURNED_GOODS" : "BUYER_RECEIVED";
    if (RETURNED.has(status) && w.sid === undefined) {
      w.company_name = tools.pick(EXPRESS)[0];
      w.sid = tools.digits(14);
    }
  }
  // A refund in full before shipping closes the trade.
  w.order_status = status === "SUCCESS" && w.refund_phase === "onsale" && w.payment === "0.00" ? "TRADE_CLOSED" : record.tradeStatus;
}

function generate(tools, { seq, created, updated }) {
  const serial = String(seq).padStart(6, "0");
  const tradeType = tools.weighted([["fixed", 55], ["auction", 4], ["auto_delivery", 9], ["cod", 12], ["fenxiao", 12], ["ec", 4], ["external_trade", 4]]);
  const dispute = tools.weighted([["REFUND", 50], ["REFUND_AND_RETURN", 42], ["TMALL_EXCHANGE", 8]]);
  const received = dispute !== "REFUND" || tools.chance(0.4);
  const tradeStatus = received ? tools.pick(["WAIT_BUYER_CONFIRM_GOODS", "TRADE_FINISHED"]) : "WAIT_SELLER_SEND_GOODS";
  // Order ids: 18–19 digits, all above 2^53 = 9007199254740992, the serial in the middle keeps
  // them unique; a single-line order's oid is its tid.
  const tid = `${tools.digits(tools.chance(0.8) ? 7 : 6)}${serial}${tools.digits(6)}`;
  const oid = tools.chance(0.6) ? tid : `${tools.digits(tid.length - 12)}${serial}${tools.digits(6)}`;
  const num = tools.weighted([[1, 7], [2, 2], [3, 1]]);
  const price = tools.int(990, 59900);
  const total = price * num;
  const refund = dispute === "TMALL_EXCHANGE" || tools.chance(0.7) ? total : tools.int(100, total);
  const [title, variant] = tools.pick(GOODS);
  const nick = tools.chance(0.7) ? `tb${tools.digits(9)}` : `${tools.pick(["小", "阿", "大"])}${tools.pick(["鱼", "猫", "熊", "兔"])}${tools.digits(4)}`;
  let openUid = "AAH";
  while (openUid.length < 24) openUid += tools.pick([...OPEN_UID]);
  const wire = {
    refund_id: `${tools.digits(6)}${serial}${tools.digits(6)}`,
    tid,
    oid,
    title,
    buyer_nick: maskNick(nick),
    buyer_open_uid: openUid,
    seller_nick: tools.pick(SHOPS)[1],
    total_fee: decimalText(total, 2),
    refund_fee: decimalText(refund, 2),
    payment: decimalText(total - refund, 2),
    status: "",
    good_status: received ? "BUYER_RECEIVED" : "BUYER_NOT_RECEIVED",
    has_good_return: dispute !== "REFUND",
    order_status: tradeStatus,
    refund_phase: tradeStatus === "TRADE_FINISHED" ? "aftersale" : "onsale",
    dispute_type: dispute,
    reason: tools.pick(REASONS),
    desc: tools.pick(NOTES_TEXT),
    num: String(num),
    sku: `${tools.digits(11)}|规格:${variant}`,
    outer_id: `SKU-${tools.digits(6)}`,
    created: beijing(created),
    modified: "",
    refund_version: "",
  };
  const record = { id: wire.refund_id, created, updated, status: "", refunded: null, tradeType, buyerNick: nick, tradeStatus, wire };
  setStatus(record, tools.pick(PATHS[dispute]), updated, tools);
  return record;
}

function touch(tools, record, now) {
  setStatus(record, tools.pick(PATHS[record.wire.dispute_type].filter((s) => s !== record.status)), now, tools);
}

// ---------------------------------------------------------------------------------------
// The server.

/** Query and body params, first value of a key winning (query first), as a servlet reads them. */
function readParams(request) {
  const params = new Map();
  for (const [k, v] of [...parseForm(request.url.search), ...(request.method === "POST" ? parseForm(request.body) : [])]) {
    if (!params.has(k)) params.set(k, v);
  }
  return Object.fromEntries(params);
}

const missing = (v) => v === undefined || v.trim() === "";

/** `yyyy-MM-dd HH:mm:ss` Beijing (the doc) or epoch milliseconds (the Python SDK) → epoch seconds. */
function timestampSeconds(text) {
  if (/^\d{13}$/.test(text)) return Number(text) / 1000;
  return parseBeijing(text);
}

/** The comma list of a param, entries trimmed, empty entries dropped. */
const listOf = (text) => text.split(",").map((s) => s.trim()).filter((s) => s !== "");

function handle(request, ctx) {
  const params = readParams(request);
  const invalid = (name) => fail(ctx, params, 41, `Invalid arguments:${name}`);
  if (request.method !== "POST" && request.method !== "GET") return fail(ctx, params, 9, "Http Action Not Allowed");
  if (missing(params.method)) return fail(ctx, params, 21, "Missing method");
  if (params.method !== METHOD) return fail(ctx, params, 22, "Invalid method");
  if (missing(params.app_key)) return fail(ctx, params, 28, "Missing app key");
  const known = apps(ctx.credentials);
  const app = Object.hasOwn(known, params.app_key) ? known[params.app_key] : null;
  if (!app) return fail(ctx, params, 29, "Invalid app Key", { subCode: "isv.appkey-not-exists" });
  if (missing(params.timestamp)) return fail(ctx, params, 30, "Missing timestamp");
  const sent = timestampSeconds(params.timestamp);
  if (sent === null || Math.abs(ctx.now() - sent) > SKEW_SECONDS) return fail(ctx, params, 31, "Invalid timestamp");
  if (missing(params.v)) return fail(ctx, params, 32, "Missing version");
  if (params.v !== "2.0") return fail(ctx, params, 33, "Invalid version");
  if (params.format !== undefined && params.format !== "json" && params.format !== "xml") return fail(ctx, params, 23, "Invalid format");
  if (missing(params.sign)) return fail(ctx, params, 24, "Missing signature");
  const signMethod = params.sign_method ?? "md5";
  if (!SIGN_METHODS.includes(signMethod) || !sameText(params.sign, topSign(params, app.appSecret, signMethod))) {
    return fail(ctx, params, 25, "Invalid signature");
  }
  const ban = banSeconds(ctx, params.app_key, app.limit);
  if (ban > 0) {
    return fail(ctx, params, 7, "App Call Limited", { subCode: "accesscontrol.limited-by-app-api-access-count", subMsg: `This ban will last for ${ban} more seconds` });
  }
  if (missing(params.session)) return fail(ctx, params, 26, "Missing session");
  if (!sameText(params.session, app.session)) {
    const foreign = Object.values(known).some((other) => other.appKey !== app.appKey && sameText(params.session, other.session));
    return fail(ctx, params, 27, "Invalid session", foreign ? { subCode: "sessionkey-not-generated-by-server", subMsg: "SessionKey不是由平台颁发给此应用的" } : { subCode: "invalid-sessionkey", subMsg: "SessionKey非法" });
  }

  const fields = listOf(params.fields ?? "");
  if (fields.length === 0) return fail(ctx, params, 40, "Missing required arguments:fields");
  if (fields.length > MAX_FIELDS) return invalid("fields");
  const pageNo = params.page_no === undefined ? 1 : /^\d{1,9}$/.test(params.page_no) ? Number(params.page_no) : 0;
  if (pageNo < 1) return invalid("page_no");
  const pageSize = params.page_size === undefined ? 40 : /^\d{1,9}$/.test(params.page_size) ? Number(params.page_size) : 0;
  if (pageSize < 1 || pageSize > 100) return invalid("page_size");
  if (!missing(params.status) && !STATUSES.includes(params.status)) return invalid("status");
  const typeNames = missing(params.type) ? DEFAULT_TYPES : listOf(params.type);
  if (typeNames.some((t) => !Object.hasOwn(TRADE_TYPES, t))) return invalid("type");
  const tradeTypes = new Set(typeNames.flatMap((t) => TRADE_TYPES[t]));
  const since = params.start_modified === undefined ? -Infinity : parseBeijing(params.start_modified);
  if (since === null) return invalid("start_modified");
  const until = params.end_modified === undefined ? Infinity : parseBeijing(params.end_modified);
  if (until === null) return invalid("end_modified");

  const matching = ctx.list().filter(
    (r) =>
      r.updated >= since &&
      r.updated <= until &&
      tradeTypes.has(r.tradeType) &&
      (missing(params.status) || r.status === params.status) &&
      (missing(params.buyer_nick) || r.buyerNick === params.buyer_nick) &&
      (missing(params.buyer_open_uid) || r.wire.buyer_open_uid === params.buyer_open_uid),
  );
  const wanted = new Set(fields);
  const refunds = matching
    .slice((pageNo - 1) * pageSize, pageNo * pageSize)
    .map((r) => Object.fromEntries(MODEL.filter((k) => wanted.has(k) && r.wire[k] !== undefined).map((k) => [k, r.wire[k]])));
  const style = answerStyle(params);
  const paging = /^true$/i.test(params.use_has_next ?? "") ? { has_next: pageNo * pageSize < matching.length } : { total_results: matching.length };
  // An empty page has no `refunds` member at all (reference §5.2, §10.4).
  const list = refunds.length === 0 ? {} : { refunds: style.simplify ? refunds : { refund: refunds } };
  const rid = requestId(ctx);
  if (style.xml) {
    // The reference's §10.5 order: refunds, then the paging member, then request_id.
    return { response: reply(200, XML_HEAD + xmlOf(ROOT, { ...list, ...paging, request_id: rid }), XML_TYPE), params, error: null };
  }
  const content = { ...paging, ...list, request_id: rid };
  return { response: reply(200, write(style.simplify ? content : { [ROOT]: content }), JSON_TYPE), params, error: null };
}

/** Injected faults: rate_limit (code 7, a one-answer ban that starts nothing), time_skew (31),
 * remote_timeout (15 with isp.top-remote-connection-timeout: retryable, the reference §9.2). */
function fault(kind, ctx, request) {
  const params = readParams(request);
  if (kind === "rate_limit") return fail(ctx, params, 7, "App Call Limited", { subCode: "accesscontrol.limited-by-app-api-access-count", subMsg: "This ban will last for 1 more seconds" });
  if (kind === "remote_timeout") return fail(ctx, params, 15, "Remote service error", { subCode: "isp.top-remote-connection-timeout", subMsg: "远程服务调用超时" });
  return fail(ctx, params, 31, "Invalid timestamp");
}

export default {
  id: "taobao",
  path: PATH,
  credentials: CREDENTIALS,
  defaultOrder: "updated",
  matches: (path) => path.endsWith(PATH),
  generate,
  touch,
  handle,
  fault,
};
