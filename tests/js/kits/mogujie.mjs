// 蘑菇街 in the JS tests (tests/js/kits.mjs loads it).
export default {
  /** A success page around a list (its JSON text) of `n` records. */
  page: (list, n) => `{"result":{"data":{"hasNext":false,"refundFullDTOList":${list}}},"status":{"code":"0000000","msg":"ok"}}`,
  /** Its doc examples the console and the Worker read: the refunds they hold, one exact amount (a console cell). */
  docExamples: [{ file: "doc_response.json", rows: 1, amount: ["cell-requested", "153.20"], recordWarning: true }],
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
};
