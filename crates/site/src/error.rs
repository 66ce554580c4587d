//! What can stop a build, each with where it happened and how to fix it.
//! A post's own errors are `folio_core::error::PostError`s, gathered in `Posts`.

use std::io;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A file or folder the build had to read, write, create or delete.
    #[error("folio: cannot {action} {}: {source}", path.display())]
    Io { action: &'static str, path: PathBuf, source: io::Error },
    #[error(
        "error: {shown}: {source}\n  a site folder holds folio.toml and posts/ (see docs/configuration.md); \
         set FOLIO_SITE to yours, or leave it unset for the demo in site/"
    )]
    NoConfig { shown: String, source: io::Error },
    #[error("error: {shown}: {message}")]
    Config { shown: String, message: String },
    /// Starting a post or a page (`folio-index new`) went wrong.
    #[error("error: {message}")]
    New { message: String },
    #[error(
        "error: {shown}: no such folder; a site keeps its posts there (create it with a first post, \
         see docs/writing.md)"
    )]
    NoPosts { shown: String },
    /// Posts that do not read, each shown as `error: <file>:<line>: <message>`.
    #[error("{}\nfolio: {} post(s) could not be read; fix them and build again", .errors.join("\n"), .errors.len())]
    Posts { errors: Vec<String> },
    /// A post that read when indexed but not when rendered (changed meanwhile).
    #[error("error: {0}")]
    Post(String),
    #[error("error: {shown}: the file changed while folio was building; build again")]
    ChangedDuringBuild { shown: String },
    #[error("error: {shown}: folio writes {path} itself; rename or remove this file")]
    StaticClash { shown: String, path: String },
    #[error("folio: no folio-*.js and folio-*_bg.wasm in {}; did the Trunk build run?", folder.display())]
    NoApp { folder: PathBuf },
    /// Splitting search's code out of the app (`app_split`) went wrong.
    #[error("folio: cannot split the app's wasm: {message}")]
    Split { message: String },
    #[error("folio: Trunk's page shell (index.html) has no <head> and </body> to add folio's scripts to; restore them in the engine's index.html")]
    ShellWithoutBody,
    #[error("folio: cannot write {what} as JSON: {source}")]
    Json { what: String, source: serde_json::Error },
    #[error("folio: the code highlighter did not start: {0}")]
    Highlighter(String),
}

impl BuildError {
    pub fn io(action: &'static str, path: impl Into<PathBuf>) -> impl FnOnce(io::Error) -> Self {
        let path = path.into();
        move |source| BuildError::Io { action, path, source }
    }

    pub fn json(what: impl Into<String>) -> impl FnOnce(serde_json::Error) -> Self {
        let what = what.into();
        move |source| BuildError::Json { what, source }
    }
}
