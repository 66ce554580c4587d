//! What surrounds every page: the skip link, the header (site title, language
//! switch, theme toggle), `<main>` and the notice of a new version.

use leptos::prelude::*;

use super::Site;
use folio_core::i18n::{t, ui_lang, Text};
use folio_core::ids;
use folio_core::route::{Page, Route};

/// The page around `children`, for `route`, which exists in `languages`
/// (`PageData::languages`).
#[component]
pub fn Chrome(route: Route, languages: Vec<String>, children: Children) -> impl IntoView {
    let ui = ui_lang(&route.lang);
    view! {
        <a class="skip-link" href=format!("#{}", ids::MAIN)>{t(ui, Text::SkipToContent)}</a>
        <Header route=route languages=languages/>
        <main id=ids::MAIN class="page" tabindex="-1">{children()}</main>
        <UpdateNotice lang=ui/>
    }
}

/// "A new version is available", with Reload. `public/controls.js` shows it
/// (a class on `<html>`, so it survives the app re-rendering the page) when
/// a new deploy's service worker is ready. The live region is always there,
/// and only its contents show, so that screen readers announce them.
#[component]
fn UpdateNotice(lang: &'static str) -> impl IntoView {
    view! {
        <div class="update-notice" role="status">
            <div class="update-notice-body">
                <span>{t(lang, Text::UpdateReady)}</span>
                <button type="button" class="update-reload">{t(lang, Text::UpdateReload)}</button>
            </div>
        </div>
    }
}

#[component]
pub fn Header(route: Route, languages: Vec<String>) -> impl IntoView {
    let site = expect_context::<Site>();
    let ui = ui_lang(&route.lang);
    let switch = languages
        .into_iter()
        .map(|code| {
            let current = (code == route.lang).then_some("page");
            let href = site.href(&code, &route.page);
            let name = site.config().language_name(&code).to_string();
            view! { <li><a href=href hreflang=code.clone() lang=code aria-current=current>{name}</a></li> }
        })
        .collect::<Vec<_>>();
    let switch = (switch.len() >= 2).then(|| {
        view! { <nav class="lang-switch" aria-label=t(ui, Text::Languages)><ul>{switch}</ul></nav> }
    });
    let label = t(ui, Text::ThemeToggle);
    let search = t(ui, Text::Search);
    view! {
        <header class="site-header">
            <a class="site-title" href=site.href(&route.lang, &Page::HOME)>{site.config().title.clone()}</a>
            <div class="header-tools">
                // Opens the app's search dialog (`app::search`); shown only
                // with scripts, as it needs the app.
                <button type="button" class="search-toggle" title=format!("{search} (/)") aria-label=search
                    aria-haspopup="dialog" aria-keyshortcuts="/ Control+K Meta+K">
                    <svg class="search-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
                        <circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" stroke-width="2"/>
                        <path d="M15.5 15.5L21 21" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
                    </svg>
                </button>
                {switch}
                // The app keeps `aria-pressed` in step with the theme (see `app::browser`).
                <button type="button" class="theme-toggle" title=label aria-label=label aria-pressed="false">
                    <span class="icon-light" aria-hidden="true">"☀"</span>
                    <span class="icon-dark" aria-hidden="true">"☾"</span>
                </button>
            </div>
        </header>
    }
}
