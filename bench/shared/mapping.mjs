// What every platform's baseline mapping is built from: scalars read the way the package reads
// them (text, money, fen, Beijing and Unix times, ids), an empty unified refund and item, paging,
// and the loop that converts or rejects each record. A baseline maps a parsed document to the
// page `parseResponse` returns, deep-equal (bench/equivalence.test.mjs).

import { isLosslessNumber } from "lossless-json";

/** A record's field that cannot be read: the record is rejected at `field`. */
export class FieldError extends Error {
  constructor(field, code, message) {
    super(message);
    this.field = field;
    this.code = code;
  }
}
/** An error envelope or an answer the baseline does not map: the whole page fails. */
export class PlatformError extends Error {}


/** A scalar as text; null, absent and "" are null. Numbers: float text (a) or exact text (b). */
export function text(field, v) {
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return v === "" ? null : v;
  if (typeof v === "number") return String(v);
  if (isLosslessNumber(v)) return v.value;
  throw new FieldError(field, "invalid_type", `${field} must be a string or a number`);
}

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Yuan as an exact decimal string, at least two decimals, trailing zeros past them trimmed. */
export function money(field, t) {
  const m = PLAIN.exec(t);
  if (m === null) throw new FieldError(field, "invalid_money", `${field}: not a decimal number`);
  const int = m[2].replace(/^0+/, "") || "0";
  let frac = (m[3] || "").replace(/0+$/, "");
  if (frac.length < 2) frac = frac.padEnd(2, "0");
  const zero = int === "0" && /^0*$/.test(frac);
  return (m[1] && !zero ? "-" : "") + int + "." + frac;
}
export function yuan(field, v) {
  const t = text(field, v);
  return t === null ? null : money(field, t);
}
/** 分 → yuan, exact. */
export function fenText(field, t) {
  const m = PLAIN.exec(t);
  if (m === null) throw new FieldError(field, "invalid_money", `${field}: not a decimal number`);
  if (m[3] && /[1-9]/.test(m[3])) throw new FieldError(field, "invalid_money", `${field}: a fen amount with a fraction of a fen`);
  const digits = m[2].replace(/^0+/, "").padStart(3, "0");
  const int = digits.slice(0, -2).replace(/^0+(?=\d)/, "");
  const out = int + "." + digits.slice(-2);
  return (m[1] && out !== "0.00" ? "-" : "") + out;
}
export function fen(field, v) {
  const t = text(field, v);
  return t === null ? null : fenText(field, t);
}

const ZERO_DATE = /^0000-00-00/;
const BEIJING = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;
/** Beijing "yyyy-MM-dd HH:mm:ss" → RFC 3339 +08:00; zero dates are null. */
export function beijing(field, v) {
  const t = text(field, v);
  if (t === null || t === "0" || ZERO_DATE.test(t)) return null;
  if (!BEIJING.test(t)) throw new FieldError(field, "invalid_time", `${field}: expected yyyy-MM-dd HH:mm:ss`);
  return t.slice(0, 10) + "T" + t.slice(11) + "+08:00";
}
/** Unix seconds (2000..2100) → RFC 3339 +08:00; 0 is null. */
export function unix(field, v) {
  const t = text(field, v);
  if (t === null || t === "0") return null;
  if (!/^\d{1,12}$/.test(t) || Number(t) < 946656000 || Number(t) >= 4102416000) throw new FieldError(field, "invalid_time", `${field}: not Unix seconds`);
  return new Date((Number(t) + 28800) * 1000).toISOString().slice(0, 19) + "+08:00";
}
export function requiredId(field, v) {
  const t = text(field, v);
  if (t === null) throw new FieldError(field, "missing_id", `${field} is missing or empty`);
  return t;
}
/** An id where 0 is the platform's "none". */
export function nonzero(field, v) {
  const t = text(field, v);
  return t === "0" ? null : t;
}
export const negative = (a) => a !== null && a[0] === "-";
export const warning = (code, message, messageZh) => ({ code, message, messageZh });
export const negativeAmount = (a) => warning("negative_amount", `negative amount ${a}`, `金额为负数 ${a}`);
/** refundedAt only for succeeded; a success time on another status is a warning. */
export function setRefundedAt(r, field, at, promised) {
  if (r.status === "succeeded" && at !== null) r.refundedAt = at;
  else if (r.status === "succeeded" && promised) r.warnings.push(warning("refunded_at_missing", `the refund succeeded without ${field}: refundedAt unknown`, `退款已成功但没有 ${field}:退款时间未知`));
  else if (r.status !== "succeeded" && at !== null) r.warnings.push(warning("refunded_at_not_succeeded", `${field} ${at} ignored: the refund is ${r.status}, not succeeded`, `已忽略 ${field} ${at}:退款状态为 ${r.status},并非退款成功`));
}

/** A unified refund with nothing known but its platform and id, as the package starts one. */
export function refund(platform, id) {
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
/** A unified goods line: the fields given, every other one null. */
export function item(fields) {
  return { goodsId: null, skuId: null, goodsNo: null, skuNo: null, name: null, skuName: null, quantity: null, unitPrice: null, amount: null, ...fields };
}

/** Whether another page follows, from the page asked for, its size, the total and the records
 * on this page; null when none of them tells. */
export function hasMore(page, size, total, records) {
  if (total !== null && size !== null) return page * size < total;
  if (total === null && size !== null && records < size) return false;
  if (total !== null && size === null && records >= total) return false; // the whole total here
  return null;
}

/** Every record converted or rejected; duplicate ids flagged. */
export function convertAll(records, listPath, convert, page) {
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
/** A list's records with their path segments `[i]`, as convertAll takes them. */
export const indexed = (list) => list.map((r, i) => [`[${i}]`, r]);

/** The page and page size asked for in options.query (the size defaulting to the platform's);
 * both null without a query. */
export function pageOf(options, sizeDefault) {
  const q = options && options.query;
  return { page: q ? (q.page ?? 1) : null, pageSize: q ? (q.pageSize ?? sizeDefault) : null };
}

/** A platform table's entry for `key`, never one inherited from Object.prototype. */
export const own = (table, key) => (key !== null && Object.hasOwn(table, key) ? table[key] : undefined);
