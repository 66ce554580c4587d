//! folio: a bilingual blog engine.
//!
//! `content` is the pure core (front matter, language sections, Markdown, TOC,
//! index, routes, interface text); it does no I/O and runs both in the
//! build-time indexer and in the browser. `views` are the Leptos components
//! of every page, shared by `build` (the indexer's static pages, native only)
//! and `app` (the single-page app, `wasm32` only).

pub mod content;
pub mod views;

#[cfg(not(target_arch = "wasm32"))]
pub mod build;

#[cfg(target_arch = "wasm32")]
pub mod app;
