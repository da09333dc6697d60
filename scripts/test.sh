#!/usr/bin/env bash
# Sets everything up, then runs every test: Rust (native and wasm under Node), the package in
# Node ESM, Node require, workerd, Chromium and TypeScript, the hosts, the sync service
# (service/test: real PGlite and a real Postgres server), and the check that the
# benchmark's JS baselines give the same output as the package (the timings are not tests:
# `cd bench && node run.mjs`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser

printf '\n== cargo test (native)\n'
cargo test --quiet

printf '\n== cargo test (wasm32, under Node)\n'
cargo test --lib --target wasm32-unknown-unknown

printf '\n== the crate docs build without a warning (broken or private links)\n'
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet

printf '\n== JS tests (node --test)\n'
cd tests/js
WRANGLER_SEND_METRICS=false node --test

printf '\n== the sync service: crash safety, incremental, scale-out on Postgres, migrations (service/test)\n'
cd ../../service
node --test test/*.test.mjs

printf '\n== benchmark baselines equal the package output (bench/equivalence.test.mjs)\n'
cd ../bench
node --test equivalence.test.mjs
