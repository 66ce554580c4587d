//! What surrounds every page: the skip link, the header (site title or
//! logo, the writer's menu, search, language switch, theme toggle), `<main>`,
//! the footer and the notice of a new version.

use leptos::prelude::*;

use super::{push_attr, Site};
use folio_core::config::Profile;
use folio_core::i18n::{t, ui_lang, Text};
use folio_core::ids;
use folio_core::route::{self, Page, Route};
use folio_core::sanitize::escape_attr;

/// The page around `children`, for `route`, which exists in `languages`
/// (`PageData::languages`).
#[component]
pub fn Chrome(route: Route, languages: Vec<String>, children: Children) -> impl IntoView {
    let ui = ui_lang(&route.lang);
    let lang = route.lang.clone();
    view! {
        <a class="skip-link" href=format!("#{}", ids::MAIN)>{t(ui, Text::SkipToContent)}</a>
        <Header route=route languages=languages/>
        <main id=ids::MAIN class="page" tabindex="-1">{children()}</main>
        <Footer lang=lang/>
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

/// Whether a menu entry leading to `entry` marks the page `shown` as current:
/// any page of a list is the list's.
fn is_current(entry: &Page, shown: &Page) -> bool {
    match (entry, shown) {
        (Page::Home(_), Page::Home(_)) => true,
        (Page::Tag(a, _), Page::Tag(b, _)) => a == b,
        (Page::Archive(_), Page::Archive(_)) => true,
        (a, b) => a == b,
    }
}

/// The menu's links as HTML (`<li>`s), for the reader of `route`: each
/// internal entry at its version in the reader's language.
fn menu_items(site: &Site, route: &Route) -> String {
    let config = site.config();
    let mut out = String::new();
    for entry in &config.menu {
        let name = entry.name.get(&route.lang, &config.default_language).unwrap_or_default();
        out.push_str("<li><a");
        match route::menu_page(&entry.url) {
            Some(page) => {
                // A page the reader's language lacks is linked in its own.
                let lang = entry.lang_for(&route.lang);
                push_attr(&mut out, "href", &site.href(lang, &page));
                if lang != route.lang {
                    push_attr(&mut out, "hreflang", lang);
                }
                if is_current(&page, &route.page) {
                    out.push_str(" aria-current=\"page\"");
                }
            }
            None => push_attr(&mut out, "href", &entry.url),
        }
        out.push('>');
        escape_attr(name, &mut out);
        out.push_str("</a></li>");
    }
    out
}

/// The writer's menu: a row of links on a wide screen; on a phone the same
/// links folded in a disclosure that opens without scripts (`<details>`;
/// `public/controls.js` closes it on Escape). HTML, as one string is less
/// wasm than a tree of views.
fn menu_html(site: &Site, route: &Route) -> Option<String> {
    if site.config().menu.is_empty() {
        return None;
    }
    let items = menu_items(site, route);
    let mut out = String::from("<ul class=\"menu-row\">");
    out.push_str(&items);
    out.push_str("</ul><details class=\"menu-fold\"><summary>");
    escape_attr(t(ui_lang(&route.lang), Text::Menu), &mut out);
    out.push_str("</summary><ul>");
    out.push_str(&items);
    out.push_str("</ul></details>");
    Some(out)
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
    // Decorative: the title beside it (or hidden beside it) names the link.
    let logo = site.config().logo.clone().map(|logo| {
        let width = site.config().logo_width;
        view! { <img class="logo" src=format!("{}{}", site.base, logo.trim_start_matches('/')) alt="" width=width height="32"/> }
    });
    let menu = menu_html(&site, &route)
        .map(|html| view! { <nav class="site-menu" aria-label=t(ui, Text::Menu) inner_html=html></nav> });
    view! {
        <header class="site-header">
            <a class="site-title" class:logo-only=site.config().logo_only href=site.href(&route.lang, &Page::HOME)>
                {logo}<span class="site-name">{site.config().title.clone()}</span>
            </a>
            {menu}
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

/// The icon of a profile, or of the feed: drawn for folio, in the text's
/// colour, 20 px, hidden from screen readers (the link has the name).
fn icon(profile: Option<Profile>) -> &'static str {
    match profile {
        Some(Profile::GitHub) => "<path d=\"M9 20v-3.2c-3.2-.4-5.2-2.4-5.2-5.6 0-1.3.5-2.5 1.3-3.4-.2-1-.1-2.1.4-3.1 1.1 0 2.2.6 3.2 1.3a9.6 9.6 0 0 1 6.6 0c1-.7 2.1-1.3 3.2-1.3.5 1 .6 2.1.4 3.1.8.9 1.3 2.1 1.3 3.4 0 3.2-2 5.2-5.2 5.6V20\"/><path d=\"M9 18c-2.6.9-3.6-.6-4.6-2\"/>",
        Some(Profile::GitLab) => "<path d=\"M12 20.5 3.5 13.6 5.6 4l2.7 7.2h7.4L18.4 4l2.1 9.6z\"/>",
        Some(Profile::Mastodon) => "<path d=\"M6 4h12a3 3 0 0 1 3 3v6a4 4 0 0 1-4 4h-5.5c-1.6 0-2.8.8-3.5 2.5V17H6a3 3 0 0 1-3-3V7a3 3 0 0 1 3-3z\"/><path d=\"M8 13V9.5a1.7 1.7 0 0 1 3.4 0V12m0-2.5a1.7 1.7 0 0 1 3.4 0V13\"/>",
        Some(Profile::Bluesky) => "<path d=\"M12 11C10.2 7.4 6.6 4.3 4.4 5 2.6 5.6 3.2 10 5 11.3c.9.6 2.1.9 3.1.9-2.2.6-3.4 2.5-2 4 2.2 2.3 4.6-.6 5.9-3.9 1.3 3.3 3.7 6.2 5.9 3.9 1.4-1.5.2-3.4-2-4 1 0 2.2-.3 3.1-.9 1.8-1.3 2.4-5.7.6-6.3-2.2-.7-5.8 2.4-7.6 6z\"/>",
        Some(Profile::LinkedIn) => "<rect x=\"3.5\" y=\"3.5\" width=\"17\" height=\"17\" rx=\"3\"/><path d=\"M8 10.5V16M8 7.6v.1M11.5 16v-5.5m0 2.5c0-1.4 1-2.6 2.3-2.6s2.2.9 2.2 2.6V16\"/>",
        Some(Profile::X) => "<path d=\"M4.5 4.5h4l11 15h-4zM19 4.5l-5.6 6.3M5 19.5l5.6-6.3\"/>",
        Some(Profile::Email) => "<rect x=\"3\" y=\"5.5\" width=\"18\" height=\"13\" rx=\"2\"/><path d=\"m3.5 7 8.5 6 8.5-6\"/>",
        None => "<path d=\"M5 11a8 8 0 0 1 8 8M5 5a14 14 0 0 1 14 14\"/><circle cx=\"6\" cy=\"18\" r=\"1.2\"/>",
    }
}

fn icon_link(out: &mut String, href: &str, name: &str, rel: Option<&str>, profile: Option<Profile>) {
    out.push_str("<li><a");
    push_attr(out, "href", href);
    push_attr(out, "aria-label", name);
    push_attr(out, "title", name);
    if let Some(rel) = rel {
        push_attr(out, "rel", rel);
    }
    out.push_str("><svg viewBox=\"0 0 24 24\" width=\"20\" height=\"20\" aria-hidden=\"true\" focusable=\"false\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.7\" stroke-linecap=\"round\" stroke-linejoin=\"round\">");
    out.push_str(icon(profile));
    out.push_str("</svg></a></li>");
}

/// The footer's HTML for readers of `lang`: the writer's line (inline
/// Markdown, rendered and sanitized by the build as posts are), their profiles and the feed of the
/// language. Nothing in it comes from another origin.
pub fn footer_html(site: &Site, lang: &str) -> String {
    let config = site.config();
    let mut out = String::new();
    if let Some(line) = config.footer_html.get(lang) {
        out.push_str("<div class=\"footer-line\">");
        out.push_str(line);
        out.push_str("</div>");
    }
    if !config.social.profiles.is_empty() || config.social.rss {
        out.push_str("<ul class=\"profiles\">");
        for (profile, url) in config.social.profiles() {
            // The writer's own profiles: Mastodon (and others that read
            // `rel="me"`) shows the site as verified.
            icon_link(&mut out, url, profile.name(), Some("me"), Some(profile));
        }
        if config.social.rss {
            let feed = route::feed_href(&site.base, config, lang);
            icon_link(&mut out, &feed, t(ui_lang(lang), Text::Feed), Some("alternate"), None);
        }
        out.push_str("</ul>");
    }
    out
}

#[component]
fn Footer(lang: String) -> impl IntoView {
    let site = expect_context::<Site>();
    let html = footer_html(&site, &lang);
    (!html.is_empty()).then(|| view! { <footer class="site-footer" inner_html=html></footer> })
}
