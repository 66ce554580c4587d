//! The one source of folio's page markup: Leptos components that take parsed
//! data as props. The indexer renders them to HTML for the static pages
//! (`build::pages`, with Leptos's `ssr` feature); the app mounts the very same
//! components in the browser. They never touch the browser: the app wires
//! interaction (theme and TOC toggles, the remembered language) through
//! delegated events on the markup they render, so what a reader sees before
//! and after the app takes over comes from one place.

mod chrome;
mod lists;
mod post;

use std::sync::Arc;

use folio_core::config::SiteConfig;
use folio_core::route::{self, Page};

pub use chrome::{footer_html, Chrome, Header};
pub use lists::{
    archive_heading, list_heading, ArchiveView, ErrorPanel, ListView, NotFoundView, OfflineView, TagIndexView, TagList,
};
pub use post::{PostArticle, TitleBlock};

/// ` name="value"`, escaped: an attribute of the HTML that views write as
/// one string (lists, the menu, the footer), which is less wasm than views.
fn push_attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    folio_core::sanitize::escape_attr(value, out);
    out.push('"');
}

/// The site being shown: its public path (`/` or `/blog/`) and settings.
/// Provided as context to every view; what a page lists comes as props.
#[derive(Clone)]
pub struct Site {
    pub base: String,
    pub config: Arc<SiteConfig>,
}

impl Site {
    pub fn config(&self) -> &SiteConfig {
        &self.config
    }

    pub fn href(&self, lang: &str, page: &Page) -> String {
        route::href(&self.base, &self.config, lang, page)
    }
}
