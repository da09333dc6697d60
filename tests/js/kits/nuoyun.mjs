// 诺云 in the JS tests (tests/js/kits.mjs loads it).
export default {
  /** A success page around a list (its JSON text) of `n` records. */
  page: (list, n) => `{"code":200,"msg":"Success","data":{"total":${n},"list":${list}}}`,
  /** Its doc examples the console and the Worker read: the refunds they hold, one exact amount (a console cell). */
  docExamples: [{ file: "doc_response.json", rows: 2, amount: ["cell-requested", "99.00"], pageWarning: true }],
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
};
