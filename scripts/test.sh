#!/usr/bin/env bash
# Runs every test: installs what is missing, then formatting and Clippy, the
# native tests of the core, the site pipeline and the service worker's cache
# rules, the release build under /blog/, and the end-to-end tests in
# Chromium, Firefox ESR and WebKitGTK against that build served by a plain
# static server (FOLIO_ENGINES="chromium" for one engine).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

bash scripts/setup.sh --test

echo "== cargo fmt --check"
cargo fmt --check

echo "== cargo clippy (native and wasm32; warnings are errors)"
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p folio -p folio-core -p folio-views --quiet -- -D warnings

echo "== cargo test (pure core and site pipeline)"
cargo test --workspace --quiet

echo "== node --test tests/sw (the service worker's cache rules)"
node --test tests/sw/

echo "== trunk build --release --public-url /blog/"
trunk build --release --public-url /blog/

echo "== end-to-end tests (Chromium, Firefox ESR and WebKitGTK through WebDriver)"
python3 -m pytest -q tests/e2e
