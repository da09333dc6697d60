// The JavaScript alternatives the benchmark times refund-normalizer against. Each one maps a
// platform's response to the same unified page `parseResponse` returns (checked by
// equivalence.test.mjs), the way a developer would write it by hand:
//
//   (a) "plain":    JSON.parse + mapping (苏宁 and 淘宝 XML: fast-xml-parser + the same mapping).
//                   Numbers go through float64, so ids above 2^53 lose digits: the only
//                   place it cannot equal refund-normalizer (see the test).
//   (b) "lossless": lossless-json's parse (numbers kept as their text) + the same mapping:
//                   the correct one.
//
// The mapping is one piece of code; only the parser and the number-to-text step differ.
// It covers what the benchmark's pages and the fixtures named in the test exercise (every
// status/kind table, money rules, zero dates, warnings); rare error envelopes are left out.

import { parse as losslessParse, isLosslessNumber } from "lossless-json";
import { XMLParser } from "fast-xml-parser";

class FieldError extends Error {
  constructor(field, code, message) {
    super(message);
    this.field = field;
    this.code = code;
  }
}

// ---------------------------------------------------------------------------------------
// Scalars

/** A scalar as text; null, absent and "" are null. Numbers: float text (a) or exact text (b). */
function text(field, v) {
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return v === "" ? null : v;
  if (typeof v === "number") return String(v);
  if (isLosslessNumber(v)) return v.value;
  throw new FieldError(field, "invalid_type", `${field} must be a string or a number`);
}

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Yuan as an exact decimal string, at least two decimals, trailing zeros past them trimmed. */
function money(field, t) {
  const m = PLAIN.exec(t);
  if (m === null) throw new FieldError(field, "invalid_money", `${field}: not a decimal number`);
  const int = m[2].replace(/^0+/, "") || "0";
  let frac = (m[3] || "").replace(/0+$/, "");
  if (frac.length < 2) frac = frac.padEnd(2, "0");
  const zero = int === "0" && /^0*$/.test(frac);
  return (m[1] && !zero ? "-" : "") + int + "." + frac;
}
function yuan(field, v) {
  const t = text(field, v);
  return t === null ? null : money(field, t);
}
/** 分 → yuan, exact. */
function fenText(field, t) {
  const m = PLAIN.exec(t);
  if (m === null) throw new FieldError(field, "invalid_money", `${field}: not a decimal number`);
  if (m[3] && /[1-9]/.test(m[3])) throw new FieldError(field, "invalid_money", `${field}: a fen amount with a fraction of a fen`);
  const digits = m[2].replace(/^0+/, "").padStart(3, "0");
  const int = digits.slice(0, -2).replace(/^0+(?=\d)/, "");
  const out = int + "." + digits.slice(-2);
  return (m[1] && out !== "0.00" ? "-" : "") + out;
}
function fen(field, v) {
  const t = text(field, v);
  return t === null ? null : fenText(field, t);
}

const ZERO_DATE = /^0000-00-00/;
const BEIJING = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;
/** Beijing "yyyy-MM-dd HH:mm:ss" → RFC 3339 +08:00; zero dates are null. */
function beijing(field, v) {
  const t = text(field, v);
  if (t === null || t === "0" || ZERO_DATE.test(t)) return null;
  if (!BEIJING.test(t)) throw new FieldError(field, "invalid_time", `${field}: expected yyyy-MM-dd HH:mm:ss`);
  return t.slice(0, 10) + "T" + t.slice(11) + "+08:00";
}
/** Unix seconds (2000..2100) → RFC 3339 +08:00; 0 is null. */
function unix(field, v) {
  const t = text(field, v);
  if (t === null || t === "0") return null;
  if (!/^\d{1,12}$/.test(t) || Number(t) < 946656000 || Number(t) >= 4102416000) throw new FieldError(field, "invalid_time", `${field}: not Unix seconds`);
  return new Date((Number(t) + 28800) * 1000).toISOString().slice(0, 19) + "+08:00";
}
function requiredId(field, v) {
  const t = text(field, v);
  if (t === null) throw new FieldError(field, "missing_id", `${field} is missing or empty`);
  return t;
}
/** An id where 0 is the platform's "none". */
function nonzero(field, v) {
  const t = text(field, v);
  return t === "0" ? null : t;
}
const negative = (a) => a !== null && a[0] === "-";
const warning = (code, message, messageZh) => ({ code, message, messageZh });
const negativeAmount = (a) => warning("negative_amount", `negative amount ${a}`, `金额为负数 ${a}`);
/** refundedAt only for succeeded; a success time on another status is a warning. */
function setRefundedAt(r, field, at, promised) {
  if (r.status === "succeeded" && at !== null) r.refundedAt = at;
  else if (r.status === "succeeded" && promised) r.warnings.push(warning("refunded_at_missing", `the refund succeeded without ${field}: refundedAt unknown`, `退款已成功但没有 ${field}:退款时间未知`));
  else if (r.status !== "succeeded" && at !== null) r.warnings.push(warning("refunded_at_not_succeeded", `${field} ${at} ignored: the refund is ${r.status}, not succeeded`, `已忽略 ${field} ${at}:退款状态为 ${r.status},并非退款成功`));
}

function refund(platform, id) {
  return {
    platform,
    id,
    orderId: null,
    subOrderId: null,
    shopId: null,
    shopName: null,
    kind: "unknown",
    status: "unknown",
    platformStatus: { code: null, label: null },
    requestedAmount: null,
    refundedAmount: null,
    currency: "CNY",
    reason: null,
    note: null,
    buyer: null,
    returnShipment: null,
    createdAt: null,
    updatedAt: null,
    refundedAt: null,
    items: [],
    warnings: [],
    raw: null,
  };
}
function item(fields) {
  return { goodsId: null, skuId: null, goodsNo: null, skuNo: null, name: null, skuName: null, quantity: null, unitPrice: null, amount: null, ...fields };
}

function hasMore(page, size, total, records) {
  if (total !== null && size !== null) return page * size < total;
  if (total === null && size !== null && records < size) return false;
  if (total !== null && size === null && records >= total) return false; // the whole total here
  return null;
}

/** Every record converted or rejected; duplicate ids flagged. */
function convertAll(records, listPath, convert, page) {
  for (let i = 0; i < records.length; i++) {
    const [segment, raw] = records[i];
    let id = null;
    try {
      page.refunds.push(convert(raw, (x) => (id = x)));
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      page.rejected.push({ index: i, id, code: e.code, message: e.message, path: e.field ? `${listPath}${segment}.${e.field}` : `${listPath}${segment}` });
    }
  }
  const seen = new Set();
  for (const r of page.refunds) {
    if (seen.has(r.id)) page.warnings.push(warning("duplicate_id", `refund ${r.id} appears more than once on this page`, `退款单 ${r.id} 在本页出现了不止一次`));
    else seen.add(r.id);
  }
  return page;
}
const indexed = (list) => list.map((r, i) => [`[${i}]`, r]);

function pageOf(options, sizeDefault) {
  const q = options && options.query;
  return { page: q ? (q.page ?? 1) : null, pageSize: q ? (q.pageSize ?? sizeDefault) : null };
}

class PlatformError extends Error {}

// ---------------------------------------------------------------------------------------
// 旺店通

const WDT_STATUS = { 0: ["空", "unknown"], 1: ["取消退款", "cancelled"], 2: ["已申请退款", "pending"], 3: ["等待退货", "awaiting_return"], 4: ["等待收货", "return_in_transit"], 5: ["退款成功", "succeeded"], 10: ["换货待处理", "pending"], 20: ["待买家退货", "awaiting_return"], 30: ["买家已退货待收货", "return_in_transit"], 40: ["待买家修改", "awaiting_buyer"], 50: ["待发出换货商品", "processing"], 55: ["待买家收货", "processing"], 60: ["换货改退货", "processing"], 70: ["换货关闭", "closed"], 80: ["换货成功", "succeeded"] };
const WDT_PROCESS = { 0: "待递交", 10: "已取消", 15: "未递交", 20: "已递交", 30: "已同意", 40: "已拒绝", 50: "待财审", 60: "待收货", 70: "部分到货", 80: "已完成" };
const WDT_KIND = { 0: "cancel_order", 1: "refund_only", 2: "return_and_refund", 3: "exchange", 4: "refund_only" };
const own = (table, key) => (key !== null && Object.hasOwn(table, key) ? table[key] : undefined);

function wangdiantong(doc, options) {
  const code = text("code", doc.code);
  if (code !== "0") throw new PlatformError(`wangdiantong error ${code}`);
  const reported = text("total_count", doc.total_count);
  const list = doc.trade_list ?? [];
  const { page, pageSize } = pageOf(options, 40);
  const total = reported !== null ? Number(reported) : (options?.total ?? null);
  const out = { refunds: [], page: { page, pageSize, total, hasMore: hasMore(page ?? 1, pageSize, total, list.length) }, rejected: [], warnings: [] };
  if (total === null && page > 1) out.warnings.push(warning("total_elsewhere", "total_count is sent only with the first page; pass it as options.total to know the total", "total_count 只随第一页返回;请通过 options.total 传入以得知总数"));
  return convertAll(indexed(list), "trade_list", (w, setId) => {
    const r = refund("wangdiantong", setId(requiredId("refund_no", w.refund_no)));
    r.orderId = text("tid", w.tid);
    r.shopId = text("shop_no", w.shop_no);
    const kind = text("type", w.type);
    if (kind !== null) r.kind = own(WDT_KIND, kind) ?? "unknown";
    const status = text("status", w.status);
    const process = text("process_status", w.process_status);
    const known = own(WDT_STATUS, status);
    r.status = known ? known[1] : "unknown";
    const p = r.status === "unknown" ? own(WDT_PROCESS, process) : undefined;
    if (p) {
      const said = JSON.stringify(status ?? "");
      r.warnings.push(warning("status_unknown", `status ${said} says nothing: the status is unknown; the ERP's process_status is ${process} (${p})`, `status ${said} 未说明状态:状态未知;ERP 的 process_status 为 ${process}(${p})`));
    }
    r.platformStatus = { code: status, label: known ? known[0] : null };
    r.requestedAmount = yuan("refund_amount", w.refund_amount);
    r.refundedAmount = yuan("actual_refund_amount", w.actual_refund_amount);
    for (const a of [r.requestedAmount, r.refundedAmount]) if (negative(a)) r.warnings.push(negativeAmount(a));
    r.reason = text("reason", w.reason);
    r.note = text("remark", w.remark);
    const company = text("logistics_name", w.logistics_name);
    const trackingNo = text("logistics_no", w.logistics_no);
    if (company !== null || trackingNo !== null) r.returnShipment = { company, companyCode: null, trackingNo };
    r.createdAt = beijing("refund_time", w.refund_time);
    r.updatedAt = beijing("modified", w.modified);
    setRefundedAt(r, "current_phase_timeout", beijing("current_phase_timeout", w.current_phase_timeout), false);
    const goods = w.goods_list;
    if (goods != null) {
      const oids = [];
      for (let i = 0; i < goods.length; i++) {
        const g = goods[i];
        r.items.push(
          item({
            goodsId: text("goods_id", g.goods_id),
            skuId: text("spec_id", g.spec_id),
            goodsNo: text("goods_no", g.goods_no),
            skuNo: text("spec_no", g.spec_no),
            name: text("goods_name", g.goods_name),
            skuName: text("spec_name", g.spec_name),
            quantity: yuan("num", g.num),
            unitPrice: yuan("price", g.price),
            amount: yuan("total_amount", g.total_amount),
          }),
        );
        oids.push(text("oid", g.oid));
      }
      if (oids.length > 0 && oids[0] !== null && oids.every((o) => o === oids[0])) r.subOrderId = oids[0];
    }
    return r;
  }, out);
}

// ---------------------------------------------------------------------------------------
// ShopEx (server shape: response.lists keyed by refund_id; also the doc's bare shape)

const SHOPEX_STATUS = { succ: ["成功", "succeeded"], failure: ["失败", "failed"], pending: ["待处理", "pending"], failed: ["支付失败", "failed"], error: ["处理异常", "failed"], timeout: ["超时", "failed"], cancel: ["未支付", "cancelled"], invalid: ["非法参数", "closed"], progress: ["处理中", "processing"], ready: ["准备中", "pending"] };
function shopexTime(field, v) {
  const t = text(field, v);
  if (t === null) return null;
  return /^\s*\d+\s*$/.test(t) ? unix(field, t.trim()) : beijing(field, t);
}
function elements(list) {
  if (Array.isArray(list)) return indexed(list);
  return Object.keys(list).map((k) => [`[${JSON.stringify(k)}]`, list[k]]);
}

function shopex(doc, options) {
  if (doc.error_response != null) throw new PlatformError("shopex error");
  const data = doc.response != null ? doc.response : doc;
  const prefix = doc.response != null ? "response." : "";
  if (Array.isArray(data) && data.length === 0) return shopex({ response: { count: "0" } }, options);
  const reported = text("count", data.count);
  const records = data.lists != null ? elements(data.lists) : [];
  const { page, pageSize } = pageOf(options, 50);
  const total = reported !== null ? Number(reported) : (options?.total ?? null);
  const out = { refunds: [], page: { page, pageSize, total, hasMore: hasMore(page ?? 1, pageSize, total, records.length) }, rejected: [], warnings: [] };
  if (pageSize !== null && records.length > pageSize) out.warnings.push(warning("paging", `${records.length} records on a page of ${pageSize}`, `每页 ${pageSize} 条,本页却有 ${records.length} 条`));
  return convertAll(records, `${prefix}lists`, (w, setId) => {
    const bn = text("bn", w.bn);
    const refundBn = text("refund_bn", w.refund_bn);
    const r = refund("shopex", setId(bn ?? requiredId("refund_bn", w.refund_bn)));
    if (bn !== null && refundBn !== null && bn !== refundBn) r.warnings.push(warning("id_mismatch", `bn ${bn} and refund_bn ${refundBn} differ; bn is the id`, `bn ${bn} 与 refund_bn ${refundBn} 不同;以 bn 为单号`));
    r.orderId = text("order_bn", w.order_bn);
    r.shopId = text("shop_bn", w.shop_bn);
    r.shopName = text("shop_name", w.shop_name);
    const code = text("status", w.status);
    const known = own(SHOPEX_STATUS, code);
    r.status = known ? known[1] : "unknown";
    r.platformStatus = { code, label: text("status_name", w.status_name) ?? (known ? known[0] : null) };
    const amount = yuan("total_amount", w.total_amount) ?? yuan("money", w.money) ?? yuan("cur_money", w.cur_money);
    if (negative(amount)) r.warnings.push(negativeAmount(amount));
    r.refundedAmount = amount;
    const currency = text("currency", w.currency);
    if (currency !== null && currency.toUpperCase() !== "CNY" && currency !== "人民币") r.warnings.push(warning("currency", `currency ${currency}: amounts are as given, not converted to CNY`, `币种 ${currency}:金额按原样给出,未换算为人民币`));
    r.note = text("memo", w.memo);
    r.createdAt = shopexTime("createtime", w.createtime) ?? shopexTime("t_ready", w.t_ready);
    r.updatedAt = shopexTime("updatetime", w.updatetime);
    setRefundedAt(r, "t_sent", shopexTime("t_sent", w.t_sent), false);
    if (w.items != null && w.items !== "") {
      for (const [, line] of elements(w.items)) {
        r.items.push(item({ skuNo: text("bn", line.bn), name: text("name", line.name), quantity: yuan("nums", line.nums), amount: yuan("refund_price", line.refund_price) }));
      }
    }
    return r;
  }, out);
}

// ---------------------------------------------------------------------------------------
// 蘑菇街 (numbers in 分, ids above 2^53 as JSON numbers)

const MGJ_STATUS = { return_goods_requested: ["买家发起退货,等待卖家同意", "pending"], return_goods_agreed: ["卖家同意,等待买家退货", "awaiting_return"], return_goods_shipped: ["买家发货,等待卖家收货", "return_in_transit"], refund_requested: ["买家发起退款,等待卖家同意", "pending"], refund_or_return_deal_agreed: ["买卖家协商一致,等待资金退款结果", "processing"], refund_or_return_seller_refused: ["买家退款或退货被卖家拒绝", "rejected"], return_goods_seller_declare_not_received: ["买家发货后,卖家未收到货", "awaiting_buyer"], refund_completed: ["退款完成", "succeeded"], refund_cancelled: ["退款取消", "cancelled"] };
const MGJ_KIND = { refund_money: "refund_only", return_goods: "return_and_refund" };

/** 商家实际退款金额(分): fen; a fraction cannot be fen and is read as yuan, flagged. */
function sellerRefundAmount(t) {
  const F = "sellerRefundAmount";
  const asYuan = money(F, t);
  const [int, frac] = asYuan.split(".");
  if (!/[1-9]/.test(frac)) return [fenText(F, int), null];
  return [asYuan, warning("amount_unit", `${F} ${t} has a fraction, so it was read as yuan, not the documented fen`, `${F} ${t} 带有小数,按元读取,而非文档所说的分`)];
}

function mogujie(doc, options) {
  const code = text("code", doc.status?.code);
  if (code !== "0000000" && code?.padStart(7, "0") !== "0000000") throw new PlatformError(`mogujie error ${code}`);
  const data = doc.result?.data;
  const list = data?.refundFullDTOList ?? [];
  const { page, pageSize } = pageOf(options, 20);
  const hasNext = data?.hasNext;
  const out = { refunds: [], page: { page, pageSize, total: null, hasMore: typeof hasNext === "boolean" ? hasNext : null }, rejected: [], warnings: [] };
  return convertAll(indexed(list), "result.data.refundFullDTOList", (w, setId) => {
    const r = refund("mogujie", setId(requiredId("refundId", w.refundId)));
    r.orderId = nonzero("shopOrderId", w.shopOrderId);
    r.subOrderId = nonzero("itemOrderId", w.itemOrderId);
    const kind = text("refundType", w.refundType);
    if (kind !== null) r.kind = own(MGJ_KIND, kind) ?? "unknown";
    const status = text("status", w.status);
    const known = own(MGJ_STATUS, status);
    r.status = known ? known[1] : "unknown";
    r.platformStatus = { code: status, label: known ? known[0] : null };
    r.requestedAmount = fen("expense", w.expense);
    const goodsPrice = fen("goodsPrice", w.goodsPrice);
    const seller = text("sellerRefundAmount", w.sellerRefundAmount);
    if (seller !== null) {
      const [amount, unit] = sellerRefundAmount(seller);
      r.refundedAmount = amount;
      if (unit) r.warnings.push(unit);
    }
    const nowPrice = fen("nowPrice", w.nowPrice);
    const price = fen("price", w.price);
    const goodsId = nonzero("itemId", w.itemId);
    const quantity = yuan("number", w.number);
    let unitPrice = nowPrice;
    if (nowPrice === null && price !== null) {
      r.warnings.push(warning("fallback", `nowPrice is missing; unitPrice is price ${price}, the list price`, `缺少 nowPrice;unitPrice 取 price ${price},即标价`));
      unitPrice = price;
    }
    if (goodsId !== null || quantity !== null || unitPrice !== null || goodsPrice !== null) r.items.push(item({ goodsId, quantity, unitPrice, amount: goodsPrice }));
    for (const a of [r.requestedAmount, r.refundedAmount]) if (negative(a)) r.warnings.push(negativeAmount(a));
    r.reason = text("reason", w.reason);
    r.note = text("refundDescription", w.refundDescription);
    const ship = w.refundShipInfo;
    if (ship != null && ship !== "") {
      const company = text("shipExpressName", ship.shipExpressName);
      const trackingNo = text("shipExpressId", ship.shipExpressId);
      if (company !== null || trackingNo !== null) r.returnShipment = { company, companyCode: null, trackingNo };
      const name = text("name", ship.name);
      const phone = text("mobile", ship.mobile);
      if (name !== null || phone !== null) r.buyer = { id: null, name, phone };
    }
    r.createdAt = beijing("createdStr", w.createdStr);
    r.updatedAt = beijing("updatedStr", w.updatedStr);
    if (r.status === "succeeded") {
      let latest = null;
      for (const line of w.timeLines ?? []) {
        if (text("actionType", line.actionType) !== "REFUND_MONEY_DETAIL") continue;
        const at = beijing("createdStr", line.createdStr);
        if (at !== null && (latest === null || at > latest)) latest = at;
      }
      setRefundedAt(r, "a REFUND_MONEY_DETAIL time line", latest, true);
    }
    return r;
  }, out);
}

// ---------------------------------------------------------------------------------------
// 苏宁 (JSON, and XML through fast-xml-parser into the same shape)

const SN_STATUS = [["1", "退款待处理", "pending"], ["2", "已拒绝退款", "rejected"], ["3", "待买家发货", "awaiting_return"], ["4", "待商家收货", "return_in_transit"], ["5", "退款失败", "failed"], ["6", "退款处理中", "processing"], ["7", "退款关闭", "closed"], ["8", "退款成功", "succeeded"]];
function snStatus(t) {
  const s = t.trim();
  return SN_STATUS.find(([code, label]) => s === code || s === label || (s.startsWith(code + "-") && s.slice(code.length + 1).trim() === label));
}

function suning(doc, options) {
  const content = doc.sn_responseContent;
  const head = content.sn_head || null;
  const message = head && text("returnMessage", head.returnMessage);
  const error = content.sn_error ? text("error_code", content.sn_error.error_code)?.trim() : null;
  const noResult = error === "biz.handler.data-get:no-result" || (error == null && message === "biz.handler.data-get:no-result");
  if (error != null && !noResult && error !== "biz.handler.data-get:success") throw new PlatformError(`suning error ${error}`);
  const count = (f) => (head && text(f, head[f]) !== null ? Number(text(f, head[f])) : null);
  const headPage = count("pageNo");
  const pageTotal = count("pageTotal");
  const total = count("totalSize");
  let list = noResult ? null : content.sn_body?.batchQueryRejected;
  const records = list == null || list === "" ? [] : Array.isArray(list) ? indexed(list) : [["", list]];
  const asked = options?.query ? (options.query.page ?? 1) : null;
  const warnings = [];
  if (asked !== null && headPage !== null && asked !== headPage) warnings.push(warning("paging", `page ${asked} was asked but the server answered page ${headPage}`, `请求的是第 ${asked} 页,服务器返回的是第 ${headPage} 页`));
  const page = headPage ?? asked;
  const pageSize = options?.query ? (options.query.pageSize ?? 10) : null;
  const more = noResult ? false : page !== null && pageTotal !== null ? page < pageTotal : hasMore(page ?? 1, pageSize, total, records.length);
  const out = { refunds: [], page: { page, pageSize, total, hasMore: more }, rejected: [], warnings };
  return convertAll(records, "sn_responseContent.sn_body.batchQueryRejected", (w, setId) => {
    const orderCode = requiredId("orderCode", w.orderCode);
    const productCode = requiredId("productCode", w.productCode);
    const apply = beijing("applyTime", w.applyTime);
    if (apply === null) throw new FieldError("applyTime", "missing_id", "applyTime is missing or empty; it is part of the refund's id");
    const r = refund("suning", setId(`${orderCode}:${productCode}:${apply.slice(0, 19).replace(/\D/g, "")}`));
    r.orderId = orderCode;
    r.createdAt = apply;
    const customer = text("customer", w.customer);
    if (customer !== null) r.buyer = { id: customer, name: null, phone: null };
    const statusText = text("statusDesc", w.statusDesc);
    const s = statusText === null ? undefined : snStatus(statusText);
    if (s) r.status = s[2];
    r.platformStatus = { code: statusText, label: s ? s[1] : null };
    const refundType = text("refundtype", w.refundtype);
    r.kind = refundType === null ? "return_and_refund" : refundType.trim() === "1" ? "refund_only" : refundType.trim() === "" ? "return_and_refund" : "unknown";
    const returnType = text("returntype", w.returntype);
    if (returnType !== null && !["2", "3", "4"].includes(returnType.trim())) r.warnings.push(warning("unknown_code", `returntype ${JSON.stringify(returnType)} is not one of the doc's codes 2, 3, 4`, `returntype ${JSON.stringify(returnType)} 不是文档中的 2、3、4 之一`));
    const deal = yuan("dealMoney", w.dealMoney);
    r.refundedAmount = yuan("returnMoney", w.returnMoney);
    for (const a of [deal, r.refundedAmount]) if (negative(a)) r.warnings.push(negativeAmount(a));
    r.reason = text("returnReason", w.returnReason);
    const companyCode = text("expressCompanyCode", w.expressCompanyCode);
    const trackingNo = text("expressNo", w.expressNo);
    if (companyCode !== null || trackingNo !== null) r.returnShipment = { company: null, companyCode, trackingNo };
    r.items.push(item({ goodsId: productCode, amount: deal }));
    return r;
  }, out);
}

const xmlParser = new XMLParser({
  parseTagValue: false,
  ignoreAttributes: true,
  trimValues: true,
  isArray: (name, jpath) => jpath === "sn_responseContent.sn_body.batchQueryRejected",
});

// ---------------------------------------------------------------------------------------
// 诺云 (numbers)

const NY_STATUS = { 1: ["待商家处理", "pending"], 2: ["退款成功", "succeeded"], 3: ["退款关闭", "closed"], 4: ["待买家发货", "awaiting_return"], 5: ["待商家收货", "return_in_transit"], 6: ["待买家确认", "awaiting_buyer"] };
const NY_KIND = { 1: "refund_only", 2: "return_and_refund" };

function nuoyun(doc, options) {
  if (String(text("code", doc.code)).trim() !== "200") throw new PlatformError(`nuoyun error ${doc.code}`);
  const data = doc.data;
  const reported = data != null && !Array.isArray(data) ? text("total", data.total) : null;
  const total = reported !== null ? Number(reported) : null;
  const list = Array.isArray(data?.list) ? data.list : [];
  const { page, pageSize } = pageOf(options, 20);
  const more = total === 0 ? false : hasMore(page ?? 1, pageSize, total, list.length);
  const out = { refunds: [], page: { page, pageSize, total, hasMore: more }, rejected: [], warnings: [] };
  return convertAll(indexed(list), "data.list", (w, setId) => {
    const r = refund("nuoyun", setId(requiredId("refund_no", w.refund_no)));
    r.orderId = nonzero("order_id", w.order_id);
    r.subOrderId = nonzero("order_goods_id", w.order_goods_id);
    const kind = text("refund_type", w.refund_type);
    if (kind !== null) r.kind = own(NY_KIND, kind) ?? "unknown";
    const status = text("status", w.status);
    const known = own(NY_STATUS, status);
    r.status = known ? known[1] : "unknown";
    const amount = yuan("refund_money", w.refund_money);
    if (negative(amount)) r.warnings.push(negativeAmount(amount));
    r.refundedAmount = amount;
    r.requestedAmount = amount;
    r.reason = text("reason", w.reason);
    r.note = text("remark", w.remark);
    const buyer = { id: nonzero("wechat_user_space_id", w.wechat_user_space_id), name: text("buyer_name", w.buyer_name), phone: text("phone", w.phone) };
    if (buyer.id !== null || buyer.name !== null || buyer.phone !== null) r.buyer = buyer;
    r.createdAt = unix("create_time", w.create_time);
    r.updatedAt = beijing("update_at", w.update_at);
    setRefundedAt(r, "refund_time", unix("refund_time", w.refund_time), true);
    r.platformStatus = { code: status, label: known ? known[0] : null };
    const goodsId = nonzero("goods_id", w.goods_id);
    if (goodsId !== null) r.items.push(item({ goodsId }));
    return r;
  }, out);
}

// ---------------------------------------------------------------------------------------
// 淘宝/天猫 (tid/oid above 2^53 as JSON numbers; the wrapped answer, simplify=true's bare
// one, and XML through fast-xml-parser into the wrapped shape)

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

function taobao(doc, options) {
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

const MAPPERS = { wangdiantong, shopex, mogujie, suning, nuoyun, taobao };
/** The platforms with a JS baseline. */
export const BASELINE_PLATFORMS = Object.keys(MAPPERS);
const decoder = new TextDecoder();
const asText = (body) => (typeof body === "string" ? body : decoder.decode(body));

/** (a) JSON.parse + mapping; 苏宁 and 淘宝 XML bodies through fast-xml-parser. */
export function plainParse(platform, body, options) {
  const text = asText(body);
  if (platform === "suning" && text.trimStart().startsWith("<")) return suning(xmlParser.parse(text), options);
  if (platform === "taobao" && text.trimStart().startsWith("<")) return taobao(taobaoXmlParser.parse(text), options);
  return MAPPERS[platform](JSON.parse(text), options);
}

/** (b) lossless-json + the same mapping: ids and amounts exact. */
export function losslessParse_(platform, body, options) {
  return MAPPERS[platform](losslessParse(asText(body)), options);
}
export { losslessParse_ as losslessParse };
