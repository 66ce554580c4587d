//! The Leptos app: routing by the URL and the context that pages share. The
//! markup of every page comes from `crate::views`, the components the static
//! pages are rendered with; `pages` wraps them with loading, titles, scroll
//! and focus. Browser access goes through `browser`; loading and caching of
//! each page's data and of posts through `load`.

pub mod browser;
mod components;
mod load;
mod pages;
mod search;

use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;

use browser::FetchError;
use components::Loading;
use folio_core::i18n::ui_lang;
use folio_core::lang::best_match;
use folio_core::listing::{Embedded, PageData};
use folio_core::route::{self, Page, Route};
use folio_views::{Chrome, ErrorPanel, Site};
use load::{Load, LoadError};

/// localStorage key of the reader's chosen language.
const LANG_KEY: &str = "folio-lang";

/// Where to scroll once the next page has rendered.
#[derive(Debug, Clone, PartialEq)]
pub enum ScrollTarget {
    Top,
    Hash(String),
    /// Back/Forward: where the reader was.
    Position(f64),
    /// After a language switch: the heading with this index in the new language.
    Section(usize),
    /// The first page when it came prerendered: the reader may already have scrolled.
    Keep,
}

/// Navigation state shared by every page.
#[derive(Clone, Copy)]
pub struct Nav {
    pub path: RwSignal<String>,
    pub scroll: RwSignal<ScrollTarget>,
    /// The index of the heading the reader is reading, kept by the post page.
    pub active_section: RwSignal<Option<usize>>,
    /// Set by the language switch just before it navigates.
    pub carry_section: RwSignal<Option<usize>>,
    /// Whether the first page has been shown; focus moves only after that.
    pub navigated: RwSignal<bool>,
}

impl Nav {
    /// Client-side navigation to `url` (path, optional query and hash).
    pub fn go(&self, url: String) {
        let hash = url.split_once('#').map(|(_, h)| h.to_string()).unwrap_or_default();
        let path = url.split(['#', '?']).next().unwrap_or_default();
        if path == self.path.get_untracked() {
            // The page already shown: as a reload would, go to its top (or
            // its fragment), without a new history entry.
            self.carry_section.set(None);
            browser::replace_url(&url);
            if hash.is_empty() || !browser::scroll_to_id(&browser::current_hash()) {
                browser::scroll_to_y(0.0);
            }
            return;
        }
        browser::save_scroll_position();
        browser::push_url(&url);
        let target = match self.carry_section.get_untracked() {
            Some(section) => ScrollTarget::Section(section),
            None if !hash.is_empty() => ScrollTarget::Hash(hash),
            None => ScrollTarget::Top,
        };
        self.carry_section.set(None);
        self.scroll.set(target);
        self.navigated.set(true);
        self.path.set(browser::current_path());
    }
}

/// Starts the app in tasks of its own, after the wasm's instantiation: the
/// page's data is read in one; the app's setup, the site's frame and its
/// page are rendered in the next three (`App`, `SiteView`), so that no one
/// task holds the page for long and it answers the reader between them
/// (a phone's total blocking time).
pub fn start() {
    let next_task = std::time::Duration::ZERO;
    set_timeout(
        move || {
            let embedded = load::embedded();
            set_timeout(
                move || {
                    if let Some(parent) = browser::mount_point() {
                        leptos::mount::mount_to(parent, move || view! { <App embedded=embedded/> }).forget();
                    }
                },
                next_task,
            );
        },
        next_task,
    );
}

/// A flag that turns true in the next task: what a view renders behind it
/// comes in a task of its own (see `start`).
fn due_in_next_task() -> RwSignal<bool> {
    let due = RwSignal::new(false);
    set_timeout(move || due.set(true), std::time::Duration::ZERO);
    due
}

/// The app, from the data the page came with (`load::embedded`).
#[component]
fn App(embedded: Result<Embedded, LoadError>) -> impl IntoView {
    let base = browser::base();
    let hash = browser::current_hash();
    let nav = Nav {
        path: RwSignal::new(browser::current_path()),
        scroll: RwSignal::new(if browser::is_prerendered() {
            ScrollTarget::Keep
        } else if hash.is_empty() {
            ScrollTarget::Top
        } else {
            ScrollTarget::Hash(hash)
        }),
        active_section: RwSignal::new(None),
        carry_section: RwSignal::new(None),
        navigated: RwSignal::new(false),
    };
    provide_context(nav);
    browser::set_manual_scroll_restoration();
    // Before link interception, so a language link's section is carried along.
    browser::on_language_link(move |code| {
        remember_language(code);
        nav.carry_section.set(nav.active_section.get_untracked());
    });
    let popstate = window_event_listener(ev::popstate, move |event| {
        if browser::current_path() == nav.path.get_untracked() {
            // Only the fragment changed (a TOC or footnote link, or Back to
            // one): the browser scrolls; the page, and any takeover under
            // way, stay as they are.
            return;
        }
        browser::abort_page_request();
        let target = browser::history_scroll(&event.state()).map(ScrollTarget::Position).unwrap_or(ScrollTarget::Top);
        nav.scroll.set(target);
        nav.navigated.set(true);
        nav.path.set(browser::current_path());
    });
    on_cleanup(move || popstate.remove());

    browser::intercept_links(base.clone(), move |url| nav.go(url));

    match embedded {
        Ok(embedded) => {
            // The site's view in the next task (see `start`).
            let site = Site { base, config: Arc::new(embedded.site) };
            let site_due = due_in_next_task();
            (move || site_due.get().then(|| view! { <SiteView site=site.clone()/> })).into_any()
        }
        Err(error) => {
            // Only a page folio did not write (or a broken one) has no data.
            let path = nav.path.get_untracked();
            let lang = ui_lang(path.strip_prefix(&base).unwrap_or("").split('/').next().unwrap_or(""));
            view! {
                <main id="main" class="page">
                    <ErrorPanel lang=lang message=error.message(lang) detail=error.detail() on_retry=Callback::new(|_| browser::reload())/>
                </main>
            }
            .into_any()
        }
    }
}

/// The reader's language for the bare home page: remembered, else the best
/// match of the browser's languages, else the site's default.
fn preferred_language(site: &Site) -> String {
    let config = site.config();
    browser::storage_get(LANG_KEY)
        .filter(|code| config.has_language(code))
        .or_else(|| best_match(&browser::navigator_languages(), &config.languages))
        .unwrap_or_else(|| config.default_language.clone())
}

#[component]
fn SiteView(site: Site) -> impl IntoView {
    let nav = expect_context::<Nav>();
    provide_context(site.clone());
    let route_site = site.clone();
    let route = Memo::new(move |_| route::parse(&nav.path.get(), &route_site.base, route_site.config()));

    let redirect_site = site.clone();
    Effect::new(move |_| {
        let current = route.get();
        if current.page == Page::HOME && !current.lang_in_url {
            let wanted = preferred_language(&redirect_site);
            if wanted != current.lang {
                let url = redirect_site.href(&wanted, &Page::HOME);
                browser::replace_url(&url);
                nav.path.set(url);
            }
        }
    });
    Effect::new(move |_| browser::set_document_lang(&route.get().lang));

    // The page shown changes only when its data is there (or failed), so a
    // page never renders with another page's data.
    let first = route.get_untracked();
    let first_data = load::cached_page(&site, &first).map_or(Load::Loading, Load::Ready);
    let shown = RwSignal::new((first, first_data));
    let attempt = RwSignal::new(0u32);
    let load_site = site.clone();
    Effect::new(move |previous_attempt: Option<u32>| {
        let current = route.get();
        let this_attempt = attempt.get();
        let retrying = previous_attempt.is_some_and(|p| p != this_attempt);
        let (shown_route, shown_data) = shown.get_untracked();
        if shown_route == current && !retrying && !matches!(shown_data, Load::Loading) {
            return this_attempt;
        }
        if let Some(data) = load::cached_page(&load_site, &current) {
            shown.set((current, Load::Ready(data)));
            return this_attempt;
        }
        if retrying {
            shown.set((current.clone(), Load::Loading));
        }
        let site = load_site.clone();
        leptos::task::spawn_local(async move {
            let result = load::page_data(&site, &current).await;
            if matches!(result, Err(LoadError::Fetch(FetchError::Aborted))) || route.get_untracked() != current {
                return; // the reader has gone elsewhere
            }
            // A path that is no page folio wrote may be a file of the
            // writer's `static/` (a folder's `index.html`): the host answers
            // it, or with its not-found page. Only after in-app navigation,
            // so that the page the host answered with is never loaded again.
            if matches!((&current.page, &result), (Page::Standalone(_), Err(LoadError::NotFound)))
                && nav.navigated.get_untracked()
            {
                browser::reload();
                return;
            }
            shown.try_set((current, result.map_or_else(Load::Failed, Load::Ready)));
        });
        this_attempt
    });

    let pages = move || {
        let (current, data) = shown.get();
        // A new page: the pieces of a long post left behind stop coming.
        browser::stop_pieces();
        let languages = match &data {
            Load::Ready(data) => data.languages(site.config()),
            _ => site.config().codes(),
        };
        // A path that is no page is laid out as the not-found page is
        // (its language links lead to each language's home, not to the path).
        let not_found = match &data {
            Load::Failed(LoadError::NotFound) => true,
            Load::Ready(data) => matches!(**data, PageData::NotFound),
            _ => false,
        };
        let chrome_route = match not_found {
            true => Route { page: Page::NotFound, ..current.clone() },
            false => current.clone(),
        };
        view! { <Chrome route=chrome_route languages=languages>{page_view(current, data, attempt)}</Chrome> }
    };
    // The page in the next task (see `start`).
    let page_due = due_in_next_task();
    view! { {move || page_due.get().then(&pages)} <search::SearchDialog route=route/> }
}

fn page_view(route: Route, data: Load<Arc<PageData>>, attempt: RwSignal<u32>) -> AnyView {
    let Route { lang, page, .. } = route;
    let data = match data {
        Load::Loading => return view! { <Loading lang=ui_lang(&lang)/> }.into_any(),
        Load::Failed(LoadError::NotFound) => return view! { <pages::NotFoundPage lang=lang/> }.into_any(),
        Load::Failed(error) => {
            return view! { <pages::FailedPage lang=lang error=error on_retry=move || attempt.update(|n| *n += 1)/> }
                .into_any()
        }
        Load::Ready(data) => data,
    };
    let is_page = matches!(page, Page::Standalone(_));
    match (page, &*data) {
        (Page::Home(_) | Page::Tag(..), PageData::List(list)) => {
            view! { <pages::ListPage lang=lang list=list.clone()/> }.into_any()
        }
        (Page::Archive(_), PageData::Archive(archive)) => {
            view! { <pages::ArchivePage lang=lang archive=archive.clone()/> }.into_any()
        }
        // A post's data at a page's URL, or a page's at a post's, is not one folio wrote.
        (Page::Post(_) | Page::Standalone(_), PageData::Post(post)) if post.entry.standalone == is_page => {
            view! { <pages::PostPage lang=lang data=post.clone()/> }.into_any()
        }
        (Page::TagIndex, PageData::Tags(tags)) => view! { <pages::TagsPage lang=lang tags=tags.clone()/> }.into_any(),
        // A page whose data is of another kind is not one folio wrote.
        _ => view! { <pages::NotFoundPage lang=lang/> }.into_any(),
    }
}

/// Remembers the reader's explicit language choice.
pub fn remember_language(code: &str) {
    browser::storage_set(LANG_KEY, code);
}
