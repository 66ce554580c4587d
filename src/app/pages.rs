//! One component per page: a list (home or tag), the archive, a post, not
//! found, failed. Each wraps the view
//! the static page is rendered with (`crate::views`) with what only the app
//! does: loading, the tab title, scrolling and focus.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;

use super::browser::{self, FetchError, ScrollWhenComplete};
use super::components::Loading;
use super::load::{self, Load, LoadError, LoadedPost};
use super::{Nav, ScrollTarget};
use folio_core::i18n::{t, ui_lang, Text};
use folio_core::listing::{Archive, ListPage as ListPageData, PostData, TagCount};
use folio_core::page::{tab_title, toc_title};
use folio_core::{markdown, toc};
use folio_views::{
    archive_heading, list_heading, ArchiveView, ErrorPanel, ListView, NotFoundView, PostArticle, Site, TagIndexView,
};

/// After a page has rendered: its tab title, scroll position and focus.
fn finish_page(nav: Nav, title: String) {
    browser::set_title(&title);
    browser::sync_theme_toggle();
    request_animation_frame(move || {
        browser::reveal_app();
        match nav.scroll.get_untracked() {
            ScrollTarget::Keep => {}
            ScrollTarget::Top => browser::scroll_to_y(0.0),
            ScrollTarget::Position(y) => browser::scroll_to_y(y),
            ScrollTarget::Hash(id) => {
                if !browser::scroll_to_id(&id) {
                    browser::scroll_to_y(0.0);
                }
            }
            ScrollTarget::Section(index) => match browser::toc_headings().get(index) {
                Some(heading) => heading.scroll_into_view(),
                None => browser::scroll_to_y(0.0),
            },
        }
        if nav.navigated.get_untracked() {
            browser::focus("#main h1");
        }
    });
}

#[component]
pub fn ListPage(lang: String, list: ListPageData) -> impl IntoView {
    let site = expect_context::<Site>();
    let nav = expect_context::<Nav>();
    let title = match list.tag {
        None if list.number == 1 => site.config().title.clone(),
        _ => tab_title(&site.config().title, &list_heading(&lang, &list)),
    };
    Effect::new(move |_| finish_page(nav, title.clone()));
    view! { <ListView lang=lang list=list/> }
}

#[component]
pub fn ArchivePage(lang: String, archive: Archive) -> impl IntoView {
    let site = expect_context::<Site>();
    let nav = expect_context::<Nav>();
    let title = tab_title(&site.config().title, &archive_heading(&lang, &archive));
    Effect::new(move |_| finish_page(nav, title.clone()));
    view! { <ArchiveView lang=lang archive=archive/> }
}

#[component]
pub fn TagsPage(lang: String, tags: Vec<TagCount>) -> impl IntoView {
    let site = expect_context::<Site>();
    let nav = expect_context::<Nav>();
    let title = tab_title(&site.config().title, t(ui_lang(&lang), Text::Tags));
    Effect::new(move |_| finish_page(nav, title.clone()));
    view! { <TagIndexView lang=lang tags=tags/> }
}

#[component]
pub fn NotFoundPage(lang: String) -> impl IntoView {
    let site = expect_context::<Site>();
    let nav = expect_context::<Nav>();
    let title = tab_title(&site.config().title, t(ui_lang(&lang), Text::NotFound));
    Effect::new(move |_| finish_page(nav, title.clone()));
    view! { <NotFoundView lang=lang/> }
}

/// A page that could not load, with what went wrong and Retry.
#[component]
pub fn FailedPage(lang: String, error: LoadError, on_retry: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    let site = expect_context::<Site>();
    let nav = expect_context::<Nav>();
    let ui = ui_lang(&lang);
    let title = tab_title(&site.config().title, &error.message(ui));
    Effect::new(move |_| finish_page(nav, title.clone()));
    view! { <ErrorPanel lang=ui message=error.message(ui) explanation=error.explanation(ui) detail=error.detail() on_retry=Callback::new(move |_| on_retry())/> }
}

#[component]
pub fn PostPage(lang: String, data: PostData) -> impl IntoView {
    let site = expect_context::<Site>();
    let nav = expect_context::<Nav>();
    let data = Arc::new(data);
    let initial = match load::adoptable(&site, &data, &lang).map(Ok).or_else(|| load::cached(&site, &data, &lang)) {
        Some(Ok(post)) => Load::Ready(post),
        Some(Err(error)) => Load::Failed(error),
        None => Load::Loading,
    };
    let state = RwSignal::new(initial);
    let attempt = RwSignal::new(0u32);

    let (load_site, load_data, load_lang) = (site.clone(), data.clone(), lang.clone());
    Effect::new(move |_| {
        let retrying = attempt.get() > 0;
        if !retrying && !matches!(state.get_untracked(), Load::Loading) {
            return;
        }
        state.set(Load::Loading);
        let (site, data, lang) = (load_site.clone(), load_data.clone(), load_lang.clone());
        leptos::task::spawn_local(async move {
            match load::post(&site, &data, &lang).await {
                Err(LoadError::Fetch(FetchError::Aborted)) => {}
                Ok(post) => {
                    state.try_set(Load::Ready(post));
                }
                Err(error) => {
                    state.try_set(Load::Failed(error));
                }
            }
        });
    });

    track_reading_position(nav);

    let ui = ui_lang(&lang);
    let site_title = site.config().title.clone();
    view! {
        {move || match state.get() {
            Load::Loading => view! { <Loading lang=ui/> }.into_any(),
            Load::Failed(LoadError::NotFound) => view! { <NotFoundPage lang=lang.clone()/> }.into_any(),
            Load::Failed(error) => {
                // Data from before a deploy, reached in the app: the page
                // itself, loaded in full, is current.
                if matches!(error, LoadError::Stale(_)) && nav.navigated.get_untracked() {
                    browser::reload();
                }
                let title = tab_title(&site_title, &error.message(ui));
                Effect::new(move |_| finish_page(nav, title.clone()));
                view! {
                    <ErrorPanel lang=ui message=error.message(ui) explanation=error.explanation(ui) detail=error.detail() on_retry=Callback::new(move |_| attempt.update(|n| *n += 1))/>
                }
                .into_any()
            }
            Load::Ready(post) => {
                let prefix = post.version.title_prefix.clone().unwrap_or_else(|| site_title.clone());
                let title = tab_title(&prefix, &post.article.title);
                Effect::new(move |_| finish_page(nav, title.clone()));
                view! { <PostView lang=lang.clone() post=post/> }.into_any()
            }
        }}
    }
}

/// HTML added to the page per task for long posts: small enough that the
/// browser parses and lays out each piece well within a frame budget on a
/// slow machine (the first frame also lays out the header and the TOC).
const CHUNK_BYTES: usize = 24 * 1024;
/// TOC entries added per task, likewise.
const TOC_ENTRIES_PER_PIECE: usize = 80;

#[component]
fn PostView(lang: String, post: Arc<LoadedPost>) -> impl IntoView {
    let nav = expect_context::<Nav>();
    let toc_title = toc_title(&post.version);
    let (entry, version) = (post.entry.clone(), post.version.clone());
    let (title, subtitle) = (post.article.title.clone(), post.article.subtitle.clone());
    if let Some(adopted) = post.adopted {
        // The prerendered article's nodes move in when the app takes over.
        let toc = adopted.has_toc.then(String::new);
        return view! {
            <PostArticle lang=lang entry=entry version=version title=title subtitle=subtitle toc_title=toc_title body=String::new() toc=toc adopt=true/>
        };
    }
    // A long post shows its first piece at once and the rest a piece per task,
    // so the reader can start while the page stays responsive; so does its TOC.
    let mut pieces = markdown::split_top_level(&post.article.html, CHUNK_BYTES).into_iter().map(str::to_string);
    let first = pieces.next().unwrap_or_default();
    let mut rest: Vec<(&'static str, String)> = pieces.map(|p| (".post-body", p)).collect();
    let mut toc_pieces = toc::to_html_pieces(&post.article.toc, TOC_ENTRIES_PER_PIECE).into_iter();
    let toc_first = toc_pieces.next();
    rest.extend(toc_pieces.map(|p| ("#toc-list > ol", p)));
    Effect::new(move |_| {
        let when_complete = match nav.scroll.get_untracked() {
            ScrollTarget::Hash(_) => ScrollWhenComplete::Hash,
            ScrollTarget::Position(y) => ScrollWhenComplete::Y(y),
            ScrollTarget::Section(index) => ScrollWhenComplete::Heading(index),
            ScrollTarget::Top | ScrollTarget::Keep => ScrollWhenComplete::Nothing,
        };
        browser::append_html_pieces(rest.clone(), when_complete);
    });
    view! {
        <PostArticle lang=lang entry=entry version=version title=title subtitle=subtitle toc_title=toc_title body=first toc=toc_first/>
    }
}

/// Keeps the TOC's current entry and the language switch's section in step
/// with scrolling, at most once per frame.
fn track_reading_position(nav: Nav) {
    let active = Rc::new(std::cell::RefCell::new(None::<String>));
    let scheduled = Rc::new(Cell::new(false));
    let handle = window_event_listener(ev::scroll, move |_| {
        if scheduled.replace(true) {
            return;
        }
        let (scheduled, active) = (scheduled.clone(), active.clone());
        request_animation_frame(move || {
            scheduled.set(false);
            let headings = browser::toc_headings();
            let index = browser::active_heading(&headings, 96.0);
            let id = index.and_then(|i| headings.get(i)).map(|h| h.id());
            nav.active_section.try_set(index);
            if *active.borrow() != id {
                browser::mark_toc_active(id.as_deref());
                *active.borrow_mut() = id;
            }
        });
    });
    on_cleanup(move || handle.remove());
}
