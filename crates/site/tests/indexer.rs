//! The site pipeline as writers meet it: `folio_site::site` on a site
//! folder, called as a library, and `folio-index` (Trunk's hook) on top.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use folio_site::error::BuildError;
use folio_site::site::{self, Options, Summary};

const CONFIG: &str = "title = \"t\"\nbase_url = \"https://example.com\"\ndefault_language = \"en\"\n\
[[languages]]\ncode = \"en\"\nname = \"English\"\n[[languages]]\ncode = \"vi\"\nname = \"Tiếng Việt\"\n";

/// A site folder with `posts`, and a staging folder holding a Trunk-like `index.html`.
fn site(name: &str, posts: &[(&str, &[u8])]) -> (PathBuf, PathBuf) {
    let root = std::env::temp_dir().join(format!("folio-indexer-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("posts")).unwrap();
    fs::write(root.join("folio.toml"), CONFIG).unwrap();
    let staging = stage(&root);
    for (file, bytes) in posts {
        let path = root.join("posts").join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    (root, staging)
}

/// Trunk's part of a build: a new staging folder with its `index.html` and the app's files.
fn stage(root: &Path) -> PathBuf {
    let staging = root.join("dist");
    let _ = fs::remove_dir_all(&staging);
    fs::create_dir_all(&staging).unwrap();
    fs::write(staging.join("index.html"), "<html><head><title>x</title></head><body></body></html>").unwrap();
    fs::write(staging.join("folio-abc.js"), "export default function init() {}").unwrap();
    fs::write(staging.join("folio-abc_bg.wasm"), b"\0asm").unwrap();
    staging
}

/// Every file under `dir` (links followed, as a server follows them), with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                files.insert(name, fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// Builds the site folder `site` (shown from `here`) into `staging`, as
/// the indexer does; returns the result and every line it logged.
fn build(site: &Path, staging: &Path, base: &str, release: bool) -> (Result<Summary, BuildError>, String) {
    let lines = Mutex::new(String::new());
    let log = |line: &str| {
        let mut lines = lines.lock().unwrap();
        lines.push_str(line);
        lines.push('\n');
    };
    let options = Options {
        engine: site.to_path_buf(),
        site: site.to_path_buf(),
        here: Some(site.to_path_buf()),
        staging: staging.to_path_buf(),
        base: base.into(),
        release,
    };
    let result = site::build(&options, &log);
    (result, lines.into_inner().unwrap())
}

/// A build of the site folder `root` into `root/dist` under `/blog/`: whether
/// it succeeded, and what it logged, its error last (the indexer's stderr).
fn run(root: &Path, profile: &str) -> (bool, String) {
    let (result, mut log) = build(root, &root.join("dist"), "/blog/", profile == "release");
    if let Err(error) = &result {
        log.push_str(&error.to_string());
    }
    (result.is_ok(), log)
}

/// The data the indexer wrote beside a page (`…/data.json`), as JSON.
fn page_data(staging: &Path, dir: &str) -> serde_json::Value {
    let path = staging.join(dir).join("data.json");
    serde_json::from_str(&fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

/// The rendered versions of the `n`th version's file of the post at `dir`
/// (its data names the file, content-addressed), by language, as JSON.
fn bodies(staging: &Path, dir: &str, n: usize) -> serde_json::Value {
    let data = page_data(staging, dir);
    let hash = data["post"]["entry"]["versions"][n]["body"].as_str().unwrap_or_else(|| panic!("{data}")).to_string();
    let text = fs::read_to_string(staging.join(format!("p/{hash}.json"))).unwrap();
    assert_eq!(folio_core::hash::content_hash(text.as_bytes()), hash, "content-addressed");
    serde_json::from_str(&text).unwrap()
}

#[test]
fn writes_index_posts_meta_and_404() {
    let (root, staging) = site(
        "ok",
        &[
            ("hello.md", b"---\ntitle: Hello\ndate: 2025-07-18\n---\nHi.\n"),
            ("hello.vi.md", b"---\ntitle: Chao\n---\nXin chao.\n"),
            ("wip.md", b"---\ntitle: WIP\ndraft: true\n---\n"),
            ("images/cat.svg", b"<svg/>"),
        ],
    );
    let (ok, stderr) = run(&root, "release");
    assert!(ok, "{stderr}");
    let fallback = fs::read_to_string(staging.join("404.html")).unwrap();
    let search_id = fallback
        .split("<meta name=\"folio\" data-base=\"/blog/\" data-search=\"")
        .nth(1)
        .and_then(|rest| rest.split_once("\" data-service-worker=\"/blog/sw.js\" data-app=\"/blog/folio-"))
        .map(|(id, _)| id.to_string())
        .unwrap_or_else(|| panic!("folio's meta tag: {fallback}"));
    assert!(search_id.len() == 16 && search_id.bytes().all(|b| b.is_ascii_hexdigit()), "{search_id}");
    assert!(
        fallback.contains("<div id=\"folio-static\"><a") && fallback.contains("<h1>Not found</h1>"),
        "404.html is a prerendered not-found page, without a data-path of its own: {fallback}"
    );
    let vi_fallback = fs::read_to_string(staging.join("vi/404.html")).unwrap();
    assert!(vi_fallback.contains("<h1>Không tìm thấy</h1>"), "{vi_fallback}");
    assert!(fallback.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self';"));
    assert!(fallback.contains(" data-app=\"/blog/folio-") && fallback.contains(" data-wasm-integrity=\"sha384-"));
    // Three inline scripts, folio's, allowed by their hashes in the page's policy.
    let theme = format!("<script>{}</script>", folio_site::hosting::theme_script());
    let controls = format!("<script>{}</script>", folio_site::hosting::controls_script());
    let loader = format!("<script>{}</script>", folio_site::hosting::loader_script());
    assert_eq!(
        fallback.matches("<script>").count(),
        3,
        "no inline script but the theme's, the controls' and the loader's"
    );
    assert!(fallback.contains(&theme) && fallback.contains(&controls) && fallback.contains(&loader));
    assert!(fallback.contains(&folio_site::hosting::inline_script_hashes()));
    assert!(!fallback.contains("<script type=\"module\">"), "no inline module");
    assert!(
        fallback.contains("<script type=\"application/json\" id=\"folio-data\" data-offline=\"\">{"),
        "its data, inert"
    );

    // The service worker precaches files that exist: the app, the manifest,
    // and the not-found and offline pages of every language, translated.
    let worker = fs::read_to_string(staging.join("sw.js")).unwrap();
    let config = worker.lines().next().unwrap().trim_start_matches("var FOLIO = ").trim_end_matches(';');
    let config: serde_json::Value = serde_json::from_str(config).unwrap();
    let precache: Vec<&str> = config["precache"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    for path in &precache {
        assert!(staging.join(path).is_file(), "precached {path} is not in the build");
    }
    for expected in ["manifest.webmanifest", "404.html", "vi/404.html", "offline.html", "vi/offline.html"] {
        assert!(precache.contains(&expected), "{expected} is not precached: {precache:?}");
    }
    assert!(precache.iter().any(|p| p.ends_with("_bg.wasm")), "the app is precached: {precache:?}");
    assert!(!precache.contains(&"index.html"), "pages are revalidated, not precached");
    assert_eq!(config["base"], "/blog/");
    let offline = fs::read_to_string(staging.join("offline.html")).unwrap();
    assert!(offline.contains("<h1>You are offline</h1>") && offline.contains("data-reload"), "{offline}");
    let vi_offline = fs::read_to_string(staging.join("vi/offline.html")).unwrap();
    assert!(vi_offline.contains("<h1>Bạn đang ngoại tuyến</h1>") && vi_offline.contains("Thử lại"), "{vi_offline}");
    let home = fs::read_to_string(staging.join("index.html")).unwrap();
    assert!(home.contains("<div id=\"folio-static\" data-path=\"/blog/\">") && home.contains("<meta name=\"folio\""));
    for page in [
        "posts/hello/index.html",
        "vi/posts/hello/index.html",
        "vi/index.html",
        "atom.xml",
        "vi/atom.xml",
        "sitemap.xml",
        "robots.txt",
        "_headers",
    ] {
        assert!(staging.join(page).exists(), "{page} missing");
    }
    // A page prerendered for its URL names its data for the loader, which
    // exists, the language's shared start data among what the worker precaches.
    for page in ["posts/hello/index.html", "vi/posts/hello/index.html", "vi/index.html", "index.html"] {
        let html = fs::read_to_string(staging.join(page)).unwrap();
        let attribute = |name: &str| {
            let start = html.find(&format!(" {name}=\"/blog/")).unwrap_or_else(|| panic!("no {name} in {page}"));
            let rest = &html[start + name.len() + 9..];
            rest[..rest.find('"').unwrap()].to_string()
        };
        let (shared, own) = (attribute("data-site"), attribute("data-page"));
        assert!(staging.join(&shared).is_file() && precache.contains(&shared.as_str()), "{page}: {shared}");
        assert!(staging.join(&own).is_file(), "{page}: {own}");
        let shared: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(staging.join(&shared)).unwrap()).unwrap();
        assert_eq!(shared["site"]["default_language"], "en", "{page}");
        assert!(
            html.contains("data-page=\"/blog/") && html.contains("\"></script>"),
            "{page}: the block carries no data"
        );
    }
    assert!(!staging.join("posts/wip/index.html").exists());
    let served: Vec<PathBuf> = fs::read_dir(staging.join("p")).unwrap().map(|f| f.unwrap().path()).collect();
    assert!(served.iter().all(|f| f.extension().is_some_and(|e| e == "json")), "no Markdown is served: {served:?}");
    // Two published files' rendered versions, Vietnamese's interface text,
    // and each language's shared start data.
    assert_eq!(served.len(), 5, "{served:?}");
    let hello = bodies(&staging, "posts/hello", 0);
    assert!(hello["en"]["html"].as_str().unwrap().starts_with("<p>"), "{hello}");
    let chao = bodies(&staging, "posts/hello", 1);
    assert_eq!(chao["vi"]["html"], "<p>Xin chao.</p>\n", "hello.vi.md is a file of its own: {chao}");
    assert!(staging.join("posts/images/cat.svg").exists(), "assets stay where the writer put them");
    assert!(!staging.join("posts/hello.vi.md").exists(), "the Markdown is not served");
    assert!(!staging.join("posts/wip/index.html").exists(), "drafts stay out of release builds");
    let data = page_data(&staging, "posts/hello");
    assert_eq!(data["post"]["entry"]["versions"][1]["title"], "Chao");
    let home = page_data(&staging, "vi");
    assert_eq!(home["list"]["posts"][0]["title"], "Chao");
    assert!(staging.join("vi/archive/index.html").exists() && staging.join("archive/data.json").exists());

    // Search data, per language: a word of the Vietnamese version only is
    // not in English; drafts are not searchable.
    let search = staging.join("search").join(&search_id);
    let shard = |lang: &str, key: &str| fs::read_to_string(search.join(lang).join("t").join(format!("{key}.json")));
    let meta: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(search.join("en/meta.json")).unwrap()).unwrap();
    assert_eq!(meta["docs"], 1);
    assert!(meta["keys"].as_str().unwrap().split(' ').any(|k| k == "hel"), "{meta}");
    // "hel" is 68656c: `hello` in doc 0's title (field 1).
    assert_eq!(shard("en", "68656c").unwrap(), r#"[["hello",[["hello",[0,1]]]]]"#);
    assert!(shard("vi", "636861").unwrap().contains("chao"), "`chao` (636861) in Vietnamese");
    assert!(shard("en", "636861").is_err() && shard("en", "78696e").is_err(), "no Vietnamese words in English");
    assert!(shard("en", "776970").is_err(), "no draft (`wip`) in the search data");
    let rows: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(search.join("vi/d/0.json")).unwrap()).unwrap();
    assert_eq!(rows[0]["slug"], "hello");
    assert_eq!(rows[0]["title"], "Chao");
    assert_eq!(rows[0]["date"], "2025-07-18");
    let file = rows[0]["file"].as_str().unwrap();
    let text = fs::read_to_string(staging.join("p").join(format!("{file}.json"))).unwrap();
    assert!(text.contains("Xin chao"), "the row names its post's rendered file, for excerpts: {text}");
    assert!(rows[0].get("meta").is_none() && rows[0].get("name").is_none(), "nothing to parse: {rows}");
}

#[test]
fn debug_builds_keep_drafts_and_no_service_worker() {
    let (root, staging) = site("drafts", &[("wip.md", b"---\ntitle: WIP\ndraft: true\n---\n")]);
    assert!(run(&root, "debug").0);
    assert!(staging.join("posts/wip/index.html").exists());
    // A writer's preview (`trunk serve`) never comes from a cache.
    assert!(!staging.join("sw.js").exists());
    let home = fs::read_to_string(staging.join("index.html")).unwrap();
    assert!(
        home.contains("<meta name=\"folio\" data-base=\"/blog/\" data-search=\"dev\" data-app=\"/blog/folio-"),
        "{home}"
    );
    let meta = fs::read_to_string(staging.join("search/dev/en/meta.json")).unwrap();
    assert!(meta.contains("\"docs\":1"), "drafts are searchable in a preview: {meta}");
}

#[test]
fn broken_posts_fail_the_build_naming_file_and_line() {
    let (root, _) = site(
        "broken",
        &[
            ("good.md", b"---\ntitle: Good\n---\n"),
            ("bad-date.md", b"---\ntitle: A\ndate: 2025-02-30\n---\n"),
            ("bad-yaml.md", b"---\ntitle: A\n  : nonsense\nno colon\n---\n"),
            ("bad-lang.md", b"---\ntitle: A\nlang: fr\n---\n"),
            ("unclosed.md", b"---\ntitle: A\n"),
            ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00"),
        ],
    );
    let (ok, stderr) = run(&root, "release");
    assert!(!ok);
    for expected in [
        "error: posts/bad-date.md:3: `2025-02-30` is not a valid date",
        "error: posts/bad-lang.md:3: unknown language `fr`",
        "error: posts/unclosed.md:1: the front matter starts with `---` but never ends",
        "error: posts/binary.md:",
        "error: posts/bad-yaml.md:",
        "5 post(s) could not be read",
    ] {
        assert!(stderr.contains(expected), "missing {expected:?} in:\n{stderr}");
    }
    assert!(!stderr.contains("error: posts/good.md"), "{stderr}");
}

#[test]
fn bad_config_is_explained() {
    let (root, _) = site("config", &[]);
    fs::write(root.join("folio.toml"), CONFIG.replace("default_language = \"en\"", "default_language = \"fr\""))
        .unwrap();
    let (ok, stderr) = run(&root, "release");
    assert!(!ok);
    assert!(stderr.contains("`default_language = \"fr\"` is not one of the languages (en, vi)"), "{stderr}");
}

#[test]
fn works_at_the_domain_root() {
    let (root, staging) =
        site("root", &[("hello.md", b"---\ntitle: Hello\n---\nSee [me](hello) and ![i](cat.svg).\n")]);
    let (result, log) = build(&root, &staging, "/", true);
    assert!(result.is_ok(), "{log}{result:?}");
    let page = fs::read_to_string(staging.join("posts/hello/index.html")).unwrap();
    assert!(page.contains("data-base=\"/\""));
    assert!(page.contains("<a href=\"/posts/hello/\">me</a>") && page.contains("src=\"/posts/cat.svg\""), "{page}");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://example.com/posts/hello/\">"));
    assert!(!page.contains("/blog/"));
}

#[test]
fn every_tag_gets_its_own_page_and_case_variants_share_one() {
    let (root, staging) = site(
        "tags",
        &[
            ("c.md", b"---\ntitle: C\ndate: 2025-01-04\nkeywords: C, Rust\n---\nx\n"),
            ("cpp.md", b"---\ntitle: Cpp\ndate: 2025-01-03\nkeywords: C++, rust\n---\nx\n"),
            ("cs.md", b"---\ntitle: Cs\ndate: 2025-01-02\nkeywords: C#, Rust\n---\nx\n"),
        ],
    );
    let (ok, stderr) = run(&root, "release");
    assert!(ok, "{stderr}");
    let listed = |page: &str| -> Vec<&str> {
        let html = fs::read_to_string(staging.join(page)).unwrap_or_else(|_| panic!("{page} missing"));
        // Either language's page of the post: which one a list links to is not this test's business.
        ["c", "cpp", "cs"].into_iter().filter(|slug| html.contains(&format!("posts/{slug}/\""))).collect()
    };
    assert_eq!(listed("tags/c/index.html"), ["c"]);
    assert_eq!(listed("tags/c-plus-plus/index.html"), ["cpp"]);
    assert_eq!(listed("tags/c-sharp/index.html"), ["cs"]);
    assert_eq!(listed("vi/tags/c-plus-plus/index.html"), ["cpp"]);
    assert_eq!(listed("tags/rust/index.html"), ["c", "cpp", "cs"]);
    let cpp = fs::read_to_string(staging.join("posts/cpp/index.html")).unwrap();
    assert!(cpp.contains("href=\"/blog/tags/c-plus-plus/\" rel=\"tag\">#C++</a>"), "{cpp}");
    assert!(cpp.contains("rel=\"tag\">#Rust</a>") && !cpp.contains("#rust<"), "one spelling on every page: {cpp}");
}

#[test]
fn tags_that_would_share_a_page_fail_the_build() {
    let (root, _) = site(
        "tag-clash",
        &[
            ("dotnet.md", b"---\ntitle: A\ndate: 2025-01-01\nkeywords: \".NET\"\n---\nx\n"),
            ("dot-net.md", b"---\ntitle: B\ndate: 2025-01-02\nauthor: Ada\nkeywords: web, dot net\n---\nx\n"),
        ],
    );
    let (ok, stderr) = run(&root, "release");
    assert!(!ok, "{stderr}");
    let expected = "error: posts/dot-net.md:5: the tag `dot net` would share the page tags/dot-net/ with \
                    `.NET` (dotnet.md:4); spell them the same way if they are one tag, or rename one";
    assert!(stderr.contains(expected), "{stderr}");
}

#[test]
fn code_and_math_come_rendered_and_bad_tex_warns_with_its_line() {
    let post = "---\ntitle: Math\n---\nIntro.\n\n```rs\nfn main() {}\n```\n\nGood $x^2$.\n\nBad $\\frac{a}$ here.\n";
    let (root, staging) =
        site("extras", &[("math.md", post.as_bytes()), ("plain.md", b"---\ntitle: Plain\n---\nNo code.\n")]);
    let (ok, stderr) = run(&root, "release");
    assert!(ok, "invalid TeX never fails the build: {stderr}");
    assert!(
        stderr.contains("warning: posts/math.md:12: this TeX does not convert to MathML"),
        "the warning names file and line: {stderr}"
    );
    // The prerendered page and the file the app fetches have the same
    // highlighted code and MathML.
    let page = fs::read_to_string(staging.join("posts/math/index.html")).unwrap();
    let body = bodies(&staging, "posts/math", 0)["en"]["html"].as_str().unwrap().to_string();
    for html in [&page, &body] {
        assert!(html.contains("<span class=\"hl-k\">fn</span>"), "{html}");
        assert!(html.contains("<math><msup><mi>x</mi><mn>2</mn></msup></math>"), "{html}");
        assert!(html.contains("<code class=\"math-error\""), "{html}");
    }
    assert!(page.contains(&body), "the page's article is the app's");
    let _ = fs::remove_dir_all(root);
}

/// `trunk serve` builds in debug: after an edit, the indexer rewrites only the
/// files that changed, and what it serves is exactly what a build from
/// nothing would.
#[test]
fn debug_builds_rewrite_only_what_changed_and_match_a_full_build() {
    let post = |title: &str, date: &str, body: &str| format!("---\ntitle: {title}\ndate: {date}\n---\n{body}\n");
    let hello = post("Hello", "2025-07-18", "Hi.");
    let old = post("Old", "2024-01-01", "See [the later post](later.md).");
    let quiet = post("Quiet", "2024-02-01", "Nothing links here.");
    let gone = post("Gone", "2024-03-01", "Bye.");
    let (root, staging) = site(
        "incremental",
        &[
            ("hello.md", hello.as_bytes()),
            ("hello.vi.md", b"---\ntitle: Chao\n---\nXin chao.\n"),
            ("old.md", old.as_bytes()),
            ("quiet.md", quiet.as_bytes()),
            ("gone.md", gone.as_bytes()),
            ("twin-a.md", post("Twin A", "2024-04-01", "Left.").as_bytes()),
            ("twin-b.md", post("Twin B", "2024-04-02", "Righ.").as_bytes()),
        ],
    );
    // One post per feed, so that the older posts' pages can be kept.
    fs::write(root.join("folio.toml"), format!("feed_posts = 1\n{CONFIG}")).unwrap();
    let posts = root.join("posts");
    // Files written in the last seconds are always read again: these are
    // older, all from one instant.
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for name in tree(&posts).keys() {
        fs::File::options().write(true).open(posts.join(name)).unwrap().set_modified(then).unwrap();
    }
    let (ok, stderr) = run(&root, "debug");
    assert!(ok, "{stderr}");
    assert!(fs::symlink_metadata(staging.join("posts")).unwrap().file_type().is_symlink());
    // The kept site, where the staging folder's links point.
    let kept = fs::read_link(staging.join("posts")).unwrap().parent().unwrap().to_path_buf();
    assert!(kept.starts_with(root.join("target/folio-dev")), "{}", kept.display());
    let modified = |page: &str| fs::metadata(kept.join(page)).unwrap().modified().unwrap();
    let quiet_before = modified("posts/quiet/index.html");
    let old_page = fs::read_to_string(staging.join("posts/old/index.html")).unwrap();
    assert!(!old_page.contains("href=\"/blog/posts/later/\""), "no such post yet: {old_page}");

    // An edit, a deleted post, and a new one that an old post links to.
    fs::write(posts.join("hello.md"), post("Hello again", "2025-07-18", "Hi again.")).unwrap();
    fs::remove_file(posts.join("gone.md")).unwrap();
    fs::write(posts.join("later.md"), post("Later", "2023-05-05", "Written last, dated first.")).unwrap();
    age(&posts.join("hello.md"), 60);
    // Two files of one size and one modification time swap names.
    fs::rename(posts.join("twin-a.md"), posts.join("twin-c.md")).unwrap();
    fs::rename(posts.join("twin-b.md"), posts.join("twin-a.md")).unwrap();
    fs::rename(posts.join("twin-c.md"), posts.join("twin-b.md")).unwrap();
    let staging = stage(&root);
    let (ok, stderr) = run(&root, "debug");
    assert!(ok, "{stderr}");
    assert_eq!(modified("posts/quiet/index.html"), quiet_before, "an unchanged post's page is not rewritten");
    let old_page = fs::read_to_string(staging.join("posts/old/index.html")).unwrap();
    assert!(old_page.contains("href=\"/blog/posts/later/\""), "a new post's links resolve: {old_page}");
    assert!(!kept.join("posts/gone").exists() && !staging.join("posts/gone").exists(), "a deleted post's folder goes");
    assert!(fs::read_to_string(staging.join("index.html")).unwrap().contains("Hello again"));

    let full_build = |name: &str| {
        let (fresh, fresh_staging) = site(name, &[]);
        fs::remove_dir_all(fresh.join("posts")).unwrap();
        fs::create_dir_all(fresh.join("public")).unwrap();
        fs::rename(copy_of(&posts, &fresh), fresh.join("posts")).unwrap();
        fs::copy(root.join("folio.toml"), fresh.join("folio.toml")).unwrap();
        let (ok, stderr) = run(&fresh, "debug");
        assert!(ok, "{stderr}");
        tree(&fresh_staging)
    };
    assert!(tree(&staging) == full_build("incremental-full"), "the incremental build differs from a full one");

    // A changed configuration changes every page: nothing is kept.
    fs::write(root.join("folio.toml"), format!("feed_posts = 1\n{}", CONFIG.replace("title = \"t\"", "title = \"u\"")))
        .unwrap();
    let staging = stage(&root);
    let (ok, stderr) = run(&root, "debug");
    assert!(ok, "{stderr}");
    assert!(tree(&staging) == full_build("incremental-config"), "a new configuration is a full build");
}

/// A copy of the folder `from`, inside `into`.
fn copy_of(from: &Path, into: &Path) -> PathBuf {
    let to = into.join("copied");
    fs::create_dir_all(&to).unwrap();
    for (name, bytes) in tree(from) {
        let path = to.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    to
}

/// Sets the modification time of `path` to `seconds` ago.
fn age(path: &Path, seconds: u64) {
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(seconds);
    fs::File::options().write(true).open(path).unwrap().set_modified(then).unwrap();
}

/// The folder of the release build's search data under `staging/search/`.
fn search_folder(staging: &Path) -> String {
    let entries: Vec<String> =
        fs::read_dir(staging.join("search")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    entries[0].clone()
}

#[test]
fn the_search_data_id_follows_the_posts_not_the_build() {
    let (root, staging) = site("search-id", &[("a.md", b"---\ntitle: A\n---\nAlpha.\n")]);
    assert!(run(&root, "release").0);
    let first = search_folder(&staging);
    stage(&root);
    assert!(run(&root, "release").0);
    assert_eq!(search_folder(&staging), first, "the same posts: the same data, cached");
    stage(&root);
    fs::write(root.join("posts/cat.svg"), b"<svg width=\"4\" height=\"3\"/>").unwrap();
    assert!(run(&root, "release").0);
    let with_image = search_folder(&staging);
    assert_ne!(with_image, first, "an image's size is in the rendered files the rows name: a new id");
    stage(&root);
    fs::write(root.join("posts/a.md"), b"---\ntitle: A\n---\nBeta.\n").unwrap();
    assert!(run(&root, "release").0);
    let edited = search_folder(&staging);
    assert_ne!(edited, with_image, "an edited post: new data under a new id");
    assert!(fs::read_to_string(staging.join("search").join(&edited).join("en/t/626574.json"))
        .unwrap()
        .contains("beta"));
    let _ = fs::remove_dir_all(&root);
}

/// A writer's site folder apart from the engine: `tmp/<name>/my-blog` with
/// `folio.toml` and a post, the engine in `tmp/<name>/engine`, Trunk's
/// staging folder in `tmp/<name>/dist`.
fn site_folder(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let top = std::env::temp_dir().join(format!("folio-site-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&top);
    let site = top.join("my-blog");
    fs::create_dir_all(site.join("posts")).unwrap();
    fs::write(site.join("folio.toml"), CONFIG).unwrap();
    fs::write(site.join("posts/first.md"), "---\ntitle: First\ndate: 2024-01-02\n---\nHello.\n").unwrap();
    let engine = top.join("engine");
    fs::create_dir_all(&engine).unwrap();
    let staging = stage(&top);
    (site, engine, staging)
}

fn options(site: &Path, engine: &Path, staging: &Path, release: bool) -> Options {
    Options {
        engine: engine.to_path_buf(),
        site: site.to_path_buf(),
        here: site.parent().map(Path::to_path_buf),
        staging: staging.to_path_buf(),
        base: "/blog/".into(),
        release,
    }
}

#[test]
fn a_site_folder_brings_its_static_files_and_its_style() {
    let (site, engine, staging) = site_folder("static");
    fs::create_dir_all(site.join("static/files")).unwrap();
    fs::write(site.join("static/files/cv.pdf"), b"%PDF-1.4").unwrap();
    fs::write(site.join("static/logo.svg"), b"<svg/>").unwrap();
    fs::write(site.join("style.css"), ".site-title { color: teal; }\n@import url(https://fonts.example/x.css);\n")
        .unwrap();
    let summary = site::build(&options(&site, &engine, &staging, true), &|_| {}).unwrap();
    assert_eq!((summary.posts, summary.drafts), (1, 0));
    assert_eq!(
        summary.warnings,
        ["warning: my-blog/style.css:2: `https://fonts.example/x.css` is on another origin, which the site's \
          Content-Security-Policy blocks; put the file in static/ and link it from there, relative to style.css (`url(fonts/x.woff2)`)"]
    );
    assert_eq!(fs::read(staging.join("files/cv.pdf")).unwrap(), b"%PDF-1.4");
    assert_eq!(fs::read(staging.join("logo.svg")).unwrap(), b"<svg/>");
    let css: Vec<String> = fs::read_dir(&staging)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("site-") && n.ends_with(".css"))
        .collect();
    assert_eq!(css.len(), 1, "{css:?}");
    let page = fs::read_to_string(staging.join("posts/first/index.html")).unwrap();
    let link = format!("<link rel=\"stylesheet\" href=\"/blog/{}\" integrity=\"sha384-", css[0]);
    assert!(page.contains(&link), "the writer's CSS is checked like folio's: {page}");
    assert!(page.find(&link) > page.find("main-"), "the writer's CSS comes after folio's: {page}");
    let worker = fs::read_to_string(staging.join("sw.js")).unwrap();
    assert!(worker.contains(&css[0]), "offline pages keep the writer's style");
    assert!(fs::read_to_string(staging.join("_headers"))
        .unwrap()
        .contains("/blog/site-*.css\n  Cache-Control: public, max-age=31536000, immutable"));
}

#[test]
fn a_static_file_hosts_would_cache_for_a_year_is_named() {
    let (site, engine, staging) = site_folder("immutable");
    fs::create_dir_all(site.join("static")).unwrap();
    fs::write(site.join("static/favicon-dark.svg"), b"<svg/>").unwrap();
    let summary = site::build(&options(&site, &engine, &staging, true), &|_| {}).unwrap();
    assert_eq!(summary.warnings.len(), 1, "{:?}", summary.warnings);
    assert!(summary.warnings[0].starts_with("warning: my-blog/static/favicon-dark.svg: hosts are told to cache"));
    assert!(summary.warnings[0].contains("`favicon-*.svg`"), "{:?}", summary.warnings);
}

#[test]
fn a_preview_refuses_what_a_release_build_would() {
    let (site, engine, staging) = site_folder("worker");
    fs::create_dir_all(site.join("static")).unwrap();
    fs::write(site.join("static/sw.js"), "mine").unwrap();
    let error = site::build(&options(&site, &engine, &staging, false), &|_| {}).unwrap_err();
    assert!(matches!(error, BuildError::StaticClash { .. }), "{error}");
}

#[test]
fn a_preview_keeps_the_stylesheet_name_across_edits() {
    let (site, engine, staging) = site_folder("style-edit");
    fs::write(site.join("style.css"), "a { color: red }").unwrap();
    site::build(&options(&site, &engine, &staging, false), &|_| {}).unwrap();
    let page = || fs::read_to_string(staging.join("posts/first/index.html")).unwrap();
    let before = page();
    assert!(before.contains("<link rel=\"stylesheet\" href=\"/blog/site-dev.css\">"), "{before}");
    fs::write(site.join("style.css"), "a { color: blue }").unwrap();
    let staging = stage(site.parent().unwrap());
    site::build(&options(&site, &engine, &staging, false), &|_| {}).unwrap();
    assert_eq!(page(), before, "no page names the style's contents");
    assert_eq!(fs::read_to_string(staging.join("site-dev.css")).unwrap(), "a { color: blue }");
}

#[test]
fn a_static_file_cannot_replace_one_of_folios() {
    let (site, engine, staging) = site_folder("clash");
    fs::create_dir_all(site.join("static/posts/first")).unwrap();
    fs::write(site.join("static/posts/first/index.html"), "mine").unwrap();
    let error = site::build(&options(&site, &engine, &staging, true), &|_| {}).unwrap_err();
    assert_eq!(
        error.to_string(),
        "error: my-blog/static/posts/first/index.html: folio writes posts/first/index.html itself; rename or remove this file"
    );
}

#[test]
fn a_folder_without_configuration_or_posts_says_what_a_site_holds() {
    let (site, engine, staging) = site_folder("empty");
    fs::remove_dir_all(site.join("posts")).unwrap();
    let error = site::build(&options(&site, &engine, &staging, true), &|_| {}).unwrap_err();
    assert!(matches!(error, BuildError::NoPosts { .. }), "{error}");
    assert!(error.to_string().starts_with("error: my-blog/posts: no such folder"), "{error}");
    fs::remove_file(site.join("folio.toml")).unwrap();
    let error = site::build(&options(&site, &engine, &staging, true), &|_| {}).unwrap_err();
    assert!(error.to_string().starts_with("error: my-blog/folio.toml: No such file"), "{error}");
    assert!(error.to_string().contains("set FOLIO_SITE to yours"), "{error}");
}

#[test]
fn each_site_folder_keeps_its_own_debug_state() {
    let (site, engine, staging) = site_folder("kept-a");
    let (other, _, other_staging) = site_folder("kept-b");
    site::build(&options(&site, &engine, &staging, false), &|_| {}).unwrap();
    site::build(&options(&other, &engine, &other_staging, false), &|_| {}).unwrap();
    let kept: Vec<_> = fs::read_dir(engine.join("target/folio-dev")).unwrap().collect();
    assert_eq!(kept.len(), 2, "one kept site for each site folder");
    let target = |staging: &Path| fs::read_link(staging.join("posts")).unwrap();
    assert_ne!(target(&staging).parent(), target(&other_staging).parent());
}

#[test]
fn the_indexer_takes_a_relative_site_folder_from_where_trunk_ran() {
    let (site, engine, staging) = site_folder("relative");
    let top = site.parent().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_folio-index"))
        .current_dir(&engine)
        .env("TRUNK_SOURCE_DIR", &engine)
        .env("FOLIO_SITE", "my-blog")
        .env("PWD", top)
        .env("TRUNK_STAGING_DIR", &staging)
        .env("TRUNK_PUBLIC_URL", "/blog/")
        .env("TRUNK_PROFILE", "release")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("folio: 1 post(s) indexed"), "{stderr}");
    assert!(staging.join("posts/first/index.html").exists());
    let check = Command::new(env!("CARGO_BIN_EXE_folio-index"))
        .arg("--check")
        .env("TRUNK_SOURCE_DIR", &engine)
        .env("FOLIO_SITE", top.join("nowhere"))
        .env("PWD", top)
        .output()
        .unwrap();
    assert!(!check.status.success());
    assert!(String::from_utf8_lossy(&check.stderr).starts_with("error: nowhere/folio.toml:"));
}

#[test]
fn the_indexer_builds_nothing_for_an_argument_it_does_not_know() {
    let (site, engine, staging) = site_folder("arguments");
    let before = tree(&staging);
    let run = |arg: &str| {
        Command::new(env!("CARGO_BIN_EXE_folio-index"))
            .arg(arg)
            .env("TRUNK_SOURCE_DIR", &engine)
            .env("FOLIO_SITE", &site)
            .env("TRUNK_STAGING_DIR", &staging)
            .env("TRUNK_PROFILE", "release")
            .output()
            .unwrap()
    };
    let help = run("--help");
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("folio-index --check"));
    let unknown = run("--release");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).starts_with("error: folio-index does not know `--release`"));
    assert!(tree(&staging) == before, "nothing built");
    assert!(run("--check").status.success(), "the same site, checked");
}

#[test]
fn posts_named_the_way_jekyll_hugo_and_zola_name_them() {
    let (root, staging) = site(
        "engines",
        &[
            ("2016-03-20-listview-onclicklistner.md", b"---\ntitle: Jekyll\n---\nText.\n"),
            (
                "2020-01-01-measure-coverage-with-coverage.py.md",
                b"---\ntitle: Coverage\n---\nSee [the trip](../trip/).\n",
            ),
            ("2024-03-01-trip/index.md", b"---\ntitle: Trip\n---\n![A cat](cat.png)\n"),
            ("2024-03-01-trip/index.vi.md", b"---\ntitle: Chuyen di\n---\n![Con meo](cat.png)\n"),
            ("2024-03-01-trip/cat.png", &PNG_1X1),
            ("blog/_index.md", b"+++\ntitle = \"Blog\"\n+++\n"),
            ("blog/2023-05-06_zola-post.markdown", b"---\ntitle: Zola\n---\nText.\n"),
        ],
    );
    let (result, log) = build(&root, &staging, "/blog/", true);
    let summary = result.unwrap_or_else(|e| panic!("{e}\n{log}"));
    assert_eq!(summary.posts, 4, "{log}");
    assert!(log.contains("1 section page(s)"), "{log}");
    for page in ["listview-onclicklistner", "measure-coverage-with-coverage.py", "trip", "zola-post"] {
        assert!(staging.join(format!("posts/{page}/index.html")).exists(), "{page}: {log}");
    }
    assert!(staging.join("vi/posts/trip/index.html").exists());
    let trip = fs::read_to_string(staging.join("posts/trip/index.html")).unwrap();
    assert!(
        trip.contains("src=\"/blog/posts/2024-03-01-trip/cat.png\" alt=\"A cat\" width=\"1\" height=\"1\""),
        "a bundle's image is beside it, with its size: {trip}"
    );
    assert!(staging.join("posts/2024-03-01-trip/cat.png").exists());
    let coverage = fs::read_to_string(staging.join("posts/measure-coverage-with-coverage.py/index.html")).unwrap();
    assert!(coverage.contains("href=\"/blog/posts/trip/\""), "{coverage}");
    let data = page_data(&staging, "posts/listview-onclicklistner");
    assert_eq!(data["post"]["entry"]["date"], "2016-03-20", "the date comes from the name");
    assert!(!staging.join("posts/blog/_index.md").exists(), "a section's page is not published");
}

#[test]
fn a_translation_into_a_language_the_site_lacks_is_an_error_naming_the_file() {
    let (root, staging) = site(
        "suffix",
        &[("intro.md", b"---\ntitle: Intro\n---\nHi.\n"), ("intro.cs.md", b"---\ntitle: Uvod\n---\nAhoj.\n")],
    );
    let (result, log) = build(&root, &staging, "/blog/", true);
    let error = result.unwrap_err().to_string();
    assert!(error.contains("intro.cs.md:1: this file reads as the `cs` translation of intro.md"), "{error}\n{log}");
}

/// The start of a 1×1 PNG: enough for its size to be read.
const PNG_1X1: [u8; 24] =
    [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n', 0, 0, 0, 13, b'I', b'H', b'D', b'R', 0, 0, 0, 1, 0, 0, 0, 1];

#[test]
fn old_urls_get_redirect_pages_and_unused_keys_are_summed_up() {
    let (root, staging) = site(
        "aliases",
        &[
            (
                "2016-03-20-listview.md",
                b"---\ntitle: ListView\nlayout: post\nredirect_from:\n  - /2016/03/20/listview.html\n  - /old/listview/\n  - https://elsewhere.org/x/\n---\nText.\n",
            ),
            ("hugo.md", b"+++\ntitle = \"Hugo\"\naliases = [\"/old/hugo/\"]\nlayout = \"single\"\nweight = 2\n+++\nText.\n"),
        ],
    );
    let (result, log) = build(&root, &staging, "/blog/", true);
    let summary = result.unwrap_or_else(|e| panic!("{e}\n{log}"));
    let page = fs::read_to_string(staging.join("old/listview/index.html")).unwrap();
    assert!(page.contains("<meta http-equiv=\"refresh\" content=\"0; url=/blog/posts/listview/\">"), "{page}");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://example.com/blog/posts/listview/\">"), "{page}");
    assert!(page.contains("noindex") && !page.contains("<script"), "{page}");
    assert!(staging.join("2016/03/20/listview.html").exists());
    assert!(staging.join("old/hugo/index.html").exists());
    let hosts = fs::read_to_string(staging.join("_redirects")).unwrap();
    assert!(hosts.contains("/blog/2016/03/20/listview.html /blog/posts/listview/ 301!\n"), "{hosts}");
    assert!(hosts.contains("/blog/old/hugo/ /blog/posts/hugo/ 301!\n"), "{hosts}");
    let sitemap = fs::read_to_string(staging.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/old/"), "redirects are in no sitemap: {sitemap}");
    let warnings = summary.warnings.join("\n");
    assert!(
        warnings
            .contains("2016-03-20-listview.md:4: the old URL `https://elsewhere.org/x/` is not a path on this site"),
        "{warnings}"
    );
    assert!(warnings.contains("the front matter key `layout` (2 post(s) have it)"), "{warnings}");
    assert!(warnings.contains("hugo.md: folio does not use the front matter key `weight` (1 post(s)"), "{warnings}");
    assert_eq!(summary.warnings.iter().filter(|w| w.contains("`layout`")).count(), 1, "one line per key");
}

#[test]
fn an_old_url_claimed_twice_or_on_a_page_fails_naming_the_files() {
    let (root, staging) = site(
        "alias-clash",
        &[
            ("a.md", b"---\ntitle: A\naliases: [/old/]\n---\nA.\n"),
            ("b.md", b"---\ntitle: B\n\naliases: [/old/]\n---\nB.\n"),
        ],
    );
    let error = build(&root, &staging, "/blog/", true).0.unwrap_err().to_string();
    assert!(error.contains("b.md:4: the old URL `/old/` is also claimed by") && error.contains("a.md:3"), "{error}");
    let (root, staging) = site("alias-page", &[("a.md", b"---\ntitle: A\naliases: [/posts/a/]\n---\nA.\n")]);
    let error = build(&root, &staging, "/blog/", true).0.unwrap_err().to_string();
    assert!(
        error.contains("a.md:3: the old URL `/posts/a/` is the path of a page folio writes (posts/a/index.html)"),
        "{error}"
    );
}

#[test]
fn old_permalinks_redirect_every_post_without_listing_them() {
    let (root, staging) = site(
        "permalinks",
        &[
            ("2016-03-20-listview.md", b"---\ntitle: ListView\ncategories: [Android, java]\n---\nText.\n"),
            ("2017-01-02-undated-name.md", b"---\ntitle: Plain\n---\nText.\n"),
            ("no-date.md", b"---\ntitle: No date\n---\nText.\n"),
        ],
    );
    // Before the language tables, at the top level of the file.
    fs::write(
        root.join("folio.toml"),
        format!("old_permalinks = [\"date\", \"/:year/:slug/\", \"/posts/:title/\"]\n{CONFIG}"),
    )
    .unwrap();
    let (result, log) = build(&root, &staging, "/blog/", true);
    let summary = result.unwrap_or_else(|e| panic!("{e}\n{log}"));
    assert!(staging.join("android/java/2016/03/20/listview.html").exists(), "{log}");
    assert!(staging.join("2017/01/02/undated-name.html").exists());
    assert!(staging.join("2016/listview/index.html").exists());
    assert!(!staging.join("no-date.html").exists(), "a dated pattern needs a date");
    let hosts = fs::read_to_string(staging.join("_redirects")).unwrap();
    assert!(!hosts.contains("/blog/posts/listview/ /blog/posts/listview/"), "no redirect to itself: {hosts}");
    assert!(summary.warnings.iter().all(|w| !w.contains("old_permalinks")), "{:?}", summary.warnings);
}

#[test]
fn a_post_for_a_later_day_waits_for_it_in_release_builds() {
    let (root, staging) = site(
        "scheduled",
        &[
            ("now.md", b"---\ntitle: Now\ndate: 2020-01-01\n---\nText.\n"),
            ("2999-01-01-later.md", b"---\ntitle: Later\n---\nText.\n"),
            ("hugo.md", b"+++\ntitle = \"Hugo\"\ndate = 2020-01-01\npublishDate = 2999-06-01\n+++\nText.\n"),
        ],
    );
    let (result, log) = build(&root, &staging, "/blog/", true);
    assert_eq!(result.unwrap().posts, 1, "{log}");
    assert!(
        log.contains(
            "2 post(s) scheduled, left out until their day: 2999-01-01-later.md (2999-01-01), hugo.md (2999-06-01)"
        ),
        "{log}"
    );
    assert!(!staging.join("posts/later").exists());
    // A preview shows them.
    let (root, staging) = site("scheduled-preview", &[("2999-01-01-later.md", b"---\ntitle: Later\n---\nText.\n")]);
    assert!(run(&root, "debug").0);
    assert!(staging.join("posts/later/index.html").exists());
}

#[test]
fn other_engines_tags_are_converted_in_what_the_build_serves() {
    let (root, staging) = site(
        "bodies",
        &[
            (
                "2016-03-20-listview.md",
                b"---\ntitle: ListView\n---\nIntro.\n\n{% highlight java linenos %}\nint x = 1;\n{% endhighlight %}\n\n\
                  See [the other]({% post_url 2017-01-02-other %}).\n\n{% include note.html %}\n",
            ),
            ("2017-01-02-other.md", b"+++\ntitle = \"Other\"\n+++\n{{< youtube dQw4w9WgXcQ >}}\n"),
        ],
    );
    let (result, log) = build(&root, &staging, "/blog/", true);
    let summary = result.unwrap_or_else(|e| panic!("{e}\n{log}"));
    let page = fs::read_to_string(staging.join("posts/listview/index.html")).unwrap();
    assert!(page.contains("<code class=\"language-java\">") && page.contains("hl-"), "a highlighted block: {page}");
    assert!(page.contains("href=\"/blog/posts/other/\""), "post_url links the post: {page}");
    let served = bodies(&staging, "posts/listview", 0)["en"]["html"].as_str().unwrap().to_string();
    assert!(page.contains(&served), "the app shows what the page does: {served}");
    let other = fs::read_to_string(staging.join("posts/other/index.html")).unwrap();
    assert!(other.contains("href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\""), "{other}");
    let warnings = summary.warnings.join("\n");
    assert!(
        warnings.contains("2016-03-20-listview.md:12: `{% include note.html %}` is a tag of another engine"),
        "{warnings}"
    );
    assert!(warnings.contains("`linenos` of a highlight tag is dropped (1 block(s) have it)"), "{warnings}");
}

#[test]
fn links_to_old_urls_go_straight_to_the_post_in_pages_and_data() {
    let (root, staging) = site(
        "old-links",
        &[
            ("2016-03-20-listview.md", b"---\ntitle: ListView\n---\n## Part\n\nText.\n"),
            (
                "later.md",
                b"---\ntitle: Later\ndate: 2017-01-01\n---\nSee [part](/2016/03/20/listview.html#part), \
                  [again](https://example.com/blog/2016/03/20/listview.html) and [the CV](/cv.pdf).\n",
            ),
        ],
    );
    fs::write(root.join("folio.toml"), format!("old_permalinks = [\"date\"]\n{CONFIG}")).unwrap();
    let (result, log) = build(&root, &staging, "/blog/", true);
    result.unwrap_or_else(|e| panic!("{e}\n{log}"));
    let page = fs::read_to_string(staging.join("posts/later/index.html")).unwrap();
    assert!(page.contains("href=\"/blog/posts/listview/#part\""), "{page}");
    assert!(page.contains("href=\"/blog/posts/listview/\">again"), "{page}");
    assert!(page.contains("href=\"/blog/cv.pdf\""), "{page}");
    let served = bodies(&staging, "posts/later", 0)["en"]["html"].as_str().unwrap().to_string();
    assert!(served.contains("href=\"/blog/posts/listview/#part\""), "the app shows the same: {served}");
}

#[test]
fn a_held_back_post_holds_back_its_translation_and_a_dropped_file_its_old_urls() {
    let (root, staging) = site(
        "held",
        &[
            ("launch.md", b"---\ntitle: Launch\ndate: 2999-01-04\n---\nSoon.\n"),
            ("launch.vi.md", b"---\ntitle: Ra mat\n---\nSap.\n"),
            ("wip.md", b"---\ntitle: WIP\ndraft: true\n---\nx\n"),
            ("wip.vi.md", b"---\ntitle: Nhap\n---\nx\n"),
            ("blog/intro.md", b"---\ntitle: Intro\ndate: 2020-01-01\n---\nBlog.\n"),
            (
                "docs/intro.md",
                b"---\ntitle: Docs intro\ndate: 2020-01-02\naliases: [/docs/intro/]\ntags: [docs]\n---\nDocs.\n",
            ),
        ],
    );
    let (result, log) = build(&root, &staging, "/blog/", true);
    let summary = result.unwrap_or_else(|e| panic!("{e}\n{log}"));
    assert_eq!(summary.posts, 1, "only one intro: {log}");
    assert!(log.contains("launch.vi.md (2999-01-04)"), "{log}");
    assert!(!staging.join("vi/posts/launch").exists() && !staging.join("vi/posts/wip").exists());
    assert!(summary
        .warnings
        .iter()
        .any(|w| w.contains("docs/intro.md: the post `intro` already has its `en` version in blog/intro.md")
            && w.contains("give one of them its own `slug`")));
    assert!(
        !staging.join("docs/intro/index.html").exists(),
        "the dropped file's old URL does not lead to the other post"
    );
    assert!(!staging.join("tags/docs").exists(), "nor do its tags join it");
}

#[test]
fn posts_keep_the_slug_and_url_their_front_matter_gives() {
    let (root, staging) = site(
        "own-slugs",
        &[
            ("2016-03-20-listview-onclick.md", b"---\ntitle: ListView\nslug: listview\n---\n## Part\n\nText.\n"),
            ("2016-03-20-listview-onclick.vi.md", b"---\ntitle: ListView vi\nslug: danh-sach\n---\nChu.\n"),
            ("hugo.md", b"+++\ntitle = \"Hugo\"\nurl = \"/2019/01/hugo-post/\"\ndate = 2019-01-02\n+++\nText.\n"),
            (
                "jekyll.md",
                b"---\ntitle: Jekyll\ndate: 2018-05-06\npermalink: /:year/:title.html\n---\n\
                  See [the list](2016-03-20-listview-onclick.md#part) and [Hugo](hugo.md).\n",
            ),
        ],
    );
    let (result, log) = build(&root, &staging, "/blog/", true);
    let summary = result.unwrap_or_else(|e| panic!("{e}\n{log}"));
    assert_eq!(summary.posts, 3, "{log}");
    assert!(staging.join("posts/listview/index.html").exists(), "{log}");
    assert!(staging.join("vi/posts/listview/index.html").exists(), "the translation goes with its main file");
    assert!(staging.join("posts/hugo-post/index.html").exists(), "the url's last part is the slug");
    // Each old URL leads to the post.
    let hosts = fs::read_to_string(staging.join("_redirects")).unwrap();
    assert!(hosts.contains("/blog/2019/01/hugo-post/ /blog/posts/hugo-post/ 301!\n"), "{hosts}");
    assert!(hosts.contains("/blog/2018/jekyll.html /blog/posts/jekyll/ 301!\n"), "{hosts}");
    assert!(hosts.contains("/blog/vi/posts/danh-sach/ /blog/vi/posts/listview/ 301!\n"), "{hosts}");
    // Links naming the files reach the posts, in the page and in the app.
    let page = fs::read_to_string(staging.join("posts/jekyll/index.html")).unwrap();
    assert!(page.contains("href=\"/blog/posts/listview/#part\""), "{page}");
    assert!(page.contains("href=\"/blog/posts/hugo-post/\""), "{page}");
    let served = bodies(&staging, "posts/jekyll", 0)["en"]["html"].as_str().unwrap().to_string();
    assert!(served.contains("href=\"/blog/posts/listview/#part\""), "the app shows the same: {served}");
    let data = page_data(&staging, "posts/listview");
    let vi = &data["post"]["entry"]["versions"][1];
    assert_eq!(vi["file_meta"]["slug"], "listview", "the app reads the translation's slug: {data}");
    assert!(summary.warnings.iter().all(|w| !w.contains("`slug`") && !w.contains("`url`")), "{:?}", summary.warnings);
}

#[test]
fn a_slug_that_cannot_be_a_url_part_is_an_error_with_its_line() {
    let (root, staging) = site("bad-slug", &[("a.md", b"---\ntitle: A\nslug: a/b\n---\nA.\n")]);
    let error = build(&root, &staging, "/blog/", true).0.unwrap_err().to_string();
    assert!(error.contains("a.md:3: `slug: a/b` cannot be a part of the post's URL"), "{error}");
}

#[test]
fn posts_the_old_engine_kept_from_being_pages_stay_unpublished_and_are_named() {
    let (root, staging) = site(
        "not-pages",
        &[
            (
                "kept.md",
                b"---\ntitle: Kept\ndate: 2020-01-01\nexpiryDate: 2999-01-01\nbuild:\n  list: never\n---\nText.\n",
            ),
            ("expired.md", b"---\ntitle: Expired\ndate: 2020-01-01\nexpiryDate: 2021-01-01\n---\nText.\n"),
            ("headless.md", b"---\ntitle: Headless\nheadless: true\n---\nText.\n"),
            ("zola.md", b"+++\ntitle = \"Zola\"\nrender = false\n+++\nText.\n"),
            ("hugo.md", b"+++\ntitle = \"Hugo\"\n[build]\nrender = \"never\"\nlist = \"always\"\n+++\nText.\n"),
        ],
    );
    let (result, log) = build(&root, &staging, "/blog/", true);
    let summary = result.unwrap_or_else(|e| panic!("{e}\n{log}"));
    assert_eq!(summary.posts, 1, "{log}");
    for name in ["expired.md (expired 2021-01-01)", "headless.md (`headless: true`)", "zola.md (`render: false`)"] {
        assert!(log.contains(name), "{name}: {log}");
    }
    assert!(log.contains("hugo.md (`build.render: never`)"), "{log}");
    assert!(log.contains("4 post(s) not published, as their front matter asks"), "{log}");
    assert!(!staging.join("posts/headless").exists() && !staging.join("posts/expired").exists());
    let warnings = summary.warnings.join("\n");
    assert!(warnings.contains("`build.list`"), "what folio cannot do is named: {warnings}");
    for key in ["`expiryDate`", "`headless`", "`render`", "`build.render`"] {
        assert!(!warnings.contains(key), "{key} is used: {warnings}");
    }
    // A preview shows the expired post, as it shows drafts; never the others.
    let (result, log) = build(&root, &staging, "/blog/", false);
    assert_eq!(result.unwrap().posts, 2, "{log}");
}

#[test]
fn a_cover_shows_above_the_post_with_its_size() {
    let (root, staging) = site(
        "cover",
        &[
            ("trip/index.md", b"+++\ntitle = \"Trip\"\n[cover]\nimage = \"sky.png\"\n+++\nText.\n"),
            ("trip/index.vi.md", b"---\ntitle: Chuyen di\n---\nChu.\n"),
            ("elsewhere.md", b"---\ntitle: Elsewhere\nimage: /img/logo.png\n---\nText.\n"),
            ("unsafe.md", b"---\ntitle: Unsafe\nimage: \"javascript:alert(1)\"\n---\nText.\n"),
        ],
    );
    fs::write(root.join("posts/trip/sky.png"), png(64, 32)).unwrap();
    let (result, log) = build(&root, &staging, "/blog/", true);
    result.unwrap_or_else(|e| panic!("{e}\n{log}"));
    for page in ["posts/trip/index.html", "vi/posts/trip/index.html"] {
        let html = fs::read_to_string(staging.join(page)).unwrap();
        assert!(
            html.contains(
                "<figure class=\"cover\"><img src=\"/blog/posts/trip/sky.png\" alt=\"\" width=\"64\" height=\"32\""
            ),
            "{page}: {html}"
        );
    }
    let html = fs::read_to_string(staging.join("posts/elsewhere/index.html")).unwrap();
    assert!(html.contains("<img src=\"/blog/img/logo.png\" alt=\"\" decoding"), "from the site's root: {html}");
    let html = fs::read_to_string(staging.join("posts/unsafe/index.html")).unwrap();
    assert!(!html.contains("class=\"cover\"") && !html.contains("src=\"javascript:"), "{html}");
}

/// The start of a PNG of `width` × `height`: enough for its size to be read.
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(width.to_be_bytes());
    png.extend(height.to_be_bytes());
    png.extend([8, 6, 0, 0, 0]);
    png
}

#[test]
fn hugo_language_folders_keep_their_old_urls_in_either_case() {
    let (root, staging) = site(
        "hugo-languages",
        &[
            ("en/functions/First.md", b"---\ntitle: First\ndate: 2020-01-01\n---\nText.\n"),
            ("vi/functions/First.md", b"---\ntitle: Dau tien\n---\nChu.\n"),
        ],
    );
    fs::write(root.join("folio.toml"), format!("old_permalinks = [\"/:sections/:slug/\"]\n{CONFIG}")).unwrap();
    let (result, log) = build(&root, &staging, "/blog/", true);
    let summary = result.unwrap_or_else(|e| panic!("{e}\n{log}"));
    assert_eq!(summary.posts, 1, "one post in two languages: {log}");
    assert!(staging.join("vi/posts/First/index.html").exists(), "{log}");
    let hosts = fs::read_to_string(staging.join("_redirects")).unwrap();
    for line in [
        "/blog/functions/First/ /blog/posts/First/ 301!",
        "/blog/functions/first/ /blog/posts/First/ 301!",
        "/blog/vi/functions/First/ /blog/vi/posts/First/ 301!",
        "/blog/vi/functions/first/ /blog/vi/posts/First/ 301!",
    ] {
        assert!(hosts.contains(line), "{line}: {hosts}");
    }
}

#[test]
fn relative_and_encoded_aliases_answer_where_the_old_site_had_them() {
    let (root, staging) = site(
        "relative-aliases",
        &[
            (
                "blog/new-name.md",
                b"---\ntitle: New\naliases: [old-name, \"/caf%C3%A9/\", ../up.html, \"/100%25/\"]\nimage: sky.png\n---\nText.\n",
            ),
            ("jekyll.md", b"---\ntitle: Jekyll\nredirect_from: [from-root.html]\n---\nSee [it](/caf%C3%A9/).\n"),
        ],
    );
    let (result, log) = build(&root, &staging, "/blog/", true);
    result.unwrap_or_else(|e| panic!("{e}\n{log}"));
    assert!(staging.join("blog/old-name/index.html").exists(), "from the post's folder, as Hugo reads it: {log}");
    assert!(staging.join("café/index.html").exists(), "{log}");
    assert!(staging.join("from-root.html").exists(), "Jekyll's are from the root: {log}");
    assert!(staging.join("up.html").exists(), "`..` climbs: {log}");
    let hosts = fs::read_to_string(staging.join("_redirects")).unwrap();
    assert!(hosts.contains("/blog/caf%C3%A9/ /blog/posts/new-name/ 301!"), "{hosts}");
    assert!(hosts.contains("/blog/100%25/ /blog/posts/new-name/ 301!"), "a decoded % is written encoded: {hosts}");
    assert!(staging.join("100%/index.html").exists());
    let page = fs::read_to_string(staging.join("posts/jekyll/index.html")).unwrap();
    assert!(page.contains("href=\"/blog/posts/new-name/\""), "a link to the encoded old URL goes to the post: {page}");
}

#[test]
fn every_language_gets_its_interface_text_and_a_site_adds_its_own() {
    let (site, engine, staging) = site_folder("languages");
    fs::write(
        site.join("folio.toml"),
        "title = \"t\"\nbase_url = \"https://example.com\"\ndefault_language = \"en\"\n\
         [[languages]]\ncode = \"en\"\nname = \"English\"\n[[languages]]\ncode = \"fr\"\nname = \"Français\"\n\
         [[languages]]\ncode = \"eo\"\nname = \"Esperanto\"\n[[languages]]\ncode = \"sw\"\nname = \"Kiswahili\"\n",
    )
    .unwrap();
    fs::write(
        site.join("posts/premier.md"),
        "---\ntitle: Premier\nlang: fr\ndate: 2025-05-12\n---\n## Partie\n\nTexte.\n",
    )
    .unwrap();
    fs::create_dir_all(site.join("i18n")).unwrap();
    fs::write(site.join("i18n/eo.toml"), "[text]\nhome = \"Hejmo\"\nhomee = \"x\"\n").unwrap();
    fs::write(site.join("i18n/notes.txt"), "x").unwrap();
    let summary = site::build(&options(&site, &engine, &staging, true), &|_| {}).unwrap();
    let page = fs::read_to_string(staging.join("fr/posts/premier/index.html")).unwrap();
    assert!(page.contains("12 mai 2025"), "a French date: {page}");
    assert!(page.contains("Sommaire"), "French interface text: {page}");
    // The app gets its interface with the language's shared start data, which the page names.
    let shared_start = |page: &str| {
        let start = page.find(" data-site=\"/blog/").unwrap() + " data-site=\"/blog/".len();
        fs::read_to_string(staging.join(&page[start..][..page[start..].find('"').unwrap()])).unwrap()
    };
    let french = shared_start(&page);
    assert!(french.contains("\"interface\":[\"fr\",\"Français\""), "the app gets French's interface: {french}");
    let english = shared_start(&fs::read_to_string(staging.join("posts/first/index.html")).unwrap());
    assert!(!english.contains("\"interface\":"), "English is the app's own: {english}");
    assert!(english.contains("\"interface_files\":{"), "and where the others' are: {english}");
    let esperanto = shared_start(&fs::read_to_string(staging.join("eo/index.html")).unwrap());
    assert!(esperanto.contains("Hejmo"), "the site's own text over the engine's: {esperanto}");
    let warnings = summary.warnings.join("\n");
    assert!(warnings.contains("my-blog/i18n/eo.toml: `eo` has no `language.name`"), "{warnings}");
    assert!(warnings.contains("my-blog/i18n/eo.toml: folio does not use `text.homee`"), "{warnings}");
    assert!(warnings.contains("no interface text for `sw`"), "{warnings}");
    assert!(warnings.contains("my-blog/i18n/notes.txt: folio reads only"), "{warnings}");
    fs::write(site.join("i18n/eo.toml"), "[text]\nhome = \"Hejmo {page}\"\n").unwrap();
    let error = site::build(&options(&site, &engine, &staging, true), &|_| {}).unwrap_err().to_string();
    assert!(error.contains("my-blog/i18n/eo.toml: `text.home` has the placeholder `{page}`"), "{error}");
}

#[test]
fn slugs_the_writer_gives_are_whole_and_meant() {
    let (root, staging) = site(
        "given-slugs",
        &[
            ("a.md", b"---\ntitle: A\npermalink: /projects/alpha/index.html\n---\nA.\n"),
            ("b.md", b"---\ntitle: B\nslug: Hello World\n---\nB.\n"),
            ("en/trip/index.md", b"---\ntitle: Trip\nimage: sky.png\n---\nT.\n"),
            ("vi/trip/index.md", b"---\ntitle: Chuyen di\n---\nC.\n"),
            ("d.md", b"---\ntitle: D\nbuild:\n  render: link\n---\nD.\n"),
        ],
    );
    fs::write(root.join("posts/en/trip/sky.png"), png(64, 32)).unwrap();
    let (result, log) = build(&root, &staging, "/blog/", true);
    result.unwrap_or_else(|e| panic!("{e}\n{log}"));
    assert!(staging.join("posts/alpha/index.html").exists(), "the folder of index.html: {log}");
    assert!(staging.join("posts/Hello-World/index.html").exists(), "spaces become dashes: {log}");
    assert!(!staging.join("posts/d").exists(), "`render: link` makes no page");
    let vi = fs::read_to_string(staging.join("vi/posts/trip/index.html")).unwrap();
    assert!(vi.contains("src=\"/blog/posts/en/trip/sky.png\""), "the main file's cover, from its folder: {vi}");
    // Two posts given one slug: an error naming both.
    let (root, staging) =
        site("slug-clash", &[("b.md", b"---\ntitle: B\n---\nB.\n"), ("a.md", b"---\ntitle: A\nslug: b\n---\nA.\n")]);
    let error = build(&root, &staging, "/blog/", true).0.unwrap_err().to_string();
    assert!(error.contains("a.md:3: the slug `b` is also b.md's"), "whichever is read first: {error}");
}

const SITE_CHROME: &str = "author = \"Tung\"\nauthor_url = \"https://tway.dev/resume/\"\n\
footer = { en = \"© 2025 Tung. Text [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/).\", vi = \"© 2025 Tùng.\" }\n\
logo = \"logo.svg\"\nfavicon = \"me.png\"\n\
[[menu]]\nurl = \"about\"\nname = { en = \"About\", vi = \"Giới thiệu\" }\n\
[[menu]]\nurl = \"tags\"\nname = \"Tags\"\n\
[[menu]]\nurl = \"https://github.com/someone\"\nname = \"GitHub\"\n\
[social]\ngithub = \"https://github.com/someone\"\nmastodon = \"https://mastodon.social/@someone\"\n";

/// `CONFIG` with `SITE_CHROME` and `more` tables before the languages.
fn with_chrome(more: &str) -> String {
    let (head, languages) = CONFIG.split_once("[[languages]]").unwrap();
    format!("{head}{SITE_CHROME}{more}[[languages]]{languages}")
}

/// A site with pages, a menu, a footer, a logo and an icon.
fn site_with_pages(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let (site, engine, staging) = site_folder(name);
    fs::write(site.join("folio.toml"), with_chrome("")).unwrap();
    fs::write(site.join("posts/first.md"), "---\ntitle: First\ndate: 2024-01-02\ntags: [rust, web]\n---\nHello.\n")
        .unwrap();
    fs::write(
        site.join("posts/second.md"),
        "---\ntitle: Second\ndate: 2024-02-02\ntags: [rust]\nauthor: Ann\n---\nHi.\n",
    )
    .unwrap();
    fs::create_dir_all(site.join("pages/projects")).unwrap();
    fs::create_dir_all(site.join("static")).unwrap();
    fs::write(site.join("static/logo.svg"), b"<svg/>").unwrap();
    fs::write(site.join("static/me.png"), b"png").unwrap();
    fs::write(
        site.join("pages/about.md"),
        "---\ntitle: About me\ntoc: true\n---\n## Work\n\nI write [posts](../posts/first/).\n",
    )
    .unwrap();
    fs::write(site.join("pages/about.vi.md"), "---\ntitle: Giới thiệu\n---\n## Công việc\n\nTôi viết.\n").unwrap();
    fs::write(
        site.join("pages/projects/folio.md"),
        "---\ntitle: folio\ndescription: A blog engine\n---\nThe engine.\n",
    )
    .unwrap();
    (site, engine, staging)
}

#[test]
fn pages_are_published_at_their_paths_in_no_list_or_feed() {
    let (site, engine, staging) = site_with_pages("pages");
    let summary = site::build(&options(&site, &engine, &staging, true), &|_| {}).unwrap();
    assert_eq!(summary.posts, 2, "pages are not posts");
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
    let about = fs::read_to_string(staging.join("about/index.html")).unwrap();
    assert!(about.contains("<h1 id=\"post-title\">About me</h1>") && about.contains("class=\"toc\""), "{about}");
    assert!(!about.contains("class=\"meta\"") && !about.contains("reading-time"), "no byline, date or reading time");
    assert!(about.contains("\"@type\":\"WebPage\""), "JSON-LD of a page");
    let vi = fs::read_to_string(staging.join("vi/about/index.html")).unwrap();
    assert!(vi.contains("Giới thiệu") && vi.contains("lang=\"vi\""));
    assert!(!vi.contains("class=\"toc\""), "a page without `toc: true` has no table of contents");
    assert_eq!(page_data(&staging, "about")["post"]["entry"]["slug"], "about");
    assert_eq!(page_data(&staging, "projects/folio")["post"]["entry"]["standalone"], true);
    assert!(staging.join("projects/folio/index.html").is_file());
    // In the sitemap and in search, in no list, archive or feed.
    let sitemap = fs::read_to_string(staging.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("https://example.com/blog/about/") && sitemap.contains("https://example.com/blog/vi/about/")
    );
    assert!(sitemap.contains("https://example.com/blog/tags/"));
    for listing in ["index.html", "archive/index.html", "atom.xml", "vi/atom.xml", "tags/rust/index.html"] {
        let text = fs::read_to_string(staging.join(listing)).unwrap();
        assert!(!text.contains("About me") && !text.contains("/blog/projects/folio/"), "{listing}");
    }
    let search = search_folder(&staging);
    let docs: String = fs::read_dir(staging.join("search").join(&search).join("en/d"))
        .unwrap()
        .map(|f| fs::read_to_string(f.unwrap().path()).unwrap())
        .collect();
    assert!(docs.contains("\"slug\":\"about\"") && docs.contains("\"standalone\":true"), "{docs}");
}

#[test]
fn the_menu_footer_logo_and_icon_are_on_every_page() {
    let (site, engine, staging) = site_with_pages("chrome");
    site::build(&options(&site, &engine, &staging, true), &|_| {}).unwrap();
    let home = fs::read_to_string(staging.join("index.html")).unwrap();
    assert!(home.contains("<a href=\"/blog/about/\">About</a>"), "{home}");
    assert!(home.contains("<a href=\"https://github.com/someone\">GitHub</a>"));
    assert!(home.contains("<img src=\"/blog/logo.svg\" alt=\"\" height=\"32\" class=\"logo\">"), "{home}");
    assert!(home.contains("<link rel=\"icon\" href=\"/blog/me.png\" type=\"image/png\">"));
    assert!(!home.contains("favicon-"), "folio's icon is replaced");
    assert!(home.contains("<a href=\"https://creativecommons.org/licenses/by/4.0/\""), "the footer's Markdown");
    assert!(home
        .contains("href=\"https://mastodon.social/@someone\" aria-label=\"Mastodon\" title=\"Mastodon\" rel=\"me\""));
    assert!(home.contains("href=\"/blog/atom.xml\""));
    let about = fs::read_to_string(staging.join("vi/about/index.html")).unwrap();
    assert!(about.contains("<a href=\"/blog/vi/about/\" aria-current=\"page\">Giới thiệu</a>"), "{about}");
    assert!(about.contains("© 2025 Tùng.") && about.contains("href=\"/blog/vi/atom.xml\""));
    // Every tag with its number of posts.
    let tags = fs::read_to_string(staging.join("tags/index.html")).unwrap();
    assert!(tags.contains("#rust</a> <span class=\"count\">2 posts</span>"), "{tags}");
    assert!(tags.contains("<a href=\"/blog/tags/\" aria-current=\"page\">Tags</a>"));
    assert!(fs::read_to_string(staging.join("vi/tags/index.html")).unwrap().contains("2 bài viết"));
    assert_eq!(page_data(&staging, "tags")["tags"][0]["posts"], 2);
    // The site's author signs what names none, with the site's profiles in JSON-LD.
    let first = fs::read_to_string(staging.join("posts/first/index.html")).unwrap();
    assert!(first.contains("<a href=\"https://tway.dev/resume/\" rel=\"author\">Tung</a>"), "{first}");
    assert!(first.contains("\"sameAs\":[\"https://github.com/someone\",\"https://mastodon.social/@someone\"]"));
    assert!(home.contains("\"@type\":\"WebSite\"") && home.contains("\"url\":\"https://tway.dev/resume/\""), "{home}");
    let second = fs::read_to_string(staging.join("posts/second/index.html")).unwrap();
    assert!(
        second.contains("By <span>Ann</span>") && !second.contains("rel=\"author\""),
        "a post's own author keeps it"
    );
}

#[test]
fn a_page_on_a_taken_path_fails_naming_both() {
    let (site, engine, staging) = site_with_pages("taken-path");
    fs::write(site.join("pages/tags.md"), "---\ntitle: Tags\n---\nx\n").unwrap();
    let error = site::build(&options(&site, &engine, &staging, true), &|_| {}).unwrap_err().to_string();
    assert!(
        error.contains("my-blog/pages/tags.md: the page's path `tags/` cannot be: `tags/` is folio's own folder"),
        "{error}"
    );
    fs::remove_file(site.join("pages/tags.md")).unwrap();
    fs::create_dir_all(site.join("static/about")).unwrap();
    fs::write(site.join("static/about/index.html"), "x").unwrap();
    let error = site::build(&options(&site, &engine, &staging, true), &|_| {}).unwrap_err().to_string();
    assert!(
        error.contains(
            "my-blog/pages/about.md: the page's path /blog/about/ is taken by my-blog/static/about/index.html"
        ),
        "{error}"
    );
    fs::remove_dir_all(site.join("static/about")).unwrap();
    fs::write(site.join("posts/old.md"), "---\ntitle: Old\ndate: 2020-01-01\naliases: [/about/]\n---\nx\n").unwrap();
    let error = site::build(&options(&site, &engine, &staging, true), &|_| {}).unwrap_err().to_string();
    assert!(
        error.contains(
            "my-blog/pages/about.md: the page's path /blog/about/ is an old URL of the post my-blog/posts/old.md:4"
        ),
        "{error}"
    );
    fs::remove_file(site.join("posts/old.md")).unwrap();
    fs::write(site.join("folio.toml"), with_chrome("[[menu]]\nurl = \"abut\"\nname = \"x\"\n")).unwrap();
    let error = site::build(&options(&site, &engine, &staging, true), &|_| {}).unwrap_err().to_string();
    assert!(error.contains("(`url = \"abut\"`) names no page: there is no my-blog/pages/abut.md"), "{error}");
}

#[test]
fn a_new_post_or_page_starts_as_a_draft_named_after_its_title() {
    use folio_site::new::{start, Kind};
    use folio_site::site_folder::SiteFolder;
    let (site, engine, staging) = site_folder("new");
    let folder = SiteFolder::new(&site, site.parent());
    let day = folio_core::date::Date::parse("2026-12-05").unwrap();
    let post = start(&folder, Kind::Post, "Bộ nhớ đệm", day).unwrap();
    assert_eq!(post, site.join("posts/bo-nho-dem.md"));
    let page = start(&folder, Kind::Page, "Giới thiệu", day).unwrap();
    assert_eq!(page, site.join("pages/gioi-thieu.md"));
    let again = start(&folder, Kind::Post, "Bộ nhớ đệm", day).unwrap_err().to_string();
    assert_eq!(
        again,
        "error: my-blog/posts/bo-nho-dem.md is there already; edit it, or start the post with another title"
    );
    fs::write(&post, fs::read_to_string(&post).unwrap() + "Nội dung.\n").unwrap();
    // A draft: in a preview, and out of a release build.
    let summary = site::build(&options(&site, &engine, &staging, true), &|_| {}).unwrap();
    assert_eq!((summary.posts, summary.drafts), (1, 2));
    assert!(!staging.join("posts/bo-nho-dem").exists() && !staging.join("gioi-thieu").exists());
}

#[test]
fn pages_are_kept_apart_by_folder_and_one_path_is_one_page() {
    let (site, engine, staging) = site_with_pages("page-paths");
    // Same name, other folders: two pages.
    fs::write(site.join("pages/folio.md"), "---\ntitle: The name\n---\nWhy folio.\n").unwrap();
    // Only in Vietnamese, and in the menu, with a relative link in the footer.
    fs::write(site.join("pages/chao.vi.md"), "---\ntitle: Chào\n---\nXin chào.\n").unwrap();
    let chrome = with_chrome("[[menu]]\nurl = \"chao\"\nname = \"Chào\"\n")
        .replace("© 2025 Tung. Text", "[Imprint](imprint.md), © 2025 Tung. Text");
    fs::write(site.join("folio.toml"), chrome).unwrap();
    fs::write(site.join("pages/imprint.md"), "---\ntitle: Imprint\n---\nWho.\n").unwrap();
    site::build(&options(&site, &engine, &staging, true), &|_| {}).unwrap();
    assert!(fs::read_to_string(staging.join("folio/index.html")).unwrap().contains("The name"));
    assert!(fs::read_to_string(staging.join("projects/folio/index.html")).unwrap().contains("The engine."));
    // The Vietnamese-only page: its data where the app looks, and the menu links its own language.
    assert!(staging.join("vi/chao/index.html").is_file() && !staging.join("chao/index.html").exists());
    assert_eq!(page_data(&staging, "chao")["post"]["entry"]["slug"], "chao");
    let home = fs::read_to_string(staging.join("index.html")).unwrap();
    assert!(home.contains("<a href=\"/blog/vi/chao/\" hreflang=\"vi\">Chào</a>"), "{home}");
    assert!(home.contains("<a href=\"/blog/imprint/\">Imprint</a>"), "the footer's links start from the root");
    // The worker answers for the pages' folders as for folio's own.
    let worker = fs::read_to_string(staging.join("sw.js")).unwrap();
    assert!(worker.contains("\"about/\"") && worker.contains("\"projects/\""), "{}", &worker[..400]);
    // Two files on one path, in one language, fail naming both.
    fs::create_dir_all(site.join("pages/about")).unwrap();
    fs::write(site.join("pages/about/index.md"), "---\ntitle: Also about\n---\nx\n").unwrap();
    let error = site::build(&options(&site, &engine, &staging, true), &|_| {}).unwrap_err().to_string();
    assert!(error.contains("the page's path `about/` is also about.md's"), "{error}");
}

#[test]
fn what_a_page_has_that_folio_does_not_use_is_named() {
    let (site, engine, staging) = site_with_pages("page-keys");
    fs::write(site.join("pages/now.md"), "---\ntitle: Now\nsummary_image: x.png\n---\nToday.\n").unwrap();
    fs::write(site.join("static/my logo.svg"), b"<svg/>").unwrap();
    fs::write(site.join("folio.toml"), with_chrome("").replace("logo = \"logo.svg\"", "logo = \"my logo.svg\""))
        .unwrap();
    let summary = site::build(&options(&site, &engine, &staging, true), &|_| {}).unwrap();
    assert!(
        summary.warnings.iter().any(|w| w.contains(
            "my-blog/pages/now.md: folio does not use the front matter key `summary_image` (1 page(s) have it)"
        )),
        "{:?}",
        summary.warnings
    );
    let home = fs::read_to_string(staging.join("index.html")).unwrap();
    assert!(home.contains("src=\"/blog/my%20logo.svg\""), "a file name as a URL has it");
}
