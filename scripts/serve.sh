#!/usr/bin/env bash
# Builds the demo site and serves it with live reload at the printed URL
# (drafts included, as `trunk serve` is a debug build).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh
port="${PORT:-8080}"
echo "folio: serving the demo site at http://127.0.0.1:${port}/blog/"
exec trunk serve --public-url /blog/ --address 127.0.0.1 --port "$port"
