"""Moving in: a generated corpus of posts in Jekyll's, Hugo's (YAML and TOML)
and Zola's formats, each copied into a site's `posts/` as it is, built by the
release indexer and checked by the end-to-end suite's link checker.

    python3 bench/migration.py                  # 200 posts per format
    python3 bench/migration.py --posts 500

Needs a release build in dist/ (`trunk build --release --public-url /blog/`,
which the test command makes) and the indexer (`target/debug/folio-index`).
For each format, prints and writes to bench/results/migration.json: posts
written, posts indexed, whether the build needed an edit (it never gets
one: a failed build counts as "no"), internal links and images broken, and
the warnings by kind. Every post links to others the way its engine writes
links (Jekyll's `post_url` and old permalinks under `site.baseurl`, Hugo's
`ref` and aliases, Zola's `@/` links), and carries its engine's tags
(highlight blocks, figures, some over two lines, videos, a tag in text
indented under a list item), dates with times and zones, drafts, posts
their engine keeps from being pages, their own slugs and permalinks,
aliases and keys folio does not use. Posts are deterministic (--seed).
"""

import argparse
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))

from test_links import broken_links  # noqa: E402
from test_site_folder import index_site_folder  # noqa: E402

RESULTS = os.path.join(ROOT, "bench", "results")
WORDS = ("cache request latency thread socket buffer tree index query shard "
         "kernel page route token parser module crate closure render stream").split()
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20"><rect width="30" height="20"/></svg>'


def prose(rng, sentences=6):
    return " ".join(" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))).capitalize() + "."
                    for _ in range(sentences))


def day(k):
    return f"{2015 + k % 10:04d}-{1 + k % 12:02d}-{1 + k % 28:02d}"


CATEGORIES = ["Android", "web", "systems"]


def linked(k, step, n, drafts):
    """The post that post `k` links to: never itself, never a draft."""
    other = (k * step + 3) % n
    while other in drafts or other == k:
        other = (other + 1) % n
    return other


def jekyll(rng, n):
    """`_posts/` as Jekyll writes it, its old URLs by the `date` style."""
    files, config = {}, 'old_permalinks = ["date"]\n'
    drafts = {k for k in range(n) if k % 50 == 49}
    for k in range(n):
        other = linked(k, 7, n, drafts)
        old_path = f"{CATEGORIES[other % 3].lower()}/{day(other).replace('-', '/')}/post-{other}.html"
        if other % 5 == 0:
            # A post with its own `permalink` had that URL instead.
            old_path = f"writing/p{other}.html"
        body = f"""{prose(rng)}

## Part {k}

{prose(rng, 3)} See [the earlier post]({{% post_url {day(other)}-post-{other} %}}) and
[its old URL]({{{{ site.baseurl }}}}/{old_path}#part-{other}).

{{% highlight python linenos %}}
def handler_{k}(request):
    return "{{% raw %}}{{{{ not liquid }}}}{{% endraw %}}"
{{% endhighlight %}}

1. A step, whose text is the list item's:

    Then read [that post again]({{% post_url {day(other)}-post-{other} %}}).

{prose(rng, 2)}
"""
        front = (f"---\nlayout: post\ntitle: \"Post {k}: {rng.choice(WORDS)}\"\ndate: {day(k)} 17:56:15 +0100\n"
                 f"categories: [{CATEGORIES[k % 3]}]\ntags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]\n"
                 f"excerpt: {prose(rng, 1)}\ncomments: true\n")
        if k % 10 == 0:
            front += f"redirect_from:\n  - /old/post-{k}/\n"
        if k in drafts:
            front += "published: false\n"
        if k % 5 == 0:
            front += f"permalink: /writing/p{k}.html\n"
        files[f"{day(k)}-post-{k}.md"] = front + "---\n" + body
    return files, config, drafts


def hugo(rng, n, toml):
    """`content/posts/` as Hugo writes it: page bundles with their images."""
    files = {}
    drafts = {k for k in range(n) if k % 40 == 39}
    # Not pages in Hugo (`headless`, `build.render`): left out like drafts.
    drafts |= {k for k in range(n) if k % 50 == 25}
    for k in range(n):
        other = linked(k, 11, n, drafts)
        figure = (f'{{{{< figure src="pic.svg"\n    caption="Figure {k}" alt="A figure" >}}}}' if k % 3 == 0
                  else f'{{{{< figure src="pic.svg" caption="Figure {k}" alt="A figure" >}}}}')
        body = f"""{prose(rng)}

{figure}

## Part {k}

{prose(rng, 3)} Read [the other post]({{{{< ref "post-{other}/index.md" >}}}}) or its
[old address](/old/post-{other}/#part-{other}). Write `{{{{</* youtube id */>}}}}` to embed.

{{{{< highlight go >}}}}
func main() {{ fmt.Println({k}) }}
{{{{< /highlight >}}}}

{{{{< youtube dQw4w9WgXcQ >}}}}
"""
        if toml:
            front = (f'+++\ntitle = "Post {k}"\ndate = {day(k)}T10:00:00+07:00\nlastmod = {day(k)}T12:00:00Z\n'
                     f'tags = ["{rng.choice(WORDS)}"]\ncategories = ["{rng.choice(WORDS)}"]\naliases = ["/old/post-{k}/"]\n'
                     f'weight = {k}\ndraft = {"true" if k % 40 == 39 else "false"}\n'
                     f'summary = "{prose(rng, 1)}"\n' + (f'slug = "s-{k}"\n' if k % 7 == 0 else "")
                     + '[cover]\nimage = "pic.svg"\n'
                     + ('[build]\nrender = "never"\n' if k % 50 == 25 else "") + '+++\n')
        else:
            front = (f"---\ntitle: Post {k}\ndate: {day(k)}T10:00:00+07:00\nlastmod: {day(k)}\n"
                     f"tags: [{rng.choice(WORDS)}]\naliases: [/old/post-{k}/]\nweight: {k}\n"
                     f"draft: {'true' if k % 40 == 39 else 'false'}\nsummary: {prose(rng, 1)}\n"
                     f"cover:\n  image: pic.svg\n" + (f"slug: s-{k}\n" if k % 7 == 0 else "")
                     + ("headless: true\n" if k % 50 == 25 else "") + "---\n")
        files[f"post-{k}/index.md"] = front + body
        files[f"post-{k}/pic.svg"] = SVG
    files["_index.md"] = "---\ntitle: Posts\n---\n"
    return files, "", drafts


def zola(rng, n):
    """`content/` as Zola writes it: sections with dated names, TOML, taxonomies."""
    files = {}
    hidden = {k for k in range(n) if k % 45 == 44}
    for k in range(n):
        other = linked(k, 13, n, hidden)
        section = ["blog", "notes"][k % 2]
        other_section = ["blog", "notes"][other % 2]
        body = f"""{prose(rng)}

## Part {k}

{prose(rng, 3)} See [that post](@/{other_section}/{day(other)}_post-{other}.md#part-{other}).

{{{{ youtube(id="dQw4w9WgXcQ") }}}}

```rust
fn main() {{ println!("{k}"); }}
```
"""
        front = (f'+++\ntitle = "Post {k}"\ndate = {day(k)}\nupdated = {day(k)}T09:00:00Z\n'
                 f'description = "{prose(rng, 1)}"\n' + (f'slug = "z-{k}"\n' if k % 6 == 0 else "")
                 + ("render = false\n" if k in hidden else "") + f'[taxonomies]\ntags = ["{rng.choice(WORDS)}"]\n'
                 f'categories = ["{section}"]\n[extra]\ntoc = true\n+++\n')
        files[f"{section}/{day(k)}_post-{k}.md"] = front + body
    for section in ("blog", "notes"):
        files[f"{section}/_index.md"] = f'+++\ntitle = "{section}"\nsort_by = "date"\n+++\n'
    return files, "", hidden


CONFIG = """title = "Moved in"
base_url = "https://moved.example"
default_language = "en"
{extra}
[[languages]]
code = "en"
name = "English"
"""


def build(name, files, extra, dist, work):
    site = work / name
    for path, text in files.items():
        target = site / "posts" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (site / "folio.toml").write_text(CONFIG.format(extra=extra), encoding="utf-8")
    out = work / f"{name}-out"
    out.mkdir()
    started = time.perf_counter()
    try:
        staging, log = index_site_folder(dist, out, str(site))
    except AssertionError as failed:
        return None, str(failed), time.perf_counter() - started
    return staging, log, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=200, help="posts per format")
    parser.add_argument("--seed", type=int, default=20261205)
    args = parser.parse_args()
    dist = os.path.join(ROOT, "dist")
    if not os.path.exists(os.path.join(dist, "index.html")):
        sys.exit("migration.py: no release build in dist/; run `trunk build --release --public-url /blog/` first")
    rng = random.Random(args.seed)
    corpora = {
        "jekyll": jekyll(rng, args.posts),
        "hugo-yaml": hugo(rng, args.posts, toml=False),
        "hugo-toml": hugo(rng, args.posts, toml=True),
        "zola": zola(rng, args.posts),
    }
    results = {}
    work = Path(tempfile.mkdtemp(prefix="folio-migration-"))
    try:
        for name, (files, extra, drafts) in corpora.items():
            staging, log, seconds = build(name, files, extra, dist, work)
            posts = sum(1 for path in files if path.endswith(".md") and not path.endswith("_index.md"))
            indexed = re.search(r"(\d+) post\(s\)(?:, \d+ page\(s\))? indexed", log)
            broken = [str(b) for b in broken_links(str(staging), "/blog/")] if staging else []
            kinds = {}
            for line in log.splitlines():
                if line.startswith("warning:"):
                    kind = re.sub(r"^warning: \S+?:(\d+:)? ?", "", line)
                    kind = re.sub(r"`[^`]*`|\d+", "…", kind)[:90]
                    kinds[kind] = kinds.get(kind, 0) + 1
            results[name] = {
                "posts": posts,
                "drafts": len(drafts),
                "indexed": int(indexed.group(1)) if indexed else 0,
                "built_unedited": staging is not None,
                "broken_links": len(broken),
                "broken_examples": broken[:5],
                "warnings": kinds,
                "seconds": round(seconds, 2),
            }
            r = results[name]
            print(f"{name:10} {r['indexed']} of {r['posts'] - r['drafts']} posts (+{r['drafts']} drafts) indexed, "
                  f"built unedited: {'yes' if r['built_unedited'] else 'no'}, {r['broken_links']} broken links, "
                  f"{r['seconds']} s")
            for kind, count in sorted(kinds.items(), key=lambda kv: -kv[1]):
                print(f"    {count:5}  {kind}")
            for example in r["broken_examples"]:
                print(f"    broken: {example}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, "migration.json"), "w", encoding="utf-8") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
