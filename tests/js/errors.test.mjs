// RefundError as an app sees it: one class across the ESM and require() copies, JSON that
// keeps every field, and a retry hint on what is retryable (Retry-After, else the default).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as esm from "refund-normalizer";
// The class the browser and workerd entries export: the ES module copy of api.js, where Node's
// require() entry has dist/api.cjs. A bundle for the browser of an app that also requires the
// package for its server side, or a test runner that loads both, meets the two.
import { RefundError as EsModuleCopy } from "../../pkg/src/api.js";

const cjs = createRequire(import.meta.url)("refund-normalizer");

const failing = (fn) => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail("did not throw");
};

// 旺店通's rate-limit answer, and a proxy's 503 page.
const RATE_LIMITED = '{"code":1090,"message":"超过每分钟最大调用频率限制,请稍后重试"}';
const PROXY_PAGE = "<html><body>503 Service Unavailable</body></html>";

test("Node: import and require() of the package are one instance", () => {
  assert.equal(esm.RefundError, cjs.RefundError);
  assert.equal(esm.parseResponse, cjs.parseResponse);
});

test("instanceof RefundError holds across the ES module and CommonJS copies of the class", () => {
  assert.notEqual(EsModuleCopy, cjs.RefundError, "two copies are loaded (the case this guards)");
  const fromCjs = failing(() => cjs.parseResponse("wangdiantong", "{"));
  const fromEsm = new EsModuleCopy({ code: "invalid_body", message: "m", messageZh: "m" });
  for (const e of [fromCjs, fromEsm]) {
    assert.ok(e instanceof EsModuleCopy);
    assert.ok(e instanceof cjs.RefundError);
    assert.ok(e instanceof Error);
  }
  // Not everything is one: other errors, look-alikes, primitives.
  for (const other of [new Error("x"), { code: "invalid_body", messageZh: "x", retryable: false }, null, "RefundError", 1]) {
    assert.ok(!(other instanceof EsModuleCopy));
    assert.ok(!(other instanceof cjs.RefundError));
  }
  // A subclass keeps the ordinary check.
  class Mine extends esm.RefundError {}
  assert.ok(new Mine({ code: "invalid_body", message: "m", messageZh: "m" }) instanceof esm.RefundError);
  assert.ok(!(fromCjs instanceof Mine));
});

test("JSON.stringify(error) keeps code, message, messageZh, retryable and the platform fields", () => {
  const e = failing(() => esm.parseResponse("wangdiantong", RATE_LIMITED));
  const json = JSON.parse(JSON.stringify(e));
  assert.equal(json.code, "platform_error");
  assert.equal(json.message, e.message);
  assert.ok(json.message.length > 0);
  assert.equal(json.messageZh, e.messageZh);
  assert.equal(json.retryable, true);
  assert.equal(json.platformCode, "1090");
  assert.equal(json.platformMessage, e.platformMessage);
  assert.equal(json.retryAfterMs, 1000);
  const invalid = JSON.parse(JSON.stringify(failing(() => cjs.validateQuery && cjs.buildRequest("wangdiantong", { sid: "s", appKey: "k", appSecret: "x" }, { pageSize: 0 }))));
  assert.equal(invalid.code, "invalid_query");
  assert.equal(invalid.retryable, false);
  assert.ok(!("retryAfterMs" in invalid));
  assert.equal(invalid.issues[0].field, "pageSize");
});

test("retryAfterMs: the Retry-After header when passed, else the default for the code", () => {
  // Defaults: platform_error 1000, http_error 5000 (README "Errors").
  assert.equal(failing(() => esm.parseResponse("wangdiantong", RATE_LIMITED)).retryAfterMs, 1000);
  assert.equal(failing(() => esm.parseResponse("wangdiantong", PROXY_PAGE, { httpStatus: 503 })).retryAfterMs, 5000);
  // delay-seconds, from a Headers object or a plain record in any case.
  assert.equal(failing(() => esm.parseResponse("wangdiantong", PROXY_PAGE, { httpStatus: 503, headers: new Headers({ "Retry-After": "7" }) })).retryAfterMs, 7000);
  assert.equal(failing(() => cjs.parseResponse("wangdiantong", RATE_LIMITED, { headers: { "retry-after": " 2 " } })).retryAfterMs, 2000);
  // An HTTP date: the time from now.
  const at = new Date(Date.now() + 30_000).toUTCString();
  const fromDate = failing(() => esm.parseResponse("wangdiantong", PROXY_PAGE, { httpStatus: 429, headers: { "Retry-After": at } })).retryAfterMs;
  assert.ok(fromDate > 25_000 && fromDate <= 30_000, String(fromDate));
  // A past date is 0, an unreadable value the default.
  assert.equal(failing(() => esm.parseResponse("wangdiantong", PROXY_PAGE, { httpStatus: 429, headers: { "Retry-After": "Thu, 01 Jan 1970 00:00:00 GMT" } })).retryAfterMs, 0);
  assert.equal(failing(() => esm.parseResponse("wangdiantong", PROXY_PAGE, { httpStatus: 429, headers: { "Retry-After": "soon" } })).retryAfterMs, 5000);
  // Not retryable: no hint, whatever the headers say.
  const notRetryable = failing(() => esm.parseResponse("wangdiantong", "[]", { headers: { "Retry-After": "7" } }));
  assert.equal(notRetryable.retryable, false);
  assert.equal(notRetryable.retryAfterMs, undefined);
  // The headers do not change a good answer.
  const ok = '{"code":0,"total_count":0}';
  assert.deepEqual(esm.parseResponse("wangdiantong", ok, { headers: { "Retry-After": "7" } }), esm.parseResponse("wangdiantong", ok));
});

test("retryAfterFrom says where the wait comes from: the code's default, the header, the platform's answer", () => {
  assert.equal(failing(() => esm.parseResponse("wangdiantong", RATE_LIMITED)).retryAfterFrom, "default");
  assert.equal(failing(() => esm.parseResponse("wangdiantong", RATE_LIMITED, { headers: { "retry-after": "2" } })).retryAfterFrom, "header");
  const ban = '{"error_response":{"code":7,"msg":"App Call Limited","sub_code":"accesscontrol.limited-by-app-api-access-count","sub_msg":"This ban will last for 2 more seconds"}}';
  for (const api of [esm, cjs]) {
    const e = failing(() => api.parseResponse("taobao", ban));
    assert.deepEqual([e.retryAfterMs, e.retryAfterFrom, e.platformCode, e.platformSubCode], [2000, "answer", "7", "accesscontrol.limited-by-app-api-access-count"]);
    assert.equal(JSON.parse(JSON.stringify(e)).retryAfterFrom, "answer");
  }
  // A header still wins over the answer's words.
  assert.equal(failing(() => esm.parseResponse("taobao", ban, { headers: { "Retry-After": "5" } })).retryAfterMs, 5000);
});

test("RefundSync#accept takes the response headers too", () => {
  const now = Date.parse("2024-06-20T00:00:00+08:00");
  const sync = new esm.RefundSync("wangdiantong", { since: "2024-06-10 00:00:00", until: "2024-06-10 12:00:00" }, { now });
  sync.next({ sid: "s", appKey: "k", appSecret: "x" }, { now });
  const e = failing(() => sync.accept(PROXY_PAGE, { httpStatus: 503, headers: new Headers({ "retry-after": "3" }) }));
  assert.equal(e.code, "http_error");
  assert.equal(e.retryAfterMs, 3000);
});

test("hasMore without the query: false when the answer alone settles it", () => {
  // Every record of the total on this page.
  const all = '{"code":0,"total_count":1,"trade_list":[{"refund_no":"R","refund_amount":"1.00"}]}';
  assert.equal(esm.parseResponse("wangdiantong", all).page.hasMore, false);
  // Nothing on the page.
  assert.equal(esm.parseResponse("wangdiantong", '{"code":0,"total_count":0}').page.hasMore, false);
  // More in the total than here: which page this is decides, so the query is needed.
  const part = '{"code":0,"total_count":5,"trade_list":[{"refund_no":"R","refund_amount":"1.00"}]}';
  assert.equal(esm.parseResponse("wangdiantong", part).page.hasMore, null);
  assert.equal(esm.parseResponse("wangdiantong", part, { query: { page: 1, pageSize: 1 } }).page.hasMore, true);
});
