//! The whole core pipeline on arbitrary bytes: decode, front matter, language
//! sections, Markdown, heading ids, TOC, sanitizer and index entry. Nothing may
//! panic, and every rendered page must pass the HTML5-parser checks: safe, and
//! nested exactly as its tags say.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../crates/core/tests/support/html5.rs"]
mod html5;
#[path = "../../crates/core/tests/support/pipeline.rs"]
mod pipeline;
use pipeline::check_post;

fuzz_target!(|data: &[u8]| {
    if let Err(problem) = check_post("fuzz.md", data, &html5::check_article) {
        panic!("{problem}");
    }
});
