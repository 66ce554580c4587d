//! Full-text search, the part that needs no browser: one tokenizer and one
//! folding function for the indexer (which writes the search data) and the
//! app (which folds the reader's query the same way), the data's shards,
//! the query with its ranking, and excerpts.
//!
//! Folding: lowercase, combining marks dropped, and letters with diacritics
//! mapped to their base letter, including those that have no Unicode
//! decomposition (`đ` → `d`, `ø` → `o`, `ł` → `l`): "duong" finds "đường",
//! which folding by decomposition alone never does.
//!
//! The data is split so that a query fetches little at any size: terms go
//! to shards by the first [`KEY_CHARS`] characters of their folded form
//! (every term of a shard shares that key), and documents to shards of
//! [`DOCS_PER_SHARD`] by number. A word of at least `KEY_CHARS` characters
//! needs one term shard, exactly or as a prefix; a shorter word matches
//! only itself, so the last word typed matches as a prefix from its third
//! character on.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::date::Date;
use super::sanitize::escape_attr;
use super::slug::{fold_char, is_combining_mark};

/// Characters of a folded term that pick its shard.
pub const KEY_CHARS: usize = 3;
/// Documents per document shard.
pub const DOCS_PER_SHARD: usize = 128;
/// Where a word was found in a document: its title, a heading (by number,
/// from 1), or its body.
pub const FIELD_TITLE: u32 = 0;
pub const FIELD_BODY: u32 = u32::MAX;

/// The words of `text`: maximal runs of letters, digits and combining marks
/// (so decomposed "ệ" stays in its word), with their byte offsets.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = rest.find(|(_, c)| c.is_alphanumeric())?;
        let mut end = text.len();
        while let Some(&(at, c)) = rest.peek() {
            if !(c.is_alphanumeric() || is_combining_mark(c)) {
                end = at;
                break;
            }
            rest.next();
        }
        Some((start, &text[start..end]))
    })
}

/// A word as it is compared with diacritics: lowercased.
pub fn exact(word: &str) -> String {
    word.chars().flat_map(char::to_lowercase).collect()
}

/// A word as it is compared without diacritics: lowercased, combining marks
/// dropped, and accented letters mapped to their base letters.
pub fn fold(word: &str) -> String {
    let mut folded = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase).filter(|c| !is_combining_mark(*c)) {
        match if c.is_ascii() { None } else { fold_char(c) } {
            Some(base) => folded.push_str(base),
            None => folded.push(c),
        }
    }
    folded
}

/// The shard key of a folded term: its first [`KEY_CHARS`] characters.
pub fn shard_key(folded: &str) -> &str {
    match folded.char_indices().nth(KEY_CHARS) {
        Some((at, _)) => &folded[..at],
        None => folded,
    }
}

/// A shard's file name: the key's UTF-8 bytes in hex, safe on every host.
pub fn shard_file(key: &str) -> String {
    key.bytes().map(|b| format!("{b:02x}")).collect()
}

/// A post version in one language, as search sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    pub slug: String,
    pub title: String,
    pub date: Option<Date>,
    /// Each heading's id and text, in order.
    pub headings: Vec<(String, String)>,
    /// The article's text, without markup.
    pub body: String,
}

/// One shard of terms: each folded term with the spellings it was found in
/// and, per spelling, where: `[doc, field]` pairs flattened, doc numbers as
/// the difference from the previous pair's (small numbers compress well).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermShard(pub Vec<(String, Spellings)>);

/// Each spelling of a folded term with its flattened `[doc, field]` pairs.
pub type Spellings = Vec<(String, Vec<u32>)>;

/// One shard of documents: slug, title, date (`YYYY-MM-DD` or empty), headings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocShard(pub Vec<DocRow>);

/// Slug, title, date, and each heading's id and text.
pub type DocRow = (String, String, String, Vec<(String, String)>);

/// A language's search data, split into shards.
#[derive(Debug, Default)]
pub struct SearchData {
    /// By shard key.
    pub terms: BTreeMap<String, TermShard>,
    /// Shard `n` holds documents `n * DOCS_PER_SHARD ..`.
    pub docs: Vec<DocShard>,
}

/// The search data of `docs`, newest first: a document's number is its
/// place in `docs`, and a lower number wins ties.
pub fn build(docs: &[SearchDoc]) -> SearchData {
    // folded → spelling → (doc, field) pairs, in order of doc.
    let mut terms: HashMap<String, BTreeMap<String, Vec<(u32, u32)>>> = HashMap::new();
    for (number, doc) in docs.iter().enumerate() {
        let number = number as u32;
        let fields = std::iter::once((FIELD_TITLE, doc.title.as_str()))
            .chain(doc.headings.iter().enumerate().map(|(i, (_, text))| (i as u32 + 1, text.as_str())))
            .chain(std::iter::once((FIELD_BODY, doc.body.as_str())));
        for (field, text) in fields {
            for (_, word) in words(text) {
                let hits = terms.entry(fold(word)).or_default().entry(exact(word)).or_default();
                // A word repeated in a field adds nothing; repeats across a
                // document's fields go when the hits are sorted below.
                if hits.last() != Some(&(number, field)) {
                    hits.push((number, field));
                }
            }
        }
    }
    let mut data = SearchData::default();
    let mut sorted: Vec<_> = terms.into_iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (folded, spellings) in sorted {
        let spellings = spellings
            .into_iter()
            .map(|(spelling, mut hits)| {
                // Each field once per spelling, in order: linear in the words
                // however many headings repeat one (no scan per word).
                hits.sort_unstable();
                hits.dedup();
                let mut flat = Vec::with_capacity(hits.len() * 2);
                let mut previous = 0;
                for (doc, field) in hits {
                    flat.push(doc - previous);
                    flat.push(field);
                    previous = doc;
                }
                (spelling, flat)
            })
            .collect();
        data.terms.entry(shard_key(&folded).to_string()).or_default().0.push((folded, spellings));
    }
    for chunk in docs.chunks(DOCS_PER_SHARD) {
        let shard = chunk
            .iter()
            .map(|d| {
                let date = d.date.map(|d| d.iso()).unwrap_or_default();
                (d.slug.clone(), d.title.clone(), date, d.headings.clone())
            })
            .collect();
        data.docs.push(DocShard(shard));
    }
    data
}

/// A word of the query: as typed (lowercased) and folded; the last word, if
/// the reader may still be typing it, matches as a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    pub exact: String,
    pub folded: String,
    pub prefix: bool,
}

/// The words of a query. The last matches as a prefix unless the query ends
/// in a space or the word is shorter than [`KEY_CHARS`].
pub fn parse_query(query: &str) -> Vec<QueryWord> {
    let mut parsed: Vec<QueryWord> =
        words(query).map(|(_, w)| QueryWord { exact: exact(w), folded: fold(w), prefix: false }).collect();
    parsed.dedup();
    let typing = !query.ends_with(char::is_whitespace);
    if let Some(last) = parsed.last_mut() {
        last.prefix = typing && last.folded.chars().count() >= KEY_CHARS;
    }
    parsed
}

/// The shard keys a query needs.
pub fn needed_shards(query: &[QueryWord]) -> Vec<String> {
    let mut keys: Vec<String> = query.iter().map(|w| shard_key(&w.folded).to_string()).collect();
    keys.sort();
    keys.dedup();
    keys
}

/// A document that matches every word, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub doc: u32,
    /// How many words matched as typed, diacritics included.
    pub exact_words: usize,
    /// The best field of the match: the title, else the first matching heading, else the body.
    pub field: u32,
}

/// Runs `query` on the shards it needs (`shards`, by key; a key without a
/// shard has no terms). Every word must match. Best first: more words
/// matched with the diacritics as typed, then a match in the title, then in
/// a heading, then in the body only, then the newer document.
pub fn search(query: &[QueryWord], shards: &HashMap<String, TermShard>) -> Vec<Hit> {
    // Per document: words matched so far, exact count, best field.
    let mut found: HashMap<u32, (usize, usize, u32)> = HashMap::new();
    for (n, word) in query.iter().enumerate() {
        // Per document, for this word: exact or not, best field.
        let mut this: HashMap<u32, (bool, u32)> = HashMap::new();
        let Some(shard) = shards.get(shard_key(&word.folded)) else { return Vec::new() };
        for (folded, spellings) in &shard.0 {
            let matches = if word.prefix { folded.starts_with(&word.folded) } else { *folded == word.folded };
            if !matches {
                continue;
            }
            for (spelling, flat) in spellings {
                let is_exact = if word.prefix { spelling.starts_with(&word.exact) } else { *spelling == word.exact };
                let mut doc = 0;
                for pair in flat.chunks_exact(2) {
                    doc += pair[0];
                    let entry = this.entry(doc).or_insert((is_exact, pair[1]));
                    entry.0 |= is_exact;
                    entry.1 = entry.1.min(pair[1]);
                }
            }
        }
        if n == 0 {
            found = this.into_iter().map(|(doc, (ex, field))| (doc, (1, usize::from(ex), field))).collect();
        } else {
            found.retain(|doc, state| match this.get(doc) {
                Some(&(ex, field)) => {
                    *state = (state.0 + 1, state.1 + usize::from(ex), state.2.min(field));
                    true
                }
                None => false,
            });
        }
    }
    let mut hits: Vec<Hit> = found
        .into_iter()
        .filter(|(_, (matched, ..))| *matched == query.len())
        .map(|(doc, (_, exact_words, field))| Hit { doc, exact_words, field })
        .collect();
    hits.sort_by(|a, b| {
        b.exact_words.cmp(&a.exact_words).then(field_rank(a.field).cmp(&field_rank(b.field))).then(a.doc.cmp(&b.doc))
    });
    hits
}

/// Title, then headings, then body: one rank for every heading.
fn field_rank(field: u32) -> u8 {
    match field {
        FIELD_TITLE => 0,
        FIELD_BODY => 2,
        _ => 1,
    }
}

/// Whether `word` (from a document) is a match for one of the query's words.
fn matches_any(word: &str, query: &[QueryWord]) -> bool {
    let folded = fold(word);
    query.iter().any(|q| if q.prefix { folded.starts_with(&q.folded) } else { folded == q.folded })
}

/// About `words` words of `text` around its first match of the query, as
/// HTML: escaped, with each matching word in `<mark>`. The text's start when
/// nothing matches.
pub fn excerpt(text: &str, query: &[QueryWord], around: usize) -> String {
    let all: Vec<(usize, &str)> = words(text).collect();
    let first = all.iter().position(|(_, w)| matches_any(w, query)).unwrap_or(0);
    let start = first.saturating_sub(around / 3);
    let end = (start + around).min(all.len());
    let mut html = String::new();
    if start > 0 {
        html.push('…');
    }
    let Some(&(from, _)) = all.get(start) else { return html };
    let from = if start == 0 { 0 } else { from };
    let (last_at, last_word) = all[end - 1];
    let to = if end == all.len() { text.len() } else { last_at + last_word.len() };
    let window = &text[from..to];
    let mut written = 0;
    for (at, word) in words(window) {
        escape_attr(&window[written..at], &mut html);
        if matches_any(word, query) {
            html.push_str("<mark>");
            escape_attr(word, &mut html);
            html.push_str("</mark>");
        } else {
            escape_attr(word, &mut html);
        }
        written = at + word.len();
    }
    escape_attr(&window[written..], &mut html);
    if end < all.len() {
        html.push('…');
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(slug: &str, title: &str, headings: &[(&str, &str)], body: &str) -> SearchDoc {
        SearchDoc {
            slug: slug.into(),
            title: title.into(),
            date: None,
            headings: headings.iter().map(|(i, t)| (i.to_string(), t.to_string())).collect(),
            body: body.into(),
        }
    }

    fn run(docs: &[SearchDoc], query: &str) -> Vec<(String, u32)> {
        let data = build(docs);
        let words = parse_query(query);
        let shards: HashMap<String, TermShard> =
            needed_shards(&words).into_iter().filter_map(|k| Some((k.clone(), data.terms.get(&k)?.clone()))).collect();
        search(&words, &shards).into_iter().map(|h| (docs[h.doc as usize].slug.clone(), h.field)).collect()
    }

    #[test]
    fn folds_every_vietnamese_letter_and_those_without_decomposition() {
        assert_eq!(fold("Bộ nhớ đệm"), "bo nho dem");
        assert_eq!(fold("ĐƯỜNG"), "duong");
        assert_eq!(fold("Øre Łódź Straße"), "ore lodz strasse");
        // Decomposed input: e + circumflex + dot below.
        assert_eq!(fold("e\u{302}\u{323}"), "e");
        assert_eq!(fold("東京"), "東京");
    }

    #[test]
    fn words_keep_decomposed_letters_and_drop_punctuation() {
        let found: Vec<&str> = words("Bộ nhớ-đệm, (cache) e\u{302}\u{323}m 42!").map(|(_, w)| w).collect();
        assert_eq!(found, ["Bộ", "nhớ", "đệm", "cache", "e\u{302}\u{323}m", "42"]);
    }

    #[test]
    fn without_diacritics_finds_with_and_đ_is_d() {
        let docs = [
            doc("cache", "Bộ nhớ đệm phân tán", &[], "Về bộ nhớ đệm."),
            doc("road", "Con đường", &[], "Một đường dài."),
            doc("other", "Khác", &[], "Không liên quan."),
        ];
        assert_eq!(run(&docs, "bo nho dem"), [("cache".to_string(), FIELD_TITLE)]);
        assert_eq!(run(&docs, "duong"), [("road".to_string(), FIELD_TITLE)]);
        assert_eq!(run(&docs, "ĐƯỜNG"), [("road".to_string(), FIELD_TITLE)]);
        assert!(run(&docs, "duong khac").is_empty(), "every word must match");
    }

    #[test]
    fn same_diacritics_rank_first_then_title_heading_body_then_newer() {
        let docs = [
            doc("duong-body", "A", &[], "dương"),
            doc("duong-exact-body", "B", &[], "đường"),
            doc("duong-heading", "C", &[("h", "dương")], "x"),
        ];
        assert_eq!(
            run(&docs, "đường"),
            [
                ("duong-exact-body".to_string(), FIELD_BODY),
                ("duong-heading".to_string(), 1),
                ("duong-body".to_string(), FIELD_BODY)
            ]
        );
        let docs = [doc("newer", "x", &[], "cache"), doc("older", "x", &[], "cache"), doc("titled", "Cache", &[], "")];
        let slugs: Vec<String> = run(&docs, "cache").into_iter().map(|(s, _)| s).collect();
        assert_eq!(slugs, ["titled", "newer", "older"]);
    }

    #[test]
    fn the_last_word_is_a_prefix_from_its_third_letter() {
        let docs = [doc("a", "Distributed caching", &[], ""), doc("b", "Cab", &[], "")];
        assert_eq!(run(&docs, "distributed cach").len(), 1);
        assert!(run(&docs, "distributed cach ").is_empty(), "a finished word matches whole");
        assert_eq!(run(&docs, "ca").len(), 0, "two letters match only the word `ca`");
        assert_eq!(run(&docs, "cab").len(), 1, "`cab` is a word and a prefix of none here");
    }

    #[test]
    fn a_heading_match_says_which_heading() {
        let docs = [doc("p", "Post", &[("intro", "Intro"), ("setup", "Cài đặt")], "body text")];
        assert_eq!(run(&docs, "cai dat"), [("p".to_string(), 2)]);
    }

    #[test]
    fn shards_group_terms_by_their_first_three_folded_letters() {
        let data = build(&[doc("p", "Đường dương duong dưới", &[], "")]);
        let keys: Vec<&String> = data.terms.keys().collect();
        assert_eq!(keys, ["duo"]);
        assert_eq!(data.terms["duo"].0.len(), 2, "duong and duoi: {:?}", data.terms["duo"]);
        assert_eq!(shard_file("duo"), "64756f");
        assert_eq!(shard_key("ab"), "ab");
    }

    #[test]
    fn doc_numbers_are_deltas_and_fields_appear_once() {
        let docs: Vec<SearchDoc> = (0..3).map(|i| doc(&format!("p{i}"), "x", &[], "rust rust rust")).collect();
        let data = build(&docs);
        let rust = &data.terms["rus"].0[0];
        assert_eq!(rust.1, [("rust".to_string(), vec![0, FIELD_BODY, 1, FIELD_BODY, 1, FIELD_BODY])]);
    }

    #[test]
    fn adversarial_documents_build_in_linear_time() {
        // 20,000 headings with one word, a 1 MB word, 100,000 distinct words.
        let headings: Vec<(String, String)> = (0..20_000).map(|i| (format!("h{i}"), "same word".to_string())).collect();
        let distinct: String = (0..100_000).map(|i| format!("w{i} ")).collect();
        let docs = [
            SearchDoc { headings, ..doc("headings", "t", &[], "same") },
            doc("long", "t", &[], &"a".repeat(1_000_000)),
            doc("distinct", "t", &[], &distinct),
        ];
        let started = std::time::Instant::now();
        let data = build(&docs);
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        let same = &data.terms["sam"].0[0].1[0].1;
        assert_eq!(same.len(), 2 * 20_001, "each heading once, and the body");
        let words = parse_query("w99999");
        assert_eq!(needed_shards(&words), ["w99"]);
    }

    #[test]
    fn excerpts_mark_matches_and_escape() {
        let words = parse_query("đường");
        let text = "Một <b> & con đường dài, Đường và duong.";
        assert_eq!(
            excerpt(text, &words, 20),
            "Một &lt;b&gt; &amp; con <mark>đường</mark> dài, <mark>Đường</mark> và <mark>duong</mark>."
        );
        let long: String = (0..100).map(|i| format!("w{i} ")).collect::<String>() + "target end";
        let short = excerpt(&long, &parse_query("target"), 6);
        assert!(short.starts_with('…') && short.contains("<mark>target</mark>"), "{short}");
    }
}
