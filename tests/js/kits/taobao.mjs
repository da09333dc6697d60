// 淘宝/天猫 in the JS tests (tests/js/kits.mjs loads it).
export default {
  /** A success page around a list (its JSON text) of `n` records. */
  page: (list, n) => `{"refunds_receive_get_response":{"total_results":${n},"refunds":{"refund":${list}},"request_id":"probe"}}`,
  /** Its doc examples the console and the Worker read: the refunds they hold, one exact amount (a console cell). */
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
};
