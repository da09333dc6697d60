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
};
