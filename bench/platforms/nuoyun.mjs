// 诺云's benchmark: its refund-list page (ids and amounts as bare JSON numbers, some above 2^53)
// and its baseline mapping. 诺云 signs nothing: no signer.

import { NAMES, NOTES, REASONS, beijingTime, bigId, digits, int, numberJson, pick, when, yuanText } from "../shared/pages.mjs";
import { beijing, convertAll, hasMore, indexed, item, negative, negativeAmount, nonzero, own, pageOf, PlatformError, refund, requiredId, setRefundedAt, text, unix, yuan } from "../shared/mapping.mjs";

// ---------------------------------------------------------------------------------------
// The page: `{ code: 200, msg, data: { total, list } }`.

function page(n, r, big) {
  const list = [];
  for (let i = 0; i < n; i++) {
    const created = when(r);
    const status = String(int(r, 1, 6));
    list.push({
      id: String(1000 + i),
      wechat_user_space_id: bigId(r, big),
      buyer_name: pick(r, NAMES),
      goods_id: String(int(r, 10000, 99999)),
      order_id: bigId(r, big),
      order_goods_id: bigId(r, big),
      refund_source: String(int(r, 1, 3)),
      refund_no: "RF" + (202501010000 + i),
      refund_money: yuanText(r, int(r, 2, 4)),
      create_time: String(created),
      refund_type: String(int(r, 1, 2)),
      reason: pick(r, REASONS),
      phone: "138****" + digits(r, 4),
      remark: pick(r, NOTES),
      refund_time: status === "2" ? String(created + 60) : "0",
      status,
      merchant_refund_job_status: "1",
      update_at: beijingTime(created + 600),
      order_sn: "ORD" + digits(r, 12),
    });
  }
  const numbers = new Set(["id", "wechat_user_space_id", "goods_id", "order_id", "order_goods_id", "refund_source", "refund_money", "create_time", "refund_type", "refund_time", "status", "merchant_refund_job_status", "total"]);
  return numberJson({ code: 200, msg: "Success", data: { total: String(n * 3), list } }, numbers);
}

// ---------------------------------------------------------------------------------------
// The baseline: the page's JSON mapped to the unified page.

const NY_STATUS = { 1: ["待商家处理", "pending"], 2: ["退款成功", "succeeded"], 3: ["退款关闭", "closed"], 4: ["待买家发货", "awaiting_return"], 5: ["待商家收货", "return_in_transit"], 6: ["待买家确认", "awaiting_buyer"] };
const NY_KIND = { 1: "refund_only", 2: "return_and_refund" };

function map(doc, options) {
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

export default {
  id: "nuoyun",
  // ids above 2^53 are JSON numbers: JSON.parse loses their digits.
  cases: [{ name: "nuoyun", generate: page, bigIdNumbers: true }],
  map,
  // Left out: the doc example and trailing_commas_everywhere.json (trailing commas, which the
  // package repairs; JSON.parse throws).
  fixtures: ["all_statuses.json", "all_kinds.json", "strings_as_numbers.json", "success_without_total.json"],
  plainLossy: { "strings_as_numbers.json": "ids above 2^53 sent as JSON numbers lose digits" },
};
