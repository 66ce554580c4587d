"""First load, cold cache, throttled like a slow phone: folio against docsify 4
rendering the same Markdown post, and the same post as plain static HTML.

    python3 bench/firstload.py [--runs 5]     (after `trunk build --release --public-url /blog/`)

Reports, per site, the median of the runs: time until the article's text is
visible, first contentful paint, and bytes transferred.
"""

import argparse
import json
import os
import re
import shutil
import time

from common import NODE_MODULES, RESULTS, ROOT, Site, median, quit_driver, throttled_driver, without_scripts

POST = "markdown-tour"
MARKER = "Paragraphs are separated by blank lines"

# Records when the marker text first becomes visible, checked every frame.
WATCH_TEXT = """
window.__textAt = null;
(function check() {
  const main = document.body && document.body.innerText;
  if (main && main.includes(%s)) { window.__textAt = performance.now(); return; }
  requestAnimationFrame(check);
})();
""" % json.dumps(MARKER)


def prepare_sites(dist):
    sites = os.path.join(RESULTS, "sites")
    shutil.rmtree(sites, ignore_errors=True)
    with open(os.path.join(ROOT, "site", "posts", POST + ".md"), encoding="utf-8") as f:
        source = f.read()
    front, body = source.split("\n---\n", 1)
    title = re.search(r"^title: (.*)$", front, re.M).group(1)

    # docsify 4 renders README.md in the browser.
    docsify = os.path.join(sites, "docsify")
    os.makedirs(docsify)
    with open(os.path.join(docsify, "README.md"), "w", encoding="utf-8") as f:
        f.write(f"# {title}\n\n{body}")
    shutil.copy(os.path.join(NODE_MODULES, "docsify", "lib", "docsify.min.js"), docsify)
    shutil.copy(os.path.join(NODE_MODULES, "docsify", "lib", "themes", "vue.css"), docsify)
    with open(os.path.join(docsify, "index.html"), "w", encoding="utf-8") as f:
        f.write("""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>%s</title>
<link rel="stylesheet" href="vue.css"></head><body><div id="app"></div>
<script>window.$docsify = { name: "folio bench" };</script>
<script src="docsify.min.js"></script></body></html>""" % title)

    # Plain HTML: folio's own prerendered page for the post, every script removed.
    plain = os.path.join(sites, "plain")
    os.makedirs(plain)
    with open(os.path.join(dist, "posts", POST, "index.html"), encoding="utf-8") as f:
        page = f.read()
    page = without_scripts(page)
    with open(os.path.join(plain, "index.html"), "w", encoding="utf-8") as f:
        f.write(page)
    for name in os.listdir(dist):
        if name.endswith(".css") or name.endswith(".svg"):
            shutil.copy(os.path.join(dist, name), plain)
    os.makedirs(os.path.join(plain, "posts", "images"))
    shutil.copy(os.path.join(dist, "posts", "images", "folio.svg"), os.path.join(plain, "posts", "images"))
    # The page refers to assets under /blog/: serve it there too.
    return {"plain": plain, "docsify": docsify}


def measure(url):
    driver = throttled_driver()
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_TEXT})
        driver.get(url)
        deadline = time.time() + 60
        while time.time() < deadline and driver.execute_script("return window.__textAt") is None:
            time.sleep(0.05)
        time.sleep(float(os.environ.get("FL_SETTLE", "4")))  # let the rest (the wasm, for folio) arrive, for the byte count
        return driver.execute_script("""
            const paint = performance.getEntriesByName('first-contentful-paint')[0];
            const nav = performance.getEntriesByType('navigation')[0];
            const resources = performance.getEntriesByType('resource');
            return {
              text: window.__textAt,
              fcp: paint ? paint.startTime : null,
              bytes: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
              requests: 1 + resources.length,
            };""")
    finally:
        quit_driver(driver)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dist", default=os.path.join(ROOT, "dist"))
    args = parser.parse_args()
    dirs = prepare_sites(args.dist)
    servers = {"folio": Site(args.dist), "plain": Site(dirs["plain"]), "docsify": Site(dirs["docsify"])}
    urls = {"folio": servers["folio"].url(f"posts/{POST}/"), "plain": servers["plain"].url(""), "docsify": servers["docsify"].url("")}
    results = {name: [] for name in urls}
    try:
        for run in range(args.runs):
            for name, url in urls.items():
                results[name].append(measure(url))
    finally:
        for server in servers.values():
            server.stop()
    summary = {}
    print(f"First load, cold cache, {args.runs} runs each (median): 150 ms RTT, 1.6 Mbit/s, 4x CPU slowdown")
    print(f"{'site':<8} {'text visible':>13} {'FCP':>8} {'bytes':>9} {'requests':>9}")
    for name, runs in results.items():
        text = median([r["text"] for r in runs if r["text"] is not None])
        fcp = median([r["fcp"] for r in runs if r["fcp"] is not None])
        size = median([r["bytes"] for r in runs])
        summary[name] = {"text_ms": round(text), "fcp_ms": round(fcp), "bytes": int(size), "runs": runs}
        print(f"{name:<8} {text:>10.0f} ms {fcp:>5.0f} ms {size / 1024:>6.0f} KB {median([r['requests'] for r in runs]):>9.0f}")
    folio, plain, docsify = (summary[n]["text_ms"] for n in ("folio", "plain", "docsify"))
    print(f"folio / plain HTML: {folio / plain:.2f}x (goal <= 1.15)   folio / docsify: {folio / docsify:.2f}x (goal <= 0.6)")
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "firstload.json"), "w") as f:
        json.dump(summary, f, indent=2)


if __name__ == "__main__":
    main()
