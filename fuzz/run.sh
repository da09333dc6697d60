#!/bin/sh
# Runs fuzz targets to a million executions each and logs exec count and time; `parse`, which
# covers every platform, to a million per platform.
# Usage: fuzz/run.sh [target...]   (default: every [[bin]] of Cargo.toml). Needs
# `cargo +nightly fuzz build -s none -a` first, and the built package (for the platform count).
cd "$(dirname "$0")"
B=target/x86_64-unknown-linux-gnu/release
RUNS=${RUNS:-1000000}
platforms=$(node --input-type=module -e 'const { platforms } = await import("../pkg/src/node.mjs"); console.log(platforms().length)')
targets=$(awk '/^\[\[bin\]\]$/ { getline; gsub(/name = |"/, ""); print }' Cargo.toml)
mkdir -p logs artifacts
for t in ${@:-$targets}; do
  runs=$RUNS
  case $t in
    parse) runs=$((RUNS * platforms)) ;;
  esac
  case $t in
    time_money) len=256 ;;
    query_request) len=4096 ;;
    sync_from_json) len=16384 ;;
    *) len=65536 ;;
  esac
  mkdir -p "artifacts/$t" "corpus/$t"
  start=$(date +%s)
  $B/$t "corpus/$t" -runs="$runs" -max_len=$len -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="artifacts/$t/" -print_final_stats=1 > "logs/$t.log" 2>&1
  rc=$?
  end=$(date +%s)
  echo "$t rc=$rc seconds=$((end - start)) $(grep -E '^stat::number_of_executed_units' logs/$t.log)" >> logs/summary.txt
done
