//! What a post needs besides Markdown: highlighted code and MathML. The
//! build computes it while it renders each post file, for exactly what the
//! renderer asks ([`Enhancements`], with a highlighter and a TeX converter
//! far too large for the wasm). Without it ([`NONE`]) code shows plain and
//! TeX as source.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::code::CodeLanguage;
use super::hash::content_hash;

/// Where the renderer gets highlighted code and MathML: a post's [`Extras`]
/// in the app, or the build's highlighter and TeX converter, asked only for
/// what the renderer meets as it walks the post.
pub trait Enhancements {
    /// `source` highlighted (HTML spans), if known.
    fn code(&self, language: CodeLanguage, source: &str) -> Option<Cow<'_, str>>;
    /// The formula `tex`; `at`: where it starts in the Markdown being
    /// rendered, for the build's messages.
    fn math(&self, tex: &str, display: bool, at: usize) -> Math<'_>;
}

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Math<'a> {
    MathMl(Cow<'a, str>),
    /// The TeX is invalid: why.
    Invalid(Cow<'a, str>),
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
}

impl Enhancements for Extras {
    fn code(&self, language: CodeLanguage, source: &str) -> Option<Cow<'_, str>> {
        lookup(&self.code, &code_key(language, source)).map(Cow::Borrowed)
    }

    fn math(&self, tex: &str, display: bool, _at: usize) -> Math<'_> {
        let key = math_key(tex, display);
        match (lookup(&self.math, &key), lookup(&self.math_errors, &key)) {
            (Some(mathml), _) => Math::MathMl(mathml.into()),
            (None, Some(error)) => Math::Invalid(error.into()),
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
            assert_eq!(back.math(&format!("x_{n}"), false, 0), Math::MathMl(want.into()));
        }
        assert_eq!(back.math("x_1", true, 0), Math::Unknown);
        assert_eq!(back.math("\\bad", true, 0), Math::Invalid("unknown command".into()));
        // A hostile file (odd, unsorted) finds less, and never panics.
        let odd = Extras { math: vec!["z".into(), "1".into(), "a".into()], ..Extras::default() };
        assert_eq!(odd.math("q", false, 0), Math::Unknown);
        assert_eq!(lookup(&odd.math, "z"), Some("1"));
        assert_eq!(lookup(&odd.math, "a"), None, "a key without its value");
    }
}
