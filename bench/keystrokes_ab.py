"""Later keystrokes, A/B: two builds' apps on the same built search site, CPU
4x slower, in turn (bench/search.py's keystroke phase).

    python3 bench/keystrokes_ab.py --before DIST [--site /tmp/folio-search-bench/site-10000] [--rounds 2]

`--site` is a site bench/search.py built (its app is the "after"); the pages
the phase loads are made to name the app of `--before` (a release build of
another commit, e.g. from a git worktree) for its turns, and are put back
after. Prints median, p90 and max per turn.
"""

import argparse
import os
import re
import shutil

import search as bench

APP_ATTRIBUTES = r' data-(?:app|app-integrity|wasm|wasm-integrity|link|link-integrity)="[^"]*"'


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True, help="the other build's dist/")
    parser.add_argument("--site", default="/tmp/folio-search-bench/site-10000")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    pages = sorted({bench.PAGES[lang] for _, lang in bench.KEYSTROKE_PHRASES})
    originals = {p: open(os.path.join(args.site, p, "index.html"), encoding="utf-8").read() for p in pages}
    with open(os.path.join(args.before, "index.html"), encoding="utf-8") as f:
        before_meta = re.search(r'<meta name="folio"[^>]*>', f.read()).group(0)
    for name in os.listdir(args.before):
        if re.match(r"(folio-|split_).*\.(js|wasm)$", name):
            shutil.copy(os.path.join(args.before, name), os.path.join(args.site, name))
    before_app = "".join(re.findall(APP_ATTRIBUTES, before_meta))

    def use(which):
        for page, html in originals.items():
            if which == "before":
                meta = re.search(r'<meta name="folio"[^>]*>', html).group(0)
                html = html.replace(meta, re.sub(APP_ATTRIBUTES, "", meta)[:-1] + before_app + ">")
            with open(os.path.join(args.site, page, "index.html"), "w", encoding="utf-8") as f:
                f.write(html)

    server = bench.CountingSite(args.site)
    try:
        for turn in range(1, args.rounds + 1):
            for which in ("before", "after"):
                use(which)
                r = bench.keystrokes(server, 2, cpu_slowdown=True)
                print(f"round {turn} {which:<6} median {r['median_ms']} ms, p90 {r['p90_ms']} ms, max {r['max_ms']} ms, "
                      f"{r['over_16ms']} of {r['count']} at 16 ms or more", flush=True)
    finally:
        use("after")


if __name__ == "__main__":
    main()
