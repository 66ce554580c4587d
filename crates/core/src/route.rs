//! Every URL and every path in `dist/`: the one module that spells them out.
//! Pages, both ways: the default language lives at `{base}` and
//! `{base}posts/{slug}/`; another language `xx` at `{base}xx/…`; tag pages at
//! `{base}tags/{tag}/`; later pages of a list at `…/page/{n}/`; the archive
//! at `{base}archive/` (and `archive/{year}/` on a big site), every tag at
//! `{base}tags/`; the writer's own pages (`pages/about.md`) at `{base}about/`,
//! every other path but folio's own folders. Then the files
//! beside the pages (posts, extras, search data, feeds, the worker) and how
//! long hosts may cache each. Pure, so routing is tested without a browser.

use super::config::SiteConfig;
use super::date::Date;
use super::index::lang_prefix;

/// The folders of folio's pages under the base (and a language's prefix).
pub const POSTS: &str = "posts";
pub const TAGS: &str = "tags";
pub const ARCHIVE: &str = "archive";
/// A list's later pages: `…/page/{n}/`.
pub const LATER_PAGE: &str = "page";
/// Where a post file's relative links start, under the base: its folder
/// in the posts folder, which is served at `posts/`.
pub const POST_FILES: &str = "posts/";

/// Where an entry's relative links start: a post's from `posts/`, a writer's
/// page's from the site's root (where `static/` is served), as its URL does.
pub fn files_of(standalone: bool) -> &'static str {
    if standalone {
        ""
    } else {
        POST_FILES
    }
}

/// The content-addressed files: posts, extras, interface text.
pub const FILES: &str = "p";
/// Search data.
pub const SEARCH: &str = "search";
/// The top-level paths of folio's pages (as `parse` reads them), beside
/// each language's prefix.
pub const PAGE_SECTIONS: [&str; 7] = ["", "index.html", "data.json", "posts/", "tags/", "page/", "archive/"];
/// First segments a writer's page cannot have: folio's own folders.
pub const RESERVED_SEGMENTS: [&str; 6] = [POSTS, TAGS, ARCHIVE, LATER_PAGE, FILES, SEARCH];

/// Each page's data, beside its `index.html`.
pub const DATA_FILE: &str = "data.json";
pub const NOT_FOUND_FILE: &str = "404.html";
pub const OFFLINE_FILE: &str = "offline.html";
pub const FEED_FILE: &str = "atom.xml";
pub const SITEMAP_FILE: &str = "sitemap.xml";
pub const ROBOTS_FILE: &str = "robots.txt";
pub const SERVICE_WORKER_FILE: &str = "sw.js";
pub const MANIFEST_FILE: &str = "manifest.webmanifest";
pub const HEADERS_FILE: &str = "_headers";
/// Old URLs and where they moved, for hosts that answer with real 301s
/// (Netlify, Cloudflare Pages); every other host gets a redirect page.
pub const REDIRECTS_FILE: &str = "_redirects";

/// A post's URL in another engine's permalink `pattern` (Jekyll's
/// placeholders, or its style names; `:sections`, the folders the post's
/// file is in, as Hugo and Zola make URLs), root-relative; `None` for a
/// post without a date when the pattern needs one. Categories are
/// lowercased and joined with `/`, as Jekyll does; none leaves no empty segment.
pub fn old_permalink(
    pattern: &str,
    date: Option<Date>,
    slug: &str,
    categories: &[String],
    sections: &str,
) -> Option<String> {
    let pattern = match pattern {
        "date" => "/:categories/:year/:month/:day/:title.html",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title.html",
        "none" => "/:categories/:title.html",
        pattern => pattern,
    };
    let mut url = String::with_capacity(pattern.len() + slug.len());
    let mut rest = pattern;
    while let Some(at) = rest.find(':') {
        url.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        let name_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        let (name, after) = rest.split_at(name_len);
        let dated = |f: &dyn Fn(Date) -> String| date.map(f);
        let value = match name {
            "year" => dated(&|d| format!("{:04}", d.year))?,
            "short_year" => dated(&|d| format!("{:02}", d.year % 100))?,
            "month" => dated(&|d| format!("{:02}", d.month))?,
            "i_month" => dated(&|d| d.month.to_string())?,
            "day" => dated(&|d| format!("{:02}", d.day))?,
            "i_day" => dated(&|d| d.day.to_string())?,
            "y_day" => dated(&|d| format!("{:03}", d.day_of_year()))?,
            "title" | "slug" => slug.to_string(),
            "categories" => categories.iter().map(|c| c.trim().to_lowercase()).collect::<Vec<_>>().join("/"),
            "sections" => sections.to_string(),
            _ => format!(":{name}"),
        };
        url.push_str(&value);
        rest = after;
    }
    url.push_str(rest);
    // An empty placeholder leaves no empty segment.
    let mut collapsed = String::with_capacity(url.len());
    for c in url.chars() {
        if !(c == '/' && collapsed.ends_with('/')) {
            collapsed.push(c);
        }
    }
    Some(collapsed)
}

/// Whether `pattern` uses only placeholders folio knows; else the first other.
pub fn check_permalink(pattern: &str) -> Result<(), String> {
    const KNOWN: [&str; 11] =
        ["year", "short_year", "month", "i_month", "day", "i_day", "y_day", "title", "slug", "categories", "sections"];
    let mut rest = pattern;
    while let Some(at) = rest.find(':') {
        rest = &rest[at + 1..];
        let name_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        if !KNOWN.contains(&&rest[..name_len]) {
            return Err(rest[..name_len].to_string());
        }
    }
    Ok(())
}

/// The file under `dist/` that answers a post's old URL (`aliases`,
/// `redirect_from`): `/old/post/` is `old/post/index.html`, `/old.html` that
/// file. A root-relative URL is under the site's public path (`base`); an
/// absolute one must be on the site (`origin` then `base`). `None` for a URL
/// elsewhere, or one that climbs out of the site.
pub fn alias_file(url: &str, origin: &str, base: &str) -> Option<String> {
    let url = url.trim();
    let path = match url.strip_prefix(origin).filter(|_| !origin.is_empty()) {
        Some(on_site) => on_site.strip_prefix(base)?,
        None if url.contains("://") || url.starts_with("//") => return None,
        None => url.trim_start_matches('/'),
    };
    // The file is named as a server decodes the path it is asked for.
    let path = percent_decode(path.split(['#', '?']).next().unwrap_or(""));
    // A line break or other control character has no place in a path.
    if path.chars().any(char::is_control) {
        return None;
    }
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() || parts.iter().any(|p| *p == "." || *p == ".." || p.contains('\\')) {
        return None;
    }
    let last = parts[parts.len() - 1];
    let file = if path.ends_with('/') || !(last.ends_with(".html") || last.ends_with(".htm")) {
        format!("{}/index.html", parts.join("/"))
    } else {
        parts.join("/")
    };
    Some(file)
}

/// A post file's versions as the build rendered them (`post::FileBodies`),
/// content-addressed: `p/<hash>.json`.
pub fn body_file(hash: &str) -> String {
    format!("p/{hash}.json")
}

/// A language's interface text for the app, or its shared start data
/// (`folio_site::shared_start_data`), content-addressed: `p/<hash>.json`.
pub fn interface_file(hash: &str) -> String {
    format!("p/{hash}.json")
}

/// A file beside the posts (an image), by its path in the posts folder.
pub fn post_asset(name: &str) -> String {
    format!("{POSTS}/{name}")
}

/// One language's search data: `meta.json`, `t/<shard>.json`, `d/<n>.json`.
pub fn search_folder(id: &str, lang: &str) -> String {
    format!("search/{id}/{lang}/")
}

pub fn search_meta(id: &str, lang: &str) -> String {
    format!("{}meta.json", search_folder(id, lang))
}

pub fn search_terms(id: &str, lang: &str, shard: &str) -> String {
    format!("{}t/{shard}.json", search_folder(id, lang))
}

pub fn search_docs(id: &str, lang: &str, n: usize) -> String {
    format!("{}d/{n}.json", search_folder(id, lang))
}

/// The headings of the documents of `search_docs(id, lang, n)`.
pub fn search_headings(id: &str, lang: &str, n: usize) -> String {
    format!("{}h/{n}.json", search_folder(id, lang))
}

/// The sitemap's `n`th part (from 1), when it is split.
pub fn sitemap_part(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// Files hosts may keep for a year: their names change with their contents
/// (Trunk's hashed app files, the writer's `site-<hash>.css`, content-addressed
/// posts and the search data, whose folder is a hash of its inputs).
pub const IMMUTABLE: [&str; 7] =
    ["*.wasm", "folio-*.js", "main-*.css", "favicon-*.svg", "site-*.css", "p/*", "search/*"];

/// The `IMMUTABLE` pattern `path` falls under, if any.
pub fn immutable_pattern(path: &str) -> Option<&'static str> {
    IMMUTABLE.into_iter().find(|pattern| matches_pattern(pattern, path))
}

pub fn is_immutable(path: &str) -> bool {
    immutable_pattern(path).is_some()
}

/// A host's pattern, as `_headers` reads it: `*` stands for any characters.
pub fn matches_pattern(pattern: &str, path: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = path.strip_prefix(first) else { return false };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

/// Files that keep their names across deploys: hosts must ask again.
pub const REVALIDATED: [&str; 7] =
    ["*.html", "*.xml", "*/data.json", "data.json", "posts/*", "manifest.webmanifest", "sw.js"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// The list of every post, page `n` (from 1).
    Home(usize),
    Post(String),
    /// The posts with a tag, by its slug, page `n` (from 1).
    Tag(String, usize),
    Archive(ArchivePart),
    /// Every tag, with its number of posts.
    TagIndex,
    /// A page of the writer's own (`pages/about.md`), by its path: `about`,
    /// `projects/folio`. Any other path is one, until its data says otherwise.
    Standalone(String),
    NotFound,
}

/// The archive is one page, or on a big site an overview of the years with
/// a page per year (see `listing::archive_pages`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArchivePart {
    All,
    Year(u16),
    /// Posts without a date.
    Undated,
}

impl Page {
    pub const HOME: Page = Page::Home(1);

    pub fn tag(slug: &str) -> Page {
        Page::Tag(slug.to_string(), 1)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub lang: String,
    pub page: Page,
    /// Whether the URL named the language (`/vi/…`). Only the bare home page
    /// (`{base}`) may switch to the reader's remembered or preferred language.
    pub lang_in_url: bool,
}

/// Reads `path` (the URL path, base included) into a route.
pub fn parse(path: &str, base: &str, config: &SiteConfig) -> Route {
    let default = |page| Route { lang: config.default_language.clone(), page, lang_in_url: false };
    let Some(rest) = path.strip_prefix(base).or_else(|| (path == base.trim_end_matches('/')).then_some("")) else {
        return default(Page::NotFound);
    };
    let rest = rest.strip_suffix("index.html").unwrap_or(rest);
    let mut parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
    let mut lang = config.default_language.clone();
    let mut lang_in_url = false;
    if let Some(first) = parts.first() {
        if let Some(code) = config.language_code(first) {
            lang = code.to_string();
            lang_in_url = true;
            parts.remove(0);
        }
    }
    let page = match parts.as_slice() {
        [] => Page::HOME,
        [LATER_PAGE, n] => later_page(n).map_or(Page::NotFound, Page::Home),
        [POSTS, slug] => Page::Post(percent_decode(slug)),
        [TAGS, tag] => Page::Tag(percent_decode(tag), 1),
        [TAGS, tag, LATER_PAGE, n] => later_page(n).map_or(Page::NotFound, |n| Page::Tag(percent_decode(tag), n)),
        [ARCHIVE] => Page::Archive(ArchivePart::All),
        [ARCHIVE, "undated"] => Page::Archive(ArchivePart::Undated),
        [ARCHIVE, year] => year_number(year).map_or(Page::NotFound, |y| Page::Archive(ArchivePart::Year(y))),
        [TAGS] => Page::TagIndex,
        [first, ..] if !RESERVED_SEGMENTS.contains(first) && parts.iter().all(|p| !p.contains('.')) => {
            Page::Standalone(parts.iter().map(|p| percent_decode(p)).collect::<Vec<_>>().join("/"))
        }
        _ => Page::NotFound,
    };
    let lang_in_url = lang_in_url || page != Page::HOME;
    Route { lang, page, lang_in_url }
}

/// The URL of `page` in `lang`, under `base`.
pub fn href(base: &str, config: &SiteConfig, lang: &str, page: &Page) -> String {
    let prefix = lang_prefix(config, lang);
    match page {
        Page::Home(n) => format!("{base}{prefix}{}", page_suffix(*n)),
        Page::NotFound => format!("{base}{prefix}"),
        Page::Post(slug) => format!("{base}{prefix}{POSTS}/{slug}/"),
        Page::Tag(tag, n) => format!("{base}{prefix}{TAGS}/{tag}/{}", page_suffix(*n)),
        Page::Archive(ArchivePart::All) => format!("{base}{prefix}{ARCHIVE}/"),
        Page::Archive(ArchivePart::Year(year)) => format!("{base}{prefix}{ARCHIVE}/{year}/"),
        Page::Archive(ArchivePart::Undated) => format!("{base}{prefix}{ARCHIVE}/undated/"),
        Page::TagIndex => format!("{base}{prefix}{TAGS}/"),
        Page::Standalone(path) => format!("{base}{prefix}{path}/"),
    }
}

/// A language's Atom feed.
pub fn feed_href(base: &str, config: &SiteConfig, lang: &str) -> String {
    format!("{base}{}{FEED_FILE}", lang_prefix(config, lang))
}

/// Where a menu entry's `url` leads: one of folio's lists (`""` the home
/// page, `archive`, `tags`, `tags/<tag>`), a writer's page (`about`), or,
/// for an absolute URL, `None`.
pub fn menu_page(url: &str) -> Option<Page> {
    if super::sanitize::scheme(url).is_some() || url.starts_with("//") {
        return None;
    }
    let path = url.trim_matches('/');
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    Some(match parts.as_slice() {
        [] => Page::HOME,
        [ARCHIVE] => Page::Archive(ArchivePart::All),
        [TAGS] => Page::TagIndex,
        [TAGS, tag] => Page::tag(tag),
        [ARCHIVE, year] => year_number(year).map_or(Page::NotFound, |y| Page::Archive(ArchivePart::Year(y))),
        _ => Page::Standalone(parts.join("/")),
    })
}

/// Why a writer's page cannot be at `path` (`about`, `projects/folio`),
/// if it cannot: a folder of folio's own, a language's prefix, a segment
/// that is no folder name.
pub fn page_path_taken(path: &str, config: &SiteConfig) -> Option<String> {
    // In any case: a disk that ignores case would put `Tags/` on `tags/`.
    let first = path.split('/').next().unwrap_or("");
    let first = &first.to_lowercase()[..];
    if RESERVED_SEGMENTS.contains(&first) {
        return Some(format!("`{first}/` is folio's own folder"));
    }
    if [HEADERS_FILE, REDIRECTS_FILE].contains(&first) {
        return Some(format!("`{first}` is a file folio writes for hosts"));
    }
    if config.has_language(first) {
        return Some(format!("`{first}/` is the prefix of the site's language `{first}`"));
    }
    if path.split('/').any(|p| p.is_empty() || p.contains('.') || p.contains(['?', '#', '%', ':', '\\'])) {
        return Some("a page's path is folder names: no dots, `?`, `#`, `%` or empty parts".into());
    }
    None
}

/// The first page of a list is the list's own URL; `page/1/` is not a page.
fn page_suffix(n: usize) -> String {
    if n <= 1 {
        String::new()
    } else {
        format!("{LATER_PAGE}/{n}/")
    }
}

/// `2`, `3`, …: a later page's number; `1`, `01`, `+2` and the like are not pages.
fn later_page(text: &str) -> Option<usize> {
    let n: usize = text.parse().ok()?;
    (n >= 2 && text.bytes().all(|b| b.is_ascii_digit()) && !text.starts_with('0')).then_some(n)
}

fn year_number(text: &str) -> Option<u16> {
    (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok()).flatten()
}

/// The site's public path normalized to `/` or `/blog/`.
pub fn normalize_base(base: &str) -> String {
    let trimmed = base.trim().trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_section_is_a_page_folder() {
        for segment in [POSTS, TAGS, LATER_PAGE, ARCHIVE] {
            assert!(PAGE_SECTIONS.contains(&format!("{segment}/").as_str()), "{segment}");
        }
        assert!(PAGE_SECTIONS.contains(&DATA_FILE));
    }

    #[test]
    fn host_patterns_match_as_hosts_read_them() {
        assert!(is_immutable("folio-0123456789abcdef_bg.wasm"));
        assert!(is_immutable("favicon-dark.svg"), "any name of the family, hashed or not");
        assert!(is_immutable("p/0123.json") && is_immutable("search/ab/en/meta.json"));
        assert!(!is_immutable("cv.pdf") && !is_immutable("files/p/x") && !is_immutable("main.css"));
        assert!(matches_pattern("*/data.json", "posts/a/data.json") && !matches_pattern("*/data.json", "data.json"));
        assert!(matches_pattern("sw.js", "sw.js") && !matches_pattern("sw.js", "sw.jsx"));
    }
    use crate::config::demo_config;

    fn route(path: &str) -> (String, Page, bool) {
        let r = parse(path, "/blog/", &demo_config());
        (r.lang, r.page, r.lang_in_url)
    }

    #[test]
    fn parses_every_kind_of_url() {
        assert_eq!(route("/blog/"), ("en".into(), Page::HOME, false));
        assert_eq!(route("/blog"), ("en".into(), Page::HOME, false));
        assert_eq!(route("/blog/index.html"), ("en".into(), Page::HOME, false));
        assert_eq!(route("/blog/vi/"), ("vi".into(), Page::HOME, true));
        assert_eq!(route("/blog/page/2/"), ("en".into(), Page::Home(2), true));
        assert_eq!(route("/blog/vi/page/12/index.html"), ("vi".into(), Page::Home(12), true));
        for not_a_page in ["/blog/page/1/", "/blog/page/0/", "/blog/page/02/", "/blog/page/+2/", "/blog/page/x/"] {
            assert_eq!(route(not_a_page).1, Page::NotFound, "{not_a_page}");
        }
        assert_eq!(route("/blog/tags/rust/page/3/").1, Page::Tag("rust".into(), 3));
        assert_eq!(route("/blog/vi/archive/").1, Page::Archive(ArchivePart::All));
        assert_eq!(route("/blog/archive/2024/").1, Page::Archive(ArchivePart::Year(2024)));
        assert_eq!(route("/blog/archive/undated/").1, Page::Archive(ArchivePart::Undated));
        assert_eq!(route("/blog/archive/24/").1, Page::NotFound);
        assert_eq!(route("/blog/posts/hello/"), ("en".into(), Page::Post("hello".into()), true));
        assert_eq!(route("/blog/posts/hello"), ("en".into(), Page::Post("hello".into()), true));
        assert_eq!(route("/blog/vi/posts/hello/"), ("vi".into(), Page::Post("hello".into()), true));
        assert_eq!(route("/blog/vi/tags/l%E1%BA%ADp-trinh/"), ("vi".into(), Page::Tag("lập-trinh".into(), 1), true));
        assert_eq!(route("/blog/en/posts/x/"), ("en".into(), Page::Post("x".into()), true));
        assert_eq!(
            route("/blog/fr/posts/x/").1,
            Page::Standalone("fr/posts/x".into()),
            "a page, until its data says not"
        );
        assert_eq!(route("/blog/posts/").1, Page::NotFound);
        assert_eq!(route("/blog/tags/").1, Page::TagIndex);
        assert_eq!(route("/blog/vi/about/"), ("vi".into(), Page::Standalone("about".into()), true));
        assert_eq!(route("/blog/projects/folio/index.html").1, Page::Standalone("projects/folio".into()));
        assert_eq!(route("/blog/search/x/").1, Page::NotFound, "folio's own folder");
        assert_eq!(route("/blog/p/x/").1, Page::NotFound);
        assert_eq!(route("/blog/atom.xml").1, Page::NotFound, "a file");
        assert_eq!(route("/elsewhere/").1, Page::NotFound);
    }

    #[test]
    fn builds_urls_that_parse_back() {
        let config = demo_config();
        for lang in ["en", "vi"] {
            for page in [
                Page::HOME,
                Page::Home(7),
                Page::Post("a-post".into()),
                Page::tag("rust"),
                Page::Tag("rust".into(), 2),
                Page::Archive(ArchivePart::All),
                Page::Archive(ArchivePart::Year(2025)),
                Page::Archive(ArchivePart::Undated),
                Page::TagIndex,
                Page::Standalone("about".into()),
                Page::Standalone("projects/folio".into()),
            ] {
                let url = href("/blog/", &config, lang, &page);
                let back = parse(&url, "/blog/", &config);
                assert_eq!((back.lang.as_str(), back.page), (lang, page), "{url}");
            }
        }
        assert_eq!(href("/", &config, "vi", &Page::Post("x".into())), "/vi/posts/x/");
    }

    #[test]
    fn codes_with_a_script_or_region_are_lower_case_in_urls() {
        let mut config = demo_config();
        config.languages.push(crate::lang::Language { code: "zh-Hant".into(), name: "繁體中文".into() });
        config.languages.push(crate::lang::Language { code: "pt-BR".into(), name: "Português".into() });
        assert_eq!(href("/blog/", &config, "zh-Hant", &Page::Post("a".into())), "/blog/zh-hant/posts/a/");
        let route = parse("/blog/zh-hant/posts/a/", "/blog/", &config);
        assert_eq!((route.lang.as_str(), route.page), ("zh-Hant", Page::Post("a".into())));
        assert_eq!(parse("/blog/PT-br/", "/blog/", &config).lang, "pt-BR");
        assert!(config.has_language("ZH-HANT") && !config.has_language("zh"));
    }

    #[test]
    fn menu_entries_and_page_paths() {
        assert_eq!(menu_page("about"), Some(Page::Standalone("about".into())));
        assert_eq!(menu_page("/projects/folio/"), Some(Page::Standalone("projects/folio".into())));
        assert_eq!(menu_page("archive"), Some(Page::Archive(ArchivePart::All)));
        assert_eq!(menu_page("tags"), Some(Page::TagIndex));
        assert_eq!(menu_page("tags/rust"), Some(Page::tag("rust")));
        assert_eq!(menu_page(""), Some(Page::HOME));
        assert_eq!(menu_page("https://github.com/someone"), None);
        assert_eq!(menu_page("mailto:a@b.c"), None);
        let config = demo_config();
        assert_eq!(page_path_taken("about", &config), None);
        assert_eq!(page_path_taken("projects/folio", &config), None);
        assert!(page_path_taken("tags", &config).unwrap().contains("folio's own"));
        assert!(page_path_taken("Tags", &config).unwrap().contains("folio's own"), "in any case");
        assert!(page_path_taken("a:b", &config).is_some());
        assert_eq!(menu_page("/x:y"), Some(Page::Standalone("x:y".into())), "a path, not a scheme");
        assert_eq!(menu_page("archive/2024"), Some(Page::Archive(ArchivePart::Year(2024))));
        assert!(page_path_taken("vi/about", &config).unwrap().contains("language"));
        assert!(page_path_taken("a/../b", &config).is_some());
        assert!(page_path_taken("atom.xml", &config).is_some());
        assert!(page_path_taken("_headers", &config).unwrap().contains("for hosts"));
    }

    #[test]
    fn base_normalization() {
        assert_eq!(normalize_base(""), "/");
        assert_eq!(normalize_base("/"), "/");
        assert_eq!(normalize_base("/blog"), "/blog/");
        assert_eq!(normalize_base("blog/"), "/blog/");
    }

    #[test]
    fn old_urls_answer_from_files_under_the_base() {
        let file = |url| alias_file(url, "https://example.com", "/blog/");
        assert_eq!(file("/old/post/").as_deref(), Some("old/post/index.html"));
        assert_eq!(file("/old/post").as_deref(), Some("old/post/index.html"));
        assert_eq!(file("2016/03/20/post.html").as_deref(), Some("2016/03/20/post.html"));
        assert_eq!(file("https://example.com/blog/old/").as_deref(), Some("old/index.html"));
        assert_eq!(file("/old/#part").as_deref(), Some("old/index.html"));
        assert_eq!(file("https://example.com/elsewhere/"), None, "outside the public path");
        assert_eq!(file("https://other.org/old/"), None);
        assert_eq!(file("/../etc/passwd"), None);
        assert_eq!(file("/"), None);
        assert_eq!(file("/a\n/* https://evil.example 200!"), None, "no line breaks into _redirects");
        assert_eq!(file("/caf%C3%A9/").as_deref(), Some("café/index.html"), "named as the server decodes it");
        assert_eq!(file("/a%0a/"), None);
        assert_eq!(file("/%2e%2e/etc/"), None);
        assert_eq!(file("/a%2Fb/").as_deref(), Some("a/b/index.html"));
        assert_eq!(file("/a%+f/").as_deref(), Some("a%+f/index.html"), "not an escape");
    }

    #[test]
    fn old_permalinks_as_jekyll_made_them() {
        let day = Date::parse("2016-03-20");
        let cats = ["Android".to_string(), "java".to_string()];
        let url = |pattern, date, cats: &[String]| old_permalink(pattern, date, "listview", cats, "");
        assert_eq!(url("date", day, &cats).as_deref(), Some("/android/java/2016/03/20/listview.html"));
        assert_eq!(url("pretty", day, &[]).as_deref(), Some("/2016/03/20/listview/"));
        assert_eq!(url("/:year/:i_month/:slug", day, &[]).as_deref(), Some("/2016/3/listview"));
        assert_eq!(url("ordinal", day, &[]).as_deref(), Some("/2016/080/listview.html"));
        assert_eq!(url("date", None, &[]), None, "no date, no dated URL");
        assert_eq!(url("none", None, &[]).as_deref(), Some("/listview.html"));
        let hugo = old_permalink("/:sections/:slug/", None, "markup", &[], "configuration");
        assert_eq!(hugo.as_deref(), Some("/configuration/markup/"));
        assert_eq!(old_permalink("/:sections/:slug/", None, "top", &[], "").as_deref(), Some("/top/"));
        assert_eq!(check_permalink("/:year/:title/"), Ok(()));
        assert_eq!(check_permalink("/:section/:title/"), Err("section".into()));
    }
}
