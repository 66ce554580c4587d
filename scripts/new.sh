#!/usr/bin/env bash
# Starts a post or a page in a site folder, front matter filled in (title,
# today's date for a post, the default language, draft: true), and prints
# its path. The site is the third argument, else FOLIO_SITE, else the demo
# in site/; a relative path is taken from the current directory.
#   bash scripts/new.sh post "Bộ nhớ đệm" ../my-blog     → ../my-blog/posts/bo-nho-dem.md
#   bash scripts/new.sh page "About"
set -euo pipefail
if [ $# -lt 2 ] || { [ "$1" != post ] && [ "$1" != page ]; }; then
  echo 'usage: bash scripts/new.sh post|page "Title" [site folder]' >&2
  exit 2
fi
site="${3:-${FOLIO_SITE:-}}"
if [ -n "$site" ]; then
  site=$(CDPATH='' cd -- "$site" 2>/dev/null && pwd) || { echo "folio: no folder ${3:-$FOLIO_SITE}" >&2; exit 1; }
  export FOLIO_SITE="$site"
fi
here="$PWD"
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
engine="$PWD"
cargo build --quiet -p folio-site --bin folio-index
TRUNK_SOURCE_DIR="$engine" PWD="$here" "$engine/target/debug/folio-index" new "$1" "$2"
