// 旺店通 ERP openapi2 `vip_api_refund_query.php`, as NOTES.md describes the real server.
//
// Checks, in order: POST form body; sid, appkey, timestamp, sign present; sid and appkey
// known; timestamp = 10-digit Unix seconds within 5 minutes; sign = md5(packed + appsecret)
// with `LL-key:VVVV-value` lengths in Unicode code points; page_size 1–100; page_no ≥ 0
// (0-based); start_time/end_time together, `yyyy-MM-dd HH:mm:ss`, at most 30 days apart;
// platform_id only with tid or refund_no. Filters on `modified` (最后修改时间), both ends
// inclusive. Every number in the answer is a JSON string; total_count only on page_no 0.
//
// The doc publishes no error-code table (only 1060 欠费). The codes below are this gateway's
// choice [G]; the messages carry the words a client can recognise (时间, 频繁, 签名).

import { DAY, EXPRESS, GOODS, REASONS, SHOPS, NOTES_TEXT, beijing, byteCompare, decimalText, md5Hex, parseBeijing, parseForm, lastWins, reply, sameText } from "../common.mjs";

const PATH = "/openapi2/vip_api_refund_query.php";

/** The demo credentials this gateway accepts: 卖家账号 sid, 接口账号 appkey, appsecret. Demo
 * values for loopback only: no real platform knows them. */
const CREDENTIALS = Object.freeze({ sid: "demo_sid", appKey: "demo_appkey", appSecret: "wdt-demo-secret-41c9" });
const ZERO_DATE = "0000-00-00 00:00:00";
const SKEW_SECONDS = 5 * 60;
const MAX_SPAN = 30 * DAY;

export const ERRORS = {
  missing: 100, // 缺少参数
  account: 101, // sid / appkey 不存在
  sign: 102, // 签名错误
  time: 103, // 时间戳超出误差
  rate: 104, // 调用频繁
  pageSize: 105,
  span: 106,
  format: 107,
  platformId: 108,
  pageNo: 109,
  order: 110,
};

const fail = (code, message, params) => ({
  response: reply(200, JSON.stringify({ code, message })),
  params,
  error: code,
});

// ---------------------------------------------------------------------------------------
// The sign, written from NOTES.md (旺店通 "Sign algorithm" [C]).

const codePoints = (text) => [...text].length;

/** `LL-key:VVVV-value` pairs, keys byte-sorted, joined by `;`; lengths never truncated. */
export function packed(params) {
  return Object.keys(params)
    .filter((k) => k !== "sign")
    .sort(byteCompare)
    .map((k) => `${String(codePoints(k)).padStart(2, "0")}-${k}:${String(codePoints(params[k])).padStart(4, "0")}-${params[k]}`)
    .join(";");
}

export const sign = (params, appSecret) => md5Hex(packed(params) + appSecret);

// ---------------------------------------------------------------------------------------
// Data.

// 平台状态 codes by refund type: exchanges (type 3) move through 10..80, the rest 1..5.
const REFUND_STATUSES = ["1", "2", "3", "4", "5"];
const EXCHANGE_STATUSES = ["10", "20", "30", "40", "50", "55", "60", "70", "80"];
const PROCESS = { 0: "0", 1: "10", 2: "20", 3: "30", 4: "60", 5: "80", 10: "20", 20: "30", 30: "60", 40: "40", 50: "30", 55: "70", 60: "30", 70: "10", 80: "80" };
const SUCCEEDED = new Set(["5", "80"]);
const PLATFORM_IDS = ["3", "6", "7", "9", "17", "127"];

function statusFor(tools, type) {
  if (tools.chance(0.02)) return "0"; // 0 = 空: the platform said nothing
  return tools.pick(type === "3" ? EXCHANGE_STATUSES : REFUND_STATUSES);
}

function amountUnits(tools) {
  // decimal(19,4): mostly whole fen, sometimes a 4-decimal value (a split discount).
  const units = tools.int(100, 300000) * 100;
  return tools.chance(0.12) ? units + tools.int(1, 99) : units;
}

function applyStatus(record, status, at) {
  const w = record.wire;
  w.status = status;
  w.process_status = PROCESS[status] ?? "20";
  for (const g of w.goods_list) {
    g.status = status;
    g.modified = beijing(at);
  }
  w.modified = beijing(at);
  w.actual_refund_amount = SUCCEEDED.has(status) ? w.refund_amount : "0.0000";
  w.current_phase_timeout = SUCCEEDED.has(status) ? beijing(at) : ZERO_DATE;
  record.status = status;
  record.updated = at;
  record.refunded = SUCCEEDED.has(status) ? at : null;
}

function generate(tools, { seq, created, updated }) {
  const type = tools.weighted([["0", 1], ["1", 4], ["2", 5], ["3", 1], ["4", 2]]);
  const [shopNo] = tools.pick(SHOPS);
  const refundNo = `${tools.pick(["", "", "TK", "RF"])}${tools.digits(12)}${String(seq).padStart(6, "0")}`;
  const tid = `${tools.digits(13)}${String(seq).padStart(5, "0")}`;
  const platformId = tools.pick(PLATFORM_IDS);
  const goodsCount = tools.weighted([[1, 6], [2, 3], [3, 1]]);
  const goods = [];
  let total = 0;
  const oid = `${tid}-${tools.int(1, 9)}`;
  for (let i = 0; i < goodsCount; i += 1) {
    const [name, spec] = tools.pick(GOODS);
    const num = tools.weighted([[1, 7], [2, 2], [3, 1]]);
    const price = amountUnits(tools);
    total += price * num;
    goods.push({
      platform_id: platformId,
      refund_no: refundNo,
      oid,
      status: "",
      goods_id: tools.digits(11),
      spec_id: tools.digits(11),
      goods_no: `G${tools.digits(6)}`,
      spec_no: `G${tools.digits(6)}-${tools.int(1, 9)}`,
      goods_name: name,
      spec_name: spec,
      num: decimalText(num * 10000, 4),
      price: decimalText(price, 4),
      total_amount: decimalText(price * num, 4),
      remark: "",
      modified: "",
      created: "",
    });
  }
  const erpCreated = Math.min(updated, created + tools.int(5, 50));
  const shipped = type === "2" || type === "3";
  const [express] = tools.pick(EXPRESS);
  const wire = {
    platform_id: platformId,
    shop_no: shopNo,
    refund_no: refundNo,
    tid,
    type,
    status: "",
    process_status: "",
    guarantee_mode: tools.pick(["1", "1", "2", "3"]),
    cs_status: tools.pick(["0", "0", "0", "1", "2", "5"]),
    op_constraint: tools.pick(["0", "0", "3", "4"]),
    refund_amount: decimalText(type === "4" ? Math.floor(total / 2) : total, 4),
    actual_refund_amount: "0.0000",
    title: goods[0].goods_name,
    logistics_name: shipped && tools.chance(0.7) ? express : "",
    logistics_no: "",
    refund_time: beijing(created),
    is_aftersale: type === "0" || type === "1" ? "0" : "1",
    reason: tools.pick(REASONS),
    remark: tools.pick(NOTES_TEXT),
    modified: "",
    created: beijing(erpCreated),
    current_phase_timeout: ZERO_DATE,
    goods_list: goods,
  };
  if (wire.logistics_name) wire.logistics_no = tools.digits(12);
  for (const g of goods) g.created = beijing(erpCreated);
  const record = { id: refundNo, created, updated, status: "", refunded: null, wire };
  applyStatus(record, statusFor(tools, type), updated);
  return record;
}

function touch(tools, record, now) {
  const family = record.wire.type === "3" ? EXCHANGE_STATUSES : REFUND_STATUSES;
  const next = family.filter((s) => s !== record.status);
  applyStatus(record, tools.pick(next), now);
}

// ---------------------------------------------------------------------------------------
// The server.

function handle(request, ctx) {
  if (request.method !== "POST") return fail(ERRORS.missing, "请使用POST方式提交", null);
  const pairs = parseForm(request.body);
  const params = lastWins(pairs);
  for (const name of ["sid", "appkey", "timestamp", "sign"]) {
    if (params[name] === undefined || params[name] === "") return fail(ERRORS.missing, `缺少参数 ${name}`, params);
  }
  const { sid, appKey, appSecret } = ctx.credentials;
  if (params.sid !== sid) return fail(ERRORS.account, `卖家账号 ${params.sid} 不存在`, params);
  if (params.appkey !== appKey) return fail(ERRORS.account, "接口账号 appkey 不存在", params);
  if (!/^\d{10}$/.test(params.timestamp) || Math.abs(ctx.now() - Number(params.timestamp)) > SKEW_SECONDS) {
    return fail(ERRORS.time, "timestamp 时间戳与服务器时间误差超过5分钟,请同步时间后重试", params);
  }
  if (!sameText(params.sign, sign(params, appSecret))) return fail(ERRORS.sign, "签名错误 sign error", params);

  // Business params.
  const pageSize = params.page_size === undefined ? 40 : Number(params.page_size);
  if (!/^\d+$/.test(params.page_size ?? "40") || pageSize < 1 || pageSize > 100) {
    return fail(ERRORS.pageSize, "page_size 输入值范围1~100", params);
  }
  const pageNo = params.page_no === undefined ? 0 : Number(params.page_no);
  if (!/^\d+$/.test(params.page_no ?? "0")) return fail(ERRORS.pageNo, "page_no 必须是不小于0的整数(从0页开始)", params);
  let since = null;
  let until = null;
  if (params.start_time !== undefined || params.end_time !== undefined) {
    since = parseBeijing(params.start_time);
    until = parseBeijing(params.end_time);
    if (since === null) return fail(ERRORS.format, "start_time 格式错误,应为yyyy-MM-dd HH:mm:ss", params);
    if (until === null) return fail(ERRORS.format, "end_time 格式错误,应为yyyy-MM-dd HH:mm:ss", params);
    if (until < since) return fail(ERRORS.order, "end_time 不能早于 start_time", params);
    if (until - since > MAX_SPAN) return fail(ERRORS.span, "start_time与end_time最大跨度为30天", params);
  }
  if (params.platform_id !== undefined && params.tid === undefined && params.refund_no === undefined) {
    return fail(ERRORS.platformId, "platform_id 必须与 tid 或 refund_no 同时使用", params);
  }

  const matching = ctx.list().filter((r) => {
    const w = r.wire;
    if (since !== null && (r.updated < since || r.updated > until)) return false;
    if (params.shop_no !== undefined && w.shop_no !== params.shop_no) return false;
    if (params.tid !== undefined && w.tid !== params.tid) return false;
    if (params.refund_no !== undefined && w.refund_no !== params.refund_no) return false;
    if (params.platform_id !== undefined && w.platform_id !== params.platform_id) return false;
    return true;
  });
  const page = matching.slice(pageNo * pageSize, (pageNo + 1) * pageSize).map((r) => r.wire);
  // total_count only when page_no = 0 (doc 4.1); every number a string.
  const body = pageNo === 0 ? { code: 0, message: "", total_count: String(matching.length), trade_list: page } : { code: 0, message: "", trade_list: page };
  return { response: reply(200, JSON.stringify(body)), params, error: null };
}

function fault(kind, ctx, request) {
  const params = lastWins(parseForm(request.body));
  if (kind === "rate_limit") return fail(ERRORS.rate, "接口调用过于频繁,请稍后再试", params);
  return fail(ERRORS.time, "timestamp 时间戳与服务器时间误差超过5分钟,请同步时间后重试", params);
}

export default {
  id: "wangdiantong",
  path: PATH,
  credentials: CREDENTIALS,
  defaultOrder: "updated",
  matches: (path) => path.endsWith(PATH),
  generate,
  touch,
  handle,
  fault,
};
