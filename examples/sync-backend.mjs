// refund-sync as a library in your own Node program: an embedded database, one shop per
// platform, one pass of every shop, the summary, the stored refunds counted. Here the shops
// are the local gateways; the CLI (`node service/cli.mjs`, README "Run the sync service") does
// the same for real shops, with credentials from the environment or a secrets directory.
//
//   node examples/sync-backend.mjs [database directory]   (default: a temporary one, removed at the end)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { platforms } from "refund-normalizer";
import { addShop, exportRefunds, migrate, openDatabase, runWorkers, summaryTable } from "refund-sync";
import { startGateways } from "../gateways/server.mjs";

const gateways = await startGateways({ count: 300 });
const scratch = process.argv[2] ? null : mkdtempSync(join(tmpdir(), "refund-sync-example-"));
const db = await openDatabase(process.argv[2] ?? join(scratch, "db"));
try {
  await migrate(db);
  for (const { id: platform, maxLookbackSeconds } of platforms()) {
    // 96 days back, or a day inside a platform's shorter look-back (苏宁 serves 90 days).
    const days = maxLookbackSeconds ? Math.min(96, Math.floor(maxLookbackSeconds / 86_400) - 1) : 96;
    const since = Date.now() - days * 86_400_000;
    await addShop(db, { shop: `${platform}-example`, platform, since });
  }
  const results = await runWorkers(db, {
    once: true,
    workers: 2,
    credentialsFor: (shop) => gateways.credentials[shop.platform], // yours: from a secret store, never the database
    endpointFor: (shop) => gateways.endpoints[shop.platform], // yours: undefined, the platform's own URL
    report: (event, fields) => event === "failed" && console.error(`${fields.shop}: ${fields.error}`),
  });
  console.log(summaryTable(results));
  let stored = 0;
  for await (const _row of exportRefunds(db)) stored += 1;
  console.log(`\n${stored} refunds stored in ${db.where}`);
  if (results.some((r) => r.result === "failed")) process.exitCode = 1;
} finally {
  await db.close();
  await gateways.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
