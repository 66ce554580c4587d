#!/usr/bin/env bash
# Runs every test: installs what is missing, then the native tests of the
# core and of the service worker's cache rules, the release build under /blog/, and the end-to-end tests in
# Chromium, Firefox ESR and WebKitGTK against that build served by a plain
# static server (FOLIO_ENGINES="chromium" for one engine).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

bash scripts/setup.sh --test

echo "== cargo fmt --check"
cargo fmt --check

echo "== cargo test (pure core and indexer)"
cargo test --quiet

echo "== node --test tests/sw (the service worker's cache rules)"
node --test tests/sw/

echo "== trunk build --release --public-url /blog/"
trunk build --release --public-url /blog/

echo "== end-to-end tests (Chromium, Firefox ESR and WebKitGTK through WebDriver)"
python3 -m pytest -q tests/e2e
