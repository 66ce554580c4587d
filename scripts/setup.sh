#!/usr/bin/env bash
# Installs what building folio needs, skipping whatever is already there: the
# wasm target, Trunk, wasm-bindgen-cli (the exact version in Cargo.lock),
# wasm-split-cli and wasm-opt (npm's binaryen). With --test, also what the
# tests need: Chromium, Firefox ESR and WebKitGTK with their drivers and
# Xvfb, and the Python test tools. Safe to run again; fast when nothing is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
tests=false
[ "${1:-}" = "--test" ] && tests=true

TRUNK_VERSION=0.21.14
say() { printf 'setup: %s\n' "$*"; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 11 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# Trunk runs offline: wasm-bindgen-cli must match Cargo.lock to the patch.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version"
  # Not --locked: one of its locked dependencies is missing from the registry.
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

# Splits search's code out of the app's wasm (crates/site/src/app_split.rs).
SPLIT_VERSION=0.2.4
# It has no --version: cargo's list of installed crates says which.
if ! command -v wasm-split-cli >/dev/null || ! cargo install --list | grep -qx "wasm_split_cli_support v$SPLIT_VERSION:"; then
  say "installing wasm-split-cli $SPLIT_VERSION (about 1 minute)"
  # --force: another crate (Dioxus's) installs a binary of the same name.
  cargo install wasm_split_cli_support --version "$SPLIT_VERSION" --features build-binary --locked --force
fi

if [ ! -x tools/node_modules/.bin/wasm-opt ]; then
  say "installing binaryen's wasm-opt (npm)"
  (cd tools && npm install --omit=dev --no-audit --no-fund --loglevel=error)
fi

$tests || exit 0

for component in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    say "adding the $component component"
    rustup component add "$component"
  fi
done

if [ ! -f tools/node_modules/axe-core/axe.min.js ]; then
  say "installing the npm test tools (axe-core, benchmark peers)"
  (cd tools && npm install --no-audit --no-fund --loglevel=error)
fi

# The three browser engines of the end-to-end tests, with their drivers:
# Chromium, Firefox ESR and WebKitGTK (Safari's engine family, run under Xvfb).
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
[ -x /usr/bin/WebKitWebDriver ] || missing+=(webkit2gtk-driver)
[ -x /usr/bin/Xvfb ] || missing+=(xvfb)
# Fonts for the pages in other scripts the tests and screenshots show.
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing+=(fonts-noto-cjk)
[ -f /usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf ] || missing+=(fonts-noto-core)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

GECKODRIVER_VERSION=0.37.1
if [ "$(geckodriver --version 2>/dev/null | head -n1)" != "geckodriver $GECKODRIVER_VERSION" ]; then
  say "installing geckodriver $GECKODRIVER_VERSION (Firefox's WebDriver; about 3 minutes)"
  cargo install geckodriver --version "$GECKODRIVER_VERSION"
fi

if ! python3 -c 'import selenium, pytest' 2>/dev/null; then
  say "installing selenium and pytest"
  python3 -m pip install --quiet --disable-pip-version-check selenium pytest
fi
