//! Lists of posts: the home page, tag pages, and the not-found page.

use leptos::prelude::*;

use super::Site;
use crate::content::i18n::{language_label, reading_time, t, ui_lang, Text};
use crate::content::index::{tag_slug, PostEntry};
use crate::content::route::Page;

/// Tag links on pages in `lang`.
#[component]
pub fn TagList(lang: String, tags: Vec<String>) -> impl IntoView {
    let site = expect_context::<Site>();
    (!tags.is_empty()).then(|| {
        let items = tags
            .into_iter()
            .map(|tag| {
                let href = site.href(&lang, &Page::Tag(tag_slug(&tag)));
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
pub fn PostList(lang: String, posts: Vec<PostEntry>) -> impl IntoView {
    let site = expect_context::<Site>();
    let ui = ui_lang(&lang);
    if posts.is_empty() {
        return view! { <p class="empty">{t(ui, Text::NoPosts)}</p> }.into_any();
    }
    let items = posts
        .into_iter()
        .filter_map(|post| {
            let version = post.best_version(&lang)?.clone();
            let other = version.lang != lang;
            let label = other.then(|| language_label(ui, &version.lang, site.config()));
            let href = site.href(&version.lang, &Page::Post(post.slug.clone()));
            let date = post.date.map(|d| view! { <time datetime=d.iso()>{d.format(&lang)}</time> });
            Some(view! {
                <li class="post-card" lang=version.lang.clone()>
                    <h2><a href=href hreflang=other.then(|| version.lang.clone())>{version.title.clone()}</a></h2>
                    {version.subtitle.clone().map(|s| view! { <p class="subtitle">{s}</p> })}
                    <p class="meta" lang=lang.clone()>
                        {date}
                        <span class="reading-time">{reading_time(ui, version.reading_minutes)}</span>
                        {label.map(|name| view! { <span class="other-lang">{name}</span> })}
                    </p>
                    <TagList lang=lang.clone() tags=post.tags.clone()/>
                </li>
            })
        })
        .collect::<Vec<_>>();
    view! { <ul class="post-list">{items}</ul> }.into_any()
}

#[component]
pub fn HomeView(lang: String) -> impl IntoView {
    let site = expect_context::<Site>();
    view! {
        <section class="home">
            <h1 class="page-title">{t(ui_lang(&lang), Text::Posts)}</h1>
            <PostList lang=lang.clone() posts=site.index.posts.clone()/>
        </section>
    }
}

/// The heading of a tag page: "Posts tagged #rust".
pub fn tag_heading(lang: &str, name: &str) -> String {
    format!("{} #{}", t(ui_lang(lang), Text::TaggedWith), name)
}

#[component]
pub fn TagView(lang: String, name: String, slug: String) -> impl IntoView {
    let site = expect_context::<Site>();
    let posts = site.index.posts_tagged(&slug).into_iter().cloned().collect::<Vec<_>>();
    view! {
        <section class="tag-page">
            <h1 class="page-title">{tag_heading(&lang, &name)}</h1>
            <PostList lang=lang.clone() posts=posts/>
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
            <p><a href=site.href(&lang, &Page::Home)>{t(ui, Text::BackHome)}</a></p>
        </section>
    }
}
