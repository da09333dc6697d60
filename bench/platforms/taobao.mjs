// 淘宝/天猫's benchmark: its refund-list page (tid/oid above 2^53 as bare JSON numbers), its
// baseline mapping (the wrapped answer, simplify=true's bare one, and XML through
// fast-xml-parser into the wrapped shape) and its JS signer (sign_method=md5).

import { XMLParser } from "fast-xml-parser";
import { isLosslessNumber } from "lossless-json";
import { EXPRESS, GOODS, NAMES, NOTES, REASONS, SHOPS, SPECS, beijingTime, bigId, digits, int, numberJson, pick, when } from "../shared/pages.mjs";
import { beijing, convertAll, FieldError, hasMore, indexed, item, negative, negativeAmount, nonzero, own, PlatformError, refund, requiredId, setRefundedAt, text, warning, yuan } from "../shared/mapping.mjs";
import { byKey, FORM, formEncode } from "../shared/signing.mjs";

// ---------------------------------------------------------------------------------------
// The page: `{ refunds_receive_get_response: { has_next, refunds: { refund: [...] } } }`.

const TB_STATUSES = ["WAIT_SELLER_AGREE", "WAIT_BUYER_RETURN_GOODS", "WAIT_SELLER_CONFIRM_GOODS", "SELLER_REFUSE_BUYER", "CLOSED", "SUCCESS", "WAIT_BUYER_CONFIRM_EXCHANGE_SELLER_SEND_GOODS", "EXCHANGE_TRANSFORM_TO_REFUND", "WAIT_SELLER_CONSIGN_GOODS"];
const OPEN_UID = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// The answer to the package's own request: every field it asks for in `fields`, and
// use_has_next=true, so has_next instead of total_results.
function page(n, r, big) {
  const list = [];
  for (let i = 0; i < n; i++) {
    const created = when(r);
    const status = pick(r, TB_STATUSES);
    const num = int(r, 1, 3);
    const price = int(r, 990, 59900);
    const total = price * num;
    const refund = r() < 0.7 ? total : int(r, 100, total);
    const returned = r() < 0.5;
    const tid = bigId(r, big);
    let uid = "AAH";
    while (uid.length < 24) uid += pick(r, [...OPEN_UID]);
    const record = {
      refund_id: "2339062836" + String(i).padStart(8, "0"),
      tid,
      oid: r() < 0.6 ? tid : bigId(r, big),
      title: pick(r, GOODS),
      buyer_nick: pick(r, NAMES)[0] + "**" + int(r, 0, 9),
      buyer_open_uid: uid,
      seller_nick: pick(r, SHOPS)[1],
      total_fee: (total / 100).toFixed(2),
      refund_fee: (refund / 100).toFixed(2),
      payment: ((total - refund) / 100).toFixed(2),
      status,
      good_status: returned ? "BUYER_RETURNED_GOODS" : "BUYER_NOT_RECEIVED",
      has_good_return: returned,
      order_status: pick(r, ["WAIT_SELLER_SEND_GOODS", "WAIT_BUYER_CONFIRM_GOODS", "TRADE_FINISHED"]),
      refund_phase: pick(r, ["onsale", "aftersale"]),
      reason: pick(r, REASONS),
      desc: pick(r, NOTES),
    };
    if (returned) {
      record.company_name = pick(r, EXPRESS);
      record.sid = digits(r, 14);
    }
    record.num = String(num);
    record.sku = digits(r, 11) + "|规格:" + pick(r, SPECS);
    record.outer_id = "SKU-" + digits(r, 6);
    record.created = beijingTime(created);
    record.modified = beijingTime(created + 3600);
    // end_time: when the refund ended, SUCCESS or CLOSED (a CLOSED one is a warning).
    if (status === "SUCCESS" || status === "CLOSED") record.end_time = beijingTime(created + 3600);
    list.push(record);
  }
  const body = { refunds_receive_get_response: { has_next: true, refunds: { refund: list }, request_id: "16kksr4el1bs0" } };
  return numberJson(body, new Set(["tid", "oid", "num"]));
}

// ---------------------------------------------------------------------------------------
// The baseline: the page's JSON or XML mapped to the unified page.

const TB_STATUS = { WAIT_SELLER_AGREE: ["买家已经申请退款,等待卖家同意", "pending"], WAIT_BUYER_RETURN_GOODS: ["卖家已经同意退款,等待买家退货", "awaiting_return"], WAIT_SELLER_CONFIRM_GOODS: ["买家已经退货,等待卖家确认收货", "return_in_transit"], SELLER_REFUSE_BUYER: ["卖家拒绝退款", "rejected"], CLOSED: ["退款关闭", "closed"], SUCCESS: ["退款成功", "succeeded"], WAIT_BUYER_CONFIRM_EXCHANGE_SELLER_SEND_GOODS: ["等待买家确认换货卖家发货商品", "unknown"], EXCHANGE_TRANSFORM_TO_REFUND: ["换货关闭转退款", "unknown"], WAIT_SELLER_CONSIGN_GOODS: ["商家确认收货等待商家发货", "unknown"] };
const TB_RESPONSE = "refunds_receive_get_response";

/** true/false, 1/0 or their string forms; null and absent are null. */
function boolean(field, v) {
  if (v === undefined || v === null) return null;
  const t = typeof v === "boolean" ? String(v) : typeof v === "string" ? v : typeof v === "number" ? String(v) : isLosslessNumber(v) ? v.value : undefined;
  if (t === "true" || t === "1") return true;
  if (t === "false" || t === "0") return false;
  throw new FieldError(field, "invalid_type", `${field} must be a boolean`);
}
/** `sku` is `skuId|属性名:值;…`; without the `|` all of it is the properties. */
function splitSku(sku) {
  const nonempty = (s) => (s.trim() === "" ? null : s);
  if (sku === null) return [null, null];
  const bar = sku.indexOf("|");
  return bar < 0 ? [null, nonempty(sku)] : [nonempty(sku.slice(0, bar)), nonempty(sku.slice(bar + 1))];
}

function map(doc, options) {
  if (doc.error_response != null) throw new PlatformError("taobao error");
  const q = options?.query;
  const simplifySent = q ? q.params?.simplify === "true" : null;
  const hasNextSent = q ? q.params?.use_has_next !== "false" : null;
  const response = doc[TB_RESPONSE];
  let data, list, listPath;
  if (response != null) {
    if (simplifySent === true) throw new PlatformError("taobao: simplify=true sent, wrapped answer");
    [data, list, listPath] = [response, response.refunds?.refund, `${TB_RESPONSE}.refunds.refund`];
  } else if (doc.total_results !== undefined || doc.has_next !== undefined || doc.refunds !== undefined) {
    if (simplifySent === false) throw new PlatformError("taobao: simplified answer, simplify=true not sent");
    [data, list, listPath] = [doc, doc.refunds, "refunds"];
  } else throw new PlatformError("taobao: no response");

  const warnings = [];
  let records = [];
  if (Array.isArray(list)) records = indexed(list);
  else if (list != null && typeof list === "object" && Object.keys(list).length > 0) {
    warnings.push(warning("single_record", `${listPath} is a single object, not an array: read as one record`, `${listPath} 是单个对象而不是数组:按一条记录读取`));
    records = [["", list]];
  } else if (list != null && typeof list !== "object") throw new PlatformError(`taobao: ${listPath} is not an array`);
  const reported = text("total_results", data.total_results);
  let hasNext = null;
  try {
    hasNext = boolean("has_next", data.has_next);
  } catch {
    warnings.push(warning("has_more", "has_next is not a boolean", "has_next 不是布尔值"));
  }
  const pageNo = q ? (q.page ?? 1) : 1;
  const pageSize = q ? (q.pageSize ?? 40) : null;
  let total = null;
  let more;
  // With use_has_next the total is absent or 0: has_next alone decides.
  if (hasNextSent ?? hasNext !== null) {
    more = hasNext;
    if (more === null) {
      warnings.push(warning("has_more", "has_next is missing although use_has_next was sent", "已发送 use_has_next,但响应缺少 has_next"));
      more = hasMore(pageNo, pageSize, null, records.length);
    }
  } else {
    total = reported !== null ? Number(reported.trim()) : null;
    more = hasMore(pageNo, pageSize, total, records.length);
  }
  if (more === true && records.length === 0) warnings.push(warning("has_more", "more pages are announced on an empty page", "空页上仍表示还有下一页"));
  const out = { refunds: [], page: { page: q ? pageNo : null, pageSize, total, hasMore: more }, rejected: [], warnings };
  return convertAll(records, listPath, (w, setId) => {
    const r = refund("taobao", setId(requiredId("refund_id", w.refund_id)));
    r.orderId = nonzero("tid", w.tid);
    r.subOrderId = nonzero("oid", w.oid);
    r.shopName = text("seller_nick", w.seller_nick);
    const returned = boolean("has_good_return", w.has_good_return);
    r.kind = returned === true ? "return_and_refund" : returned === false ? "refund_only" : "unknown";
    const status = text("status", w.status);
    const known = own(TB_STATUS, status);
    r.status = known ? known[1] : "unknown";
    r.platformStatus = { code: status, label: known ? known[0] : null };
    r.refundedAmount = yuan("refund_fee", w.refund_fee);
    r.requestedAmount = r.refundedAmount;
    if (negative(r.refundedAmount)) r.warnings.push(negativeAmount(r.refundedAmount));
    r.reason = text("reason", w.reason);
    r.note = text("desc", w.desc);
    const buyer = { id: text("buyer_open_uid", w.buyer_open_uid), name: text("buyer_nick", w.buyer_nick), phone: null };
    if (buyer.id !== null || buyer.name !== null) r.buyer = buyer;
    const company = text("company_name", w.company_name);
    const trackingNo = text("sid", w.sid);
    if (company !== null || trackingNo !== null) r.returnShipment = { company, companyCode: null, trackingNo };
    const line = { name: text("title", w.title), quantity: yuan("num", w.num), amount: yuan("total_fee", w.total_fee), goodsNo: text("outer_id", w.outer_id) };
    [line.skuId, line.skuName] = splitSku(text("sku", w.sku));
    if (Object.values(line).some((x) => x !== null)) r.items.push(item(line));
    r.createdAt = beijing("created", w.created);
    r.updatedAt = beijing("modified", w.modified);
    // end_time is when the refund ended, closed or paid: the payment's time on SUCCESS only.
    const ended = beijing("end_time", w.end_time);
    setRefundedAt(r, "end_time", r.status === "succeeded" ? ended : null, false);
    return r;
  }, out);
}

const taobaoXmlParser = new XMLParser({
  parseTagValue: false,
  ignoreAttributes: true,
  trimValues: true,
  isArray: (name, jpath) => jpath === `${TB_RESPONSE}.refunds.refund`,
});

// ---------------------------------------------------------------------------------------
// The signer: TOP with sign_method=md5.

const TAOBAO_FIELDS = "refund_id,tid,oid,title,buyer_nick,buyer_open_uid,seller_nick,total_fee,refund_fee,status,has_good_return,reason,desc,company_name,sid,num,sku,outer_id,created,modified,end_time";
const TAOBAO_TYPES = "fixed,auction,guarantee_trade,independent_simple_trade,independent_shop_trade,auto_delivery,ec,cod,fenxiao,game_equipment,shopex_trade,netcn_trade,external_trade";

/** TOP with sign_method=md5: every param but sign, keys in byte order, key+value, the secret on both sides. */
function sign(md5, credentials, query, now) {
  if (credentials.signMethod !== "md5") throw new Error("this signer signs with md5 only");
  const params = [
    ["fields", TAOBAO_FIELDS],
    ["type", TAOBAO_TYPES],
    ["start_modified", query.since],
    ["end_modified", query.until],
    ["page_no", String(query.page ?? 1)],
    ["page_size", String(query.pageSize ?? 40)],
    ["use_has_next", "true"],
    ["method", "taobao.refunds.receive.get"],
    ["app_key", credentials.appKey],
    ["session", credentials.session],
    ["timestamp", beijingTime(now)],
    ["format", "json"],
    ["v", "2.0"],
    ["sign_method", "md5"],
  ];
  let s = credentials.appSecret;
  for (const [k, v] of [...params].sort(byKey)) s += k + v;
  params.push(["sign", md5(s + credentials.appSecret).toUpperCase()]);
  return { url: "https://eco.taobao.com/router/rest", method: "POST", headers: { ...FORM }, body: formEncode(params) };
}

export default {
  id: "taobao",
  // tid and oid above 2^53 are JSON numbers: JSON.parse loses their digits.
  cases: [{ name: "taobao", generate: page, bigIdNumbers: true }],
  map,
  parseXml: (text) => taobaoXmlParser.parse(text),
  signer: { sign, credentials: { appKey: "12345678", appSecret: "tb_app_secret_0123456789", session: "6100a1b2c3d4e5f6tb_session", signMethod: "md5" } },
  // Left out: doc_simplify.json (the simplified answer: with a query it needs params.simplify,
  // which the test's options do not send).
  fixtures: ["doc_response.json", "doc_has_next.json", "doc_empty.json", "doc_response.xml"],
  plainLossy: {
    "doc_response.json": "tid and oid above 2^53 sent as JSON numbers lose digits",
    "doc_has_next.json": "tid and oid above 2^53 sent as JSON numbers lose digits",
  },
};
