//! Small components shared by the pages. Each takes parsed data as props.

use std::time::Duration;

use leptos::prelude::*;

use super::{browser, remember_language, Nav, Site};
use crate::content::i18n::{reading_time, t, Text};
use crate::content::index::{tag_slug, PostEntry};
use crate::content::route::{Page, Route};
use crate::content::sanitize::{is_safe_url, UrlKind};
use wasm_bindgen::JsCast;

/// A language the current page exists in, as the switch shows it.
#[derive(Clone)]
pub struct LanguageLink {
    pub code: String,
    pub name: String,
    pub href: String,
    pub current: bool,
}

#[component]
pub fn Header(route: Route) -> impl IntoView {
    let site = expect_context::<Site>();
    let lang = route.lang.clone();
    let config = &site.index.site;
    let codes: Vec<String> = match &route.page {
        Page::Post(slug) => {
            site.index.post(slug).map(|p| p.versions.iter().map(|v| v.lang.clone()).collect()).unwrap_or_default()
        }
        _ => config.codes(),
    };
    let links: Vec<LanguageLink> = codes
        .iter()
        .map(|code| LanguageLink {
            code: code.clone(),
            name: config.language_name(code).to_string(),
            href: site.href(code, &route.page),
            current: *code == route.lang,
        })
        .collect();
    let home = site.href(&lang, &Page::Home);
    view! {
        <header class="site-header">
            <a class="site-title" href=home>{config.title.clone()}</a>
            <div class="header-tools">
                <LanguageSwitch lang=lang.clone() links=links/>
                <ThemeToggle lang=lang/>
            </div>
        </header>
    }
}

/// Links to the page in each language. Following one switches in place (the
/// app intercepts the click) and carries the reader's section along.
#[component]
pub fn LanguageSwitch(lang: String, links: Vec<LanguageLink>) -> impl IntoView {
    let nav = expect_context::<Nav>();
    if links.len() < 2 {
        return ().into_any();
    }
    view! {
        <nav class="lang-switch" aria-label=t(&lang, Text::Languages)>
            <ul>
                {links
                    .into_iter()
                    .map(|link| {
                        let code = link.code.clone();
                        let on_click = move |_| {
                            remember_language(&code);
                            nav.carry_section.set(nav.active_section.get_untracked());
                        };
                        view! {
                            <li>
                                <a
                                    href=link.href
                                    hreflang=link.code.clone()
                                    lang=link.code.clone()
                                    aria-current=link.current.then_some("page")
                                    on:click=on_click
                                >
                                    {link.name}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
    .into_any()
}

#[component]
pub fn ThemeToggle(lang: String) -> impl IntoView {
    let theme = RwSignal::new(browser::current_theme());
    let toggle = move |_| {
        let next = if theme.get_untracked() == "dark" { "light" } else { "dark" };
        browser::set_theme(next);
        browser::storage_set("folio-theme", next);
        theme.set(next.to_string());
    };
    let label = t(&lang, Text::ThemeToggle);
    view! {
        <button type="button" class="theme-toggle" title=label aria-label=label aria-pressed=move || (theme.get() == "dark").to_string() on:click=toggle>
            <span class="icon-light" aria-hidden="true">"☀"</span>
            <span class="icon-dark" aria-hidden="true">"☾"</span>
        </button>
    }
}

/// A loading indicator that appears only when loading takes longer than
/// 150 ms, so fast loads do not flash it.
#[component]
pub fn Loading(lang: &'static str) -> impl IntoView {
    let visible = RwSignal::new(false);
    set_timeout(
        move || {
            visible.try_set(true);
        },
        Duration::from_millis(150),
    );
    view! {
        <div class="loading" role="status" aria-live="polite">
            <Show when=move || visible.get()>
                <span class="spinner" aria-hidden="true"></span>
                {t(lang, Text::Loading)}
            </Show>
        </div>
    }
}

#[component]
pub fn ErrorPanel(
    lang: &'static str,
    #[prop(into)] message: String,
    detail: Option<String>,
    on_retry: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <div class="error-panel" role="alert">
            <h1>{message}</h1>
            {detail.map(|d| view! { <p class="error-detail"><code>{d}</code></p> })}
            <button type="button" class="retry" on:click=move |_| on_retry()>{t(lang, Text::Retry)}</button>
        </div>
    }
}

/// Tag links in `lang`.
#[component]
pub fn TagList(lang: String, tags: Vec<String>) -> impl IntoView {
    let site = expect_context::<Site>();
    if tags.is_empty() {
        return ().into_any();
    }
    view! {
        <ul class="tags" aria-label=t(&lang, Text::Tags)>
            {tags
                .into_iter()
                .map(|tag| {
                    let href = site.href(&lang, &Page::Tag(tag_slug(&tag)));
                    view! { <li><a href=href rel="tag">{"#"}{tag}</a></li> }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// Posts newest first, each in the reader's language or, lacking it, its own.
#[component]
pub fn PostList(lang: String, posts: Vec<PostEntry>) -> impl IntoView {
    let site = expect_context::<Site>();
    if posts.is_empty() {
        return view! { <p class="empty">{t(&lang, Text::NoPosts)}</p> }.into_any();
    }
    let items = posts
        .into_iter()
        .filter_map(|post| {
            let version = post.best_version(&lang)?.clone();
            let other_lang = (version.lang != lang).then(|| site.index.site.language_name(&version.lang).to_string());
            let href = site.href(&lang, &Page::Post(post.slug.clone()));
            let date = post.date.map(|d| view! { <time datetime=d.iso()>{d.format(&lang)}</time> });
            Some(view! {
                <li class="post-card" lang=version.lang.clone()>
                    <h2><a href=href>{version.title.clone()}</a></h2>
                    {version.subtitle.clone().map(|s| view! { <p class="subtitle">{s}</p> })}
                    <p class="meta" lang=lang.clone()>
                        {date}
                        <span class="reading-time">{reading_time(&lang, version.reading_minutes)}</span>
                        {other_lang.map(|name| view! { <span class="other-lang">{name}</span> })}
                    </p>
                    <TagList lang=lang.clone() tags=post.tags.clone()/>
                </li>
            })
        })
        .collect_view();
    view! { <ul class="post-list">{items}</ul> }.into_any()
}

/// The title block of a post: title once, subtitle, author, date, reading time, tags.
#[component]
pub fn TitleBlock(lang: String, post: std::sync::Arc<super::load::LoadedPost>) -> impl IntoView {
    let version = &post.version;
    let author_url = version.author_url.clone().filter(|u| is_safe_url(u, UrlKind::Link));
    let author = version.author.clone().map(|name| match author_url {
        Some(url) => view! { <a href=url rel="author">{name}</a> }.into_any(),
        None => view! { <span>{name}</span> }.into_any(),
    });
    let date = post.entry.date.map(|d| view! { <time datetime=d.iso()>{d.format(&lang)}</time> });
    view! {
        <header class="post-header">
            <h1 id="post-title">{post.article.title.clone()}</h1>
            {post.article.subtitle.clone().map(|s| view! { <p class="subtitle">{s}</p> })}
            <p class="meta" lang=lang.clone()>
                {author.map(|a| view! { <span class="author">{t(&lang, Text::By)}" "{a}</span> })}
                {date}
                <span class="reading-time">{reading_time(&lang, version.reading_minutes)}</span>
            </p>
            <TagList lang=lang.clone() tags=post.entry.tags.clone()/>
        </header>
    }
}

/// The table of contents, as HTML (thousands of headings stay cheap; a long
/// one arrives in pieces, see `PostView`). On narrow screens it collapses behind a button; following an entry
/// closes it. The entry being read is marked by `browser::mark_toc_active`.
#[component]
pub fn Toc(title: String, first_piece: String) -> impl IntoView {
    let open = RwSignal::new(false);
    let close_on_link = move |event: web_sys::MouseEvent| {
        let on_link =
            event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|e| e.tag_name() == "A");
        if on_link {
            open.set(false);
        }
    };
    view! {
        <nav class="toc" aria-labelledby="toc-title" class:open=move || open.get()>
            <button type="button" class="toc-toggle" aria-expanded=move || open.get().to_string() aria-controls="toc-list" on:click=move |_| open.update(|o| *o = !*o)>
                {title.clone()}
            </button>
            <h2 id="toc-title" class="toc-title">{title.clone()}</h2>
            <div id="toc-list" on:click=close_on_link inner_html=first_piece></div>
        </nav>
    }
}
