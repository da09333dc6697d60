// Writes real RefundSync states (fresh, mid-sync and split) as sync_from_json seeds.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
const { RefundSync } = await import("../pkg/src/node.mjs");
const dir = process.argv[2];
const creds = {
  shopex: { baseUrl: "https://erp.example.com/api", flag: "f", token: "t" },
  wangdiantong: { sid: "s", appKey: "k", appSecret: "x" },
  mogujie: { appKey: "1", appSecret: "x", accessToken: "a" },
  suning: { appKey: "k", appSecret: "x" },
  nuoyun: {},
};
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
