// ShopEx's benchmark: its refund-list page in the server's shape (`response.lists` keyed by
// refund_id, 3-decimal amounts, Unix-second times), its baseline mapping (the server's shape
// and the doc's bare one) and its JS signer.

import { GOODS, NOTES, SHOPS, beijingTime, digits, int, pick, when, yuanText } from "../shared/pages.mjs";
import { beijing, convertAll, hasMore, indexed, item, negative, negativeAmount, own, pageOf, PlatformError, refund, requiredId, setRefundedAt, text, unix, warning, yuan } from "../shared/mapping.mjs";
import { byKey, FORM, formEncode } from "../shared/signing.mjs";

// ---------------------------------------------------------------------------------------
// The page: `{ response: { lists: { <refund_id>: row }, count } }`.

function page(n, r) {
  const statuses = [["succ", "支付成功"], ["progress", "处理中"], ["ready", "准备中"], ["failed", "支付失败"], ["cancel", "未支付"], ["invalid", "非法参数"]];
  const lists = {};
  for (let i = 0; i < n; i++) {
    const id = String(10000 + i);
    const [status, statusName] = pick(r, statuses);
    const ready = when(r);
    const money = yuanText(r, 3);
    const shop = pick(r, SHOPS);
    const items = [];
    const lines = int(r, 1, 3);
    for (let k = 0; k < lines; k++) {
      items.push({
        bn: "SKU-" + digits(r, 5),
        name: pick(r, GOODS),
        nums: r() < 0.5 ? int(r, 1, 4) : int(r, 1, 4) + ".000",
        refund_price: yuanText(r, 3, 500),
        item_type: "refund_order",
      });
    }
    lists[id] = {
      refund_id: id,
      refund_bn: "R" + (20240601000000 + i),
      account: "",
      bank: "",
      pay_account: r() < 0.5 ? "buyer@example.com" : "",
      currency: "CNY",
      money,
      paycost: "0.000",
      cur_money: money,
      pay_type: "online",
      payment: "0",
      paymethod: pick(r, ["支付宝", "微信支付", "线下转账"]),
      t_ready: String(ready),
      download_time: String(ready + 60),
      t_sent: status === "succ" ? String(ready + 3600) : "0",
      t_received: "0",
      status,
      memo: pick(r, NOTES),
      trade_no: "",
      return_id: r() < 0.5 ? null : String(int(r, 1, 9999)),
      refund_refer: "aftersale",
      archive: "0",
      org_id: "1",
      addon: "",
      pay_type_name: "在线支付",
      status_name: statusName,
      order_bn: "SO" + digits(r, 14),
      shop_bn: shop[0],
      shop_name: shop[1],
      is_archive: 0,
      items,
    };
  }
  return JSON.stringify({ response: { lists, count: String(n * 3) } });
}

// ---------------------------------------------------------------------------------------
// The baseline: the page's JSON mapped to the unified page.

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

function map(doc, options) {
  if (doc.error_response != null) throw new PlatformError("shopex error");
  const data = doc.response != null ? doc.response : doc;
  const prefix = doc.response != null ? "response." : "";
  if (Array.isArray(data) && data.length === 0) return map({ response: { count: "0" } }, options);
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
// The signer: UPPER(md5(UPPER(md5(Σ key+value)) + token)) over the sorted params.

function sign(md5, credentials, query, now) {
  const params = [
    ["flag", credentials.flag],
    ["method", "refunds.getList"],
    ["ver", "1"],
    ["charset", "utf-8"],
    ["type", "json"],
    ["timestamp", beijingTime(now).replace(/\D/g, "")],
    ["start_time", query.since],
    ["end_time", query.until],
    ["page_no", String(query.page ?? 1)],
    ["page_size", String(query.pageSize ?? 50)],
  ];
  let assembled = "";
  for (const [k, v] of [...params].sort(byKey)) assembled += k + v;
  params.push(["sign", md5(md5(assembled).toUpperCase() + credentials.token).toUpperCase()]);
  return { url: credentials.baseUrl, method: "POST", headers: { ...FORM }, body: formEncode(params) };
}

export default {
  id: "shopex",
  cases: [{ name: "shopex", generate: page }],
  map,
  signer: { sign, credentials: { baseUrl: "https://erp.example.com/index.php/openapi/api/post", flag: "oms", token: "shopex_token_abc" } },
  // Left out: server_invalid_memo.json (invalid JSON the package repairs; JSON.parse throws).
  fixtures: ["doc_response.json", "doc_all_statuses.json", "server_list.json", "server_all_statuses.json", "server_empty.json"],
};
