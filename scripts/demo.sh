#!/usr/bin/env bash
# Sets everything up, then runs the demo: a short tour of the API, then the Node backend job
# syncing 95 days from all five platforms' local gateways (with injected faults to retry).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
node examples/demo.mjs
printf '\n== The Node backend sync against the local gateways\n'
node examples/sync-backend.mjs --gateways --out out/refunds.ndjson
printf '\nWrote %s unified refunds to out/refunds.ndjson\n' "$(wc -l < out/refunds.ndjson)"
