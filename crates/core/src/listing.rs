//! What one page needs, cut from the post index: a page of a list (home or
//! tag), the archive, or a post with what its links and images need. The
//! indexer writes each page's data into the page (a JSON data block) and
//! beside it (`data.json`, for the app's navigation), so what a reader
//! downloads for a page does not grow with the archive.

use serde::{Deserialize, Serialize};

use super::config::SiteConfig;
use super::date::Date;
use super::index::{PostEntry, SiteIndex, Tag};
use super::route::{self, ArchivePart, Page};

/// The file beside each page's `index.html` that holds its [`PageData`].
pub use super::route::DATA_FILE;

/// Where the data of `page` in `lang` is: beside the page, except a post's
/// or a writer's page's, which is one file for all its languages, beside its
/// page in the default language (`{base}posts/{slug}/data.json`).
pub fn data_href(base: &str, config: &SiteConfig, lang: &str, page: &Page) -> String {
    let dir = match page {
        Page::Post(_) | Page::Standalone(_) => route::href(base, config, &config.default_language, page),
        _ => route::href(base, config, lang, page),
    };
    format!("{dir}{DATA_FILE}")
}

/// Above this many posts the archive is an overview of the years, with a page
/// per year: one page of 2,000 titles is about 40 KB gzip.
pub const ARCHIVE_SPLIT_AT: usize = 2_000;

/// Externally tagged (`{"post": {…}}`): serde reads that without buffering,
/// in less wasm than an internally tagged enum takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageData {
    /// A post, or a writer's page (its entry is `standalone`, its slug its path).
    Post(PostData),
    List(ListPage),
    Archive(Archive),
    /// Every tag, with its number of posts, most first.
    Tags(Vec<TagCount>),
    NotFound,
}

/// A tag on the page of every tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagCount {
    pub name: String,
    pub slug: String,
    pub posts: usize,
}

/// Every tag of the site, most posts first, then by name.
pub fn tag_counts(index: &SiteIndex) -> Vec<TagCount> {
    let mut tags: Vec<TagCount> = index
        .tags
        .iter()
        .map(|tag| TagCount { name: tag.name.clone(), slug: tag.slug.clone(), posts: tag.posts.len() })
        .collect();
    tags.sort_by(|a, b| b.posts.cmp(&a.posts).then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase())));
    tags
}

/// The data block of a static page: the site's settings and the page's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Embedded {
    pub site: SiteConfig,
    pub page: PageData,
    /// The interface of the page's language, unless it is the English the
    /// app has built in (`i18n`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interface: Option<crate::i18n::Interface>,
    /// Every other language's interface file (`route::interface_file`), by
    /// code, which the app fetches before it shows a page in that language.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub interface_files: std::collections::BTreeMap<String, String>,
}

impl PageData {
    /// The languages the page exists in: a post's own, every language otherwise.
    pub fn languages(&self, config: &SiteConfig) -> Vec<String> {
        match self {
            PageData::Post(post) => post.entry.versions.iter().map(|v| v.lang.clone()).collect(),
            _ => config.codes(),
        }
    }
}

/// A post's pages: its index entry, whose versions name the file of their
/// rendered bodies (`Version::body`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostData {
    pub entry: PostEntry,
}

/// The languages of `entry`, the one a reader without their own gets first
/// (see `PostEntry::best_version`): what a link to it depends on.
pub fn link_target(entry: &PostEntry) -> Vec<String> {
    let first = entry.version(&entry.main_lang).or_else(|| entry.versions.first());
    let others = entry.versions.iter().filter(|v| first.is_none_or(|f| f.lang != v.lang));
    first.into_iter().chain(others).map(|v| v.lang.clone()).collect()
}

/// A post as a list shows it to a reader of one language: the version they
/// get (theirs, else the post's own) and no more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListedPost {
    pub slug: String,
    pub date: Option<Date>,
    pub tags: Vec<String>,
    /// The language of the version listed.
    pub lang: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    pub reading_minutes: u32,
}

impl ListedPost {
    pub fn of(entry: &PostEntry, lang: &str) -> Option<ListedPost> {
        let version = entry.best_version(lang)?;
        Some(ListedPost {
            slug: entry.slug.clone(),
            date: entry.date,
            tags: entry.tags.clone(),
            lang: version.lang.clone(),
            title: version.title.clone(),
            subtitle: version.subtitle.clone(),
            reading_minutes: version.reading_minutes,
        })
    }
}

/// A tag as its pages name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagName {
    pub name: String,
    pub slug: String,
}

/// One page of the home page's or a tag's list, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListPage {
    /// The tag listed; `None` on the home page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<TagName>,
    /// From 1.
    pub number: usize,
    /// How many pages the list has (at least 1).
    pub pages: usize,
    pub posts: Vec<ListedPost>,
}

impl ListPage {
    /// The route of page `n` of this list.
    pub fn page(&self, n: usize) -> Page {
        match &self.tag {
            Some(tag) => Page::Tag(tag.slug.clone(), n),
            None => Page::Home(n),
        }
    }

    pub fn newer(&self) -> Option<Page> {
        (self.number > 1).then(|| self.page(self.number - 1))
    }

    pub fn older(&self) -> Option<Page> {
        (self.number < self.pages).then(|| self.page(self.number + 1))
    }
}

/// How many pages a list of `total` posts takes at `size` a page.
pub fn page_count(total: usize, size: usize) -> usize {
    total.div_ceil(size.max(1)).max(1)
}

/// Every page of a list (`posts` are positions in the index, newest first),
/// for readers of `lang`.
pub fn list_pages<'a>(
    index: &'a SiteIndex,
    lang: &'a str,
    tag: Option<&'a Tag>,
    posts: &'a [usize],
) -> impl Iterator<Item = ListPage> + 'a {
    let size = index.site.page_size.max(1);
    let pages = page_count(posts.len(), size);
    (1..=pages).map(move |number| {
        let start = (number - 1) * size;
        let chunk = &posts[start.min(posts.len())..(start + size).min(posts.len())];
        ListPage {
            tag: tag.map(|t| TagName { name: t.name.clone(), slug: t.slug.clone() }),
            number,
            pages,
            posts: chunk.iter().filter_map(|&i| ListedPost::of(index.posts.get(i)?, lang)).collect(),
        }
    })
}

/// A post in the archive: its title in the reader's language, or its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchivedPost {
    pub slug: String,
    pub lang: String,
    pub title: String,
    pub date: Option<Date>,
}

/// The posts of one year, newest first (`year` is `None` for undated posts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveYear {
    pub year: Option<u16>,
    pub count: usize,
    /// Empty on the overview of a split archive, which links to the year's page.
    pub posts: Vec<ArchivedPost>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Archive {
    pub part: ArchivePartData,
    pub years: Vec<ArchiveYear>,
}

/// [`ArchivePart`], as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArchivePartData {
    /// Every post on one page.
    All,
    /// The years, each linking to its page.
    Overview,
    Year(u16),
    Undated,
}

impl ArchiveYear {
    pub fn part(&self) -> ArchivePart {
        self.year.map_or(ArchivePart::Undated, ArchivePart::Year)
    }
}

/// The archive's pages for readers of `lang`, with their routes: one page,
/// or (above [`ARCHIVE_SPLIT_AT`] posts) the overview and a page per year.
pub fn archive_pages(index: &SiteIndex, lang: &str) -> Vec<(ArchivePart, Archive)> {
    let mut years: Vec<ArchiveYear> = Vec::new();
    for entry in &index.posts {
        let Some(version) = entry.best_version(lang) else { continue };
        let year = entry.date.map(|d| d.year);
        if years.last().is_none_or(|y| y.year != year) {
            years.push(ArchiveYear { year, count: 0, posts: Vec::new() });
        }
        let Some(group) = years.last_mut() else { continue };
        group.count += 1;
        group.posts.push(ArchivedPost {
            slug: entry.slug.clone(),
            lang: version.lang.clone(),
            title: version.title.clone(),
            date: entry.date,
        });
    }
    let total: usize = years.iter().map(|y| y.count).sum();
    if total <= ARCHIVE_SPLIT_AT {
        return vec![(ArchivePart::All, Archive { part: ArchivePartData::All, years })];
    }
    let overview = years.iter().map(|y| ArchiveYear { year: y.year, count: y.count, posts: Vec::new() }).collect();
    let mut pages = vec![(ArchivePart::All, Archive { part: ArchivePartData::Overview, years: overview })];
    for year in years {
        let part = match year.year {
            Some(y) => ArchivePartData::Year(y),
            None => ArchivePartData::Undated,
        };
        pages.push((year.part(), Archive { part, years: vec![year] }));
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build_time::index::build;
    use crate::config::demo_config;
    use crate::index::SourceFile;

    fn site(posts: usize, page_size: usize) -> SiteIndex {
        let texts: Vec<(String, String)> = (0..posts)
            .map(|i| {
                let tags = if i % 3 == 0 { "rust, web" } else { "web" };
                let year = 2000 + i / 4;
                (
                    format!("p{i:03}.md"),
                    format!("---\ntitle: Post {i}\ndate: {year}-01-{:02}\nkeywords: {tags}\n---\n## English\nHi.\n## Tiếng Việt\nChào {i}.\n", 1 + i % 28),
                )
            })
            .collect();
        let files: Vec<SourceFile> = texts.iter().map(|(n, t)| SourceFile { name: n, bytes: t.as_bytes() }).collect();
        let mut config = demo_config();
        config.page_size = page_size;
        build(&config, &files, false).0
    }

    #[test]
    fn lists_are_cut_into_pages_that_link_to_each_other() {
        let index = site(45, 20);
        let all: Vec<usize> = (0..index.posts.len()).collect();
        let pages: Vec<ListPage> = list_pages(&index, "vi", None, &all).collect();
        assert_eq!(pages.iter().map(|p| p.posts.len()).collect::<Vec<_>>(), [20, 20, 5]);
        assert_eq!(pages[0].posts[0].title, "Post 44", "newest first");
        assert_eq!(pages[2].posts[4].title, "Post 0");
        assert!(pages.iter().all(|p| p.pages == 3));
        assert_eq!((pages[0].newer(), pages[0].older()), (None, Some(Page::Home(2))));
        assert_eq!((pages[1].newer(), pages[1].older()), (Some(Page::Home(1)), Some(Page::Home(3))));
        assert_eq!((pages[2].newer(), pages[2].older()), (Some(Page::Home(2)), None));

        let rust = index.tag("rust").unwrap();
        let tagged: Vec<ListPage> = list_pages(&index, "en", Some(rust), &rust.posts).collect();
        assert_eq!(tagged.len(), 1);
        assert_eq!(tagged[0].posts.len(), 15);
        assert_eq!(tagged[0].older(), None);
        assert_eq!(tagged[0].page(2), Page::Tag("rust".into(), 2));
    }

    #[test]
    fn an_empty_list_is_one_empty_page() {
        let index = site(0, 20);
        let pages: Vec<ListPage> = list_pages(&index, "en", None, &[]).collect();
        assert_eq!(pages.len(), 1);
        assert!(pages[0].posts.is_empty() && pages[0].older().is_none());
        assert_eq!(page_count(40, 20), 2);
        assert_eq!(page_count(41, 20), 3);
    }

    #[test]
    fn the_archive_groups_by_year_and_splits_when_big() {
        let index = site(10, 20);
        let pages = archive_pages(&index, "en");
        assert_eq!(pages.len(), 1);
        let years: Vec<(Option<u16>, usize)> = pages[0].1.years.iter().map(|y| (y.year, y.count)).collect();
        assert_eq!(years, [(Some(2002), 2), (Some(2001), 4), (Some(2000), 4)]);

        let big = site(ARCHIVE_SPLIT_AT + 1, 20);
        let pages = archive_pages(&big, "vi");
        let overview = &pages[0].1;
        assert_eq!(overview.part, ArchivePartData::Overview);
        assert!(overview.years.iter().all(|y| y.posts.is_empty()));
        assert_eq!(overview.years.iter().map(|y| y.count).sum::<usize>(), ARCHIVE_SPLIT_AT + 1);
        assert_eq!(pages.len(), 1 + overview.years.len());
        assert_eq!(pages[1].0, ArchivePart::Year(2500));
        assert_eq!(pages[1].1.years[0].posts.len(), 1);
    }

    #[test]
    fn a_link_depends_on_the_posts_languages_main_first() {
        let index = site(2, 20);
        assert_eq!(link_target(&index.posts[0]), ["en", "vi"]);
    }
}
