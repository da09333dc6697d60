// 淘宝/天猫 in the JS tests (tests/js/kits.mjs loads it).
import { orNull, rfcText, yuan } from "../gateway-truth.mjs";

/** DESIGN.md's status table. The three exchange states (reference §8.1) are not in it: unknown, labelled. */
const STATUSES = {
  WAIT_SELLER_AGREE: "pending",
  WAIT_BUYER_RETURN_GOODS: "awaiting_return",
  WAIT_SELLER_CONFIRM_GOODS: "return_in_transit",
  SELLER_REFUSE_BUYER: "rejected",
  CLOSED: "closed",
  SUCCESS: "succeeded",
};

export default {
  /** A success page around a list (its JSON text) of `n` records. */
  page: (list, n) => `{"refunds_receive_get_response":{"total_results":${n},"refunds":{"refund":${list}},"request_id":"probe"}}`,
  /** Its doc examples the console and the Worker read: the refunds they hold, one exact amount (a console cell), the warnings the console shows (a record's cell, the list). */
  docExamples: [
    { file: "doc_response.json", rows: 2, amount: ["cell-refunded", "129.00"] },
    { file: "doc_response.xml", rows: 2, amount: ["cell-refunded", "129.00"] },
  ],
  /** The hosts its requests go to (production, sandbox): the README's examples reach them through its gateway. */
  hosts: ["eco.taobao.com", "gw.api.tbsandbox.com"],
  /** The time its range filters on, and whether the range includes its end (what its gateway must do). */
  filtersOn: ["updated", true],
  /** Its credentials from a test's value for each role (kits.mjs): the secret (appSecret), access (session); appKey fixed. */
  credentials: ({ secret, access }) => ({ appKey: "k", appSecret: secret, session: access }),
  /** The credentials its signed request carries in the clear, by role: how to read each from the request. */
  credentialsSent: { access: (request) => new URLSearchParams(request.body).get("session") },
  /** buildRequest options beyond the defaults that give its request another shape (redact.test.mjs redacts each). */
  requestVariants: [{ format: "xml" }],
  /** Its requests (every variant) redacted with the mask "••": patterns the body matches, exact header values, whether the body is kept. */
  redacted: { body: [/(^|&)session=••&/, /&sign=••$/] },
  /** What its gateway's records (the simulator's truth) must become (gateways.test.mjs; the Worker sync test reads its platformStatus): DESIGN.md's status table, the statuses its simulator serves beyond it (unified: unknown), a record's expected unified fields. */
  gatewayTruth: {
    statuses: STATUSES,
    // The exchange states (reference §8.1).
    unlisted: ["WAIT_BUYER_CONFIRM_EXCHANGE_SELLER_SEND_GOODS", "EXCHANGE_TRANSFORM_TO_REFUND", "WAIT_SELLER_CONSIGN_GOODS"],
    expect(r) {
      const w = r.wire;
      // sku is "skuId|properties"; without a bar it is all properties.
      const bar = w.sku.indexOf("|");
      return {
        id: w.refund_id,
        orderId: w.tid,
        subOrderId: w.oid,
        shopName: w.seller_nick,
        platformStatus: w.status,
        status: STATUSES[w.status] ?? "unknown",
        kind: w.has_good_return ? "return_and_refund" : "refund_only",
        requestedAmount: yuan(w.refund_fee),
        refundedAmount: yuan(w.refund_fee),
        reason: w.reason,
        note: orNull(w.desc),
        buyerId: w.buyer_open_uid,
        buyerName: w.buyer_nick,
        returnCompany: w.company_name ?? null,
        trackingNo: w.sid ?? null,
        createdAt: rfcText(w.created),
        updatedAt: rfcText(w.modified),
        refundedAt: w.status === "SUCCESS" ? rfcText(w.end_time) : null,
        items: [
          {
            name: w.title,
            quantity: yuan(w.num),
            amount: yuan(w.total_fee),
            skuId: bar < 0 ? null : w.sku.slice(0, bar),
            skuName: bar < 0 ? w.sku : w.sku.slice(bar + 1),
            goodsNo: w.outer_id,
          },
        ],
      };
    },
  },
  /** What its gateway enforces (gateways.test.mjs): the largest page, the sign error's code (and whether its body is JSON), where the signature travels (["body" or "header", its name]), a stale timestamp's [age in s, code] (null: no timestamp), the rate-limit code (null: none of its own), what its logged params show for a created-time range (null: no second date pair). */
  gatewayRules: { maxPageSize: 100, signError: { code: "25", json: true }, signatureIn: ["body", "sign"], stale: [601, "31"], rateLimit: "7", createdFilter: null },
  /** The console's signed preview (console.test.mjs): steps, each typing values (data-testid → text or option) then matching what the preview shows (data-testid → patterns); the secrets then nowhere on the page. */
  // The session rides in the form body, masked.
  consolePreview: {
    steps: [
      { fill: { "field-since": "2024-06-01 00:00:00", "field-until": "2024-06-02 00:00:00", "cred-appKey": "12345678", "cred-appSecret": "tb-secret-xyz", "cred-session": "tb-session-777" }, shows: { "preview-body": [/session=••••••/, /sign_method=hmac-sha256/] } },
      // signMethod is a choice of the registry's values
      { fill: { "cred-signMethod": "md5" }, shows: { "preview-body": [/sign_method=md5/] } },
    ],
    secrets: ["tb-secret-xyz", "tb-session-777"],
  },
};
