// 旺店通 in the JS tests (tests/js/kits.mjs loads it).
import { orNull, rfcText, yuan } from "../gateway-truth.mjs";

/** DESIGN.md's status table. */
const STATUSES = { 1: "cancelled", 2: "pending", 3: "awaiting_return", 4: "return_in_transit", 5: "succeeded", 10: "pending", 20: "awaiting_return", 30: "return_in_transit", 40: "awaiting_buyer", 50: "processing", 55: "processing", 60: "processing", 70: "closed", 80: "succeeded" };

export default {
  /** A success page around a list (its JSON text) of `n` records. */
  page: (list, n) => `{"code":0,"message":"","total_count":"${n}","trade_list":${list}}`,
  /** Its doc examples the console and the Worker read: the refunds they hold, one exact amount (a console cell), the warnings the console shows (a record's cell, the list). */
  docExamples: [{ file: "doc_response.json", rows: 3, amount: ["cell-requested", "100.00"] }],
  /** The hosts its requests go to (production, sandbox): the README's examples reach them through its gateway. */
  hosts: ["api.wangdian.cn", "sandbox.wangdian.cn"],
  /** The time its range filters on, and whether the range includes its end (what its gateway must do). */
  filtersOn: ["updated", true],
  /** Its credentials from a test's value for each role (kits.mjs): the secret (appSecret); sid and appKey fixed. */
  credentials: ({ secret }) => ({ sid: "s", appKey: "k", appSecret: secret }),
  /** The credentials its signed request carries in the clear, by role: how to read each from the request. None: the secret only signs. */
  credentialsSent: {},
  /** buildRequest options beyond the defaults that give its request another shape (redact.test.mjs redacts each). */
  requestVariants: [],
  /** Its requests (every variant) redacted with the mask "••": patterns the body matches, exact header values, whether the body is kept. */
  redacted: { body: [/&sign=••$/] },
  /** What its gateway's records (the simulator's truth) must become (gateways.test.mjs; the Worker sync test reads its platformStatus): DESIGN.md's status table, the statuses its simulator serves beyond it (unified: unknown), a record's expected unified fields. */
  gatewayTruth: {
    statuses: STATUSES,
    unlisted: ["0"],
    expect(r) {
      const w = r.wire;
      return {
        id: w.refund_no,
        orderId: w.tid,
        shopId: w.shop_no,
        platformStatus: w.status,
        status: STATUSES[w.status] ?? "unknown",
        requestedAmount: yuan(w.refund_amount),
        refundedAmount: yuan(w.actual_refund_amount),
        reason: orNull(w.reason),
        note: orNull(w.remark),
        createdAt: rfcText(w.refund_time),
        updatedAt: rfcText(w.modified),
        refundedAt: ["5", "80"].includes(w.status) ? rfcText(w.current_phase_timeout) : null,
        items: w.goods_list.map((g) => ({ goodsId: g.goods_id, skuId: g.spec_id, quantity: yuan(g.num), unitPrice: yuan(g.price), amount: yuan(g.total_amount) })),
      };
    },
  },
  /** What its gateway enforces (gateways.test.mjs): the largest page, the sign error's code (and whether its body is JSON), where the signature travels (["body" or "header", its name]), a stale timestamp's [age in s, code] (null: no timestamp), the rate-limit code (null: none of its own), what its logged params show for a created-time range (null: no second date pair). */
  gatewayRules: { maxPageSize: 100, signError: { code: "102", json: true }, signatureIn: ["body", "sign"], stale: [301, "103"], rateLimit: "104", createdFilter: null },
  /** The console's signed preview (console.test.mjs): steps, each typing values (data-testid → text or option) then matching what the preview shows (data-testid → patterns); the secrets then nowhere on the page. */
  consolePreview: {
    steps: [{ fill: { "field-since": "2024-06-01 00:00:00", "field-until": "2024-06-02 00:00:00", "cred-sid": "wdt-sid", "cred-appKey": "wdt-key", "cred-appSecret": "wdt-app-secret-42" }, shows: { "preview-body": [/^appkey=wdt-key&/, /&sign=[0-9a-f]{32}$/] } }],
    secrets: ["wdt-app-secret-42"],
  },
};
