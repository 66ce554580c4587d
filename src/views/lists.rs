//! Lists of posts: the home and tag pages (a page at a time), the archive,
//! and the not-found page.

use leptos::prelude::*;

use super::Site;
use crate::content::i18n::{language_label, reading_time, t, ui_lang, Text};
use crate::content::index::tag_slug;
use crate::content::listing::{Archive, ArchivePartData, ArchiveYear, ListPage, ListedPost};
use crate::content::route::{ArchivePart, Page};

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
/// page in a language it lacks).
#[component]
pub fn PostList(lang: String, posts: Vec<ListedPost>) -> impl IntoView {
    let site = expect_context::<Site>();
    let ui = ui_lang(&lang);
    if posts.is_empty() {
        return view! { <p class="empty">{t(ui, Text::NoPosts)}</p> }.into_any();
    }
    let items = posts
        .into_iter()
        .map(|post| {
            let other = post.lang != lang;
            let label = other.then(|| language_label(ui, &post.lang, site.config()));
            let href = site.href(&post.lang, &Page::Post(post.slug.clone()));
            let date = post.date.map(|d| view! { <time datetime=d.iso()>{d.format(&lang)}</time> });
            view! {
                <li class="post-card" lang=post.lang.clone()>
                    <h2><a href=href hreflang=other.then(|| post.lang.clone())>{post.title}</a></h2>
                    {post.subtitle.map(|s| view! { <p class="subtitle">{s}</p> })}
                    <p class="meta" lang=lang.clone()>
                        {date}
                        <span class="reading-time">{reading_time(ui, post.reading_minutes)}</span>
                        {label.map(|name| view! { <span class="other-lang">{name}</span> })}
                    </p>
                    <TagList lang=lang.clone() tags=post.tags/>
                </li>
            }
        })
        .collect::<Vec<_>>();
    view! { <ul class="post-list">{items}</ul> }.into_any()
}

/// The heading of a tag page: "Posts tagged #rust".
pub fn tag_heading(lang: &str, name: &str) -> String {
    format!("{} #{}", t(ui_lang(lang), Text::TaggedWith), name)
}

/// The heading of a list page, with its page number after the first.
pub fn list_heading(lang: &str, list: &ListPage) -> String {
    let ui = ui_lang(lang);
    let heading = match &list.tag {
        Some(tag) => tag_heading(lang, &tag.name),
        None => t(ui, Text::Posts).to_string(),
    };
    if list.number > 1 {
        format!("{heading} ({} {})", t(ui, Text::PageWord), list.number)
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
    let pager = (list.pages > 1).then(|| {
        let newer = list.newer().map(|page| {
            view! { <a class="newer" rel="prev" href=site.href(&lang, &page)>"← "{t(ui, Text::NewerPosts)}</a> }
        });
        let older = list.older().map(|page| {
            view! { <a class="older" rel="next" href=site.href(&lang, &page)>{t(ui, Text::OlderPosts)}" →"</a> }
        });
        let position = format!("{} {} {} {}", t(ui, Text::PageWord), list.number, t(ui, Text::Of), list.pages);
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
            <PostList lang=lang.clone() posts=list.posts/>
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
    let body = if archive.part == ArchivePartData::Overview {
        let years = archive
            .years
            .into_iter()
            .map(|year| {
                let href = site.href(&lang, &Page::Archive(year.part()));
                view! { <li><a href=href>{year_name(ui, &year)}</a>" ("{year.count}")"</li> }
            })
            .collect::<Vec<_>>();
        view! { <ul class="archive-years">{years}</ul> }.into_any()
    } else {
        let years = archive
            .years
            .into_iter()
            .map(|year| {
                let name = year_name(ui, &year);
                let posts = year
                    .posts
                    .into_iter()
                    .map(|post| {
                        let other = post.lang != lang;
                        let href = site.href(&post.lang, &Page::Post(post.slug));
                        let date = post.date.map(|d| view! { <time datetime=d.iso()>{d.format(&lang)}</time> });
                        view! {
                            <li>
                                <a href=href hreflang=other.then(|| post.lang.clone()) lang=other.then(|| post.lang.clone())>{post.title}</a>
                                " "{date}
                            </li>
                        }
                    })
                    .collect::<Vec<_>>();
                view! { <h2>{name}</h2><ol class="archive-list">{posts}</ol> }
            })
            .collect::<Vec<_>>();
        view! { {years} }.into_any()
    };
    let back = (archive.part != ArchivePartData::All && archive.part != ArchivePartData::Overview).then(|| {
        let href = site.href(&lang, &Page::Archive(ArchivePart::All));
        view! { <p class="archive-link"><a href=href>{t(ui, Text::Archive)}</a></p> }
    });
    view! {
        <section class="archive">
            <h1 class="page-title">{heading}</h1>
            {body}
            {back}
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
