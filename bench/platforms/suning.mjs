// 苏宁's benchmark: its refund-list page as JSON and as XML (the same records), its baseline
// mapping (XML through fast-xml-parser into the JSON's shape) and its JS signer.

import { XMLParser } from "fast-xml-parser";
import { REASONS, beijingTime, digits, int, phone, pick, when, xmlEscape, yuanText } from "../shared/pages.mjs";
import { beijing, convertAll, FieldError, hasMore, indexed, item, negative, negativeAmount, PlatformError, refund, requiredId, text, warning, yuan } from "../shared/mapping.mjs";

// ---------------------------------------------------------------------------------------
// The pages: `{ sn_responseContent: { sn_head, sn_body: { batchQueryRejected } } }`, and the
// same records as XML.

function records(n, r) {
  const descs = ["1", "2", "3", "4", "5", "6", "7", "8", "退款待处理", "已拒绝退款", "8-退款成功", "卖家不同意协议, 等待买家投诉"];
  const list = [];
  for (let i = 0; i < n; i++) {
    const apply = when(r);
    const deal = yuanText(r, 2);
    list.push({
      orderCode: String(2000532010 + i),
      productCode: String(int(r, 100000000, 199999999)),
      customer: phone(r),
      dealMoney: deal,
      returnMoney: r() < 0.7 ? deal : "0.00",
      applyTime: beijingTime(apply),
      statusPassTime: beijingTime(apply + 7 * 86400),
      statusDesc: pick(r, descs),
      returnReason: pick(r, REASONS),
      expressCompanyCode: r() < 0.6 ? "A0" + int(r, 1, 9) : "",
      expressNo: r() < 0.6 ? digits(r, 12) : "",
      returntype: String(int(r, 2, 4)),
      refundtype: r() < 0.5 ? "1" : "",
    });
  }
  return list;
}

function jsonPage(n, r) {
  const pageTotal = 3;
  return JSON.stringify({
    sn_responseContent: {
      sn_head: { pageNo: "1", pageTotal: String(pageTotal), totalSize: String(n * pageTotal), returnMessage: "biz.handler.data-get:success" },
      sn_body: { batchQueryRejected: records(n, r) },
    },
  });
}

function xmlPage(n, r) {
  const pageTotal = 3;
  let out = `<?xml version="1.0" encoding="UTF-8"?>\n<sn_responseContent><sn_head><pageNo>1</pageNo><pageTotal>${pageTotal}</pageTotal><totalSize>${n * pageTotal}</totalSize><returnMessage>biz.handler.data-get:success</returnMessage></sn_head><sn_body>`;
  for (const rec of records(n, r)) {
    out += "<batchQueryRejected>";
    for (const [k, v] of Object.entries(rec)) out += v === "" ? `<${k}/>` : `<${k}>${xmlEscape(v)}</${k}>`;
    out += "</batchQueryRejected>";
  }
  return out + "</sn_body></sn_responseContent>";
}

// ---------------------------------------------------------------------------------------
// The baseline: the page's JSON, or its XML through fast-xml-parser, mapped to the unified page.

const SN_STATUS = [["1", "退款待处理", "pending"], ["2", "已拒绝退款", "rejected"], ["3", "待买家发货", "awaiting_return"], ["4", "待商家收货", "return_in_transit"], ["5", "退款失败", "failed"], ["6", "退款处理中", "processing"], ["7", "退款关闭", "closed"], ["8", "退款成功", "succeeded"]];
function snStatus(t) {
  const s = t.trim();
  return SN_STATUS.find(([code, label]) => s === code || s === label || (s.startsWith(code + "-") && s.slice(code.length + 1).trim() === label));
}

function map(doc, options) {
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
// The signer: md5(appSecret + appMethod + appRequestTime + appKey + versionNo + base64(body)),
// sent in headers.

function sign(md5, credentials, query, now) {
  const body = JSON.stringify({
    sn_request: { sn_body: { batchQueryRejected: { startTime: query.since, endTime: query.until, pageNo: String(query.page ?? 1), pageSize: String(query.pageSize ?? 10) } } },
  });
  const time = beijingTime(now);
  const signInfo = md5(credentials.appSecret + "suning.custom.batchrejected.query" + time + credentials.appKey + "v1.2" + Buffer.from(body).toString("base64"));
  const headers = {
    "Content-Type": "application/json; charset=utf-8",
    AppMethod: "suning.custom.batchrejected.query",
    AppRequestTime: time,
    Format: "json",
    AppKey: credentials.appKey,
    VersionNo: "v1.2",
    signInfo,
  };
  if (credentials.accessToken) headers.access_token = credentials.accessToken;
  return { url: "https://open.suning.com/api/http/sopRequest", method: "POST", headers, body };
}

export default {
  id: "suning",
  cases: [
    { name: "suning", generate: jsonPage },
    { name: "suning-xml", generate: xmlPage, xml: true },
  ],
  map,
  parseXml: (text) => xmlParser.parse(text),
  signer: { sign, credentials: { appKey: "sn_app_key", appSecret: "sn_app_secret", accessToken: "sn_token" } },
  fixtures: ["doc_response.json", "doc_response.xml", "statuses_by_code.json", "statuses_by_label_and_free_text.json", "kinds.json", "total_size_real_reply.json"],
};
