//! One entry point for the fuzzer, property tests and stress tests: a post's
//! bytes through everything the indexer and the app do with them. Test-only
//! (included with `#[path]`): the shipped crate carries no test helpers. The
//! check of the rendered HTML is passed in: it uses a real HTML5 parser
//! (`html5.rs`), which the shipped crate does not carry either.

#![allow(dead_code)]

use std::borrow::Cow;

use folio_core::build_time::index;
use folio_core::code::CodeLanguage;
use folio_core::config::SiteConfig;
use folio_core::extras::{Enhancements, Math};
use folio_core::index::SourceFile;
use folio_core::markdown::RenderContext;
use folio_core::post;

pub fn test_config() -> SiteConfig {
    folio_core::config::demo_config()
}

/// Runs `bytes` as the post `name` through the pipeline. `Ok` means it either
/// rendered, with every language's HTML passing `check_html`, or was refused
/// with an error naming a line of the file; `Err` describes a broken promise.
pub fn check_post(name: &str, bytes: &[u8], check_html: &dyn Fn(&str) -> Result<(), String>) -> Result<(), String> {
    let config = test_config();
    let (site, report) = index::build(&config, &[SourceFile { name, bytes }], true);
    // Lines as the writer's editor counts them: LF, CRLF and a lone CR each end one.
    let lines = match post::decode(name, bytes) {
        Ok(text) => text.matches('\n').count() + 1,
        Err(_) => bytes.iter().filter(|b| **b == b'\n').count() + 1,
    };
    for error in &report.errors {
        if error.line == 0 || error.line > lines {
            return Err(format!("error names line {} of a {lines}-line file: {error}", error.line));
        }
    }
    // The text as the build serves it: other engines' tags converted.
    let Ok((text, _)) = folio_core::build_time::post_text(name, bytes) else { return Ok(()) };
    let Ok((_, parsed)) = folio_core::build_time::read_post(name, &text, &config) else { return Ok(()) };
    // Rendering, given the index's meta, must see the post the indexer read.
    if post::parse(name, &text, &parsed.meta, &config).as_ref() != Ok(&parsed) {
        return Err("the renderer's parse differs from the indexer's read".into());
    }
    let post_prefix = |slug: &str| site.post_prefix(slug, "en");
    for lang in parsed.languages() {
        let links = RenderContext {
            folder: "",
            files: folio_core::route::POST_FILES,
            base: "/blog/",
            post_prefix: &post_prefix,
            image_size: &|path| (path == "cat.png").then_some((64, 48)),
            old_url: &|_| None,
            renamed: &|_| None,
            extras: &folio_core::extras::NONE,
        };
        let Some(article) = parsed.render(lang, &links) else { return Err(format!("section {lang} did not render")) };
        check_html(&article.html).map_err(|problem| format!("{problem} in {:?}", truncate(&article.html)))?;
        let again = parsed.render(lang, &links).map(|a| a.html);
        if again.as_deref() != Some(article.html.as_str()) {
            return Err("rendering is not deterministic".into());
        }
        // The build's one walk gives the page the app renders, and the text
        // the app's excerpts read.
        let Some((built, text)) = parsed.render_for_search(lang, &links) else { return Err("no search render".into()) };
        if built != article {
            return Err("the build's render differs from the app's".into());
        }
        // The app's excerpts read the rendered HTML's text: every word the
        // build indexed must be there (in any order: footnotes move to the
        // end), unless the writer's own HTML holds some (`<sup>2</sup>`:
        // search reads the text between tags).
        let shown = folio_core::search::html_text(&article.html);
        if !parsed.sections.iter().any(|s| s.markdown.contains('<')) {
            // Words as search reads them: an inline formula the build spaces
            // out (`$®$®`) is one run of text in the page.
            let mut words: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
            for (_, word) in folio_core::search::words(&shown) {
                *words.entry(word).or_default() += 1;
            }
            for (_, word) in folio_core::search::words(&text) {
                match words.get_mut(word) {
                    Some(n) if *n > 0 => *n -= 1,
                    _ => {
                        return Err(format!(
                            "the indexed word {word:?} is not in the app's excerpt text {:?}",
                            truncate(&shown)
                        ))
                    }
                }
            }
        }
        // Hostile extras, as a broken highlighter or TeX converter could
        // give: each block's code served back as its "highlighted HTML",
        // each formula's TeX as its "MathML". The page must stay as safe
        // and balanced.
        let links = RenderContext { extras: &Hostile, ..links };
        if let Some(article) = parsed.render(lang, &links) {
            check_html(&article.html)
                .map_err(|problem| format!("{problem} with hostile extras in {:?}", truncate(&article.html)))?;
        }
    }
    Ok(())
}

/// Extras that serve each piece of code back as its "highlighted HTML" and
/// each formula's TeX as its "MathML".
struct Hostile;

impl Enhancements for Hostile {
    fn code(&self, _: CodeLanguage, source: &str) -> Option<Cow<'_, str>> {
        Some(source.to_string().into())
    }
    fn math(&self, tex: &str, _: bool, _: usize) -> Math<'_> {
        Math::MathMl(tex.to_string().into())
    }
}

fn truncate(text: &str) -> String {
    text.chars().take(300).collect()
}
