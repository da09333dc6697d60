// The package as a Node require() user loads it.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const rn = require("refund-normalizer");

test("require() gives a ready API", () => {
  assert.equal(typeof rn.parseResponse, "function");
  const page = rn.parseResponse("wangdiantong", '{"code":0,"total_count":"1","trade_list":[{"refund_no":"R1","refund_amount":"100.0000"}]}');
  assert.equal(page.refunds[0].requestedAmount, "100.00");
  assert.equal(page.page.total, 1);
});

test("require() errors are the RefundError class it exports", () => {
  assert.throws(() => rn.parseResponse("wangdiantong", "<html>"), (e) => e instanceof rn.RefundError && e.code === "invalid_body");
});
