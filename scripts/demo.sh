#!/usr/bin/env bash
# Sets everything up, then runs the demo: a short tour of the API, then the sync service
# (service/, refund-sync) on its embedded database, syncing three shops of each platform of the
# registry from the local gateways (with injected faults to retry), then its status and export.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
node examples/demo.mjs

printf '\n== refund-sync: three shops of each platform on the local gateways, embedded database in out/refund-sync-db\n'
db=out/refund-sync-db
rm -rf "$db"
sync() { node service/cli.mjs "$@"; }
sync init --db "$db"
# Each platform of platforms(), 96 days back, or a day inside a shorter look-back (苏宁: three months).
node --input-type=module -e '
  import { platforms } from "./pkg/src/node.mjs";
  for (const p of platforms()) console.log(p.id, p.maxLookbackSeconds ? Math.min(96, Math.floor(p.maxLookbackSeconds / 86400) - 1) : 96);
' | while read -r platform days; do
  sync shops --db "$db" add "$platform-1" "$platform-2" "$platform-3" --platform "$platform" --since "${days}d"
done
sync run --db "$db" --once --gateways --gateway-count 1000 --faults 1 --workers 4

printf '\n== refund-sync status\n'
sync status --db "$db"
sync export --db "$db" --out out/refunds.ndjson
printf '\nExported %s unified refunds to out/refunds.ndjson\n' "$(wc -l < out/refunds.ndjson)"
