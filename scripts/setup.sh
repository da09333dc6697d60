#!/usr/bin/env bash
# Installs everything the demo and the tests need, and builds the npm package. Safe to re-run:
# each step is skipped when what it installs is already there.
#   scripts/setup.sh            toolchain, npm packages, package build
#   scripts/setup.sh --browser  the same, plus Debian's Chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "Rust target wasm32-unknown-unknown"
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

step "wasm-bindgen CLI matching Cargo.lock"
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have" != "$want" ]; then
  # Not --locked: with it the install fails on a dependency the registry lacks (TOOLCHAIN.md).
  cargo install wasm-bindgen-cli --version "$want"
fi

step "npm packages for the tests and hosts"
for dir in examples tests/js bench service; do
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
done

if [ "${1:-}" = "--browser" ] && ! command -v chromium >/dev/null 2>&1; then
  step "Chromium (Debian) for the browser tests"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  step "PostgreSQL server (Debian) for the sync service's scale-out test"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
fi

step "build the npm package (pkg/)"
(cd pkg && npm run build --silent)

step "build the JS tests' wasm with the test-only exports (pkg/dist-test/)"
(cd pkg && node scripts/build.mjs --test-exports)
