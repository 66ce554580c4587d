//! The Leptos app: routing by the URL and the context that pages share. The
//! markup of every page comes from `crate::views`, the components the static
//! pages are rendered with; `pages` wraps them with loading, titles, scroll
//! and focus. Browser access goes through `browser`; loading and caching of
//! posts through `load`.

pub mod browser;
mod components;
mod load;
mod pages;

use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;

use crate::content::i18n::ui_lang;
use crate::content::index::SiteIndex;
use crate::content::lang::best_match;
use crate::content::route::{self, Page, Route};
use crate::views::{Chrome, Site};
use components::{ErrorPanel, Loading};
use load::Load;

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

#[component]
pub fn App() -> impl IntoView {
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

    let index = RwSignal::new(Load::<Arc<SiteIndex>>::Loading);
    let ready = move || matches!(index.try_get_untracked(), Some(Load::Ready(_)));
    browser::intercept_links(base.clone(), ready, move |url| nav.go(url));
    let retry = RwSignal::new(0u32);
    Effect::new(move |_| {
        retry.track();
        index.set(Load::Loading);
        leptos::task::spawn_local(async move {
            index.try_set(load::index().await);
        });
    });

    // Before the index arrives, the interface language is a guess from the URL.
    let guessed_lang = move || {
        let path = nav.path.get();
        let rest = path.strip_prefix(&browser::base()).unwrap_or("").to_string();
        ui_lang(rest.split('/').next().unwrap_or(""))
    };

    view! {
        {move || match index.get() {
            Load::Loading => view! { <Loading lang=guessed_lang()/> }.into_any(),
            Load::Failed(error) => {
                let lang = guessed_lang();
                view! {
                    <main id="main" class="page">
                        <ErrorPanel lang=lang message=error.message(lang) detail=error.detail(lang) on_retry=move || retry.update(|n| *n += 1)/>
                    </main>
                }
                .into_any()
            }
            Load::Ready(index) => view! { <SiteView site=Site { base: base.clone(), index }/> }.into_any(),
        }}
    }
}

/// The reader's language for the bare home page: remembered, else the best
/// match of the browser's languages, else the site's default.
fn preferred_language(site: &Site) -> String {
    let config = &site.index.site;
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
    let route = Memo::new(move |_| route::parse(&nav.path.get(), &route_site.base, &route_site.index.site));

    let redirect_site = site.clone();
    Effect::new(move |_| {
        let current = route.get();
        if current.page == Page::Home && !current.lang_in_url {
            let wanted = preferred_language(&redirect_site);
            if wanted != current.lang {
                let url = redirect_site.href(&wanted, &Page::Home);
                browser::replace_url(&url);
                nav.path.set(url);
            }
        }
    });
    Effect::new(move |_| browser::set_document_lang(&route.get().lang));

    move || {
        let current = route.get();
        // A new page: the pieces of a long post left behind stop coming.
        browser::stop_pieces();
        view! { <Chrome route=current.clone()>{page_view(current)}</Chrome> }
    }
}

fn page_view(route: Route) -> AnyView {
    let Route { lang, page, .. } = route;
    match page {
        Page::Home => view! { <pages::HomePage lang=lang/> }.into_any(),
        Page::Tag(tag) => view! { <pages::TagPage lang=lang tag=tag/> }.into_any(),
        Page::Post(slug) => view! { <pages::PostPage lang=lang slug=slug/> }.into_any(),
        Page::NotFound => view! { <pages::NotFoundPage lang=lang/> }.into_any(),
    }
}

/// Remembers the reader's explicit language choice.
pub fn remember_language(code: &str) {
    browser::storage_set(LANG_KEY, code);
}
