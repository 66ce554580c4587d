//! Hostile post bodies, shared by the stress tests (which bound hangs and check
//! the output) and the benchmark (which measures throughput). Each shape aims at
//! a place where a scanner could go back over input it has already read.
#![allow(dead_code)]

pub const SHAPES: &[&str] = &[
    "unclosed-div-then-a",
    "unclosed-tags",
    "lt-run",
    "script-storm",
    "script-storm-closed",
    "script-storm-mixed-case",
    "style-template-storm",
    "attribute-storm",
    "attribute-storm-unclosed",
    "unclosed-quoted-attributes",
    "entity-storm",
    "comment-storm",
    "comment-storm-unclosed",
    "deep-inline-nesting",
    "deep-emphasis-nesting",
    "deep-div-nesting",
    "stray-end-tags",
    "table-soup",
    "list-and-paragraph-soup",
    "formatting-soup",
    "footnote-references",
    "footnote-storm",
    "callouts-nested",
];

/// The body named `name` (one of `SHAPES`), about `size` bytes long.
pub fn shape(name: &str, size: usize) -> String {
    let repeat = |unit: &str| unit.repeat(size / unit.len());
    match name {
        // Issue 7, defect 3: every `<a x` failed at the end of input and was rescanned.
        "unclosed-div-then-a" => format!("<div {}", repeat("<a x")),
        "unclosed-tags" => repeat("<b"),
        "lt-run" => repeat("<"),
        "script-storm" => repeat("<script>x"),
        "script-storm-closed" => repeat("<script>x</script>"),
        "script-storm-mixed-case" => repeat("<ScRiPt>x</sCrIpT >"),
        "style-template-storm" => repeat("<style>x<template>y</STYLE>"),
        "attribute-storm" => format!("<div {}>x</div>", repeat("x=1 ")),
        "attribute-storm-unclosed" => format!("<div {}", repeat("x=1 ")),
        "unclosed-quoted-attributes" => repeat("<a title=\"x <b class='y "),
        "entity-storm" => repeat("&#x41;&amp&lt;&#12345678;&bogus;&"),
        "comment-storm" => repeat("<!-- x -->"),
        "comment-storm-unclosed" => repeat("x <!-- "),
        "deep-inline-nesting" => format!("x {}", repeat("<span><b>")),
        "deep-emphasis-nesting" => format!("{}x{}", repeat("*_"), repeat("_*")),
        "deep-div-nesting" => repeat("<div>"),
        "stray-end-tags" => repeat("</div></p></li></table></br>x\n"),
        "table-soup" => repeat("<table>x<tr><td>a<th>b<tbody><td><div>c</tr><caption>d"),
        "list-and-paragraph-soup" => repeat("<ul><li>a<p>b<li><dd>c<dt><h2>d<h3>e</h2><p>"),
        "formatting-soup" => repeat("<a href=x><b><i><a><p>x</b><s>"),
        // One note referenced over and over: one id and one link back per reference.
        "footnote-references" => format!("{}\n\n[^n]: The note.\n", repeat("x[^n] ")),
        // Notes defined inside notes, each referencing the next and an undefined one.
        "footnote-storm" => {
            let notes = size / 40;
            let definitions: String =
                (0..notes).map(|i| format!("[^{i}]: > [^{}] [^u{i}]\n    [^d{i}]: x\n", i + 1)).collect();
            format!("Start[^0].\n\n{definitions}")
        }
        // Callouts inside callouts: line `d` is `>` `d` times and a marker, so
        // the depth grows with the square root of the size.
        "callouts-nested" => {
            let mut text = String::new();
            let mut depth = 1;
            while text.len() < size {
                let kind = ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"][depth % 5];
                text.push_str(&format!("{}[!{kind}]\n", ">".repeat(depth)));
                depth += 1;
            }
            text + &">".repeat(depth) + " deep\n"
        }
        _ => panic!("no adversarial shape named {name}"),
    }
}
