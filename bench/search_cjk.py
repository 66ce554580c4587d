"""Search in Chinese and Japanese: recall of folio's search data on real
documentation written in those languages, against the pages that contain
each query word.

    python3 bench/search_cjk.py --zh DIR --ja DIR

DIR: folders of Markdown in each language, copied as they are into a
scratch site's `posts/zh/` and `posts/ja/` (the Vue documentation's
translations, `src/` of vuejs-translations/docs-zh-cn and docs-ja, were
used for bench/README.md; they are not in this repository). Needs a release
build in dist/ and the indexer (target/debug/folio-index).

For each query, the truth is the set of the language's post pages whose
title or text (the prerendered article, without code blocks, read with
Python's HTML parser) contains it. folio's answer is read from the search
data the build wrote, as the app reads it: the query's pairs of letters,
each looked up in its term shard (by its first letter), every pair
required. Also shown: what the tokenizer before issue 22 found, whose
"words" were whole runs of letters between punctuation, so that a word
inside a sentence matched nothing; and, with --pagefind, Pagefind's
answer on the same pages (tools/node_modules/.bin/pagefind, indexing the
<article> without code, as bench/search.py does; its search run in
Chromium on a page of the language, every result's URL read).
"""

import argparse
import glob
import html.parser
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))

from conftest import Site  # noqa: E402
from test_site_folder import index_site_folder  # noqa: E402

CONFIG = """title = "CJK search"
base_url = "https://cjk.example"
default_language = "zh"

[[languages]]
code = "zh"
name = "中文"

[[languages]]
code = "ja"
name = "日本語"
"""

QUERIES = {
    "zh": ["组件", "响应式", "模板", "指令", "渲染", "插槽", "生命周期", "路由", "状态管理", "计算属性", "侦听器", "事件", "服务端", "性能", "依赖"],
    "ja": ["コンポーネント", "リアクティブ", "テンプレート", "ディレクティブ", "レンダリング", "スロット", "ライフサイクル",
           "算出プロパティ", "状態管理", "ウォッチャー", "イベント", "サーバー", "パフォーマンス", "依存", "無効"],
}


class ArticleText(html.parser.HTMLParser):
    """The text of a page's title and `.post-body`, without `<pre>` blocks."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # inside .post-body
        self.pre = 0
        self.in_title = False
        self.parts = []

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class", "") or ""
        if self.depth:
            self.depth += 1
        elif tag == "div" and "post-body" in classes.split():
            self.depth = 1
        if tag == "pre":
            self.pre += 1
        if tag == "h1":
            self.in_title = True

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag == "h1":
            self.in_title = False

    def handle_data(self, data):
        if (self.depth or self.in_title) and not self.pre:
            self.parts.append(data)


def page_text(path):
    parser = ArticleText()
    parser.feed(open(path, encoding="utf-8").read())
    return "".join(parser.parts)


def pairs(word):
    return [word[i:i + 2] for i in range(len(word) - 1)] or [word]


def folio_hits(search_dir, query):
    """Documents whose terms hold every pair of letters of `query`."""
    found = None
    for pair in pairs(query.lower()):
        shard = os.path.join(search_dir, "t", pair[0].encode("utf-8").hex() + ".json")
        docs = set()
        if os.path.exists(shard):
            for folded, spellings in json.load(open(shard, encoding="utf-8")):
                if folded != pair:
                    continue
                for _, flat in spellings:
                    doc = 0
                    for delta in flat[0::2]:
                        doc += delta
                        docs.add(doc)
        found = docs if found is None else found & docs
    return found or set()


def rows(search_dir):
    by_number = {}
    for path in glob.glob(os.path.join(search_dir, "d", "*.json")):
        shard = int(os.path.basename(path)[:-5])
        for i, row in enumerate(json.load(open(path, encoding="utf-8"))):
            by_number[shard * 32 + i] = row["slug"]
    return by_number


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--zh", required=True)
    parser.add_argument("--ja", required=True)
    parser.add_argument("--pagefind", action="store_true", help="also run Pagefind on the same pages")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="folio-cjk-"))
    try:
        site = work / "site"
        (site / "posts").mkdir(parents=True)
        (site / "folio.toml").write_text(CONFIG, encoding="utf-8")
        for lang, source in (("zh", args.zh), ("ja", args.ja)):
            for md in Path(source).rglob("*.md"):
                target = site / "posts" / lang / md.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(md, target)
        staging, log = index_site_folder(os.path.join(ROOT, "dist"), work, str(site))
        print([line for line in log.splitlines() if line.startswith("folio:")][-1])
        search_root = glob.glob(str(staging / "search" / "*"))[0]
        pagefind = pagefind_answers(staging) if args.pagefind else {}
        total = {"folio": [0, 0], "before": [0, 0], "pagefind": [0, 0]}
        for lang, queries in QUERIES.items():
            prefix = "" if lang == "zh" else f"{lang}/"
            pages = {p.parent.name: page_text(p) for p in (staging / prefix / "posts").glob("*/index.html")}
            by_number = rows(os.path.join(search_root, lang))
            print(f"{lang}: {len(pages)} pages")
            print(f"  {'query':<12} {'pages with it':>13} {'folio finds':>11} {'recall':>7} {'before':>7}")
            for query in queries:
                truth = {slug for slug, text in pages.items() if query.lower() in text.lower()}
                hits = {by_number.get(doc) for doc in folio_hits(os.path.join(search_root, lang), query)}
                # Before: a run of letters between punctuation had to be the query itself.
                before = {slug for slug, text in pages.items()
                          if any(run == query for run in _runs(text))}
                found = len(truth & hits)
                total["folio extra"] = [total.get("folio extra", [0, 0])[0] + len(hits - truth - {None}), 0]
                total["folio"][0] += found
                total["folio"][1] += len(truth)
                total["before"][0] += len(truth & before)
                total["before"][1] += len(truth)
                recall = found / len(truth) if truth else 1.0
                before_recall = len(truth & before) / len(truth) if truth else 1.0
                extra = len(hits - truth - {None})
                pf = ""
                if pagefind:
                    pf_hits = pagefind[(lang, query)]
                    total["pagefind"][0] += len(truth & pf_hits)
                    total["pagefind"][1] += len(truth)
                    pf_extra = len(pf_hits - truth)
                    total["pagefind extra"] = [total.get("pagefind extra", [0, 0])[0] + pf_extra, 0]
                    pf = f"  pagefind {len(truth & pf_hits) / len(truth) if truth else 1.0:.0%}" + (f" (+{pf_extra})" if pf_extra else "")
                print(f"  {query:<12} {len(truth):>13} {found:>11} {recall:>7.0%} {before_recall:>7.0%}{pf}"
                      + (f"  (+{extra} pages with every pair, not the word)" if extra else ""))
        for name, (found, of) in total.items():
            if of:
                print(f"{name}: {found} of {of} pages found, recall {found / of:.1%}")
            elif name.endswith("extra"):
                print(f"{name}: {found} pages found that do not hold the word")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def pagefind_answers(staging):
    """Pagefind's pages for every query: indexed from the built pages, run in Chromium."""
    import subprocess
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    pagefind = os.path.join(ROOT, "tools", "node_modules", ".bin", "pagefind")
    args = ["--site", str(staging), "--glob", "{posts,ja/posts}/*/index.html", "--root-selector", "article"]
    for selector in (".toc", ".subtitle", ".meta", ".tags", ".heading-anchor", ".code-block", "pre"):
        args += ["--exclude-selectors", selector]
    subprocess.run([pagefind, *args], check=True, capture_output=True)
    server = Site(str(staging))
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu"]:
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_script_timeout(120)
    answers = {}
    try:
        base = server.url("")
        for lang, queries in QUERIES.items():
            page = "posts/" if lang == "zh" else f"{lang}/posts/"
            any_post = next((staging / page).glob("*/index.html")).parent.name
            driver.get(f"{base}{page}{any_post}/")
            for query in queries:
                urls = driver.execute_async_script("""
                    const [q] = arguments, done = arguments[arguments.length - 1];
                    (async () => {
                      window.__pf = window.__pf || await import('/blog/pagefind/pagefind.js');
                      const s = await window.__pf.search(q);
                      const data = await Promise.all(s.results.map(r => r.data()));
                      return data.map(d => d.url);
                    })().then(done, e => done(['error: ' + e]));""", query)
                answers[(lang, query)] = {u.rstrip("/").split("/")[-1] for u in urls if not u.startswith("error")}
    finally:
        driver.quit()
        server.stop()
    return answers


def _runs(text):
    """Runs of Han and Kana letters, as the tokenizer before issue 22 cut them."""
    run = []
    for c in text:
        if c.isalnum():
            run.append(c)
        elif run:
            yield "".join(run)
            run = []
    if run:
        yield "".join(run)


if __name__ == "__main__":
    main()
