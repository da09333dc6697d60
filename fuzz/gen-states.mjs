// Writes real RefundSync states (fresh, mid-sync and split) as sync_from_json seeds.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
const { platforms, RefundSync } = await import("../pkg/src/node.mjs");
// Every platform the package lists, signed with the local gateways' demo credentials.
const { credentialsFor } = await import("../gateways/credentials.mjs");
const dir = process.argv[2];
const creds = Object.fromEntries(platforms().map(({ id }) => [id, credentialsFor(id)]));
const now = Date.parse("2024-06-20T00:00:00+08:00");
let n = 0;
for (const platform of Object.keys(creds)) {
  for (const range of [
    { since: "2024-06-01 00:00:00", until: "2024-06-15 00:00:00" },
    { since: "2024-06-10 00:00:00", until: "2024-06-10 00:00:05", pageSize: 20 },
  ]) {
    try {
      const sync = new RefundSync(platform, range, { now });
      writeFileSync(join(dir, `${platform}_${n++}.json`), JSON.stringify(sync.toJSON()));
      sync.next(creds[platform], { now });
      writeFileSync(join(dir, `${platform}_${n++}_awaiting.json`), JSON.stringify(sync.toJSON()));
    } catch (e) {
      console.error(platform, e.message);
    }
  }
}
