// ShopEx in the JS tests (tests/js/kits.mjs loads it).
export default {
  /** A success page around a list (its JSON text) of `n` records. */
  page: (list, n) => `{"response":{"lists":${list},"count":"${n}"}}`,
  /** Its doc examples the console and the Worker read: the refunds they hold, one exact amount (a console cell). */
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
};
