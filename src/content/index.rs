//! The post index: every published post, per language its title, subtitle,
//! description, date, author, tags, reading time and content hash. The
//! indexer builds it from the posts folder; the app reads it to list posts
//! and to know which file holds which language.

use std::collections::BTreeMap;
#[cfg(not(target_arch = "wasm32"))]
use std::collections::HashMap;

use serde::{Deserialize, Serialize};
#[cfg(not(target_arch = "wasm32"))]
use unicode_normalization::UnicodeNormalization;

use super::config::SiteConfig;
use super::date::Date;
use super::error::PostError;
#[cfg(not(target_arch = "wasm32"))]
use super::error::{ErrorKind, TagClash};
use super::hash::content_hash;
use super::post::FileMeta;
use super::slug::{collapse_whitespace, slugify};
#[cfg(not(target_arch = "wasm32"))]
use super::{
    front_matter::FrontMatter,
    markdown::{no_sizes, RenderContext},
    post::{self, ParsedPost},
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteIndex {
    pub site: SiteConfig,
    /// Newest first.
    pub posts: Vec<PostEntry>,
    /// Pixel sizes of the images in the posts folder, by path relative to it.
    #[serde(default)]
    pub images: BTreeMap<String, (u32, u32)>,
    /// Every tag once, by slug.
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// A tag as the site shows it. Tags that differ only by case, Unicode
/// normalization or spacing (`Rust`, `rust `, `RUST`) are one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    /// The spelling most of its posts use (on a tie, the newest post's); the
    /// posts' own `tags` use it too, so every page shows the same.
    pub name: String,
    /// Its page's URL segment, `tag_slug(name)`: unique among the site's tags.
    pub slug: String,
    /// Positions in [`SiteIndex::posts`] of the posts with this tag, newest first.
    pub posts: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostEntry {
    pub slug: String,
    pub date: Option<Date>,
    pub tags: Vec<String>,
    pub main_lang: String,
    /// In the site's language order.
    pub versions: Vec<Version>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    pub lang: String,
    /// The file, relative to the posts folder, that holds this language.
    pub file: String,
    /// Hash of that file's bytes; part of its URL so caches never go stale.
    pub hash: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub description: String,
    pub author: Option<String>,
    pub author_url: Option<String>,
    pub title_prefix: Option<String>,
    pub toc_title: Option<String>,
    /// The `image` front-matter key (Open Graph), as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    pub reading_minutes: u32,
    /// What rendering `file` takes from its front matter, so the browser
    /// renders it without parsing YAML (`post::parse`).
    pub file_meta: FileMeta,
    /// Hash of `file`'s extras (highlighted code, MathML: `p/<hash>.json`),
    /// if it has any. Set by the indexer after `build`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extras: Option<String>,
}

/// A post file as the indexer reads it from disk.
pub struct SourceFile<'a> {
    /// Relative to the posts folder: `hello.vi.md`.
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// What building the index found besides the index itself.
#[derive(Debug, Default)]
pub struct Report {
    pub errors: Vec<PostError>,
    pub warnings: Vec<String>,
    /// Files left out as drafts.
    pub drafts: Vec<String>,
}

impl SiteIndex {
    pub fn image_size(&self, path: &str) -> Option<(u32, u32)> {
        self.images.get(path).copied()
    }

    pub fn post(&self, slug: &str) -> Option<&PostEntry> {
        self.posts.iter().find(|p| p.slug == slug)
    }

    /// The URL language prefix of the version of post `slug` that a reader of
    /// `lang` gets (see `RenderContext::post_prefix`); `None` if there is no such post.
    pub fn post_prefix(&self, slug: &str, lang: &str) -> Option<String> {
        let version = self.post(slug)?.best_version(lang)?;
        Some(lang_prefix(&self.site, &version.lang))
    }

    /// The tag whose page is `slug`.
    pub fn tag(&self, slug: &str) -> Option<&Tag> {
        self.tags.binary_search_by(|t| t.slug.as_str().cmp(slug)).ok().map(|i| &self.tags[i])
    }
}

impl PostEntry {
    pub fn version(&self, lang: &str) -> Option<&Version> {
        self.versions.iter().find(|v| v.lang == lang)
    }

    /// The version to show a reader of `lang`: theirs, else the post's main one.
    pub fn best_version(&self, lang: &str) -> Option<&Version> {
        self.version(lang).or_else(|| self.version(&self.main_lang)).or_else(|| self.versions.first())
    }
}

/// The URL slug of a tag. A function of the tag's text alone, so the pages,
/// the app and every later build agree (the index refuses two tags with one
/// slug rather than renaming either). Symbols that tell tags apart are spelled
/// out: `C++` → `c-plus-plus`, `C#` → `c-sharp`, `.NET` → `dot-net`. Tags that
/// fold to nothing (emoji, CJK) get a hashed slug; give it a tag's name from
/// the index, whose Unicode is normalized.
pub fn tag_slug(tag: &str) -> String {
    let slug = slugify(&spell_symbols(tag));
    if slug.is_empty() {
        let key = collapse_whitespace(tag).to_lowercase();
        format!("tag-{}", &content_hash(key.as_bytes())[..8])
    } else {
        slug
    }
}

/// `+` and `#` after a word, and `.` starting one, as words.
fn spell_symbols(tag: &str) -> String {
    let mut out = String::with_capacity(tag.len() + 16);
    let mut after_word = false;
    let mut chars = tag.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '+' if after_word => out.push_str(" plus "),
            '#' if after_word => out.push_str(" sharp "),
            '.' if !after_word && chars.peek().is_some_and(|next| next.is_alphanumeric()) => out.push_str(" dot "),
            _ => out.push(c),
        }
        after_word = c.is_alphanumeric() || (after_word && matches!(c, '+' | '#'));
    }
    out
}

#[cfg(not(target_arch = "wasm32"))]
/// A tag as written, with its spacing and Unicode normalized.
fn tag_spelling(tag: &str) -> String {
    collapse_whitespace(tag).nfc().collect()
}

#[cfg(not(target_arch = "wasm32"))]
/// What tags that are one tag have in common.
fn tag_identity(tag: &str) -> String {
    tag_spelling(tag).to_lowercase().nfc().collect()
}

/// What reading one file of the posts folder gives: nothing (an asset), a
/// draft, an error, or a post with what the index takes from it. A debug
/// build keeps every read but the errors between builds (see the indexer's
/// `incremental.rs`), which are read again until they are fixed.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Serialize, Deserialize)]
pub enum SourceRead {
    Asset,
    Draft(String),
    #[serde(skip)]
    Error(PostError),
    Post(Box<ReadPost>),
}

/// A post file as the index needs it: its front matter, and per language
/// what its rendered article says (title, words, first paragraph). The
/// Markdown itself is not kept, so reading every file first stays small.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Serialize, Deserialize)]
pub struct ReadPost {
    front: FrontMatter,
    file: String,
    slug: String,
    meta: FileMeta,
    hash: String,
    /// The line of each of the front matter's tags.
    tag_lines: Vec<usize>,
    articles: Vec<ArticleSummary>,
}

#[cfg(not(target_arch = "wasm32"))]
#[derive(Serialize, Deserialize)]
struct ArticleSummary {
    lang: String,
    title: String,
    subtitle: Option<String>,
    words: usize,
    first_paragraph: String,
}

/// Reads one file of the posts folder for the index. Independent of every
/// other file, so the indexer reads files in parallel.
#[cfg(not(target_arch = "wasm32"))]
pub fn read_source(config: &SiteConfig, file: &SourceFile, include_drafts: bool) -> SourceRead {
    // Posts sit at the top of the folder; files below it are assets.
    if file.name.contains('/') || post::file_name_parts(file.name).is_none() {
        return SourceRead::Asset;
    }
    let result = post::decode(file.name, file.bytes).and_then(|text| {
        let (front, post) = post::read(file.name, &text, config)?;
        let lines = front.keywords.iter().map(|tag| tag_line(&text, tag)).collect();
        Ok((front, post, lines))
    });
    let (front, post, tag_lines) = match result {
        Ok((front, ..)) if front.draft && !include_drafts => return SourceRead::Draft(file.name.to_string()),
        Ok(read) => read,
        Err(err) => return SourceRead::Error(err),
    };
    // Only the text matters here (words, the first paragraph), which links
    // do not change: no post is known yet, and none needs to be.
    let links =
        RenderContext { base: "/", post_prefix: &|_| None, image_size: &no_sizes, extras: &super::extras::NONE };
    let articles = post
        .languages()
        .filter_map(|lang| post.render(lang, &links))
        .map(|a| ArticleSummary {
            lang: a.lang,
            title: a.title,
            subtitle: a.subtitle,
            words: a.words,
            first_paragraph: a.first_paragraph,
        })
        .collect();
    let ParsedPost { file: name, slug, meta, .. } = post;
    SourceRead::Post(Box::new(ReadPost {
        front,
        file: name,
        slug,
        meta,
        hash: content_hash(file.bytes),
        tag_lines,
        articles,
    }))
}

/// Builds the index from every file of the posts folder. Broken files are
/// reported, never silently dropped; the others are still indexed. Build
/// time only: it reads the front matter.
#[cfg(not(target_arch = "wasm32"))]
pub fn build(config: &SiteConfig, files: &[SourceFile], include_drafts: bool) -> (SiteIndex, Report) {
    let reads: Vec<SourceRead> = files.iter().map(|file| read_source(config, file, include_drafts)).collect();
    assemble(config, files, &reads)
}

/// The index from the reads of the posts folder's files ([`read_source`]).
/// `files` are the files read from disk, among them every asset (image
/// sizes come from their bytes); a post's read may come from an earlier build.
#[cfg(not(target_arch = "wasm32"))]
pub fn assemble(config: &SiteConfig, files: &[SourceFile], reads: &[SourceRead]) -> (SiteIndex, Report) {
    let mut report = Report::default();
    let mut parsed: Vec<&ReadPost> = Vec::new();
    for read in reads {
        match read {
            SourceRead::Asset => {}
            SourceRead::Draft(name) => report.drafts.push(name.clone()),
            SourceRead::Error(err) => report.errors.push(err.clone()),
            SourceRead::Post(post) => parsed.push(post),
        }
    }

    let images: BTreeMap<String, (u32, u32)> = files
        .iter()
        .filter(|f| !f.name.ends_with(".md"))
        .filter_map(|f| Some((f.name.to_string(), super::image_size::dimensions(f.bytes)?)))
        .collect();
    let mut by_slug: BTreeMap<String, PostEntry> = BTreeMap::new();
    let mut tag_origins = TagOrigins::new();
    // Main files (`hello.md`) first, so their date, tags and language lead.
    parsed.sort_by_key(|p| p.file.matches('.').count());
    for &post in &parsed {
        let front = &post.front;
        if front.title.is_none() {
            report.warnings.push(format!("{}: no `title` in the front matter; using the file name", post.file));
        }
        let is_translation = post::file_name_parts(&post.file).is_some_and(|(_, lang)| lang.is_some());
        if front.date.is_none() && !is_translation {
            report.warnings.push(format!("{}: no `date` in the front matter; the post is listed last", post.file));
        }
        let entry = by_slug.entry(post.slug.clone()).or_insert_with(|| PostEntry {
            slug: post.slug.clone(),
            date: front.date,
            tags: Vec::new(),
            main_lang: post.meta.main_lang.clone(),
            versions: Vec::new(),
        });
        for (tag, line) in front.keywords.iter().zip(&post.tag_lines) {
            let identity = tag_identity(tag);
            if !entry.tags.iter().any(|t| tag_identity(t) == identity) {
                entry.tags.push(tag_spelling(tag));
                tag_origins.insert((post.slug.clone(), identity), (post.file.clone(), *line));
            }
        }
        entry.date = entry.date.or(front.date);
        let inherited = entry.versions.first().cloned().map(Inherited::from).unwrap_or_default();
        for article in &post.articles {
            let lang = article.lang.as_str();
            if entry.version(lang).is_some() {
                report.warnings.push(format!(
                    "{}: the language `{lang}` of `{}` is already in another file; keeping the first",
                    post.file, post.slug
                ));
                continue;
            }
            let description = front
                .description_meta
                .clone()
                .filter(|_| lang == post.meta.main_lang)
                .unwrap_or_else(|| summary(&article.first_paragraph));
            entry.versions.push(Version {
                lang: lang.to_string(),
                file: post.file.clone(),
                hash: post.hash.clone(),
                title: article.title.clone(),
                subtitle: article.subtitle.clone(),
                description,
                author: front.author.clone().or_else(|| inherited.author.clone()),
                author_url: front.author_url.clone().or_else(|| inherited.author_url.clone()),
                title_prefix: front.title_prefix.clone().or_else(|| inherited.title_prefix.clone()),
                toc_title: front.toc_title.clone().filter(|_| lang == post.meta.main_lang),
                image: front.image.clone().or_else(|| inherited.image.clone()),
                reading_minutes: post::reading_minutes(article.words),
                file_meta: post.meta.clone(),
                extras: None,
            });
        }
    }

    let order = |code: &str| config.languages.iter().position(|l| l.code == code).unwrap_or(usize::MAX);
    let mut posts: Vec<PostEntry> = by_slug.into_values().filter(|p| !p.versions.is_empty()).collect();
    for post in &mut posts {
        post.versions.sort_by_key(|v| order(&v.lang));
    }
    posts.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    let tags = settle_tags(&mut posts, &tag_origins, &mut report.errors);
    (SiteIndex { site: config.clone(), posts, images, tags }, report)
}

#[cfg(not(target_arch = "wasm32"))]
/// Where each post first writes each tag, by post slug and tag identity: file and line.
type TagOrigins = HashMap<(String, String), (String, usize)>;

#[cfg(not(target_arch = "wasm32"))]
/// Gives tags that are one tag one spelling on every post, and lists each
/// tag with its posts. Different tags with one slug are errors: a hashed
/// suffix would make an unreadable URL that changes when an older post gains
/// the other tag, while the writer can fix the tag in a moment.
fn settle_tags(posts: &mut [PostEntry], origins: &TagOrigins, errors: &mut Vec<PostError>) -> Vec<Tag> {
    #[derive(Default)]
    struct Found {
        /// Each spelling with how many posts use it, newest post's first.
        spellings: Vec<(String, usize)>,
        posts: Vec<usize>,
    }
    let mut found: BTreeMap<String, Found> = BTreeMap::new();
    for (i, post) in posts.iter().enumerate() {
        for tag in &post.tags {
            let entry = found.entry(tag_identity(tag)).or_default();
            entry.posts.push(i);
            match entry.spellings.iter_mut().find(|(spelling, _)| spelling == tag) {
                Some((_, count)) => *count += 1,
                None => entry.spellings.push((tag.clone(), 1)),
            }
        }
    }

    let mut names: HashMap<&str, String> = HashMap::new();
    let mut by_slug: BTreeMap<String, Vec<(&str, &Found)>> = BTreeMap::new();
    for (identity, tag) in &found {
        let mut name = &tag.spellings[0];
        for spelling in &tag.spellings[1..] {
            if spelling.1 > name.1 {
                name = spelling;
            }
        }
        names.insert(identity, name.0.clone());
        by_slug.entry(tag_slug(&name.0)).or_default().push((identity, tag));
    }

    let mut tags = Vec::with_capacity(by_slug.len());
    for (slug, mut sharing) in by_slug {
        // The tag of the oldest post keeps the page; the others are errors.
        sharing.sort_by_key(|(identity, tag)| (std::cmp::Reverse(tag.posts.last().copied()), *identity));
        let origin = |identity: &str, tag: &Found| {
            let post = tag.posts.last().map(|&i| posts[i].slug.clone()).unwrap_or_default();
            origins.get(&(post, identity.to_string())).cloned().unwrap_or_default()
        };
        let (owner, owner_tag) = sharing[0];
        let (owner_file, owner_line) = origin(owner, owner_tag);
        for &(identity, tag) in &sharing[1..] {
            let (file, line) = origin(identity, tag);
            let kind = ErrorKind::TagSharesPage(Box::new(TagClash {
                tag: names[identity].clone(),
                slug: slug.clone(),
                other_tag: names[owner].clone(),
                other_file: owner_file.clone(),
                other_line: owner_line,
            }));
            errors.push(PostError::new(&file, line, kind));
        }
        tags.push(Tag { name: names[owner].clone(), slug, posts: owner_tag.posts.clone() });
    }

    for post in posts.iter_mut() {
        for tag in &mut post.tags {
            if let Some(name) = names.get(tag_identity(tag).as_str()) {
                tag.clone_from(name);
            }
        }
    }
    tags
}

#[cfg(not(target_arch = "wasm32"))]
/// The line of the front matter that holds `tag`, for error messages: from
/// the `keywords:` or `tags:` key through its list.
fn tag_line(text: &str, tag: &str) -> usize {
    let mut key_line = None;
    for (i, line) in text.lines().enumerate().skip(1) {
        let number = i + 1;
        if line.trim_end() == "---" || line.trim_end() == "..." {
            break;
        }
        let in_list = line.starts_with([' ', '\t', '-']);
        match key_line {
            None if line.starts_with("keywords:") || line.starts_with("tags:") => key_line = Some(number),
            None => continue,
            Some(_) if !in_list => break,
            Some(_) => {}
        }
        if line.contains(tag) {
            return number;
        }
    }
    key_line.unwrap_or(1)
}

#[cfg(not(target_arch = "wasm32"))]
#[derive(Default)]
struct Inherited {
    author: Option<String>,
    author_url: Option<String>,
    title_prefix: Option<String>,
    image: Option<String>,
}

#[cfg(not(target_arch = "wasm32"))]
impl From<Version> for Inherited {
    fn from(v: Version) -> Self {
        Inherited { author: v.author, author_url: v.author_url, title_prefix: v.title_prefix, image: v.image }
    }
}

/// The URL prefix of a language: empty for the default one, `vi/` otherwise.
pub fn lang_prefix(config: &SiteConfig, lang: &str) -> String {
    if lang == config.default_language {
        String::new()
    } else {
        format!("{lang}/")
    }
}

/// A description from a first paragraph: at most about 160 characters, cut at a word.
pub fn summary(text: &str) -> String {
    const LIMIT: usize = 160;
    if text.chars().count() <= LIMIT {
        return text.to_string();
    }
    let cut: String = text.chars().take(LIMIT).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each tag's name and slug, by slug.
    fn tag_pairs(index: &SiteIndex) -> Vec<(String, String)> {
        index.tags.iter().map(|t| (t.name.clone(), t.slug.clone())).collect()
    }

    fn has_tag_slug(post: &PostEntry, slug: &str) -> bool {
        post.tags.iter().any(|t| tag_slug(t) == slug)
    }
    use crate::content::config::demo_config;

    fn build_from(files: &[(&str, &str)], drafts: bool) -> (SiteIndex, Report) {
        let sources: Vec<SourceFile> =
            files.iter().map(|(name, text)| SourceFile { name, bytes: text.as_bytes() }).collect();
        build(&demo_config(), &sources, drafts)
    }

    #[test]
    fn groups_translations_orders_newest_first_and_skips_drafts() {
        let (index, report) = build_from(
            &[
                ("old.md", "---\ntitle: Old\ndate: 2024-01-01\nauthor: Ada\nkeywords: rust, web\n---\nOld text.\n"),
                ("new.md", "---\ntitle: New\ndate: 2025-07-18\n---\n## English\nHello there.\n## Tiếng Việt\n# Mới\nXin chào.\n"),
                ("old.vi.md", "---\ntitle: Cũ\n---\nVăn bản cũ.\n"),
                ("wip.md", "---\ntitle: WIP\ndraft: true\ndate: 2026-01-01\n---\n"),
                ("cat.png", "\u{89}PNG"),
            ],
            false,
        );
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(report.drafts, ["wip.md"]);
        let slugs: Vec<_> = index.posts.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, ["new", "old"]);
        let new = index.post("new").unwrap();
        assert_eq!(
            new.versions.iter().map(|v| (v.lang.as_str(), v.title.as_str())).collect::<Vec<_>>(),
            [("en", "New"), ("vi", "Mới")]
        );
        let old = index.post("old").unwrap();
        assert_eq!(old.version("vi").unwrap().file, "old.vi.md");
        assert_eq!(old.version("vi").unwrap().description, "Văn bản cũ.");
        assert_eq!(old.version("vi").unwrap().author.as_deref(), Some("Ada"), "inherited from old.md");
        assert_eq!(old.tags, ["rust", "web"]);
        assert_eq!(old.version("en").unwrap().hash.len(), 16);
        assert_eq!(tag_pairs(&index), [("rust".to_string(), "rust".to_string()), ("web".into(), "web".into())]);
    }

    #[test]
    fn drafts_are_kept_when_asked() {
        let (index, _) = build_from(&[("wip.md", "---\ntitle: WIP\ndraft: true\n---\n")], true);
        assert_eq!(index.posts.len(), 1);
    }

    #[test]
    fn one_broken_post_does_not_drop_the_others() {
        let (index, report) = build_from(
            &[("good.md", "---\ntitle: Good\n---\nOk\n"), ("bad.md", "---\ntitle: Bad\ndate: 2025-02-30\n---\n")],
            false,
        );
        assert_eq!(index.posts.len(), 1);
        assert_eq!(report.errors.len(), 1);
        assert_eq!(
            report.errors[0].to_string(),
            "bad.md:3: `2025-02-30` is not a valid date; write it as YYYY-MM-DD, for example 2025-07-18"
        );
    }

    #[test]
    fn summaries_cut_at_words() {
        let long = "word ".repeat(60);
        let s = summary(&long);
        assert!(s.ends_with('…') && s.chars().count() <= 161);
        assert_eq!(summary("short"), "short");
    }

    #[test]
    fn emoji_tags_get_a_slug() {
        assert!(tag_slug("🎉").starts_with("tag-"));
        assert_eq!(tag_slug("Lập trình"), "lap-trinh");
    }

    fn pairs(tags: &[(&str, &str)]) -> Vec<(String, String)> {
        tags.iter().map(|(name, slug)| (name.to_string(), slug.to_string())).collect()
    }

    #[test]
    fn tags_differing_by_case_normalization_or_spacing_are_one() {
        let (index, report) = build_from(
            &[
                ("a.md", "---\ntitle: A\ndate: 2025-01-03\nkeywords: rust, Vi\u{1ec7}t\n---\nx\n"),
                (
                    "b.md",
                    "---\ntitle: B\ndate: 2025-01-02\nkeywords: [ \"Rust \", \"Vie\u{323}\u{302}t\", RUST]\n---\nx\n",
                ),
                ("c.md", "---\ntitle: C\ndate: 2025-01-01\nkeywords: Rust\n---\nx\n"),
            ],
            false,
        );
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        // The spelling most posts use, on every post.
        assert_eq!(tag_pairs(&index), pairs(&[("Rust", "rust"), ("Vi\u{1ec7}t", "viet")]));
        for post in &index.posts {
            assert_eq!(post.tags[0], "Rust", "{}", post.slug);
        }
        assert_eq!(index.post("b").unwrap().tags, ["Rust", "Vi\u{1ec7}t"]);
        assert!(index.posts.iter().all(|p| has_tag_slug(p, "rust")));
    }

    #[test]
    fn tag_spellings_tie_to_the_newest_post() {
        let (index, _) = build_from(
            &[
                ("a.md", "---\ntitle: A\ndate: 2025-01-01\nkeywords: wasm\n---\nx\n"),
                ("b.md", "---\ntitle: B\ndate: 2025-01-02\nkeywords: WASM\n---\nx\n"),
            ],
            false,
        );
        assert_eq!(tag_pairs(&index), pairs(&[("WASM", "wasm")]));
    }

    #[test]
    fn symbols_in_tags_are_spelled_out() {
        for (tag, slug) in [
            ("C", "c"),
            ("C++", "c-plus-plus"),
            ("C#", "c-sharp"),
            ("F#", "f-sharp"),
            ("Notepad++", "notepad-plus-plus"),
            (".NET", "dot-net"),
            ("NET", "net"),
            ("ASP.NET", "asp-net"),
            ("Node.js", "node-js"),
            ("nodejs", "nodejs"),
            ("#rust", "rust"),
            ("  Lập   trình ", "lap-trinh"),
            ("La\u{323}\u{302}p tri\u{300}nh", "lap-trinh"),
        ] {
            assert_eq!(tag_slug(tag), slug, "{tag}");
        }
    }

    #[test]
    fn c_and_c_plus_plus_get_their_own_pages() {
        let (index, report) = build_from(
            &[
                ("c.md", "---\ntitle: C\ndate: 2025-01-03\nkeywords: C\n---\nx\n"),
                ("cpp.md", "---\ntitle: Cpp\ndate: 2025-01-02\nkeywords: C++\n---\nx\n"),
                ("cs.md", "---\ntitle: Cs\ndate: 2025-01-01\nkeywords: C#\n---\nx\n"),
            ],
            false,
        );
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let mut tags = tag_pairs(&index);
        tags.sort();
        assert_eq!(tags, pairs(&[("C", "c"), ("C#", "c-sharp"), ("C++", "c-plus-plus")]));
        let tagged = |slug: &str| {
            index.posts.iter().filter(|p| has_tag_slug(p, slug)).map(|p| p.slug.clone()).collect::<Vec<_>>()
        };
        assert_eq!(
            (tagged("c"), tagged("c-plus-plus"), tagged("c-sharp")),
            (vec!["c".into()], vec!["cpp".into()], vec!["cs".into()])
        );
    }

    #[test]
    fn tags_that_would_share_a_page_fail_naming_both_files_and_lines() {
        let (_, report) = build_from(
            &[
                (
                    "old.md",
                    "---\ntitle: Old\ndate: 2024-01-01\nkeywords:\n  - web\n  - L\u{1ead}p tr\u{ec}nh\n---\nx\n",
                ),
                ("new.md", "---\ntitle: New\ndate: 2025-01-01\ntags: Lap trinh, web\n---\nx\n"),
                ("dotnet.md", "---\ntitle: D\ndate: 2023-01-01\nkeywords: \".NET\"\n---\nx\n"),
                ("dot-net.md", "---\ntitle: D2\ndate: 2023-01-02\nkeywords: dot net\n---\nx\n"),
            ],
            false,
        );
        let errors: Vec<String> = report.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            errors,
            [
                "dot-net.md:4: the tag `dot net` would share the page tags/dot-net/ with `.NET` (dotnet.md:4); \
                 spell them the same way if they are one tag, or rename one",
                "new.md:4: the tag `Lap trinh` would share the page tags/lap-trinh/ with `L\u{1ead}p tr\u{ec}nh` (old.md:6); \
                 spell them the same way if they are one tag, or rename one",
            ]
        );
    }

    #[test]
    fn index_round_trips_through_json() {
        let (index, _) = build_from(&[("a.md", "---\ntitle: A\ndate: 2025-01-02\n---\nx\n")], false);
        let json = serde_json::to_string(&index).unwrap();
        assert_eq!(serde_json::from_str::<SiteIndex>(&json).unwrap(), index);
    }
}
