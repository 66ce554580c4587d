//! The writer's own pages (`pages/`): read as posts are, each at its path,
//! and refused where the path is something else already.

use std::collections::HashMap;
use std::fs;

use super::error::BuildError;
use super::site::{is_asset, Messages};
use super::site_folder::SiteFolder;
use super::SiteContext;
use folio_core::build_time::index;
use folio_core::config::SiteConfig;
use folio_core::hash::content_hash;
use folio_core::index::{Alias, PostEntry, Report, SourceFile};
use folio_core::listing;
use folio_core::route;

/// What reading `pages/` found.
pub(crate) struct Read {
    pub pages: Vec<PostEntry>,
    pub report: Report,
    /// Each file's name and hash, which the search data's id depends on.
    pub hashes: Vec<(String, String)>,
}

/// The writer's pages (`pages/`), read as posts are: their entries, and
/// what the read found. Other files there are named: pages have no assets.
pub(crate) fn read(
    site: &SiteFolder,
    config: &SiteConfig,
    publish: index::Publish,
    messages: &Messages,
) -> Result<Read, BuildError> {
    let pages_dir = site.pages_dir();
    let shown = site.shown("pages");
    let listed = site.pages()?;
    let mut reads = Vec::new();
    let mut hashes = Vec::new();
    for (name, _) in &listed {
        if is_asset(name, config) {
            messages.warn(format!(
                "warning: {shown}/{name}: folio publishes only Markdown pages from pages/; \
                 put this file in static/ and link it from the site's root (`/{name}`)"
            ));
            continue;
        }
        let path = pages_dir.join(name);
        let bytes = fs::read(&path).map_err(BuildError::io("read", path))?;
        reads.push(index::read_source(config, &SourceFile { name, bytes: &bytes }, publish));
        hashes.push((name.clone(), content_hash(&bytes)));
    }
    let (pages, report) = index::assemble_pages(config, &reads);
    for warning in &report.warnings {
        messages.warn(format!("warning: {shown}/{warning}"));
    }
    let held: Vec<String> = (report.scheduled.iter().map(|(name, day)| format!("{name} (until {})", day.iso())))
        .chain(report.not_published.iter().map(|(name, why)| format!("{name} ({why})")))
        .collect();
    if !held.is_empty() {
        messages.say(&format!("folio: {} page(s) not published in this build: {}", held.len(), held.join(", ")));
    }
    let mut errors: Vec<String> = report.errors.iter().map(|e| format!("error: {shown}/{e}")).collect();
    for page in &pages {
        if let Some(why) = route::page_path_taken(&page.slug, config) {
            let file = page.versions.first().map_or("", |v| v.file.as_str());
            errors.push(format!(
                "error: {shown}/{file}: the page's path `{}/` cannot be: {why}; rename the file",
                page.slug
            ));
        }
    }
    if !errors.is_empty() {
        return Err(BuildError::Posts { errors });
    }
    Ok(Read { pages, report, hashes })
}

/// A writer's page on a path that is already something else fails the
/// build, naming both: a file in `static/`, or a post's old URL.
pub fn check_paths(
    ctx: &SiteContext,
    pages: &[PostEntry],
    aliases: &[Alias],
    static_files: &[(String, std::path::PathBuf)],
    site: &SiteFolder,
    pages_shown: &str,
) -> Result<(), BuildError> {
    // In any case: a disk that ignores case would put one on the other.
    let statics: HashMap<String, &String> = static_files.iter().map(|(path, _)| (path.to_lowercase(), path)).collect();
    let old_urls: HashMap<String, &Alias> =
        aliases.iter().filter_map(|a| Some((route::alias_file(&a.url, ctx.config().origin(), ctx.base)?, a))).collect();
    let mut errors = Vec::new();
    for page in pages {
        for version in &page.versions {
            let file = ctx.file_for(&version.lang, &page.page());
            let dir = file.trim_end_matches("index.html");
            // A page's data is one file for all its languages (`listing::data_href`).
            let data = listing::data_href(ctx.base, ctx.config(), &version.lang, &page.page());
            let data = data[ctx.base.len()..].to_string();
            let shown = format!("{pages_shown}/{}", version.file);
            let own = [&file, &data, &dir.trim_end_matches('/').to_string()];
            if let Some(other) = own.into_iter().find_map(|p| statics.get(&p.to_lowercase())) {
                errors.push(format!(
                    "error: {shown}: the page's path {}{dir} is taken by {}; rename one of them",
                    ctx.base,
                    site.shown(&format!("static/{other}"))
                ));
            }
            if let Some(alias) = old_urls.get(&file) {
                errors.push(format!(
                    "error: {shown}: the page's path {}{dir} is an old URL of the post {}:{}; rename the page, or remove the old URL",
                    ctx.base,
                    site.shown(&format!("posts/{}", alias.file)),
                    alias.line
                ));
            }
        }
    }
    match errors.is_empty() {
        true => Ok(()),
        false => Err(BuildError::Posts { errors }),
    }
}

/// Each menu entry that names a page (`url = "about"`) names one the site
/// publishes, and links the languages it has.
pub(crate) fn settle_menu(
    site: &SiteFolder,
    config: &mut SiteConfig,
    pages: &[PostEntry],
    report: &Report,
) -> Result<(), BuildError> {
    let langs_of = |path: &str| -> Option<Vec<String>> {
        let page = pages.iter().find(|page| page.slug == path)?;
        let main = page.version(&page.main_lang).into_iter();
        let others = page.versions.iter().filter(|v| v.lang != page.main_lang);
        Some(main.chain(others).map(|v| v.lang.clone()).collect())
    };
    for (n, entry) in config.menu.iter_mut().enumerate() {
        let Some(route::Page::Standalone(path)) = route::menu_page(&entry.url) else { continue };
        match langs_of(&path) {
            Some(langs) => entry.langs = langs,
            None => {
                let file = format!("{path}.md");
                let held = report.drafts.iter().any(|d| d.starts_with(&file) || d.starts_with(&format!("{path}/")))
                    || report.scheduled.iter().any(|(d, _)| d.starts_with(&file))
                    || report.not_published.iter().any(|(d, _)| d.starts_with(&file));
                let why = match held {
                    true => format!(
                        "{} is not published in this build (a draft, or for a later day)",
                        site.shown(&format!("pages/{file}"))
                    ),
                    false => format!("there is no {}", site.shown(&format!("pages/{file}"))),
                };
                return Err(BuildError::Config {
                    shown: site.shown("folio.toml"),
                    message: format!(
                        "`[[menu]]` {} (`url = \"{}\"`) names no page: {why}; \
                         publish it, or give the menu entry an absolute URL",
                        n + 1,
                        entry.url
                    ),
                });
            }
        }
    }
    Ok(())
}
