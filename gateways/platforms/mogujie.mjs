// 蘑菇街 xiaodian open platform `/invoke`, method `xiaodian.trade.refund.list`, as NOTES.md
// describes it.
//
// Checks, in order: app_key, method, access_token, timestamp, sign present; app_key known;
// timestamp = Unix seconds within ±10 minutes [G: the window is undocumented]; sign =
// UPPER(md5(secret + Σ key+value + secret)) over every param but sign, keys byte-sorted (an
// empty value may be signed as `key` or skipped: the clients disagree, NOTES.md step 5, so
// both are accepted); access_token known; method known; format json. Business params come
// flat (the doc's table) or wrapped in one JSON-string param (as sibling APIs do): exactly
// one date pair (create startDate/endDate or update startUpdateTime/endUpdateTime), the other
// pair the literal `[0]` or absent; `yyyy-MM-dd HH:mm:ss`; page ≥ 1; pageSize 1–20.
// Answers with the documented envelope, `hasNext` (no total), amounts in 分 as JSON numbers,
// ids as JSON numbers written from their digits (some above 2^53).
//
// The doc publishes no error codes. `0000000` (ok) and `0000001` (token failure) are seen in
// clients, and sign failures say "Sign错误" (NOTES.md); the other codes are this gateway's
// choice [G], with messages a client can recognise (时间戳, 频繁).

import { EXPRESS, REASONS, beijing, byteCompare, decimalText, lastWins, md5Upper, mobile, parseBeijing, parseForm, personName, reply, sameText, toJson } from "../common.mjs";

const PATH = "/invoke";

/** The demo credentials this gateway accepts: app_key (a Long in the doc), app secret, OAuth
 * access_token. Demo values for loopback only: no real platform knows them. */
const CREDENTIALS = Object.freeze({ appKey: "100001", appSecret: "mgj-demo-secret-5b2e", accessToken: "MGJDEMOTOKEN2026" });
const METHOD = "xiaodian.trade.refund.list";
const SKEW_SECONDS = 10 * 60;
const SYSTEM = new Set(["app_key", "method", "access_token", "sign", "timestamp", "format", "sign_method", "version"]);
const UNUSED = "[0]";

export const CODES = {
  ok: "0000000",
  token: "0000001",
  sign: "0000100",
  params: "0000101",
  time: "0000102",
  rate: "0000103",
  appKey: "0000104",
  method: "0000105",
};

const NUMERIC = new Set(["refundId", "itemId", "itemOrderId", "shopOrderId", "expense", "goodsPrice", "nowPrice", "price", "number", "sellerRefundAmount", "shipTime"]);
const write = (value) => toJson(value, { numericKeys: NUMERIC });

const fail = (code, msg, params) => ({ response: reply(200, write({ status: { code, msg } })), params, error: code });

// ---------------------------------------------------------------------------------------
// The sign, from NOTES.md (蘑菇街 "Sign algorithm" [C]).

export function signString(params, secret, { skipEmpty = false } = {}) {
  const body = Object.keys(params)
    .filter((k) => k !== "sign" && !(skipEmpty && params[k] === ""))
    .sort(byteCompare)
    .map((k) => k + params[k])
    .join("");
  return secret + body + secret;
}

export const sign = (params, secret, options) => md5Upper(signString(params, secret, options));

// ---------------------------------------------------------------------------------------
// Data.

const STATUSES = {
  refund_money: ["refund_requested", "refund_or_return_deal_agreed", "refund_or_return_seller_refused", "refund_completed", "refund_cancelled"],
  return_goods: [
    "return_goods_requested",
    "return_goods_agreed",
    "return_goods_shipped",
    "refund_or_return_deal_agreed",
    "refund_or_return_seller_refused",
    "return_goods_seller_declare_not_received",
    "refund_completed",
    "refund_cancelled",
  ],
};
const SHIPPED = new Set(["return_goods_shipped", "return_goods_seller_declare_not_received", "refund_completed", "refund_or_return_deal_agreed"]);
const DESCRIPTIONS = ["老公不喜欢", "尺码偏小", "质量一般", "和图片色差大", "不想要了", "收到已破损"];
const PROVINCES = [["浙江省", "杭州市", "西湖区"], ["广东省", "深圳市", "南山区"], ["江苏省", "南京市", "鼓楼区"], ["四川省", "成都市", "武侯区"]];

function timeLines(record) {
  const w = record.wire;
  const lines = [];
  if (record.status === "refund_completed") {
    lines.push({ actionName: "退款金额明细", actionType: "REFUND_MONEY_DETAIL", createdStr: beijing(record.refunded), showContent: [`退款现金:${decimalText(Number(w.expense), 2)}元 `] });
  }
  if (w.refundType === "return_goods" && record.status !== "return_goods_requested") {
    lines.push({ actionName: "商家同意退货", actionType: "RETURN_GOODS_SELLER_AGREE", createdStr: beijing(Math.min(record.updated, record.created + 3600)), showContent: ["收件人:售后部", "电话:0571-88886666", "地址:浙江省杭州市余杭区仓前街道 1 号仓"] });
  }
  const add = w.refundType === "return_goods" ? ["买家申请退货", "RETURN_GOODS_BUYER_ADD"] : ["买家申请退款", "REFUND_BUYER_ADD"];
  lines.push({ actionName: add[0], actionType: add[1], createdStr: beijing(record.created), showContent: [`退款原因:${w.reason}`, `退款现金:${decimalText(Number(w.expense), 2)}元`, `退款说明:${w.refundDescription} `] });
  return lines;
}

function setStatus(record, status, at, tools) {
  const w = record.wire;
  w.status = status;
  w.updatedStr = beijing(at);
  record.status = status;
  record.updated = at;
  record.refunded = status === "refund_completed" ? at : null;
  // 商家实际退款金额(分), in fen as the doc's table says (its example's 163.2 is the fixture's).
  if (status === "refund_completed") w.sellerRefundAmount = w.expense;
  else delete w.sellerRefundAmount;
  const ship = w.refundShipInfo;
  if (w.refundType === "return_goods" && SHIPPED.has(status) && !ship.shipExpressId) {
    ship.shipExpressName = tools.pick(EXPRESS)[0];
    ship.shipExpressId = tools.digits(12);
  }
  w.orderStatus = status === "refund_completed" || status === "refund_cancelled" ? "ORDER_CLOSED" : "ORDER_REFUNDING";
  w.timeLines = timeLines(record);
}

function generate(tools, { seq, created, updated }) {
  const refundType = tools.weighted([["refund_money", 1], ["return_goods", 1]]);
  // refundId: Java longs; about a third above 2^53 (9007199254740992), the first one exactly 2^53 + 1.
  const serial = String(seq).padStart(6, "0");
  const refundId = seq === 0 ? "9007199254740993" : tools.chance(0.35) ? `${tools.digits(12)}${serial}` : `${tools.digits(5)}${serial}`;
  const number = tools.weighted([[1, 7], [2, 2], [3, 1]]);
  const nowPrice = tools.int(990, 59900);
  const price = nowPrice + tools.pick([0, 0, 1000, 2000, 5000]);
  const goodsPrice = nowPrice * number;
  const expense = tools.chance(0.8) ? goodsPrice : tools.int(100, goodsPrice);
  const [province, city, area] = tools.pick(PROVINCES);
  const wire = {
    createdStr: beijing(created),
    expense: String(expense),
    goodsPrice: String(goodsPrice),
    itemId: tools.digits(11),
    itemOrderId: tools.digits(16),
    nowPrice: String(nowPrice),
    number: String(number),
    orderStatus: "",
    price: String(price),
    reason: tools.pick(REASONS),
    refundDescription: tools.pick(DESCRIPTIONS),
    refundId,
    refundShipInfo: {
      address: `${tools.pick(["文三路", "科技园南路", "中山北路", "人民南路"])}${tools.int(1, 999)}号`,
      area,
      city,
      description: "",
      mobile: mobile(tools),
      name: personName(tools),
      province,
      shipTime: "0",
      zip: String(tools.int(100000, 999999)),
      shipExpressName: "",
      shipExpressId: "",
    },
    refundType,
    shopOrderId: tools.digits(14),
    status: "",
    timeLines: [],
    updatedStr: "",
  };
  const record = { id: refundId, created, updated, status: "", refunded: null, wire };
  setStatus(record, tools.pick(STATUSES[refundType]), updated, tools);
  return record;
}

function touch(tools, record, now) {
  const next = STATUSES[record.wire.refundType].filter((s) => s !== record.status);
  setStatus(record, tools.pick(next), now, tools);
}

// ---------------------------------------------------------------------------------------
// The server.

const QUERY_STATUS = {
  query_refund_or_return_all: (s) => s !== "refund_cancelled",
  query_refund_or_return_all_for_openapi: () => true,
  query_return_goods_requested: (s) => s === "return_goods_requested",
  query_return_goods_agreed: (s) => s === "return_goods_agreed",
  query_return_goods_shipped: (s) => s === "return_goods_shipped",
  query_refund_requested: (s) => s === "refund_requested",
  query_refund_completed: (s) => s === "refund_completed",
  query_refund_or_return_seller_refused: (s) => s === "refund_or_return_seller_refused",
};
const REFUND_TYPE = { query_refund_type_all: () => true, query_refund_money: (t) => t === "refund_money", query_return_goods: (t) => t === "return_goods" };

/** A date pair: null when unused (`[0]` or absent), `{since, until}`, or an error text. */
function datePair(params, a, b) {
  const unused = (v) => v === undefined || v === "" || v === UNUSED;
  if (unused(params[a]) && unused(params[b])) return null;
  if (unused(params[a]) || unused(params[b])) return `${a} 与 ${b} 必须同时提供`;
  const since = parseBeijing(params[a]);
  const until = parseBeijing(params[b]);
  if (since === null) return `${a} 格式错误,应为 yyyy-MM-dd HH:mm:ss`;
  if (until === null) return `${b} 格式错误,应为 yyyy-MM-dd HH:mm:ss`;
  if (until < since) return `${b} 早于 ${a}`;
  return { since, until };
}

function handle(request, ctx) {
  // POST form (MeilishuoClient) or everything in the query string (mogu.go, MoGuJieSupport).
  const params = { ...lastWins(parseForm(request.url.search)), ...lastWins(parseForm(request.method === "POST" ? request.body : "")) };
  for (const name of ["app_key", "method", "access_token", "timestamp", "sign"]) {
    if (params[name] === undefined || params[name] === "") return fail(CODES.params, `缺少公共参数 ${name}`, params);
  }
  const { appKey, appSecret, accessToken } = ctx.credentials;
  if (params.app_key !== appKey) return fail(CODES.appKey, "app_key 不存在", params);
  if (!/^\d{10}$/.test(params.timestamp) || Math.abs(ctx.now() - Number(params.timestamp)) > SKEW_SECONDS) {
    return fail(CODES.time, "timestamp 时间戳已过期,请使用当前 Unix 秒", params);
  }
  // Both forms are always checked, so the time does not say which one matched.
  const signedWithEmpty = sameText(params.sign, sign(params, appSecret));
  const signedWithoutEmpty = sameText(params.sign, sign(params, appSecret, { skipEmpty: true }));
  if (!signedWithEmpty && !signedWithoutEmpty) {
    return fail(CODES.sign, "Sign错误", params);
  }
  if (!sameText(params.access_token, accessToken)) return fail(CODES.token, "access_token 无效", params);
  if (params.method !== METHOD) return fail(CODES.method, `method ${params.method} 不存在`, params);
  if (params.format !== undefined && params.format !== "json") return fail(CODES.params, "format 只支持 json", params);

  // Business params: flat, or one wrapper param holding a JSON object (sibling APIs' style).
  const business = {};
  for (const [k, v] of Object.entries(params)) {
    if (SYSTEM.has(k)) continue;
    if (v.startsWith("{")) {
      let inner;
      try {
        inner = JSON.parse(v);
      } catch {
        return fail(CODES.params, `${k} 不是合法的 JSON`, params);
      }
      for (const [ik, iv] of Object.entries(inner)) business[ik] = iv === null ? "" : String(iv);
    } else business[k] = v;
  }
  const page = business.page === undefined || business.page === "" ? 1 : Number(business.page);
  if (!Number.isInteger(page) || page < 1) return fail(CODES.params, "page 从1开始", params);
  const pageSize = business.pageSize === undefined || business.pageSize === "" ? 20 : Number(business.pageSize);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 20) return fail(CODES.params, "pageSize 最大20", params);
  const created = datePair(business, "startDate", "endDate");
  const updated = datePair(business, "startUpdateTime", "endUpdateTime");
  if (typeof created === "string") return fail(CODES.params, created, params);
  if (typeof updated === "string") return fail(CODES.params, updated, params);
  if (!created && !updated) return fail(CODES.params, "创建时间和更新时间二选一必填,不需要的传[0]", params);
  if (created && updated) return fail(CODES.params, "创建时间和更新时间只能二选一,不需要的传[0]", params);
  const statusOk = business.queryStatus ? QUERY_STATUS[business.queryStatus] : () => true;
  if (!statusOk) return fail(CODES.params, `queryStatus ${business.queryStatus} 不合法`, params);
  const typeOk = business.refundType ? REFUND_TYPE[business.refundType] : () => true;
  if (!typeOk) return fail(CODES.params, `refundType ${business.refundType} 不合法`, params);

  const [field, range] = created ? ["created", created] : ["updated", updated];
  const matching = ctx.list().filter((r) => r[field] >= range.since && r[field] <= range.until && statusOk(r.status) && typeOk(r.wire.refundType));
  const list = matching.slice((page - 1) * pageSize, page * pageSize).map((r) => r.wire);
  const body = { result: { data: { hasNext: page * pageSize < matching.length, refundFullDTOList: list } }, status: { code: CODES.ok, msg: "调用成功!" } };
  return { response: reply(200, write(body)), params, error: null };
}

function fault(kind, ctx, request) {
  const params = { ...lastWins(parseForm(request.url.search)), ...lastWins(parseForm(request.body)) };
  if (kind === "rate_limit") return fail(CODES.rate, "调用过于频繁,已限流,请稍后再试", params);
  return fail(CODES.time, "timestamp 时间戳已过期,请使用当前 Unix 秒", params);
}

export default {
  id: "mogujie",
  path: PATH,
  credentials: CREDENTIALS,
  defaultOrder: "shuffled",
  matches: (path) => path.endsWith(PATH),
  generate,
  touch,
  handle,
  fault,
};
