#!/bin/sh
# Builds the seed corpora from tests/fixtures/** (run from fuzz/; idempotent; needs the built
# package, which lists the platforms in the order of their index byte).
# parse: each fixture as [platform][options, 3 bytes][body], with three option prefixes.
# sync_accept: each fixture framed as [platform][len u16 LE][body]. sync_from_json: real
# states from RefundSync.toJSON().
set -e
cd "$(dirname "$0")"
F=../tests/fixtures
platforms=$(node --input-type=module -e 'const { platforms } = await import("../pkg/src/node.mjs"); console.log(platforms().map((p) => p.id).join(" "))')
count=$(echo $platforms | wc -w)
i=0
for p in $platforms; do
  d=corpus/parse; mkdir -p "$d"
  at="\\$(printf %03o $i)"
  for f in "$F/$p"/*; do
    [ -f "$f" ] || continue
    b=$(basename "$f")
    { printf "$at"'\000\000\000'; cat "$f"; } > "$d/${p}_plain_$b"
    { printf "$at"'\003\001\024'; cat "$f"; } > "$d/${p}_raw_query_$b"
    { printf "$at"'\017\002\012'; cat "$f"; } > "$d/${p}_all_$b"
  done
  d=corpus/sync_accept; mkdir -p "$d"
  for f in "$F/$p"/*; do
    [ -f "$f" ] || continue
    n=$(wc -c < "$f"); [ "$n" -lt 65535 ] || continue
    for r in 0 1 2; do
      first=$((i + count * r))
      lo=$((n % 256)); hi=$((n / 256))
      { printf "\\$(printf %03o $first)\\$(printf %03o $lo)\\$(printf %03o $hi)"; cat "$f"; } > "$d/${p}_r${r}_$(basename "$f")"
    done
  done
  i=$((i + 1))
done
d=corpus/time_money; mkdir -p "$d"
n=0
for s in "2024-06-01 00:00:00" "0000-00-00 00:00:00" "2024-02-29 23:59:59" "2016-08-01T04:00:00Z" \
         "2016-07-31T23:00:00.999-05:00" "1640995200" "0" "100.0000" "0.3330" "-12.340" "1.5e3" "25E-4" \
         "9999999999999999999.9999" "15320" "15320.0" " 10.000 " "1e400" "9007199254740993"; do
  printf '%s' "$s" > "$d/seed_$n"; n=$((n + 1))
done
d=corpus/query_request; mkdir -p "$d"
for k in 1 2 3 4 5 6 7 8; do head -c 256 /dev/urandom > "$d/random_$k"; done
d=corpus/sync_from_json; mkdir -p "$d"
node gen-states.mjs "$d"
