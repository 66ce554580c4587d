//! The site's index, as the build assembles it from every file of the posts
//! folder: each file read on its own (`read_source`, in parallel, kept between
//! debug builds), then put together (`assemble`): translations grouped,
//! tags settled, posts ordered.
//!
//! Reading a file does not render it: the index is first assembled from the
//! front matter and the language sections, which is all that rendering a
//! post needs of the others (which posts exist, in which languages). The
//! build then renders each post once, and what that tells (`ArticleText`:
//! words, first paragraph) completes the index for the lists and feeds
//! (`SourceRead::learn`, then `assemble` again).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::BodyNotes;
use crate::config::SiteConfig;
use crate::date::Date;
use crate::error::{ErrorKind, PostError, TagClash};
use crate::front_matter::FrontMatter;
use crate::hash::content_hash;
use crate::index::{summary, tag_slug, Alias, PostEntry, Report, SiteIndex, SourceFile, Tag, Version};
use crate::markdown::RenderContext;
use crate::post::{self, FileMeta, ParsedPost};
use crate::slug::collapse_whitespace;
use crate::source_name::{self, SourceName};

/// A tag as written, with its spacing and Unicode normalized.
fn tag_spelling(tag: &str) -> String {
    collapse_whitespace(tag).nfc().collect()
}

/// What tags that are one tag have in common.
fn tag_identity(tag: &str) -> String {
    tag_spelling(tag).to_lowercase().nfc().collect()
}

/// What reading one file of the posts folder gives: nothing (an asset), a
/// draft, an error, or a post with what the index takes from it. A debug
/// build keeps every read but the errors between builds (see the indexer's
/// `incremental.rs`), which are read again until they are fixed.
#[derive(Clone, Serialize, Deserialize)]
pub enum SourceRead {
    Asset,
    /// A post whose day has not come: left out of a release build until it has.
    Scheduled(String, Date),
    /// A section's own page (`_index.md`): not a post, counted.
    Section(String),
    Draft(String),
    /// A post its front matter keeps from being a page (`headless`,
    /// `render = false`) or took down (`expiryDate`): file, why.
    NotPublished(String, String),
    #[serde(skip)]
    Error(PostError),
    Post(Box<ReadPost>),
}

/// A post file as the index needs it: its front matter, and per language
/// its title and, once the build has rendered it, what the article says
/// (words, first paragraph). The Markdown itself is not kept, so reading
/// every file first stays small.
#[derive(Clone, Serialize, Deserialize)]
pub struct ReadPost {
    front: FrontMatter,
    file: String,
    slug: String,
    meta: FileMeta,
    hash: String,
    /// The line of each of the front matter's tags.
    tag_lines: Vec<usize>,
    articles: Vec<ArticleSummary>,
    /// What converting other engines' tags left.
    notes: BodyNotes,
}

#[derive(Clone, Serialize, Deserialize)]
struct ArticleSummary {
    lang: String,
    title: String,
    subtitle: Option<String>,
    /// Unknown until the build renders the article.
    text: Option<ArticleText>,
}

/// What rendering an article tells the index: its length, and the first
/// paragraph that describes it where the front matter does not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleText {
    pub words: usize,
    #[serde(default)]
    pub letters: usize,
    pub first_paragraph: String,
}

/// Completes a version with what rendering its article told: its reading
/// time, and its first paragraph as its description if the front matter
/// gave none. Until then a version has no reading time (0, which no written
/// page shows: every post is rendered before the lists are).
pub fn learn(version: &mut Version, text: &ArticleText) {
    version.reading_minutes = post::reading_minutes(text.words, text.letters, &version.lang);
    if version.description.is_empty() {
        version.description = summary(&text.first_paragraph);
    }
}

impl SourceRead {
    /// The post's file name, if this read is a post.
    pub fn post_file(&self) -> Option<&str> {
        match self {
            SourceRead::Post(post) => Some(&post.file),
            _ => None,
        }
    }

    /// Keeps what rendering the post's version in `lang` told.
    pub fn learn(&mut self, lang: &str, text: ArticleText) {
        if let SourceRead::Post(post) = self {
            if let Some(article) = post.articles.iter_mut().find(|a| a.lang == lang) {
                article.text = Some(text);
            }
        }
    }
}

/// Reads one file of the posts folder for the index. Independent of every
/// other file, so the indexer reads files in parallel.
/// What a build publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publish {
    /// A preview: drafts and posts scheduled for later too.
    Everything,
    /// A release: no drafts, and no post before its day (its `publishDate`,
    /// else its `date`) has come; `today` from `SOURCE_DATE_EPOCH` or the clock.
    Release { today: Date },
}

pub fn read_source(config: &SiteConfig, file: &SourceFile, publish: Publish) -> SourceRead {
    match source_name::read(file.name, config) {
        SourceName::Asset => return SourceRead::Asset,
        SourceName::Section => return SourceRead::Section(file.name.to_string()),
        SourceName::Post(_) => {}
    }
    let result = super::post_text(file.name, file.bytes).and_then(|(text, notes)| {
        let (front, post) = super::read_post(file.name, &text, config)?;
        let lines = front.keywords.iter().map(|tag| tag_line(&text, tag)).collect();
        // Named by the text rendered, which a newer folio may convert
        // differently from the same bytes.
        Ok((front, post, lines, notes, content_hash(text.as_bytes())))
    });
    let (front, post, tag_lines, notes, hash) = match result {
        Ok((front, ..)) if front.draft && publish != Publish::Everything => {
            return SourceRead::Draft(file.name.to_string())
        }
        Ok(read) => read,
        Err(err) => return SourceRead::Error(err),
    };
    if let Some(why) = not_published(&front, publish) {
        return SourceRead::NotPublished(file.name.to_string(), why);
    }
    if let Some(day) = scheduled_after(&front, publish) {
        return SourceRead::Scheduled(file.name.to_string(), day);
    }
    let articles = post
        .languages()
        .filter_map(|lang| {
            let (title, subtitle) = post.titles(lang)?;
            Some(ArticleSummary { lang: lang.to_string(), title, subtitle, text: None })
        })
        .collect();
    let ParsedPost { file: name, slug, meta, .. } = post;
    SourceRead::Post(Box::new(ReadPost { front, file: name, slug, meta, hash, tag_lines, articles, notes }))
}

/// Why the post is no page in this build, if its front matter says so:
/// the old engine's "not a page" in every build, an expiry that has come in
/// a release build.
fn not_published(front: &FrontMatter, publish: Publish) -> Option<String> {
    if let Some(key) = &front.not_rendered {
        return Some(format!("`{key}`"));
    }
    let Publish::Release { today } = publish else { return None };
    front.expires.filter(|day| *day <= today).map(|day| format!("expired {}", day.iso()))
}

/// The day a post waits for, if a release build must leave it out `today`.
fn scheduled_after(front: &FrontMatter, publish: Publish) -> Option<Date> {
    let Publish::Release { today } = publish else { return None };
    front.publish_date.or(front.date).filter(|day| *day > today)
}

/// Builds the whole index from every file of the posts folder, for tools
/// and tests that want the index alone: each post is rendered apart for
/// what the site build learns as it writes the post's pages. Broken files
/// are reported, never silently dropped; the others are still indexed.
pub fn build(config: &SiteConfig, files: &[SourceFile], include_drafts: bool) -> (SiteIndex, Report) {
    // Tests and tools see every post, whatever its day.
    let publish = if include_drafts { Publish::Everything } else { Publish::Release { today: Date::MAX } };
    let mut reads: Vec<SourceRead> = files.iter().map(|file| read_source(config, file, publish)).collect();
    for (file, read) in files.iter().zip(&mut reads) {
        learn_by_rendering(config, file, read);
    }
    assemble(config, files, &reads)
}

/// Renders each version of a post read from `file`, without links (which
/// change neither its words nor its first paragraph), to learn its text.
fn learn_by_rendering(config: &SiteConfig, file: &SourceFile, read: &mut SourceRead) {
    let SourceRead::Post(post) = read else { return };
    let Ok((text, _)) = super::post_text(file.name, file.bytes) else { return };
    let Ok(parsed) = post::parse(file.name, &text, &post.meta, config) else { return };
    let links = RenderContext::unlinked("/", &crate::extras::NONE);
    for article in &mut post.articles {
        if let Some(rendered) = parsed.render(&article.lang, &links) {
            article.text = Some(ArticleText {
                words: rendered.words,
                letters: rendered.letters,
                first_paragraph: rendered.first_paragraph,
            });
        }
    }
}

const NO_DATE: &str = "no `date` in the front matter; the post is listed last";

/// The writer's pages, from the reads of the `pages/` folder's files: read
/// as posts are (translations, language sections, drafts, old URLs), each
/// at its path (`projects/folio.md` and `projects/folio/index.md` are
/// `projects/folio`), without date, byline or tags, in the order of their
/// paths. What a page has that pages do not show is named in a warning.
pub fn assemble_pages(config: &SiteConfig, reads: &[SourceRead]) -> (Vec<PostEntry>, Report) {
    // A page's path is its folders and its slug: pages in different folders
    // are different pages whatever their names, so each folder is assembled
    // on its own; two files on one path in one language are an error.
    let mut report = Report::default();
    let mut by_folder: BTreeMap<&str, Vec<SourceRead>> = BTreeMap::new();
    let mut on_path: HashMap<(String, String), &str> = HashMap::new();
    for read in reads {
        let SourceRead::Post(post) = read else {
            by_folder.entry("").or_default().push(read.clone());
            continue;
        };
        let folder = source_name::sections(&post.file, config);
        let path = page_path(folder, &post.slug);
        let mut taken = None;
        for article in &post.articles {
            // Case apart, as a disk that ignores it would merge them.
            let key = (path.to_lowercase(), article.lang.clone());
            if let Some(other) = on_path.insert(key, &post.file) {
                taken = Some(other);
            }
        }
        match taken {
            Some(other) => report.errors.push(PostError::new(
                &post.file,
                1,
                ErrorKind::PathTaken { path: format!("{path}/"), other: other.to_string() },
            )),
            None => by_folder.entry(folder).or_default().push(read.clone()),
        }
    }
    let mut pages = Vec::new();
    for (folder, reads) in by_folder {
        let (index, mut found) = assemble(config, &[], &reads);
        found.warnings.retain(|w| !w.ends_with(NO_DATE));
        let mut paths: HashMap<String, String> = HashMap::new();
        for mut page in index.posts {
            let Some(main) = page.version(&page.main_lang).or_else(|| page.versions.first()) else { continue };
            let mut unshown = Vec::new();
            if page.date.is_some() {
                unshown.push("`date`");
            }
            if !page.tags.is_empty() {
                unshown.push("`tags`");
            }
            if page.versions.iter().any(|v| v.author.is_some() && v.author != config.author) {
                unshown.push("`author`");
            }
            if !unshown.is_empty() {
                found.warnings.push(format!(
                    "{}: a page shows no date, byline or tags: its {} is not used; remove it, or make it a post",
                    main.file,
                    unshown.join(", ")
                ));
            }
            let path = page_path(folder, &page.slug);
            paths.insert(page.slug.clone(), path.clone());
            page.slug = path;
            page.standalone = true;
            page.date = None;
            page.tags.clear();
            for version in &mut page.versions {
                (version.author, version.author_url) = (None, None);
            }
            pages.push(page);
        }
        for alias in &mut found.aliases {
            if let Some(path) = paths.get(&alias.slug) {
                alias.slug = path.clone();
                alias.standalone = true;
            }
        }
        report.absorb(found);
    }
    pages.sort_by(|a, b| a.slug.cmp(&b.slug));
    (pages, report)
}

/// A page's path: its folders (`source_name::sections`) and its slug.
fn page_path(folder: &str, slug: &str) -> String {
    match folder {
        "" => slug.to_string(),
        folder => format!("{folder}/{slug}"),
    }
}

/// The index from the reads of the posts folder's files ([`read_source`]).
/// `files` are the files read from disk, among them every asset (image
/// sizes come from their bytes); a post's read may come from an earlier build.
pub fn assemble(config: &SiteConfig, files: &[SourceFile], reads: &[SourceRead]) -> (SiteIndex, Report) {
    let mut report = Report::default();
    let mut parsed: Vec<&ReadPost> = Vec::new();
    for read in reads {
        match read {
            SourceRead::Asset => {}
            SourceRead::Section(name) => report.sections.push(name.clone()),
            SourceRead::Draft(name) => report.drafts.push(name.clone()),
            SourceRead::NotPublished(name, why) => report.not_published.push((name.clone(), why.clone())),
            SourceRead::Scheduled(name, day) => report.scheduled.push((name.clone(), *day)),
            SourceRead::Error(err) => report.errors.push(err.clone()),
            SourceRead::Post(post) => parsed.push(post),
        }
    }

    // `intro.cs.md` beside `intro.md` is a translation into a language the
    // site does not have, not a post named `intro.cs`.
    let names: Vec<&str> = parsed.iter().map(|p| p.file.as_str()).collect();
    parsed.retain(|post| {
        let SourceName::Post(name) = source_name::read(&post.file, config) else { return true };
        let Some(suffix) = name.foreign_suffix else { return true };
        let Some(main) = source_name::translation_of(&post.file, suffix, &names) else { return true };
        let kind = ErrorKind::UntranslatableSuffix { code: suffix.into(), main: main.into(), known: config.codes() };
        report.errors.push(PostError::new(&post.file, 1, kind));
        false
    });

    // A translation without a date of its own waits with its main file
    // when that is a draft (None) or scheduled (its day).
    let mut held: HashMap<&str, Option<crate::date::Date>> = HashMap::new();
    for read in reads {
        let (name, day) = match read {
            SourceRead::Draft(name) | SourceRead::NotPublished(name, _) => (name, None),
            SourceRead::Scheduled(name, day) => (name, Some(*day)),
            _ => continue,
        };
        if let SourceName::Post(main) = source_name::read(name, config) {
            if main.lang.is_none() {
                held.insert(main.slug, day);
            }
        }
    }
    parsed.retain(|post| {
        let name = post::name_parts(&post.file, config);
        match held.get(name.slug) {
            Some(day) if name.lang.is_some() && post.front.date.is_none() => {
                match day {
                    Some(day) => report.scheduled.push((post.file.clone(), *day)),
                    None => report.drafts.push(post.file.clone()),
                }
                false
            }
            _ => true,
        }
    });

    let images: BTreeMap<String, (u32, u32)> = files
        .iter()
        .filter(|f| !f.name.ends_with(".md"))
        .filter_map(|f| Some((f.name.to_string(), crate::image_size::dimensions(f.bytes)?)))
        .collect();
    // A slug the front matter gives (`slug`, `url`) replaces the file's.
    // A translation goes with its main file (the one without a language in
    // its name), whatever slug its own front matter gives.
    let mut main_slugs: HashMap<&str, &str> = HashMap::new();
    for post in &parsed {
        let name = post::name_parts(&post.file, config);
        if name.lang.is_none() {
            main_slugs.entry(name.slug).or_insert(post.slug.as_str());
            if post.slug != name.slug {
                report.renamed.entry(name.slug.to_string()).or_insert_with(|| post.slug.clone());
            }
        }
    }
    // The files whose front matter gives their slug, with its line.
    let given_slug: HashMap<&str, usize> = parsed
        .iter()
        .filter_map(|p| Some((p.file.as_str(), p.front.slug.as_ref().or(p.front.own_url.as_ref())?.1)))
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
        let name = post::name_parts(&post.file, config);
        let is_translation = name.lang.is_some();
        let slug = match main_slugs.get(name.slug) {
            Some(main) if is_translation => main.to_string(),
            _ => post.slug.clone(),
        };
        let mut file_meta = post.meta.clone();
        file_meta.slug = (slug != name.slug).then(|| slug.clone());
        if front.date.is_none() && !is_translation {
            report.warnings.push(format!("{}: {NO_DATE}", post.file));
        }
        let entry = by_slug.entry(slug.clone()).or_insert_with(|| PostEntry {
            slug: slug.clone(),
            date: front.date,
            tags: Vec::new(),
            main_lang: post.meta.main_lang.clone(),
            versions: Vec::new(),
            standalone: false,
        });
        // A file whose every language another file of this slug already
        // has adds nothing: not its tags, and not its old URLs, which
        // would lead to the other post.
        if !post.articles.is_empty() && post.articles.iter().all(|a| entry.version(&a.lang).is_some()) {
            // A slug the writer gave (to either file) is meant: its clash is an error.
            for article in &post.articles {
                let other = entry.version(&article.lang).map_or(String::new(), |v| v.file.clone());
                let error = match (given_slug.get(post.file.as_str()), given_slug.get(other.as_str())) {
                    (Some(line), _) => {
                        Some(PostError::new(&post.file, *line, ErrorKind::SlugTaken { slug: slug.clone(), other }))
                    }
                    (None, Some(line)) => {
                        let kind = ErrorKind::SlugTaken { slug: slug.clone(), other: post.file.clone() };
                        Some(PostError::new(&other, *line, kind))
                    }
                    (None, None) => None,
                };
                match error {
                    Some(error) => report.errors.push(error),
                    None => report.warnings.push(already_there(&post.file, entry, &article.lang)),
                }
            }
            continue;
        }
        for (tag, line) in front.keywords.iter().zip(&post.tag_lines) {
            let identity = tag_identity(tag);
            if !entry.tags.iter().any(|t| tag_identity(t) == identity) {
                entry.tags.push(tag_spelling(tag));
                tag_origins.insert((slug.clone(), identity), (post.file.clone(), *line));
            }
        }
        entry.date = entry.date.or(front.date);
        for (line, tag) in &post.notes.left {
            report.warnings.push(format!(
                "{}:{line}: `{tag}` is a tag of another engine that folio does not run; it is shown as text",
                post.file
            ));
        }
        for (_, option) in &post.notes.dropped {
            let (blocks, _) = report.dropped.entry(option.clone()).or_insert((0, post.file.clone()));
            *blocks += 1;
        }
        for key in &front.unused {
            let (posts, _) = report.unused_keys.entry(key.clone()).or_insert((0, post.file.clone()));
            *posts += 1;
        }
        // A relative alias is from the post's folder in its old site, as
        // Hugo reads it: `old-name` beside `posts/new-name/` is `posts/old-name/`.
        let folder_url = {
            let language = match is_translation && post.meta.main_lang != config.default_language {
                true => format!("{}/", post.meta.main_lang),
                false => String::new(),
            };
            let sections = source_name::sections(&post.file, config);
            format!("/{language}{sections}{}", if sections.is_empty() { "" } else { "/" })
        };
        // `..` climbs from the folder, as in a path.
        let from_folder = |url: &str| match url.starts_with('/') || url.contains("://") {
            true => url.to_string(),
            false => {
                let path = crate::markdown::joined(&folder_url, url);
                if url.ends_with('/') {
                    format!("/{path}/")
                } else {
                    format!("/{path}")
                }
            }
        };
        report.aliases.extend(front.aliases.iter().map(|(url, line)| Alias {
            url: from_folder(url),
            file: post.file.clone(),
            line: *line,
            slug: slug.clone(),
            lang: post.meta.main_lang.clone(),
            generated: false,
            standalone: false,
        }));
        // A translation's own slug (Hugo gives each language its own) was its URL there.
        if let Some(own) = post.meta.slug.as_ref().filter(|own| **own != slug) {
            let prefix = crate::index::lang_prefix(config, &post.meta.main_lang);
            report.aliases.push(Alias {
                url: format!("/{prefix}{}/{own}/", crate::route::POSTS),
                file: post.file.clone(),
                line: front.slug.as_ref().map_or(1, |(_, line)| *line),
                slug: slug.clone(),
                lang: post.meta.main_lang.clone(),
                generated: true,
                standalone: false,
            });
        }
        // The post's own URL in its old engine (`url`, `permalink`).
        if let Some((url, line)) = &front.own_url {
            let date = front.date.or(entry.date);
            let sections = source_name::sections(&post.file, config);
            let old = match url.contains("/:") {
                true => crate::route::old_permalink(url.trim(), date, &slug, &front.categories, sections),
                false => Some(url.trim().to_string()),
            };
            report.aliases.extend(old.map(|url| Alias {
                url,
                file: post.file.clone(),
                line: *line,
                slug: slug.clone(),
                lang: post.meta.main_lang.clone(),
                generated: true,
                standalone: false,
            }));
        }
        // Every post's old URL by the site's old permalinks. A translation's
        // is under its language (Hugo's `/vi/…`), with the slug it had there.
        let date = front.date.or(entry.date);
        let sections = source_name::sections(&post.file, config);
        let (own_slug, language) = match is_translation {
            true if post.meta.main_lang != config.default_language => (&post.slug, format!("/{}", post.meta.main_lang)),
            true => (&post.slug, String::new()),
            false => (&slug, String::new()),
        };
        for pattern in &config.old_permalinks {
            let Some(url) = crate::route::old_permalink(pattern, date, own_slug, &front.categories, sections) else {
                continue;
            };
            let url = format!("{language}{url}");
            // Hugo lowercases its URLs; Jekyll keeps the case: both answer.
            let lowercase = url.to_lowercase();
            let variants = if lowercase != url { vec![url, lowercase] } else { vec![url] };
            report.aliases.extend(variants.into_iter().map(|url| Alias {
                url,
                file: post.file.clone(),
                line: 1,
                slug: slug.clone(),
                lang: post.meta.main_lang.clone(),
                generated: true,
                standalone: false,
            }));
        }
        let inherited = entry.versions.first().cloned().map(Inherited::from).unwrap_or_default();
        let (image, image_size) = match &front.image {
            Some(own) => (Some(own.clone()), cover_size(&images, &post.file, own)),
            None => (
                inherited.image.clone().map(|image| from_folder_of(&inherited.file, &post.file, image)),
                inherited.image_size,
            ),
        };
        for article in &post.articles {
            let lang = article.lang.as_str();
            if entry.version(lang).is_some() {
                report.warnings.push(already_there(&post.file, entry, lang));
                continue;
            }
            // The front matter's description is the main language's; the
            // others (and posts without one) are described by their first paragraph.
            let description = front
                .description_meta
                .clone()
                .filter(|d| lang == post.meta.main_lang && !d.trim().is_empty())
                .unwrap_or_default();
            entry.versions.push(Version {
                lang: lang.to_string(),
                file: post.file.clone(),
                hash: post.hash.clone(),
                title: article.title.clone(),
                subtitle: article.subtitle.clone(),
                description,
                author: front.author.clone().or_else(|| inherited.author.clone()).or_else(|| config.author.clone()),
                // The site's author's link goes with the site's author only.
                author_url: front.author_url.clone().or_else(|| inherited.author_url.clone()).or_else(|| {
                    (front.author.is_none() && inherited.author.is_none()).then(|| config.author_url.clone()).flatten()
                }),
                title_prefix: front.title_prefix.clone().or_else(|| inherited.title_prefix.clone()),
                toc_title: front.toc_title.clone().filter(|_| lang == post.meta.main_lang),
                image: image.clone(),
                image_size,
                reading_minutes: 0,
                updated: front.updated.filter(|updated| front.date.or(entry.date).is_none_or(|date| *updated > date)),
                file_meta: file_meta.clone(),
                toc: front.toc,
                body: None,
            });
            if let (Some(text), Some(version)) = (&article.text, entry.versions.last_mut()) {
                learn(version, text);
            }
        }
    }

    let order = |code: &str| config.languages.iter().position(|l| l.code == code).unwrap_or(usize::MAX);
    let mut posts: Vec<PostEntry> = by_slug.into_values().filter(|p| !p.versions.is_empty()).collect();
    for post in &mut posts {
        post.versions.sort_by_key(|v| order(&v.lang));
    }
    posts.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
    let tags = settle_tags(&mut posts, &tag_origins, &mut report.errors);
    (SiteIndex { site: config.clone(), posts, images, tags, pages: Vec::new() }, report)
}

/// The warning for `file`, left out as `entry` already has its `lang`.
fn already_there(file: &str, entry: &PostEntry, lang: &str) -> String {
    let other = entry.version(lang).map_or("", |v| v.file.as_str());
    format!(
        "{file}: the post `{}` already has its `{lang}` version in {other}, so this file is left out; \
         give one of them its own `slug` in its front matter to publish both",
        entry.slug
    )
}

/// The size of the image `url` that `file`'s front matter names, if it is
/// one of the posts folder's (a path from the file's folder).
fn cover_size(images: &BTreeMap<String, (u32, u32)>, file: &str, url: &str) -> Option<(u32, u32)> {
    let url = url.trim();
    let elsewhere = url.starts_with('/') || crate::sanitize::scheme(url).is_some();
    let path = url.split(['?', '#']).next().unwrap_or(url);
    (!elsewhere).then(|| images.get(&crate::markdown::joined(source_name::folder(file), path)).copied())?
}

/// Where each post first writes each tag, by post slug and tag identity: file and line.
type TagOrigins = HashMap<(String, String), (String, usize)>;

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

#[derive(Default)]
struct Inherited {
    author: Option<String>,
    author_url: Option<String>,
    title_prefix: Option<String>,
    image: Option<String>,
    image_size: Option<(u32, u32)>,
    /// The file the image's path is from.
    file: String,
}

impl From<Version> for Inherited {
    fn from(v: Version) -> Self {
        let Version { author, author_url, title_prefix, image, image_size, file, .. } = v;
        Inherited { author, author_url, title_prefix, image, image_size, file }
    }
}

/// An image path from `from`'s front matter, as `to` reaches it: a relative
/// path from another folder becomes a path from the site's root into the
/// posts folder (`/posts/en/trip/sky.png`), where the images are served.
fn from_folder_of(from: &str, to: &str, image: String) -> String {
    let relative = !image.starts_with('/') && crate::sanitize::scheme(&image).is_none();
    match relative && source_name::folder(from) != source_name::folder(to) {
        true => format!("/{}", crate::route::post_asset(&crate::markdown::joined(source_name::folder(from), &image))),
        false => image,
    }
}
