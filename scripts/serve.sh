#!/usr/bin/env bash
# Builds a site folder and serves it with live reload at the printed URL
# (drafts included, as `trunk serve` is a debug build). The site is the first
# argument, else FOLIO_SITE, else the demo in site/; a relative path is taken
# from the current directory. Installs only what building needs.
#   bash scripts/serve.sh ../my-blog
set -euo pipefail
here="$PWD"
site="${1:-${FOLIO_SITE:-}}"
if [ -n "$site" ]; then
  site=$(CDPATH='' cd -- "$site" 2>/dev/null && pwd) || { echo "folio: no folder ${1:-$FOLIO_SITE}" >&2; exit 1; }
fi
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh
port="${PORT:-8080}"
watch=()
if [ -n "$site" ]; then
  export FOLIO_SITE="$site"
  # `--watch` replaces Trunk.toml's list: the engine's inputs, then what
  # the build reads of the site (never the whole folder: it may hold the
  # engine's own checkout, whose target/ and dist/ change with every build).
  for path in index.html Cargo.toml Cargo.lock src crates style public; do
    watch+=(--watch "$path")
  done
  for entry in folio.toml posts static style.css pages i18n; do
    [ -e "$site/$entry" ] && watch+=(--watch "$site/$entry")
  done
fi
echo "folio: serving ${site:-the demo site (site/)} at http://127.0.0.1:${port}/blog/"
# The writer's folder, so that messages show the site's paths from there.
export PWD="$here"
exec trunk serve --public-url /blog/ --address 127.0.0.1 --port "$port" ${watch[@]+"${watch[@]}"}
