// One meaning on every platform, as a JavaScript host meets it: ids with half a UTF-16 pair
// stay apart, warnings are objects in both languages, credential errors name every field.
import assert from "node:assert/strict";
import test from "node:test";
import { buildRequest, parseResponse, RefundError, RefundSync } from "refund-normalizer";

test("an id holding half a UTF-16 pair rejects its record, so two such ids never merge into one", () => {
  const body = `{"code":0,"total_count":"3","trade_list":[{"refund_no":"R\uD800"},{"refund_no":"R\uDBFF"},{"refund_no":"R\uD83D\uDE00"}]}`;
  assert.equal(body.isWellFormed(), false);
  const page = parseResponse("wangdiantong", body);
  assert.deepEqual(page.refunds.map((r) => r.id), ["R\u{1F600}"], "the whole pair is an id like any other");
  assert.deepEqual(page.rejected.map((r) => [r.index, r.path]), [[0, "trade_list[0].refund_no"], [1, "trade_list[1].refund_no"]]);
  for (const r of page.rejected) assert.match(r.message, /lone UTF-16 surrogate/);

  // XML (苏宁): as its escaped form, a character reference the reader refuses (it names it).
  const xml = (code) => `<batchQueryRejected><orderCode>${code}</orderCode><productCode>1</productCode><applyTime>2024-05-01 10:00:00</applyTime><statusDesc>8</statusDesc></batchQueryRejected>`;
  const reply = `<?xml version="1.0" encoding="UTF-8"?><sn_responseContent><sn_head><pageNo>1</pageNo><pageTotal>1</pageTotal><returnMessage>biz.handler.data-get:success</returnMessage></sn_head><sn_body>${xml("A\uDC00")}${xml("B")}</sn_body></sn_responseContent>`;
  assert.throws(() => parseResponse("suning", reply), (e) => e instanceof RefundError && e.code === "invalid_body" && /&#xDC00;/.test(e.message));

  // A sync sees one rejected record each, not one record and a duplicate.
  const sync = new RefundSync("wangdiantong", { since: "2024-06-01 00:00:00", until: "2024-06-01 01:00:00" });
  sync.next({ sid: "s", appKey: "k", appSecret: "x" }, { now: Date.parse("2024-06-02T00:00:00+08:00") });
  const accepted = sync.accept(body);
  assert.equal(accepted.rejected.length, 2);
  assert.equal(sync.progress().duplicatesSkipped, 0);
});

test("warnings are { code, message, messageZh } on records and pages", () => {
  const page = parseResponse("nuoyun", '{"code":200,"msg":"ok","data":{"total":2,"list":[{"refund_no":"RF1","status":1,"refund_money":-1.5},{"refund_no":"RF1","status":1}]}}');
  assert.deepEqual(page.refunds[0].warnings, [{ code: "negative_amount", message: "negative amount -1.50", messageZh: "金额为负数 -1.50" }]);
  assert.deepEqual(page.warnings, [{ code: "duplicate_id", message: "refund RF1 appears more than once on this page", messageZh: "退款单 RF1 在本页出现了不止一次" }]);
});

test("credential errors name every missing or wrong field at once", () => {
  const query = { since: "2024-06-01 00:00:00", until: "2024-06-01 01:00:00" };
  for (const call of [() => buildRequest("mogujie", { appKey: 5 }, query), () => new RefundSync("mogujie", query).next({ appKey: 5 })]) {
    assert.throws(call, (e) => {
      assert.ok(e instanceof RefundError);
      assert.equal(e.code, "invalid_credentials");
      assert.deepEqual(e.issues.map((i) => i.field), ["credentials.appKey", "credentials.appSecret", "credentials.accessToken"]);
      assert.match(e.message, /^the credentials have 3 problems: credentials\.appKey must be a string; credentials\.appSecret is required/);
      assert.match(e.messageZh, /^凭据有 3 个问题/);
      return true;
    });
  }
});

test("epoch seconds in a query are an issue, not a 1970 query", () => {
  assert.throws(
    () => new RefundSync("wangdiantong", { since: 1717171200, until: 1719763200 }),
    (e) => e.code === "invalid_query" && e.issues.every((i) => i.code === "looks_like_seconds") && e.issues.length === 2,
  );
});
