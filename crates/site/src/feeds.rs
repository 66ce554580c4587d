//! Feeds and files for crawlers: Atom per language, the sitemap, robots.txt.

use super::{RenderedVersion, SiteContext};
use folio_core::route::{self, ArchivePart, Page};

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

/// An Atom feed of the newest posts (`feed_posts`) that exist in `lang`,
/// with full content. `posts` are newest first.
pub fn atom_feed(ctx: &SiteContext, lang: &str, posts: &[RenderedVersion]) -> String {
    let config = ctx.config();
    let self_url = ctx.absolute(&ctx.feed_href(lang));
    let home = ctx.absolute(&ctx.href(lang, &Page::HOME));
    let mine: Vec<&RenderedVersion> = posts.iter().filter(|p| p.version.lang == lang).take(config.feed_posts).collect();
    let updated = mine
        .iter()
        .filter_map(|p| p.version.updated.max(p.entry.date))
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
        let changed = post.version.updated.map_or_else(|| date.clone(), |d| format!("{}T00:00:00Z", d.iso()));
        out.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<published>{date}</published>\n<updated>{changed}</updated>\n",
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
        out.push_str(&format!("<content type=\"html\">{}</content>\n</entry>\n", xml(&for_feed(&post.article.html))));
    }
    out.push_str("</feed>\n");
    out
}

/// A post's HTML for feed readers, which run no script and have none of the
/// stylesheet: without the page's controls (Copy buttons, heading anchors),
/// which the renderer writes in exactly these forms.
fn for_feed(html: &str) -> String {
    const CONTROLS: [(&str, &str); 2] =
        [("<button type=\"button\" class=\"copy-code\"", "</button>"), ("<a class=\"heading-anchor\"", "</a>")];
    // Where each control next starts; each search only moves forward.
    let mut next: Vec<Option<usize>> = CONTROLS.iter().map(|(open, _)| html.find(open)).collect();
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    while let Some((kind, start)) = next.iter().enumerate().filter_map(|(i, n)| n.map(|s| (i, s))).min_by_key(|x| x.1) {
        out.push_str(&html[at..start]);
        let close = CONTROLS[kind].1;
        at = html[start..].find(close).map_or(html.len(), |end| start + end + close.len());
        for (found, (open, _)) in next.iter_mut().zip(CONTROLS) {
            if found.is_some_and(|s| s < at) {
                *found = html[at..].find(open).map(|s| at + s);
            }
        }
    }
    out.push_str(&html[at..]);
    out
}

/// URLs in one sitemap file: the protocol's limit.
pub const SITEMAP_URLS: usize = 50_000;
/// Bytes of one sitemap file: the protocol allows 50 MB; folio splits at
/// 1 MB, so that no file of a site, however big, is over 1.5 MB.
pub const SITEMAP_BYTES: usize = 1024 * 1024;

const URLSET_OPEN: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
const URLSET_CLOSE: &str = "</urlset>\n";

/// The sitemap: `sitemap.xml` with the home, archive, tag and post pages
/// (posts with their `hreflang` alternates), or, past `max_urls` URLs or
/// `max_bytes` bytes, `sitemap-1.xml`, `sitemap-2.xml`, … with
/// `sitemap.xml` their index. Returns `(file name, contents)`.
pub fn sitemaps(ctx: &SiteContext, max_urls: usize, max_bytes: usize) -> Vec<(String, String)> {
    let mut entries: Vec<String> = Vec::new();
    let mut url = |page: &Page, lang: &str, langs: &[String], lastmod: Option<String>| {
        let mut out = format!("<url><loc>{}</loc>", xml(&ctx.absolute(&ctx.href(lang, page))));
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
        entries.push(out);
    };
    let all = ctx.config().codes();
    for page in [Page::HOME, Page::Archive(ArchivePart::All)] {
        for lang in &all {
            url(&page, lang, &all, None);
        }
    }
    for post in &ctx.index.posts {
        let langs: Vec<String> = post.versions.iter().map(|v| v.lang.clone()).collect();
        for lang in &langs {
            let changed = post.version(lang).and_then(|v| v.updated).max(post.date);
            url(&Page::Post(post.slug.clone()), lang, &langs, changed.map(|d| d.iso()));
        }
    }
    for page in &ctx.index.pages {
        let langs: Vec<String> = page.versions.iter().map(|v| v.lang.clone()).collect();
        for lang in &langs {
            let changed = page.version(lang).and_then(|v| v.updated);
            url(&page.page(), lang, &langs, changed.map(|d| d.iso()));
        }
    }
    if !ctx.index.tags.is_empty() {
        for lang in &all {
            url(&Page::TagIndex, lang, &all, None);
        }
    }
    for tag in &ctx.index.tags {
        for lang in &all {
            url(&Page::tag(&tag.slug), lang, &all, None);
        }
    }

    let room = max_bytes.saturating_sub(URLSET_OPEN.len() + URLSET_CLOSE.len());
    let mut files: Vec<String> = Vec::new();
    let mut current = String::from(URLSET_OPEN);
    let mut count = 0;
    for entry in entries {
        if count > 0 && (count == max_urls || current.len() - URLSET_OPEN.len() + entry.len() > room) {
            current.push_str(URLSET_CLOSE);
            files.push(std::mem::replace(&mut current, String::from(URLSET_OPEN)));
            count = 0;
        }
        current.push_str(&entry);
        count += 1;
    }
    current.push_str(URLSET_CLOSE);
    files.push(current);
    if files.len() == 1 {
        return vec![(route::SITEMAP_FILE.into(), files.remove(0))];
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut out = Vec::with_capacity(files.len() + 1);
    for (i, contents) in files.into_iter().enumerate() {
        let name = route::sitemap_part(i + 1);
        index.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            xml(&ctx.absolute(&format!("{}{name}", ctx.base)))
        ));
        out.push((name, contents));
    }
    index.push_str("</sitemapindex>\n");
    out.insert(0, (route::SITEMAP_FILE.into(), index));
    out
}

pub fn robots(ctx: &SiteContext) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", ctx.absolute(&format!("{}{}", ctx.base, route::SITEMAP_FILE)))
}

#[cfg(test)]
mod tests {
    use super::for_feed;

    #[test]
    fn feeds_leave_out_the_page_controls() {
        let html = "<h2 id=\"a\">A<a class=\"heading-anchor\" href=\"#a\" aria-label=\"Link\">#</a></h2>\n\
                    <div class=\"code-block\"><pre tabindex=\"0\"><code>x</code></pre><button type=\"button\" class=\"copy-code\" data-copied=\"Copied\" aria-live=\"polite\">Copy</button></div>\n<p><a href=\"/\">kept</a></p>";
        assert_eq!(
            for_feed(html),
            "<h2 id=\"a\">A</h2>\n<div class=\"code-block\"><pre tabindex=\"0\"><code>x</code></pre></div>\n<p><a href=\"/\">kept</a></p>"
        );
        let many = "<a class=\"heading-anchor\" href=\"#x\">#</a>y".repeat(10_000);
        assert_eq!(for_feed(&many), "y".repeat(10_000));
    }
}
