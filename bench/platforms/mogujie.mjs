// 蘑菇街's benchmark: its refund-list page (amounts in 分, ids above 2^53 as bare JSON numbers,
// time lines), its baseline mapping and its JS signer.

import { EXPRESS, NAMES, NOTES, REASONS, beijingTime, bigId, digits, int, numberJson, phone, pick, when } from "../shared/pages.mjs";
import { beijing, convertAll, fen, fenText, indexed, item, money, negative, negativeAmount, nonzero, own, pageOf, PlatformError, refund, requiredId, setRefundedAt, text, warning, yuan } from "../shared/mapping.mjs";
import { byKey, FORM, formEncode } from "../shared/signing.mjs";

// ---------------------------------------------------------------------------------------
// The page: `{ result: { data: { hasNext, refundFullDTOList } }, status }`.

function page(n, r, big) {
  const statuses = ["return_goods_requested", "return_goods_agreed", "return_goods_shipped", "refund_requested", "refund_or_return_deal_agreed", "refund_or_return_seller_refused", "return_goods_seller_declare_not_received", "refund_completed", "refund_cancelled"];
  const list = [];
  for (let i = 0; i < n; i++) {
    const created = when(r);
    const status = pick(r, statuses);
    const number = int(r, 1, 3);
    const nowPrice = int(r, 100, 50000);
    const goodsPrice = nowPrice * number;
    const expense = goodsPrice - int(r, 0, Math.floor(goodsPrice / 10));
    // sellerRefundAmount: the doc says 分, its example gives yuan; both occur.
    const seller = r() < 0.5 ? String(expense) : (expense / 100).toFixed(2).replace(/\.?0+$/, "");
    const timeLines = [
      { actionName: "买家申请退货", actionType: "RETURN_GOODS_BUYER_ADD", createdStr: beijingTime(created), showContent: ["退款原因:" + pick(r, REASONS), "退款现金:" + (expense / 100).toFixed(2) + "元"] },
    ];
    if (status === "refund_completed") {
      timeLines.unshift({ actionName: "退款金额明细", actionType: "REFUND_MONEY_DETAIL", createdStr: beijingTime(created + 3600), showContent: ["退款现金:" + (expense / 100).toFixed(2) + "元 "] });
    }
    list.push({
      createdStr: beijingTime(created),
      expense: String(expense),
      goodsPrice: String(goodsPrice),
      itemId: bigId(r, big),
      itemOrderId: bigId(r, big),
      nowPrice: String(nowPrice),
      number: String(number),
      orderStatus: "ORDER_CLOSED",
      price: String(nowPrice + int(r, 0, 5000)),
      reason: pick(r, REASONS),
      refundDescription: pick(r, NOTES),
      refundId: bigId(r, big),
      refundShipInfo: {
        address: "浙江省杭州市西湖区文三路" + int(r, 1, 999) + "号",
        area: "西湖区",
        city: "杭州市",
        description: "",
        mobile: phone(r),
        name: pick(r, NAMES),
        province: "浙江省",
        shipTime: 0,
        zip: "310012",
        shipExpressName: pick(r, EXPRESS),
        shipExpressId: digits(r, 12),
      },
      refundType: r() < 0.5 ? "return_goods" : "refund_money",
      shopOrderId: bigId(r, big),
      status,
      sellerRefundAmount: seller,
      timeLines,
      updatedStr: beijingTime(created + 7200),
    });
  }
  const numbers = new Set(["expense", "goodsPrice", "itemId", "itemOrderId", "nowPrice", "number", "price", "refundId", "shopOrderId", "sellerRefundAmount"]);
  return numberJson({ result: { data: { hasNext: true, refundFullDTOList: list } }, status: { code: "0000000", msg: "调用成功!" } }, numbers);
}

// ---------------------------------------------------------------------------------------
// The baseline: the page's JSON mapped to the unified page.

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

function map(doc, options) {
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
// The signer: UPPER(md5(secret + Σ key+value + secret)) over the sorted params.

function sign(md5, credentials, query, now) {
  const params = [
    ["startDate", "[0]"],
    ["endDate", "[0]"],
    ["page", String(query.page ?? 1)],
    ["pageSize", String(query.pageSize ?? 20)],
    ["startUpdateTime", query.since],
    ["endUpdateTime", query.until],
    ["app_key", credentials.appKey],
    ["method", "xiaodian.trade.refund.list"],
    ["access_token", credentials.accessToken],
    ["timestamp", String(now)],
    ["format", "json"],
  ];
  params.sort(byKey);
  let s = credentials.appSecret;
  for (const [k, v] of params) s += k + v;
  params.push(["sign", md5(s + credentials.appSecret).toUpperCase()]);
  return { url: "https://openapi.mogujie.com/invoke", method: "POST", headers: { ...FORM }, body: formEncode(params) };
}

export default {
  id: "mogujie",
  // ids above 2^53 are JSON numbers: JSON.parse loses their digits.
  cases: [{ name: "mogujie", generate: page, bigIdNumbers: true }],
  map,
  signer: { sign, credentials: { appKey: "100123", appSecret: "mgj_secret_0123456789", accessToken: "A1B2C3D4E5F6" } },
  fixtures: ["doc_response.json", "all_statuses_and_kinds.json", "refunded_at_time_lines.json", "seller_refund_amount_units.json", "duplicates.json"],
  plainLossy: { "seller_refund_amount_units.json": "the warning quotes sellerRefundAmount as sent (163.20); JSON.parse gives 163.2" },
};
