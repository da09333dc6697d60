// 蘑菇街 in the JS tests (tests/js/kits.mjs loads it).
import { fen, orNull, rfc, rfcText, yuan } from "../gateway-truth.mjs";

/** DESIGN.md's status table. */
const STATUSES = {
  refund_requested: "pending",
  return_goods_requested: "pending",
  return_goods_agreed: "awaiting_return",
  return_goods_shipped: "return_in_transit",
  refund_or_return_deal_agreed: "processing",
  refund_or_return_seller_refused: "rejected",
  return_goods_seller_declare_not_received: "awaiting_buyer",
  refund_completed: "succeeded",
  refund_cancelled: "cancelled",
};

/** The console test's access token: characters the form encoding escapes. */
const CONSOLE_TOKEN = "tok SECRET/+=&äx";

export default {
  /** A success page around a list (its JSON text) of `n` records. */
  page: (list, n) => `{"result":{"data":{"hasNext":false,"refundFullDTOList":${list}}},"status":{"code":"0000000","msg":"ok"}}`,
  /** Its doc examples the console and the Worker read: the refunds they hold, one exact amount (a console cell), the warnings the console shows (a record's cell, the list). */
  docExamples: [{ file: "doc_response.json", rows: 1, amount: ["cell-requested", "153.20"], warnings: { cell: /read as yuan/, list: /refunds\[0\] · 62511111231 · amount_unit\s+sellerRefundAmount 163\.2 带有小数,按元读取,而非文档所说的分 sellerRefundAmount 163\.2 has a fraction/ } }],
  /** The hosts its requests go to (production, sandbox): the README's examples reach them through its gateway. */
  hosts: ["openapi.mogujie.com"],
  /** The time its range filters on, and whether the range includes its end (what its gateway must do). */
  filtersOn: ["updated", false],
  /** Its credentials from a test's value for each role (kits.mjs): the secret (appSecret), access (accessToken); appKey fixed. */
  credentials: ({ secret, access }) => ({ appKey: "1", appSecret: secret, accessToken: access }),
  /** The credentials its signed request carries in the clear, by role: how to read each from the request. */
  credentialsSent: { access: (request) => new URLSearchParams(request.body).get("access_token") },
  /** buildRequest options beyond the defaults that give its request another shape (redact.test.mjs redacts each). */
  requestVariants: [{ paramsWrapper: "Params" }],
  /** Its requests (every variant) redacted with the mask "••": patterns the body matches, exact header values, whether the body is kept. */
  redacted: { body: [/(^|&)access_token=••&app_key=1&/, /&sign=••$/] },
  /** What its gateway's records (the simulator's truth) must become (gateways.test.mjs; the Worker sync test reads its platformStatus): DESIGN.md's status table, the statuses its simulator serves beyond it (unified: unknown), a record's expected unified fields. */
  gatewayTruth: {
    statuses: STATUSES,
    unlisted: [],
    expect(r) {
      const w = r.wire;
      const completed = w.status === "refund_completed";
      return {
        id: w.refundId,
        orderId: w.shopOrderId,
        subOrderId: w.itemOrderId,
        platformStatus: w.status,
        status: STATUSES[w.status],
        kind: w.refundType === "refund_money" ? "refund_only" : "return_and_refund",
        requestedAmount: fen(w.expense),
        refundedAmount: completed ? fen(w.expense) : null,
        reason: w.reason,
        note: w.refundDescription,
        buyerName: w.refundShipInfo.name,
        buyerPhone: w.refundShipInfo.mobile,
        trackingNo: orNull(w.refundShipInfo.shipExpressId),
        createdAt: rfcText(w.createdStr),
        updatedAt: rfcText(w.updatedStr),
        refundedAt: completed ? rfc(r.refunded) : null,
        items: [{ goodsId: w.itemId, quantity: yuan(w.number), unitPrice: fen(w.nowPrice), amount: fen(w.goodsPrice) }],
      };
    },
  },
  /** What its gateway enforces (gateways.test.mjs): the largest page, the sign error's code (and whether its body is JSON), where the signature travels (["body" or "header", its name]), a stale timestamp's [age in s, code] (null: no timestamp), the rate-limit code (null: none of its own), what its logged params show for a created-time range (null: no second date pair). */
  // A created-time range sends the other date pair as "[0]".
  gatewayRules: { maxPageSize: 20, signError: { code: "0000100", json: true }, signatureIn: ["body", "sign"], stale: [601, "0000102"], rateLimit: "0000103", createdFilter: (params) => [params.startUpdateTime, "[0]"] },
  /** The console's signed preview (console.test.mjs): steps, each typing values (data-testid → text or option) then matching what the preview shows (data-testid → patterns); the secrets then nowhere on the page. */
  // The access token travels in the body (form-encoded): masked there, in none of its encodings.
  consolePreview: {
    steps: [{ fill: { "field-since": "2024-06-01 00:00:00", "field-until": "2024-06-02 00:00:00", "cred-appKey": "key-1", "cred-appSecret": "mgj-app-secret-42", "cred-accessToken": CONSOLE_TOKEN }, shows: { "preview-body": [/access_token=••••••&app_key=key-1/, /&sign=[0-9A-F]{32}$/] } }],
    secrets: [CONSOLE_TOKEN, encodeURIComponent(CONSOLE_TOKEN), new URLSearchParams({ t: CONSOLE_TOKEN }).toString().slice(2), "mgj-app-secret-42"],
  },
};
