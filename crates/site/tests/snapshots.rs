//! Snapshot tests: a post using every construct (highlighted code in several
//! languages, a console session, math, invalid TeX, callouts, footnotes,
//! heading anchors, figures, raw HTML), rendered in both languages with the
//! extras the build computes, compared with the HTML committed in
//! `tests/snapshots/`. A change to the renderer shows up here as a diff to
//! review; after reviewing, `UPDATE_SNAPSHOTS=1 cargo test --test snapshots`
//! writes the new HTML.

#[path = "../../core/tests/support/html5.rs"]
mod html5;
#[path = "../../core/tests/support/pipeline.rs"]
mod pipeline;

use std::fs;
use std::path::Path;

use folio_core::markdown::RenderContext;
use folio_site::extras::{Enhancer, FileExtras};

#[test]
fn every_construct_in_both_languages() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let text = fs::read_to_string(dir.join("constructs.md")).unwrap();
    let (_, parsed) = folio_core::build_time::read_post("constructs.md", &text, &pipeline::test_config()).unwrap();
    let image_size = |path: &str| (path == "images/folio.svg").then_some((96, 96));
    // As the build renders: the extras made on demand as each language is walked.
    let mut enhancer = Enhancer::new().unwrap();
    let on_demand = FileExtras::new(&mut enhancer, &text);
    let mut built = Vec::new();
    for lang in ["en", "vi"] {
        on_demand.rendering(&parsed.section(lang).unwrap().markdown);
        let links = RenderContext { image_size: &image_size, ..RenderContext::unlinked("/blog/", &on_demand) };
        built.push(parsed.render_for_search(lang, &links).unwrap().0.html);
    }
    let (extras, warnings) = on_demand.finish();
    assert_eq!(warnings.len(), 1, "the one invalid formula: {warnings:?}");
    // As the app renders, with the extras the build wrote: the same page.
    let links = RenderContext { image_size: &image_size, ..RenderContext::unlinked("/blog/", &extras) };
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    for (lang, built) in ["en", "vi"].into_iter().zip(built) {
        let html = parsed.render(lang, &links).unwrap().html;
        assert_eq!(html, built, "{lang}: the app's page differs from the build's");
        assert_eq!(html5::check_article(&html), Ok(()), "{lang}");
        let path = dir.join(format!("constructs.{lang}.html"));
        if update {
            fs::write(&path, &html).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&path).unwrap_or_default();
        if html != expected {
            let line = html.lines().zip(expected.lines()).position(|(a, b)| a != b).unwrap_or(0);
            panic!(
                "{lang}: the rendered HTML differs from {} from line {}:\n  now:  {:?}\n  was:  {:?}\n\
                 review it, then run `UPDATE_SNAPSHOTS=1 cargo test --test snapshots`",
                path.display(),
                line + 1,
                html.lines().nth(line),
                expected.lines().nth(line)
            );
        }
    }
}
