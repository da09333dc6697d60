// 诺云 in the JS tests (tests/js/kits.mjs loads it).
import { orNull, rfc, rfcText, yuan } from "../gateway-truth.mjs";

/** DESIGN.md's status table. */
const STATUSES = { 1: "pending", 2: "succeeded", 3: "closed", 4: "awaiting_return", 5: "return_in_transit", 6: "awaiting_buyer" };

export default {
  /** A success page around a list (its JSON text) of `n` records. */
  page: (list, n) => `{"code":200,"msg":"Success","data":{"total":${n},"list":${list}}}`,
  /** Its doc examples the console and the Worker read: the refunds they hold, one exact amount (a console cell), the warnings the console shows (a record's cell, the list). */
  docExamples: [{ file: "doc_response.json", rows: 2, amount: ["cell-requested", "99.00"], warnings: { list: /not strict JSON/ } }],
  /** The hosts its requests go to (production, sandbox): the README's examples reach them through its gateway. */
  hosts: ["gateway.nuoyunapi.com"],
  /** The time its range filters on, and whether the range includes its end (what its gateway must do). */
  filtersOn: ["updated", false],
  /** Its credentials from a test's value for each role (kits.mjs): auth (Authorization), header (another header), field (both caller-chosen body fields). */
  credentials: ({ auth, header, field }) => ({ headers: { Authorization: auth, "X-Nuoyun-Key": header }, bodyFields: { uid: field, app_token: field } }),
  /** The credentials its signed request carries in the clear, by role: how to read each from the request. */
  credentialsSent: {
    auth: (request) => request.headers.Authorization,
    header: (request) => request.headers["X-Nuoyun-Key"],
    field: (request) => JSON.parse(request.body).uid,
  },
  /** buildRequest options beyond the defaults that give its request another shape (redact.test.mjs redacts each). */
  requestVariants: [],
  /** Its requests redacted with the mask "••" (of a query for page 2 of 20): patterns the body matches, exact header values, whether the body is kept. */
  redacted: {
    headers: { Authorization: "••", "X-Nuoyun-Key": "••" },
    body: [/^\{"page":2,"page_size":20,"update_time_start":\d+,"update_time_end":\d+,/, /"uid":"••"/, /"app_token":"••"/],
  },
  /** What its gateway's records (the simulator's truth) must become (gateways.test.mjs; the Worker sync test reads its platformStatus): DESIGN.md's status table, the statuses its simulator serves beyond it (unified: unknown), a record's expected unified fields. */
  gatewayTruth: {
    statuses: STATUSES,
    unlisted: [],
    expect(r) {
      const w = r.wire;
      return {
        id: w.refund_no,
        orderId: w.order_id,
        subOrderId: w.order_goods_id,
        platformStatus: w.status,
        status: STATUSES[w.status],
        kind: w.refund_type === "1" ? "refund_only" : "return_and_refund",
        requestedAmount: yuan(w.refund_money),
        refundedAmount: yuan(w.refund_money),
        reason: w.reason,
        note: orNull(w.remark),
        buyerId: w.wechat_user_space_id,
        buyerName: w.buyer_name,
        buyerPhone: w.phone,
        createdAt: rfc(w.create_time),
        updatedAt: rfcText(w.update_at),
        refundedAt: w.status === "2" ? rfc(w.refund_time) : null,
      };
    },
  },
  /** What its gateway enforces (gateways.test.mjs): the largest page, the sign error's code (and whether its body is JSON), where the signature travels (["body" or "header", its name]), a stale timestamp's [age in s, code] (null: no timestamp), the rate-limit code (null: none of its own), what its logged params show for a created-time range (null: no second date pair). */
  // Unsigned: its auth header stands in for the signature. No timestamp, so nothing to be stale.
  gatewayRules: { maxPageSize: 100, signError: { code: "400", json: true }, signatureIn: ["header", "X-Demo-Token"], stale: null, rateLimit: "400", createdFilter: (params) => [typeof params.create_time_start, "number"] },
  /** The console's signed preview (console.test.mjs): steps, each typing values (data-testid → text or option) then matching what the preview shows (data-testid → patterns); the secrets then nowhere on the page. */
  // Caller-supplied headers and body fields (JSON textareas, secret) are masked.
  consolePreview: {
    steps: [{ fill: { "field-since": "2024-06-01 00:00:00", "field-until": "2024-06-02 00:00:00", "cred-headers": '{"X-Nuoyun-Key": "ny-header-secret"}', "cred-bodyFields": '{"uid": "ny \\"body\\" secret"}' }, shows: { "preview-headers": [/X-Nuoyun-Key\s+••••••/], "preview-body": [/"uid":"••••••"/] } }],
    secrets: ["ny-header-secret", 'ny "body" secret', 'ny \\"body\\" secret'],
  },
};
