"""Live reload on a big site: `trunk serve` on N generated bilingual posts, then
the time from saving an edit to one post until the server answers with it.

    python3 bench/live_reload.py --posts 10000          (about 5 minutes once compiled)
    python3 bench/live_reload.py --posts 1000 --edits 3

Needs what scripts/setup.sh installs. Writes the same posts as
bench/archive.py (its generator) beside the demo's own, in a scratch copy of
the site (bench/results/live/site; the Rust build goes to
bench/results/live/target, compiled by the first build, untimed). Starts
`trunk serve --public-url /blog/` there and waits for its first build, which
is a full one: no state is kept yet. Then, --edits times, edits the English
file of a post (alternately an old post, on no list's first page, and the
newest post, which is on the home page and in the feeds), and polls the
post's page every 20 ms until it has the new title: saved-to-served, the
figure the issue asks for. It also records when the home page shows the
newest post's new title, and the indexer's own time and count of files
written (from its log line). Between edits it waits for Trunk to finish and
for its watcher's one-second cooldown.

Prints a table and writes bench/results/live-N.json.
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request

from archive import copy_build_inputs, generate_post, tool_path
from common import RESULTS, ROOT

WORK = os.path.join(RESULTS, "live")
SITE = os.path.join(WORK, "site")
PREFIX = "/blog/"


def prepare_site(posts, seed):
    """The scratch site: the repository's build inputs and N generated posts."""
    if os.path.isdir(SITE):
        shutil.rmtree(SITE)
    os.makedirs(SITE)
    copy_build_inputs(ROOT, SITE)
    folder = os.path.join(SITE, "site", "posts")
    newest = None
    for k in range(1, posts + 1):
        en, vi, *_ = generate_post(seed, k, posts)
        day = re.search(r"(?m)^date: (\S+)$", en).group(1)
        if newest is None or day > newest[0]:
            newest = (day, k)
        for suffix, text in ((".md", en), (".vi.md", vi)):
            with open(os.path.join(folder, f"gen-{k:05d}{suffix}"), "w", encoding="utf-8") as f:
                f.write(text)
    return newest[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except OSError as error:
        return getattr(error, "code", 0), ""


def wait_for(url, needle, timeout, step=0.02):
    """Seconds until `url` answers 200 with `needle` in it, or None."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        status, text = fetch(url)
        if status == 200 and needle in text:
            return time.perf_counter() - started
        time.sleep(step)
    return None


class Log:
    """Trunk's output (with the indexer's), read as it grows."""

    def __init__(self, path):
        self.path = path
        self.seen = 0

    def new(self):
        with open(self.path, encoding="utf-8", errors="replace") as f:
            f.seek(self.seen)
            text = f.read()
        self.seen += len(text.encode("utf-8", "replace"))
        return text


def wait_build(log, server, timeout=120):
    """Waits until Trunk reports the build applied; returns the indexer's log line."""
    started, text = time.time(), ""
    while time.time() - started < timeout:
        if server.poll() is not None:
            sys.exit(f"live_reload: trunk exited:\n{text}{log.new()}"[-3000:])
        text += log.new()
        if "applying new distribution" in text or "success" in text.lower():
            found = re.findall(r"folio: debug build: .*", text)
            return found[-1] if found else ""
        if "error" in text.lower() and "build failed" in text.lower():
            sys.exit("live_reload: the build failed:\n" + text[-3000:])
        time.sleep(0.05)
    sys.exit("live_reload: no build finished within the timeout:\n" + text[-3000:])


def edit(path, marker):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"(?m)^title: .*$", f"title: {marker}", text, count=1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=8094)
    parser.add_argument("--target-dir", default=os.path.join(WORK, "target"))
    args = parser.parse_args()

    env = dict(os.environ, PATH=tool_path(), CARGO_TARGET_DIR=os.path.abspath(args.target_dir), RUST_LOG="info")
    if not shutil.which("trunk", path=env["PATH"]):
        sys.exit("live_reload: `trunk` is missing: run scripts/setup.sh")
    os.makedirs(WORK, exist_ok=True)
    print(f"writing {args.posts} posts", flush=True)
    newest = prepare_site(args.posts, args.seed)
    old = max(1, args.posts // 2)
    if old == newest:
        old = 1 if newest != 1 else 2

    log_path = os.path.join(WORK, "trunk.log")
    log_file = open(log_path, "w")
    base = f"http://127.0.0.1:{args.port}{PREFIX}"
    server = subprocess.Popen(
        ["trunk", "serve", "--public-url", PREFIX, "--address", "127.0.0.1", "--port", str(args.port)],
        cwd=SITE, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
    log = Log(log_path)
    try:
        print("first build (compiles, then a full build of the site)", flush=True)
        started = time.perf_counter()
        first = wait_build(log, server, timeout=3600)
        print(f"  {time.perf_counter() - started:.1f} s; {first}", flush=True)
        if wait_for(base + f"posts/gen-{old:05d}/", "<h1", 30) is None:
            sys.exit(f"live_reload: {base}posts/gen-{old:05d}/ is not served; see {log_path}")

        runs = []
        for n in range(args.edits):
            k = old if n % 2 == 0 else newest
            marker = f"Edited {n} {time.time_ns()}"
            time.sleep(1.5)  # Trunk ignores changes for a second after a build
            log.new()
            edit(os.path.join(SITE, "site", "posts", f"gen-{k:05d}.md"), marker)
            saved = time.perf_counter()
            served = wait_for(base + f"posts/gen-{k:05d}/", marker, 60)
            listed = wait_for(base, marker, 60) if k == newest else None
            line = wait_build(log, server)
            if served is None:
                sys.exit(f"live_reload: the edit to gen-{k:05d} was not served within 60 s; see {log_path}")
            listed = None if listed is None else served + listed
            run = {"post": f"gen-{k:05d}", "newest": k == newest, "served_s": round(served, 3),
                   "home_s": None if listed is None else round(listed, 3), "indexer": line}
            runs.append(run)
            print(f"  edit {n + 1}: gen-{k:05d}{' (newest)' if k == newest else ''}: served after {served:.2f} s"
                  + (f", on the home page after {listed:.2f} s" if listed is not None else "") + f"; {line}",
                  flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log_file.close()

    served = [r["served_s"] for r in runs]
    result = {"posts": args.posts, "first_build_line": first, "runs": runs,
              "served_median_s": statistics.median(served), "served_max_s": max(served)}
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, f"live-{args.posts}.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(f"\n{args.posts} posts: an edited post is served {result['served_median_s']:.2f} s after it is saved "
          f"(median of {len(served)}, slowest {result['served_max_s']:.2f} s)")


if __name__ == "__main__":
    main()
