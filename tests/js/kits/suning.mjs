// 苏宁 in the JS tests (tests/js/kits.mjs loads it).
export default {
  /** A success page around a list (its JSON text) of `n` records. */
  page: (list, n) => `{"sn_responseContent":{"sn_head":{"pageNo":"1","pageTotal":"1","returnMessage":"biz.handler.data-get:success"},"sn_body":{"batchQueryRejected":${list}}}}`,
  /** Its doc examples the console and the Worker read: the refunds they hold, one exact amount (a console cell). */
  docExamples: [
    { file: "doc_response.json", rows: 2, amount: ["cell-refunded", "188.00"] },
    { file: "doc_response.xml", rows: 2, amount: ["cell-refunded", "188.00"] },
  ],
  /** The hosts its requests go to (production, sandbox): the README's examples reach them through its gateway. */
  hosts: ["open.suning.com", "openpre.cnsuning.com"],
  /** The time its range filters on, and whether the range includes its end (what its gateway must do). */
  filtersOn: ["updated", true],
};
