"""Lighthouse 12 (mobile preset, Debian's Chromium) on folio's pages: its four
category scores, total blocking time and first contentful paint, on a post,
the home page, a tag page, a technical post, the archive and a writer's page,
in English and Vietnamese, the release build served with gzip and the
headers of its `_headers` file, as a CDN would. With --plain, each page is
audited again without its scripts (`common.without_scripts`, as first load
compares), and its first contentful paint is set beside folio's.

    python3 bench/lighthouse.py [--runs 1] [--plain] [--dist dist] [--pages PATH…] [--output FILE]   (after `trunk build --release --public-url /blog/`)

Lighthouse is not a test tool of folio's: this script installs it once,
pinned (12.2.3; 13 needs Node 22; tools/lighthouse/package-lock.json), into
tools/lighthouse/. Writes
bench/results/lighthouse.json and prints a table; with --runs N, each
figure is the median of N runs.
"""

import argparse
import json
import os
import shutil
import subprocess
import tempfile

from common import RESULTS, ROOT, Site, median, without_scripts

VERSION = "12.2.3"
TOOL = os.path.join(ROOT, "tools", "lighthouse")
BINARY = os.path.join(TOOL, "node_modules", ".bin", "lighthouse")
PAGES = ["posts/welcome/", "", "tags/rust/", "posts/technical-posts/", "archive/", "about/"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def install():
    if os.path.exists(BINARY):
        return
    os.makedirs(TOOL, exist_ok=True)
    print(f"installing lighthouse {VERSION} into tools/lighthouse (once)")
    subprocess.run(["npm", "install", "--prefix", TOOL, "--save-exact", "--no-audit", "--no-fund", "--loglevel=error",
                    f"lighthouse@{VERSION}"], check=True)


def audit(url):
    with tempfile.TemporaryDirectory(prefix="folio-lh-") as profile:
        out = os.path.join(profile, "report.json")
        env = dict(os.environ, CHROME_PATH="/usr/bin/chromium")
        subprocess.run([BINARY, url, "--quiet", "--output=json", f"--output-path={out}",
                        f"--chrome-flags=--headless=new --no-sandbox --user-data-dir={profile}/chrome"],
                       env=env, check=True)
        with open(out, encoding="utf-8") as f:
            report = json.load(f)
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    audits = report["audits"]
    failed = sorted(a for c in CATEGORIES for a in (r["id"] for r in report["categories"][c]["auditRefs"])
                    if audits.get(a, {}).get("score") not in (None, 1) and audits[a].get("scoreDisplayMode") == "binary")
    return {
        **scores,
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "failed": failed,
    }


def plain_copy(dist, paths, into):
    """`dist` with the audited pages' scripts removed: hard links but for
    those pages, rewritten."""
    shutil.copytree(dist, into, copy_function=os.link)
    for path in paths:
        page = os.path.join(into, path, "index.html")
        with open(page, encoding="utf-8") as f:
            text = f.read()
        os.unlink(page)  # a link to the build's own file
        with open(page, "w", encoding="utf-8") as f:
            f.write(without_scripts(text))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--plain", action="store_true", help="also audit each page without its scripts")
    parser.add_argument("--dist", default=os.path.join(ROOT, "dist"))
    parser.add_argument("--pages", nargs="+", metavar="PATH",
                        help="only these pages, as paths under the base (`posts/welcome/`, `vi/`; `''` is the home page)")
    parser.add_argument("--output", default=os.path.join(RESULTS, "lighthouse.json"))
    args = parser.parse_args()
    install()
    paths = args.pages if args.pages is not None else [lang + page for lang in ["", "vi/"] for page in PAGES]
    plain_dir = tempfile.mkdtemp(prefix="folio-lh-plain-")
    # With the cache rules and policy the build wrote for hosts, as a reader's browser gets them.
    server = Site(args.dist, host_headers=True)
    plain = None
    if args.plain:
        plain_copy(args.dist, paths, os.path.join(plain_dir, "dist"))
        plain = Site(os.path.join(plain_dir, "dist"), host_headers=True)
    rows = {}
    try:
        for path in paths:
            # In turn, folio's page then the plain one, so both see the machine's same moments.
            runs, plain_runs = [], []
            for _ in range(args.runs):
                runs.append(audit(server.url(path)))
                if plain:
                    plain_runs.append(audit(plain.url(path)))
            row = {k: median([r[k] for r in runs]) for k in CATEGORIES + ["tbt_ms", "fcp_ms", "lcp_ms"]}
            row["failed"] = sorted({a for r in runs for a in r["failed"]})
            row["runs"] = runs
            line = (f"{'/' + path:<30} " + " ".join(f"{row[c]:>4.0f}" for c in CATEGORIES)
                    + f"  TBT {row['tbt_ms']:>4.0f} ms  FCP {row['fcp_ms']:>5.0f} ms")
            if plain_runs:
                row["plain_fcp_ms"] = median([r["fcp_ms"] for r in plain_runs])
                row["plain_tbt_ms"] = median([r["tbt_ms"] for r in plain_runs])
                line += (f"  plain FCP {row['plain_fcp_ms']:>5.0f} ms ({row['fcp_ms'] / row['plain_fcp_ms']:.3f}x)"
                         f" TBT {row['plain_tbt_ms']:>4.0f} ms")
            rows["/" + path] = row
            print(line + f"  {', '.join(row['failed'])}", flush=True)
    finally:
        server.stop()
        if plain:
            plain.stop()
        shutil.rmtree(plain_dir, ignore_errors=True)
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w", encoding="utf-8") as f:
        json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
