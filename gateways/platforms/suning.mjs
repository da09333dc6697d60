// 苏宁 open platform `/api/http/sopRequest` (also `/api/http/sopRequest/<appMethod>`, the PHP
// SDK's form), `suning.custom.batchrejected.query`, as NOTES.md and the doc describe it.
//
// Checks, in order, each with the doc's own error code: the headers AppKey, AppMethod
// (sys.check.header-param:null), VersionNo (sys.check.missing-parameter:apiversion),
// AppRequestTime (…:appRequestTime), signInfo (sys.check.app-sign:null); AppKey known
// (sys.check.user-permission:inexistence); AppMethod known (sys.check.api-permission:
// inexistence); AppRequestTime a Beijing `yyyy-MM-dd HH:mm:ss` within ±10 minutes
// (sys.check.app-time:error); signInfo = md5(appSecret + appMethod + appRequestTime + appKey +
// versionNo + base64(body bytes)) lowercase (sys.check.app-sign:error); the body (JSON, the
// python SDK's single-quoted repr, or XML) has sn_request.sn_body (sys.check.request-params:
// error, sys.check.missing-nestElement:sn_body) with one batchQueryRejected node
// (biz.handler.request-message:error); startTime/endTime present, non-empty, well formed,
// start ≤ end, at most 30 days apart, within the last three months (90 days); pageNo 1–99999
// and pageSize 1–50 when both are given (one alone: both ignored, page 1 of 10).
// Filters on the status-change time. Answers JSON when the Format header says json, XML
// otherwise (the doc: 默认xml); one record is an object, not a list; no data is the error
// biz.handler.data-get:no-result.

import { DAY, REASONS, beijing, decimalText, escapeXml, md5Hex, parseBeijing, reply, sameText, unescapeXml } from "../common.mjs";

const PATH = "/api/http/sopRequest";

/** The demo credentials this gateway accepts: appKey, appSecret; no access_token (not an OAuth
 * app). Demo values for loopback only: no real platform knows them. */
const CREDENTIALS = Object.freeze({ appKey: "demo_suning_appkey", appSecret: "sn-demo-secret-93d0" });
const APP_METHOD = "suning.custom.batchrejected.query";
const BIZ = "batchQueryRejected";
const SKEW_SECONDS = 10 * 60;
const MAX_SPAN = 30 * DAY;
const LOOKBACK = 90 * DAY;

// ---------------------------------------------------------------------------------------
// The sign, from NOTES.md (Suning "Sign algorithm" [C]) and the doc's signInfo line.

export function signInfo({ appSecret, appMethod, appRequestTime, appKey, versionNo }, bodyBytes) {
  const encoded = Buffer.from(bodyBytes).toString("base64");
  return md5Hex(appSecret + appMethod + appRequestTime + appKey + versionNo + encoded);
}

// ---------------------------------------------------------------------------------------
// Answers in either format.

const xmlOf = (name, value) => {
  if (Array.isArray(value)) return value.map((v) => xmlOf(name, v)).join("");
  if (value !== null && typeof value === "object") return `<${name}>${Object.entries(value).map(([k, v]) => xmlOf(k, v)).join("")}</${name}>`;
  return `<${name}>${escapeXml(value ?? "")}</${name}>`;
};

function answer(content, xml) {
  if (xml) return reply(200, xmlOf("sn_responseContent", content), "text/xml; charset=utf-8");
  return reply(200, JSON.stringify({ sn_responseContent: content }));
}

function fail(code, xml, params) {
  return { response: answer({ sn_head: {}, sn_error: { error_code: code } }, xml), params, error: code };
}

// ---------------------------------------------------------------------------------------
// Data.

const LABELS = { 1: "退款待处理", 2: "已拒绝退款", 3: "待买家发货", 4: "待商家收货", 5: "退款失败", 6: "退款处理中", 7: "退款关闭", 8: "退款成功" };
const CODES = Object.keys(LABELS);
// The doc's own example answers statusDesc with free text rather than a code.
const FREE_TEXT = "卖家不同意协议, 等待买家投诉";
const EXPRESS_CODES = ["A01", "S01", "Y02", "Z05", "E01", "J11"];

function setStatus(record, code, at, tools) {
  const w = record.wire;
  record.status = code;
  record.updated = at;
  record.refunded = code === "8" ? at : null;
  // Mostly the code; sometimes the label, the doc's `1-退款待处理` form or the doc's free text.
  const style = tools.weighted([["code", 80], ["label", 10], ["dashed", 5], ["free", 5]]);
  w.statusDesc = style === "code" ? code : style === "label" ? LABELS[code] : style === "dashed" ? `${code}-${LABELS[code]}` : FREE_TEXT;
  w.returnMoney = code === "8" ? w.dealMoney : "0.00";
  w.statusPassTime = beijing(at + 7 * DAY);
  if (code === "4" || code === "8") w.returntype = w.refundtype === "1" ? "2" : tools.pick(["3", "4"]);
  if (w.returntype !== "2" && !w.expressNo) {
    w.expressCompanyCode = tools.pick(EXPRESS_CODES);
    w.expressNo = tools.digits(12);
  }
}

function generate(tools, { seq, created, updated }) {
  const refundOnly = tools.chance(0.45);
  const cents = tools.int(990, 899900);
  const wire = {
    orderCode: `${tools.int(20, 39)}${String(seq).padStart(6, "0")}${tools.int(10, 99)}`,
    productCode: tools.digits(9),
    customer: `178${tools.digits(8)}`,
    dealMoney: decimalText(cents, 2),
    returnMoney: "0.00",
    applyTime: beijing(created),
    statusPassTime: "",
    statusDesc: "",
    returnReason: tools.pick(REASONS),
    expressCompanyCode: "",
    expressNo: "",
    returntype: refundOnly ? "2" : tools.pick(["2", "3", "4"]),
    refundtype: refundOnly ? "1" : "",
  };
  const record = { id: `${wire.orderCode}:${wire.productCode}:${wire.applyTime.replace(/[- :]/g, "")}`, created, updated, status: "", refunded: null, wire };
  setStatus(record, tools.pick(CODES), updated, tools);
  return record;
}

function touch(tools, record, now) {
  setStatus(record, tools.pick(CODES.filter((c) => c !== record.status)), now, tools);
}

// ---------------------------------------------------------------------------------------
// Reading the request document.

function parseDocument(text) {
  const trimmed = text.trim();
  if (trimmed.startsWith("<")) {
    const body = /<sn_body>([\s\S]*)<\/sn_body>/.exec(trimmed);
    if (!/<sn_request>[\s\S]*<\/sn_request>/.test(trimmed)) return { error: "sys.check.request-params:error" };
    if (!body) return { error: "sys.check.missing-nestElement:sn_body" };
    const nodes = [...body[1].matchAll(/<(\w+)>([\s\S]*?)<\/\1>/g)];
    if (nodes.length !== 1 || nodes[0][1] !== BIZ) return { error: "biz.handler.request-message:error" };
    const fields = {};
    for (const [, k, v] of nodes[0][2].matchAll(/<(\w+)>([\s\S]*?)<\/\1>/g)) fields[k] = unescapeXml(v);
    for (const [, k] of nodes[0][2].matchAll(/<(\w+)\s*\/>/g)) fields[k] = "";
    return { fields };
  }
  let doc;
  try {
    doc = JSON.parse(trimmed);
  } catch {
    try {
      // The official python SDK sends str(dict): single quotes. The server takes it.
      doc = JSON.parse(trimmed.replace(/'/g, '"'));
    } catch {
      return { error: "sys.check.request-params:error" };
    }
  }
  const body = doc?.sn_request?.sn_body;
  if (!doc?.sn_request) return { error: "sys.check.request-params:error" };
  if (!body || typeof body !== "object") return { error: "sys.check.missing-nestElement:sn_body" };
  const keys = Object.keys(body);
  if (keys.length !== 1 || keys[0] !== BIZ || typeof body[BIZ] !== "object" || body[BIZ] === null) return { error: "biz.handler.request-message:error" };
  return { fields: Object.fromEntries(Object.entries(body[BIZ]).map(([k, v]) => [k, v === null ? "" : String(v)])) };
}

// ---------------------------------------------------------------------------------------
// The server.

function handle(request, ctx) {
  const h = request.headers;
  const xml = (h.format ?? "xml").trim().toLowerCase() !== "json";
  const params = { AppMethod: h.appmethod, AppRequestTime: h.apprequesttime, Format: h.format, AppKey: h.appkey, VersionNo: h.versionno, access_token: h.access_token };
  if (!h.appkey || !h.appmethod) return fail("sys.check.header-param:null", xml, params);
  if (!h.versionno) return fail("sys.check.missing-parameter:apiversion", xml, params);
  if (!h.apprequesttime) return fail("sys.check.missing-parameter:appRequestTime", xml, params);
  if (!h.signinfo) return fail("sys.check.app-sign:null", xml, params);
  const { appKey, appSecret } = ctx.credentials;
  if (h.appkey !== appKey) return fail("sys.check.user-permission:inexistence", xml, params);
  const suffix = request.path.slice(request.path.indexOf(PATH) + PATH.length).replace(/^\//, "");
  if (h.appmethod !== APP_METHOD || (suffix && suffix !== APP_METHOD)) return fail("sys.check.api-permission:inexistence", xml, params);
  const requestTime = parseBeijing(h.apprequesttime);
  if (requestTime === null || Math.abs(ctx.now() - requestTime) > SKEW_SECONDS) return fail("sys.check.app-time:error", xml, params);
  const expected = signInfo({ appSecret, appMethod: h.appmethod, appRequestTime: h.apprequesttime, appKey: h.appkey, versionNo: h.versionno }, Buffer.from(request.body, "utf8"));
  if (!sameText(h.signinfo, expected)) return fail("sys.check.app-sign:error", xml, params);
  if (h.access_token) return fail("sys.check.user-permission:inexistence", xml, params); // not an OAuth app

  const doc = parseDocument(request.body);
  if (doc.error) return fail(doc.error, xml, params);
  const f = doc.fields;
  Object.assign(params, f);
  if (f.startTime === undefined) return fail("sys.check.miss-time:starttime", xml, params);
  if (f.endTime === undefined) return fail("sys.check.miss-time:endtime", xml, params);
  if (f.startTime.trim() === "") return fail("sys.check.starttime-value:null", xml, params);
  if (f.endTime.trim() === "") return fail("sys.check.endtime-value:null", xml, params);
  const since = parseBeijing(f.startTime);
  const until = parseBeijing(f.endTime);
  if (since === null) return fail("sys.check.starttime-format:error", xml, params);
  if (until === null) return fail("sys.check.endtime-format:error", xml, params);
  if (since > until) return fail("sys.check.query-time:error", xml, params);
  if (until - since > MAX_SPAN) return fail("sys.check.query-time:outofrange", xml, params);
  if (since < ctx.now() - LOOKBACK) return fail("biz.orderquery.time-value:outofrange", xml, params);
  let pageNo = 1;
  let pageSize = 10;
  if (f.pageNo !== undefined && f.pageSize !== undefined) {
    if (!/^\d+$/.test(f.pageNo) || Number(f.pageNo) < 1 || Number(f.pageNo) > 99999) return fail("sys.check.pageno-format:error", xml, params);
    if (!/^\d+$/.test(f.pageSize) || Number(f.pageSize) < 1 || Number(f.pageSize) > 50) return fail("sys.check.pagesize-format:error", xml, params);
    pageNo = Number(f.pageNo);
    pageSize = Number(f.pageSize);
  }

  const matching = ctx.list().filter((r) => r.updated >= since && r.updated <= until);
  const page = matching.slice((pageNo - 1) * pageSize, pageNo * pageSize).map((r) => r.wire);
  if (page.length === 0) return fail("biz.handler.data-get:no-result", xml, params);
  const content = {
    sn_head: { pageNo, pageTotal: Math.ceil(matching.length / pageSize), totalSize: matching.length, returnMessage: "biz.handler.data-get:success" },
    // One record comes as an object, as XML-to-JSON converters give it.
    sn_body: { [BIZ]: page.length === 1 ? page[0] : page },
  };
  return { response: answer(content, xml), params, error: null };
}

function fault(kind, ctx, request) {
  const xml = (request.headers.format ?? "xml").trim().toLowerCase() !== "json";
  return fail(kind === "rate_limit" ? "sys.controller.api-frequency:limit" : "sys.check.app-time:error", xml, { AppKey: request.headers.appkey });
}

export default {
  id: "suning",
  path: PATH,
  credentials: CREDENTIALS,
  defaultOrder: "id",
  matches: (path) => path.endsWith(PATH) || path.endsWith(`${PATH}/${APP_METHOD}`) || /\/api\/http\/sopRequest\/[\w.]+$/.test(path),
  generate,
  touch,
  handle,
  fault,
};
