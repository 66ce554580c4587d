"""Archive scale: folio with N generated bilingual posts, against Hugo on the same posts.

    python3 bench/archive.py --posts 100 1000 10000      (about 10 minutes on a quiet 2-core machine)
    python3 bench/archive.py --posts 1000 --no-hugo --no-browser --indexer-runs 1 --repeat 1

Needs what scripts/setup.sh installs, Hugo (`apt-get install -y hugo`, 0.111
on Debian 12), /usr/bin/time and about 10 GB of disk. Run it on a quiet
machine: before each timed step it waits (up to --quiet seconds) until the
CPU is idle, and flags every figure during which other processes were busy.

For each N: writes N posts in English (`gen-NNNNN.md`) and their Vietnamese
translations (`gen-NNNNN.vi.md`), about 1,200 words each, with headings, lists,
emphasis, links to other generated posts, 1 to 3 of 50 tags and, in a third
of them, a code block, beside the demo's own posts in a scratch copy of the
site (bench/results/archive/site; the Rust build goes to
bench/results/archive/target, or $FOLIO_BENCH_TARGET / --target-dir, so the
wasm is compiled once, by an untimed warm-up build, and reused). Then measures:

- `trunk build --release --public-url /blog/` into an empty dist/, wall and
  CPU time (cargo has nothing to compile: this is wasm-bindgen, wasm-opt and
  the indexer hook, which is also timed on its own inside the build);
- the content step alone: the indexer binary run again with the environment
  Trunk gives its post_build hook, on a copy of the staging folder exactly as
  Trunk handed it over (the hook is wrapped in the scratch copy's Trunk.toml
  to save it), under `/usr/bin/time -v` (wall and CPU time, peak RSS); the
  posts are in the page cache by then;
- the size of dist/ (bytes, files), its largest file and the post index;
- the bytes a cold visit transfers (fresh Chromium profile, empty cache, until
  the app has taken over and the network has been idle for 1.5 s), counted
  from Chromium's Network.loadingFinished events (encodedDataLength: bytes on
  the wire, headers included; tests/e2e/server.py gzips text, JSON, JS and
  wasm, so these are gzip figures), for the first generated post, the home
  page, the `rust` tag page and a demo post, in every language; the same URLs
  are first measured on the demo site alone (N=0) for the ratios;
- Hugo building the same posts with minimal templates (two languages,
  translations by file name, paginated lists of 20, tags), under
  `/usr/bin/time -v`.

Timings are the fastest of --repeat builds and --indexer-runs content steps
(every run is in the JSON). Prints a table and writes
bench/results/archive-N.json (archive-0.json for the demo site). Posts are
deterministic (--seed, --code-share): post k is the same for every N, except
that its links point at posts <= N.
"""

import argparse
import gzip
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
import tomllib
import unicodedata
from datetime import date, timedelta

from common import RESULTS, ROOT, WAKE_APP, Site, quit_driver

WORK = os.path.join(RESULTS, "archive")
SITE = os.path.join(WORK, "site")
HUGO = os.path.join(WORK, "hugo")
SNAPSHOT = os.path.join(WORK, "staging-before-indexer")
HOOK_TIME = os.path.join(WORK, "hook-time.txt")
# What a run replaces is moved here and deleted only when the run ends: on this
# machine's ext4 (mounted with `discard`), deleting a large tree slows the file
# writes that follow for a while, which made each of five content steps in a
# row slower than the last (sys time 0.8 s to 2.5 s at 1,000 posts).
TRASH = os.path.join(WORK, "trash")
PREFIX = "/blog/"
# Top-level entries of the repository a build does not need.
SKIP = {"target", "dist", "bench", "tools", "docs", "fuzz", "node_modules"}

TAG = "rust"  # a plain ASCII tag: the demo's rust-notes has it, and a fifth of the generated posts
DEMO_POST = "distributed-cache"  # a demo post in both languages: the same URL at every N
FIRST = "gen-00001"
IDLE_SECONDS = 1.5

# ---------------------------------------------------------------- words

EN_WORDS = """
the a an of to and in on for with from by at as into over under between about after before through during
without within against across toward system cache server client request response build index page post
reader writer file folder network memory disk thread process queue table column row query schema record
value key hash tree graph list array string number byte buffer stream packet socket route handler event
signal error warning failure retry timeout deadline budget latency throughput bandwidth load traffic
browser engine compiler runtime module package crate library function method closure trait type struct
field variable constant pointer reference lifetime borrow owner copy clone move slice vector map set
simple small large fast slow quiet careful honest clear stable fragile shared local remote static dynamic
early late first last next previous whole partial hidden visible strange familiar modern old new good
better best common rare useful costly cheap safe unsafe strict loose plain rich long short deep shallow
write read measure change keep drop send receive store fetch parse render check test ship deploy cache
learn teach explain notice forget remember choose avoid prefer allow refuse split merge sort search find
grow shrink start stop wait run walk open close begin finish follow lead carry hold break repair
morning evening winter summer river mountain city street market garden kitchen window letter story
question answer reason habit lesson mistake promise problem solution idea plan draft note summary detail
team friend teacher student author editor neighbour stranger family weekend holiday journey coffee tea
because although while when where which that this these those every each some many few most more less
often rarely always never sometimes usually quickly slowly gently carefully finally perhaps almost
really quite very rather enough still already again together apart instead otherwise however therefore
""".split()

VI_WORDS = """
và của là có không những một các cho với trong khi được người này đó thì để đã sẽ đang rất cũng nhưng
như vì nên nếu mà lại ra vào lên xuống qua về theo trên dưới giữa sau trước bên ngoài hệ thống bộ nhớ
đệm máy chủ trình duyệt yêu cầu phản hồi tệp thư mục mạng luồng hàng đợi bảng cột dòng truy vấn khóa
giá trị cây đồ thị danh sách chuỗi số byte gói lỗi cảnh báo thất bại thử lại hạn chót độ trễ băng thông
tải lưu lượng trình biên dịch thư viện hàm phương thức kiểu biến hằng con trỏ tham chiếu vòng đời
mượn sở hữu sao chép di chuyển đơn giản nhỏ lớn nhanh chậm yên tĩnh cẩn thận rõ ràng ổn định mong manh
chia sẻ cục bộ từ xa tĩnh động sớm muộn đầu tiên cuối cùng tiếp theo toàn bộ ẩn hiện lạ quen hiện đại
cũ mới tốt hơn nhất phổ biến hiếm hữu ích đắt rẻ an toàn chặt chẽ lỏng lẻo dài ngắn sâu nông viết đọc
đo thay đổi giữ bỏ gửi nhận lưu lấy phân tích kiểm tra triển khai học dạy giải thích nhận ra quên nhớ
chọn tránh thích cho phép từ chối tách gộp sắp xếp tìm kiếm lớn lên thu nhỏ bắt đầu dừng chờ chạy đi bộ
mở đóng kết thúc theo dõi dẫn mang cầm sửa chữa buổi sáng buổi tối mùa đông mùa hè dòng sông núi thành
phố đường phố chợ khu vườn nhà bếp cửa sổ lá thư câu chuyện câu hỏi câu trả lời lý do thói quen bài học
sai lầm lời hứa vấn đề giải pháp ý tưởng kế hoạch bản nháp ghi chú tóm tắt chi tiết nhóm bạn bè thầy giáo
học trò tác giả biên tập viên hàng xóm gia đình cuối tuần kỳ nghỉ hành trình cà phê trà đá đêm ngày
thường hiếm khi luôn luôn không bao giờ đôi khi nhanh chóng chậm rãi nhẹ nhàng cuối cùng có lẽ gần như
thật sự khá lắm đủ vẫn còn đã rồi lần nữa cùng nhau riêng thay vì tuy nhiên vì vậy đường đi điều
""".split()

EN_NAMES = ["Minh Trần", "Trang Nguyễn", "Alex Park", "Sam Rivera", "Linh Đặng", "Jordan Lee"]

# About fifty tags, some Vietnamese with diacritics. `rust` is drawn for a fifth
# of the posts; the others by a Zipf-like weight.
TAG_POOL = [
    "rust", "python", "javascript", "go", "databases", "caching", "systems", "web", "performance", "testing",
    "security", "linux", "networking", "compilers", "wasm", "frontend", "backend", "devops", "cloud",
    "algorithms", "data", "machine learning", "career", "writing", "books", "music", "photography", "travel",
    "cooking", "design", "open source", "tooling", "concurrency", "embedded", "typography",
    "lập trình", "cơ sở dữ liệu", "đời sống", "du lịch", "ẩm thực", "Sài Gòn", "Đà Lạt", "sách", "âm nhạc",
    "nhiếp ảnh", "gia đình", "học tập", "công việc", "suy ngẫm", "mùa mưa",
]
TAG_WEIGHTS = [0] + [1 / (rank + 1) ** 0.9 for rank in range(len(TAG_POOL) - 1)]


def slug(text):
    """Close to folio's tag slug for these tags: diacritics folded, đ as d, words joined by '-'."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


assert len({slug(t) for t in TAG_POOL}) == len(TAG_POOL), "two generated tags would share a URL"

CODE = {
    "rust": """fn {a}_{b}(items: &[u64]) -> u64 {{
    let mut total = 0;
    for item in items {{
        if *item % {n} == 0 {{
            total += item;
        }}
    }}
    total
}}

#[test]
fn {a}_works() {{
    assert_eq!({a}_{b}(&[{n}, 1, 2]), {n});
}}""",
    "python": """def {a}_{b}(rows, limit={n}):
    \"\"\"Keep the first rows whose {c} is set.\"\"\"
    kept = []
    for row in rows:
        if row.get("{c}"):
            kept.append(row)
        if len(kept) >= limit:
            break
    return kept


print({a}_{b}([{{"{c}": True}}] * 3))""",
    "javascript": """export async function {a}{B}(url) {{
  const response = await fetch(url, {{ headers: {{ accept: "application/json" }} }});
  if (!response.ok) {{
    throw new Error(`{c} failed: ${{response.status}}`);
  }}
  const data = await response.json();
  return data.items.slice(0, {n});
}}""",
    "console": """$ cargo build --release
   Compiling {a} v0.{n}.0
    Finished release [optimized] target(s) in {n}.2s
$ ./target/release/{a} --{b} {c}
{c}: {n} ok""",
    "json": """{{
  "name": "{a}-{b}",
  "version": "1.{n}.0",
  "tags": ["{c}", "{b}"],
  "enabled": true
}}""",
    "sql": """SELECT {a}.id, count(*) AS {b}_count
FROM {a}
JOIN {c} ON {c}.{a}_id = {a}.id
WHERE {a}.created_at > now() - interval '{n} days'
GROUP BY {a}.id
ORDER BY {b}_count DESC
LIMIT {n};""",
}
IDENTS = [w for w in EN_WORDS if len(w) > 3]

# ---------------------------------------------------------------- posts


class Writer:
    """One language's Markdown for one post."""

    def __init__(self, rng, words, posts, lang):
        self.rng, self.words, self.posts, self.lang = rng, words, posts, lang
        self.count = 0

    def phrase(self, lo, hi):
        words = self.rng.choices(self.words, k=self.rng.randint(lo, hi))
        self.count += len(words)
        return words

    def sentence(self):
        rng = self.rng
        words = self.phrase(6, 18)
        roll = rng.random()
        if roll < 0.12:
            i = rng.randrange(len(words))
            words[i] = f"*{words[i]}*"
        elif roll < 0.18:
            i = rng.randrange(len(words))
            words[i] = f"**{words[i]}**"
        elif roll < 0.24:
            i = rng.randrange(len(words))
            words[i] = f"`{rng.choice(IDENTS)}_{rng.choice(IDENTS)}()`"
        elif roll < 0.32 and self.posts:
            i = rng.randrange(len(words) - 1)
            target = f"gen-{rng.randint(1, self.posts):05d}"
            target += rng.choice([".md", "", ".md"])
            words[i] = f"[{words[i]} {words[i + 1]}]({target})"
            del words[i + 1]
        elif roll < 0.35:
            i = rng.randrange(len(words))
            words[i] = f"[{words[i]}](https://example.org/{rng.choice(IDENTS)}/{rng.randint(1, 999)})"
        text = " ".join(words)
        return text[0].upper() + text[1:] + rng.choice(".......?!")

    def paragraph(self):
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 6)))

    def heading(self, level):
        words = self.phrase(2, 6)
        text = " ".join(words)
        return "#" * level + " " + text[0].upper() + text[1:]

    def bullets(self):
        ordered = self.rng.random() < 0.35
        items = []
        for n in range(self.rng.randint(3, 6)):
            text = " ".join(self.phrase(3, 12))
            items.append(f"{n + 1}. {text}" if ordered else f"- {text}")
        return "\n".join(items)

    def quote(self):
        return "> " + self.sentence()


def code_block(rng):
    lang = rng.choice(list(CODE))
    a, b, c = rng.choice(IDENTS), rng.choice(IDENTS), rng.choice(IDENTS)
    return f"```{lang}\n" + CODE[lang].format(a=a, b=b, c=c, B=b.capitalize(), n=rng.randint(2, 99)) + "\n```"


def body(rng, words, posts, lang, code):
    """About 1,200 words of Markdown; `code` is placed after the section it names."""
    w = Writer(rng, words, posts, lang)
    target = rng.randint(1000, 1200)
    blocks = [w.paragraph() for _ in range(rng.randint(1, 2))]
    section = 0
    while w.count < target:
        section += 1
        blocks.append(w.heading(2))
        for _ in range(rng.randint(1, 3)):
            blocks.append(w.paragraph())
        if rng.random() < 0.4:
            blocks.append(w.bullets())
        if rng.random() < 0.45:
            blocks.append(w.heading(3))
            blocks.append(w.paragraph())
        if rng.random() < 0.15:
            blocks.append(w.quote())
        if code and section == code[0]:
            blocks.append(code[1])
        blocks.append(w.paragraph())
    return "\n\n".join(blocks) + "\n", w.count


def title(rng, words):
    text = " ".join(rng.choices([w for w in words if len(w) > 2], k=rng.randint(3, 7)))
    return text[0].upper() + text[1:]


def generate_post(seed, k, posts, code_share=0.35):
    """(English file, Vietnamese file, Hugo English, Hugo Vietnamese, words) for post k."""
    rng = random.Random(f"{seed}-{k}")
    day = date(2015, 1, 1) + timedelta(days=rng.randrange(3652))
    tags = ["rust"] if (k == 1 or rng.random() < 0.2) else []
    want = rng.randint(1, 3)
    while len(tags) < want:
        tag = rng.choices(TAG_POOL, weights=TAG_WEIGHTS)[0]
        if tag not in tags:
            tags.append(tag)
    code = (rng.randint(1, 3), code_block(rng)) if rng.random() < code_share else None
    en_title, vi_title = title(rng, EN_WORDS), title(rng, VI_WORDS)
    front_en = [f"title: {en_title}"]
    front_vi = [f"title: {vi_title}"]
    if rng.random() < 0.5:
        front_en.append(f"subtitle: {title(rng, EN_WORDS)}")
        front_vi.append(f"subtitle: {title(rng, VI_WORDS)}")
    front_en.append(f"date: {day.isoformat()}")
    if rng.random() < 0.6:
        front_en.append(f"author: {rng.choice(EN_NAMES)}")
    front_en.append("keywords: " + ", ".join(tags))
    en_body, en_words = body(rng, EN_WORDS, posts, "en", code)
    vi_body, vi_words = body(rng, VI_WORDS, posts, "vi", code)
    en = "---\n" + "\n".join(front_en) + "\n---\n\n" + en_body
    vi = "---\n" + "\n".join(front_vi) + "\n---\n\n" + vi_body

    def hugo(post_title, text):
        # Hugo reads the same YAML; the translation carries date and tags itself,
        # and links to other posts become relative URLs.
        front = [f"title: {json.dumps(post_title, ensure_ascii=False)}", f"date: {day.isoformat()}",
                 "tags: " + json.dumps(tags, ensure_ascii=False)]
        text = re.sub(r"\]\((gen-\d{5})(?:\.md)?\)", r"](../\1/)", text.split("\n---\n", 1)[1])
        return "---\n" + "\n".join(front) + "\n---\n" + text

    return en, vi, hugo(en_title, en), hugo(vi_title, vi), en_words + vi_words


def discard(path):
    """Moves `path` out of the way, to be deleted by `empty_trash` (see TRASH)."""
    if os.path.lexists(path):
        os.makedirs(TRASH, exist_ok=True)
        os.rename(path, os.path.join(TRASH, f"{len(os.listdir(TRASH))}-{os.path.basename(path)}"))


def empty_trash():
    shutil.rmtree(TRASH, ignore_errors=True)
    os.sync()


def write_posts(posts, seed, code_share=0.35):
    """Writes the generated posts into the scratch site and the Hugo site; returns stats."""
    folio_dir = os.path.join(SITE, "site", "posts")
    hugo_dir = os.path.join(HUGO, "content", "posts")
    old = [name for name in os.listdir(folio_dir) if name.startswith("gen-")]
    if old:
        os.makedirs(TRASH, exist_ok=True)
        bin_dir = os.path.join(TRASH, f"{len(os.listdir(TRASH))}-posts")
        os.makedirs(bin_dir)
        for name in old:
            os.rename(os.path.join(folio_dir, name), os.path.join(bin_dir, name))
    discard(hugo_dir)
    os.makedirs(hugo_dir)
    started = time.perf_counter()
    words = size = 0
    for k in range(1, posts + 1):
        en, vi, hugo_en, hugo_vi, count = generate_post(seed, k, posts, code_share)
        words += count
        name = f"gen-{k:05d}"
        for folder, files in ((folio_dir, (en, vi)), (hugo_dir, (hugo_en, hugo_vi))):
            for suffix, text in zip((".md", ".vi.md"), files):
                data = text.encode()
                if folder == folio_dir:
                    size += len(data)
                with open(os.path.join(folder, name + suffix), "wb") as f:
                    f.write(data)
    return {"files": 2 * posts, "words": words, "words_per_file": round(words / (2 * posts)) if posts else 0,
            "markdown_bytes": size, "generate_s": round(time.perf_counter() - started, 2)}


# ---------------------------------------------------------------- folio


def tool_path():
    """PATH with the cargo bin folder and binaryen's wasm-opt (tools/node_modules, in
    this checkout or the main one when this is a git worktree)."""
    dirs = [os.path.join(ROOT, "tools", "node_modules", ".bin")]
    try:
        common = subprocess.run(["git", "-C", ROOT, "rev-parse", "--path-format=absolute", "--git-common-dir"],
                                capture_output=True, text=True, check=True).stdout.strip()
        dirs.append(os.path.join(os.path.dirname(common), "tools", "node_modules", ".bin"))
    except (OSError, subprocess.CalledProcessError):
        pass
    dirs.append(os.path.expanduser("~/.cargo/bin"))
    return os.pathsep.join([d for d in dirs if os.path.isdir(d)] + [os.environ.get("PATH", "")])


def toml_value(value):
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value) if isinstance(value, str) else str(value)


# Run as the first post_build hook: saves the staging folder as Trunk hands it
# over, then runs the original hook under /usr/bin/time.
WRAP = ('rm -rf "$FOLIO_BENCH_SNAPSHOT" && cp -a "$TRUNK_STAGING_DIR" "$FOLIO_BENCH_SNAPSHOT" && '
        'exec /usr/bin/time -v -o "$FOLIO_BENCH_HOOK_TIME" "$@"')


def wrap_hooks(trunk_toml):
    """Rewrites the scratch Trunk.toml's hooks so that the first post_build hook
    saves the staging folder first. Returns the indexer's cargo profile."""
    with open(trunk_toml, "rb") as f:
        config = tomllib.load(f)
    hooks = config.get("hooks", [])
    with open(trunk_toml, encoding="utf-8") as f:
        lines = f.read().splitlines()
    kept, in_hook = [], False
    for line in lines:
        header = line.strip()
        if header.startswith("["):
            in_hook = header == "[[hooks]]"
        if not in_hook:
            kept.append(line)
    profile, wrapped = "release", False
    for hook in hooks:
        args = list(hook.get("command_arguments", []))
        if "--profile" in args[:-1]:
            profile = args[args.index("--profile") + 1]
        if hook.get("stage") == "post_build" and not wrapped and "command" in hook:
            hook = dict(hook, command="sh", command_arguments=["-c", WRAP, "sh", hook["command"], *args])
            wrapped = True
        kept.append("")
        kept.append("[[hooks]]")
        kept.extend(f"{key} = {toml_value(value)}" for key, value in hook.items())
    with open(trunk_toml, "w", encoding="utf-8") as f:
        f.write("\n".join(kept) + "\n")
    return profile


def prepare_site(source):
    """The scratch copy of the site: every top-level entry a build needs, with
    modification times kept, so cargo finds nothing to recompile."""
    os.makedirs(SITE, exist_ok=True)
    for name in os.listdir(SITE):
        if name not in ("dist",):
            path = os.path.join(SITE, name)
            shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else os.remove(path)
    copy_build_inputs(source, SITE)
    return wrap_hooks(os.path.join(SITE, "Trunk.toml"))


def copy_build_inputs(source, site):
    """Copies what a build reads from the checkout `source` into `site`, with
    modification times kept, at the default page size."""
    for name in os.listdir(source):
        # `.cargo/` is a build input: it links the app with the relocations its split needs.
        if (name.startswith(".") and name != ".cargo") or name in SKIP or name.startswith("target"):
            continue
        path = os.path.join(source, name)
        if os.path.isdir(path):
            shutil.copytree(path, os.path.join(site, name), symlinks=True)
        else:
            shutil.copy2(path, os.path.join(site, name))
    # The default page size, as a writer gets it (the demo's folio.toml sets 5).
    config = os.path.join(site, "site", "folio.toml")
    with open(config, encoding="utf-8") as f:
        text = re.sub(r"(?m)^page_size = .*$", "page_size = 20", f.read())
    with open(config, "w", encoding="utf-8") as f:
        f.write(text)


def time_v(path):
    """Wall and CPU seconds and peak RSS (bytes) from a `/usr/bin/time -v` report."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()

    def number(label):
        found = re.search(re.escape(label) + r": ([\d.:]+)", text)
        return found.group(1) if found else None

    wall = number("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    seconds = None
    if wall:
        seconds = 0.0
        for part in wall.split(":"):
            seconds = seconds * 60 + float(part)
    rss = number("Maximum resident set size (kbytes)")
    user, system = (float(number(label) or 0) for label in ("User time (seconds)", "System time (seconds)"))
    return {"wall_s": seconds, "cpu_s": round(user + system, 2), "user_s": user, "sys_s": system,
            "peak_rss": int(rss) * 1024 if rss else None}


TICK = os.sysconf("SC_CLK_TCK")
CPUS = os.cpu_count() or 1


def cpu_busy():
    """(busy, total) CPU time of the whole machine so far, in clock ticks, from /proc/stat."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:9]]
    return sum(values) - values[3] - values[4], sum(values)


def wait_quiet(max_wait, threshold=0.15):
    """Waits until the machine is quiet (under `threshold` of its CPU busy over
    2 s), at most `max_wait` seconds; returns (seconds waited, last busy share)."""
    started = time.time()
    while True:
        (b0, t0), _ = cpu_busy(), time.sleep(2)
        b1, t1 = cpu_busy()
        busy = (b1 - b0) / max(1, t1 - t0)
        if busy < threshold or time.time() - started >= max_wait:
            return round(time.time() - started, 1), round(busy, 2)


def timed(cmd, env, cwd, log, quiet=0):
    """Runs `cmd` under /usr/bin/time -v, after waiting up to `quiet` seconds for
    the machine to be quiet. Returns wall and CPU seconds, peak RSS, and the
    share of the machine's CPU other processes used meanwhile."""
    report = os.path.join(WORK, "time.txt")
    waited = wait_quiet(quiet) if quiet else (0, None)
    os.sync()  # earlier steps' writes are not this step's to flush
    busy0, _ = cpu_busy()
    started = time.perf_counter()
    with open(log, "w") as out:
        result = subprocess.run(["/usr/bin/time", "-v", "-o", report, *cmd], env=env, cwd=cwd,
                                stdout=out, stderr=subprocess.STDOUT)
    wall = time.perf_counter() - started
    busy1, _ = cpu_busy()
    if result.returncode != 0:
        with open(log, encoding="utf-8", errors="replace") as f:
            tail = f.read()[-3000:]
        sys.exit(f"archive: `{' '.join(cmd)}` failed ({result.returncode}); its output ends with:\n{tail}")
    stats = time_v(report)
    stats["wall_s"] = round(wall, 2)
    others = max(0.0, (busy1 - busy0) / TICK - stats["cpu_s"])
    stats["others_cpu_share"] = round(others / (wall * CPUS), 2)
    stats["waited_for_quiet_s"] = waited[0]
    return stats


def dir_stats(folder):
    total = count = 0
    largest = ("", 0)
    for base, _, names in os.walk(folder):
        for name in names:
            size = os.path.getsize(os.path.join(base, name))
            total += size
            count += 1
            if size > largest[1]:
                largest = (os.path.relpath(os.path.join(base, name), folder), size)
    return {"bytes": total, "files": count, "largest": largest[0], "largest_bytes": largest[1]}


def fastest(runs, **extra):
    """The fastest of several runs (another process can only slow a run down),
    with the median, the highest peak RSS and every run."""
    best = min(runs, key=lambda r: r["wall_s"])
    return dict(best, median_wall_s=round(statistics.median(r["wall_s"] for r in runs), 2),
                peak_rss=max(r["peak_rss"] or 0 for r in runs), runs=runs, **extra)


def build_folio(env, profile, args):
    dist = os.path.join(SITE, "dist")
    builds = []
    for _ in range(args.repeat):
        # Every timed build starts from no dist/ (Trunk would otherwise delete the previous one, which
        # takes seconds at 10,000 posts, inside the timing).
        discard(dist)
        discard(SNAPSHOT)
        if os.path.exists(HOOK_TIME):
            os.remove(HOOK_TIME)
        build = timed(["trunk", "build", "--release", "--public-url", PREFIX], env, SITE,
                      os.path.join(WORK, "trunk.log"), args.quiet)
        if os.path.exists(HOOK_TIME):
            build["hook"] = time_v(HOOK_TIME)
        builds.append(build)
    result = {"build": fastest(builds)}
    hooks = [b["hook"] for b in builds if "hook" in b]
    if hooks:
        result["hook_in_build"] = fastest(hooks)

    # The content step alone, on the staging folder as Trunk handed it over.
    binary = os.path.join(env["CARGO_TARGET_DIR"], "debug" if profile == "dev" else profile, "folio-index")
    given = SNAPSHOT if os.path.isdir(SNAPSHOT) else dist
    runs = []
    for run in range(args.indexer_runs):
        staging = os.path.join(WORK, f"staging-{run + 1}")  # a new folder each time (see TRASH)
        discard(staging)
        shutil.copytree(given, staging, symlinks=True)
        hook_env = dict(env, TRUNK_SOURCE_DIR=SITE, TRUNK_STAGING_DIR=staging, TRUNK_DIST_DIR=dist,
                        TRUNK_PUBLIC_URL=PREFIX, TRUNK_PROFILE="release",
                        TRUNK_HTML_FILE=os.path.join(SITE, "index.html"))
        runs.append(timed([binary], hook_env, SITE, os.path.join(WORK, "indexer.log"), args.quiet))
    for run in range(args.indexer_runs):
        discard(os.path.join(WORK, f"staging-{run + 1}"))
    result["content_step"] = fastest(
        runs, input="the staging folder as Trunk handed it to the hook" if given == SNAPSHOT else "a copy of dist/")
    result["dist"] = dir_stats(dist)
    index = [n for n in os.listdir(dist) if n.startswith("index-") and n.endswith(".json")]
    if index:
        with open(os.path.join(dist, index[0]), "rb") as f:
            data = f.read()
        result["index_json"] = {"name": index[0], "bytes": len(data), "gzip_bytes": len(gzip.compress(data, 6))}
    return result


# ---------------------------------------------------------------- browser


def languages():
    with open(os.path.join(SITE, "site", "folio.toml"), "rb") as f:
        config = tomllib.load(f)
    default = config.get("default_language", "en")
    codes = [lang["code"] for lang in config.get("languages", [])] or [default]
    return [(code, "" if code == default else code + "/") for code in codes]


def pages(posts):
    """(name, language, path under /blog/) of every page visited."""
    kinds = [("home", ""), ("tag", f"tags/{slug(TAG)}/"), ("demo post", f"posts/{DEMO_POST}/")]
    if posts:
        kinds.insert(0, ("post", f"posts/{FIRST}/"))
    return [(kind, code, prefix + path) for kind, path in kinds for code, prefix in languages()]


def make_logging_driver():
    """Headless Chromium on a fresh profile, as conftest.make_driver, with the
    DevTools performance log (network events) on."""
    import tempfile

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("FOLIO_CHROMIUM", "/usr/bin/chromium")
    profile = tempfile.mkdtemp(prefix="folio-chromium-")
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                f"--user-data-dir={profile}", "--window-size=1280,900"]:
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    options.add_experimental_option("perfLoggingPrefs", {"enableNetwork": True, "enablePage": False})
    driver = webdriver.Chrome(service=Service(os.environ.get("FOLIO_CHROMEDRIVER", "/usr/bin/chromedriver")),
                              options=options)
    driver.set_page_load_timeout(120)
    driver.folio_profile = profile
    return driver


# Waking the app as a reader's first press does (boot.js waits for one), then whether it took over.
APP_DONE = WAKE_APP + """
return !document.getElementById('folio-static') || document.documentElement.dataset.folioApp === 'failed'"""


def visit(url, timeout=120):
    """A cold visit: bytes on the wire and decoded, by resource, until the app has
    taken over and the network has been idle for IDLE_SECONDS."""
    driver = make_logging_driver()
    try:
        requests, inflight = {}, set()
        last_event = time.time()
        started = time.time()

        def drain():
            nonlocal last_event
            for entry in driver.get_log("performance"):
                message = json.loads(entry["message"])["message"]
                method, params = message.get("method", ""), message.get("params", {})
                rid = params.get("requestId")
                if not method.startswith("Network.") or rid is None:
                    continue
                last_event = time.time()
                r = requests.setdefault(rid, {"url": "", "encoded": 0, "decoded": 0, "status": None, "type": ""})
                if method == "Network.requestWillBeSent":
                    r["url"] = params["request"]["url"]
                    r["type"] = params.get("type", "")
                    if r["url"].startswith(origin):  # not the browser's own (chrome://new-tab-page…)
                        inflight.add(rid)
                elif method == "Network.responseReceived":
                    response = params["response"]
                    r["status"] = response.get("status")
                    r["type"] = params.get("type", r["type"])
                    headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
                    r["encoding"] = headers.get("content-encoding", "")
                elif method == "Network.dataReceived":
                    r["decoded"] += params.get("dataLength", 0)
                elif method == "Network.loadingFinished":
                    r["encoded"] = params.get("encodedDataLength", 0)
                    inflight.discard(rid)
                elif method == "Network.loadingFailed":
                    r["failed"] = params.get("errorText", "failed")
                    inflight.discard(rid)

        origin = url.split(PREFIX)[0]  # scheme, host and port of the test server
        driver.get(url)
        app_done = False
        while time.time() - started < timeout:
            drain()
            if not app_done:
                app_done = bool(driver.execute_script(APP_DONE))
            if app_done and not inflight and time.time() - last_event >= IDLE_SECONDS:
                break
            time.sleep(0.1)
        drain()
        app_state = driver.execute_script("return document.documentElement.dataset.folioApp || ''")
        resources = [r for r in requests.values() if r["url"].startswith(origin)]
        document = next((r for r in resources if r["type"] == "Document"), {})
        prefix = origin + PREFIX
        return {
            "url": url[len(origin):],
            "settled_s": round(time.time() - started, 2),
            "status": document.get("status"),
            "app_took_over": app_done and app_state != "failed",
            "bytes": sum(r["encoded"] for r in resources),
            "decoded_bytes": sum(r["decoded"] for r in resources),
            "requests": len(resources),
            "gzip": any(r.get("encoding") == "gzip" for r in resources),
            "unfinished": len(inflight),
            "resources": sorted(({"path": r["url"].replace(prefix, ""), "type": r["type"], "bytes": r["encoded"],
                                  "decoded_bytes": r["decoded"], "status": r["status"]} for r in resources),
                                key=lambda r: -r["bytes"]),
        }
    finally:
        quit_driver(driver)


def visit_pages(posts):
    server = Site(os.path.join(SITE, "dist"))
    try:
        return [dict(visit(server.url(path)), page=kind, lang=code) for kind, code, path in pages(posts)]
    finally:
        server.stop()


# ---------------------------------------------------------------- Hugo

HUGO_CONFIG = """baseURL = "https://example.com/blog/"
title = "folio demo"
defaultContentLanguage = "en"
paginate = 20
enableRobotsTXT = true

[taxonomies]
tag = "tags"

[languages.en]
languageName = "English"
weight = 1

[languages.vi]
languageName = "Tiếng Việt"
weight = 2
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ .Site.Title }}</title></head>
<body>
<header><a href="{{ "" | relLangURL }}">{{ .Site.Title }}</a>
{{ range .AllTranslations }}{{ if ne .Language.Lang $.Language.Lang }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a>{{ end }}{{ end }}</header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time> · {{ .ReadingTime }} min
{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
<nav>{{ .TableOfContents }}</nav>
{{ .Content }}
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = .Site.RegularPages }}{{ end }}
{{ $pager := .Paginate $pages }}
<ul>{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul>
<nav>{{ with $pager.Prev }}<a href="{{ .URL }}">←</a>{{ end }} {{ $pager.PageNumber }} / {{ $pager.TotalPages }} {{ with $pager.Next }}<a href="{{ .URL }}">→</a>{{ end }}</nav>
{{ end }}
""",
}


def prepare_hugo():
    os.makedirs(os.path.join(HUGO, "content"), exist_ok=True)
    with open(os.path.join(HUGO, "config.toml"), "w", encoding="utf-8") as f:
        f.write(HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        path = os.path.join(HUGO, "layouts", name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def build_hugo(env, args):
    public = os.path.join(HUGO, "public")
    version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.strip()
    runs = []
    for _ in range(args.repeat):
        discard(public)
        discard(os.path.join(HUGO, "resources"))
        runs.append(timed(["hugo", "--source", HUGO, "--destination", public], env, HUGO,
                          os.path.join(WORK, "hugo.log"), args.quiet))
    return fastest(runs, version=version, public=dir_stats(public))


# ---------------------------------------------------------------- report

MB = 1024 * 1024


def kb(n):
    return f"{n / 1024:.1f} KB" if n < 10 * MB else f"{n / MB:.1f} MB"


def mb(n):
    return f"{n / MB:.0f} MB" if n is not None else "?"


def run(posts, args, env, profile, baseline):
    print(f"\n== N = {posts} ==", flush=True)
    result = {"posts": posts, "seed": args.seed, "code_share": args.code_share, "source": args.source, "commit": commit(args.source)}
    result["generated"] = write_posts(posts, args.seed, args.code_share)
    g = result["generated"]
    print(f"generated {g['files']} files, {g['words']} words, {g['markdown_bytes'] / MB:.1f} MB "
          f"in {g['generate_s']} s", flush=True)
    result["folio"] = build_folio(env, profile, args)
    print(f"folio built in {result['folio']['build']['wall_s']} s", flush=True)
    if args.browser:
        result["visits"] = visit_pages(posts)
    if args.hugo and posts:
        result["hugo"] = build_hugo(env, args)
    report(result, baseline)
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, f"archive-{posts}.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2, ensure_ascii=False)
    return result


def commit(source):
    try:
        return subprocess.run(["git", "-C", source, "describe", "--always", "--dirty"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def timing(label, t, note=""):
    busy = t.get("others_cpu_share")
    flag = f"; other processes used {busy:.0%} of the CPU" if busy and busy >= 0.1 and t["wall_s"] >= 1 else ""
    print(f"  {label:<28}{t['wall_s']:>8.2f} s  CPU {t['cpu_s']:>7.2f} s  peak RSS {mb(t['peak_rss']):>8}{note}{flag}")


def runs_note(t):
    runs = t.get("runs", [])
    return f"   fastest of {[r['wall_s'] for r in runs]}" if len(runs) > 1 else ""


def report(result, baseline):
    f = result["folio"]
    print(f"\nfolio {result['commit'] or ''}, N = {result['posts']} generated posts (+ the demo's), "
          f"{result['generated']['words_per_file']} words per file")
    timing("trunk build --release", f["build"], " (largest process)" + runs_note(f["build"]))
    if "hook_in_build" in f:
        timing("indexer hook, in the build", f["hook_in_build"], " (cargo run + folio-index)")
    timing("content step (folio-index)", f["content_step"], runs_note(f["content_step"]))
    d = f["dist"]
    print(f"  dist/                       {d['bytes'] / MB:>8.1f} MB, {d['files']} files; largest {d['largest']} "
          f"({kb(d['largest_bytes'])})")
    if "index_json" in f:
        print(f"  post index                  {kb(f['index_json']['bytes']):>11}, gzip {kb(f['index_json']['gzip_bytes'])}")
    if "hugo" in result:
        h = result["hugo"]
        print(f"hugo {h['version'].split()[1] if h['version'] else '?'}, same generated posts, minimal templates")
        timing("hugo", h, runs_note(h))
        p = h["public"]
        print(f"  public/                     {p['bytes'] / MB:>8.1f} MB, {p['files']} files; largest {p['largest']} "
              f"({kb(p['largest_bytes'])})")
    if "visits" in result:
        base = {(v["page"], v["lang"]): v for v in (baseline or {}).get("visits", [])}
        gz = "gzip" if all(v["gzip"] for v in result["visits"]) else "NOT all gzip"
        print(f"cold visits (bytes on the wire, headers included, {gz}; x demo: against the same URL on the demo site alone)")
        print(f"  {'page':<10} {'lang':<4} {'url':<34} {'status':>6} {'transferred':>12} {'decoded':>11} {'req':>4} "
              f"{'largest resource':<36} {'x demo':>7}")
        for v in result["visits"]:
            ref = base.get((v["page"], v["lang"])) or (base.get(("demo post", v["lang"])) if v["page"] == "post" else None)
            ratio = f"{v['bytes'] / ref['bytes']:.2f}" if ref and ref["bytes"] else "-"
            if v["page"] == "post" and ref:
                ratio += "*"
            top = v["resources"][0] if v["resources"] else {"path": "", "bytes": 0}
            flag = "" if v["app_took_over"] and not v["unfinished"] else " (app not done)"
            print(f"  {v['page']:<10} {v['lang']:<4} {v['url']:<34} {v['status'] or '?':>6} {kb(v['bytes']):>12} "
                  f"{kb(v['decoded_bytes']):>11} {v['requests']:>4} {top['path'][:24] + ' ' + kb(top['bytes']):<36} "
                  f"{ratio:>7}{flag}")
        if any(v["page"] == "post" for v in result["visits"]) and base:
            print("  * the generated post against the demo post's page on the demo site")


def summary(rows):
    print("\nsummary: seconds are wall time of the fastest run (CPU time in parentheses where it differs by >15%); "
          "visits in KB on the wire, gzip")
    visit_keys = [(k, c) for k, c, _ in pages(1) if k != "demo post"]
    head = f"{'N':>6} {'build':>7} {'content step':>16} {'content RSS':>11} {'dist MB':>8} {'files':>6}"
    head += "".join(f" {k[:4] + '/' + c:>8}" for k, c in visit_keys)
    head += f" {'hugo':>16} {'hugo RSS':>9} {'hugo MB':>8}"
    print(head)

    def secs(t):
        text = f"{t['wall_s']:.2f}"
        if t["cpu_s"] and abs(t["cpu_s"] - t["wall_s"]) > 0.15 * t["wall_s"]:
            text += f" ({t['cpu_s']:.1f})"
        return text

    for r in rows:
        f = r["folio"]
        line = (f"{r['posts']:>6} {f['build']['wall_s']:>7.1f} {secs(f['content_step']):>16} "
                f"{mb(f['content_step']['peak_rss']):>11} {f['dist']['bytes'] / MB:>8.1f} {f['dist']['files']:>6}")
        visits = {(v["page"], v["lang"]): v for v in r.get("visits", [])}
        for key in visit_keys:
            v = visits.get(key)
            line += f" {v['bytes'] / 1024:>8.0f}" if v else f" {'-':>8}"
        h = r.get("hugo")
        line += (f" {secs(h):>16} {mb(h['peak_rss']):>9} {h['public']['bytes'] / MB:>8.1f}" if h
                 else f" {'-':>16} {'-':>9} {'-':>8}")
        print(line)
    busy = [(r["posts"], name, t["others_cpu_share"]) for r in rows
            for name, t in [("build", r["folio"]["build"]), ("content step", r["folio"]["content_step"]),
                            ("hugo", r.get("hugo") or {})]
            if t.get("others_cpu_share", 0) >= 0.1 and t["wall_s"] >= 1]
    if busy:
        print("warning: other processes were busy during these timings, which may be slower than on a quiet "
              f"machine (N, step, share of the machine's CPU the others used): {busy}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, nargs="+", required=True, help="N, one or more (0: the demo only)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--source", default=ROOT, help="the checkout to build (default: this one)")
    parser.add_argument("--target-dir", default=os.environ.get("FOLIO_BENCH_TARGET", os.path.join(WORK, "target")))
    parser.add_argument("--indexer-runs", type=int, default=5, help="runs of the content step (the fastest is reported)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of trunk build and of hugo (the fastest is reported)")
    parser.add_argument("--code-share", type=float, default=0.35, help="share of the posts with a code block")
    parser.add_argument("--no-hugo", dest="hugo", action="store_false")
    parser.add_argument("--no-browser", dest="browser", action="store_false")
    parser.add_argument("--quiet", type=float, default=600, metavar="SECONDS",
                        help="before each timing, wait up to this long for the machine to be quiet (0: do not wait)")
    parser.add_argument("--no-baseline", dest="baseline", action="store_false",
                        help="reuse bench/results/archive-0.json instead of measuring the demo site first")
    args = parser.parse_args()

    env = dict(os.environ, PATH=tool_path(), CARGO_TARGET_DIR=os.path.abspath(args.target_dir),
               FOLIO_BENCH_SNAPSHOT=SNAPSHOT, FOLIO_BENCH_HOOK_TIME=HOOK_TIME)
    for tool in ("trunk", "wasm-opt", "wasm-bindgen") + (("hugo",) if args.hugo else ()):
        if not shutil.which(tool, path=env["PATH"]):
            sys.exit(f"archive: `{tool}` is missing: run scripts/setup.sh"
                     + ("; Hugo: apt-get install -y hugo" if tool == "hugo" else ""))
    if not os.path.exists("/usr/bin/time"):
        sys.exit("archive: /usr/bin/time is missing: apt-get install -y time")
    os.makedirs(WORK, exist_ok=True)
    profile = prepare_site(args.source)
    prepare_hugo()

    # Untimed: compiles whatever the target folder lacks, so that every timed build is warm.
    print("warm-up build (untimed)", flush=True)
    write_posts(0, args.seed)
    discard(os.path.join(SITE, "dist"))
    empty_trash()  # what the last run left, before anything is timed
    timed(["trunk", "build", "--release", "--public-url", PREFIX], env, SITE, os.path.join(WORK, "trunk.log"))

    baseline = None
    path0 = os.path.join(RESULTS, "archive-0.json")
    if 0 in args.posts or args.baseline:
        baseline = run(0, args, env, profile, None)
    elif os.path.exists(path0):
        with open(path0, encoding="utf-8") as f:
            baseline = json.load(f)
    try:
        results = [run(n, args, env, profile, baseline) for n in args.posts if n]
    finally:
        print("deleting what the runs replaced", flush=True)
        empty_trash()
    if results:
        summary(([baseline] if baseline else []) + results)



if __name__ == "__main__":
    main()
