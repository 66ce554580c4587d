//! What a post needs that the browser cannot compute cheaply: highlighted
//! code and MathML. The indexer computes it once per post file (`build`, with
//! a highlighter and a TeX converter far too large for the wasm) and ships it
//! beside the post as `p/<hash>.json`. Both the indexer's pages and the app
//! render the post with the same [`Extras`] through the same lookups, so they
//! produce the same markup; without it (it failed to load) code shows plain
//! and TeX as source.

use std::collections::BTreeMap;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

use super::code::{self, CodeLanguage};
use super::hash::content_hash;
use super::markdown::parser_options;

/// On the wire each table is a flat list of key and value, sorted by key:
/// the app deserializes it with the `Vec<String>` code it already has (a map
/// type would add its own), and looks keys up by binary search.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extras {
    /// Highlighted HTML (spans with classes) of code, by [`code_key`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub code: Vec<String>,
    /// MathML by [`math_key`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub math: Vec<String>,
    /// Why the TeX by that [`math_key`] does not convert.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub math_errors: Vec<String>,
}

/// No extras: plain code, TeX shown as source.
pub static NONE: Extras = Extras { code: Vec::new(), math: Vec::new(), math_errors: Vec::new() };

/// What became of a formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Math<'a> {
    MathMl(&'a str),
    /// The TeX is invalid: why.
    Invalid(&'a str),
    /// Not known (no extras): show the source.
    Unknown,
}

impl Extras {
    /// The extras of three tables of key and value.
    pub fn from_tables(
        code: BTreeMap<String, String>,
        math: BTreeMap<String, String>,
        math_errors: BTreeMap<String, String>,
    ) -> Extras {
        let flat = |table: BTreeMap<String, String>| table.into_iter().flat_map(|(k, v)| [k, v]).collect();
        Extras { code: flat(code), math: flat(math), math_errors: flat(math_errors) }
    }

    pub fn is_empty(&self) -> bool {
        self.code.is_empty() && self.math.is_empty() && self.math_errors.is_empty()
    }

    pub fn code(&self, language: CodeLanguage, source: &str) -> Option<&str> {
        lookup(&self.code, &code_key(language, source))
    }

    pub fn math(&self, tex: &str, display: bool) -> Math<'_> {
        let key = math_key(tex, display);
        match (lookup(&self.math, &key), lookup(&self.math_errors, &key)) {
            (Some(mathml), _) => Math::MathMl(mathml),
            (None, Some(error)) => Math::Invalid(error),
            (None, None) => Math::Unknown,
        }
    }
}

/// The value of `key` in a flat list of sorted pairs (a list that is not
/// sorted, or odd, finds less: never more than it has, never a panic).
fn lookup<'a>(pairs: &'a [String], key: &str) -> Option<&'a str> {
    let (mut low, mut high) = (0, pairs.len() / 2);
    while low < high {
        let middle = (low + high) / 2;
        match pairs[2 * middle].as_str().cmp(key) {
            std::cmp::Ordering::Less => low = middle + 1,
            std::cmp::Ordering::Greater => high = middle,
            std::cmp::Ordering::Equal => return pairs.get(2 * middle + 1).map(String::as_str),
        }
    }
    None
}

pub fn code_key(language: CodeLanguage, source: &str) -> String {
    let mut bytes = Vec::with_capacity(language.name().len() + 1 + source.len());
    bytes.extend_from_slice(language.name().as_bytes());
    bytes.push(b'\n');
    bytes.extend_from_slice(source.as_bytes());
    content_hash(&bytes)
}

pub fn math_key(tex: &str, display: bool) -> String {
    let mut bytes = Vec::with_capacity(tex.len() + 2);
    bytes.extend_from_slice(if display { b"$$" } else { b"$" });
    bytes.extend_from_slice(tex.as_bytes());
    content_hash(&bytes)
}

/// Something in a post's Markdown that extras can improve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Need {
    Code {
        language: CodeLanguage,
        source: String,
    },
    /// `at`: where the formula starts in the Markdown, for messages.
    Math {
        tex: String,
        display: bool,
        at: usize,
    },
}

/// Every piece of code and math in `markdown` that the renderer will look up,
/// as it will look them up (console sessions line by line).
pub fn needs(markdown: &str) -> Vec<Need> {
    let mut found = Vec::new();
    let mut code: Option<(Option<CodeLanguage>, String)> = None;
    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                code = Some((code::block_language(&kind).1, String::new()));
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, source)) = code.as_mut() {
                    source.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((Some(language), source)) = code.take() {
                    code::each_highlighted_piece(language, &source, |language, piece| {
                        found.push(Need::Code { language, source: piece.to_string() })
                    });
                }
            }
            Event::InlineMath(tex) => found.push(Need::Math { tex: tex.to_string(), display: false, at: range.start }),
            Event::DisplayMath(tex) => found.push(Need::Math { tex: tex.to_string(), display: true, at: range.start }),
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_tell_languages_and_modes_apart() {
        assert_ne!(code_key(CodeLanguage::Rust, "x"), code_key(CodeLanguage::Python, "x"));
        assert_ne!(math_key("x", true), math_key("x", false));
        assert_eq!(math_key("x^2", false), math_key("x^2", false));
    }

    #[test]
    fn lists_code_and_math_as_the_renderer_asks() {
        let md = "```rs\nfn main() {}\n```\n\n```\nplain\n```\n\n```nosuchlang\nx\n```\n\nInline $x^2$ and\n\n$$\\frac{a}{b}$$\n\n```console\n$ ls -l\noutput\n$ cd /\n```\n";
        let found = needs(md);
        assert_eq!(
            found,
            vec![
                Need::Code { language: CodeLanguage::Rust, source: "fn main() {}\n".into() },
                Need::Math { tex: "x^2".into(), display: false, at: 67 },
                Need::Math { tex: "\\frac{a}{b}".into(), display: true, at: 78 },
                Need::Code { language: CodeLanguage::Bash, source: "ls -l\n".into() },
                Need::Code { language: CodeLanguage::Bash, source: "cd /\n".into() },
            ]
        );
    }

    #[test]
    fn dollar_amounts_are_not_math() {
        assert!(needs("It costs $5 and $10 today.\n").is_empty());
        assert!(needs("Between $5 and $10.\n").is_empty());
    }

    #[test]
    fn serializes_compactly_and_looks_up_by_key() {
        assert_eq!(serde_json::to_string(&Extras::default()).unwrap(), "{}");
        let mut math = BTreeMap::new();
        for n in 0..100 {
            math.insert(
                math_key(&format!("x_{n}"), false),
                format!("<math><msub><mi>x</mi><mn>{n}</mn></msub></math>"),
            );
        }
        let mut errors = BTreeMap::new();
        errors.insert(math_key("\\bad", true), "unknown command".to_string());
        let extras = Extras::from_tables(BTreeMap::new(), math, errors);
        let back: Extras = serde_json::from_str(&serde_json::to_string(&extras).unwrap()).unwrap();
        for n in 0..100 {
            let want = format!("<math><msub><mi>x</mi><mn>{n}</mn></msub></math>");
            assert_eq!(back.math(&format!("x_{n}"), false), Math::MathMl(&want));
        }
        assert_eq!(back.math("x_1", true), Math::Unknown);
        assert_eq!(back.math("\\bad", true), Math::Invalid("unknown command"));
        // A hostile file (odd, unsorted) finds less, and never panics.
        let odd = Extras { math: vec!["z".into(), "1".into(), "a".into()], ..Extras::default() };
        assert_eq!(odd.math("q", false), Math::Unknown);
        assert_eq!(lookup(&odd.math, "z"), Some("1"));
        assert_eq!(lookup(&odd.math, "a"), None, "a key without its value");
    }
}
