//! The whole core pipeline, as the app runs it, exported for benchmarking.

use folio_core::config::SiteConfig;
use folio_core::lang::Language;
use folio_core::markdown::{no_sizes, RenderContext};
use folio_core::post::{self, FileMeta};
use wasm_bindgen::prelude::*;

/// Decodes, parses and renders a post as the app does (its front matter is
/// skipped; the index holds it); returns the HTML's length (0 on error).
#[wasm_bindgen]
pub fn render_post(bytes: &[u8]) -> usize {
    let config = SiteConfig {
        title: "folio".into(),
        base_url: "https://example.com".into(),
        default_language: "en".into(),
        languages: vec![Language { code: "en".into(), name: "English".into() }],
        description: String::new(),
        csp_meta: true,
    };
    let meta = FileMeta { main_lang: "en".into(), title: None, subtitle: None };
    let links = RenderContext { base: "/blog/", post_prefix: &|s| (s == "welcome").then(String::new), image_size: &no_sizes, extras: &folio_core::extras::NONE };
    post::decode("bench.md", bytes)
        .and_then(|text| post::parse("bench.md", &text, &meta, &config))
        .ok()
        .and_then(|parsed| parsed.render(&parsed.meta.main_lang.clone(), &links))
        .map_or(0, |article| article.html.len())
}

/// Plain pulldown-cmark with the same options, for scale.
#[wasm_bindgen]
pub fn pulldown_only(text: &str) -> usize {
    let mut html = String::with_capacity(text.len() * 3 / 2);
    folio_core::markdown::pulldown_html(&mut html, text);
    html.len()
}
