//! folio: a bilingual blog engine.
//!
//! `content` is the pure core (front matter, language sections, Markdown, TOC,
//! index, routes, interface text); it does no I/O and runs both in the
//! build-time indexer and in the browser. `app` is the Leptos single-page app,
//! compiled only for `wasm32`.

pub mod content;

#[cfg(target_arch = "wasm32")]
pub mod app;
