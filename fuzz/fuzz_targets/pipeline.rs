//! The whole core pipeline on arbitrary bytes: decode, front matter, language
//! sections, Markdown, heading ids, TOC, sanitizer and index entry. Nothing may
//! panic, and every rendered page must pass the sanitizer's audit.
#![no_main]

use folio::content::fuzzing::check_post;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(problem) = check_post("fuzz.md", data) {
        panic!("{problem}");
    }
});
