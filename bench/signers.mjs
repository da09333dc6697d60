// Hand-written JavaScript request signers, the baselines for `buildRequest`: the same
// `{ url, method, headers, body }` for the same credentials, query and clock (checked by
// equivalence.test.mjs), over an MD5 given as `md5(text) → lowercase hex` (blueimp-md5 or
// node:crypto). Validation is left out: they assume a valid query, as a quick client would.

import { createHash } from "node:crypto";
import blueimpMd5 from "blueimp-md5";

export const md5Impls = {
  blueimp: (s) => blueimpMd5(s),
  crypto: (s) => createHash("md5").update(s).digest("hex"),
};

const FORM_ESCAPES = /[!'()*~]/g;
/** PHP http_build_query style: only A-Z a-z 0-9 - _ . kept, space as +. */
function formEncode(pairs) {
  let out = "";
  for (const [k, v] of pairs) {
    if (out) out += "&";
    out += enc(k) + "=" + enc(v);
  }
  return out;
}
function enc(s) {
  return encodeURIComponent(s)
    .replace(FORM_ESCAPES, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, "+");
}
const byKey = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
const FORM = { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8" };
/** Unix seconds → Beijing "yyyy-MM-dd HH:mm:ss". */
function beijing(seconds) {
  return new Date((seconds + 28800) * 1000).toISOString().slice(0, 19).replace("T", " ");
}
const codePoints = (s) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};
const pad = (n, w) => String(n).padStart(w, "0");

function wangdiantong(md5, credentials, query, now) {
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

function mogujie(md5, credentials, query, now) {
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

function shopex(md5, credentials, query, now) {
  const params = [
    ["flag", credentials.flag],
    ["method", "refunds.getList"],
    ["ver", "1"],
    ["charset", "utf-8"],
    ["type", "json"],
    ["timestamp", beijing(now).replace(/\D/g, "")],
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

function suning(md5, credentials, query, now) {
  const body = JSON.stringify({
    sn_request: { sn_body: { batchQueryRejected: { startTime: query.since, endTime: query.until, pageNo: String(query.page ?? 1), pageSize: String(query.pageSize ?? 10) } } },
  });
  const time = beijing(now);
  const sign = md5(credentials.appSecret + "suning.custom.batchrejected.query" + time + credentials.appKey + "v1.2" + Buffer.from(body).toString("base64"));
  const headers = {
    "Content-Type": "application/json; charset=utf-8",
    AppMethod: "suning.custom.batchrejected.query",
    AppRequestTime: time,
    Format: "json",
    AppKey: credentials.appKey,
    VersionNo: "v1.2",
    signInfo: sign,
  };
  if (credentials.accessToken) headers.access_token = credentials.accessToken;
  return { url: "https://open.suning.com/api/http/sopRequest", method: "POST", headers, body };
}

const TAOBAO_FIELDS = "refund_id,tid,oid,title,buyer_nick,buyer_open_uid,seller_nick,total_fee,refund_fee,status,has_good_return,reason,desc,company_name,sid,num,sku,outer_id,created,modified,end_time";
const TAOBAO_TYPES = "fixed,auction,guarantee_trade,independent_simple_trade,independent_shop_trade,auto_delivery,ec,cod,fenxiao,game_equipment,shopex_trade,netcn_trade,external_trade";

/** TOP with sign_method=md5: every param but sign, keys in byte order, key+value, the secret on both sides. */
function taobao(md5, credentials, query, now) {
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
    ["timestamp", beijing(now)],
    ["format", "json"],
    ["v", "2.0"],
    ["sign_method", "md5"],
  ];
  let s = credentials.appSecret;
  for (const [k, v] of [...params].sort(byKey)) s += k + v;
  params.push(["sign", md5(s + credentials.appSecret).toUpperCase()]);
  return { url: "https://eco.taobao.com/router/rest", method: "POST", headers: { ...FORM }, body: formEncode(params) };
}

const SIGNERS = { wangdiantong, mogujie, shopex, suning, taobao };
export const SIGNED_PLATFORMS = Object.keys(SIGNERS);

/** buildRequest's twin: `options.now` in epoch milliseconds, as buildRequest takes it. */
export function jsBuildRequest(md5, platform, credentials, query, options) {
  return SIGNERS[platform](md5, credentials, query, Math.floor(options.now / 1000));
}

export const SIGN_INPUTS = {
  wangdiantong: { credentials: { sid: "test2", appKey: "test2-xx", appSecret: "test_secret" } },
  mogujie: { credentials: { appKey: "100123", appSecret: "mgj_secret_0123456789", accessToken: "A1B2C3D4E5F6" } },
  shopex: { credentials: { baseUrl: "https://erp.example.com/index.php/openapi/api/post", flag: "oms", token: "shopex_token_abc" } },
  suning: { credentials: { appKey: "sn_app_key", appSecret: "sn_app_secret", accessToken: "sn_token" } },
  taobao: { credentials: { appKey: "12345678", appSecret: "tb_app_secret_0123456789", session: "6100a1b2c3d4e5f6tb_session", signMethod: "md5" } },
};
export const SIGN_QUERY = { since: "2024-06-01 00:00:00", until: "2024-06-01 23:59:59", page: 2, pageSize: 20 };
export const SIGN_NOW = 1717200000000; // 2024-06-01 08:00:00 Beijing, epoch ms

/** What 旺店通 signs for SIGN_INPUTS, SIGN_QUERY and SIGN_NOW: the string its signer hashes. */
export const WANGDIANTONG_SIGN_STRING = (() => {
  let hashed;
  wangdiantong((text) => ((hashed = text), ""), SIGN_INPUTS.wangdiantong.credentials, SIGN_QUERY, Math.floor(SIGN_NOW / 1000));
  return hashed;
})();
