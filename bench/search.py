"""Search: folio's full-text search against Pagefind 1.6 on the same built sites.

    python3 bench/search.py                        (the demo, 1,000 and 10,000 posts: about 15 minutes on 2 cores)
    python3 bench/search.py --posts 0 --runs 1     (the demo site only: about 1 minute)

Needs a release build in dist/ (`trunk build --release --public-url /blog/`),
the indexer it ran (target/debug/folio-index), Pagefind
(tools/node_modules/.bin/pagefind, `npm ci` in tools/), Chromium and
chromedriver, and about 1.5 GB in --work (default /tmp/folio-search-bench,
kept between runs: a site whose inputs have not changed is not rebuilt).
Builds nothing in the checkout and writes only bench/results/search-N.json.
Run it on a quiet machine: before each timed phase it waits (up to --quiet
seconds) until the CPU is idle, and flags the phases during which other
processes were busy.

Sites, for each N of --posts: N = 0 is a copy of dist/ as it is (the demo's
posts). Otherwise N generated bilingual posts (bench/archive.py's
`generate_post`: `gen-NNNNN.md` and `gen-NNNNN.vi.md`, about 1,200 words each)
beside the demo's posts in a scratch copy of the demo site folder, indexed
by the built indexer as tests/e2e/test_big_site.py runs it (a staging folder
with dist/'s Trunk files and `shell_from_source`). Pagefind then indexes the
same site's post pages in both languages (`{posts,vi/posts}/*/index.html`,
the <article> without the table of contents, subtitle, meta line, tags and
code blocks, which folio's search leaves out too) into its pagefind/ folder.
Both engines are served from that one folder, under /blog/, by
tests/e2e/server.py's handler (gzip like a CDN) run in a thread of this
process that counts the bytes it sends: Pagefind fetches its index in a
dedicated worker, whose requests the page's DevTools events do not show.
Chromium is driven through bench/common.py (`make_driver`,
`throttled_driver`), the HTTP cache disabled and folio's service worker
bypassed (`Network.setBypassServiceWorker`), so that every query fetches its
data from the server.

Measures, per site:

- index size on disk: search/ (files, bytes, gzip total of its JSON) against
  pagefind/ (all of it, and without its UI scripts and styles);
- bytes the server sent for the first query in a fresh browser profile, for
  an English word, a Vietnamese phrase without diacritics and one with:
  folio from the click on the search button until its results are shown
  (meta.json, term and document shards) and until the excerpts of results
  matched in the body only are in (their rendered p/<hash>.json); Pagefind from
  `import('/blog/pagefind/pagefind.js')` until `data()` of its first ten
  results (with their excerpts) has resolved; headers included;
- time to first result, medians of --runs page loads, on loopback and with
  the throttled mobile profile (150 ms RTT, 1.6 Mbit/s, CPU 4x slower),
  switched on once the page has loaded. folio: the search dialog is opened
  and its meta.json has arrived; then the query is set in the field with an
  `input` event, and the time runs until `#folio-search-results` carries
  `data-query` equal to it (a MutationObserver, `performance.now()`); also
  the time from the last search data file's arrival to that moment, and
  until the excerpts are in. Pagefind: after `import`, `init()` and
  `filters()` (which waits for its entry file, wasm and language meta), the
  time from `pf.search(q)` until `data()` of the first ten results has
  resolved. Also both from opening (the click; the import). Throttled
  Pagefind runs in its main-thread mode (`noWorker: true`): Chromium's
  network emulation does not reach a dedicated worker's fetches (a 60 KB
  fetch took 455 ms on the page and 4 ms in a worker), so its worker would
  fetch unthrottled;
- typing (folio only, throttled profile): each timed query typed a character
  every --typing-interval ms as soon as the dialog opens, without waiting for
  answers: the time from the last key to its results, the requests made, and
  the files fetched more than once;
- later keystrokes (folio only, data already fetched): phrases typed a
  character at a time, once to fetch their data and then --keystroke-rounds
  times measured, from the `input` event to `data-query` equal to the new
  text; median and max, also with the CPU 4x slower;
- recall@10 on a set of queries in both languages (English words;
  Vietnamese with diacritics, `đ` among them, and the same without), against
  a truth computed here, independently of both engines: a post version is
  relevant if every folded query word (NFD, marks dropped, đ → d,
  lowercase) is a whole word of its title or text, in the query's language
  (generated posts: their Markdown, code blocks and link targets left out;
  the demo's posts: their prerendered pages). Recall@10 =
  |top 10 ∩ relevant| / min(10, |relevant|), averaged per engine, and on
  the diacritic-free Vietnamese queries alone;
- errors in Chromium's console.

Prints a table per site and a summary, and writes
bench/results/search-N.json (search-0.json for the demo site).
"""

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import unicodedata
from html.parser import HTMLParser
from http.server import ThreadingHTTPServer

from common import CPU_SLOWDOWN, RESULTS, ROOT, SLOW_NETWORK, WAKE_APP, make_driver, median, quit_driver, throttled_driver
from archive import CPUS, EN_WORDS, TICK, VI_WORDS, cpu_busy, generate_post, wait_quiet
from server import make_handler  # tests/e2e/server.py
from test_big_site import copy_app_files, shell_from_source

DIST = os.path.join(ROOT, "dist")
INDEXER = os.path.join(ROOT, "target", "debug", "folio-index")
PAGEFIND = os.path.join(ROOT, "tools", "node_modules", ".bin", "pagefind")
PREFIX = "/blog/"
STAMP_VERSION = 2  # bump when the way sites are built changes

# Pagefind indexes what folio's search does: the title and the post's text,
# without the table of contents, subtitle, meta line, tags and code blocks.
PAGEFIND_ARGS = ["--glob", "{posts,vi/posts}/*/index.html", "--root-selector", "article",
                 *[a for s in (".toc", ".subtitle", ".meta", ".tags", ".heading-anchor", ".code-block", "pre")
                   for a in ("--exclude-selectors", s)]]
PAGEFIND_UI = re.compile(r"^pagefind-(ui|component-ui|modular-ui|highlight)\.(js|css)$")

# Pages the queries run from: Pagefind picks its index by <html lang>, folio by the page's language.
PAGES = {"en": "posts/distributed-cache/", "vi": "vi/posts/distributed-cache/"}

# The first-query and timing queries: an English word, Vietnamese without diacritics and with.
# Then the last word as a prefix from its first letter: one letter alone, and after two words.
TIMED = [("cache", "en"), ("duong", "vi"), ("bộ nhớ đệm", "vi"), ("c", "en"), ("bo nho d", "vi")]

# Later keystrokes: each phrase typed a character at a time, on a page of its language.
KEYSTROKE_PHRASES = [("cache server", "en"), ("bộ nhớ đệm", "vi"), ("bo nho dem trinh duyet", "vi")]

# Recall on generated sites: words of EN_WORDS, and of VI_WORDS with their
# diacritics (đ among them) and without.
EN_QUERIES = ["cache", "latency", "browser", "compiler runtime", "river mountain", "thread queue", "honest",
              "deploy", "garden kitchen window", "bandwidth throughput", "neighbour", "quickly"]
VI_MARKED = ["đệm", "bộ nhớ đệm", "đồ thị", "độ trễ", "thay đổi", "đường", "trình duyệt", "băng thông",
             "thư viện", "đọc", "cà phê", "mùa đông", "đêm"]
# Recall on the demo site: words of its posts.
DEMO_EN = ["cache", "caching", "invalidation", "browser", "markdown", "rust", "footnotes", "vietnamese",
           "language", "hash", "reader", "server", "table", "heading"]
DEMO_VI_MARKED = ["đường", "trình duyệt", "bộ nhớ đệm", "hà nội", "mùa thu", "ngôn ngữ", "đệm", "phố cổ",
                  "bài viết", "tiếng việt", "tiêu đề", "hương hoa sữa"]

# ---------------------------------------------------------------- folding and truth


def fold(text):
    """Lowercase, combining marks dropped after NFD, đ → d: folio's folding for Vietnamese, written again."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


def tokens(text):
    """Whole words of folded text: runs of letters and digits (`_` splits words, as in folio)."""
    return re.findall(r"[^\W_]+", fold(text))


def has_marks(text):
    return fold(text) != text.lower()


FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def markdown_words(path):
    """The words of a generated post's title and text: front matter but its title,
    code blocks and link targets left out."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    _, front, body = text.split("---\n", 2)
    title = re.search(r"^title: (.*)$", front, re.M).group(1)
    body = LINK.sub(r"\1", FENCE.sub(" ", body))
    return set(tokens(title + "\n" + body))


class PostText(HTMLParser):
    """A prerendered post page's language, title and text (without code blocks,
    heading anchors and buttons; with image descriptions)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    BLOCK = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "td", "th", "tr", "blockquote", "figcaption",
             "br", "dd", "dt", "section", "aside", "ol", "ul", "table", "hr", "figure", "details", "summary"}
    SKIP_TAGS = {"pre", "script", "style", "math", "button", "svg", "template"}
    SKIP_CLASSES = {"code-block", "heading-anchor", "copy-code"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.lang, self.title, self.body = [], None, [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        _, in_title, in_body, skip = self.stack[-1] if self.stack else ("", False, False, False)
        in_title = in_title or (tag == "h1" and a.get("id") == "post-title")
        in_body = in_body or (tag == "div" and "post-body" in classes)
        skip = skip or tag in self.SKIP_TAGS or bool(classes & self.SKIP_CLASSES)
        if tag == "article" and self.lang is None:
            self.lang = a.get("lang")
        if tag in self.BLOCK and in_body:
            self.body.append("\n")
        if tag == "img" and in_body and not skip and a.get("alt"):
            self.body.append(f" {a['alt']} ")
        if tag not in self.VOID:
            self.stack.append((tag, in_title, in_body, skip))

    def handle_endtag(self, tag):
        if tag in self.BLOCK:
            self.body.append("\n")
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self.stack and not self.stack[-1][3]:
            if self.stack[-1][1]:
                self.title.append(data)
            elif self.stack[-1][2]:
                self.body.append(data)


def page_words(path):
    parser = PostText()
    with open(path, encoding="utf-8") as f:
        parser.feed(f.read())
    return parser.lang, set(tokens("".join(parser.title) + "\n" + "".join(parser.body)))


def truth(site, source, queries):
    """{(query, lang): set of relevant slugs}, and the number of post versions per language."""
    wanted = [(q, lang, set(tokens(q))) for q, lang in queries]
    relevant = {(q, lang): set() for q, lang, _ in wanted}
    versions = {"en": 0, "vi": 0}

    def add(slug, lang, words):
        versions[lang] += 1
        for q, qlang, need in wanted:
            if qlang == lang and need <= words:
                relevant[(q, lang)].add(slug)

    # The demo's posts (and any other not generated here): their prerendered pages.
    for lang, folder in (("en", "posts"), ("vi", "vi/posts")):
        base = os.path.join(site, folder)
        for slug in sorted(os.listdir(base)):
            page = os.path.join(base, slug, "index.html")
            if slug.startswith("gen-") or not os.path.isfile(page):
                continue
            page_lang, words = page_words(page)
            if page_lang == lang:
                add(slug, lang, words)
    # Generated posts: their Markdown.
    if source:
        posts = os.path.join(source, "posts")
        for name in sorted(os.listdir(posts)):
            m = re.fullmatch(r"(gen-\d{5})(\.vi)?\.md", name)
            if m:
                add(m.group(1), "vi" if m.group(2) else "en", markdown_words(os.path.join(posts, name)))
    return relevant, versions


def queries_for(posts):
    if posts:
        en, marked = EN_QUERIES, VI_MARKED
        vocabulary = set(EN_WORDS) | set(VI_WORDS)
        missing = [w for q in en + marked for w in q.split() if w not in vocabulary]
        assert not missing, f"query words not in archive.py's vocabulary: {missing}"
    else:
        en, marked = DEMO_EN, DEMO_VI_MARKED
    plain = []
    for q in marked:
        if fold(q) not in plain:
            plain.append(fold(q))
    return [(q, "en") for q in en] + [(q, "vi") for q in marked] + [(q, "vi") for q in plain]


def kind(query, lang):
    return "en" if lang == "en" else ("vi marked" if has_marks(query) else "vi plain")


# ---------------------------------------------------------------- sites


def sh(cmd, log, **kwargs):
    started = time.perf_counter()
    with open(log, "w") as out:
        result = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT, **kwargs)
    if result.returncode:
        with open(log, encoding="utf-8", errors="replace") as f:
            sys.exit(f"search: `{' '.join(cmd)}` failed ({result.returncode}):\n{f.read()[-3000:]}")
    return round(time.perf_counter() - started, 2)


def stat_of(path):
    s = os.stat(path)
    return [s.st_size, s.st_mtime_ns]


def inputs_stamp(posts, seed):
    """What a built site depends on: if this is unchanged, the site in --work is reused."""
    public = []
    for base, _, names in os.walk(os.path.join(ROOT, "site")):
        for name in sorted(names):
            path = os.path.join(base, name)
            public.append([os.path.relpath(path, ROOT), *stat_of(path)])
    return {"version": STAMP_VERSION, "posts": posts, "seed": seed, "indexer": stat_of(INDEXER),
            "dist": sorted([n, *stat_of(os.path.join(DIST, n))] for n in os.listdir(DIST)
                           if os.path.isfile(os.path.join(DIST, n))),
            "site": sorted(public),
            "pagefind": [PAGEFIND_ARGS, stat_of(os.path.realpath(PAGEFIND))]}


def build_site(posts, args):
    """The site for N posts in --work (site-N, sources in src-N), with Pagefind's index; build figures."""
    work = args.work
    site, source = os.path.join(work, f"site-{posts}"), os.path.join(work, f"src-{posts}") if posts else None
    stamp_path = os.path.join(work, f"site-{posts}.stamp.json")
    stamp = inputs_stamp(posts, args.seed)
    if not args.rebuild and os.path.exists(stamp_path):
        with open(stamp_path, encoding="utf-8") as f:
            kept = json.load(f)
        if kept.get("inputs") == stamp:
            print(f"  reusing {site} (its inputs have not changed)", flush=True)
            return site, source, dict(kept["build"], reused=True)
    if os.path.exists(stamp_path):
        os.remove(stamp_path)
    for path in (site, source):
        if path and os.path.exists(path):
            shutil.rmtree(path)
    build = {}
    if not posts:
        shutil.copytree(DIST, site, symlinks=True)
    else:
        # As tests/e2e/test_big_site.py: the demo site folder (20 posts a page), the generated posts beside the demo's.
        shutil.copytree(os.path.join(ROOT, "site"), source)
        with open(os.path.join(ROOT, "site", "folio.toml"), encoding="utf-8") as f:
            config = f.read()
        with open(os.path.join(source, "folio.toml"), "w", encoding="utf-8") as f:
            f.write(re.sub(r"(?m)^page_size = .*$", "page_size = 20", config))
        started = time.perf_counter()
        words = size = 0
        folder = os.path.join(source, "posts")
        for k in range(1, posts + 1):
            en, vi, _, _, count = generate_post(args.seed, k, posts)
            words += count
            for suffix, text in ((".md", en), (".vi.md", vi)):
                data = text.encode()
                size += len(data)
                with open(os.path.join(folder, f"gen-{k:05d}{suffix}"), "wb") as f:
                    f.write(data)
        build["generated"] = {"files": 2 * posts, "words": words, "markdown_bytes": size,
                              "seconds": round(time.perf_counter() - started, 2)}
        print(f"  generated {2 * posts} files, {words} words, {size / 1e6:.1f} MB in "
              f"{build['generated']['seconds']} s", flush=True)
        os.makedirs(site)
        copy_app_files(DIST, site)
        with open(os.path.join(site, "index.html"), "w", encoding="utf-8") as f:
            f.write(shell_from_source(DIST))
        env = dict(os.environ, TRUNK_SOURCE_DIR=ROOT, FOLIO_SITE=source, TRUNK_STAGING_DIR=site, TRUNK_PUBLIC_URL=PREFIX,
                   TRUNK_PROFILE="release")
        log = os.path.join(work, f"indexer-{posts}.log")
        build["indexer_s"] = sh([INDEXER], log, env=env, cwd=source)
        with open(log, encoding="utf-8", errors="replace") as f:
            indexed = re.findall(r"\d+ post\(s\)(?:, \d+ page\(s\))? indexed", f.read())
        build["indexer_says"] = indexed[-1] if indexed else None
        print(f"  indexed in {build['indexer_s']} s: {build['indexer_says']}", flush=True)
    log = os.path.join(work, f"pagefind-{posts}.log")
    build["pagefind_s"] = sh([PAGEFIND, "--site", site, *PAGEFIND_ARGS], log)
    with open(log, encoding="utf-8", errors="replace") as f:
        text = f.read()
    build["pagefind_says"] = " ".join(re.findall(r"Indexed \d+ (?:pages|words|languages)", text))
    print(f"  Pagefind indexed in {build['pagefind_s']} s: {build['pagefind_says']}", flush=True)
    with open(stamp_path, "w", encoding="utf-8") as f:
        json.dump({"inputs": stamp, "build": build}, f)
    return site, source, build


def folder_stats(folder, keep=lambda rel: True):
    total = files = gz = 0
    largest = ("", 0)
    for base, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(base, name)
            rel = os.path.relpath(path, folder)
            if not keep(rel):
                continue
            with open(path, "rb") as f:
                data = f.read()
            total += len(data)
            files += 1
            gz += len(gzip.compress(data, 6))
            if len(data) > largest[1]:
                largest = (rel, len(data))
    return {"bytes": total, "files": files, "gzip_bytes": gz, "largest": largest[0], "largest_bytes": largest[1]}


def index_sizes(site):
    search = os.path.join(site, "search")
    folio = folder_stats(search)
    folio["languages"] = {}
    for data_id in os.listdir(search):
        for lang in os.listdir(os.path.join(search, data_id)):
            folder = os.path.join(search, data_id, lang)
            entry = folder_stats(folder)
            entry["term_shards"] = len(os.listdir(os.path.join(folder, "t")))
            entry["doc_shards"] = len(os.listdir(os.path.join(folder, "d")))
            shard = folder_stats(os.path.join(folder, "t"))
            entry["largest_term_shard"] = shard["largest"]
            entry["largest_term_shard_bytes"] = shard["largest_bytes"]
            with open(os.path.join(folder, "t", shard["largest"]), "rb") as f:
                entry["largest_term_shard_gzip"] = len(gzip.compress(f.read(), 6))
            folio["languages"][lang] = entry
    pf = os.path.join(site, "pagefind")
    pagefind = folder_stats(pf)
    # gzip_bytes: as tests/e2e/server.py serves them (its .pf_* files are gzip already; served gzipped again).
    pagefind["without_ui"] = folder_stats(pf, lambda rel: not PAGEFIND_UI.match(rel))
    return {"folio": folio, "pagefind": pagefind}


# ---------------------------------------------------------------- a quiet machine


def processes():
    """{(pid, start time): (parent pid, user + system clock ticks)} of every process."""
    procs = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                data = f.read()
        except OSError:
            continue
        fields = data[data.rfind(")") + 2:].split()
        procs[(int(name), int(fields[19]))] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    return procs


class Busy:
    """The share of the machine's CPU that other processes used during a phase: the
    machine's busy time less that of this process and its descendants (Chromium,
    chromedriver), sampled every 0.5 s so that those that end (a browser quit,
    its renderers) are still counted, even once reparented."""

    def __init__(self):
        self.started, self.machine = time.perf_counter(), cpu_busy()[0]
        self.own = {}  # (pid, start): [ticks when first seen, or 0 if started since; last seen]
        self.sample(first=True)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stopped.wait(0.5):
            self.sample()

    def sample(self, first=False):
        procs = processes()
        children = {}
        for key, (ppid, _) in procs.items():
            children.setdefault(ppid, []).append(key)
        me = next(key for key in procs if key[0] == os.getpid())
        stack = [me] + [key for key in self.own if key in procs]
        while stack:
            key = stack.pop()
            ticks = procs[key][1]
            if key in self.own:
                self.own[key][1] = ticks
            else:
                self.own[key] = [ticks if first else 0, ticks]
            stack += [k for k in children.get(key[0], []) if k not in self.own]

    def share(self):
        self.stopped.set()
        self.thread.join()
        self.sample()
        wall = time.perf_counter() - self.started
        own = sum(last - base for base, last in self.own.values())
        others = (cpu_busy()[0] - self.machine) - own
        return round(max(0.0, others / TICK) / (wall * CPUS), 2)


def phase(result, name, args, work):
    """Runs `work()` after waiting (up to --quiet seconds) for a quiet machine; keeps
    how busy other processes kept it meanwhile."""
    waited = wait_quiet(args.quiet) if args.quiet else (0, None)
    busy = Busy()
    value = work()
    result.setdefault("machine", {})[name] = {"waited_for_quiet_s": waited[0], "busy_before": waited[1],
                                               "others_cpu_share": busy.share()}
    return value


# ---------------------------------------------------------------- server


class Counter:
    """A response stream that counts the bytes written to it (status line and headers included)."""

    def __init__(self, inner):
        self.inner, self.count = inner, 0

    def write(self, data):
        self.count += len(data)
        return self.inner.write(data)

    def __getattr__(self, name):
        return getattr(self.inner, name)


class CountingSite:
    """tests/e2e/server.py's handler (the site under /blog/, gzip like a CDN, no-store), in a
    thread of this process, logging every request with the bytes sent for it."""

    def __init__(self, root):
        base = make_handler(os.path.abspath(root), PREFIX, "")
        site = self
        self.lock = threading.Lock()
        self.log, self.inflight, self.last = [], 0, time.monotonic()

        class Handler(base):
            def setup(self):
                super().setup()
                self.wfile = Counter(self.wfile)
                self.counted = False

            def parse_request(self):
                ok = super().parse_request()
                if ok:
                    self.counted = True
                    with site.lock:
                        site.inflight += 1
                return ok

            def finish(self):
                try:
                    super().finish()
                finally:
                    if self.counted:
                        with site.lock:
                            site.inflight -= 1
                            site.last = time.monotonic()
                            site.log.append((self.path.split("?")[0], self.wfile.count))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{PREFIX}{path}"

    def mark(self):
        with self.lock:
            return len(self.log)

    def since(self, mark):
        with self.lock:
            return list(self.log[mark:])

    def wait_idle(self, quiet=1.0, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                idle = self.inflight == 0 and time.monotonic() - self.last >= quiet
            if idle:
                return True
            time.sleep(0.05)
        return False

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


# ---------------------------------------------------------------- browser

ERRORS = []


def prepared(driver):
    """No HTTP cache and no service worker between the page and the server."""
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    driver.execute_cdp_cmd("Network.setBypassServiceWorker", {"bypass": True})
    driver.set_script_timeout(180)
    return driver


def loopback_driver():
    return prepared(make_driver())


def slow_driver():
    return prepared(throttled_driver())


def throttle(driver, on):
    off = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", SLOW_NETWORK if on else off)
    driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN if on else 1})


def collect_errors(driver, where):
    for entry in driver.get_log("browser"):
        if entry["level"] == "SEVERE" or "pagefind" in entry.get("message", "").lower():
            ERRORS.append({"where": where, "level": entry["level"], "source": entry.get("source"),
                           "message": entry["message"][:500]})


def done(driver):
    collect_errors(driver, "quit")
    quit_driver(driver)


# Waking the app as a reader's first press does (boot.js waits for one), then whether it took over.
APP_READY = WAKE_APP + """
return !document.getElementById('folio-static') && !!document.querySelector('.search-toggle')
  && document.documentElement.dataset.folioApp !== 'failed'"""
SW_READY = """const done = arguments[arguments.length - 1];
if (!('serviceWorker' in navigator)) done('none');
else Promise.race([navigator.serviceWorker.ready.then(() => 'ready'), new Promise(r => setTimeout(() => r('timeout'), 5000))]).then(done);"""


def load(driver, server, lang, slow=False):
    """Loads the post page of `lang`, unthrottled, and waits until the app has
    taken over, the service worker has installed and the server is idle."""
    if slow:
        throttle(driver, False)
    driver.get(server.url(PAGES[lang]))
    deadline = time.time() + 60
    while not driver.execute_script(APP_READY):
        if time.time() > deadline:
            raise RuntimeError(f"the app did not take over {PAGES[lang]}")
        time.sleep(0.05)
    driver.execute_async_script(SW_READY)
    server.wait_idle(0.5)
    collect_errors(driver, f"load {PAGES[lang]}")
    if slow:
        throttle(driver, True)


# In-page helpers: the query in folio's dialog, timed from the `input` event.
FOLIO_JS = r"""
const sleep = ms => new Promise(r => setTimeout(r, ms));
const searchEntries = (since, part) => performance.getEntriesByType('resource')
  .filter(e => e.startTime >= since && e.name.includes(part));
// A result still waiting for its excerpt: matched in the body only (no mark in
// its title, no heading), its summary without the match.
const pending = list => [...list.querySelectorAll('.search-result a')].filter(a =>
  !a.querySelector('.search-result-title mark') && !a.querySelector('.search-result-heading')
  && !a.querySelector('.search-result-excerpt mark')).length;
async function openSearch(waitMeta) {
  performance.setResourceTimingBufferSize(100000);
  performance.clearResourceTimings();
  const t0 = performance.now();
  document.querySelector('.search-toggle').click();
  let input;
  while (!(input = document.querySelector('dialog.search-dialog[open] .search-input'))) await sleep(0);
  const opened = performance.now() - t0;
  if (waitMeta) while (!searchEntries(0, '/meta.json').length) await sleep(2);
  return {input, t0, opened, meta: performance.now() - t0};
}
function query(input, q, excerpts, timeout) {
  const list = document.getElementById('folio-search-results');
  return new Promise(resolve => {
    let shown = null, out = null;
    const t0 = performance.now();
    const finish = timedOut => {
      observer.disconnect();
      clearTimeout(timer);
      const now = performance.now();
      const data = searchEntries(t0, '/search/'), texts = searchEntries(t0, '/p/');
      const dataEnd = data.length ? Math.max(...data.map(e => e.responseEnd)) : null;
      resolve(Object.assign(out || {}, {
        t0, timedOut, shown: shown === null ? null : shown - t0,
        excerpts: excerpts && !timedOut ? now - t0 : null,
        dataFiles: data.length, textFiles: texts.length,
        dataEnd: dataEnd === null ? null : dataEnd - t0,
        afterData: dataEnd === null || shown === null ? null : shown - dataEnd,
      }));
    };
    const check = () => {
      if (shown === null && list.dataset.query === q) {
        shown = performance.now();
        const links = [...list.querySelectorAll('.search-result a')];
        out = {count: links.length, urls: links.map(a => a.getAttribute('href')),
               status: (document.querySelector('.search-status') || {}).textContent, pendingAtShown: pending(list)};
        if (!excerpts) return finish(false);
      }
      if (shown !== null && excerpts && pending(list) === 0) finish(false);
    };
    const observer = new MutationObserver(check);
    observer.observe(list, {attributes: true, childList: true, subtree: true, characterData: true});
    const timer = setTimeout(() => finish(true), timeout);
    input.value = q;
    input.dispatchEvent(new Event('input', {bubbles: true}));
  });
}
"""

FOLIO_FIRST = FOLIO_JS + r"""
const [q, waitMeta] = arguments, done = arguments[arguments.length - 1];
(async () => {
  const o = await openSearch(waitMeta);
  const r = await query(o.input, q, true, 60000);
  return Object.assign(r, {opened: o.opened, meta: o.meta, fromOpen: r.shown === null ? null : r.t0 + r.shown - o.t0,
                           fromOpenExcerpts: r.excerpts === null ? null : r.t0 + r.excerpts - o.t0});
})().then(done, e => done({error: String(e && e.stack || e)}));
"""

FOLIO_OPEN = FOLIO_JS + r"""
const done = arguments[arguments.length - 1];
openSearch(true).then(o => done({opened: o.opened, meta: o.meta}), e => done({error: String(e)}));
"""

FOLIO_QUERY = FOLIO_JS + r"""
const [q, excerpts] = arguments, done = arguments[arguments.length - 1];
query(document.querySelector('.search-input'), q, excerpts, 60000).then(done, e => done({error: String(e)}));
"""

# Each text typed in turn: the time from the `input` event until the results answer it.
FOLIO_KEYS = FOLIO_JS + r"""
const [texts] = arguments, done = arguments[arguments.length - 1];
(async () => {
  const input = document.querySelector('.search-input'), times = [];
  for (const text of texts) {
    if (text === '') {
      input.value = ''; input.dispatchEvent(new Event('input', {bubbles: true}));
      await sleep(100);
      continue;
    }
    const r = await query(input, text, false, 20000);
    times.push(r.timedOut ? null : r.shown);
    await new Promise(r => requestAnimationFrame(() => setTimeout(r, 30)));
  }
  return times;
})().then(done, e => done({error: String(e)}));
"""

# Typing the query a character at a time as soon as the dialog opens, without
# waiting for answers: the requests each keystroke's query makes, duplicates included.
FOLIO_TYPING = FOLIO_JS + r"""
const [q, interval] = arguments, done = arguments[arguments.length - 1];
(async () => {
  const o = await openSearch(false);
  const list = document.getElementById('folio-search-results');
  for (let i = 1; i <= q.length; i++) {
    o.input.value = q.slice(0, i);
    o.input.dispatchEvent(new Event('input', {bubbles: true}));
    if (i < q.length) await sleep(interval);
  }
  const last = performance.now();
  while (list.dataset.query !== q && performance.now() - last < 60000) await sleep(1);
  const shown = performance.now();
  while (pending(list) && performance.now() - shown < 60000) await sleep(5);
  return {sinceLastKey: shown - last, fromOpen: shown - o.t0, excerptsSinceLastKey: performance.now() - last,
          count: list.querySelectorAll('.search-result').length, answered: list.dataset.query === q};
})().then(done, e => done({error: String(e && e.stack || e)}));
"""

PAGEFIND_JS = r"""
const [q, noWorker, open] = arguments, done = arguments[arguments.length - 1];
(async () => {
  const t0 = performance.now();
  window.__pf = window.__pf || await import('/blog/pagefind/pagefind.js');
  const pf = window.__pf;
  if (open) {
    if (noWorker) await pf.options({noWorker: true});
    await pf.init();
    await pf.filters();  // waits for its entry file, wasm and language meta
  }
  const t1 = performance.now();
  const s = await pf.search(q);
  const t2 = performance.now();
  const data = await Promise.all(s.results.slice(0, 10).map(r => r.data()));
  const t3 = performance.now();
  return {opened: t1 - t0, search: t2 - t1, shown: t3 - t1, fromOpen: t3 - t0, count: s.results.length,
          urls: data.map(d => d.url), excerpts: data.map(d => d.excerpt)};
})().then(done, e => done({error: String(e && e.stack || e)}));
"""


def script(driver, js, *args):
    result = driver.execute_async_script(js, *args)
    if isinstance(result, dict) and "error" in result:
        raise RuntimeError(result["error"])
    return result


def category(path):
    rel = path[len(PREFIX):] if path.startswith(PREFIX) else path
    if rel.startswith("search/"):
        return "folio data"
    if rel.startswith("p/"):
        return "post text"
    if rel.startswith("pagefind/"):
        return "pagefind"
    if rel.startswith(("split_", "chunk_")):
        return "search code"
    return "other"


def first_query(server, q, lang, engine):
    """Bytes the server sent, in a fresh profile, from opening search until the first
    query's results (and excerpts) are shown, and the times of that visit."""
    driver = loopback_driver()
    try:
        before = server.mark()
        load(driver, server, lang)
        loaded = server.since(before)
        mark = server.mark()
        if engine == "folio":
            result = script(driver, FOLIO_FIRST, q, False)
        else:
            result = script(driver, PAGEFIND_JS, q, False, True)
        server.wait_idle(1.0)
        sent = server.since(mark)
        collect_errors(driver, f"first query {engine} {q!r}")
    finally:
        done(driver)
    by = {}
    for path, size in sent:
        c = by.setdefault(category(path), {"bytes": 0, "requests": 0})
        c["bytes"] += size
        c["requests"] += 1
    out = {"bytes": sum(s for _, s in sent), "requests": len(sent), "by_kind": by,
           "fetched_before_open": [p for p, _ in loaded if category(p) in ("folio data", "search code", "pagefind")],
           "files": sorted(([p[len(PREFIX):], s] for p, s in sent), key=lambda x: -x[1]), "visit": result}
    if engine == "folio":
        out["results_bytes"] = by.get("folio data", {}).get("bytes", 0)
        out["excerpt_bytes"] = by.get("post text", {}).get("bytes", 0)
    return out


def timings(server, runs, slow):
    """Per timed query and engine, `runs` page loads each, on loopback or throttled."""
    out = {}
    driver = slow_driver() if slow else loopback_driver()
    try:
        for q, lang in TIMED:
            entry = out.setdefault(q, {})
            variants = [("folio", None), ("pagefind", slow)] + ([] if slow else [("pagefind main thread", True)])
            for engine, no_worker in variants:
                samples = []
                for _ in range(runs):
                    load(driver, server, lang, slow)
                    if engine == "folio":
                        opened = script(driver, FOLIO_OPEN)
                        r = script(driver, FOLIO_QUERY, q, True)
                        r.update(opened)
                    else:
                        r = script(driver, PAGEFIND_JS, q, bool(no_worker), True)
                    samples.append(r)
                entry[engine] = summarize(samples, engine)
            collect_errors(driver, f"timing {'throttled' if slow else 'loopback'} {q!r}")
    finally:
        if slow:
            throttle(driver, False)
        done(driver)
    return out


def summarize(samples, engine):
    def med(key):
        values = [s[key] for s in samples if s.get(key) is not None]
        return round(median(values), 1) if values else None

    keys = ["shown", "opened"] + (["excerpts", "afterData", "dataEnd", "meta"] if engine == "folio" else ["search"])
    out = {k: med(k) for k in keys}
    if engine != "folio":
        out["fromOpen"] = med("fromOpen")
    else:
        # From the click: the dialog's opening, meta.json, then the query.
        values = [s["meta"] + s["shown"] for s in samples if s.get("shown") is not None]
        out["fromOpen"] = round(median(values), 1) if values else None
    out["runs"] = [{k: (round(v, 1) if isinstance(v, float) else v) for k, v in s.items()
                    if k in ("shown", "excerpts", "afterData", "dataEnd", "opened", "meta", "search", "fromOpen",
                             "count", "timedOut")} for s in samples]
    out["timed_out"] = sum(1 for s in samples if s.get("timedOut"))
    return out


def keystroke_texts(phrase):
    return [phrase[:i] for i in range(1, len(phrase) + 1)]


def keystrokes(server, rounds, cpu_slowdown=False):
    """Later keystrokes: each phrase typed once to fetch its data, then `rounds` times timed."""
    times, per_phrase = [], {}
    driver = loopback_driver()
    try:
        for phrase, lang in KEYSTROKE_PHRASES:
            load(driver, server, lang)
            script(driver, FOLIO_OPEN)
            texts = keystroke_texts(phrase)
            warm = script(driver, FOLIO_KEYS, texts + [""])
            server.wait_idle(0.5)
            if cpu_slowdown:
                driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
            timed = []
            for _ in range(rounds):
                timed += script(driver, FOLIO_KEYS, texts + [""])
            if cpu_slowdown:
                driver.execute_cdp_cmd("Emulation.setCPUThrottlingRate", {"rate": 1})
            per_phrase[phrase] = {"first_pass": [None if t is None else round(t, 2) for t in warm],
                                  "timed": [None if t is None else round(t, 2) for t in timed]}
            times += timed
            collect_errors(driver, f"keystrokes {phrase!r}")
    finally:
        done(driver)
    ok = [t for t in times if t is not None]
    return {"count": len(times), "timed_out": len(times) - len(ok),
            "median_ms": round(median(ok), 2) if ok else None, "max_ms": round(max(ok), 2) if ok else None,
            "p90_ms": round(statistics.quantiles(ok, n=10)[-1], 2) if len(ok) >= 10 else None,
            "over_16ms": sum(1 for t in ok if t >= 16), "phrases": per_phrase}


def typing(server, interval):
    """folio on the throttled profile, each timed query typed a character every `interval` ms as soon
    as the dialog opens: requests (and the same file fetched more than once) until the last answer."""
    out = {}
    driver = slow_driver()
    try:
        for q, lang in TIMED:
            load(driver, server, lang, slow=True)
            mark = server.mark()
            r = script(driver, FOLIO_TYPING, q, interval)
            throttle(driver, False)
            server.wait_idle(1.0)
            sent = server.since(mark)
            paths = [p for p, _ in sent]
            repeated = sorted({p[len(PREFIX):] for p in paths if paths.count(p) > 1})
            out[q] = {"visit": {k: (round(v, 1) if isinstance(v, float) else v) for k, v in r.items()},
                      "requests": len(sent), "bytes": sum(b for _, b in sent),
                      "distinct_files": len(set(paths)), "fetched_more_than_once": repeated,
                      "repeat_bytes": sum(b for p, b in sent) - sum(dict(sent).values())}
            collect_errors(driver, f"typing {q!r}")
    finally:
        throttle(driver, False)
        done(driver)
    return out


def result_key(url):
    """(slug, language) of a result's URL."""
    m = re.match(r"^/blog/(vi/)?posts/([^/#?]+)", url or "")
    return (m.group(2), "vi" if m.group(1) else "en") if m else (url, "?")


def recall(server, queries, relevant):
    """Top ten of each engine for every query, against the truth."""
    rows = []
    driver = loopback_driver()
    try:
        for lang in ("en", "vi"):
            load(driver, server, lang)
            script(driver, FOLIO_OPEN)
            first = True
            for q, qlang in queries:
                if qlang != lang:
                    continue
                f = script(driver, FOLIO_QUERY, q, False)
                p = script(driver, PAGEFIND_JS, q, False, first)
                first = False
                rel = relevant[(q, lang)]
                row = {"query": q, "lang": lang, "kind": kind(q, lang), "relevant": len(rel)}
                for engine, r in (("folio", f), ("pagefind", p)):
                    keys = [result_key(u) for u in r.get("urls", [])][:10]
                    hits = [k for k in keys if k[1] == lang and k[0] in rel]
                    other_lang = [k for k in keys if k[1] != lang]
                    total = r.get("count")
                    if engine == "folio":  # the status line: "N results", "N kết quả", "No results"
                        m = re.match(r"\s*(\d+)", r.get("status") or "")
                        total = int(m.group(1)) if m else (0 if r.get("count") == 0 else None)
                    row[engine] = {
                        "count": total, "top": [k[0] for k in keys], "hits": len(hits),
                        "wrong_language": len(other_lang), "duplicates": len(keys) - len(set(keys)),
                        "not_relevant": [k[0] for k in keys if k not in hits][:10],
                        "recall": round(len(set(hits)) / min(10, len(rel)), 3) if rel else None,
                        "status": r.get("status"), "timed_out": r.get("timedOut"),
                    }
                rows.append(row)
            collect_errors(driver, f"recall {lang}")
    finally:
        done(driver)
    summary = {}
    for engine in ("folio", "pagefind"):
        def avg(rows_):
            values = [r[engine]["recall"] for r in rows_ if r[engine]["recall"] is not None]
            return round(statistics.mean(values), 3) if values else None
        summary[engine] = {"overall": avg(rows), "en": avg([r for r in rows if r["kind"] == "en"]),
                           "vi marked": avg([r for r in rows if r["kind"] == "vi marked"]),
                           "vi plain": avg([r for r in rows if r["kind"] == "vi plain"])}
    return {"queries": rows, "summary": summary,
            "without_relevant": [r["query"] for r in rows if not r["relevant"]]}


# ---------------------------------------------------------------- report


def kb(n):
    return "-" if n is None else f"{n / 1024:.1f} KB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def ms(v):
    return "-" if v is None else f"{v:.0f}" if v >= 100 else f"{v:.1f}"


def report(r):
    print(f"\n== search, N = {r['posts']} generated posts (+ the demo's) ==")
    f, p = r["index"]["folio"], r["index"]["pagefind"]
    print(f"index on disk      folio search/   {kb(f['bytes']):>10} {f['files']:>6} files, gzip {kb(f['gzip_bytes'])}; "
          + ", ".join(f"{lang}: {e['term_shards']} term + {e['doc_shards']} doc shards, largest term shard "
                      f"{kb(e['largest_term_shard_bytes'])} (gzip {kb(e['largest_term_shard_gzip'])})"
                      for lang, e in sorted(f["languages"].items())))
    w = p["without_ui"]
    print(f"                   pagefind/       {kb(p['bytes']):>10} {p['files']:>6} files; without its UI files "
          f"{kb(w['bytes'])}, {w['files']} files")
    print("first query, fresh profile, bytes sent by the server (headers included)")
    print("  (folio's total counts search's code, fetched when search first opens: the code column)")
    print(f"  {'query':<14} {'folio shown':>12} {'code':>10} {'total':>12} {'req':>4} {'pagefind':>12} {'req':>4} {'folio/pf':>8}")
    for q, e in r["first_query"].items():
        fo, pf = e["folio"], e["pagefind"]
        code = fo["by_kind"].get("search code", {}).get("bytes", 0)
        print(f"  {q:<14} {kb(fo['results_bytes']):>12} {kb(code):>10} {kb(fo['bytes']):>12} {fo['requests']:>4} "
              f"{kb(pf['bytes']):>12} {pf['requests']:>4} {fo['bytes'] / pf['bytes']:>8.2f}")
    for profile, data in r["timing"].items():
        print(f"time to first result, {profile}, ms, median of {r['runs']} (folio: input event -> results shown; "
              f"after data = since its last data file arrived; pagefind: search() -> data() of 10)")
        print(f"  {'query':<14} {'folio':>7} {'after data':>10} {'+excerpts':>10} {'from open':>10} "
              f"{'pagefind':>9} {'from open':>10}" + ("" if profile == "throttled" else f" {'pf main thr.':>12}"))
        for q, e in data.items():
            fo, pf = e["folio"], e["pagefind"]
            line = (f"  {q:<14} {ms(fo['shown']):>7} {ms(fo['afterData']):>10} {ms(fo['excerpts']):>10} "
                    f"{ms(fo['fromOpen']):>10} {ms(pf['shown']):>9} {ms(pf['fromOpen']):>10}")
            if "pagefind main thread" in e:
                line += f" {ms(e['pagefind main thread']['shown']):>12}"
            timed_out = fo["timed_out"] + pf["timed_out"]
            print(line + (f"  ({timed_out} timed out)" if timed_out else ""))
    for name, k in (("loopback", r.get("keystrokes")), (f"CPU {CPU_SLOWDOWN}x slower", r.get("keystrokes_slow_cpu"))):
        if k:
            print(f"later keystrokes, folio, {name}: {k['count']} keystrokes, median {ms(k['median_ms'])} ms, "
                  f"p90 {ms(k['p90_ms'])} ms, max {ms(k['max_ms'])} ms, {k['over_16ms']} at 16 ms or more"
                  + (f", {k['timed_out']} timed out" if k["timed_out"] else ""))
    if r.get("typing_throttled"):
        print(f"typing each query at {r['typing_interval']} ms a key as the dialog opens, throttled (folio)")
        for q, e in r["typing_throttled"].items():
            v = e["visit"]
            print(f"  {q:<14} answered {ms(v['sinceLastKey'])} ms after the last key ({ms(v['fromOpen'])} from the click), "
                  f"{e['requests']} requests for {e['distinct_files']} files, {kb(e['bytes'])}"
                  + (f"; fetched more than once: {', '.join(e['fetched_more_than_once'])} (+{kb(e['repeat_bytes'])})"
                     if e["fetched_more_than_once"] else ""))
    rc = r["recall"]
    print(f"recall@10 over {len(rc['queries'])} queries (en / vi with diacritics / vi without)")
    for engine in ("folio", "pagefind"):
        s = rc["summary"][engine]
        print(f"  {engine:<9} overall {s['overall']}  en {s['en']}  vi marked {s['vi marked']}  vi plain {s['vi plain']}")
    low = [q for q in rc["queries"] if (q["folio"]["recall"] or 0) < 1 or (q["pagefind"]["recall"] or 0) < 1]
    for q in low:
        print(f"    {q['query']!r:<22} relevant {q['relevant']:>6}  folio {q['folio']['recall']} "
              f"({q['folio']['count']} results)  pagefind {q['pagefind']['recall']} ({q['pagefind']['count']} results)")
    differ = [f"{q['query']!r} {q['relevant']}/{q['folio']['count']}/{q['pagefind']['count']}" for q in rc["queries"]
              if q["folio"]["count"] != q["relevant"] or q["pagefind"]["count"] != q["relevant"]]
    if differ:
        print("  result counts unlike the truth's (relevant/folio/pagefind; the last word is a prefix in both): "
              + ", ".join(differ))
    if rc["without_relevant"]:
        print(f"  queries without a relevant post (left out of the means): {rc['without_relevant']}")
    print("targets: " + "; ".join(f"{name}: {'met' if t['met'] else 'not met' if t['met'] is not None else 'no target'} "
                                  f"({', '.join(f'{k} {v}' for k, v in t.items() if k != 'met')})"
                                  for name, t in r["targets"].items()))
    busy = {k: v["others_cpu_share"] for k, v in r.get("machine", {}).items() if v["others_cpu_share"] >= 0.1}
    if busy:
        print(f"warning: other processes used this share of the machine's CPU during these measurements, "
              f"whose times may be slower than on a quiet machine: {busy}")
    errors = r["console_errors"]
    print(f"console errors: {len(errors)}" + "".join(f"\n  {e['where']}: {e['message'][:200]}" for e in errors[:10]))


def targets(r):
    """The issue's targets for folio: later keystrokes under 16 ms; the first query answered within
    50 ms of its data's arrival; first-query bytes at most 30 KB on the demo and 150 KB on 10,000
    posts, and at most half of Pagefind's."""
    out = {}
    k = r.get("keystrokes")
    if k and k["max_ms"] is not None:
        out["keystrokes under 16 ms"] = {"max_ms": k["max_ms"], "over": k["over_16ms"], "of": k["count"],
                                         "met": k["max_ms"] < 16}
    after = [run["afterData"] for profile in r["timing"].values() for e in profile.values()
             for run in e["folio"]["runs"] if run.get("afterData") is not None]
    after += [e["folio"]["visit"]["afterData"] for e in r["first_query"].values()
              if e["folio"]["visit"].get("afterData") is not None]
    if after:
        out["answered within 50 ms of its data"] = {"max_ms": round(max(after), 1), "met": max(after) <= 50}
    worst = max(e["folio"]["bytes"] for e in r["first_query"].values())
    limit = {0: 30 * 1024, 10000: 150 * 1024}.get(r["posts"])
    out["first-query bytes"] = {"max_bytes": worst, "limit": limit, "met": None if limit is None else worst <= limit}
    ratio = max(e["folio"]["bytes"] / e["pagefind"]["bytes"] for e in r["first_query"].values())
    out["at most half of Pagefind's"] = {"max_ratio": round(ratio, 2), "met": ratio <= 0.5}
    before = [p for e in r["first_query"].values() for x in e.values() for p in x["fetched_before_open"]]
    out["nothing fetched before search opens"] = {"fetched": before, "met": not before}
    return out


def summary(rows):
    print("\nsummary (bytes: max over the timed queries, first query; times: max of the query medians, ms)")
    print(f"{'N':>6} {'folio idx':>10} {'pf idx':>10} {'folio 1st':>10} {'+excerpt':>10} {'pf 1st':>10} "
          f"{'folio loop':>10} {'pf loop':>8} {'folio slow':>10} {'pf slow':>8} {'keys med':>8} {'keys max':>8} "
          f"{'recall f/p':>12} {'vi plain f/p':>13}")
    for r in rows:
        fq = r["first_query"].values()
        t = r["timing"]

        def worst(profile, engine):
            values = [e[engine]["shown"] for e in t.get(profile, {}).values() if e[engine]["shown"] is not None]
            return ms(max(values)) if values else "-"

        k = r.get("keystrokes") or {}
        s = r["recall"]["summary"]
        print(f"{r['posts']:>6} {kb(r['index']['folio']['bytes']):>10} {kb(r['index']['pagefind']['bytes']):>10} "
              f"{kb(max(e['folio']['results_bytes'] for e in fq)):>10} {kb(max(e['folio']['bytes'] for e in fq)):>10} "
              f"{kb(max(e['pagefind']['bytes'] for e in fq)):>10} {worst('loopback', 'folio'):>10} "
              f"{worst('loopback', 'pagefind'):>8} {worst('throttled', 'folio'):>10} {worst('throttled', 'pagefind'):>8} "
              f"{ms(k.get('median_ms')):>8} {ms(k.get('max_ms')):>8} "
              f"{str(s['folio']['overall']) + '/' + str(s['pagefind']['overall']):>12} "
              f"{str(s['folio']['vi plain']) + '/' + str(s['pagefind']['vi plain']):>13}")


def commit():
    try:
        env = dict(os.environ, GIT_OPTIONAL_LOCKS="0")
        return subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              check=True, env=env).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def run(posts, args):
    started = time.perf_counter()
    print(f"\n== N = {posts} ==", flush=True)
    ERRORS.clear()
    site, source, build = build_site(posts, args)
    result = {"posts": posts, "seed": args.seed, "commit": commit(), "runs": args.runs, "build": build,
              "typing_interval": args.typing_interval,
              "pagefind_args": PAGEFIND_ARGS, "dist_wasm": sorted(n for n in os.listdir(site) if n.endswith(".wasm"))}
    result["index"] = index_sizes(site)
    queries = queries_for(posts)
    started_truth = time.perf_counter()
    relevant, versions = truth(site, source, queries)
    result["truth"] = {"post_versions": versions, "seconds": round(time.perf_counter() - started_truth, 2),
                       "relevant": {f"{q} ({lang})": len(v) for (q, lang), v in relevant.items()}}
    server = CountingSite(site)
    try:
        print("  first queries (fresh profiles)", flush=True)
        result["first_query"] = phase(result, "first_query", args, lambda: {
            q: {engine: first_query(server, q, lang, engine) for engine in ("folio", "pagefind")} for q, lang in TIMED})
        result["timing"] = {}
        print("  time to first result, loopback", flush=True)
        result["timing"]["loopback"] = phase(result, "timing loopback", args,
                                             lambda: timings(server, args.runs, slow=False))
        if args.throttled:
            print("  time to first result, throttled", flush=True)
            result["timing"]["throttled"] = phase(result, "timing throttled", args,
                                                  lambda: timings(server, args.runs, slow=True))
            print("  typing on the throttled profile", flush=True)
            result["typing_throttled"] = phase(result, "typing", args, lambda: typing(server, args.typing_interval))
        print("  later keystrokes", flush=True)
        result["keystrokes"] = phase(result, "keystrokes", args, lambda: keystrokes(server, args.keystroke_rounds))
        result["keystrokes_slow_cpu"] = phase(result, "keystrokes slow cpu", args,
                                              lambda: keystrokes(server, 1, cpu_slowdown=True))
        print("  recall", flush=True)
        result["recall"] = recall(server, queries, relevant)
    finally:
        server.stop()
    result["console_errors"] = list(ERRORS)
    result["targets"] = targets(result)
    result["wall_s"] = round(time.perf_counter() - started, 1)
    report(result)
    print(f"N = {posts}: {result['wall_s']} s", flush=True)
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, f"search-{posts}.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1, ensure_ascii=False)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, nargs="+", default=[0, 1000, 10000], help="N, one or more (0: the demo site)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="page loads per query, engine and profile (median reported)")
    parser.add_argument("--keystroke-rounds", type=int, default=2, help="timed passes over the keystroke phrases")
    parser.add_argument("--no-throttled", dest="throttled", action="store_false")
    parser.add_argument("--typing-interval", type=int, default=120, metavar="MS",
                        help="ms between keystrokes when typing a query on the throttled profile")
    parser.add_argument("--work", default="/tmp/folio-search-bench", help="scratch folder for the sites")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the sites even if their inputs are unchanged")
    parser.add_argument("--quiet", type=float, default=300, metavar="SECONDS",
                        help="before each timed phase, wait up to this long for the machine to be quiet (0: do not wait)")
    args = parser.parse_args()
    for path, what in ((os.path.join(DIST, "index.html"), "run `trunk build --release --public-url /blog/`"),
                       (INDEXER, "the build's indexer (target/debug/folio-index)"), (PAGEFIND, "`npm ci` in tools/")):
        if not os.path.exists(path):
            sys.exit(f"search: {path} is missing: {what}")
    os.makedirs(args.work, exist_ok=True)
    started = time.perf_counter()
    rows = [run(n, args) for n in args.posts]
    summary(rows)
    print(f"total wall time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
