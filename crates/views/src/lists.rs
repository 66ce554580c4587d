//! Lists of posts: the home and tag pages (a page at a time), the archive,
//! and the not-found page.

use leptos::prelude::*;

use super::{push_attr, Site};
use folio_core::i18n::{dir, fill, is_rtl, language_label, number, post_count, reading_time, t, ui_lang, Text};
use folio_core::index::tag_slug;
use folio_core::listing::{Archive, ArchivePartData, ArchiveYear, ListPage, ListedPost, TagCount};
use folio_core::route::{ArchivePart, Page};
use folio_core::sanitize::escape_attr;

/// Tag links on pages in `lang`.
#[component]
pub fn TagList(lang: String, tags: Vec<String>) -> impl IntoView {
    let site = expect_context::<Site>();
    (!tags.is_empty()).then(|| {
        let items = tags
            .into_iter()
            .map(|tag| {
                let href = site.href(&lang, &Page::tag(&tag_slug(&tag)));
                view! { <li><a href=href rel="tag">"#"{tag}</a></li> }
            })
            .collect::<Vec<_>>();
        view! { <ul class="tags" aria-label=t(ui_lang(&lang), Text::Tags)>{items}</ul> }
    })
}

/// Posts newest first, each in the reader's language or, lacking it, in its
/// own, marked with that language and linked at its real URL (a post has no
/// page in a language it lacks). As HTML, like the archive: a list page is
/// static, and one string is less wasm than a tree of views.
pub fn post_list_html(site: &Site, lang: &str, posts: &[ListedPost]) -> String {
    let ui = ui_lang(lang);
    let mut out = String::new();
    if posts.is_empty() {
        out.push_str("<p class=\"empty\">");
        escape_attr(t(ui, Text::NoPosts), &mut out);
        out.push_str("</p>");
        return out;
    }
    out.push_str("<ul class=\"post-list\">");
    for post in posts {
        let other = post.lang != lang;
        out.push_str("<li class=\"post-card\"");
        push_attr(&mut out, "lang", &post.lang);
        // A post in a language written the other way than the page's.
        if is_rtl(&post.lang) != is_rtl(lang) {
            push_attr(&mut out, "dir", dir(&post.lang));
        }
        out.push_str("><h2><a");
        push_attr(&mut out, "href", &site.href(&post.lang, &Page::Post(post.slug.clone())));
        if other {
            push_attr(&mut out, "hreflang", &post.lang);
        }
        out.push('>');
        escape_attr(&post.title, &mut out);
        out.push_str("</a></h2>");
        if let Some(subtitle) = &post.subtitle {
            out.push_str("<p class=\"subtitle\">");
            escape_attr(subtitle, &mut out);
            out.push_str("</p>");
        }
        out.push_str("<p class=\"meta\"");
        push_attr(&mut out, "lang", lang);
        out.push('>');
        if let Some(date) = post.date {
            out.push_str("<time");
            push_attr(&mut out, "datetime", &date.iso());
            out.push('>');
            escape_attr(&date.format(lang), &mut out);
            out.push_str("</time>");
        }
        out.push_str("<span class=\"reading-time\">");
        escape_attr(&reading_time(ui, post.reading_minutes), &mut out);
        out.push_str("</span>");
        if other {
            out.push_str("<span class=\"other-lang\">");
            escape_attr(&language_label(ui, &post.lang, site.config()), &mut out);
            out.push_str("</span>");
        }
        out.push_str("</p>");
        if !post.tags.is_empty() {
            out.push_str("<ul class=\"tags\"");
            push_attr(&mut out, "aria-label", t(ui, Text::Tags));
            out.push('>');
            for tag in &post.tags {
                out.push_str("<li><a");
                push_attr(&mut out, "href", &site.href(lang, &Page::tag(&tag_slug(tag))));
                out.push_str(" rel=\"tag\">#");
                escape_attr(tag, &mut out);
                out.push_str("</a></li>");
            }
            out.push_str("</ul>");
        }
        out.push_str("</li>");
    }
    out.push_str("</ul>");
    out
}

/// The heading of a tag page: "Posts tagged #rust".
pub fn tag_heading(lang: &str, name: &str) -> String {
    fill(t(ui_lang(lang), Text::TaggedWith), &[("tag", &format!("#{name}"))])
}

/// The heading of a list page, with its page number after the first.
pub fn list_heading(lang: &str, list: &ListPage) -> String {
    let ui = ui_lang(lang);
    let heading = match &list.tag {
        Some(tag) => tag_heading(lang, &tag.name),
        None => t(ui, Text::Posts).to_string(),
    };
    if list.number > 1 {
        format!("{heading} ({})", fill(t(ui, Text::PageNumber), &[("page", &number(ui, list.number as u64))]))
    } else {
        heading
    }
}

/// A page of the home page's or a tag's list, with links to the pages
/// before and after it and, on the home page, to the archive.
#[component]
pub fn ListView(lang: String, list: ListPage) -> impl IntoView {
    let site = expect_context::<Site>();
    let ui = ui_lang(&lang);
    let class = if list.tag.is_some() { "tag-page" } else { "home" };
    let heading = list_heading(&lang, &list);
    // The arrows point the way the page reads.
    let (back, forward) = if is_rtl(&lang) { ("→", "←") } else { ("←", "→") };
    let pager = (list.pages > 1).then(|| {
        let newer = list.newer().map(|page| {
            view! { <a class="newer" rel="prev" href=site.href(&lang, &page)>{back}" "{t(ui, Text::NewerPosts)}</a> }
        });
        let older = list.older().map(|page| {
            view! { <a class="older" rel="next" href=site.href(&lang, &page)>{t(ui, Text::OlderPosts)}" "{forward}</a> }
        });
        let position = fill(
            t(ui, Text::PageOf),
            &[("page", &number(ui, list.number as u64)), ("pages", &number(ui, list.pages as u64))],
        );
        view! {
            <nav class="pager" aria-label=t(ui, Text::Pagination)>
                {newer}
                <span class="pager-position">{position}</span>
                {older}
            </nav>
        }
    });
    let archive = list.tag.is_none().then(|| {
        let href = site.href(&lang, &Page::Archive(ArchivePart::All));
        view! { <p class="archive-link"><a href=href>{t(ui, Text::ArchiveLink)}</a></p> }
    });
    view! {
        <section class=class>
            <h1 class="page-title">{heading}</h1>
            <div class="posts" inner_html=post_list_html(&site, &lang, &list.posts)></div>
            {pager}
            {archive}
        </section>
    }
}

/// The heading of an archive page: "Archive", "Archive: 2024".
pub fn archive_heading(lang: &str, archive: &Archive) -> String {
    let ui = ui_lang(lang);
    match archive.part {
        ArchivePartData::All | ArchivePartData::Overview => t(ui, Text::Archive).to_string(),
        ArchivePartData::Year(year) => format!("{}: {year}", t(ui, Text::Archive)),
        ArchivePartData::Undated => format!("{}: {}", t(ui, Text::Archive), t(ui, Text::Undated)),
    }
}

fn year_name(ui: &str, year: &ArchiveYear) -> String {
    year.year.map_or_else(|| t(ui, Text::Undated).to_string(), |y| y.to_string())
}

/// Every post by year, titles only; on a big site the years, each linking
/// to its own page.
#[component]
pub fn ArchiveView(lang: String, archive: Archive) -> impl IntoView {
    let site = expect_context::<Site>();
    let ui = ui_lang(&lang);
    let heading = archive_heading(&lang, &archive);
    let body = archive_html(&site, &lang, &archive);
    let back = (archive.part != ArchivePartData::All && archive.part != ArchivePartData::Overview).then(|| {
        let href = site.href(&lang, &Page::Archive(ArchivePart::All));
        view! { <p class="archive-link"><a href=href>{t(ui, Text::Archive)}</a></p> }
    });
    view! {
        <section class="archive">
            <h1 class="page-title">{heading}</h1>
            <div class="archive-body" inner_html=body></div>
            {back}
        </section>
    }
}

/// The years and their titles as HTML (on an overview, the years with their
/// counts, each linking to its page): a big site's archive has thousands of
/// entries, which the browser parses from one string far faster than the app
/// could build them node by node, and in less wasm. Every text is escaped.
fn archive_html(site: &Site, lang: &str, archive: &Archive) -> String {
    let ui = ui_lang(lang);
    let mut out = String::new();
    if archive.part == ArchivePartData::Overview {
        out.push_str("<ul class=\"archive-years\">");
        for year in &archive.years {
            out.push_str("<li><a href=\"");
            escape_attr(&site.href(lang, &Page::Archive(year.part())), &mut out);
            out.push_str("\">");
            escape_attr(&year_name(ui, year), &mut out);
            out.push_str(&format!("</a> ({})</li>", year.count));
        }
        out.push_str("</ul>");
        return out;
    }
    for year in &archive.years {
        out.push_str("<h2>");
        escape_attr(&year_name(ui, year), &mut out);
        out.push_str("</h2><ol class=\"archive-list\">");
        for post in &year.posts {
            out.push_str("<li><a href=\"");
            escape_attr(&site.href(&post.lang, &Page::Post(post.slug.clone())), &mut out);
            out.push('"');
            if post.lang != lang {
                out.push_str(" hreflang=\"");
                escape_attr(&post.lang, &mut out);
                out.push_str("\" lang=\"");
                escape_attr(&post.lang, &mut out);
                out.push('"');
                if is_rtl(&post.lang) != is_rtl(lang) {
                    out.push_str(" dir=\"");
                    out.push_str(dir(&post.lang));
                    out.push('"');
                }
            }
            out.push('>');
            escape_attr(&post.title, &mut out);
            out.push_str("</a>");
            if let Some(date) = post.date {
                out.push_str(" <time datetime=\"");
                out.push_str(&date.iso());
                out.push_str("\">");
                escape_attr(&date.format(lang), &mut out);
                out.push_str("</time>");
            }
            out.push_str("</li>");
        }
        out.push_str("</ol>");
    }
    out
}

/// Every tag with its number of posts, most first.
#[component]
pub fn TagIndexView(lang: String, tags: Vec<TagCount>) -> impl IntoView {
    let site = expect_context::<Site>();
    let ui = ui_lang(&lang);
    let mut out = String::new();
    if tags.is_empty() {
        out.push_str("<p class=\"empty\">");
        escape_attr(t(ui, Text::NoPosts), &mut out);
        out.push_str("</p>");
    } else {
        out.push_str("<ul class=\"tag-index\">");
        for tag in &tags {
            out.push_str("<li><a href=\"");
            escape_attr(&site.href(&lang, &Page::tag(&tag.slug)), &mut out);
            out.push_str("\" rel=\"tag\">#");
            escape_attr(&tag.name, &mut out);
            out.push_str("</a> <span class=\"count\">");
            escape_attr(&post_count(ui, tag.posts), &mut out);
            out.push_str("</span></li>");
        }
        out.push_str("</ul>");
    }
    view! {
        <section class="tags-page">
            <h1 class="page-title">{t(ui, Text::Tags)}</h1>
            <div inner_html=out></div>
        </section>
    }
}

#[component]
pub fn NotFoundView(lang: String) -> impl IntoView {
    let site = expect_context::<Site>();
    let ui = ui_lang(&lang);
    view! {
        <section class="not-found">
            <h1>{t(ui, Text::NotFound)}</h1>
            <p>{t(ui, Text::NotFoundBody)}</p>
            <p><a href=site.href(&lang, &Page::HOME)>{t(ui, Text::BackHome)}</a></p>
        </section>
    }
}

/// A page that could not be shown: what went wrong, why in plain words if
/// known, the exact detail for a report, and Retry. The app passes
/// `on_retry`; a static page (the offline page) has none, and its button
/// reloads the page (`data-reload`, handled by `public/controls.js`).
#[component]
pub fn ErrorPanel(
    lang: &'static str,
    #[prop(into)] message: String,
    #[prop(default = None)] explanation: Option<&'static str>,
    #[prop(default = None)] detail: Option<String>,
    #[prop(optional)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let reload = on_retry.is_none().then_some("");
    view! {
        <div class="error-panel" role="alert">
            <h1>{message}</h1>
            {explanation.map(|e| view! { <p>{e}</p> })}
            {detail.map(|d| view! { <p class="error-detail"><code>{d}</code></p> })}
            <button type="button" class="retry" data-reload=reload on:click=move |_| {
                if let Some(retry) = on_retry {
                    retry.run(());
                }
            }>{t(lang, Text::Retry)}</button>
        </div>
    }
}

/// What a reader sees on opening a page that was never saved, offline:
/// the service worker answers with this page, rendered for each language.
#[component]
pub fn OfflineView(lang: String) -> impl IntoView {
    let ui = ui_lang(&lang);
    view! { <ErrorPanel lang=ui message=t(ui, Text::Offline) explanation=Some(t(ui, Text::OfflineBody))/> }
}
