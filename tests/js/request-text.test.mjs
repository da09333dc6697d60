// A signed request crosses back from the wasm as text (src/bindings/wasm.rs `request_text`)
// that decodeRequest (pkg/src/decode.js) turns into the object fetch takes: every field must
// come back exactly, whatever characters it holds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildRequest, RefundSync } from "refund-normalizer";
import { decodeRequest } from "../../pkg/src/decode.js";

const NOW = 1717200000000;
const QUERY = { since: "2024-06-01 00:00:00", until: "2024-06-01 23:59:59" };

test("decodeRequest reads fields by their length in UTF-16 units, colons and digits included", () => {
  const fields = ["https://x.test/a:b?c=1", "POST", "{\"n\":\"12:34\"}", "X-1", "9:9", "退款", "😀:\u0000"];
  const text = fields.map((f) => `${f.length}:${f}`).join("");
  assert.deepEqual(decodeRequest(text), { url: fields[0], method: "POST", headers: { "X-1": "9:9", 退款: "😀:\u0000" }, body: fields[2] });
  assert.deepEqual(decodeRequest("0:3:GET0:"), { url: "", method: "GET", headers: {}, body: "" });
});

test("decodeRequest ends on a text cut short: a missing field is empty", () => {
  assert.deepEqual(decodeRequest("0:3:GET0:1:X"), { url: "", method: "GET", headers: { X: "" }, body: "" });
  assert.deepEqual(decodeRequest("0:3:GET0:1:X12"), { url: "", method: "GET", headers: { X: "" }, body: "" });
  assert.deepEqual(decodeRequest("5:ab"), { url: "ab", method: "", headers: {}, body: "" });
});

test("headers and body with CJK, emoji and a header named __proto__ come back exactly", () => {
  const credentials = {
    headers: { "X-Shop": "店铺😀一号", __proto__: null },
    bodyFields: { uid: "用户😀", note: "a:b 12:3" },
  };
  Object.defineProperty(credentials.headers, "__proto__", { value: "p😀", enumerable: true });
  const request = buildRequest("nuoyun", credentials, QUERY, { now: NOW });
  assert.equal(Object.getPrototypeOf(request.headers), Object.prototype);
  assert.ok(Object.hasOwn(request.headers, "__proto__"), JSON.stringify(request.headers));
  assert.equal(request.headers["X-Shop"], "店铺😀一号");
  assert.equal(Object.getOwnPropertyDescriptor(request.headers, "__proto__").value, "p😀");
  const body = JSON.parse(request.body);
  assert.equal(body.uid, "用户😀");
  assert.equal(body.note, "a:b 12:3");
  assert.deepEqual(Object.keys(request), ["url", "method", "headers", "body"]);
});

test("RefundSync.next gives the same request object, and null when done", () => {
  const sync = new RefundSync("wangdiantong", { since: "2024-06-01 00:00:00", until: "2024-06-01 01:00:00" }, { now: NOW });
  const credentials = { sid: "test2", appKey: "test2-xx", appSecret: "test_secret" };
  const request = sync.next(credentials, { now: NOW });
  assert.equal(request.url, "https://api.wangdian.cn/openapi2/vip_api_refund_query.php");
  assert.equal(request.method, "POST");
  assert.equal(request.headers["Content-Type"], "application/x-www-form-urlencoded; charset=utf-8");
  assert.match(request.body, /^appkey=test2-xx&end_time=2024-06-01\+01%3A00%3A00&/);
  sync.accept('{"code":0,"message":"","total_count":0,"refunds":[]}');
  assert.equal(sync.next(credentials, { now: NOW }), null);
});
