//! Build-time output around the app, run by the indexer only (native): the
//! static pages (the shared `views` rendered to HTML), head tags, feeds, the
//! sitemap, robots.txt and hosting headers.

pub mod extras;
pub mod feeds;
pub mod head;
pub mod hosting;
pub mod pages;

use crate::content::config::SiteConfig;
use crate::content::index::{lang_prefix, PostEntry, SiteIndex, Version};
use crate::content::post::Article;
use crate::content::route::{self, Page};

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
    fn config(&self) -> &SiteConfig {
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
        format!("{}{}atom.xml", self.base, lang_prefix(self.config(), lang))
    }
}

/// A file of the static site: its path under `dist/` and its contents.
pub struct OutputFile {
    pub path: String,
    pub contents: String,
}

#[cfg(test)]
mod tests {
    use super::feeds::{atom_feed, robots, sitemap};
    use super::pages::pages;
    use super::*;
    use crate::content::config::demo_config;
    use crate::content::index::{build, SourceFile};
    use crate::content::markdown::RenderContext;
    use crate::content::post;

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
                    base: "/blog/",
                    post_prefix: &|slug| index.post_prefix(slug, &version.lang),
                    image_size: &|p| index.image_size(p),
                    extras: &crate::content::extras::NONE,
                };
                out.push(RenderedVersion { entry, version, article: parsed.render(&version.lang, &links).unwrap() });
            }
        }
        out
    }

    const SHELL: &str =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>folio</title>\n</head>\n<body>\n</body>\n</html>";

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
        ] {
            assert!(paths.contains(&expected), "{expected} missing from {paths:?}");
        }
        assert!(!paths.contains(&"posts/solo/index.html"), "no page for a language the post lacks");
    }

    #[test]
    fn post_page_head_has_what_crawlers_need() {
        let (index, files) = fixture();
        let ctx = SiteContext { index: &index, base: "/blog/" };
        let pages = pages(&ctx, SHELL, &rendered(&index, &files));
        let page = &pages.iter().find(|p| p.path == "vi/posts/hello/index.html").unwrap().contents;
        assert!(page.contains("<html lang=\"vi\">"));
        assert!(page.contains("<title>folio – Xin chào</title>"));
        assert!(page.contains("<link rel=\"canonical\" href=\"https://example.com/blog/vi/posts/hello/\">"));
        assert!(page.contains("hreflang=\"en\" href=\"https://example.com/blog/posts/hello/\""));
        assert!(page.contains("hreflang=\"x-default\" href=\"https://example.com/blog/posts/hello/\""));
        assert!(page.contains("<meta property=\"og:image\" content=\"https://example.com/blog/posts/cover.png\">"));
        assert!(page.contains("application/atom+xml"));
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

        let map = sitemap(&ctx);
        let doc = roxmltree::Document::parse(&map).unwrap();
        let locs: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
        assert!(locs.contains(&"https://example.com/blog/vi/posts/hello/"));
        assert!(locs.contains(&"https://example.com/blog/tags/rust/"));
        assert!(robots(&ctx).contains("Sitemap: https://example.com/blog/sitemap.xml"));
    }
}
