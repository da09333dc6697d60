// The demo: what refund-normalizer does for a Node backend, offline.
// 1. builds a signed 旺店通 request (the same one NOTES.md works through by hand);
// 2. normalizes each platform's vendor-doc example response into the unified model;
// 3. shows what a bad body turns into.
import { readFileSync, existsSync } from "node:fs";
import { buildRequest, parseResponse, platforms, RefundError } from "refund-normalizer";

const fixture = (platform, name) => new URL(`../tests/fixtures/${platform}/${name}`, import.meta.url);

console.log("== 1. A signed 旺店通 request (credentials from NOTES.md's worked example)");
const request = buildRequest(
  "wangdiantong",
  { sid: "test2", appKey: "test2-xx", appSecret: "test_secret" },
  { since: "2016-08-01 12:00:00", until: "2016-08-01 13:00:00" },
  { now: Date.UTC(2016, 7, 1, 9, 5, 10) }, // 1470042310 s: the worked example's timestamp
);
console.log(`${request.method} ${request.url}`);
console.log(request.body.replace(/&/g, "\n  &"));

console.log("\n== 2. Each platform's doc example, normalized");
const rows = [];
for (const info of platforms()) {
  const file = fixture(info.id, "doc_response.json");
  if (!existsSync(file)) continue;
  const page = parseResponse(info.id, readFileSync(file));
  for (const r of page.refunds) {
    rows.push({
      platform: `${info.nameZh} ${info.id}`,
      id: r.id,
      kind: r.kind,
      status: `${r.status} (${r.platformStatus.code ?? ""} ${r.platformStatus.label ?? ""})`.trim(),
      requested: r.requestedAmount,
      refunded: r.refundedAmount,
      updatedAt: r.updatedAt ?? r.createdAt,
      warnings: r.warnings.length,
    });
  }
  if (page.rejected.length) console.log(`  ${info.id}: ${page.rejected.length} rejected`, page.rejected);
}
console.table(rows);

console.log("\n== 3. A 502 page instead of JSON");
try {
  parseResponse("wangdiantong", "<html><body>502 Bad Gateway</body></html>");
} catch (e) {
  if (!(e instanceof RefundError)) throw e;
  console.log(`RefundError ${e.code}: ${e.message}\n  ${e.messageZh}`);
}
