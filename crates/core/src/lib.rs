//! folio's pure core: everything that turns a post file into data and HTML,
//! every URL and `dist/` path (`route`), search, interface text.
//!
//! Invariant: nothing here imports leptos, web-sys, gloo or wasm-bindgen,
//! reads files or touches the network. Functions take `&str` and return data,
//! so the build (native) and the app (wasm) produce identical output, and
//! everything here is tested with plain `cargo test -p folio-core`.
//!
//! The one target gate: `build_time`, what only the build does (reading
//! YAML front matter, assembling the index), so that the wasm carries no
//! YAML parser and no Unicode normalization tables. Its one caller behind
//! the same gate is `i18n::interface`, which at build time falls back to
//! the engine's own text for a language the build did not register.

#[cfg(not(target_arch = "wasm32"))]
pub mod build_time;

pub mod balance;
pub mod code;
pub mod config;
pub mod date;
pub mod error;
pub mod extras;
pub mod front_matter;
pub mod hash;
pub mod i18n;
pub mod ids;
pub mod image_size;
pub mod index;
pub mod lang;
pub mod listing;
pub mod markdown;
pub mod page;
pub mod post;
pub mod route;
pub mod sanitize;
pub mod search;
pub mod sections;
pub mod slug;
pub mod source_name;
pub mod toc;
