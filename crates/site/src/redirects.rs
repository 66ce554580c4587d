//! A post's old URLs (`aliases`, `redirect_from`) keep working: each gets a
//! page at that path that sends the reader on without a script (a refresh
//! `<meta>`, a canonical link and a visible link, kept out of search
//! engines), and `_redirects` lists them all for hosts that answer with a
//! real 301 (Netlify, Cloudflare Pages).

use std::collections::BTreeMap;

use folio_core::index::Alias;
use folio_core::route;
use folio_core::sanitize::escape_attr;

use super::SiteContext;

/// What the old URLs need written.
#[derive(Debug, Default)]
pub struct Redirects {
    /// Each redirect page: its path under `dist/` and its HTML.
    pub pages: Vec<(String, String)>,
    /// The `_redirects` file, or nothing when no post has an old URL.
    pub hosts_file: Option<String>,
    /// Old URLs that are not on this site: warnings, with file and line.
    pub elsewhere: Vec<String>,
}

/// Plans the redirects of every alias, posts' and pages'. Two claiming one
/// old URL, or one written in a file on the path of a page folio writes
/// (`taken`), are errors naming the files (`shown`: the posts folder and the
/// pages folder as the writer sees them); an old permalink on such a path
/// (the post's own) is skipped.
pub fn plan<'a>(
    ctx: &SiteContext,
    aliases: impl IntoIterator<Item = &'a Alias>,
    shown: (&str, &str),
    taken: &dyn Fn(&str) -> bool,
) -> Result<Redirects, Vec<String>> {
    let mut redirects = Redirects::default();
    let mut claimed: BTreeMap<String, &Alias> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut lines = String::new();
    let folder = |alias: &Alias| if alias.standalone { shown.1 } else { shown.0 };
    for alias in aliases {
        let posts_shown = folder(alias);
        let Some(file) = route::alias_file(&alias.url, ctx.config().origin(), ctx.base) else {
            redirects.elsewhere.push(format!(
                "warning: {posts_shown}/{}:{}: the old URL `{}` is not a path on this site ({}{}); it gets no redirect",
                alias.file,
                alias.line,
                alias.url,
                ctx.config().origin(),
                ctx.base
            ));
            continue;
        };
        if taken(&file) {
            if !alias.generated {
                errors.push(format!(
                    "error: {posts_shown}/{}:{}: the old URL `{}` is the path of a page folio writes ({file}); \
                     remove it from the post's aliases",
                    alias.file, alias.line, alias.url
                ));
            }
            continue;
        }
        if let Some(first) = claimed.get(&file) {
            if (first.slug.as_str(), first.standalone) != (alias.slug.as_str(), alias.standalone) {
                errors.push(format!(
                    "error: {posts_shown}/{}:{}: the old URL `{}` is also claimed by {}/{}:{}; keep it on one of them",
                    alias.file,
                    alias.line,
                    alias.url,
                    folder(first),
                    first.file,
                    first.line
                ));
            }
            continue;
        }
        claimed.insert(file.clone(), alias);
        let entry = match alias.standalone {
            true => ctx.index.page(&alias.slug),
            false => ctx.index.post(&alias.slug),
        };
        let Some(post) = entry else { continue };
        let Some(version) = post.best_version(&alias.lang) else { continue };
        let href = ctx.href(&version.lang, &post.page());
        let absolute = ctx.absolute(&href);
        redirects.pages.push((file.clone(), page(&version.lang, &version.title, &href, &absolute)));
        // Forced (`!`): the redirect page at that path would otherwise be served.
        let old = format!("{}{}", ctx.base, file.strip_suffix("index.html").unwrap_or(&file));
        lines.push_str(&format!("{} {} 301!\n", encoded(&old), encoded(&href)));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    redirects.hosts_file = (!lines.is_empty()).then_some(lines);
    Ok(redirects)
}

/// A page that sends the reader to `href` at once, and says where, for a
/// browser that does not follow the refresh.
fn page(lang: &str, title: &str, href: &str, absolute: &str) -> String {
    let attr = |text: &str| {
        let mut out = String::new();
        escape_attr(text, &mut out);
        out
    };
    let (href, absolute, title) = (attr(href), attr(absolute), attr(title));
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
         <link rel=\"canonical\" href=\"{absolute}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={href}\">\n</head>\n\
         <body>\n<p><a href=\"{href}\">{title}</a></p>\n</body>\n</html>\n",
        lang = attr(lang)
    )
}

/// A path as `_redirects` wants it: bytes other than letters, digits and
/// `/-._~` percent-encoded, so that a space cannot split a rule.
pub(crate) fn encoded(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        // `%` too: paths here are decoded (`route::alias_file`), so a `%` is one.
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
