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
//! needs one term shard, exactly or as a prefix. A shorter word needs its
//! prefix shard (`<prefix>*`): the word itself, and which documents have a
//! longer word that starts with it, in which field; a finished short word
//! matches only itself. So the last word typed matches as a prefix from its
//! first character on, and a query fetches one shard per word whatever its
//! length.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::date::Date;
use super::post::FileBodies;
use super::sanitize::{decode_entities, escape_attr, find_byte, scan_tag, Scanned};
use super::slug::{fold_char, is_combining_mark};

/// The version of the search data and of how it is made: part of its
/// folder's id, so raise it with any change to either (the id does not
/// hash the indexer itself, so that rebuilding it leaves readers' cached
/// data valid).
pub const DATA_FORMAT: u32 = 6;
/// Characters of a folded term that pick its shard.
pub const KEY_CHARS: usize = 3;
/// Ends the key of a prefix shard (`d*`, `du*`): no word has it.
pub const PREFIX_MARK: char = '*';
/// Documents per document shard: a query's ten results need at most ten
/// shards, and results are spread over the archive (titles, headings), so
/// a shard is kept small. At 32 a first query fetched up to 320 rows for its
/// ten; at 4, at most 40, for about 1 KB per shard with its headers
/// (bench/README, "Search against Pagefind"). The files this adds (a
/// quarter of the posts, twice, per language) did not slow the content step.
pub const DOCS_PER_SHARD: usize = 4;
/// Where a word was found in a document: its body, its title, or a heading
/// (heading `n`, from 0, is field `FIELD_HEADINGS + n`). The body is 0, the
/// most frequent field, so that the data is small.
pub const FIELD_BODY: u32 = 0;
pub const FIELD_TITLE: u32 = 1;
pub const FIELD_HEADINGS: u32 = 2;
/// Characters of a document's summary (its first paragraph).
pub const SUMMARY_CHARS: usize = 180;

/// A hash map with a fast hash for short keys (words): the indexer hashes
/// every word of every post. Not for keys an attacker picks to collide: the
/// keys here are the writer's own words.
type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<WordHasher>>;

/// FNV-1a over 8 bytes at a time.
#[derive(Default)]
pub struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut hash = self.0 ^ 0xcbf2_9ce4_8422_2325;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word =
                u64::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7]]);
            hash = (hash ^ word).wrapping_mul(0x0100_0000_01b3).rotate_left(29);
        }
        for &byte in chunks.remainder() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }

    fn finish(&self) -> u64 {
        // Mix the high bits down: the map picks buckets by the low bits.
        let h = self.0;
        (h ^ (h >> 32)).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (h >> 29)
    }
}

/// The words of `text`: maximal runs of letters, digits and combining marks
/// (so decomposed "ệ" stays in its word), with their byte offsets. Scripts
/// written without spaces between words (Han, Kana, Hangul, Thai) are runs
/// of their own, apart from the letters around them: `キャッシュcache` is two
/// words; [`terms`] cuts such a run into the pieces search compares.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    // Bytes at a time through ASCII, the bulk of most text; a character is
    // decoded only where one starts beyond it.
    let bytes = text.as_bytes();
    let char_at = |at: usize| text[at..].chars().next().unwrap_or('\0');
    let mut at = 0;
    std::iter::from_fn(move || {
        let first = loop {
            let b = *bytes.get(at)?;
            if b.is_ascii() {
                if b.is_ascii_alphanumeric() {
                    break b as char;
                }
                at += 1;
                continue;
            }
            let c = char_at(at);
            if is_word_char(c) || maybe_unspaced(c) {
                break c;
            }
            at += c.len_utf8();
        };
        let start = at;
        let unspaced = maybe_unspaced(first);
        at += first.len_utf8();
        while let Some(&b) = bytes.get(at) {
            let (continues, len) = match b.is_ascii() {
                true => (!unspaced && b.is_ascii_alphanumeric(), 1),
                false => {
                    let c = char_at(at);
                    let continues = match unspaced {
                        true => is_unspaced(c) || is_unspaced_mark(c),
                        false => (is_word_char(c) && !maybe_unspaced(c)) || is_combining_mark(c),
                    };
                    (continues, c.len_utf8())
                }
            };
            if !continues {
                break;
            }
            at += len;
        }
        Some((start, &text[start..at]))
    })
}

/// A letter of a script written without spaces between words: Han, Hiragana,
/// Katakana, Hangul, Thai. Search reads their text as overlapping pairs of
/// letters (see [`terms`]), since nothing marks where a word ends. Not
/// inlined: it is called from every tokenizer, and the app is kept small.
#[inline(never)]
pub fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'     // CJK radicals, Kangxi radicals
        | '\u{3005}'..='\u{3007}'   // 々 〆 〇
        | '\u{3041}'..='\u{30FF}'   // Hiragana, Katakana (ー included)
        | '\u{3131}'..='\u{318E}'   // Hangul compatibility jamo
        | '\u{31F0}'..='\u{31FF}'   // Katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}'   // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{AC00}'..='\u{D7A3}'   // Hangul syllables
        | '\u{F900}'..='\u{FAFF}'   // CJK compatibility ideographs
        | '\u{FF66}'..='\u{FF9F}'   // halfwidth Katakana
        | '\u{0E01}'..='\u{0E30}' | '\u{0E32}'..='\u{0E33}' | '\u{0E40}'..='\u{0E46}' // Thai letters
        | '\u{20000}'..='\u{2FA1F}' // CJK extensions B to F, compatibility supplement
    ) && !is_unspaced_mark(c)
}

/// [`is_unspaced`] without its call for the letters of most text (Latin,
/// Cyrillic, Greek, Arabic…, below Thai or between Thai and CJK).
#[inline(always)]
pub fn maybe_unspaced(c: char) -> bool {
    (('\u{0E01}'..='\u{0E4E}').contains(&c) || c >= '\u{2E80}') && is_unspaced(c)
}

/// A letter or digit, as `char::is_alphanumeric` says, without its table
/// lookup for the Latin letters of European and Vietnamese text.
#[inline(always)]
fn is_word_char(c: char) -> bool {
    match c {
        '\u{C0}'..='\u{24F}' => c != '\u{D7}' && c != '\u{F7}',
        '\u{1E00}'..='\u{1EFF}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// A mark that belongs to the letter before it in an unspaced script
/// (Thai vowels above and below, tone marks; Japanese sound marks).
fn is_unspaced_mark(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}' | '\u{3099}'..='\u{309A}')
}

/// What search compares of a word: the word itself, or for a run of an
/// unspaced script its letters (each with its marks) and each pair of
/// neighbouring letters, overlapping: `無効化` is `無`, `効`, `化`, `無効`,
/// `効化`. A query's run is only its pairs ([`parse_query`]), so `無効化`
/// finds the posts that have `無効` and `効化`, inside any longer text.
pub fn terms(word: &str) -> Terms<'_> {
    if !word.starts_with(is_unspaced) {
        return Terms::Word(Some(word));
    }
    let letters: Vec<(usize, usize)> = letters(word).collect();
    let singles = letters.iter().map(|&(start, end)| &word[start..end]);
    let pairs = letters.windows(2).map(|pair| &word[pair[0].0..pair[1].1]);
    Terms::Pieces(singles.chain(pairs).collect::<Vec<_>>().into_iter())
}

/// The terms of a word (see [`terms`]): a word of a spaced script costs no allocation.
pub enum Terms<'a> {
    Word(Option<&'a str>),
    Pieces(std::vec::IntoIter<&'a str>),
}

impl<'a> Iterator for Terms<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match self {
            Terms::Word(word) => word.take(),
            Terms::Pieces(pieces) => pieces.next(),
        }
    }
}

/// The letters of a run of an unspaced script, each with its marks, as byte ranges.
fn letters(run: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = run.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, c) = chars.next()?;
        let mut end = start + c.len_utf8();
        while let Some(&(at, mark)) = chars.peek() {
            if !is_unspaced_mark(mark) {
                break;
            }
            end = at + mark.len_utf8();
            chars.next();
        }
        Some((start, end))
    })
}

/// The pieces of a query's run of an unspaced script: its pairs of letters,
/// or its one letter.
fn query_terms(word: &str) -> Vec<&str> {
    let letters: Vec<(usize, usize)> = letters(word).collect();
    match letters.len() {
        0 | 1 => vec![word],
        _ => letters.windows(2).map(|pair| &word[pair[0].0..pair[1].1]).collect(),
    }
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

/// The shard key of a folded term: its first [`KEY_CHARS`] characters; for
/// a term of an unspaced script (a pair of letters), its first character,
/// so that a shard holds the pairs that start with it.
pub fn shard_key(folded: &str) -> &str {
    let chars = if folded.chars().next().is_some_and(is_unspaced) { 1 } else { KEY_CHARS };
    match folded.char_indices().nth(chars) {
        Some((at, _)) => &folded[..at],
        None => folded,
    }
}

/// The shard a query word needs: its term shard, or for a word shorter
/// than [`KEY_CHARS`], whole or being typed, its prefix shard, which holds
/// the word itself.
pub fn word_shard(word: &QueryWord) -> String {
    let key = shard_key(&word.folded);
    match in_prefix_shard(&word.folded) {
        true => format!("{key}{PREFIX_MARK}"),
        false => key.to_string(),
    }
}

/// Whether the folded word `folded` is kept in its prefix shard rather
/// than a term shard: shorter than [`KEY_CHARS`] and not of an unspaced
/// script. The build and the query both ask this.
fn in_prefix_shard(folded: &str) -> bool {
    !starts_unspaced(folded) && folded.chars().count() < KEY_CHARS
}

fn starts_unspaced(text: &str) -> bool {
    text.chars().next().is_some_and(is_unspaced)
}

/// A shard's file name: the key's UTF-8 bytes in hex, safe on every host.
pub fn shard_file(key: &str) -> String {
    key.bytes().map(|b| format!("{b:02x}")).collect()
}

/// A post version in one language, as search sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    /// A post's slug, or a writer's page's path (`standalone`).
    pub slug: String,
    pub standalone: bool,
    pub title: String,
    pub date: Option<Date>,
    /// Each heading's id and text, in order.
    pub headings: Vec<(String, String)>,
    /// The article's text, without markup.
    pub body: String,
    /// The start of the article's first paragraph.
    pub summary: String,
    /// The hash of the post file's rendered versions (`route::body_file`,
    /// where the app finds the body's text for an excerpt around a match,
    /// as reading the post fetches it).
    pub file: String,
}

/// What a document contributes to the search data: its row, its headings,
/// and each word (lowercased) with the fields it is in. Made a document at a
/// time, so the indexer never holds every post's text at once; compact, as
/// it holds every document's words until the data is built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocTerms {
    pub row: DocRow,
    /// Each heading's id and text (field `FIELD_HEADINGS + n` is the `n`th).
    #[serde(default)]
    pub headings: Vec<(String, String)>,
    /// A line per word, in order: the word alone when it is only in the
    /// body, else the word, a tab and its fields separated by commas.
    pub words: String,
}

impl DocTerms {
    /// Each word with its fields.
    pub fn words(&self) -> impl Iterator<Item = (&str, impl Iterator<Item = u32> + '_)> {
        self.words.lines().map(|line| {
            let (word, fields) = line.split_once('\t').unwrap_or((line, ""));
            let body_only = fields.is_empty().then_some(FIELD_BODY);
            (word, body_only.into_iter().chain(fields.split(',').filter_map(|f| f.parse().ok())))
        })
    }
}

impl SearchDoc {
    pub fn terms(&self) -> DocTerms {
        // Each word lowercased (its spelling) with the fields it is in.
        let mut fields: FastMap<String, usize> = FastMap::default();
        let mut found_in: Vec<(String, Vec<u32>)> = Vec::new();
        // Each word as written, to its spelling's place: a word the text
        // repeats is lowercased and looked up by its spelling only once.
        let mut as_written: FastMap<&str, usize> = FastMap::default();
        let headings = self.headings.iter().enumerate().map(|(i, (_, text))| (FIELD_HEADINGS + i as u32, text));
        let all = std::iter::once((FIELD_TITLE, &self.title)).chain(headings).chain([(FIELD_BODY, &self.body)]);
        let mut spelling = String::new();
        for (field, text) in all {
            for word in words(text).flat_map(|(_, word)| terms(word)) {
                let place = match as_written.get(word) {
                    Some(&place) => place,
                    None => {
                        spelling.clear();
                        if word.is_ascii() {
                            spelling.push_str(word);
                            spelling.make_ascii_lowercase();
                        } else {
                            spelling.extend(word.chars().flat_map(char::to_lowercase));
                        }
                        let place = match fields.get(spelling.as_str()) {
                            Some(&place) => place,
                            None => {
                                found_in.push((spelling.clone(), Vec::new()));
                                fields.insert(spelling.clone(), found_in.len() - 1);
                                found_in.len() - 1
                            }
                        };
                        as_written.insert(word, place);
                        place
                    }
                };
                // A word repeated in a field adds nothing; a field is added once.
                let seen = &mut found_in[place].1;
                if seen.last() != Some(&field) {
                    seen.push(field);
                }
            }
        }
        let mut sorted = found_in;
        sorted.sort_unstable();
        let mut words = String::new();
        for (word, mut found) in sorted {
            found.sort_unstable();
            found.dedup();
            words.push_str(&word);
            if found != [FIELD_BODY] {
                let fields: Vec<String> = found.iter().map(u32::to_string).collect();
                words.push('\t');
                words.push_str(&fields.join(","));
            }
            words.push('\n');
        }
        let summary = match self.summary.char_indices().nth(SUMMARY_CHARS) {
            Some((at, _)) => format!("{}…", self.summary[..at].trim_end()),
            None => self.summary.clone(),
        };
        let row = DocRow {
            slug: self.slug.clone(),
            title: self.title.clone(),
            date: self.date.map(|d| d.iso()).unwrap_or_default(),
            summary,
            file: self.file.clone(),
            standalone: self.standalone,
        };
        // Every document's words are held until the data is built: no slack.
        words.shrink_to_fit();
        DocTerms { row, headings: self.headings.clone(), words }
    }
}

/// The text of a post section's Markdown, for search: its words, without
/// markup, raw HTML, code blocks' contents or TeX. Headings and image
/// descriptions are text too. The build gathers the same text as it renders
/// (`markdown::render_for_search`); the app reads it here for excerpts.
pub fn plain_text(markdown: &str) -> String {
    let mut text = SearchText::with_capacity(markdown.len());
    for event in pulldown_cmark::Parser::new_ext(markdown, super::markdown::parser_options()) {
        text.see(&event);
    }
    text.into_text()
}

/// The text search reads, gathered from a walk's events: one rule for the
/// app's excerpts and the build's renderer, so the two cannot differ.
pub(crate) struct SearchText {
    text: String,
    in_code_block: bool,
}

impl SearchText {
    pub(crate) fn with_capacity(bytes: usize) -> Self {
        SearchText { text: String::with_capacity(bytes), in_code_block: false }
    }

    pub(crate) fn see(&mut self, event: &pulldown_cmark::Event) {
        use pulldown_cmark::{Event, Tag, TagEnd};
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.in_code_block = true,
            // An item's text never runs into a nested list's first item.
            Event::Start(Tag::Item) => self.text.push('\n'),
            Event::End(TagEnd::CodeBlock) => self.in_code_block = false,
            Event::Text(t) | Event::Code(t) if !self.in_code_block => self.text.push_str(t),
            Event::SoftBreak | Event::HardBreak => self.text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell) => {
                self.text.push('\n')
            }
            _ => {}
        }
    }

    pub(crate) fn into_text(self) -> String {
        self.text
    }
}

/// One shard of terms: each folded term with the spellings it was found in
/// and, per spelling, where: `[doc, field]` pairs flattened, doc numbers as
/// the difference from the previous pair's (small numbers compress well).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermShard(pub Vec<(String, Spellings)>);

/// Each spelling of a folded term with its flattened `[doc, field]` pairs.
pub type Spellings = Vec<(String, Vec<u32>)>;

/// One shard of documents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocShard(pub Vec<DocRow>);

/// The headings of one shard's documents (`h/<n>.json`, beside `d/<n>.json`),
/// each document's `(id, text)` in order: fetched only for a result matched
/// in a heading, so the rows every query reads stay small.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadingShard(pub Vec<Vec<(String, String)>>);

impl HeadingShard {
    /// The heading of document `doc` that field `field` is, if it is one.
    pub fn heading(&self, doc: usize, field: u32) -> Option<&(String, String)> {
        let n = field.checked_sub(FIELD_HEADINGS)?;
        self.0.get(doc % DOCS_PER_SHARD)?.get(n as usize)
    }
}

/// What a result shows of a document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocRow {
    pub slug: String,
    pub title: String,
    /// `YYYY-MM-DD`, or empty.
    pub date: String,
    pub summary: String,
    /// The hash of the post file's rendered versions (`route::body_file`).
    pub file: String,
    /// A writer's page, whose `slug` is its path: a result marked as a page.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub standalone: bool,
}

impl DocRow {
    /// The page the result leads to.
    pub fn page(&self) -> crate::route::Page {
        match self.standalone {
            true => crate::route::Page::Standalone(self.slug.clone()),
            false => crate::route::Page::Post(self.slug.clone()),
        }
    }
}

/// The text of a result's post in `lang`, from its rendered versions (the
/// file reading the post fetches), for an excerpt around a match.
pub fn body_text(bodies: &FileBodies, lang: &str) -> Option<String> {
    Some(html_text(&bodies.get(lang)?.html))
}

/// The text of an article's HTML as search reads it: what [`plain_text`]
/// reads of the Markdown it was rendered from. Words without markup; code
/// blocks, math, buttons, icons, footnote marks and the symbols of links
/// that carry their name in `aria-label` (heading anchors, footnotes'
/// back links) left out; images' descriptions kept; a line around each
/// block. One pass, linear in the HTML.
pub fn html_text(html: &str) -> String {
    const LEFT_OUT: [&str; 5] = ["pre", "math", "button", "svg", "sup"];
    const BLOCKS: [&str; 14] =
        ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "dt", "dd", "figcaption", "summary"];
    let mut out = String::with_capacity(html.len() / 2);
    // The element whose contents are left out, and how deep in it we are.
    let mut leaving: Option<(&str, usize)> = None;
    let mut rest = html;
    while let Some(lt) = find_byte(rest, b'<') {
        if leaving.is_none() {
            out.push_str(&decode_entities(&rest[..lt]));
        }
        let (mut alt, mut labelled) = ("", false);
        let tag = match scan_tag(&rest[lt..], |attribute, value| match attribute {
            "alt" => alt = value,
            "aria-label" => labelled = true,
            _ => {}
        }) {
            Scanned::Tag(tag) => tag,
            Scanned::Text => {
                if leaving.is_none() {
                    out.push('<');
                }
                rest = &rest[lt + 1..];
                continue;
            }
            Scanned::Unfinished => {
                rest = "";
                break;
            }
        };
        let (name, closing) = (tag.name, tag.closing);
        // `<br />`: an element that holds nothing.
        let empty = rest.as_bytes()[lt + tag.len - 2] == b'/';
        rest = &rest[lt + tag.len..];
        if let Some((left_out, depth)) = &mut leaving {
            if name == *left_out && !empty {
                match closing {
                    true => *depth -= 1,
                    false => *depth += 1,
                }
                if *depth == 0 {
                    leaving = None;
                }
            }
            continue;
        }
        if closing {
            if BLOCKS.contains(&name) {
                out.push('\n');
            }
            continue;
        }
        if BLOCKS.contains(&name) {
            out.push('\n');
        }
        if (LEFT_OUT.contains(&name) || (name == "a" && labelled)) && !empty {
            leaving = Some((name, 1));
        } else if name == "img" {
            out.push_str(&decode_entities(alt));
        } else if name == "br" {
            out.push(' ');
        }
    }
    if leaving.is_none() {
        out.push_str(&decode_entities(rest));
    }
    out
}

/// A language's search data, split into shards.
#[derive(Debug, Default)]
pub struct SearchData {
    /// By shard key.
    pub terms: BTreeMap<String, TermShard>,
    /// Shard `n` holds documents `n * DOCS_PER_SHARD ..`.
    pub docs: Vec<DocShard>,
    /// Their headings, shard for shard.
    pub headings: Vec<HeadingShard>,
}

/// What a language's search data holds, fetched first: which term shards
/// exist (so that a query never asks for one that does not), and how many
/// documents there are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchMeta {
    /// Every shard key, separated by spaces (a key has none).
    pub keys: String,
    pub docs: usize,
}

impl SearchMeta {
    /// Whether the shard `key` exists. Prefix shards are not listed: one
    /// exists wherever a listed key starts with its prefix.
    pub fn has(&self, key: &str) -> bool {
        match key.strip_suffix(PREFIX_MARK) {
            Some(stem) => !stem.is_empty() && self.keys.split(' ').any(|k| k.starts_with(stem)),
            None => self.keys.split(' ').any(|k| k == key),
        }
    }
}

impl SearchData {
    /// The term shards' keys, and the short words that are in their prefix
    /// shards only.
    pub fn meta(&self) -> SearchMeta {
        let keys: Vec<&str> = self
            .terms
            .iter()
            .filter_map(|(key, shard)| match key.strip_suffix(PREFIX_MARK) {
                None => Some(key.as_str()),
                Some(stem) => shard.0.first().filter(|(word, _)| word == stem).map(|_| stem),
            })
            .collect();
        SearchMeta { keys: keys.join(" "), docs: self.docs.iter().map(|d| d.0.len()).sum() }
    }
}

/// A folded word's spellings, each with its (doc, field) pairs.
type SpellingHits = BTreeMap<Box<str>, Hits>;

/// A spelling's hits as the data keeps them, written as they are found
/// (documents come in order): each the document's distance from the last
/// hit's, then the field. No second copy is made to encode them.
#[derive(Default)]
struct Hits {
    last: u32,
    flat: Vec<u32>,
}

impl Hits {
    /// A document's hit with its best field only: a prefix shard says which
    /// documents have a word that starts with it, not each word's fields.
    fn add_best(&mut self, doc: u32, field: u32) {
        match self.flat.last_mut() {
            Some(last) if self.last == doc => *last = best_field(*last, field),
            _ => {
                self.flat.push(doc - self.last);
                self.flat.push(field);
                self.last = doc;
            }
        }
    }
}

/// The hits of short prefixes (shorter than [`KEY_CHARS`]) as the build
/// finds them: for each prefix and the spelling's start that gives it
/// (`đư` and `du` for `du`), which documents have a longer word with it.
#[derive(Default)]
struct Prefixes {
    /// Each prefix and spelling's start, with the place of its hits.
    places: FastMap<(String, String), usize>,
    hits: Vec<Hits>,
    /// The shards being made, by prefix: the build adds each prefix's
    /// word itself if there is one, `finish` the longer words.
    shards: BTreeMap<String, TermShard>,
}

impl Prefixes {
    /// The places of the hits of a spelling's short prefixes: those of its
    /// folded form `folded` shorter than the word itself, if it is not of
    /// an unspaced script (whose words are pairs, each indexed whole).
    fn places(&mut self, spelling: &str, folded: &str) -> Vec<usize> {
        if starts_unspaced(folded) {
            return Vec::new();
        }
        let folded_chars = folded.chars().count();
        let mut places = Vec::new();
        for length in 1..KEY_CHARS.min(folded_chars) {
            let Some((at, _)) = folded.char_indices().nth(length) else { break };
            let key = (folded[..at].to_string(), spelling_start(spelling, length).to_string());
            let next = self.hits.len();
            let place = *self.places.entry(key).or_insert(next);
            if place == next {
                self.hits.push(Hits::default());
            }
            places.push(place);
        }
        places
    }

    /// Each prefix's shard: the word itself (added by the build), then
    /// `<prefix>*` with the documents of its longer words, by spelling's start.
    fn finish(mut self) -> BTreeMap<String, TermShard> {
        let mut longer: BTreeMap<String, Spellings> = BTreeMap::new();
        for ((prefix, start), place) in self.places {
            longer.entry(prefix).or_default().push((start, std::mem::take(&mut self.hits[place].flat)));
        }
        for (prefix, mut spellings) in longer {
            spellings.sort();
            let entry = (format!("{prefix}{PREFIX_MARK}"), spellings);
            self.shards.entry(prefix).or_default().0.push(entry);
        }
        self.shards
    }
}

/// The shortest start of `spelling` whose folded form has `length`
/// characters, with the combining marks that follow it.
fn spelling_start(spelling: &str, length: usize) -> &str {
    let mut folded_chars = 0;
    let mut end = spelling.len();
    for (at, c) in spelling.char_indices() {
        if folded_chars >= length && !is_combining_mark(c) {
            end = at;
            break;
        }
        if !is_combining_mark(c) {
            folded_chars += fold(c.encode_utf8(&mut [0; 4])).chars().count();
        }
    }
    &spelling[..end]
}

/// The search data of `docs`, newest first: a document's number is its
/// place in `docs`, and a lower number wins ties. Each document's words are
/// dropped once read, so that they and the data are never all held at once.
pub fn build(docs: Vec<DocTerms>) -> SearchData {
    // folded → spelling → (doc, field) pairs, in order of doc.
    let mut terms: FastMap<String, SpellingHits> = FastMap::default();
    // Each spelling folded once, however many documents have it, with the
    // places of its short prefixes' hits in `prefixes`.
    let mut folded_of: FastMap<Box<str>, (String, Vec<usize>)> = FastMap::default();
    let mut prefixes = Prefixes::default();
    let mut rows = Vec::with_capacity(docs.len());
    let mut headings = Vec::with_capacity(docs.len());
    for (number, doc) in docs.into_iter().enumerate() {
        for (spelling, fields) in doc.words() {
            let (folded, prefix_hits) = match folded_of.get(spelling) {
                Some(known) => known,
                None => {
                    let folded = fold(spelling);
                    let places = prefixes.places(spelling, &folded);
                    folded_of.entry(spelling.into()).or_insert((folded, places))
                }
            };
            if folded.is_empty() {
                // A word of combining marks alone (U+0345) folds to
                // nothing: no query asks for it.
                continue;
            }
            let spellings = match terms.get_mut(folded.as_str()) {
                Some(spellings) => spellings,
                None => terms.entry(folded.clone()).or_default(),
            };
            let hits = match spellings.get_mut(spelling) {
                Some(hits) => hits,
                None => spellings.entry(spelling.into()).or_default(),
            };
            let mut best = None;
            for field in fields {
                hits.flat.push(number as u32 - hits.last);
                hits.flat.push(field);
                hits.last = number as u32;
                best = Some(best.map_or(field, |b| best_field(b, field)));
            }
            if let Some(best) = best {
                for &place in prefix_hits.iter() {
                    prefixes.hits[place].add_best(number as u32, best);
                }
            }
        }
        rows.push(doc.row);
        headings.push(doc.headings);
    }
    drop(folded_of);
    let mut data = SearchData::default();
    let mut sorted: Vec<_> = terms.into_iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (folded, spellings) in sorted {
        let spellings: Spellings =
            spellings.into_iter().map(|(spelling, hits)| (spelling.into_string(), hits.flat)).collect();
        if in_prefix_shard(&folded) {
            // A short word is the first of its prefix shard, and in no other.
            prefixes.shards.entry(folded.clone()).or_default().0.push((folded, spellings));
            continue;
        }
        data.terms.entry(shard_key(&folded).to_string()).or_default().0.push((folded, spellings));
    }
    for (prefix, shard) in prefixes.finish() {
        data.terms.insert(format!("{prefix}{PREFIX_MARK}"), shard);
    }
    let (mut rows, mut headings) = (rows.into_iter().peekable(), headings.into_iter());
    while rows.peek().is_some() {
        data.docs.push(DocShard(rows.by_ref().take(DOCS_PER_SHARD).collect()));
        data.headings.push(HeadingShard(headings.by_ref().take(DOCS_PER_SHARD).collect()));
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

/// Words of a query that count: a pasted paragraph must not fetch a shard
/// per word.
pub const MAX_QUERY_WORDS: usize = 8;

/// The words of a query, the first [`MAX_QUERY_WORDS`] of them. The last
/// matches as a prefix unless the query ends in a space, or in a word of an
/// unspaced script.
pub fn parse_query(query: &str) -> Vec<QueryWord> {
    let mut parsed: Vec<QueryWord> = Vec::new();
    let mut cut = false;
    let mut last_unspaced = false;
    'words: for (_, w) in words(query) {
        last_unspaced = w.chars().next().is_some_and(is_unspaced);
        let pieces = if last_unspaced { query_terms(w) } else { vec![w] };
        for piece in pieces {
            let word = QueryWord { exact: exact(piece), folded: fold(piece), prefix: false };
            // A word of combining marks alone folds to nothing: not indexed.
            if word.folded.is_empty() || parsed.contains(&word) {
                continue;
            }
            if parsed.len() == MAX_QUERY_WORDS {
                cut = true;
                break 'words;
            }
            parsed.push(word);
        }
    }
    // The pieces of an unspaced script are whole: every pair is indexed.
    let typing = !query.ends_with(char::is_whitespace) && !cut && !last_unspaced;
    if let Some(last) = parsed.last_mut() {
        last.prefix = typing;
    }
    parsed
}

/// The shard keys a query needs.
pub fn needed_shards(query: &[QueryWord]) -> Vec<String> {
    let mut keys: Vec<String> = query.iter().map(word_shard).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// A document that matches every word, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub doc: u32,
    /// How many words matched as typed, diacritics included.
    pub exact_words: usize,
    /// Whether the word typed last, matched as a prefix, is also a whole
    /// word of the document (`cache` in a post about caches, not only `cached`).
    pub whole: bool,
    /// The best field of the match: the title, else the first matching heading, else the body.
    pub field: u32,
}

/// Runs `query` on the shards it needs (`shards`, by key; a key without a
/// shard has no terms). Every word must match. Best first: more words
/// matched with the diacritics as typed, then a match in the title, then in
/// a heading, then in the body only, then the newer document.
pub fn search<S: std::borrow::Borrow<TermShard>>(query: &[QueryWord], shards: &HashMap<String, S>) -> Vec<Hit> {
    let mut hits = matches(query, shards);
    hits.sort_unstable_by(rank);
    hits
}

/// The best `limit` of [`search`]'s hits, in its order, and how many there
/// are in all. Linear in the hits: a common word at 10,000 posts matches
/// nearly all of them, and a keystroke needs only a page of results.
pub fn best<S: std::borrow::Borrow<TermShard>>(
    query: &[QueryWord],
    shards: &HashMap<String, S>,
    limit: usize,
) -> (Vec<Hit>, usize) {
    let hits = matches(query, shards);
    let total = hits.len();
    // Kept in order as they come: at most `limit` moves a hit, and far less
    // wasm than a selection or a sort. `rank` is a total order, so these
    // are exactly `search`'s first `limit`.
    let mut best: Vec<Hit> = Vec::with_capacity(limit + 1);
    for hit in hits {
        if best.len() == limit && best.last().is_none_or(|worst| rank(&hit, worst).is_gt()) {
            continue;
        }
        let at = best.partition_point(|kept| rank(kept, &hit).is_lt());
        best.insert(at, hit);
        best.truncate(limit);
    }
    (best, total)
}

/// Search's order: a total order (documents differ), so an unstable sort
/// gives one answer.
fn rank(a: &Hit, b: &Hit) -> std::cmp::Ordering {
    b.exact_words
        .cmp(&a.exact_words)
        .then(b.whole.cmp(&a.whole))
        .then(field_rank(a.field).cmp(&field_rank(b.field)))
        .then(a.doc.cmp(&b.doc))
}

/// The documents that match every word of `query`, in no order.
fn matches<S: std::borrow::Borrow<TermShard>>(query: &[QueryWord], shards: &HashMap<String, S>) -> Vec<Hit> {
    // Per document, by number: a plain vector, no hashing per posting.
    let mut found: Vec<Found> = Vec::new();
    for (n, word) in query.iter().enumerate() {
        let Some(shard) = shards.get(&word_shard(word)) else { return Vec::new() };
        let terms = &shard.borrow().0;
        // Terms are in order: the matches are one run, found by bisection.
        let first = terms.partition_point(|(folded, _)| folded.as_str() < word.folded.as_str());
        for (folded, spellings) in &terms[first..] {
            let matches = if word.prefix { folded.starts_with(&word.folded) } else { *folded == word.folded };
            if !matches {
                break;
            }
            let whole = *folded == word.folded;
            for (spelling, flat) in spellings {
                let is_exact = if word.prefix { spelling.starts_with(&word.exact) } else { *spelling == word.exact };
                let mut doc: u32 = 0;
                for pair in flat.chunks_exact(2) {
                    doc = doc.saturating_add(pair[0]);
                    let at = doc as usize;
                    if at >= found.len() {
                        // Only the first word adds documents; data past any
                        // real site's size is corrupt, and skipped.
                        if n > 0 || at >= MAX_DOCS {
                            continue;
                        }
                        found.resize(at + 1, Found::default());
                    }
                    found[at].add(n, is_exact, pair[1]);
                    found[at].whole |= whole && word.prefix;
                }
            }
        }
    }
    let words = query.len();
    (0..found.len() as u32)
        .zip(&found)
        .filter(|(_, f)| words > 0 && f.matched == words)
        .map(|(doc, f)| Hit { doc, exact_words: f.exact, whole: f.whole, field: f.field })
        .collect()
}

/// Documents a query can consider: far past any real site.
const MAX_DOCS: usize = 1 << 22;

/// A document's match so far: the words matched (in order: a document
/// missing one word is out for the rest), how many as typed, the best field.
#[derive(Debug, Clone, Copy, Default)]
struct Found {
    matched: usize,
    exact: usize,
    /// Whether the word being matched matched as typed, counted once.
    word_exact: bool,
    field: u32,
    /// The prefix word is also a whole word here.
    whole: bool,
}

impl Found {
    fn add(&mut self, word: usize, is_exact: bool, field: u32) {
        if self.matched == word {
            // The first posting of this word.
            self.matched = word + 1;
            self.word_exact = false;
        } else if self.matched != word + 1 {
            return; // missed an earlier word
        }
        if is_exact && !self.word_exact {
            self.word_exact = true;
            self.exact += 1;
        }
        self.field = best_field(self.field, field);
    }
}

/// Title, then headings, then body: one rank for every heading.
fn field_rank(field: u32) -> u8 {
    match field {
        FIELD_TITLE => 0,
        FIELD_BODY => 2,
        _ => 1,
    }
}

/// The best field of a document's match, of two.
fn best_field(a: u32, b: u32) -> u32 {
    if field_rank(b) < field_rank(a) || (field_rank(b) == field_rank(a) && b < a) {
        b
    } else {
        a
    }
}

/// Whether `word` (from a document) is a match for one of the query's words.
fn matches_any(word: &str, query: &[QueryWord]) -> bool {
    let folded = fold(word);
    query.iter().any(|q| if q.prefix { folded.starts_with(&q.folded) } else { folded == q.folded })
}

/// The units an excerpt counts and marks: words, and each letter of an
/// unspaced script, with their byte offsets.
fn units(text: &str) -> Vec<(usize, &str)> {
    let mut units = Vec::new();
    for (at, word) in words(text) {
        match word.starts_with(is_unspaced) {
            true => units.extend(letters(word).map(|(start, end)| (at + start, &word[start..end]))),
            false => units.push((at, word)),
        }
    }
    units
}

/// About `words` words of `text` around its first match of the query, as
/// HTML: escaped, with each matching word in `<mark>`. The text's start when
/// nothing matches.
pub fn excerpt(text: &str, query: &[QueryWord], around: usize) -> String {
    let all = units(text);
    // Where the pieces of unspaced scripts are found in the text: a letter
    // inside one is a match.
    let mut found: Vec<bool> = Vec::new();
    for piece in query.iter().filter(|q| q.exact.starts_with(is_unspaced)) {
        found.resize(text.len(), false);
        for (at, matched) in text.match_indices(piece.exact.as_str()) {
            found[at..at + matched.len()].fill(true);
        }
    }
    let matches = |at: usize, unit: &str| match unit.starts_with(is_unspaced) {
        true => found.get(at).copied().unwrap_or(false),
        false => matches_any(unit, query),
    };
    if all.is_empty() {
        // No words (a title of emoji or dashes): the text itself, escaped.
        let mut html = String::new();
        escape_attr(text, &mut html);
        return html;
    }
    let first = all.iter().position(|&(at, w)| matches(at, w)).unwrap_or(0);
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
    for (at, word) in units(window) {
        escape_attr(&window[written..at], &mut html);
        if matches(from + at, word) {
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

    /// The words of `text`, for comparing two texts' words whatever their
    /// spacing.
    fn words_of(text: &str) -> Vec<&str> {
        text.split_whitespace().collect()
    }

    #[test]
    fn the_apps_excerpt_text_is_the_text_the_build_indexed() {
        let markdown =
            "## A *heading* with `code`\n\nA [link](https://example.org) and ![a cat on a mat](cat.png).\n\n\
            - one\n- [ ] two\n\n| a | b |\n|---|---|\n| x &amp; y | 3 < 4 |\n\n```rust\nlet hidden = 1;\n```\n\n\
            Aside.[^n]\n\nTiếng Việt có dấu, 中文字。\n\n[^n]: The note's words.\n";
        let links = crate::markdown::RenderContext::unlinked("/", &crate::extras::NONE);
        let html = crate::markdown::render(markdown, "en", &links).html;
        assert_eq!(words_of(&html_text(&html)), words_of(&plain_text(markdown)), "{html}");
        assert!(!html_text(&html).contains("hidden"), "code blocks are not searched");
    }

    #[test]
    fn html_text_leaves_out_what_is_not_prose() {
        let html = "<h2 id=\"a\">Title <a class=\"heading-anchor\" href=\"#a\" aria-label=\"Link\">#</a></h2>\
            <p>Text<sup class=\"footnote-ref\"><a href=\"#f\">1</a></sup> <math><mi>x</mi></math>\
            <img src=\"a.png\" alt=\"a &quot;b&quot; &gt; c\"><br />end</p>\
            <div class=\"code-block\"><pre><code>x &lt; 1</code></pre><button type=\"button\">Copy</button></div>\
            <svg aria-hidden=\"true\"><path d=\"M0\"/></svg><p>after &amp; <b>bold</b></p>";
        assert_eq!(html_text(html), "\nTitle \n\nText a \"b\" > c end\n\nafter & bold\n");
        // Unfinished markup ends the text; it never panics.
        assert_eq!(html_text("a <b class=\"x"), "a ");
        assert_eq!(html_text("<pre>never closed"), "");
    }

    #[test]
    fn body_text_reads_the_version_in_the_readers_language() {
        let mut bodies = FileBodies::default();
        bodies.0.insert("vi".into(), crate::post::PostBody { html: "<p>Xin chào</p>".into(), toc: Vec::new() });
        assert_eq!(body_text(&bodies, "vi").as_deref(), Some("\nXin chào\n"));
        assert_eq!(body_text(&bodies, "en"), None);
    }

    fn doc(slug: &str, title: &str, headings: &[(&str, &str)], body: &str) -> SearchDoc {
        SearchDoc {
            standalone: false,
            slug: slug.into(),
            title: title.into(),
            date: None,
            headings: headings.iter().map(|(i, t)| (i.to_string(), t.to_string())).collect(),
            body: body.into(),
            summary: body.into(),
            file: format!("{slug}-hash"),
        }
    }

    fn build_docs(docs: &[SearchDoc]) -> SearchData {
        build(docs.iter().map(SearchDoc::terms).collect())
    }

    fn run(docs: &[SearchDoc], query: &str) -> Vec<(String, u32)> {
        let data = build_docs(docs);
        let words = parse_query(query);
        let shards: HashMap<String, TermShard> =
            needed_shards(&words).into_iter().filter_map(|k| Some((k.clone(), data.terms.get(&k)?.clone()))).collect();
        search(&words, &shards).into_iter().map(|h| (docs[h.doc as usize].slug.clone(), h.field)).collect()
    }

    /// `words` as it was written first, a character at a time: the fast
    /// path through ASCII must find the same words.
    fn words_by_chars(text: &str) -> Vec<(usize, &str)> {
        let mut rest = text.char_indices().peekable();
        std::iter::from_fn(move || {
            let (start, first) = rest.find(|(_, c)| c.is_alphanumeric() || is_unspaced(*c))?;
            let unspaced = is_unspaced(first);
            let mut end = text.len();
            while let Some(&(at, c)) = rest.peek() {
                let continues = match unspaced {
                    true => is_unspaced(c) || is_unspaced_mark(c),
                    false => (c.is_alphanumeric() && !is_unspaced(c)) || is_combining_mark(c),
                };
                if !continues {
                    end = at;
                    break;
                }
                rest.next();
            }
            Some((start, &text[start..end]))
        })
        .collect()
    }

    #[test]
    fn the_shortcuts_answer_as_the_tables_do_for_every_character() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(maybe_unspaced(c), is_unspaced(c), "{c:?}");
        }
    }

    #[test]
    fn words_through_ascii_are_the_words_of_every_character() {
        let pieces = [
            "a",
            "Z",
            "9",
            " ",
            "-",
            "_",
            ".",
            "é",
            "ệ",
            "e\u{302}\u{323}",
            "đ",
            "キャッシュ",
            "無効化",
            "ー",
            "한국",
            "ไทย",
            "\u{0E34}",
            "\u{3099}",
            "😀",
            "ß",
            "\u{0301}",
            "Ω",
            "١٢",
            "\t",
            "\n",
            "x\u{200B}y",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 12) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            assert_eq!(words(&text).collect::<Vec<_>>(), words_by_chars(&text), "{text:?}");
        }
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
    fn unspaced_scripts_are_found_inside_longer_text() {
        let docs = [
            doc("proxy", "HTTP 代理", &[], "配置HTTP代理服务器的方法。"),
            doc("cache-ja", "設定", &[], "ブラウザのキャッシュを無効化する手順です。"),
            doc("cache-ko", "설정", &[], "브라우저 캐시를 비우는 방법."),
            doc("cache-th", "ตั้งค่า", &[], "วิธีล้างแคชของเบราว์เซอร์"),
            doc("cat", "猫", &[], "我的猫很可爱。"),
            doc("other", "Other", &[], "理代 reversed, and 无效 elsewhere."),
        ];
        let slugs = |query| run(&docs, query).into_iter().map(|(slug, _)| slug).collect::<Vec<_>>();
        assert_eq!(slugs("代理"), ["proxy"]);
        assert_eq!(slugs("代理服务器"), ["proxy"]);
        assert_eq!(slugs("無効化"), ["cache-ja"]);
        assert_eq!(slugs("キャッシュ"), ["cache-ja"]);
        assert_eq!(slugs("캐시"), ["cache-ko"]);
        assert_eq!(slugs("แคช"), ["cache-th"]);
        assert_eq!(slugs("猫"), ["cat"], "one letter finds the letter");
        assert_eq!(slugs("http 代理"), ["proxy"]);
        assert!(slugs("代理 reversed").is_empty(), "every word must match");
        let words: Vec<&str> = words("キャッシュcache、無効化").map(|(_, w)| w).collect();
        assert_eq!(words, ["キャッシュ", "cache", "無効化"]);
        let pieces: Vec<&str> = terms("無効化").collect();
        assert_eq!(pieces, ["無", "効", "化", "無効", "効化"]);
        assert_eq!(terms("ล้าง").collect::<Vec<_>>(), ["ล้", "า", "ง", "ล้า", "าง"], "a Thai letter keeps its marks");
        assert_eq!(needed_shards(&parse_query("無効化")), ["効", "無"]);
        assert!(parse_query("キャッシュ").iter().all(|w| !w.prefix), "pairs are whole");
    }

    #[test]
    fn excerpts_mark_the_letters_of_an_unspaced_match() {
        let query = parse_query("無効化");
        let html = excerpt("ブラウザのキャッシュを無効化する手順です。", &query, 60);
        assert_eq!(html, "ブラウザのキャッシュを<mark>無</mark><mark>効</mark><mark>化</mark>する手順です。");
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
                ("duong-heading".to_string(), FIELD_HEADINGS),
                ("duong-body".to_string(), FIELD_BODY)
            ]
        );
        let docs = [doc("newer", "x", &[], "cache"), doc("older", "x", &[], "cache"), doc("titled", "Cache", &[], "")];
        let slugs: Vec<String> = run(&docs, "cache").into_iter().map(|(s, _)| s).collect();
        assert_eq!(slugs, ["titled", "newer", "older"]);
    }

    fn slugs(docs: &[SearchDoc], query: &str) -> Vec<String> {
        run(docs, query).into_iter().map(|(slug, _)| slug).collect()
    }

    #[test]
    fn the_last_word_is_a_prefix_from_its_first_letter() {
        let docs = [doc("a", "Distributed caching", &[], ""), doc("b", "Cab", &[], ""), doc("c", "Notes", &[], "ca")];
        assert_eq!(slugs(&docs, "distributed cach"), ["a"]);
        assert!(run(&docs, "distributed cach ").is_empty(), "a finished word matches whole");
        assert_eq!(slugs(&docs, "ca"), ["c", "a", "b"], "the word itself first, then titles");
        assert_eq!(slugs(&docs, "ca "), ["c"], "a finished short word matches only itself");
        assert_eq!(slugs(&docs, "c"), ["a", "b", "c"], "titles first, then the newer");
        assert_eq!(slugs(&docs, "distributed c"), ["a"]);
        assert_eq!(slugs(&docs, "cab"), ["b"], "`cab` is a word and a prefix of none here");
        assert!(run(&docs, "x").is_empty() && run(&docs, "distributed x").is_empty());
    }

    #[test]
    fn a_short_prefix_finds_vietnamese_with_or_without_its_marks() {
        let docs = [
            doc("dem", "Bộ nhớ đệm", &[], "Bộ nhớ đệm giúp trang nhanh hơn."),
            doc("den", "Bộ nhớ", &[], "Bộ nhớ dễ dùng."),
            doc("other", "Khác", &[], "Không có gì."),
        ];
        assert_eq!(slugs(&docs, "bo nho de"), ["den", "dem"], "`dễ` is the word `de`; `đệm` starts with it");
        // Typed as written, the spelling typed ranks first.
        assert_eq!(slugs(&docs, "bo nho d"), ["den", "dem"], "`dễ` starts with `d` as typed, `đệm` does not");
        assert_eq!(slugs(&docs, "bộ nhớ đ"), ["dem", "den"]);
        assert_eq!(slugs(&docs, "bộ nhớ đệ"), ["dem", "den"]);
        // Each query needs one shard per word, and the prefix shards are not
        // listed in what a query fetches first; the short words are.
        let data = build_docs(&docs);
        assert_eq!(needed_shards(&parse_query("bo nho d")), ["bo*", "d*", "nho"], "short words are in prefix shards");
        assert!(!data.meta().keys.contains('*'), "{}", data.meta().keys);
        assert!(data.meta().has("bo") && !data.terms.contains_key("bo"), "`bo` is in `bo*` only");
    }

    #[test]
    fn a_prefix_shard_exists_exactly_where_the_data_says_so() {
        let docs = [
            doc("a", "A day in Đà Lạt", &[("x", "Xin chào")], "a b ab abc đi dù 中文 日本語 ß"),
            doc("b", "Δ δέλτα", &[], "z zz zzz 42 4"),
        ];
        let data = build_docs(&docs);
        let meta = data.meta();
        let mut stems: Vec<String> = Vec::new();
        for key in meta.keys.split(' ') {
            let chars: Vec<char> = key.chars().collect();
            for length in 1..=chars.len().min(KEY_CHARS - 1) {
                stems.push(chars[..length].iter().collect());
            }
        }
        stems.extend(["q", "zq", "中", ""].map(String::from));
        for stem in stems {
            let key = format!("{stem}{PREFIX_MARK}");
            let unspaced = starts_unspaced(&stem);
            // Unspaced scripts have no prefix shards, and no query asks for one.
            let listed = meta.has(&key) && !unspaced;
            assert_eq!(listed, data.terms.contains_key(&key), "{key}");
        }
        for (key, shard) in data.terms.iter().filter(|(k, _)| k.ends_with(PREFIX_MARK)) {
            let stem = key.trim_end_matches(PREFIX_MARK);
            assert!(shard.0.windows(2).all(|w| w[0].0 < w[1].0), "sorted, so bisection finds the word: {key}");
            assert!(shard.0.iter().all(|(folded, _)| folded.starts_with(stem)), "{key}");
        }
        assert!(parse_query("中").iter().all(|w| !w.prefix), "pairs are whole");
    }

    #[test]
    fn a_word_that_folds_to_nothing_is_neither_indexed_nor_asked_for() {
        // U+0345 is alphabetic, so it starts a word, but folding drops it.
        let data = build_docs(&[doc("p", "x", &[], "\u{345} ab")]);
        assert!(data.terms.keys().all(|key| !key.trim_end_matches(PREFIX_MARK).is_empty()), "{:?}", data.terms.keys());
        assert!(!data.meta().keys.starts_with(' '), "{:?}", data.meta().keys);
        assert!(parse_query("\u{345}").is_empty());
        assert_eq!(parse_query("\u{345} ab").len(), 1);
    }

    #[test]
    fn a_heading_match_finds_its_heading_in_a_shard_of_its_own() {
        let docs = [
            doc("plain", "Plain", &[], "no headings here"),
            doc("two", "Two", &[("setup", "Setup"), ("eviction", "Eviction rules")], "body"),
        ];
        let data = build_docs(&docs);
        let (doc, field) = (1, run(&docs, "eviction")[0].1);
        assert_eq!(field, FIELD_HEADINGS + 1, "the second heading");
        assert_eq!(data.headings[0].heading(doc, field), Some(&("eviction".to_string(), "Eviction rules".to_string())));
        assert_eq!(data.headings[0].heading(doc, FIELD_TITLE), None, "a title is no heading");
        assert_eq!(data.headings[0].heading(0, FIELD_HEADINGS), None, "a document without headings");
        let row = serde_json::to_string(&data.docs[0].0[1]).unwrap();
        assert!(!row.contains("Eviction"), "rows carry no headings: {row}");
    }

    #[test]
    fn a_whole_word_ranks_above_a_prefix_only() {
        // `cache` as a prefix of the title's `cached`, and as a whole word in a body.
        let docs = [doc("prefix", "Cached pages", &[], ""), doc("whole", "Notes", &[], "Put a cache in front.")];
        let slugs: Vec<String> = run(&docs, "cache").into_iter().map(|(s, _)| s).collect();
        assert_eq!(slugs, ["whole", "prefix"], "the word itself, even in the body, first");
    }

    #[test]
    fn a_pasted_paragraph_counts_its_first_words_once() {
        let pasted = "cache cache Cache ".to_string() + &(0..10_000).map(|i| format!("w{i} ")).collect::<String>();
        let words = parse_query(&pasted);
        assert_eq!(words.len(), MAX_QUERY_WORDS);
        assert_eq!(words.iter().filter(|w| w.folded == "cache").count(), 1);
        assert!(needed_shards(&words).len() <= MAX_QUERY_WORDS);
        assert!(!words[MAX_QUERY_WORDS - 1].prefix, "the words typed after it were cut");
        let eight = parse_query("one two three four five six seven eigh");
        assert_eq!(eight.len(), MAX_QUERY_WORDS);
        assert!(eight[MAX_QUERY_WORDS - 1].prefix, "the eighth word is still being typed");
    }

    #[test]
    fn a_prefix_finds_its_run_of_terms_and_no_other() {
        let docs = [
            doc("cab", "cab", &[], ""),
            doc("cache", "cache", &[], ""),
            doc("caching", "caching", &[], ""),
            doc("cad", "cad", &[], ""),
            doc("cac", "cac", &[], ""),
        ];
        let mut found: Vec<String> = run(&docs, "cac").into_iter().map(|(s, _)| s).collect();
        found.sort();
        assert_eq!(found, ["cac", "cache", "caching"]);
        assert_eq!(run(&docs, "cab ").len(), 1);
        assert_eq!(run(&docs, "cach ").len(), 0, "a finished word is whole");
    }

    #[test]
    fn the_best_few_are_the_first_of_the_whole_order() {
        // Ties everywhere but the document: titles, headings, bodies, with
        // and without diacritics, the last word whole or a prefix.
        let docs: Vec<SearchDoc> = (0..40)
            .map(|n| {
                let title = if n % 3 == 0 { "Cache đường" } else { "Notes" };
                let heading = if n % 5 == 0 { vec![("h", "duong cached")] } else { vec![] };
                let body = if n % 2 == 0 { "cache duong" } else { "caches đường cachet" };
                doc(&format!("p{n}"), title, &heading, body)
            })
            .collect();
        let data = build_docs(&docs);
        for query in ["cache", "cache ", "duong ca", "đường", "c", "zzz"] {
            let words = parse_query(query);
            let shards: HashMap<String, TermShard> = needed_shards(&words)
                .into_iter()
                .filter_map(|k| Some((k.clone(), data.terms.get(&k)?.clone())))
                .collect();
            let all = search(&words, &shards);
            for limit in [0, 1, 3, 10, 39, 40, 41, 100] {
                let (best, total) = best(&words, &shards, limit);
                assert_eq!(total, all.len(), "{query:?}");
                assert_eq!(best, all[..limit.min(all.len())], "{query:?}, {limit}");
            }
        }
    }

    #[test]
    fn corrupt_postings_are_skipped_not_allocated() {
        let shard = TermShard(vec![(
            "cache".into(),
            vec![("cache".into(), vec![u32::MAX, FIELD_BODY, u32::MAX, FIELD_BODY, 1, FIELD_TITLE, 7])],
        )]);
        let shards = HashMap::from([("cac".to_string(), shard)]);
        let hits = search(&parse_query("cache "), &shards);
        assert!(hits.is_empty(), "{hits:?}");
    }

    #[test]
    fn a_heading_match_says_which_heading() {
        let docs = [doc("p", "Post", &[("intro", "Intro"), ("setup", "Cài đặt")], "body text")];
        assert_eq!(run(&docs, "cai dat"), [("p".to_string(), FIELD_HEADINGS + 1)]);
    }

    #[test]
    fn shards_group_terms_by_their_first_three_folded_letters() {
        let data = build_docs(&[doc("p", "Đường dương duong dưới", &[], "")]);
        let keys: Vec<&String> = data.terms.keys().filter(|k| !k.ends_with(PREFIX_MARK)).collect();
        assert_eq!(keys, ["duo"]);
        assert_eq!(data.terms["duo"].0.len(), 2, "duong and duoi: {:?}", data.terms["duo"]);
        assert_eq!(shard_file("duo"), "64756f");
        assert_eq!(shard_key("ab"), "ab");
    }

    #[test]
    fn doc_numbers_are_deltas_and_fields_appear_once() {
        let docs: Vec<SearchDoc> = (0..3).map(|i| doc(&format!("p{i}"), "x", &[], "rust rust rust")).collect();
        let data = build_docs(&docs);
        let rust = &data.terms["rus"].0[0];
        assert_eq!(rust.1, [("rust".to_string(), vec![0, FIELD_BODY, 1, FIELD_BODY, 1, FIELD_BODY])]);
    }

    #[test]
    fn adversarial_documents_build_in_linear_time() {
        // 20,000 headings with one word, a 1 MB word, 100,000 distinct words.
        let headings: Vec<(String, String)> = (0..20_000).map(|i| (format!("h{i}"), "same word".to_string())).collect();
        let distinct: String = (0..100_000).map(|i| format!("w{i} ")).collect();
        let han: String = (0..300_000u32).map(|i| char::from_u32(0x4E00 + i % 20_000).unwrap()).collect();
        let docs = [
            doc("han", "t", &[], &han),
            SearchDoc { headings, ..doc("headings", "t", &[], "same") },
            doc("long", "t", &[], &"a".repeat(1_000_000)),
            doc("distinct", "t", &[], &distinct),
        ];
        let started = std::time::Instant::now();
        let data = build_docs(&docs);
        // Quadratic would take minutes; linear takes a few seconds unoptimized, on a busy machine too.
        assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
        let same = &data.terms["sam"].0[0].1[0].1;
        assert_eq!(same.len(), 2 * 20_001, "each heading once, and the body");
        let words = parse_query("w99999");
        assert_eq!(needed_shards(&words), ["w99"]);
        let meta = data.meta();
        assert!(meta.has("w99") && meta.has("w9") && meta.has("sam") && !meta.has("w") && !meta.has("zzz"));
        assert_eq!(meta.docs, 4);
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
        assert_eq!(excerpt("🎉 <—>", &words, 20), "🎉 &lt;—&gt;", "a text without words shows as it is");
    }

    #[test]
    fn plain_text_keeps_words_and_drops_code_html_and_tex() {
        let text = plain_text(
            "# Bộ nhớ\n\nSome *bold* `code` and <b>raw</b> $x^2$ ![a cat](c.png).\n\n```rust\nfn hidden() {}\n```\n\n- item\n",
        );
        let found: Vec<&str> = words(&text).map(|(_, w)| w).collect();
        assert_eq!(found, ["Bộ", "nhớ", "Some", "bold", "code", "and", "raw", "a", "cat", "item"]);
    }

    #[test]
    fn a_document_lists_each_spelling_once_with_its_fields() {
        let mut d = doc("p", "Cache", &[("h", "cache CACHE")], "cache, Cache and caché");
        d.summary = "word ".repeat(100);
        let terms = d.terms();
        assert_eq!(terms.words, "and\ncache\t0,1,2\ncaché\n");
        let words: Vec<(&str, Vec<u32>)> = terms.words().map(|(w, f)| (w, f.collect())).collect();
        assert_eq!(
            words,
            [
                ("and", vec![FIELD_BODY]),
                ("cache", vec![FIELD_BODY, FIELD_TITLE, FIELD_HEADINGS]),
                ("caché", vec![FIELD_BODY])
            ]
        );
        assert!(terms.row.summary.ends_with('…') && terms.row.summary.chars().count() <= SUMMARY_CHARS + 1);
        // The title wins over the body within one document.
        assert_eq!(run(&[d], "cache"), [("p".to_string(), FIELD_TITLE)]);
    }
}
