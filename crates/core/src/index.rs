//! The post index: every published post, per language its title, subtitle,
//! description, date, author, tags, reading time and content hash. The
//! indexer builds it from the posts folder; the app reads it to list posts
//! and to know which file holds which language.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::config::SiteConfig;
use super::date::Date;
use super::error::PostError;
use super::hash::content_hash;
use super::post::FileMeta;
use super::slug::{collapse_whitespace, slugify};

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
    /// The writer's own pages (`pages/`), by path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<PostEntry>,
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
    /// A writer's page's path (`about`, `projects/folio`) when `standalone`.
    pub slug: String,
    pub date: Option<Date>,
    pub tags: Vec<String>,
    pub main_lang: String,
    /// In the site's language order.
    pub versions: Vec<Version>,
    /// A page of the writer's own (`pages/`), not a post: at its path, with
    /// no date, byline, tags or reading time, in no list or feed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub standalone: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    pub lang: String,
    /// The file, relative to the posts folder, that holds this language.
    pub file: String,
    /// Hash of the text the build renders for that file (decoded, other
    /// engines' tags converted): what the search data's id and a debug
    /// build's kept state follow.
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
    /// The pixel size of `image` when it is a file of the posts folder, so
    /// that the cover above the post holds its place before it loads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_size: Option<(u32, u32)>,
    pub reading_minutes: u32,
    /// What rendering `file` takes from its front matter, so the browser
    /// renders it without parsing YAML (`post::parse`).
    pub file_meta: FileMeta,
    /// When the version was last changed (`lastmod`, `updated`…), if its file says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<Date>,
    /// The front matter's `toc: true`/`false`, if it has one (see `shows_toc`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toc: Option<bool>,
    /// Hash of `file`'s versions as rendered (`route::body_file`), in a
    /// post's own data: what the app fetches to show it. Set by the site
    /// build when it renders the post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
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
    /// Files left out until their day: name, day.
    pub scheduled: Vec<(String, Date)>,
    /// Posts whose front matter keeps them from being pages (`headless`,
    /// `expiryDate`…): file, why.
    pub not_published: Vec<(String, String)>,
    /// Sections' own pages (Hugo's and Zola's `_index.md`), which are not posts.
    pub sections: Vec<String>,
    /// Each post's old URLs, as its front matter lists them.
    pub aliases: Vec<Alias>,
    /// Front matter keys folio does not use: how many posts have each, and the first that does.
    pub unused_keys: BTreeMap<String, (usize, String)>,
    /// Options of other engines' tags that folio drops (`linenos`): how many
    /// blocks have each, and the first file that does.
    pub dropped: BTreeMap<String, (usize, String)>,
    /// Posts whose front matter gives a slug other than their file's: the
    /// file's (what relative links name) and the post's.
    pub renamed: BTreeMap<String, String>,
}

impl Report {
    /// Adds what another read found (the writer's pages are read a folder at a time).
    pub fn absorb(&mut self, other: Report) {
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
        self.drafts.extend(other.drafts);
        self.scheduled.extend(other.scheduled);
        self.not_published.extend(other.not_published);
        self.sections.extend(other.sections);
        self.aliases.extend(other.aliases);
        for (key, (count, first)) in other.unused_keys {
            let entry = self.unused_keys.entry(key).or_insert((0, first));
            entry.0 += count;
        }
        for (key, (count, first)) in other.dropped {
            let entry = self.dropped.entry(key).or_insert((0, first));
            entry.0 += count;
        }
        self.renamed.extend(other.renamed);
    }
}

/// An old URL of a post (`aliases`, `redirect_from`), which must keep working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub url: String,
    /// The file and line that list it.
    pub file: String,
    pub line: usize,
    /// The version it leads to.
    pub slug: String,
    pub lang: String,
    /// Made from `old_permalinks`, not written in the post: skipped where
    /// it is the post's own URL.
    pub generated: bool,
    /// Of a writer's page (`slug` is its path), not of a post.
    pub standalone: bool,
}

impl SiteIndex {
    pub fn image_size(&self, path: &str) -> Option<(u32, u32)> {
        self.images.get(path).copied()
    }

    pub fn post(&self, slug: &str) -> Option<&PostEntry> {
        self.posts.iter().find(|p| p.slug == slug)
    }

    /// The writer's page at `path`.
    pub fn page(&self, path: &str) -> Option<&PostEntry> {
        self.pages.iter().find(|p| p.slug == path)
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
    /// Whether `version` shows its table of contents: a post unless its front
    /// matter says `toc: false`, a writer's page only if it says `toc: true`.
    pub fn shows_toc(&self, version: &Version) -> bool {
        version.toc.unwrap_or(!self.standalone)
    }

    /// The page that shows this entry: a post's, or a writer's page at its path.
    pub fn page(&self) -> crate::route::Page {
        match self.standalone {
            true => crate::route::Page::Standalone(self.slug.clone()),
            false => crate::route::Page::Post(self.slug.clone()),
        }
    }

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
/// The URL prefix of a language: empty for the default one, `vi/` otherwise.
/// The URL prefix of `lang`'s pages: none for the default language, else
/// its code in lower case (`zh-hant/`), as URLs are written.
pub fn lang_prefix(config: &SiteConfig, lang: &str) -> String {
    if lang == config.default_language {
        String::new()
    } else {
        format!("{}/", lang.to_lowercase())
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
    use crate::build_time::index::build;

    /// Each tag's name and slug, by slug.
    fn tag_pairs(index: &SiteIndex) -> Vec<(String, String)> {
        index.tags.iter().map(|t| (t.name.clone(), t.slug.clone())).collect()
    }

    fn has_tag_slug(post: &PostEntry, slug: &str) -> bool {
        post.tags.iter().any(|t| tag_slug(t) == slug)
    }
    use crate::config::demo_config;

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
