// 旺店通 in the JS tests (tests/js/kits.mjs loads it).
export default {
  /** A success page around a list (its JSON text) of `n` records. */
  page: (list, n) => `{"code":0,"message":"","total_count":"${n}","trade_list":${list}}`,
  /** Its doc examples the console and the Worker read: the refunds they hold, one exact amount (a console cell). */
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
};
