//! What a file's path in the posts folder says about it, read the way the
//! engines writers move from name their posts: Jekyll's and Zola's dated
//! names (`2024-03-01-slug.md`, `2024-03-01_slug.md`), Hugo's and Zola's
//! page bundles (`slug/index.md`, with `index.vi.md` beside it), Hugo's
//! folders per language (`vi/posts/slug.md`), `.markdown` as well as `.md`.
//! Pure and for both targets: the app reads a post's name as the build did.

use crate::config::SiteConfig;
use crate::date::Date;
use crate::lang::looks_like_code;

/// What a file of the posts folder is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceName<'a> {
    /// An image, a PDF, anything but Markdown: published as it is.
    Asset,
    /// A section's own page in Hugo or Zola (`_index.md`): not a post.
    Section,
    Post(PostName<'a>),
}

/// What a post's path says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostName<'a> {
    /// The last part of the post's URL: the file's name, or a bundle's
    /// folder, without a leading date.
    pub slug: &'a str,
    /// The language its name or folder gives (`hello.vi.md`, `vi/…`).
    pub lang: Option<&'a str>,
    /// The date its name starts with.
    pub date: Option<Date>,
    /// A suffix that looks like a language code the site does not have
    /// (`intro.cs.md`): part of the slug, as many codes are also file
    /// extensions, unless `intro.md` is beside it (see [`translation_of`]).
    pub foreign_suffix: Option<&'a str>,
}

/// The extensions of Markdown files.
const MARKDOWN: [&str; 2] = [".md", ".markdown"];

/// Reads `path`, relative to the posts folder with `/` between folders.
pub fn read<'a>(path: &'a str, config: &'a SiteConfig) -> SourceName<'a> {
    let (folder, name) = match path.rsplit_once('/') {
        Some((folder, name)) => (Some(folder), name),
        None => (None, path),
    };
    let Some(stem) = MARKDOWN.iter().find_map(|ext| name.strip_suffix(ext)).filter(|s| !s.is_empty()) else {
        return SourceName::Asset;
    };
    let (mut stem, mut lang, mut foreign_suffix) = (stem, None, None);
    if let Some((base, suffix)) = stem.rsplit_once('.').filter(|(base, _)| !base.is_empty()) {
        if let Some(code) = config.language_code(suffix) {
            (stem, lang) = (base, Some(code));
        } else if looks_like_code(suffix) {
            foreign_suffix = Some(suffix);
        }
    }
    if stem == "_index" {
        return SourceName::Section;
    }
    // A bundle is named by its folder.
    let named = match (stem, folder) {
        ("index", Some(folder)) => folder.rsplit('/').next().unwrap_or(folder),
        _ => stem,
    };
    // Hugo keeps each language's posts under a folder named by its code.
    if lang.is_none() {
        let top = folder.and_then(|f| f.split('/').next());
        // The default language's folder (`en/posts/…`) holds main files.
        lang = top.and_then(|code| config.language_code(code)).filter(|code| *code != config.default_language);
    }
    let (date, slug) = dated(named);
    SourceName::Post(PostName { slug, lang, date, foreign_suffix: foreign_suffix.filter(|_| lang.is_none()) })
}

/// `2024-03-01-slug` (or `_slug`) as its date and slug; a name that only
/// looks dated, or has nothing after the date, keeps its name.
pub fn dated(name: &str) -> (Option<Date>, &str) {
    let split = name.get(..10).zip(name.get(10..)).filter(|(_, rest)| rest.len() > 1);
    match split {
        Some((day, rest)) if rest.starts_with(['-', '_']) => match Date::parse(day) {
            Some(date) => (Some(date), &rest[1..]),
            None => (None, name),
        },
        _ => (None, name),
    }
}

/// The folder that `path`'s relative links start from: its own, relative
/// to the posts folder, with a trailing `/`, or empty at the top.
pub fn folder(path: &str) -> &str {
    path.rfind('/').map_or("", |at| &path[..=at])
}

/// The folders a post's file is in, as Hugo and Zola put them in its URL:
/// `configuration/markup.md` and `configuration/markup/index.md` are in
/// `configuration`; a post at the top is in none. A first folder named by
/// a language of the site (Hugo's `vi/posts/…`) is the language, not a section.
pub fn sections<'a>(path: &'a str, config: &SiteConfig) -> &'a str {
    let folder = folder(path).trim_end_matches('/');
    let folder = match folder.split_once('/') {
        Some((top, rest)) if config.has_language(top) => rest,
        None if config.has_language(folder) => "",
        _ => folder,
    };
    let name = path.rsplit('/').next().unwrap_or(path);
    let bundle = MARKDOWN
        .iter()
        .any(|ext| name.strip_suffix(ext).is_some_and(|stem| stem == "index" || stem.starts_with("index.")));
    match bundle {
        true => folder.rsplit_once('/').map_or("", |(parent, _)| parent),
        false => folder,
    }
}

/// For `intro.cs.md`, where `cs` is no language of the site: the file it
/// would translate (`intro.md`, or `intro.markdown`), if that is among
/// `paths`. Then `cs` was meant as a language, and the build says so.
pub fn translation_of<'a>(path: &str, suffix: &str, paths: &[&'a str]) -> Option<&'a str> {
    let ext = MARKDOWN.iter().find(|ext| path.ends_with(*ext))?;
    let base = path.strip_suffix(ext)?.strip_suffix(suffix)?.strip_suffix('.')?;
    MARKDOWN.iter().find_map(|ext| {
        let main = format!("{base}{ext}");
        paths.iter().copied().find(|p| *p == main)
    })
}

/// `path` without its Markdown extension, if it has one (`about.md` → `about`).
pub fn markdown_stem(path: &str) -> Option<&str> {
    MARKDOWN.iter().find_map(|ext| path.strip_suffix(ext))
}

/// The slug a relative link names, if it points at a post file or folder
/// (`other.md`, `../2024-03-01-other.md`, `other/`, `other/index.md`);
/// the caller checks that a post has it.
pub fn linked_slug(path: &str) -> Option<&str> {
    let is_folder = path.ends_with('/');
    let path = path.trim_end_matches('/');
    let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
    let markdown = MARKDOWN.iter().find_map(|ext| name.strip_suffix(ext));
    // A name with another extension (`cat.png`) is a file.
    if markdown.is_none() && !is_folder && name.contains('.') {
        return None;
    }
    let stem = markdown.unwrap_or(name);
    let named = match stem {
        "index" => folder.rsplit('/').next()?,
        _ => stem,
    };
    Some(dated(named).1).filter(|slug| !slug.is_empty() && *slug != "." && *slug != "..")
}

/// Whether `slug` can be the last part of a post's URL as written: not
/// empty, not `.` or `..`, and nothing that would end the path or start
/// an escape.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug != "."
        && slug != ".."
        && !slug.chars().any(|c| c.is_control() || matches!(c, '/' | '\\' | '?' | '#' | '%'))
}

/// The slug a post's own URL in its old engine gives (Hugo's `url`,
/// Jekyll's `permalink`): its last part, without `.html`. `None` for a URL
/// with placeholders (`/:year/:title/`, a pattern, see `route::old_permalink`)
/// or with no last part (`/`).
pub fn slug_of_url(url: &str) -> Option<&str> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    if path.contains("/:") || path.starts_with(':') {
        return None;
    }
    let mut parts = path.trim_end_matches('/').rsplit('/');
    let mut last = parts.next()?;
    // `/projects/alpha/index.html` is the folder's page.
    if last == "index.html" || last == "index.htm" {
        last = parts.next()?;
    }
    let last = last.strip_suffix(".html").or_else(|| last.strip_suffix(".htm")).unwrap_or(last);
    Some(last).filter(|slug| !slug.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::demo_config;

    fn post(path: &str) -> PostName<'_> {
        // The demo's settings, for as long as the test runs.
        static DEMO: std::sync::LazyLock<SiteConfig> = std::sync::LazyLock::new(demo_config);
        match read(path, &DEMO) {
            SourceName::Post(name) => name,
            other => panic!("{path}: {other:?}"),
        }
    }

    fn day(text: &str) -> Option<Date> {
        Date::parse(text)
    }

    #[test]
    fn names_as_folio_writes_them() {
        assert_eq!(post("hello.md"), PostName { slug: "hello", lang: None, date: None, foreign_suffix: None });
        assert_eq!(post("hello.vi.md").lang, Some("vi"));
        assert_eq!(post("hello.vi.md").slug, "hello");
        assert_eq!(post("v1.2.md").slug, "v1.2");
        assert_eq!(read("cat.png", &demo_config()), SourceName::Asset);
        assert_eq!(read(".md", &demo_config()), SourceName::Asset);
    }

    #[test]
    fn dated_names_give_the_date_and_leave_it_out_of_the_slug() {
        let jekyll = post("2016-03-20-listview-onclicklistner.md");
        assert_eq!((jekyll.slug, jekyll.date), ("listview-onclicklistner", day("2016-03-20")));
        assert_eq!(post("2024-03-01_zola-style.markdown").slug, "zola-style");
        assert_eq!(post("2024-03-01-hello.vi.md").lang, Some("vi"));
        // Not a date: the name stays whole.
        assert_eq!(post("2024-13-01-nope.md").slug, "2024-13-01-nope");
        assert_eq!(post("2024-03-01.md").slug, "2024-03-01");
        assert_eq!(post("2024-03-01-.md").slug, "2024-03-01-");
        assert_eq!(post("2024-03-01x.md").slug, "2024-03-01x");
    }

    #[test]
    fn a_suffix_is_a_language_only_when_the_site_has_it() {
        let py = post("2020-01-01-measure-coverage-with-coverage.py.md");
        assert_eq!((py.slug, py.lang, py.foreign_suffix), ("measure-coverage-with-coverage.py", None, Some("py")));
        let vue = post("query-params-vue.js.md");
        assert_eq!(vue.slug, "query-params-vue.js");
        let cs = post("intro.cs.md");
        assert_eq!((cs.slug, cs.lang, cs.foreign_suffix), ("intro.cs", None, Some("cs")));
        assert_eq!(translation_of("intro.cs.md", "cs", &["intro.md", "intro.cs.md"]), Some("intro.md"));
        assert_eq!(translation_of("a/intro.cs.md", "cs", &["a/intro.markdown"]), Some("a/intro.markdown"));
        assert_eq!(translation_of("intro.cs.md", "cs", &["other.md"]), None);
    }

    #[test]
    fn bundles_are_named_by_their_folder_and_sections_are_not_posts() {
        let bundle = post("2024-03-01-trip/index.md");
        assert_eq!((bundle.slug, bundle.date), ("trip", day("2024-03-01")));
        let translated = post("posts/trip/index.vi.md");
        assert_eq!((translated.slug, translated.lang), ("trip", Some("vi")));
        assert_eq!(read("blog/_index.md", &demo_config()), SourceName::Section);
        assert_eq!(read("_index.vi.md", &demo_config()), SourceName::Section);
        assert_eq!(post("blog/nested/deep.md").slug, "deep");
        assert_eq!(post("index.md").slug, "index");
    }

    #[test]
    fn a_suffix_in_any_case_is_the_sites_code() {
        let mut config = demo_config();
        config.languages.push(crate::lang::Language { code: "zh-Hant".into(), name: "繁體中文".into() });
        let SourceName::Post(name) = read("hello.zh-hant.md", &config) else { panic!() };
        assert_eq!((name.slug, name.lang), ("hello", Some("zh-Hant")));
    }

    #[test]
    fn a_folder_named_by_a_language_gives_it() {
        let vi = post("vi/posts/hello.md");
        assert_eq!((vi.slug, vi.lang), ("hello", Some("vi")));
        assert_eq!(post("fr/hello.md").lang, None, "not a language of the site");
        assert_eq!(post("en/posts/hello.md").lang, None, "the default language's folder holds main files");
        assert_eq!(post("vi.md").slug, "vi");
    }

    #[test]
    fn sections_are_the_folders_a_post_is_in() {
        assert_eq!(sections("hello.md", &demo_config()), "");
        assert_eq!(sections("configuration/markup.md", &demo_config()), "configuration");
        assert_eq!(sections("configuration/markup/index.md", &demo_config()), "configuration");
        assert_eq!(sections("a/b/trip/index.vi.md", &demo_config()), "a/b");
        assert_eq!(sections("trip/index.md", &demo_config()), "");
        assert_eq!(sections("vi/posts/hello.md", &demo_config()), "posts");
        assert_eq!(sections("en/hello.md", &demo_config()), "");
    }

    #[test]
    fn folders_of_relative_links() {
        assert_eq!(folder("hello.md"), "");
        assert_eq!(folder("trip/index.md"), "trip/");
        assert_eq!(folder("a/b/c.md"), "a/b/");
    }

    #[test]
    fn own_urls_give_their_last_part() {
        assert_eq!(slug_of_url("/2019/01/my-post/"), Some("my-post"));
        assert_eq!(slug_of_url("/blog/old-name.html"), Some("old-name"));
        assert_eq!(slug_of_url("/projects/alpha/index.html"), Some("alpha"));
        assert_eq!(slug_of_url("relative/path"), Some("path"));
        assert_eq!(slug_of_url("/:categories/:year/:title/"), None);
        assert_eq!(slug_of_url("/"), None);
        assert!(is_valid_slug("hello-world") && is_valid_slug("v1.2") && is_valid_slug("xin chào"));
        for bad in ["", ".", "..", "a/b", "a?b", "a#b", "50%", "a\\b", "a\nb"] {
            assert!(!is_valid_slug(bad), "{bad:?}");
        }
    }

    #[test]
    fn links_name_posts_by_file_or_folder() {
        assert_eq!(linked_slug("other.md"), Some("other"));
        assert_eq!(linked_slug("other"), Some("other"));
        assert_eq!(linked_slug("other/"), Some("other"));
        assert_eq!(linked_slug("../2024-03-01-other.md"), Some("other"));
        assert_eq!(linked_slug("../trip/index.md"), Some("trip"));
        assert_eq!(linked_slug("cat.png"), None);
        assert_eq!(linked_slug("../"), None);
        assert_eq!(linked_slug(""), None);
    }
}
