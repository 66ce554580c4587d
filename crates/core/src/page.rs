//! Titles of pages, shared by the static pages and the app.

use super::i18n::{t, ui_lang, Text};
use super::index::Version;

/// The tab title: `title-prefix – title`, the site title standing in for the prefix.
pub fn tab_title(prefix: &str, title: &str) -> String {
    format!("{prefix} – {title}")
}

/// `toc-title` for the post's main language, the translated "Contents" otherwise.
pub fn toc_title(version: &Version) -> String {
    version.toc_title.clone().unwrap_or_else(|| t(ui_lang(&version.lang), Text::Contents).to_string())
}
