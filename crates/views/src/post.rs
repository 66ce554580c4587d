//! A post: its title block, table of contents and body.

use leptos::prelude::*;

use super::{Site, TagList};
use folio_core::i18n::{around, is_rtl, reading_time, t, ui_lang, Text};
use folio_core::ids;
use folio_core::index::{PostEntry, Version};
use folio_core::markdown::{resolve_url, RenderContext};
use folio_core::route;
use folio_core::sanitize::{is_safe_url, UrlKind};
use folio_core::source_name;

/// The post's cover (its front matter's `image`, `cover`…), found as the
/// post's own images are: a path from its file's folder, or from the site's
/// root. Decorative: the title says what the post is.
fn cover(version: &Version, standalone: bool) -> Option<impl IntoView> {
    let site = expect_context::<Site>();
    let image = version.image.as_deref()?;
    let links = RenderContext {
        folder: source_name::folder(&version.file),
        files: route::files_of(standalone),
        ..RenderContext::unlinked(&site.base, &folio_core::extras::NONE)
    };
    let src = resolve_url(image, UrlKind::Image, &links)?;
    let (width, height) = version.image_size.unzip();
    Some(view! {
        <figure class="cover">
            <img src=src alt="" width=width height=height decoding="async"/>
        </figure>
    })
}

/// Text around an element, if any: an empty text would render as a space
/// on the prerendered page and as nothing in the app.
fn words(text: &'static str) -> Option<&'static str> {
    (!text.is_empty()).then_some(text)
}

/// The title block: title once, subtitle, author, date, reading time, tags,
/// cover; a writer's page (`PostEntry::standalone`) has only its title,
/// subtitle and cover.
#[component]
pub fn TitleBlock(entry: PostEntry, version: Version, title: String, subtitle: Option<String>) -> impl IntoView {
    let lang = version.lang.clone();
    let ui = ui_lang(&lang);
    let author_url = version.author_url.clone().filter(|u| is_safe_url(u, UrlKind::Link));
    let author = version.author.clone().map(|name| {
        let name = match author_url {
            Some(url) => view! { <a href=url rel="author">{name}</a> }.into_any(),
            None => view! { <span>{name}</span> }.into_any(),
        };
        let (before, after) = around(t(ui, Text::By), "author");
        view! { <span class="author">{words(before)}{name}{words(after)}</span> }
    });
    let date = entry.date.map(|d| view! { <time datetime=d.iso()>{d.format(&lang)}</time> });
    let cover = cover(&version, entry.standalone);
    let updated = version.updated.map(|d| {
        let (before, after) = around(t(ui, Text::Updated), "date");
        view! { <span class="updated">{words(before)}<time datetime=d.iso()>{d.format(&lang)}</time>{words(after)}</span> }
    });
    let meta = (!entry.standalone).then(|| {
        view! {
            <p class="meta" lang=lang.clone()>
                {author}
                {date}
                {updated}
                <span class="reading-time">{reading_time(ui, version.reading_minutes)}</span>
            </p>
            <TagList lang=lang tags=entry.tags/>
        }
    });
    view! {
        <header class="post-header">
            <h1 id=ids::POST_TITLE>{title}</h1>
            {subtitle.map(|s| view! { <p class="subtitle">{s}</p> })}
            {meta}
            {cover}
        </header>
    }
}

/// A post as a reader of `lang` sees it. `body` and `toc` are HTML the core
/// rendered (sanitized); the app may pass only their first pieces and add the
/// rest later, or leave them empty and adopt the prerendered page's nodes
/// (`adopt`).
#[component]
pub fn PostArticle(
    lang: String,
    entry: PostEntry,
    version: Version,
    title: String,
    subtitle: Option<String>,
    toc_title: String,
    body: String,
    /// The TOC's entries as HTML; `None` when the post has no headings.
    toc: Option<String>,
    #[prop(optional)] adopt: bool,
) -> impl IntoView {
    let standalone = entry.standalone;
    let content_lang = version.lang.clone();
    let notice = (content_lang != lang)
        .then(|| view! { <p class="notice" lang=lang.clone()>{t(ui_lang(&lang), Text::PostNotInLanguage)}</p> });
    let toc = toc.filter(|_| entry.shows_toc(&version));
    let has_toc = toc.is_some();
    // A post in a language written the other way than the page's.
    let dir = (is_rtl(&content_lang) != is_rtl(&lang)).then(|| folio_core::i18n::dir(&content_lang));
    let toc = toc.map(|entries| {
        view! {
            <nav class="toc" aria-labelledby=ids::TOC_TITLE>
                <button type="button" class="toc-toggle" aria-expanded="false" aria-controls=ids::TOC_LIST>
                    {toc_title.clone()}
                </button>
                <h2 id=ids::TOC_TITLE class="toc-title">{toc_title.clone()}</h2>
                <div id=ids::TOC_LIST inner_html=entries></div>
            </nav>
        }
    });
    let adopt = adopt.then_some("");
    view! {
        {notice}
        <article class="post" class:has-toc=has_toc class:standalone=standalone lang=content_lang dir=dir>
            <TitleBlock entry=entry version=version title=title subtitle=subtitle/>
            {toc}
            <div class="post-body" data-adopt=adopt inner_html=body></div>
        </article>
    }
}
