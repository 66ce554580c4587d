//! Readable ASCII slugs for heading ids and tag URLs, with diacritics folded
//! (Vietnamese included: "Bộ nhớ đệm" → `bo-nho-dem`).

use std::collections::{HashMap, HashSet};

/// Base letters and the accented letters that fold to them. Covers Latin-1,
/// Latin Extended-A and the Vietnamese letters of Latin Extended Additional.
const FOLDS: &[(char, &str)] = &[
    ('a', "àáâãäåāăąǎạảấầẩẫậắằẳẵặ"),
    ('c', "çćĉċč"),
    ('d', "ďđð"),
    ('e', "èéêëēĕėęěẹẻẽếềểễệ"),
    ('g', "ĝğġģ"),
    ('h', "ĥħ"),
    ('i', "ìíîïĩīĭįıǐỉị"),
    ('j', "ĵ"),
    ('k', "ķ"),
    ('l', "ĺļľŀł"),
    ('n', "ñńņňŉ"),
    ('o', "òóôõöøōŏőơǒọỏốồổỗộớờởỡợ"),
    ('r', "ŕŗř"),
    ('s', "śŝşšș"),
    ('t', "ţťŧț"),
    ('u', "ùúûüũūŭůűųưǔụủứừửữự"),
    ('w', "ŵ"),
    ('y', "ýÿŷỳỵỷỹ"),
    ('z', "źżž"),
];

pub(crate) fn fold_char(c: char) -> Option<&'static str> {
    match c {
        'ß' => return Some("ss"),
        'æ' => return Some("ae"),
        'œ' => return Some("oe"),
        'þ' => return Some("th"),
        _ => {}
    }
    FOLDS.iter().find(|(_, variants)| variants.contains(c)).map(|(base, _)| match base {
        'a' => "a",
        'c' => "c",
        'd' => "d",
        'e' => "e",
        'g' => "g",
        'h' => "h",
        'i' => "i",
        'j' => "j",
        'k' => "k",
        'l' => "l",
        'n' => "n",
        'o' => "o",
        'r' => "r",
        's' => "s",
        't' => "t",
        'u' => "u",
        'w' => "w",
        'y' => "y",
        _ => "z",
    })
}

/// Combining diacritics, as in decomposed text (macOS file names and some
/// editors write "ệ" as "e" and two marks): part of the letter before them.
pub(crate) fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}')
}

/// Lowercases, folds diacritics, and joins runs of ASCII letters and digits
/// with `-`. Other characters (CJK, emoji, punctuation) are dropped, so the
/// result may be empty.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars().flat_map(char::to_lowercase).filter(|c| !is_combining_mark(*c)) {
        let folded: Option<&str> = if c.is_ascii() { None } else { fold_char(c) };
        let piece_is_word = c.is_ascii_alphanumeric() || folded.is_some();
        if !piece_is_word {
            pending_dash = !slug.is_empty();
            continue;
        }
        if pending_dash {
            slug.push('-');
            pending_dash = false;
        }
        match folded {
            Some(ascii) => slug.push_str(ascii),
            None => slug.push(c),
        }
    }
    slug
}

/// Hands out ids unique within one page: `intro`, `intro-1`, `intro-2`, with
/// `fallback` for headings that slugify to nothing.
#[derive(Debug, Default)]
pub struct UniqueIds {
    used: HashSet<String>,
    /// The next suffix to try per base, so ten thousand equal headings cost
    /// ten thousand steps, not fifty million.
    next_suffix: HashMap<String, usize>,
}

impl UniqueIds {
    /// Ids the page already uses for other purposes (footnotes, the app).
    pub fn reserving(ids: &[&str]) -> Self {
        UniqueIds { used: ids.iter().map(|s| s.to_string()).collect(), next_suffix: HashMap::new() }
    }

    pub fn unique(&mut self, wanted: &str, fallback: &str) -> String {
        let base = if wanted.is_empty() { fallback } else { wanted };
        let mut candidate = base.to_string();
        let n = self.next_suffix.entry(base.to_string()).or_insert(1);
        while self.used.contains(&candidate) {
            candidate = format!("{base}-{n}");
            *n += 1;
        }
        self.used.insert(candidate.clone());
        candidate
    }
}

/// `text` with every run of white space as one space, trimmed: how labels
/// and tags compare however the writer spaced them.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_and_latin() {
        assert_eq!(slugify("Bộ nhớ đệm phân tán"), "bo-nho-dem-phan-tan");
        assert_eq!(slugify("Đường đi của dữ liệu"), "duong-di-cua-du-lieu");
        assert_eq!(slugify("Tiếng Việt có dấu: ắ ặ ẫ ỹ ự"), "tieng-viet-co-dau-a-a-a-y-u");
        assert_eq!(slugify("Crème brûlée & Straße"), "creme-brulee-strasse");
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("  Rust 2024 -- edition  "), "rust-2024-edition");
    }

    #[test]
    fn decomposed_text_folds_like_composed_text() {
        assert_eq!(slugify("Vie\u{323}\u{302}t Nam"), "viet-nam");
        assert_eq!(slugify("Cre\u{300}me"), "creme");
    }

    #[test]
    fn punctuation_emoji_and_cjk_only_give_empty() {
        assert_eq!(slugify("?!…"), "");
        assert_eq!(slugify("🎉🚀"), "");
        assert_eq!(slugify("日本語"), "");
    }

    #[test]
    fn unique_ids_suffix_duplicates() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.unique("intro", "section"), "intro");
        assert_eq!(ids.unique("intro", "section"), "intro-1");
        assert_eq!(ids.unique("intro", "section"), "intro-2");
        assert_eq!(ids.unique("", "section"), "section");
        assert_eq!(ids.unique("", "section"), "section-1");
        assert_eq!(ids.unique("intro-1", "section"), "intro-1-1");
    }

    #[test]
    fn many_equal_headings_stay_linear() {
        let mut ids = UniqueIds::default();
        for n in 0..20_000 {
            let id = ids.unique("same", "section");
            assert_eq!(id, if n == 0 { "same".to_string() } else { format!("same-{n}") });
        }
    }
}
