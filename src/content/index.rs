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
use super::slug::slugify;
#[cfg(not(target_arch = "wasm32"))]
use super::{
    front_matter::FrontMatter,
    markdown::{no_sizes, LinkContext},
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

    /// Tags in use, each with its URL slug, in first-seen order.
    pub fn tags(&self) -> Vec<(String, String)> {
        let mut tags: Vec<(String, String)> = Vec::new();
        for tag in self.posts.iter().flat_map(|p| &p.tags) {
            if !tags.iter().any(|(t, _)| t == tag) {
                tags.push((tag.clone(), tag_slug(tag)));
            }
        }
        tags
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

    pub fn has_tag_slug(&self, slug: &str) -> bool {
        self.tags.iter().any(|t| tag_slug(t) == slug)
    }
}

/// The URL slug of a tag; tags that fold to nothing (emoji) get a hashed one.
pub fn tag_slug(tag: &str) -> String {
    let slug = slugify(tag);
    if slug.is_empty() {
        format!("tag-{}", &content_hash(tag.as_bytes())[..8])
    } else {
        slug
    }
}

/// Builds the index from every file of the posts folder. Broken files are
/// reported, never silently dropped; the others are still indexed. Build
/// time only: it reads the front matter.
#[cfg(not(target_arch = "wasm32"))]
pub fn build(config: &SiteConfig, files: &[SourceFile], include_drafts: bool) -> (SiteIndex, Report) {
    let mut report = Report::default();
    let mut parsed: Vec<(FrontMatter, ParsedPost, String)> = Vec::new();
    for file in files {
        // Posts sit at the top of the folder; files below it are assets.
        if file.name.contains('/') || post::file_name_parts(file.name).is_none() {
            continue;
        }
        let result = post::decode(file.name, file.bytes).and_then(|text| post::read(file.name, &text, config));
        match result {
            Ok((front, _)) if front.draft && !include_drafts => report.drafts.push(file.name.to_string()),
            Ok((front, post)) => parsed.push((front, post, content_hash(file.bytes))),
            Err(err) => report.errors.push(err),
        }
    }

    let images: BTreeMap<String, (u32, u32)> = files
        .iter()
        .filter(|f| !f.name.ends_with(".md"))
        .filter_map(|f| Some((f.name.to_string(), super::image_size::dimensions(f.bytes)?)))
        .collect();
    let slugs: Vec<String> = parsed.iter().map(|(_, p, _)| p.slug.clone()).collect();
    let is_post = |slug: &str| slugs.iter().any(|s| s == slug);
    let mut by_slug: BTreeMap<String, PostEntry> = BTreeMap::new();
    // Main files (`hello.md`) first, so their date, tags and language lead.
    parsed.sort_by_key(|(_, p, _)| p.file.matches('.').count());
    for (front, post, hash) in &parsed {
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
        for tag in &front.keywords {
            if !entry.tags.contains(tag) {
                entry.tags.push(tag.clone());
            }
        }
        entry.date = entry.date.or(front.date);
        // A translation file inherits what it does not set from the main file.
        let inherited = entry.versions.first().cloned().map(Inherited::from).unwrap_or_default();
        for lang in post.languages() {
            if entry.version(lang).is_some() {
                report.warnings.push(format!(
                    "{}: the language `{lang}` of `{}` is already in another file; keeping the first",
                    post.file, post.slug
                ));
                continue;
            }
            let prefix = lang_prefix(config, lang);
            let links = LinkContext { base: "/", lang_prefix: &prefix, is_post: &is_post, image_size: &no_sizes };
            let Some(article) = post.render(lang, &links) else {
                continue;
            };
            let description = front
                .description_meta
                .clone()
                .filter(|_| lang == post.meta.main_lang)
                .unwrap_or_else(|| summary(&article.first_paragraph));
            entry.versions.push(Version {
                lang: lang.to_string(),
                file: post.file.clone(),
                hash: hash.clone(),
                title: article.title,
                subtitle: article.subtitle,
                description,
                author: front.author.clone().or_else(|| inherited.author.clone()),
                author_url: front.author_url.clone().or_else(|| inherited.author_url.clone()),
                title_prefix: front.title_prefix.clone().or_else(|| inherited.title_prefix.clone()),
                toc_title: front.toc_title.clone().filter(|_| lang == post.meta.main_lang),
                image: front.image.clone().or_else(|| inherited.image.clone()),
                reading_minutes: post::reading_minutes(article.words),
                file_meta: post.meta.clone(),
            });
        }
    }

    let order = |code: &str| config.languages.iter().position(|l| l.code == code).unwrap_or(usize::MAX);
    let mut posts: Vec<PostEntry> = by_slug.into_values().filter(|p| !p.versions.is_empty()).collect();
    for post in &mut posts {
        post.versions.sort_by_key(|v| order(&v.lang));
    }
    posts.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    (SiteIndex { site: config.clone(), posts, images }, report)
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
        assert_eq!(index.tags(), [("rust".to_string(), "rust".to_string()), ("web".into(), "web".into())]);
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

    #[test]
    fn index_round_trips_through_json() {
        let (index, _) = build_from(&[("a.md", "---\ntitle: A\ndate: 2025-01-02\n---\nx\n")], false);
        let json = serde_json::to_string(&index).unwrap();
        assert_eq!(serde_json::from_str::<SiteIndex>(&json).unwrap(), index);
    }
}
