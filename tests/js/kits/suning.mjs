// 苏宁 in the JS tests (tests/js/kits.mjs loads it).
import { orNull, rfcText, yuan } from "../gateway-truth.mjs";

/** DESIGN.md's status table. */
const STATUSES = { 1: "pending", 2: "rejected", 3: "awaiting_return", 4: "return_in_transit", 5: "failed", 6: "processing", 7: "closed", 8: "succeeded" };
const LABELS = ["退款待处理", "已拒绝退款", "待买家发货", "待商家收货", "退款失败", "退款处理中", "退款关闭", "退款成功"];

/** The code a statusDesc stands for: a code, its label, or `n-label`; else null. */
function statusCode(desc) {
  if (/^[1-8]$/.test(desc)) return desc;
  const i = LABELS.indexOf(desc);
  if (i >= 0) return String(i + 1);
  const m = /^([1-8])-(.+)$/.exec(desc);
  if (m && LABELS[+m[1] - 1] === m[2]) return m[1];
  return null;
}

export default {
  /** A success page around a list (its JSON text) of `n` records. */
  page: (list, n) => `{"sn_responseContent":{"sn_head":{"pageNo":"1","pageTotal":"1","returnMessage":"biz.handler.data-get:success"},"sn_body":{"batchQueryRejected":${list}}}}`,
  /** Its doc examples the console and the Worker read: the refunds they hold, one exact amount (a console cell), the warnings the console shows (a record's cell, the list). */
  docExamples: [
    { file: "doc_response.json", rows: 2, amount: ["cell-refunded", "188.00"] },
    { file: "doc_response.xml", rows: 2, amount: ["cell-refunded", "188.00"] },
  ],
  /** The hosts its requests go to (production, sandbox): the README's examples reach them through its gateway. */
  hosts: ["open.suning.com", "openpre.cnsuning.com"],
  /** The time its range filters on, and whether the range includes its end (what its gateway must do). */
  filtersOn: ["updated", true],
  /** Its credentials from a test's value for each role (kits.mjs): the secret (appSecret), access (accessToken); appKey fixed. */
  credentials: ({ secret, access }) => ({ appKey: "k", appSecret: secret, accessToken: access }),
  /** The credentials its signed request carries in the clear, by role: how to read each from the request. */
  credentialsSent: { access: (request) => request.headers.access_token },
  /** buildRequest options beyond the defaults that give its request another shape (redact.test.mjs redacts each). */
  requestVariants: [{ format: "xml" }],
  /** Its requests (every variant) redacted with the mask "••": patterns the body matches, exact header values, whether the body is kept. */
  redacted: { headers: { access_token: "••", AppKey: "k" }, bodyKept: true },
  /** What its gateway's records (the simulator's truth) must become (gateways.test.mjs; the Worker sync test reads its platformStatus): DESIGN.md's status table, the statuses its simulator serves beyond it (unified: unknown), a record's expected unified fields. */
  gatewayTruth: {
    statuses: STATUSES,
    unlisted: [],
    expect(r) {
      const w = r.wire;
      const code = statusCode(w.statusDesc);
      return {
        id: `${w.orderCode}:${w.productCode}:${w.applyTime.replace(/[- :]/g, "")}`,
        orderId: w.orderCode,
        platformStatus: w.statusDesc,
        status: code ? STATUSES[code] : "unknown",
        kind: w.refundtype === "1" ? "refund_only" : "return_and_refund",
        refundedAmount: yuan(w.returnMoney),
        reason: w.returnReason,
        buyerId: w.customer,
        trackingNo: orNull(w.expressNo),
        createdAt: rfcText(w.applyTime),
        items: [{ goodsId: w.productCode, amount: yuan(w.dealMoney) }],
      };
    },
  },
  /** What its gateway enforces (gateways.test.mjs): the largest page, the sign error's code (and whether its body is JSON), where the signature travels (["body" or "header", its name]), a stale timestamp's [age in s, code] (null: no timestamp), the rate-limit code (null: none of its own), what its logged params show for a created-time range (null: no second date pair). */
  gatewayRules: { maxPageSize: 50, signError: { code: "sys.check.app-sign:error", json: true }, signatureIn: ["header", "signInfo"], stale: [601, "sys.check.app-time:error"], rateLimit: "sys.controller.api-frequency:limit", createdFilter: null },
  /** The console's signed preview (console.test.mjs): steps, each typing values (data-testid → text or option) then matching what the preview shows (data-testid → patterns); the secrets then nowhere on the page. */
  // The access token is a header; the XML format writes the body as XML.
  consolePreview: {
    steps: [
      { fill: { "field-now": "2024-07-01 00:00:00", "field-since": "2024-06-01 00:00:00", "field-until": "2024-06-02 00:00:00", "cred-appKey": "sn-key", "cred-appSecret": "sn-secret-xyz", "cred-accessToken": "sn-access-777" }, shows: { "preview-headers": [/access_token\s+••••••/, /signInfo\s+[0-9a-f]{32}/] } },
      { fill: { "field-options.format": "xml" }, shows: { "preview-body": [/^<sn_request>/] } },
    ],
    secrets: ["sn-secret-xyz", "sn-access-777"],
  },
};
