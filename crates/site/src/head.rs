//! A static page's `<head>` (title, description, canonical and alternate
//! links, Open Graph, JSON-LD) and the shell Trunk built that it goes into.

use serde_json::json;

use super::{RenderedVersion, SiteContext};
use folio_core::ids::STATIC_ROOT;
use folio_core::page::tab_title;
use folio_core::route;
use folio_core::sanitize::{escape_attr, is_safe_url, UrlKind};

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
    pub json_ld: Option<serde_json::Value>,
    /// The pages before and after this one in its list (paths under the site).
    pub prev: Option<String>,
    pub next: Option<String>,
}

pub(super) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_attr(text, &mut out);
    out
}

/// JSON to inline in a `<script>` element. `<`, `>` and `&` become `\u003c`,
/// `\u003e`, `\u0026` (the same string to a JSON parser), so no text from a
/// post (`</script>`, `<!--<script>`) can end the element or change how the
/// HTML parser reads what follows.
pub fn inline_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
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
    for (rel, href) in [("prev", &head.prev), ("next", &head.next)] {
        if let Some(href) = href {
            out.push_str(&format!("<link rel=\"{rel}\" href=\"{}\">\n", esc(&ctx.absolute(href))));
        }
    }
    for lang in &config.languages {
        out.push_str(&format!(
            "<link rel=\"alternate\" type=\"application/atom+xml\" hreflang=\"{}\" title=\"{} ({})\" href=\"{}\">\n",
            esc(&lang.code),
            esc(&config.title),
            esc(&lang.name),
            // Absolute, as crawlers want a `hreflang` link's address.
            esc(&ctx.absolute(&ctx.feed_href(&lang.code)))
        ));
    }
    out.push_str(&super::manifest::manifest_links(&esc(ctx.base)));
    if let Some(json) = &head.json_ld {
        out.push_str(&format!("<script type=\"application/ld+json\">{}</script>\n", inline_json(&json.to_string())));
    }
    out
}

/// The site's author (`author`, `author_url` in folio.toml) as JSON-LD, with
/// the writer's profiles as `sameAs`.
fn site_author(ctx: &SiteContext) -> Option<serde_json::Value> {
    let config = ctx.config();
    let mut person = json!({ "@type": "Person", "name": config.author.as_ref()? });
    if let Some(url) = &config.author_url {
        person["url"] = json!(url);
    }
    let profiles: Vec<&str> =
        config.social.profiles().map(|(_, url)| url).filter(|u| !u.starts_with("mailto:")).collect();
    if !profiles.is_empty() {
        person["sameAs"] = json!(profiles);
    }
    Some(person)
}

/// The home page's JSON-LD: the site, in `lang`, and whose it is.
pub fn website_ld(ctx: &SiteContext, lang: &str) -> serde_json::Value {
    let config = ctx.config();
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": config.title,
        "url": ctx.absolute(&ctx.href(lang, &route::Page::HOME)),
        "inLanguage": lang,
    });
    if let Some(author) = site_author(ctx) {
        ld["author"] = author;
    }
    ld
}

/// The head of a post version's page.
pub fn post_head(ctx: &SiteContext, rendered: &RenderedVersion, alternates: Vec<(String, String)>) -> Head {
    let (entry, version, article) = (rendered.entry, rendered.version, &rendered.article);
    let lang = version.lang.as_str();
    let canonical = ctx.absolute(&ctx.href(lang, &entry.page()));
    let image = version.image.as_ref().filter(|u| is_safe_url(u, UrlKind::Image)).map(|u| {
        absolute_image(ctx, u, route::files_of(entry.standalone), folio_core::source_name::folder(&version.file))
    });
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": if entry.standalone { "WebPage" } else { "BlogPosting" },
        "headline": article.title,
        "inLanguage": lang,
        "url": canonical,
        "description": version.description,
    });
    if let Some(date) = entry.date {
        ld["datePublished"] = json!(date.iso());
    }
    if let Some(date) = version.updated {
        ld["dateModified"] = json!(date.iso());
    }
    if let Some(author) = &version.author {
        ld["author"] = json!({ "@type": "Person", "name": author });
        if let Some(url) = version.author_url.as_ref().filter(|u| is_safe_url(u, UrlKind::Link)) {
            ld["author"]["url"] = json!(url);
        }
        // The site's author is the writer whose profiles the site links.
        if ctx.config().author.as_ref() == Some(author) {
            ld["author"] = site_author(ctx).unwrap_or_else(|| ld["author"].clone());
        }
    }
    if let Some(image) = &image {
        ld["image"] = json!(image);
    }
    let prefix = version.title_prefix.clone().unwrap_or_else(|| ctx.config().title.clone());
    Head {
        lang: lang.to_string(),
        title: tab_title(&prefix, &article.title),
        description: version.description.clone(),
        canonical,
        alternates,
        kind: "article",
        image,
        json_ld: Some(ld),
        prev: None,
        next: None,
    }
}

/// The image's absolute URL: a relative path is the post folder's file, as
/// in the post's own links (`folder`: the post file's); a root-relative one
/// is under the site's public path (an image in `static/`).
fn absolute_image(ctx: &SiteContext, url: &str, files: &str, folder: &str) -> String {
    if url.starts_with("http://") || url.starts_with("https://") || url.starts_with("data:") {
        return url.to_string();
    }
    // A root-relative path is under the site's public path, as in the post's own links.
    if let Some(rooted) = url.strip_prefix('/') {
        return ctx.absolute(&format!("{}{rooted}", ctx.base));
    }
    ctx.absolute(&format!("{}{files}{folder}{}", ctx.base, url.trim_start_matches("./")))
}

/// Puts a page into the shell Trunk built: its language, head, body and
/// data block. The body sits in `#folio-static`, which the app replaces once
/// it runs; `path` is the page's own URL path, so the app uses the page's
/// data and adopts a post's article only on that page (a host may serve a
/// page under another path, as it does the not-found page).
pub fn fill_shell(shell: &str, lang: &str, head: &str, body: &str, data: &str, path: Option<&str>) -> String {
    let html = format!("<html lang=\"{}\" dir=\"{}\">", esc(lang), folio_core::i18n::dir(lang));
    let mut page = shell.replacen("<html lang=\"en\">", &html, 1);
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
    let path = path.map(|p| format!(" data-path=\"{}\"", esc(p))).unwrap_or_default();
    page.replacen("<body>", &format!("<body>\n<div id=\"{STATIC_ROOT}\"{path}>{body}</div>\n{data}"), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_json_cannot_end_or_open_a_script() {
        let value = json!({ "description": "a </script><script>alert(1)</script> <!--<script> & b" });
        let text = inline_json(&value.to_string());
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'), "{text}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value, "same data to a JSON parser");
    }

    #[test]
    fn shell_is_filled() {
        let shell =
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>folio</title>\n</head>\n<body>\n</body>\n</html>";
        let page = fill_shell(shell, "vi", "<title>T</title>", "<main>x</main>", "<script>", Some("/blog/vi/"));
        assert!(
            page.contains("<html lang=\"vi\" dir=\"ltr\">")
                && page.contains("<title>T</title>")
                && !page.contains("<title>folio")
        );
        assert!(
            page.contains("<body>\n<div id=\"folio-static\" data-path=\"/blog/vi/\"><main>x</main></div>\n<script>")
        );
    }
}
