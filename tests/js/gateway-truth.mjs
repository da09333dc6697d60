// The gateway tests' truth: DESIGN.md's status tables and what each gateway record must become
// in the unified model, per platform (each table checked by perPlatform), with the rules for
// expected values (times, money). gateways.test.mjs compares the package's pages with it.
import { perPlatform } from "./helpers.mjs";

const pad = (n) => String(n).padStart(2, "0");
/** Epoch seconds → RFC 3339 in Beijing time. */
export function rfc(epoch) {
  const d = new Date((Number(epoch) + 8 * 3600) * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+08:00`;
}
const rfcText = (wall) => (wall && wall !== "0000-00-00 00:00:00" ? `${wall.replace(" ", "T")}+08:00` : null);
const orNull = (text) => (text === "" || text === undefined ? null : text);
/** DESIGN.md "Money format": at least two decimals, trailing zeros past the second trimmed. */
function yuan(text) {
  const [int, frac = ""] = String(text).split(".");
  const trimmed = frac.replace(/0+$/, "");
  return `${int}.${trimmed.padEnd(2, "0")}`;
}
/** 分 (digit string) → yuan, by string surgery. */
const fen = (digits) => {
  const s = String(digits).padStart(3, "0");
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
};

// DESIGN.md's status tables.
export const UNIFIED = perPlatform({
  wangdiantong: { 1: "cancelled", 2: "pending", 3: "awaiting_return", 4: "return_in_transit", 5: "succeeded", 10: "pending", 20: "awaiting_return", 30: "return_in_transit", 40: "awaiting_buyer", 50: "processing", 55: "processing", 60: "processing", 70: "closed", 80: "succeeded" },
  shopex: { succ: "succeeded", failed: "failed", error: "failed", timeout: "failed", cancel: "cancelled", invalid: "closed", progress: "processing", ready: "pending" },
  mogujie: {
    refund_requested: "pending",
    return_goods_requested: "pending",
    return_goods_agreed: "awaiting_return",
    return_goods_shipped: "return_in_transit",
    refund_or_return_deal_agreed: "processing",
    refund_or_return_seller_refused: "rejected",
    return_goods_seller_declare_not_received: "awaiting_buyer",
    refund_completed: "succeeded",
    refund_cancelled: "cancelled",
  },
  suning: { 1: "pending", 2: "rejected", 3: "awaiting_return", 4: "return_in_transit", 5: "failed", 6: "processing", 7: "closed", 8: "succeeded" },
  nuoyun: { 1: "pending", 2: "succeeded", 3: "closed", 4: "awaiting_return", 5: "return_in_transit", 6: "awaiting_buyer" },
  // The three exchange states (reference §8.1) are not in the table: unknown, labelled.
  taobao: {
    WAIT_SELLER_AGREE: "pending",
    WAIT_BUYER_RETURN_GOODS: "awaiting_return",
    WAIT_SELLER_CONFIRM_GOODS: "return_in_transit",
    SELLER_REFUSE_BUYER: "rejected",
    CLOSED: "closed",
    SUCCESS: "succeeded",
  },
}, "gateways.test.mjs UNIFIED");
/** 淘宝's exchange states (reference §8.1): statuses the unified table leaves unknown. */
export const TAOBAO_EXCHANGE = ["WAIT_BUYER_CONFIRM_EXCHANGE_SELLER_SEND_GOODS", "EXCHANGE_TRANSFORM_TO_REFUND", "WAIT_SELLER_CONSIGN_GOODS"];
const SUNING_LABELS = ["退款待处理", "已拒绝退款", "待买家发货", "待商家收货", "退款失败", "退款处理中", "退款关闭", "退款成功"];

/** The code a Suning statusDesc stands for: a code, its label, or `n-label`; else the text. */
function suningCode(desc) {
  if (/^[1-8]$/.test(desc)) return desc;
  const i = SUNING_LABELS.indexOf(desc);
  if (i >= 0) return String(i + 1);
  const m = /^([1-8])-(.+)$/.exec(desc);
  if (m && SUNING_LABELS[+m[1] - 1] === m[2]) return m[1];
  return null;
}

/** What each truth record must become in the unified model (the fields that can be derived). */
export const EXPECT = {
  wangdiantong(r) {
    const w = r.wire;
    return {
      id: w.refund_no,
      orderId: w.tid,
      shopId: w.shop_no,
      platformStatus: w.status,
      status: UNIFIED.wangdiantong[w.status] ?? "unknown",
      requestedAmount: yuan(w.refund_amount),
      refundedAmount: yuan(w.actual_refund_amount),
      reason: orNull(w.reason),
      note: orNull(w.remark),
      createdAt: rfcText(w.refund_time),
      updatedAt: rfcText(w.modified),
      refundedAt: ["5", "80"].includes(w.status) ? rfcText(w.current_phase_timeout) : null,
      items: w.goods_list.map((g) => ({ goodsId: g.goods_id, skuId: g.spec_id, quantity: yuan(g.num), unitPrice: yuan(g.price), amount: yuan(g.total_amount) })),
    };
  },
  shopex(r) {
    const w = r.wire;
    return {
      id: w.refund_bn,
      orderId: w.order_bn,
      shopId: w.shop_bn,
      shopName: w.shop_name,
      platformStatus: w.status,
      statusLabel: w.status_name,
      status: UNIFIED.shopex[w.status],
      requestedAmount: null,
      refundedAmount: yuan(w.money),
      note: orNull(w.memo),
      createdAt: rfc(w.t_ready),
      refundedAt: w.status === "succ" && w.t_sent ? rfc(w.t_sent) : null,
      items: w.items.map((i) => ({ skuNo: i.bn, name: i.name, quantity: yuan(i.nums), amount: yuan(i.refund_price) })),
    };
  },
  mogujie(r) {
    const w = r.wire;
    const completed = w.status === "refund_completed";
    return {
      id: w.refundId,
      orderId: w.shopOrderId,
      subOrderId: w.itemOrderId,
      platformStatus: w.status,
      status: UNIFIED.mogujie[w.status],
      kind: w.refundType === "refund_money" ? "refund_only" : "return_and_refund",
      requestedAmount: fen(w.expense),
      refundedAmount: completed ? fen(w.expense) : null,
      reason: w.reason,
      note: w.refundDescription,
      buyerName: w.refundShipInfo.name,
      buyerPhone: w.refundShipInfo.mobile,
      trackingNo: orNull(w.refundShipInfo.shipExpressId),
      createdAt: rfcText(w.createdStr),
      updatedAt: rfcText(w.updatedStr),
      refundedAt: completed ? rfc(r.refunded) : null,
      items: [{ goodsId: w.itemId, quantity: yuan(w.number), unitPrice: fen(w.nowPrice), amount: fen(w.goodsPrice) }],
    };
  },
  suning(r) {
    const w = r.wire;
    const code = suningCode(w.statusDesc);
    return {
      id: `${w.orderCode}:${w.productCode}:${w.applyTime.replace(/[- :]/g, "")}`,
      orderId: w.orderCode,
      platformStatus: w.statusDesc,
      status: code ? UNIFIED.suning[code] : "unknown",
      kind: w.refundtype === "1" ? "refund_only" : "return_and_refund",
      refundedAmount: yuan(w.returnMoney),
      reason: w.returnReason,
      buyerId: w.customer,
      trackingNo: orNull(w.expressNo),
      createdAt: rfcText(w.applyTime),
      items: [{ goodsId: w.productCode, amount: yuan(w.dealMoney) }],
    };
  },
  nuoyun(r) {
    const w = r.wire;
    return {
      id: w.refund_no,
      orderId: w.order_id,
      subOrderId: w.order_goods_id,
      platformStatus: w.status,
      status: UNIFIED.nuoyun[w.status],
      kind: w.refund_type === "1" ? "refund_only" : "return_and_refund",
      requestedAmount: yuan(w.refund_money),
      refundedAmount: yuan(w.refund_money),
      reason: w.reason,
      note: orNull(w.remark),
      buyerId: w.wechat_user_space_id,
      buyerName: w.buyer_name,
      buyerPhone: w.phone,
      createdAt: rfc(w.create_time),
      updatedAt: rfcText(w.update_at),
      refundedAt: w.status === "2" ? rfc(w.refund_time) : null,
    };
  },
  taobao(r) {
    const w = r.wire;
    // sku is "skuId|properties"; without a bar it is all properties.
    const bar = w.sku.indexOf("|");
    return {
      id: w.refund_id,
      orderId: w.tid,
      subOrderId: w.oid,
      shopName: w.seller_nick,
      platformStatus: w.status,
      status: UNIFIED.taobao[w.status] ?? "unknown",
      kind: w.has_good_return ? "return_and_refund" : "refund_only",
      requestedAmount: yuan(w.refund_fee),
      refundedAmount: yuan(w.refund_fee),
      reason: w.reason,
      note: orNull(w.desc),
      buyerId: w.buyer_open_uid,
      buyerName: w.buyer_nick,
      returnCompany: w.company_name ?? null,
      trackingNo: w.sid ?? null,
      createdAt: rfcText(w.created),
      updatedAt: rfcText(w.modified),
      refundedAt: w.status === "SUCCESS" ? rfcText(w.end_time) : null,
      items: [
        {
          name: w.title,
          quantity: yuan(w.num),
          amount: yuan(w.total_fee),
          skuId: bar < 0 ? null : w.sku.slice(0, bar),
          skuName: bar < 0 ? w.sku : w.sku.slice(bar + 1),
          goodsNo: w.outer_id,
        },
      ],
    };
  },
};
