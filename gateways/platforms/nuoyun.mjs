// 诺云 gateway `POST /Api/Order/getRefundList/2.0.0`, as its doc describes it (NOTES.md knows
// nothing beyond the doc).
//
// Authentication is undocumented. This gateway invents no signature: it accepts a request
// only when it carries the header `X-Demo-Token` with the value in its CREDENTIALS below
// (the package sends it through credentials.headers), so a request without the caller's
// auth is still refused. There is no timestamp in the request, so there is no time-skew error
// and the `time_skew` fault does not exist here.
//
// Checks: a JSON object body; page ≥ 1 (请选择第几页); page_size 1–100; status 1–9;
// merchant_refund_job_status 1–3; create/update time bounds as 10-digit Unix seconds;
// default_sort 1 or 2; ids positive integers; 1000 requests per 10 s (the doc's limit).
// Answers `{"code":200,"msg":"Success","data":{"total":N,"list":[…]}}`, errors
// `{"code":400,"msg":…,"data":{}}` (data an empty object); refund_money a JSON number in yuan
// written from its text (`99.00`), create_time/refund_time Unix seconds, update_at a
// Beijing `yyyy-MM-dd HH:mm:ss` string.

import { REASONS, NOTES_TEXT, beijing, beijingCompact, decimalText, maskedMobile, mobile, personName, reply, sameText, toJson } from "../common.mjs";

const PATH = "/Api/Order/getRefundList/2.0.0";

/** The demo credentials this gateway accepts. 诺云's authentication is undocumented (NOTES.md):
 * this gateway invents no scheme, it only demands this one demo header, so that a request
 * without the caller's auth headers is still refused. The package sends it as given via
 * credentials.headers. Demo values for loopback only. */
const CREDENTIALS = Object.freeze({ headers: Object.freeze({ "X-Demo-Token": "nuoyun-demo-token-2c81" }) });
/** The header checked, as Node delivers header names (lowercase). */
const TOKEN_HEADER = "x-demo-token";
const RATE_WINDOW = 10;
const RATE_LIMIT = 1000;
const NUMERIC = new Set(["id", "wechat_user_space_id", "goods_id", "order_id", "order_goods_id", "refund_source", "refund_money", "create_time", "refund_type", "refund_time", "status", "merchant_refund_job_status", "total"]);
const write = (value) => toJson(value, { numericKeys: NUMERIC });

const fail = (msg, params, code = 400) => ({ response: reply(200, write({ code, msg, data: {} })), params, error: msg });

// Request status (1–9) → record status (1–6); the two tables disagree (NOTES.md). 7 is
// documented as "包含4跟6"; 8 and 9 have no record status of their own [G].
const REQUEST_STATUS = { 1: ["1"], 2: ["2"], 3: ["3"], 4: ["4"], 5: ["5"], 6: ["6"], 7: ["4", "6"], 8: ["6"], 9: ["1", "4", "5", "6"] };

// ---------------------------------------------------------------------------------------
// Data.

function setStatus(record, status, at) {
  const w = record.wire;
  w.status = status;
  w.refund_time = status === "2" ? String(at) : "0";
  w.update_at = beijing(at);
  record.status = status;
  record.updated = at;
  record.refunded = status === "2" ? at : null;
}

function generate(tools, { seq, created, updated }) {
  const phone = mobile(tools);
  const refundType = tools.pick(["1", "2"]);
  const wire = {
    id: String(1001 + seq),
    wechat_user_space_id: tools.digits(9),
    buyer_name: personName(tools),
    goods_id: String(tools.int(10001, 99999)),
    order_id: String(20001 + seq * 3 + tools.int(0, 2)),
    order_goods_id: String(30001 + seq),
    refund_source: tools.weighted([["1", 8], ["2", 1], ["3", 1]]),
    refund_no: `RF${beijingCompact(created).slice(0, 8)}${String(seq).padStart(6, "0")}`,
    // yuan with two decimals, as a JSON number written from its text.
    refund_money: decimalText(tools.int(100, 199900), 2),
    create_time: String(created),
    refund_type: refundType,
    reason: tools.pick(REASONS),
    phone: maskedMobile(phone),
    remark: tools.pick(NOTES_TEXT),
    refund_time: "0",
    status: "",
    merchant_refund_job_status: tools.weighted([["1", 8], ["2", 1], ["3", 1]]),
    update_at: "",
    order_sn: `ORD${beijingCompact(created).slice(0, 8)}${String(seq).padStart(6, "0")}`,
  };
  const record = { id: wire.refund_no, created, updated, status: "", refunded: null, wire };
  setStatus(record, tools.pick(refundType === "1" ? ["1", "2", "3", "6"] : ["1", "2", "3", "4", "5", "6"]), updated);
  return record;
}

function touch(tools, record, now) {
  const family = record.wire.refund_type === "1" ? ["1", "2", "3", "6"] : ["1", "2", "3", "4", "5", "6"];
  setStatus(record, tools.pick(family.filter((s) => s !== record.status)), now);
}

// ---------------------------------------------------------------------------------------
// The server.

const asInteger = (v) => (typeof v === "number" && Number.isInteger(v) ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : null);

function rateLimited(ctx) {
  const now = ctx.now();
  const seen = (ctx.state.requests ??= []);
  while (seen.length && seen[0] <= now - RATE_WINDOW) seen.shift();
  seen.push(now);
  return seen.length > RATE_LIMIT;
}

function handle(request, ctx) {
  if (request.method !== "POST") return fail("请使用POST请求", null);
  let params;
  try {
    params = JSON.parse(request.body || "{}");
  } catch {
    return fail("请求参数格式错误,需为JSON", null);
  }
  if (params === null || typeof params !== "object" || Array.isArray(params)) return fail("请求参数格式错误,需为JSON", null);
  if (!sameText(request.headers[TOKEN_HEADER], ctx.credentials.headers["X-Demo-Token"])) return fail("认证信息无效", params);
  if (rateLimited(ctx)) return fail("请求过于频繁,10秒最多1000次", params);

  const page = asInteger(params.page);
  if (page === null || page < 1) return fail("请选择第几页", params);
  const pageSize = params.page_size === undefined ? 10 : asInteger(params.page_size);
  if (pageSize === null || pageSize < 1 || pageSize > 100) return fail("一页显示多少(最小值1,最大值100)", params);
  const ints = {};
  for (const [name, min, max] of [
    ["status", 1, 9],
    ["merchant_refund_job_status", 1, 3],
    ["default_sort", 1, 2],
    ["wechat_user_space_id", 1, Number.MAX_SAFE_INTEGER],
    ["order_id", 1, Number.MAX_SAFE_INTEGER],
    ["create_time_start", 1e9, 1e10 - 1],
    ["create_time_end", 1e9, 1e10 - 1],
    ["update_time_start", 1e9, 1e10 - 1],
    ["update_time_end", 1e9, 1e10 - 1],
  ]) {
    if (params[name] === undefined) continue;
    const v = asInteger(params[name]);
    if (v === null || v < min || v > max) return fail(`${name} 参数错误`, params);
    ints[name] = v;
  }

  const statuses = ints.status ? REQUEST_STATUS[ints.status] : null;
  let matching = ctx.list().filter((r) => {
    const w = r.wire;
    if (statuses && !statuses.includes(r.status)) return false;
    if (ints.merchant_refund_job_status && w.merchant_refund_job_status !== String(ints.merchant_refund_job_status)) return false;
    if (ints.wechat_user_space_id && w.wechat_user_space_id !== String(ints.wechat_user_space_id)) return false;
    if (ints.order_id && w.order_id !== String(ints.order_id)) return false;
    if (params.order_sn !== undefined && w.order_sn !== String(params.order_sn)) return false;
    if (ints.create_time_start && r.created < ints.create_time_start) return false;
    if (ints.create_time_end && r.created > ints.create_time_end) return false;
    if (ints.update_time_start && r.updated < ints.update_time_start) return false;
    if (ints.update_time_end && r.updated > ints.update_time_end) return false;
    return true;
  });
  if (ints.default_sort) {
    const sign = ints.default_sort === 1 ? 1 : -1;
    matching = matching.sort((a, b) => sign * (a.created - b.created || a.seq - b.seq));
  }
  const list = matching.slice((page - 1) * pageSize, page * pageSize).map((r) => r.wire);
  return { response: reply(200, write({ code: 200, msg: "Success", data: { total: String(matching.length), list } })), params, error: null };
}

function fault(kind, ctx, request) {
  let params = null;
  try {
    params = JSON.parse(request.body);
  } catch {}
  return fail("请求过于频繁,10秒最多1000次", params);
}

export default {
  id: "nuoyun",
  path: PATH,
  credentials: CREDENTIALS,
  defaultOrder: "id",
  matches: (path) => path.endsWith(PATH),
  unsupportedFaults: ["time_skew"],
  unsupportedWhy: "its requests carry no timestamp, so it has no time-skew error",
  generate,
  touch,
  handle,
  fault,
};
