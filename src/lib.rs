//! folio's browser app: the single-page app that takes over a prerendered
//! page, built from the pure core (`folio-core`) and the shared views
//! (`folio-views`, with Leptos's `csr`). `wasm32` only; the site pipeline
//! that prerenders the pages is `folio-site`.

#[cfg(target_arch = "wasm32")]
pub mod app;
