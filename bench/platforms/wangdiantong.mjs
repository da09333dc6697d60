// 旺店通's benchmark: its refund-list page (every number a JSON string, 4-decimal amounts, zero
// dates, goods lines), its baseline mapping and its JS signer.

import { EXPRESS, GOODS, NOTES, REASONS, SHOPS, SPECS, beijingTime, digits, int, pick, when, yuanText } from "../shared/pages.mjs";
import { beijing, convertAll, hasMore, indexed, item, negative, negativeAmount, own, pageOf, PlatformError, refund, requiredId, setRefundedAt, text, warning, yuan } from "../shared/mapping.mjs";
import { byKey, codePoints, FORM, formEncode, pad } from "../shared/signing.mjs";

// ---------------------------------------------------------------------------------------
// The page: `{ code, message, total_count, trade_list }`.

function page(n, r) {
  const statuses = ["1", "2", "3", "4", "5", "10", "20", "30", "40", "50", "55", "60", "70", "80", "0"];
  const list = [];
  for (let i = 0; i < n; i++) {
    const refundNo = "TK" + (20240601000000 + i);
    const created = when(r);
    const status = i % 50 === 7 ? "0" : pick(r, statuses);
    const shipped = r() < 0.6;
    const goods = [];
    const oid = "OID" + digits(r, 12);
    const lines = int(r, 1, 3);
    for (let k = 0; k < lines; k++) {
      const num = int(r, 1, 5);
      const price = yuanText(r, 4, 500);
      goods.push({
        platform_id: "127",
        refund_no: refundNo,
        oid: k > 0 && r() < 0.2 ? "OID" + digits(r, 12) : oid,
        status,
        goods_id: String(int(r, 10000, 99999)),
        spec_id: String(int(r, 100000, 999999)),
        goods_no: "G" + digits(r, 6),
        spec_no: "S" + digits(r, 8),
        goods_name: pick(r, GOODS),
        spec_name: pick(r, SPECS),
        num: num + ".0000",
        price,
        total_amount: (Number(price) * num).toFixed(4),
        remark: "",
        modified: beijingTime(created + 60),
        created: beijingTime(created),
      });
    }
    const amount = yuanText(r, 4);
    list.push({
      platform_id: "127",
      shop_no: pick(r, SHOPS)[0],
      refund_no: refundNo,
      tid: "T" + digits(r, 17),
      type: String(int(r, 0, 4)),
      status,
      process_status: pick(r, ["0", "10", "15", "20", "30", "40", "50", "60", "70", "80"]),
      guarantee_mode: "1",
      cs_status: "0",
      op_constraint: "0",
      refund_amount: amount,
      actual_refund_amount: status === "5" ? amount : "0.0000",
      title: "",
      logistics_name: shipped ? pick(r, EXPRESS) : "",
      logistics_no: shipped ? "SF" + digits(r, 12) : "",
      refund_time: beijingTime(created - 600),
      is_aftersale: "1",
      reason: pick(r, REASONS),
      remark: pick(r, NOTES),
      modified: beijingTime(created + 3600),
      created: beijingTime(created),
      current_phase_timeout: status === "5" ? beijingTime(created + 7200) : "0000-00-00 00:00:00",
      goods_list: goods,
    });
  }
  return JSON.stringify({ code: 0, message: "", total_count: String(n * 3), trade_list: list });
}

// ---------------------------------------------------------------------------------------
// The baseline: the page's JSON mapped to the unified page.

const WDT_STATUS = { 0: ["空", "unknown"], 1: ["取消退款", "cancelled"], 2: ["已申请退款", "pending"], 3: ["等待退货", "awaiting_return"], 4: ["等待收货", "return_in_transit"], 5: ["退款成功", "succeeded"], 10: ["换货待处理", "pending"], 20: ["待买家退货", "awaiting_return"], 30: ["买家已退货待收货", "return_in_transit"], 40: ["待买家修改", "awaiting_buyer"], 50: ["待发出换货商品", "processing"], 55: ["待买家收货", "processing"], 60: ["换货改退货", "processing"], 70: ["换货关闭", "closed"], 80: ["换货成功", "succeeded"] };
const WDT_PROCESS = { 0: "待递交", 10: "已取消", 15: "未递交", 20: "已递交", 30: "已同意", 40: "已拒绝", 50: "待财审", 60: "待收货", 70: "部分到货", 80: "已完成" };
const WDT_KIND = { 0: "cancel_order", 1: "refund_only", 2: "return_and_refund", 3: "exchange", 4: "refund_only" };

function map(doc, options) {
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
// The signer: md5(packed `LL-key:VVVV-value` pairs + appsecret), lowercase.

function sign(md5, credentials, query, now) {
  const params = [];
  const put = (k, v) => {
    if (String(v).trim() !== "") params.push([k, String(v)]);
  };
  if (query.since && query.until) {
    put("start_time", query.since);
    put("end_time", query.until);
  }
  put("page_no", (query.page ?? 1) - 1);
  put("page_size", query.pageSize ?? 40);
  put("sid", credentials.sid);
  put("appkey", credentials.appKey);
  put("timestamp", now);
  params.sort(byKey);
  const packed = params.map(([k, v]) => `${pad(codePoints(k), 2)}-${k}:${pad(codePoints(v), 4)}-${v}`).join(";");
  params.push(["sign", md5(packed + credentials.appSecret)]);
  return { url: "https://api.wangdian.cn/openapi2/vip_api_refund_query.php", method: "POST", headers: { ...FORM }, body: formEncode(params) };
}

export default {
  id: "wangdiantong",
  cases: [{ name: "wangdiantong", generate: page }],
  map,
  signer: { sign, credentials: { sid: "test2", appKey: "test2-xx", appSecret: "test_secret" } },
  fixtures: ["doc_response.json"],
};
