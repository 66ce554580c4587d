"""What a reader downloads for a technical post: ten highlighted code blocks
and ten formulas, against the same post with its code and math left plain.

    python3 bench/technical.py        (needs the tools of scripts/setup.sh)

Builds a scratch copy of the site with the two generated posts (`trunk build
--release --public-url /blog/`, sharing this checkout's target folder, so
only the indexer runs again), serves it, and records in headless Chromium
the requests of (1) a cold visit to each post's prerendered page and (2) an
in-app navigation to it from the home page. Sizes are the files' bytes:
raw, gzip (level 9) and brotli (quality 11), as a static host serves them.
Writes bench/results/technical.json.
"""

import gzip
import json
import os
import shutil
import subprocess
import tempfile
import urllib.parse

from selenium.webdriver.common.by import By

from common import RESULTS, ROOT, WAKE_APP, Site, make_driver, quit_driver

try:
    import brotli
except ImportError:  # pip install brotli
    brotli = None

BLOCKS = [
    ("rust", "fn fib(n: u64) -> u64 {\n    match n {\n        0 | 1 => n,\n        _ => fib(n - 1) + fib(n - 2),\n    }\n}\n"),
    ("python", "def mean(xs: list[float]) -> float:\n    \"\"\"The average of xs.\"\"\"\n    return sum(xs) / len(xs) if xs else 0.0\n"),
    ("js", "export async function load(url) {\n  const response = await fetch(url);\n  if (!response.ok) throw new Error(`HTTP ${response.status}`);\n  return response.json();\n}\n"),
    ("ts", "interface Post { slug: string; date?: Date }\nconst newest = (posts: Post[]) => [...posts].sort((a, b) => +b.date! - +a.date!);\n"),
    ("go", "func handler(w http.ResponseWriter, r *http.Request) {\n\tfmt.Fprintf(w, \"hello %s\", r.URL.Path)\n}\n"),
    ("bash", "for f in posts/*.md; do\n  wc -w \"$f\" # words per post\ndone\n"),
    ("sql", "SELECT slug, count(*) AS views\nFROM visits WHERE day > now() - interval '7 days'\nGROUP BY slug ORDER BY views DESC LIMIT 10;\n"),
    ("json", "{\n  \"title\": \"folio\",\n  \"languages\": [\"en\", \"vi\"],\n  \"draft\": false\n}\n"),
    ("yaml", "title: folio\nlanguages:\n  - en # English\n  - vi # Vietnamese\n"),
    ("css", ".post-body pre {\n  background: var(--code-bg);\n  overflow-x: auto; /* long lines scroll */\n}\n"),
]
FORMULAS = [
    (False, "e^{i\\pi} + 1 = 0"), (False, "a^2 + b^2 = c^2"), (False, "\\sqrt{2} \\approx 1.414"),
    (False, "O(n \\log n)"), (False, "\\alpha + \\beta = \\gamma"),
    (True, "\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}"), (True, "\\int_0^1 x^2 \\, dx = \\frac{1}{3}"),
    (True, "\\binom{n}{k} = \\frac{n!}{k!(n-k)!}"), (True, "\\lim_{x \\to 0} \\frac{\\sin x}{x} = 1"),
    (True, "\\mathbf{A}\\mathbf{x} = \\mathbf{b}"),
]


def post(slug, title, plain):
    parts = [f"---\ntitle: {title}\ndate: 2030-01-01\n---\n\nA post with ten code blocks and ten formulas.\n\n"]
    for i, ((lang, code), (display, tex)) in enumerate(zip(BLOCKS, FORMULAS)):
        parts.append(f"## Part {i + 1}\n\n")
        fence = "text" if plain else lang
        parts.append(f"```{fence}\n{code}```\n\n")
        if display:
            parts.append(f"`{tex}`\n\n" if plain else f"$$\n{tex}\n$$\n\n")
        else:
            parts.append(f"Inline `{tex}` in a sentence.\n\n" if plain else f"Inline ${tex}$ in a sentence.\n\n")
    return "".join(parts)


def sizes(path):
    with open(path, "rb") as f:
        data = f.read()
    return {
        "raw": len(data),
        "gzip": len(gzip.compress(data, 9)),
        "brotli": len(brotli.compress(data, quality=11)) if brotli else None,
    }


def build_scratch():
    scratch = tempfile.mkdtemp(prefix="folio-technical-")
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for name in files:
        target = os.path.join(scratch, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy(os.path.join(ROOT, name), target)
    posts = os.path.join(scratch, "site", "posts")
    with open(os.path.join(posts, "ten-blocks.md"), "w", encoding="utf-8") as f:
        f.write(post("ten-blocks", "Ten blocks, highlighted", plain=False))
    with open(os.path.join(posts, "ten-blocks-plain.md"), "w", encoding="utf-8") as f:
        f.write(post("ten-blocks-plain", "Ten blocks, plain", plain=True))
    env = dict(os.environ, CARGO_TARGET_DIR=os.path.join(ROOT, "target"))
    subprocess.run(["trunk", "build", "--release", "--public-url", "/blog/"], cwd=scratch, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return scratch


def requested(driver, dist, after=None):
    """The dist files behind the page's requests: the page and every resource,
    or only the resources after the first `after`."""
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    if after is None:
        names = [driver.execute_script("return location.href")] + resources
    else:
        names = resources[after:]
    files = []
    for url in names:
        path = urllib.parse.urlparse(url).path.removeprefix("/blog/")
        if path == "" or path.endswith("/"):
            path += "index.html"
        full = os.path.join(dist, path)
        if os.path.isfile(full):
            files.append((path, sizes(full)))
    return files


def total(files):
    return {k: sum(s[k] or 0 for _, s in files) for k in ("raw", "gzip", "brotli")}


def measure(site, dist, slug, title):
    driver = make_driver()
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        driver.get(site.url(f"posts/{slug}/"))
        driver.implicitly_wait(10)
        driver.execute_script(WAKE_APP)  # the app starts at a reader's first press
        driver.find_element(By.CSS_SELECTOR, "#folio-app:not([hidden]) .post-body")
        cold = requested(driver, dist)
        driver.get(site.url(""))
        driver.execute_script(WAKE_APP)
        driver.find_element(By.CSS_SELECTOR, "#folio-app:not([hidden]) .post-list")
        before = len(driver.execute_script("return performance.getEntriesByType('resource')"))
        driver.find_element(By.LINK_TEXT, title).click()
        driver.find_element(By.CSS_SELECTOR, "#folio-app .post-body h2")
        after = requested(driver, dist, after=before)
        return {"cold_visit": {"files": cold, "total": total(cold)}, "in_app": {"files": after, "total": total(after)}}
    finally:
        quit_driver(driver)


def main():
    scratch = build_scratch()
    dist = os.path.join(scratch, "dist")
    site = Site(dist)
    try:
        results = {
            "highlighted": measure(site, dist, "ten-blocks", "Ten blocks, highlighted"),
            "plain": measure(site, dist, "ten-blocks-plain", "Ten blocks, plain"),
        }
    finally:
        site.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "technical.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2)
    kb = lambda n: f"{n / 1024:.1f} KB"  # noqa: E731
    for name, result in results.items():
        for visit in ("cold_visit", "in_app"):
            t = result[visit]["total"]
            print(f"{name:12} {visit:10} raw {kb(t['raw']):>10} gzip {kb(t['gzip']):>10} brotli {kb(t['brotli']):>10}")
            for path, s in result[visit]["files"]:
                print(f"{'':24}{path:48} gzip {kb(s['gzip']):>9}")


if __name__ == "__main__":
    main()
