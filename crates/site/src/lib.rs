//! The site pipeline (native only): `site::build` turns a writer's site
//! folder into the static site around the app: the static pages (the shared
//! `views` rendered to HTML), head tags, feeds, the sitemap, robots.txt,
//! hosting headers, search data and the offline worker.

pub mod app_split;
pub mod error;
pub mod extras;
pub mod feeds;
pub mod head;
pub mod hosting;
pub mod incremental;
pub mod loader;
pub mod look;
pub mod manifest;
pub mod minify;
pub mod new;
pub mod offline;
pub mod own_pages;
pub mod pages;
pub mod redirects;
pub mod site;
pub mod site_folder;

use folio_core::config::SiteConfig;
use folio_core::index::{PostEntry, SiteIndex, Version};
use folio_core::post::Article;
use folio_core::route::{self, Page};

/// A post version with its article rendered for its own page.
pub struct RenderedVersion<'a> {
    pub entry: &'a PostEntry,
    pub version: &'a Version,
    pub article: Article,
}

/// The site being written: its index and public path (`/blog/`).
pub struct SiteContext<'a> {
    pub index: &'a SiteIndex,
    pub base: &'a str,
}

impl SiteContext<'_> {
    pub fn config(&self) -> &SiteConfig {
        &self.index.site
    }

    pub fn href(&self, lang: &str, page: &Page) -> String {
        route::href(self.base, self.config(), lang, page)
    }

    /// An absolute URL for a path under the base: `https://example.com/blog/…`.
    pub fn absolute(&self, path_from_root: &str) -> String {
        format!("{}{}", self.config().origin(), path_from_root)
    }

    /// The file under `dist/` that serves `page` in `lang`.
    pub fn file_for(&self, lang: &str, page: &Page) -> String {
        let href = self.href(lang, page);
        format!("{}index.html", &href[self.base.len()..])
    }

    pub fn feed_href(&self, lang: &str) -> String {
        route::feed_href(self.base, self.config(), lang)
    }
}

/// The interface files the app fetches (`route::interface_file`): each of
/// `config`'s languages whose registered interface is not the English the
/// app has built in, by code, with its hash and JSON.
pub fn interface_files(config: &SiteConfig) -> std::collections::BTreeMap<String, (String, String)> {
    let english = folio_core::i18n::Interface::english();
    config
        .codes()
        .into_iter()
        .filter_map(|code| {
            let interface = folio_core::i18n::interface(&code).filter(|i| **i != english)?;
            let json = serde_json::to_string(interface).ok()?;
            Some((code, (folio_core::hash::content_hash(json.as_bytes()), json)))
        })
        .collect()
}

/// Each language's part of the app's start data that every page in it
/// shares: the site's settings, the language's interface text (none for the
/// English built into the app) and where the others' are, as
/// `{"site":…,"interface":…,"interface_files":…}` (`listing::Embedded`
/// without its page). A page prerendered for its own URL names it
/// (`data-site` on its data block) and its loader fetches it with the
/// page's own `data.json` after the first paint: the page's HTML carries
/// neither. Content-addressed (`route::interface_file`), by language.
pub fn shared_start_data(config: &SiteConfig) -> std::collections::BTreeMap<String, (String, String)> {
    let site = serde_json::to_string(config).unwrap_or_default();
    let files = interface_files(config);
    let listed = match files.is_empty() {
        true => String::new(),
        false => {
            let hashes: std::collections::BTreeMap<&String, &String> =
                files.iter().map(|(code, (hash, _))| (code, hash)).collect();
            format!(",\"interface_files\":{}", serde_json::to_string(&hashes).unwrap_or_default())
        }
    };
    config
        .codes()
        .into_iter()
        .map(|code| {
            let interface = files.get(&code).map(|(_, json)| format!(",\"interface\":{json}")).unwrap_or_default();
            let json = format!("{{\"site\":{site}{interface}{listed}}}");
            (code, (folio_core::hash::content_hash(json.as_bytes()), json))
        })
        .collect()
}

/// A file of the static site: its path under `dist/` and its contents.
#[derive(Clone)]
pub struct OutputFile {
    pub path: String,
    pub contents: String,
}

#[cfg(test)]
mod tests {
    use super::feeds::{atom_feed, robots, sitemaps, SITEMAP_BYTES, SITEMAP_URLS};
    use super::pages::PageWriter;
    use super::*;
    use folio_core::build_time::index::build;
    use folio_core::config::demo_config;
    use folio_core::index::SourceFile;
    use folio_core::listing::{Embedded, PageData, PostData};
    use folio_core::markdown::RenderContext;
    use folio_core::post;

    const FILES: &[(&str, &str)] = &[
        (
            "hello.md",
            "---\ntitle: Hello & <welcome>\ndate: 2025-07-18\nauthor: Ada \"The\" Writer\nkeywords: rust, web\nimage: cover.png\n---\n\
             ## English\nHi <b>there</b> & \u{1}you.\n### Part\n## Tiếng Việt\n# Xin chào\nChào.\n",
        ),
        ("solo.vi.md", "---\ntitle: Một mình\ndate: 2025-01-01\n---\nChỉ tiếng Việt.\n"),
    ];

    fn fixture() -> (SiteIndex, Vec<(String, String)>) {
        let sources: Vec<SourceFile> = FILES.iter().map(|(n, t)| SourceFile { name: n, bytes: t.as_bytes() }).collect();
        let (index, report) = build(&demo_config(), &sources, false);
        assert!(report.errors.is_empty());
        (index, FILES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect())
    }

    fn rendered<'a>(index: &'a SiteIndex, files: &[(String, String)]) -> Vec<RenderedVersion<'a>> {
        let mut out = Vec::new();
        for entry in &index.posts {
            for version in &entry.versions {
                let text = &files.iter().find(|(n, _)| *n == version.file).unwrap().1;
                let parsed = post::parse(&version.file, text, &version.file_meta, &index.site).unwrap();
                let links = RenderContext {
                    folder: "",
                    files: folio_core::route::POST_FILES,
                    base: "/blog/",
                    post_prefix: &|slug| index.post_prefix(slug, &version.lang),
                    image_size: &|p| index.image_size(p),
                    old_url: &|_| None,
                    renamed: &|_| None,
                    extras: &folio_core::extras::NONE,
                };
                out.push(RenderedVersion { entry, version, article: parsed.render(&version.lang, &links).unwrap() });
            }
        }
        out
    }

    const SHELL: &str =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>folio</title>\n</head>\n<body>\n</body>\n</html>";

    /// Every file the page writer writes for the site.
    fn pages(ctx: &SiteContext, shell: &str, rendered: &[RenderedVersion]) -> Vec<OutputFile> {
        let writer = PageWriter::new(ctx, shell);
        let mut files = Vec::new();
        // `rendered` has each post's versions side by side, in index order.
        for versions in rendered.chunk_by(|a, b| a.entry.slug == b.entry.slug) {
            let data = PostData { entry: versions[0].entry.clone() };
            files.extend(writer.post(versions, data));
        }
        writer.list_pages(|pages| files.extend(pages));
        files
    }

    /// An attribute of a page's data block.
    fn block_attribute<'p>(page: &'p str, name: &str) -> Option<&'p str> {
        let tag = page.find("id=\"folio-data\"").unwrap();
        let open = &page[tag..tag + page[tag..].find('>').unwrap()];
        let start = open.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(&open[start..start + open[start..].find('"').unwrap()])
    }

    /// The data block of a page as the app reads it: inline, or as the
    /// loader fills it, from the language's shared start data and the
    /// page's data file (`files`, the build's output).
    fn embedded(page: &str, files: &[OutputFile], config: &SiteConfig) -> Embedded {
        let tag = page.find("id=\"folio-data\"").unwrap();
        let start = page[tag..].find('>').unwrap() + tag + 1;
        let end = page[start..].find("</script>").unwrap() + start;
        let (Some(shared), Some(own)) = (block_attribute(page, "data-site"), block_attribute(page, "data-page")) else {
            return serde_json::from_str(&page[start..end]).unwrap();
        };
        assert_eq!(&page[start..end], "", "a block that names its data carries none");
        let shared = shared_start_data(config)
            .into_values()
            .find(|(hash, _)| shared == format!("/blog/{}", route::interface_file(hash)))
            .unwrap_or_else(|| panic!("{shared} is not a language's shared start data"))
            .1;
        let own =
            &files.iter().find(|f| format!("/blog/{}", f.path) == own).unwrap_or_else(|| panic!("no {own}")).contents;
        let mut data: serde_json::Value = serde_json::from_str(&shared).unwrap();
        data["page"] = serde_json::from_str(own).unwrap();
        serde_json::from_value(data).unwrap()
    }

    /// What a page names for the service worker to keep with it.
    fn kept_offline(page: &str) -> Vec<&str> {
        block_attribute(page, "data-offline").unwrap().split_whitespace().collect()
    }

    #[test]
    fn every_post_language_home_and_tag_gets_a_page() {
        let (index, files) = fixture();
        let ctx = SiteContext { index: &index, base: "/blog/" };
        let pages = pages(&ctx, SHELL, &rendered(&index, &files));
        let paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
        for expected in [
            "posts/hello/index.html",
            "vi/posts/hello/index.html",
            "vi/posts/solo/index.html",
            "index.html",
            "vi/index.html",
            "tags/rust/index.html",
            "vi/tags/web/index.html",
            "archive/index.html",
            "vi/archive/index.html",
            "404.html",
            "vi/404.html",
        ] {
            assert!(paths.contains(&expected), "{expected} missing from {paths:?}");
            if let Some(dir) = expected.strip_suffix("index.html") {
                // A post's data is one file for all its languages, beside its default-language page.
                let dir = dir.strip_prefix("vi/").filter(|d| d.starts_with("posts/")).unwrap_or(dir);
                assert!(paths.contains(&format!("{dir}data.json").as_str()), "no data for {expected}");
            }
        }
        assert!(!paths.contains(&"posts/solo/index.html"), "no page for a language the post lacks");
        assert!(!paths.contains(&"page/2/index.html"), "one page of posts");
    }

    #[test]
    fn every_page_names_its_data_and_the_loader_finds_it_beside_the_page() {
        let (mut index, files) = fixture();
        // As the build names each file's rendered versions.
        for version in index.posts.iter_mut().flat_map(|p| p.versions.iter_mut()) {
            version.body = Some(format!("body-of-{}", version.hash));
        }
        let ctx = SiteContext { index: &index, base: "/blog/" };
        let pages = pages(&ctx, SHELL, &rendered(&index, &files));
        let file = |path: &str| &pages.iter().find(|p| p.path == path).unwrap().contents;
        let embedded = |page: &str| embedded(page, &pages, &index.site);
        for (page, data) in [
            ("vi/posts/hello/index.html", "posts/hello/data.json"),
            ("posts/hello/index.html", "posts/hello/data.json"),
            ("vi/index.html", "vi/data.json"),
            ("tags/rust/index.html", "tags/rust/data.json"),
            ("archive/index.html", "archive/data.json"),
        ] {
            // The block names the page's own data, and the language's shared
            // start data, which holds the site's settings.
            assert_eq!(block_attribute(file(page), "data-page"), Some(format!("/blog/{data}").as_str()));
            let embedded = embedded(file(page));
            assert_eq!(embedded.site, index.site);
            let kind = match &embedded.page {
                PageData::Post(_) => "posts/",
                PageData::List(_) => {
                    if page.starts_with("tags/") {
                        "tags/"
                    } else {
                        "vi/index"
                    }
                }
                PageData::Archive(_) => "archive/",
                other => panic!("{page}: {other:?}"),
            };
            assert!(page.starts_with(kind) || page.contains(kind), "{page} names the data of another kind of page");
        }
        let PageData::Post(post) = embedded(file("vi/posts/hello/index.html")).page else { panic!("not a post") };
        assert_eq!(post.entry.slug, "hello");
        let PageData::List(list) = embedded(file("vi/index.html")).page else { panic!("not a list") };
        assert_eq!(list.posts.iter().map(|p| p.title.as_str()).collect::<Vec<_>>(), ["Xin chào", "Một mình"]);
        assert_eq!(embedded(file("404.html")).page, PageData::NotFound);

        // Offline, the app shows a page again from its data, and a post from
        // its file's rendered versions.
        let hello = index.posts.iter().find(|p| p.slug == "hello").unwrap();
        let vi = hello.versions.iter().find(|v| v.lang == "vi").unwrap();
        let vi_file = format!("/blog/p/body-of-{}.json", vi.hash);
        // And the language's shared start data, which the page's loader fetches.
        let shared = block_attribute(file("vi/index.html"), "data-site").unwrap();
        assert_eq!(
            kept_offline(file("vi/posts/hello/index.html")),
            [shared, "/blog/posts/hello/data.json", vi_file.as_str()]
        );
        assert_eq!(kept_offline(file("vi/index.html")), [shared, "/blog/vi/data.json"]);
        assert_ne!(Some(shared), block_attribute(file("index.html"), "data-site"), "one for each language");
        assert!(kept_offline(file("404.html")).is_empty());
    }

    #[test]
    fn lists_are_paginated_with_prev_and_next() {
        let (mut index, files) = fixture();
        index.site.page_size = 1;
        let ctx = SiteContext { index: &index, base: "/blog/" };
        let pages = pages(&ctx, SHELL, &rendered(&index, &files));
        let file = |path: &str| &pages.iter().find(|p| p.path == path).unwrap_or_else(|| panic!("{path}")).contents;
        let first = file("vi/index.html");
        assert!(first.contains("<link rel=\"next\" href=\"https://example.com/blog/vi/page/2/\">"));
        assert!(!first.contains("rel=\"prev\""));
        assert!(first.contains("rel=\"next\" href=\"/blog/vi/page/2/\" class=\"older\">Bài cũ hơn"), "{first}");
        let second = file("vi/page/2/index.html");
        assert!(second.contains("<link rel=\"prev\" href=\"https://example.com/blog/vi/\">"));
        assert!(second.contains("rel=\"prev\" href=\"/blog/vi/\" class=\"newer\">← Bài mới hơn"));
        assert!(second.contains("Trang 2 / 2") && !second.contains("rel=\"next\""));
        assert!(!pages.iter().any(|p| p.path == "vi/page/3/index.html"));
        assert!(!pages.iter().any(|p| p.path.starts_with("tags/rust/page/")), "one post: one page");
    }

    #[test]
    fn feeds_carry_the_newest_posts_only() {
        let (mut index, files) = fixture();
        index.site.feed_posts = 1;
        let ctx = SiteContext { index: &index, base: "/blog/" };
        let feed = atom_feed(&ctx, "vi", &rendered(&index, &files));
        let doc = roxmltree::Document::parse(&feed).unwrap();
        let titles: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("entry"))
            .filter_map(|e| e.children().find(|n| n.has_tag_name("title")).and_then(|t| t.text()))
            .collect();
        assert_eq!(titles, ["Xin chào"], "the newest only");
    }

    #[test]
    fn the_sitemap_splits_at_the_protocol_limits() {
        let (index, _) = fixture();
        let ctx = SiteContext { index: &index, base: "/blog/" };
        let whole = sitemaps(&ctx, SITEMAP_URLS, SITEMAP_BYTES);
        assert_eq!(whole.len(), 1);
        let urls = |xml: &str| {
            let doc = roxmltree::Document::parse(xml).unwrap();
            doc.descendants()
                .filter(|n| n.has_tag_name("loc"))
                .filter_map(|n| n.text())
                .map(String::from)
                .collect::<Vec<_>>()
        };
        let all = urls(&whole[0].1);
        for (max_urls, max_bytes) in [(3, SITEMAP_BYTES), (SITEMAP_URLS, 900)] {
            let split = sitemaps(&ctx, max_urls, max_bytes);
            assert!(split.len() > 2, "{max_urls} URLs, {max_bytes} bytes: {} files", split.len());
            assert_eq!(split[0].0, "sitemap.xml");
            let index_doc = roxmltree::Document::parse(&split[0].1).unwrap();
            assert_eq!(index_doc.root_element().tag_name().name(), "sitemapindex");
            let listed = urls(&split[0].1);
            let mut found = Vec::new();
            for (i, (name, contents)) in split[1..].iter().enumerate() {
                assert_eq!(name, &format!("sitemap-{}.xml", i + 1));
                assert_eq!(listed[i], format!("https://example.com/blog/{name}"));
                let part = urls(contents);
                assert!(part.len() <= max_urls && contents.len() <= max_bytes, "{name}");
                found.extend(part);
            }
            assert_eq!(found, all, "every URL once, in order");
        }
    }

    #[test]
    fn post_page_head_has_what_crawlers_need() {
        let (index, files) = fixture();
        let ctx = SiteContext { index: &index, base: "/blog/" };
        let pages = pages(&ctx, SHELL, &rendered(&index, &files));
        let page = &pages.iter().find(|p| p.path == "vi/posts/hello/index.html").unwrap().contents;
        assert!(page.contains("<html lang=\"vi\" dir=\"ltr\">"));
        assert!(page.contains("<title>folio – Xin chào</title>"));
        assert!(page.contains("<link rel=\"canonical\" href=\"https://example.com/blog/vi/posts/hello/\">"));
        assert!(page.contains("hreflang=\"en\" href=\"https://example.com/blog/posts/hello/\""));
        assert!(page.contains("hreflang=\"x-default\" href=\"https://example.com/blog/posts/hello/\""));
        assert!(page.contains("<meta property=\"og:image\" content=\"https://example.com/blog/posts/cover.png\">"));
        assert!(page.contains("application/atom+xml"));
        assert!(
            page.contains("hreflang=\"vi\" title=\"folio (Tiếng Việt)\" href=\"https://example.com/blog/vi/atom.xml\""),
            "{page}"
        );
        let ld_start = page.find("application/ld+json\">").unwrap() + "application/ld+json\">".len();
        let ld_end = page[ld_start..].find("</script>").unwrap() + ld_start;
        let ld: serde_json::Value = serde_json::from_str(&page[ld_start..ld_end]).unwrap();
        assert_eq!(ld["@type"], "BlogPosting");
        assert_eq!(ld["headline"], "Xin chào");
        assert_eq!(ld["datePublished"], "2025-07-18");
        assert_eq!(ld["inLanguage"], "vi");
        assert_eq!(ld["author"]["name"], "Ada \"The\" Writer");
        assert!(page.contains("<div id=\"folio-static\" data-path=\"/blog/vi/posts/hello/\">"));
        assert!(page.contains("<div class=\"post-body\"><p>Chào.</p>\n</div>"));
        let en = &pages.iter().find(|p| p.path == "posts/hello/index.html").unwrap().contents;
        assert!(en.contains("<title>folio – Hello &amp; &lt;welcome&gt;</title>"));
        assert!(en.contains("class=\"toc\"") && en.contains("<div id=\"toc-list\"><ol><li><a href=\"#part\">Part</a>"));
        assert!(!en.contains("<!>"), "no hydration markers");
    }

    #[test]
    fn the_manifest_makes_the_site_installable_under_its_base() {
        let (index, files) = fixture();
        let ctx = SiteContext { index: &index, base: "/blog/" };
        let manifest: serde_json::Value =
            serde_json::from_str(&manifest::web_manifest(&ctx, Some("favicon-1234.svg"))).unwrap();
        for key in ["start_url", "scope", "id"] {
            assert_eq!(manifest[key], "/blog/", "{key}");
        }
        assert_eq!(manifest["name"], "folio");
        assert_eq!(manifest["lang"], "en");
        assert_eq!(manifest["display"], "standalone");
        assert_eq!(manifest["icons"][0]["src"], "/blog/favicon-1234.svg");
        assert_eq!(manifest["icons"][0]["type"], "image/svg+xml");
        let pages = pages(&ctx, SHELL, &rendered(&index, &files));
        for page in pages.iter().filter(|p| p.path.ends_with(".html")) {
            assert!(
                page.contents.contains("<link rel=\"manifest\" href=\"/blog/manifest.webmanifest\">")
                    && page.contents.contains("<meta name=\"theme-color\""),
                "{} links no manifest",
                page.path
            );
        }
    }

    #[test]
    fn feeds_and_sitemap_are_well_formed_and_escaped() {
        let (index, files) = fixture();
        let ctx = SiteContext { index: &index, base: "/blog/" };
        let rendered = rendered(&index, &files);
        for lang in ["en", "vi"] {
            let feed = atom_feed(&ctx, lang, &rendered);
            let doc = roxmltree::Document::parse(&feed).unwrap_or_else(|e| panic!("{e}\n{feed}"));
            let entries: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("entry")).collect();
            assert_eq!(entries.len(), if lang == "en" { 1 } else { 2 });
        }
        let feed = atom_feed(&ctx, "en", &rendered);
        let doc = roxmltree::Document::parse(&feed).unwrap();
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name("entry"))
            .unwrap()
            .children()
            .find(|n| n.has_tag_name("title"))
            .unwrap();
        assert_eq!(title.text(), Some("Hello & <welcome>"));
        let content = doc.descendants().find(|n| n.has_tag_name("content")).unwrap().text().unwrap();
        assert!(content.contains("<b>there</b>") && !content.contains('\u{1}'));

        let map = sitemaps(&ctx, SITEMAP_URLS, SITEMAP_BYTES).remove(0).1;
        let doc = roxmltree::Document::parse(&map).unwrap();
        let locs: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
        assert!(locs.contains(&"https://example.com/blog/vi/posts/hello/"));
        assert!(locs.contains(&"https://example.com/blog/tags/rust/"));
        assert!(locs.contains(&"https://example.com/blog/vi/archive/"));
        assert!(robots(&ctx).contains("Sitemap: https://example.com/blog/sitemap.xml"));
    }
}
