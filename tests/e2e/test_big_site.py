"""A generated site of 1,000 bilingual posts, indexed by the built indexer
(issue 10): every link resolves (the link checker of `test_links.py`), the
lists are paginated, the feeds carry the newest posts only, and no page or
data file but the archive and the sitemap grows with the archive. No
browser: this reads `dist/`-like output."""

import glob
import json
import os
import random
import re
import shutil
import subprocess

from conftest import ROOT
from test_links import broken_links, report

POSTS = 1_000
TAGS = ["rust", "web", "systems", "Hà Nội", "du lịch", "C++", "đường phố", "caching", "notes", "bilingual"]
WORDS_EN = "the reader cache page post build fast slow network language switch archive year tag".split()
WORDS_VI = "bài viết người đọc đường phố bộ nhớ đệm mạng ngôn ngữ năm thẻ nhanh chậm lưu trữ".split()


def generated_post(k, rng):
    """Post k in English and Vietnamese, linking to two other generated posts."""
    day = f"{2015 + k % 10}-{1 + k % 12:02d}-{1 + k % 28:02d}"
    tags = ", ".join(rng.sample(TAGS, rng.randint(1, 3)))
    others = [f"gen-{rng.randrange(POSTS):04d}" for _ in range(2)]
    def body(words):
        lines = [" ".join(rng.choices(words, k=30)) + f" [{others[0]}]({others[0]}.md)."]
        lines.append("## " + " ".join(rng.choices(words, k=3)))
        lines.append(" ".join(rng.choices(words, k=40)) + f" [{others[1]}]({others[1]}.md#top).")
        return "\n\n".join(lines) + "\n"
    en = f"---\ntitle: Post {k} {' '.join(rng.choices(WORDS_EN, k=3))}\ndate: {day}\nkeywords: {tags}\n---\n" + body(WORDS_EN)
    vi = f"---\ntitle: Bài {k} {' '.join(rng.choices(WORDS_VI, k=3))}\n---\n" + body(WORDS_VI)
    return en, vi


def shell_from_source(dist):
    """Trunk's shell, as Trunk writes it: the source index.html with its
    assets linked by their hashed names in `dist`."""
    with open(os.path.join(ROOT, "index.html"), encoding="utf-8") as f:
        shell = f.read()
    def hashed(prefix, suffix):
        return os.path.basename(glob.glob(os.path.join(dist, f"{prefix}-*{suffix}"))[0])
    shell = re.sub(r'<link data-trunk rel="css"[^>]*>', f'<link rel="stylesheet" href="/blog/{hashed("main", ".css")}">', shell)
    shell = re.sub(r'<link data-trunk rel="icon"[^>]*>', f'<link rel="icon" href="/blog/{hashed("favicon", ".svg")}">', shell)
    return shell


def copy_app_files(dist, into):
    """What Trunk's build leaves for the indexer (the app's parts, its
    stylesheet and icon), copied from `dist` into the folder `into`."""
    for name in os.listdir(dist):
        if name.startswith(("folio-", "split_", "main-", "favicon-")):
            shutil.copy(os.path.join(dist, name), os.path.join(into, name))


def test_a_generated_thousand_post_site_is_whole_and_small(dist, tmp_path):
    site, staging = tmp_path / "site", tmp_path / "dist"
    shutil.copytree(os.path.join(ROOT, "site"), site)
    with open(os.path.join(ROOT, "site", "folio.toml"), encoding="utf-8") as f:
        config = f.read()
    (site / "folio.toml").write_text(re.sub(r"(?m)^page_size = .*$", "page_size = 20", config), encoding="utf-8")
    rng = random.Random(10)
    for k in range(POSTS):
        en, vi = generated_post(k, rng)
        (site / "posts" / f"gen-{k:04d}.md").write_text(en, encoding="utf-8")
        (site / "posts" / f"gen-{k:04d}.vi.md").write_text(vi, encoding="utf-8")
    staging.mkdir()
    copy_app_files(dist, staging)
    (staging / "index.html").write_text(shell_from_source(dist), encoding="utf-8")
    indexer = os.path.join(ROOT, "target", "debug", "folio-index")
    env = dict(os.environ, TRUNK_SOURCE_DIR=ROOT, FOLIO_SITE=str(site), TRUNK_STAGING_DIR=str(staging),
               TRUNK_PUBLIC_URL="/blog/", TRUNK_PROFILE="release")
    run = subprocess.run([indexer], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert f"{POSTS + 8} post(s), 1 page(s) indexed" in run.stderr

    failures = broken_links(str(staging), "/blog/")
    assert not failures, report(failures)

    # Twenty posts a page, in both languages; the last page holds the rest.
    pages = (POSTS + 8 + 19) // 20
    for prefix in ["", "vi/"]:
        assert (staging / f"{prefix}page/{pages}/index.html").exists()
        assert not (staging / f"{prefix}page/{pages + 1}").exists()
        last = json.loads((staging / f"{prefix}page/{pages}/data.json").read_text(encoding="utf-8"))["list"]
        assert last["number"] == pages and len(last["posts"]) == (POSTS + 8) - 20 * (pages - 1)
    # Feeds carry the newest 20; nothing grows with the archive but the archive.
    for feed in ["atom.xml", "vi/atom.xml"]:
        assert (staging / feed).read_text(encoding="utf-8").count("<entry>") == 20
    def size(path):
        return path.stat().st_size
    pages = [p for p in staging.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".xml")]
    grows = lambda p: "archive" in p.parts or p.name.startswith("sitemap")
    biggest = max((p for p in pages if not grows(p)), key=size)
    assert size(biggest) < 300_000, f"{biggest} is {size(biggest)} bytes"
    assert all(size(p) < 1_100_000 for p in pages if grows(p)), "the archive and the sitemap stay under 1.1 MB a file"
    markdown = [p for p in staging.rglob("*.md")]
    assert markdown == [], "posts are served rendered, never as Markdown"
