// ShopEx in the JS tests (tests/js/kits.mjs loads it).
import { orNull, rfc, yuan } from "../gateway-truth.mjs";

/** DESIGN.md's status table. */
const STATUSES = { succ: "succeeded", failed: "failed", error: "failed", timeout: "failed", cancel: "cancelled", invalid: "closed", progress: "processing", ready: "pending" };

export default {
  /** A success page around a list (its JSON text) of `n` records. */
  page: (list, n) => `{"response":{"lists":${list},"count":"${n}"}}`,
  /** Its doc examples the console and the Worker read: the refunds they hold, one exact amount (a console cell), the warnings the console shows (a record's cell, the list). */
  docExamples: [{ file: "doc_response.json", rows: 1, amount: ["cell-refunded", "1000.00"] }],
  /** The hosts its requests go to: none of its own (`baseUrl` is each ERP instance's). */
  hosts: [],
  /** The time its range filters on, and whether the range includes its end (what its gateway must do). */
  filtersOn: ["created", true],
  /** Its credentials from a test's value for each role (kits.mjs): the token (its signing secret); baseUrl and flag fixed. */
  credentials: ({ token }) => ({ baseUrl: "https://erp.example.com/api", flag: "f", token }),
  /** The credentials its signed request carries in the clear, by role: how to read each from the request. None: the token only signs. */
  credentialsSent: {},
  /** buildRequest options beyond the defaults that give its request another shape (redact.test.mjs redacts each). */
  requestVariants: [{ operation: "refundAmount" }],
  /** Its requests (every variant) redacted with the mask "••": patterns the body matches, exact header values, whether the body is kept. */
  redacted: { body: [/&sign=••$/] },
  /** What its gateway's records (the simulator's truth) must become (gateways.test.mjs; the Worker sync test reads its platformStatus): DESIGN.md's status table, the statuses its simulator serves beyond it (unified: unknown), a record's expected unified fields. */
  gatewayTruth: {
    statuses: STATUSES,
    unlisted: [],
    expect(r) {
      const w = r.wire;
      return {
        id: w.refund_bn,
        orderId: w.order_bn,
        shopId: w.shop_bn,
        shopName: w.shop_name,
        platformStatus: w.status,
        statusLabel: w.status_name,
        status: STATUSES[w.status],
        requestedAmount: null,
        refundedAmount: yuan(w.money),
        note: orNull(w.memo),
        createdAt: rfc(w.t_ready),
        refundedAt: w.status === "succ" && w.t_sent ? rfc(w.t_sent) : null,
        items: w.items.map((i) => ({ skuNo: i.bn, name: i.name, quantity: yuan(i.nums), amount: yuan(i.refund_price) })),
      };
    },
  },
  /** What its gateway enforces (gateways.test.mjs): the largest page, the sign error's code (and whether its body is JSON), where the signature travels (["body" or "header", its name]), a stale timestamp's [age in s, code] (null: no timestamp), the rate-limit code (null: none of its own), what its logged params show for a created-time range (null: no second date pair). */
  // No rate-limit code: the ONEX openapi has no limiter; a limiting instance answers 429 from nginx.
  gatewayRules: { maxPageSize: 100, signError: { code: "e000002", json: false }, signatureIn: ["body", "sign"], stale: [3601, "e000008"], rateLimit: null, createdFilter: null },
  /** The console's signed preview (console.test.mjs): steps, each typing values (data-testid → text or option) then matching what the preview shows (data-testid → patterns); the secrets then nowhere on the page. */
  consolePreview: {
    steps: [{ fill: { "field-since": "2024-06-01 00:00:00", "field-until": "2024-06-02 00:00:00", "cred-baseUrl": "https://erp.example.com/index.php/openapi/rpc/service/", "cred-flag": "demo-flag", "cred-token": "shopex-token-secret" }, shows: { "preview-body": [/(^|&)flag=demo-flag&/, /&sign=[0-9A-F]{32}$/] } }],
    secrets: ["shopex-token-secret"],
  },
};
