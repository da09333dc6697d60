#!/usr/bin/env bash
# Sets everything up, then runs the demo: a short tour of the API, then the sync service
# (service/, refund-sync) on its embedded database, syncing three shops of each of the five
# platforms from the local gateways (with injected faults to retry), then its status and export.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
node examples/demo.mjs

printf '\n== refund-sync: 15 shops on the local gateways, embedded database in out/refund-sync-db\n'
db=out/refund-sync-db
rm -rf "$db"
sync() { node service/cli.mjs "$@"; }
sync init --db "$db"
for platform in shopex wangdiantong mogujie nuoyun; do
  sync shops --db "$db" add "$platform-1" "$platform-2" "$platform-3" --platform "$platform" --since 96d
done
# 苏宁 serves the last three months only.
sync shops --db "$db" add suning-1 suning-2 suning-3 --platform suning --since 89d
sync run --db "$db" --once --gateways --gateway-count 1000 --faults 1 --workers 4

printf '\n== refund-sync status\n'
sync status --db "$db"
sync export --db "$db" --out out/refunds.ndjson
printf '\nExported %s unified refunds to out/refunds.ndjson\n' "$(wc -l < out/refunds.ndjson)"
