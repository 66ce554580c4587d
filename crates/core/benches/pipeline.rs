//! Render throughput of the whole core pipeline (decode, front matter,
//! language sections, Markdown, heading ids, TOC, sanitizer) on a 1.5 MB post,
//! natively, with plain pulldown-cmark for scale; and on hostile posts
//! (`tests/support/adversarial.rs`), where every stage must stay linear.
//!
//!     cargo bench --bench pipeline
//!     FOLIO_HOSTILE_BYTES=250000 cargo bench --bench pipeline -- hostile
//!
//! Hostile posts are 1 MB unless `FOLIO_HOSTILE_BYTES` says otherwise: the same
//! MB/s at two sizes shows the time grows linearly.

use divan::counter::BytesCount;
use divan::{black_box, Bencher};
use folio_core::config::SiteConfig;
use folio_core::markdown::{no_sizes, RenderContext};
use folio_core::post;

#[path = "../tests/support/adversarial.rs"]
mod adversarial;
#[path = "../tests/support/pipeline.rs"]
mod pipeline;
use pipeline::test_config;

fn main() {
    divan::main();
}

/// The demo posts' bodies repeated to about 1.5 MB, under one front matter.
pub fn large_post() -> String {
    let posts = ["markdown-tour.md", "welcome.md", "distributed-cache.md", "safe-html.md", "long-read.md"];
    let bodies: Vec<String> = posts
        .iter()
        .map(|name| {
            let text =
                std::fs::read_to_string(format!("{}/../../site/posts/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
            // Drop the front matter and any language markers: one long English post.
            let body = text.splitn(3, "---\n").nth(2).unwrap_or(&text).to_string();
            body.replace("## English\n", "").replace("## Tiếng Việt\n", "")
        })
        .collect();
    let mut doc = String::from("---\ntitle: Large\nlang: en\n---\n");
    while doc.len() < 1_500_000 {
        for body in &bodies {
            doc.push_str(body);
            doc.push('\n');
        }
    }
    doc
}

#[divan::bench(sample_count = 20)]
fn full_pipeline(bencher: Bencher) {
    let doc = large_post();
    let config = test_config();
    bencher.counter(BytesCount::of_str(&doc)).bench(|| {
        let text = post::decode("large.md", black_box(doc.as_bytes())).unwrap();
        render_post(&text, &config)
    });
}

#[divan::bench(sample_count = 20)]
fn pulldown_cmark_only(bencher: Bencher) {
    let doc = large_post();
    bencher.counter(BytesCount::of_str(&doc)).bench(|| pulldown_html_len(&doc));
}

/// Front matter, sections and Markdown of `doc` in English; the HTML's length.
fn render_post(doc: &str, config: &SiteConfig) -> usize {
    let (_, parsed) = folio_core::build_time::read_post("post.md", doc, config).unwrap();
    let links = RenderContext {
        folder: "",
        files: folio_core::route::POST_FILES,
        base: "/blog/",
        post_prefix: &|s| (s == "welcome").then(String::new),
        image_size: &no_sizes,
        old_url: &|_| None,
        renamed: &|_| None,
        extras: &folio_core::extras::NONE,
    };
    parsed.render("en", &links).unwrap().html.len()
}

fn pulldown_html_len(doc: &str) -> usize {
    let mut html = String::with_capacity(doc.len() * 3 / 2);
    folio_core::markdown::pulldown_html(&mut html, black_box(doc));
    html.len()
}

#[divan::bench(sample_count = 20)]
fn parse_only(bencher: Bencher) {
    let doc = large_post();
    let config = test_config();
    bencher
        .counter(BytesCount::of_str(&doc))
        .bench(|| folio_core::build_time::read_post("large.md", black_box(&doc), &config).unwrap().1.sections.len());
}

#[divan::bench(sample_count = 20)]
fn markdown_only(bencher: Bencher) {
    let doc = large_post();
    bencher.counter(BytesCount::of_str(&doc)).bench(|| {
        let links = RenderContext {
            folder: "",
            files: folio_core::route::POST_FILES,
            base: "/blog/",
            post_prefix: &|s| (s == "welcome").then(String::new),
            image_size: &no_sizes,
            old_url: &|_| None,
            renamed: &|_| None,
            extras: &folio_core::extras::NONE,
        };
        folio_core::markdown::render(black_box(&doc), "en", &links).html.len()
    });
}

fn hostile_post(shape: &str) -> String {
    let size = std::env::var("FOLIO_HOSTILE_BYTES").ok().and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    format!("---\ntitle: Hostile\nlang: en\n---\n{}", adversarial::shape(shape, size))
}

#[divan::bench(args = adversarial::SHAPES, sample_count = 10)]
fn hostile_full_pipeline(bencher: Bencher, shape: &str) {
    let doc = hostile_post(shape);
    let config = test_config();
    bencher.counter(BytesCount::of_str(&doc)).bench(|| render_post(black_box(&doc), &config));
}

#[divan::bench(args = adversarial::SHAPES, sample_count = 10)]
fn hostile_pulldown_cmark_only(bencher: Bencher, shape: &str) {
    let doc = hostile_post(shape);
    bencher.counter(BytesCount::of_str(&doc)).bench(|| pulldown_html_len(&doc));
}

/// The balancing pass alone, on the large post's rendered HTML: what it adds to `full_pipeline`.
#[divan::bench(sample_count = 20)]
fn balance_only(bencher: Bencher) {
    let doc = large_post();
    let links = RenderContext {
        folder: "",
        files: folio_core::route::POST_FILES,
        base: "/blog/",
        post_prefix: &|s| (s == "welcome").then(String::new),
        image_size: &no_sizes,
        old_url: &|_| None,
        renamed: &|_| None,
        extras: &folio_core::extras::NONE,
    };
    let html = folio_core::markdown::render(&doc, "en", &links).html;
    bencher.counter(BytesCount::of_str(&doc)).bench(|| folio_core::balance::balance(black_box(&html)).len());
}
