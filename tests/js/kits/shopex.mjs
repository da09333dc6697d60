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
};
