//! The static site around the app: a real HTML page for every post, home and
//! tag page in every language (readable without JavaScript, what crawlers
//! and link previews see), Atom feeds, the sitemap and robots.txt. The markup
//! mirrors the app's components exactly, so when the app takes over the page
//! nothing moves.

use serde_json::json;

use super::config::SiteConfig;
use super::i18n::{reading_time, t, ui_lang, Text};
use super::index::{lang_prefix, tag_slug, PostEntry, SiteIndex, Version};
use super::post::Article;
use super::route::{self, Page};
use super::sanitize::{escape_attr, is_safe_url, UrlKind};

/// The Content-Security-Policy folio is built for: no inline script or
/// style, wasm compilation allowed, everything else from the site itself.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
     img-src 'self' data: https:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/// The policy as a `<meta>` tag: browsers ignore (and warn about)
/// `frame-ancestors` there, so it is left out; send it as a header.
pub fn csp_meta_tag() -> String {
    let policy = CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", "");
    format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">")
}

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

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_attr(text, &mut out);
    out
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

/// What goes in a page's `<head>` besides the app's own tags.
pub struct Head {
    pub lang: String,
    pub title: String,
    pub description: String,
    pub canonical: String,
    /// `(hreflang, absolute URL)`, `x-default` included.
    pub alternates: Vec<(String, String)>,
    pub kind: &'static str,
    pub image: Option<String>,
    pub json_ld: Option<String>,
}

pub fn head_html(ctx: &SiteContext, head: &Head) -> String {
    let config = ctx.config();
    let mut out = format!("<title>{}</title>\n", esc(&head.title));
    let mut meta = |attr: &str, name: &str, content: &str| {
        out.push_str(&format!("<meta {attr}=\"{name}\" content=\"{}\">\n", esc(content)));
    };
    meta("name", "description", &head.description);
    meta("property", "og:type", head.kind);
    meta("property", "og:title", &head.title);
    meta("property", "og:description", &head.description);
    meta("property", "og:url", &head.canonical);
    meta("property", "og:site_name", &config.title);
    meta("property", "og:locale", &head.lang);
    meta("name", "twitter:card", if head.image.is_some() { "summary_large_image" } else { "summary" });
    meta("name", "twitter:title", &head.title);
    meta("name", "twitter:description", &head.description);
    if let Some(image) = &head.image {
        meta("property", "og:image", image);
        meta("name", "twitter:image", image);
    }
    out.push_str(&format!("<link rel=\"canonical\" href=\"{}\">\n", esc(&head.canonical)));
    for (lang, url) in &head.alternates {
        out.push_str(&format!("<link rel=\"alternate\" hreflang=\"{}\" href=\"{}\">\n", esc(lang), esc(url)));
    }
    for lang in &config.languages {
        out.push_str(&format!(
            "<link rel=\"alternate\" type=\"application/atom+xml\" hreflang=\"{}\" title=\"{} ({})\" href=\"{}\">\n",
            esc(&lang.code),
            esc(&config.title),
            esc(&lang.name),
            esc(&ctx.feed_href(&lang.code))
        ));
    }
    if let Some(json) = &head.json_ld {
        // `</` cannot end the script element from inside a JSON string.
        out.push_str(&format!("<script type=\"application/ld+json\">{}</script>\n", json.replace("</", "<\\/")));
    }
    out
}

/// Puts a page into the shell Trunk built: its language, head and body.
/// The body sits in `#folio-static`, which the app replaces once it runs.
pub fn fill_shell(shell: &str, lang: &str, head: &str, body: &str) -> String {
    let mut page = shell.replacen("<html lang=\"en\">", &format!("<html lang=\"{}\">", esc(lang)), 1);
    page = match (page.find("<title>"), page.find("</title>")) {
        (Some(start), Some(end)) if start < end => {
            format!("{}{}{}", &page[..start], head, &page[end + "</title>".len()..])
        }
        _ => page.replacen("</head>", &format!("{head}</head>"), 1),
    };
    // The shell's <noscript> note is for the bare app page; this one is readable without scripts.
    if let (Some(start), Some(end)) = (page.find("<noscript>"), page.find("</noscript>")) {
        if start < end {
            page.replace_range(start..end + "</noscript>".len(), "");
        }
    }
    page.replacen("<body>", &format!("<body>\n<div id=\"folio-static\">{body}</div>"), 1)
}

fn header_html(ctx: &SiteContext, lang: &str, page: &Page, languages: &[String]) -> String {
    let config = ctx.config();
    let mut switch = String::new();
    if languages.len() >= 2 {
        switch.push_str(&format!(
            "<nav class=\"lang-switch\" aria-label=\"{}\"><ul>",
            esc(t(ui_lang(lang), Text::Languages))
        ));
        for code in languages {
            let current = if code == lang { " aria-current=\"page\"" } else { "" };
            switch.push_str(&format!(
                "<li><a href=\"{}\" hreflang=\"{code}\" lang=\"{code}\"{current}>{}</a></li>",
                esc(&ctx.href(code, page)),
                esc(config.language_name(code)),
                code = esc(code)
            ));
        }
        switch.push_str("</ul></nav>");
    }
    let label = esc(t(ui_lang(lang), Text::ThemeToggle));
    format!(
        "<a class=\"skip-link\" href=\"#main\">{skip}</a><header class=\"site-header\"><a class=\"site-title\" href=\"{home}\">{title}</a>\
         <div class=\"header-tools\">{switch}{toggle}</div></header>",
        skip = esc(t(ui_lang(lang), Text::SkipToContent)),
        home = esc(&ctx.href(lang, &Page::Home)),
        title = esc(&config.title),
        toggle = format!("<button type=\"button\" class=\"theme-toggle\" title=\"{label}\" aria-label=\"{label}\">{THEME_ICONS}</button>"),
    )
}

/// Both icons; CSS shows the one for the current theme.
pub const THEME_ICONS: &str =
    "<span class=\"icon-light\" aria-hidden=\"true\">☀</span><span class=\"icon-dark\" aria-hidden=\"true\">☾</span>";

fn tags_html(ctx: &SiteContext, lang: &str, tags: &[String]) -> String {
    if tags.is_empty() {
        return String::new();
    }
    let items: String = tags
        .iter()
        .map(|tag| {
            format!(
                "<li><a href=\"{}\" rel=\"tag\">#{}</a></li>",
                esc(&ctx.href(lang, &Page::Tag(tag_slug(tag)))),
                esc(tag)
            )
        })
        .collect();
    format!("<ul class=\"tags\" aria-label=\"{}\">{items}</ul>", esc(t(ui_lang(lang), Text::Tags)))
}

fn post_list_html(ctx: &SiteContext, lang: &str, posts: &[&PostEntry]) -> String {
    if posts.is_empty() {
        return format!("<p class=\"empty\">{}</p>", esc(t(ui_lang(lang), Text::NoPosts)));
    }
    let mut out = String::from("<ul class=\"post-list\">");
    for post in posts {
        let Some(version) = post.best_version(lang) else { continue };
        out.push_str(&format!(
            "<li class=\"post-card\" lang=\"{}\"><h2><a href=\"{}\">{}</a></h2>",
            esc(&version.lang),
            esc(&ctx.href(lang, &Page::Post(post.slug.clone()))),
            esc(&version.title)
        ));
        if let Some(subtitle) = &version.subtitle {
            out.push_str(&format!("<p class=\"subtitle\">{}</p>", esc(subtitle)));
        }
        out.push_str(&format!("<p class=\"meta\" lang=\"{}\">", esc(lang)));
        if let Some(date) = post.date {
            out.push_str(&format!("<time datetime=\"{}\">{}</time>", date.iso(), esc(&date.format(lang))));
        }
        out.push_str(&format!(
            "<span class=\"reading-time\">{}</span>",
            esc(&reading_time(ui_lang(lang), version.reading_minutes))
        ));
        if version.lang != lang {
            out.push_str(&format!(
                "<span class=\"other-lang\">{}</span>",
                esc(ctx.config().language_name(&version.lang))
            ));
        }
        out.push_str("</p>");
        out.push_str(&tags_html(ctx, lang, &post.tags));
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}

/// The `<main>` of a post page, as `PostView` renders it.
fn post_main(ctx: &SiteContext, rendered: &RenderedVersion) -> String {
    let (entry, version, article) = (rendered.entry, rendered.version, &rendered.article);
    let lang = version.lang.as_str();
    let has_toc = !article.toc.is_empty();
    let mut out = format!(
        "<article class=\"post{}\" lang=\"{}\"><header class=\"post-header\">",
        if has_toc { " has-toc" } else { "" },
        esc(lang)
    );
    out.push_str(&format!("<h1 id=\"post-title\">{}</h1>", esc(&article.title)));
    if let Some(subtitle) = &article.subtitle {
        out.push_str(&format!("<p class=\"subtitle\">{}</p>", esc(subtitle)));
    }
    out.push_str(&format!("<p class=\"meta\" lang=\"{}\">", esc(lang)));
    if let Some(author) = &version.author {
        let name = match version.author_url.as_deref().filter(|u| is_safe_url(u, UrlKind::Link)) {
            Some(url) => format!("<a href=\"{}\" rel=\"author\">{}</a>", esc(url), esc(author)),
            None => format!("<span>{}</span>", esc(author)),
        };
        out.push_str(&format!("<span class=\"author\">{} {name}</span>", esc(t(ui_lang(lang), Text::By))));
    }
    if let Some(date) = entry.date {
        out.push_str(&format!("<time datetime=\"{}\">{}</time>", date.iso(), esc(&date.format(lang))));
    }
    out.push_str(&format!(
        "<span class=\"reading-time\">{}</span></p>",
        esc(&reading_time(ui_lang(lang), version.reading_minutes))
    ));
    out.push_str(&tags_html(ctx, lang, &entry.tags));
    out.push_str("</header>");
    if has_toc {
        let title = esc(&toc_title(version));
        out.push_str(&format!(
            "<nav class=\"toc\" aria-labelledby=\"toc-title\"><button type=\"button\" class=\"toc-toggle\" aria-expanded=\"false\" aria-controls=\"toc-list\">{title}</button>\
             <h2 id=\"toc-title\" class=\"toc-title\">{title}</h2><div id=\"toc-list\">{}</div></nav>",
            super::toc::to_html(&article.toc)
        ));
    }
    out.push_str(&format!("<div class=\"post-body\">{}</div></article>", article.html));
    out
}

/// `toc-title` for the post's main language, the translated "Contents" otherwise.
pub fn toc_title(version: &Version) -> String {
    version.toc_title.clone().unwrap_or_else(|| t(ui_lang(&version.lang), Text::Contents).to_string())
}

fn main_html(inner: &str) -> String {
    format!("<main id=\"main\" class=\"page\" tabindex=\"-1\">{inner}</main>")
}

/// The tab title: `title-prefix – title`, the site title standing in for the prefix.
pub fn tab_title(prefix: &str, title: &str) -> String {
    format!("{prefix} – {title}")
}

/// A file of the static site: its path under `dist/` and its contents.
pub struct OutputFile {
    pub path: String,
    pub contents: String,
}

/// Every static page: posts in each of their languages, homes and tag pages
/// in every language.
pub fn pages(ctx: &SiteContext, shell: &str, posts: &[RenderedVersion]) -> Vec<OutputFile> {
    let config = ctx.config();
    let all_langs = config.codes();
    let mut files = Vec::new();
    let default = &config.default_language;
    let page_alternates = |page: &Page, langs: &[String]| -> Vec<(String, String)> {
        let mut list: Vec<(String, String)> =
            langs.iter().map(|l| (l.clone(), ctx.absolute(&ctx.href(l, page)))).collect();
        let fallback = if langs.contains(default) { default.clone() } else { langs[0].clone() };
        list.push(("x-default".into(), ctx.absolute(&ctx.href(&fallback, page))));
        list
    };

    for rendered in posts {
        let (entry, version) = (rendered.entry, rendered.version);
        let lang = version.lang.as_str();
        let page = Page::Post(entry.slug.clone());
        let langs: Vec<String> = entry.versions.iter().map(|v| v.lang.clone()).collect();
        let canonical = ctx.absolute(&ctx.href(lang, &page));
        let image = version.image.as_ref().filter(|u| is_safe_url(u, UrlKind::Image)).map(|u| absolute_image(ctx, u));
        let mut ld = json!({
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": rendered.article.title,
            "inLanguage": lang,
            "url": canonical,
            "description": version.description,
        });
        if let Some(date) = entry.date {
            ld["datePublished"] = json!(date.iso());
        }
        if let Some(author) = &version.author {
            ld["author"] = json!({ "@type": "Person", "name": author });
            if let Some(url) = version.author_url.as_ref().filter(|u| is_safe_url(u, UrlKind::Link)) {
                ld["author"]["url"] = json!(url);
            }
        }
        if let Some(image) = &image {
            ld["image"] = json!(image);
        }
        let prefix = version.title_prefix.clone().unwrap_or_else(|| config.title.clone());
        let head = Head {
            lang: lang.to_string(),
            title: tab_title(&prefix, &rendered.article.title),
            description: version.description.clone(),
            canonical,
            alternates: page_alternates(&page, &langs),
            kind: "article",
            image,
            json_ld: Some(ld.to_string()),
        };
        let body = format!("{}{}", header_html(ctx, lang, &page, &langs), main_html(&post_main(ctx, rendered)));
        files.push(OutputFile {
            path: ctx.file_for(lang, &page),
            contents: fill_shell(shell, lang, &head_html(ctx, &head), &body),
        });
    }

    let tags = ctx.index.tags();
    for lang in &all_langs {
        let ui_lang = ui_lang(lang);
        let all: Vec<&PostEntry> = ctx.index.posts.iter().collect();
        let home = format!(
            "<section class=\"home\"><h1 class=\"page-title\">{}</h1>{}</section>",
            esc(t(ui_lang, Text::Posts)),
            post_list_html(ctx, lang, &all)
        );
        let description = if config.description.is_empty() { config.title.clone() } else { config.description.clone() };
        let head = Head {
            lang: lang.clone(),
            title: config.title.clone(),
            description: description.clone(),
            canonical: ctx.absolute(&ctx.href(lang, &Page::Home)),
            alternates: page_alternates(&Page::Home, &all_langs),
            kind: "website",
            image: None,
            json_ld: None,
        };
        let body = format!("{}{}", header_html(ctx, lang, &Page::Home, &all_langs), main_html(&home));
        files.push(OutputFile {
            path: ctx.file_for(lang, &Page::Home),
            contents: fill_shell(shell, lang, &head_html(ctx, &head), &body),
        });

        for (name, slug) in &tags {
            let page = Page::Tag(slug.clone());
            let tagged: Vec<&PostEntry> = ctx.index.posts.iter().filter(|p| p.has_tag_slug(slug)).collect();
            let heading = format!("{} #{}", t(ui_lang, Text::TaggedWith), name);
            let section = format!(
                "<section class=\"tag-page\"><h1 class=\"page-title\">{}</h1>{}</section>",
                esc(&heading),
                post_list_html(ctx, lang, &tagged)
            );
            let head = Head {
                lang: lang.clone(),
                title: tab_title(&config.title, &heading),
                description: description.clone(),
                canonical: ctx.absolute(&ctx.href(lang, &page)),
                alternates: page_alternates(&page, &all_langs),
                kind: "website",
                image: None,
                json_ld: None,
            };
            let body = format!("{}{}", header_html(ctx, lang, &page, &all_langs), main_html(&section));
            files.push(OutputFile {
                path: ctx.file_for(lang, &page),
                contents: fill_shell(shell, lang, &head_html(ctx, &head), &body),
            });
        }
    }
    files
}

fn absolute_image(ctx: &SiteContext, url: &str) -> String {
    if url.starts_with("http://") || url.starts_with("https://") || url.starts_with("data:") {
        url.to_string()
    } else {
        ctx.absolute(&format!("{}posts/{}", ctx.base, url.trim_start_matches("./").trim_start_matches('/')))
    }
}

fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids never reach a feed.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// An Atom feed of the posts that exist in `lang`, with full content.
pub fn atom_feed(ctx: &SiteContext, lang: &str, posts: &[RenderedVersion]) -> String {
    let config = ctx.config();
    let self_url = ctx.absolute(&ctx.feed_href(lang));
    let home = ctx.absolute(&ctx.href(lang, &Page::Home));
    let mine: Vec<&RenderedVersion> = posts.iter().filter(|p| p.version.lang == lang).collect();
    let updated = mine
        .iter()
        .filter_map(|p| p.entry.date)
        .max()
        .map(|d| format!("{}T00:00:00Z", d.iso()))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\" xml:base=\"{}\">\n\
         <title>{}</title>\n<id>{}</id>\n<updated>{}</updated>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml(lang),
        xml(&ctx.absolute(ctx.base)),
        xml(&config.title),
        xml(&home),
        updated,
        xml(&self_url),
        xml(&home)
    );
    if !config.description.is_empty() {
        out.push_str(&format!("<subtitle>{}</subtitle>\n", xml(&config.description)));
    }
    for post in mine {
        let url = ctx.absolute(&ctx.href(lang, &Page::Post(post.entry.slug.clone())));
        let date = post.entry.date.map(|d| format!("{}T00:00:00Z", d.iso())).unwrap_or_else(|| updated.clone());
        out.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<published>{date}</published>\n<updated>{date}</updated>\n",
            xml(&post.article.title),
            xml(&url),
            xml(&url)
        ));
        out.push_str(&format!(
            "<author><name>{}</name></author>\n",
            xml(post.version.author.as_deref().unwrap_or(&config.title))
        ));
        for tag in &post.entry.tags {
            out.push_str(&format!("<category term=\"{}\"/>\n", xml(tag)));
        }
        out.push_str(&format!("<summary>{}</summary>\n", xml(&post.version.description)));
        out.push_str(&format!("<content type=\"html\">{}</content>\n</entry>\n", xml(&post.article.html)));
    }
    out.push_str("</feed>\n");
    out
}

/// `sitemap.xml` with every page and, for posts, their `hreflang` alternates.
pub fn sitemap(ctx: &SiteContext) -> String {
    let config = ctx.config();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let mut url = |page: &Page, lang: &str, langs: &[String], lastmod: Option<String>| {
        out.push_str(&format!("<url><loc>{}</loc>", xml(&ctx.absolute(&ctx.href(lang, page)))));
        if let Some(date) = lastmod {
            out.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        for alt in langs {
            out.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                xml(alt),
                xml(&ctx.absolute(&ctx.href(alt, page)))
            ));
        }
        out.push_str("</url>\n");
    };
    let all = config.codes();
    for lang in &all {
        url(&Page::Home, lang, &all, None);
    }
    for post in &ctx.index.posts {
        let langs: Vec<String> = post.versions.iter().map(|v| v.lang.clone()).collect();
        for lang in &langs {
            url(&Page::Post(post.slug.clone()), lang, &langs, post.date.map(|d| d.iso()));
        }
    }
    for (_, slug) in ctx.index.tags() {
        for lang in &all {
            url(&Page::Tag(slug.clone()), lang, &all, None);
        }
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(ctx: &SiteContext) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", ctx.absolute(&format!("{}sitemap.xml", ctx.base)))
}

/// Cache headers for Netlify and Cloudflare Pages (`_headers`): hashed files
/// forever, HTML and feeds revalidated.
pub fn netlify_headers(base: &str) -> String {
    let immutable = "  Cache-Control: public, max-age=31536000, immutable";
    let revalidate = "  Cache-Control: public, max-age=0, must-revalidate";
    let mut out = String::new();
    for pattern in ["*.wasm", "folio-*.js", "main-*.css", "theme-*.js", "favicon-*.svg", "index-*.json", "p/*"] {
        out.push_str(&format!("{base}{pattern}\n{immutable}\n"));
    }
    for pattern in ["*.html", "*.xml", "posts/*"] {
        out.push_str(&format!("{base}{pattern}\n{revalidate}\n"));
    }
    out.push_str(&format!(
        "{base}*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n"
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::config::demo_config;
    use crate::content::index::{build, SourceFile};
    use crate::content::markdown::LinkContext;
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
                let prefix = lang_prefix(&index.site, &version.lang);
                let links = LinkContext {
                    base: "/blog/",
                    lang_prefix: &prefix,
                    is_post: &|_| false,
                    image_size: &|p| index.image_size(p),
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
        assert!(page.contains("<div id=\"folio-static\">"));
        assert!(page.contains("<div class=\"post-body\"><p>Chào.</p>\n</div>"));
        let en = &pages.iter().find(|p| p.path == "posts/hello/index.html").unwrap().contents;
        assert!(en.contains("<title>folio – Hello &amp; &lt;welcome&gt;</title>"));
        assert!(en.contains("<nav class=\"toc\""));
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

    #[test]
    fn shell_is_filled() {
        let page = fill_shell(SHELL, "vi", "<title>T</title>", "<main>x</main>");
        assert!(
            page.contains("<html lang=\"vi\">") && page.contains("<title>T</title>") && !page.contains("<title>folio")
        );
        assert!(page.contains("<body>\n<div id=\"folio-static\"><main>x</main></div>"));
    }
}
