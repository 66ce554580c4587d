//! Stress and malformed posts: each either renders or fails with a message
//! naming the file and line, and none hangs. (How long they take is measured
//! by `benches/pipeline.rs`, not here; the bound below only catches hangs.)

use std::time::{Duration, Instant};

use folio_core::error::{ErrorKind, PostError};
use folio_core::markdown::{no_sizes, RenderContext};
use folio_core::post::{self, Article};

#[path = "support/adversarial.rs"]
mod adversarial;
#[path = "support/html5.rs"]
mod html5;
#[path = "support/pipeline.rs"]
mod pipeline;
use pipeline::{check_post, test_config};

const HANG: Duration = Duration::from_secs(60);

fn links() -> RenderContext<'static> {
    RenderContext {
        folder: "",
        files: folio_core::route::POST_FILES,
        base: "/",
        post_prefix: &|_| None,
        image_size: &no_sizes,
        old_url: &|_| None,
        renamed: &|_| None,
        extras: &folio_core::extras::NONE,
    }
}

/// Renders `bytes` as `name` in its main language, checking the pipeline's promises on the way.
fn render(name: &str, bytes: &[u8]) -> Result<Article, PostError> {
    let started = Instant::now();
    assert_eq!(check_post(name, bytes, &html5::check_article), Ok(()));
    let result = post::decode(name, bytes)
        .and_then(|text| folio_core::build_time::read_post(name, &text, &test_config()))
        .map(|(_, parsed)| {
            let lang = parsed.meta.main_lang.clone();
            parsed.render(&lang, &links()).expect("the main language renders")
        });
    assert!(started.elapsed() < HANG, "{name} took {:?}", started.elapsed());
    result
}

#[test]
fn two_megabyte_post_with_thousands_of_headings() {
    let mut text = String::from("---\ntitle: Big\n---\n");
    let mut n = 0;
    while text.len() < 2_000_000 {
        text.push_str(&format!(
            "## Section {n}\n\nSome text with *emphasis*, `code` and a [link](other).\n\n### Sub {n}\n\n- a\n- b\n\n"
        ));
        n += 1;
    }
    let article = render("big.md", text.as_bytes()).unwrap();
    assert!(article.headings.len() > 10_000);
    let unique: std::collections::HashSet<_> = article.headings.iter().map(|h| &h.id).collect();
    assert_eq!(unique.len(), article.headings.len());
}

#[test]
fn deep_nesting_and_delimiter_storms() {
    let cases: Vec<(&str, String)> = vec![
        ("quotes.md", format!("{} deep\n", ">".repeat(20_000))),
        ("lists.md", (0..1000).map(|i| format!("{}- item {i}\n", "  ".repeat(i))).collect()),
        ("brackets.md", "[".repeat(50_000)),
        ("emphasis.md", "*a".repeat(30_000)),
        ("underscores.md", "_".repeat(30_000)),
        ("line.md", "x".repeat(1_000_000)),
        ("html.md", "<div>".repeat(20_000)),
        ("links.md", "[a](".repeat(20_000)),
    ];
    for (name, text) in cases {
        let article = render(name, text.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!article.html.is_empty(), "{name}");
    }
}

#[test]
fn adversarial_html_renders_balanced_without_hanging() {
    for name in adversarial::SHAPES {
        // 50 KB: html5ever, which checks the output, is itself quadratic on deep nesting.
        let text = adversarial::shape(name, 50_000);
        render(&format!("{name}.md"), text.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn ten_thousand_references_to_one_footnote() {
    let text = format!("{}\n\n[^n]: The note.\n", "See[^n]. ".repeat(10_000));
    let article = render("refs.md", text.as_bytes()).unwrap();
    assert_eq!(article.html.matches("<sup class=\"footnote-ref\">").count(), 10_000);
    assert_eq!(article.html.matches("class=\"footnote-backref\"").count(), 10_000);
    assert!(article.html.contains("id=\"folio-fnref-n-10000\">1</a>"));
    assert!(article.html.contains("<a href=\"#folio-fnref-n-10000\" class=\"footnote-backref\""));
}

#[test]
fn callouts_nested_a_thousand_deep() {
    let mut text: String = (1..=1000).map(|depth| format!("{}[!NOTE]\n", ">".repeat(depth))).collect();
    text.push_str(&">".repeat(1000));
    text.push_str(" deep\n");
    let article = render("callouts.md", text.as_bytes()).unwrap();
    assert_eq!(article.html.matches("<div class=\"callout callout-note\" role=\"note\">").count(), 1000);
    assert_eq!(article.html.matches("</div>").count(), 1000);
    assert!(article.html.contains("<p>deep</p>"), "{}", &article.html[article.html.len() - 200..]);
}

/// Issue 7, defect 3: 100 KB of this took 14 s, as every `<a x` was scanned to the end again.
#[test]
fn hostile_extras_cannot_escape_or_run_script() {
    // check_post also renders with each block's code as its "highlighted
    // HTML" and each formula's TeX as its "MathML" (a tampered extras file).
    let post = concat!(
        "```rust\n<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>\n```\n\n",
        "```js\n</code></pre></div></article><script>alert(1)</script>\n```\n\n",
        "Inline ${<mi onclick=x style=color:red>x</mi></math><script>alert(1)</script>}$ and ",
        "$$\n<mtext><svg><foreignObject><iframe src=javascript:alert(1)></iframe>\n$$\n\n",
        "```console\n$ <img src=x onerror=alert(1)>\n<b>output</b>\n```\n\n",
        "Tokens $<mi><mi>x</mi></mi>$ and $<mtext><mrow><p>x</p></mrow></mtext>$.\n",
    );
    render("hostile-extras.md", post.as_bytes()).unwrap();
}

#[test]
fn unclosed_tag_storm_is_read_once() {
    let text = format!("<div {}", "<a x".repeat(25_000));
    let article = render("storm.md", text.as_bytes()).unwrap();
    assert!(article.html.starts_with("&lt;div &lt;a x&lt;a x"), "the unfinished tags are text");
}

/// Issue 7, defect 4: stray end tags in a post closed the page's `<article>` and `<main>`.
#[test]
fn stray_end_tags_stay_inside_the_article() {
    let text = "Before.\n\n</div></div></main>\n\nAfter, *still* in the article.\n\n<div><p>open</div></span>\n";
    let article = render("stray.md", text.as_bytes()).unwrap();
    assert!(!article.html.contains("</main>") && !article.html.contains("</span>"), "{}", article.html);
    assert_eq!(article.html.matches("<div>").count(), article.html.matches("</div>").count(), "{}", article.html);
}

#[test]
fn line_endings_and_byte_order_mark() {
    let crlf =
        render("crlf.md", b"---\r\ntitle: Windows\r\ndate: 2025-07-18\r\n---\r\n\r\n## Part\r\n\r\nText\r\n").unwrap();
    assert_eq!(crlf.title, "Windows");
    assert_eq!(crlf.headings[0].id, "part");
    let bom = render("bom.md", "\u{FEFF}---\ntitle: With BOM\n---\nText\n".as_bytes()).unwrap();
    assert_eq!(bom.title, "With BOM");
}

#[test]
fn empty_file_renders_with_its_name_as_title() {
    assert_eq!(render("empty-post.md", b"").unwrap().title, "empty post");
}

#[test]
fn emoji_only_title_and_headings() {
    let article = render("emoji.md", "---\ntitle: 🎉🚀\n---\n## 🎉\n\n## 🚀\n".as_bytes()).unwrap();
    assert_eq!(article.title, "🎉🚀");
    assert_eq!(article.headings.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), ["section", "section-1"]);
}

fn error(name: &str, bytes: &[u8]) -> (usize, ErrorKind) {
    let err = render(name, bytes).expect_err(name);
    assert!(err.to_string().starts_with(&format!("{name}:{}:", err.line)), "{err}");
    (err.line, err.kind)
}

#[test]
fn malformed_posts_fail_with_file_and_line() {
    assert_eq!(error("bytes.md", b"---\ntitle: A\n---\nok\nbad \xC3\x28 byte\n"), (5, ErrorKind::NotText));
    assert_eq!(error("image.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").1, ErrorKind::NotText);
    assert_eq!(
        error("open.md", b"---\ntitle: A\nbody without end\n"),
        (1, ErrorKind::UnclosedFrontMatter { fence: "---" })
    );
    let bomb = "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n\
                b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n---\n";
    assert_eq!(error("laughs.md", bomb.as_bytes()), (2, ErrorKind::YamlAlias));
    assert_eq!(
        error("dup.md", b"---\ntitle: A\ndate: 2025-01-01\ntitle: B\n---\n"),
        (4, ErrorKind::DuplicateKey { key: "title".into(), first_line: 2 })
    );
    assert_eq!(
        error("date.md", b"---\ntitle: A\ndate: 2025-02-30\n---\n"),
        (3, ErrorKind::InvalidDate { value: "2025-02-30".into() })
    );
    let huge = vec![b'a'; post::MAX_POST_BYTES + 1];
    assert!(matches!(error("huge.md", &huge), (1, ErrorKind::TooLarge { .. })));
}

/// Inputs the fuzzer found (`fuzz/`), kept as regression tests.
#[test]
fn fuzz_regressions() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz_regressions");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(check_post("fuzz.md", &bytes, &html5::check_article), Ok(()), "{}", path.display());
    }
}

#[test]
fn lone_carriage_returns_count_as_line_ends() {
    let err = render("cr.md", b"---\rtitle: A\rdate: 2025-02-30\r---\r").unwrap_err();
    assert_eq!(err.line, 3);
}

/// The duplicate-key check is linear: a hundred thousand keys, the last one
/// repeating an early one, fail fast with both lines.
#[test]
fn duplicate_key_at_the_end_of_a_huge_front_matter() {
    let mut text = String::from("---\n");
    for i in 0..100_000 {
        text.push_str(&format!("key{i}: value\n"));
    }
    text.push_str("key3: again\n---\nBody\n");
    let started = Instant::now();
    assert_eq!(
        error("keys.md", text.as_bytes()),
        (100_002, ErrorKind::DuplicateKey { key: "key3".into(), first_line: 5 })
    );
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
}
