//! The build pipeline as a library: a writer's site folder in, the static
//! site out, into the folder Trunk staged its app in. `folio-index` (Trunk's
//! post-build hook) is a thin shell around `build`; tests call it directly.
//!
//! Steps: read the site folder (`site_folder`) and every post file, on every
//! core, with what a debug build kept (`incremental`); index the posts; make
//! the page shell (`loader`); write each post's pages, file and extras, then
//! the search data, the lists, the offline pages, the feeds and sitemaps, the
//! manifest, the service worker, the headers and the writer's static files.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use super::error::BuildError;
use super::extras::{Enhancer, FileExtras, MathWarning};
use super::incremental::{indexer_identity, DevFolder, Output, PostRecord};
use super::loader::{self, app_attributes, page_shell, TrunkFiles};
use super::pages::PageWriter;
use super::site_folder::SiteFolder;
use super::{
    app_split, feeds, hosting, look, manifest, offline, own_pages, redirects, OutputFile, RenderedVersion, SiteContext,
};
use folio_core::build_time;
use folio_core::build_time::index::{self, ArticleText, SourceRead};
use folio_core::build_time::interface;
use folio_core::config::SiteConfig;
use folio_core::hash::content_hash;
use folio_core::index::{lang_prefix, PostEntry, SourceFile, Version};
use folio_core::listing::{link_target, PostData};
use folio_core::markdown::RenderContext;
use folio_core::post::{self, Article, FileBodies, ParsedPost};
use folio_core::route;
use folio_core::sanitize::escape_attr;
use folio_core::search::{self, DocTerms, SearchDoc};
use folio_core::source_name::{self, SourceName};

/// What to build, and where.
pub struct Options {
    /// The engine's checkout: a debug build keeps its state in its `target/`.
    pub engine: PathBuf,
    /// The writer's site folder.
    pub site: PathBuf,
    /// The folder the writer ran the build in: paths in messages are shown from it.
    pub here: Option<PathBuf>,
    /// Trunk's staging folder: its app files in, the whole site out.
    pub staging: PathBuf,
    /// The public path, `/` or `/blog/`.
    pub base: String,
    /// A release build (drafts left out, service worker, nothing kept), or
    /// a debug one (`trunk serve`).
    pub release: bool,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct Summary {
    pub posts: usize,
    pub drafts: usize,
    /// Every warning, as it was logged.
    pub warnings: Vec<String>,
}

/// Where a build's messages go, a line at a time, from any thread.
pub type Log<'a> = &'a (dyn Fn(&str) + Sync);

/// Checks every post, writes nothing.
pub fn check(options: &Options, log: Log) -> Result<Summary, BuildError> {
    run(options, log, true)
}

/// Builds the site into `options.staging`.
pub fn build(options: &Options, log: Log) -> Result<Summary, BuildError> {
    run(options, log, false)
}

/// A log that also keeps the warnings for the summary.
pub(crate) struct Messages<'a> {
    log: Log<'a>,
    warnings: std::sync::Mutex<Vec<String>>,
}

impl Messages<'_> {
    pub(crate) fn say(&self, line: &str) {
        (self.log)(line);
    }

    pub(crate) fn warn(&self, line: String) {
        (self.log)(&line);
        self.warnings.lock().unwrap_or_else(|e| e.into_inner()).push(line);
    }
}

fn run(settings: &Options, log: Log, check_only: bool) -> Result<Summary, BuildError> {
    let started = std::time::Instant::now();
    let messages = Messages { log, warnings: Default::default() };
    // `FOLIO_TIMINGS=1`: where a build's time goes, phase by phase (`bench/archive.py`).
    let timings = std::env::var_os("FOLIO_TIMINGS").is_some();
    let phase_start = std::cell::Cell::new(started);
    let lap = |phase: &str| {
        if timings {
            let now = std::time::Instant::now();
            (log)(&format!("folio: {phase}: {} ms", (now - phase_start.get()).as_millis()));
            phase_start.set(now);
        }
    };
    let site = &SiteFolder::new(&settings.site, settings.here.as_deref());
    let (config_text, mut config, unused) = site.config()?;
    look::settle(site, &mut config)?;
    for key in unused {
        messages.warn(format!(
            "warning: {}: this version of folio does not read `{key}`; check its spelling, or remove it",
            site.shown("folio.toml")
        ));
    }
    // The interface text of the site's languages: the engine's, with the
    // site's own i18n/ files over it; registered for every page rendered.
    let (interface_files, other_files) = site.interface_files()?;
    for name in other_files {
        messages.warn(format!(
            "warning: {}: folio reads only <language code>.toml files in i18n/; this one is not used",
            site.shown(&format!("i18n/{name}"))
        ));
    }
    let shown_file = |message: &str| match message.split_once(": ") {
        Some((file, rest)) => (site.shown(file), rest.to_string()),
        None => (site.shown("i18n"), message.to_string()),
    };
    let interfaces = interface::site_interfaces(&config, &interface_files).map_err(|message| {
        let (shown, message) = shown_file(&message);
        BuildError::Config { shown, message }
    })?;
    for warning in &interfaces.warnings {
        let (shown, message) = shown_file(warning);
        messages.warn(format!("warning: {shown}: {message}"));
    }
    let interfaces_key = serde_json::to_string(&interfaces.interfaces).unwrap_or_default();
    for language in interfaces.interfaces {
        folio_core::i18n::register(language);
    }
    let posts_dir = site.posts_dir();
    let posts_shown = site.shown("posts");
    let include_drafts = !settings.release;
    let publish = match settings.release {
        true => index::Publish::Release { today: today() },
        false => index::Publish::Everything,
    };
    // A debug build reuses what the last one read and wrote (`incremental.rs`),
    // in a folder of its own for each site.
    let dev = (!settings.release && !check_only).then(|| DevFolder::new(&settings.engine, site.dir()));
    let mut state = dev.as_ref().map(DevFolder::load).unwrap_or_default();
    let reads_key = content_hash(format!("{}\n{publish:?}\n{config_text}", indexer_identity()).as_bytes());
    state.check_reads_key(reads_key.clone());
    // A post file whose stamp (`stamp`: size, times, inode) is as the last
    // build saw it keeps that build's read, unread (its bytes are read
    // only if its pages are made again). Assets are always read.
    let listed = site.posts()?;
    let mut known: Vec<Option<(String, SourceRead)>> = listed
        .iter()
        .map(|(name, stamp)| if is_asset(name, &config) { None } else { state.take_read(name, stamp) })
        .collect();
    let unread: Vec<usize> = (0..listed.len()).filter(|&i| known[i].is_none()).collect();
    // Each file read and, if a post, read for the index at once: a post's
    // bytes are not held through the build (they are read again, from the
    // page cache, when its pages are written). Assets' bytes are kept.
    let fresh = parallel_map(&unread, |&i| -> Result<FreshRead, BuildError> {
        let name = listed[i].0.as_str();
        let path = posts_dir.join(name);
        let bytes = fs::read(&path).map_err(BuildError::io("read", path))?;
        if is_asset(name, &config) {
            return Ok(FreshRead::Asset(bytes));
        }
        let read = index::read_source(&config, &SourceFile { name, bytes: &bytes }, publish);
        Ok(FreshRead::Post(content_hash(&bytes), read))
    });
    let mut assets: HashMap<&str, Vec<u8>> = HashMap::new();
    for (&i, read) in unread.iter().zip(fresh) {
        match read? {
            FreshRead::Asset(bytes) => {
                assets.insert(&listed[i].0, bytes);
                known[i] = Some((String::new(), SourceRead::Asset));
            }
            FreshRead::Post(hash, read) => known[i] = Some((hash, read)),
        }
    }
    // The assets (for the index: images' sizes), in the order listed.
    let sources: Vec<SourceFile> =
        listed.iter().filter_map(|(name, _)| Some(SourceFile { name, bytes: assets.get(name.as_str())? })).collect();
    // Every file has its read now: `hashes` and `reads` line up with `listed`.
    let (hashes, mut reads): (Vec<String>, Vec<SourceRead>) = known.into_iter().flatten().unzip();
    // The writer's pages, and the languages of those the menu links.
    let own_pages::Read { pages: pages_index, report: pages_report, hashes: page_hashes } =
        own_pages::read(site, &config, publish, &messages)?;
    own_pages::settle_menu(site, &mut config, &pages_index, &pages_report)?;
    config.render_footer(&settings.base);
    // What rendering tells (words, first paragraphs) is not known yet for
    // the posts read afresh: enough to render every post once, which then
    // completes the index for the lists.
    lap("read the posts");
    let (posts_index, report) = index::assemble(&config, &sources, &reads);

    for warning in &report.warnings {
        messages.warn(format!("warning: {posts_shown}/{warning}"));
    }
    if !report.errors.is_empty() {
        let errors = report.errors.iter().map(|e| format!("error: {posts_shown}/{e}")).collect();
        return Err(BuildError::Posts { errors });
    }
    if !report.scheduled.is_empty() {
        let listed: Vec<String> =
            report.scheduled.iter().map(|(name, day)| format!("{name} ({})", day.iso())).collect();
        messages.say(&format!(
            "folio: {} post(s) scheduled, left out until their day: {}",
            listed.len(),
            listed.join(", ")
        ));
    }
    if !report.not_published.is_empty() {
        let listed: Vec<String> = report.not_published.iter().map(|(name, why)| format!("{name} ({why})")).collect();
        messages.say(&format!(
            "folio: {} post(s) not published, as their front matter asks: {}",
            listed.len(),
            listed.join(", ")
        ));
    }
    let (posts, drafts) = (posts_index.posts.len(), report.drafts.len() + pages_report.drafts.len());
    let sections = match report.sections.len() {
        0 => String::new(),
        n => format!(", {n} section page(s) (`_index.md`) skipped: folio makes its own lists"),
    };
    let pages = match pages_index.len() {
        0 => String::new(),
        n => format!(", {n} page(s)"),
    };
    messages.say(&format!("folio: {posts} post(s){pages} indexed, {drafts} draft(s) left out{sections}"));
    let summary = |messages: Messages| Summary {
        posts,
        drafts,
        warnings: messages.warnings.into_inner().unwrap_or_else(|e| e.into_inner()),
    };
    if check_only {
        return Ok(summary(messages));
    }

    let out = &settings.staging;
    lap("index the posts and read the pages");
    if app_split::split_app(&settings.engine, out, settings.release, log)? {
        lap("split the app");
    }
    if settings.release {
        loader::minify_stylesheet(out)?;
    }
    let trunk_files = TrunkFiles::in_folder(out)?;
    let mut base_attr = String::new();
    escape_attr(&settings.base, &mut base_attr);
    // Release builds register the service worker; `trunk serve` does not,
    // so that a writer's preview never comes from a cache.
    let worker = if settings.release { offline::meta_attribute(&base_attr) } else { String::new() };
    // The pages' files count as the posts' do.
    let (mut search_inputs, mut search_hashes) = (listed.clone(), hashes.clone());
    for (name, hash) in page_hashes {
        search_inputs.push((format!("../pages/{name}"), String::new()));
        search_hashes.push(hash);
    }
    // The rows name the posts' rendered files, whose HTML has the size of
    // every image a post shows: the id follows the images' sizes too.
    let image_sizes: String =
        posts_index.images.iter().map(|(path, (width, height))| format!("{path} {width}x{height}\n")).collect();
    let search_id = search_id(
        settings.release,
        &format!("{include_drafts}\n{config_text}\n{image_sizes}"),
        &search_inputs,
        &search_hashes,
    );
    let app = app_attributes(&trunk_files, &base_attr)?;
    let mut head =
        format!("<meta name=\"folio\" data-base=\"{base_attr}\" data-search=\"{search_id}\"{worker}{app}>\n");
    // The writer's own CSS, last, so that its rules win over folio's.
    let stylesheet = site.stylesheet(settings.release)?;
    if let Some((_, css)) = &stylesheet {
        for (line, what) in look::blocked_by_csp(&String::from_utf8_lossy(css)) {
            messages.warn(format!(
                "warning: {}:{line}: {what} is on another origin, which the site's Content-Security-Policy \
                 blocks; put the file in static/ and link it from there, relative to style.css (`url(fonts/x.woff2)`)",
                site.shown("style.css")
            ));
        }
    }
    if let Some((name, css)) = &stylesheet {
        // Checked like folio's own files; a debug build's changes with each edit.
        let checked = match settings.release {
            true => format!(" integrity=\"{}\" crossorigin=\"anonymous\"", loader::integrity(css)),
            false => String::new(),
        };
        head.push_str(&format!("<link rel=\"stylesheet\" href=\"{base_attr}{name}\"{checked}>\n"));
    }
    let mut shell = page_shell(&trunk_files.shell()?, &head, settings.release && config.csp_meta, settings.release)?;
    if let Some(favicon) = &config.favicon {
        shell = look::with_favicon(&shell, &format!("{base_attr}{}", favicon.trim_start_matches('/')));
    }

    let output = match &dev {
        Some(dev) => {
            // The shell names the app's files and their hashes.
            state.check_pages_key(content_hash(
                // The configuration as shipped: what the build adds to it
                // (the logo's size, the menu's languages) included.
                format!(
                    "{reads_key}\n{}\n{shell}\n{interfaces_key}\n{}",
                    settings.base,
                    serde_json::to_string(&config).unwrap_or_default()
                )
                .as_bytes(),
            ));
            Output::debug(dev, out, &mut state)?
        }
        None => Output::release(out),
    };
    if let Some((name, css)) = &stylesheet {
        output.write(name, css)?;
    }
    // Assets (images) stay where the writer put them; the Markdown is not
    // served: the app gets each post rendered (`p/<hash>.json`).
    for file in &sources {
        output.write(&route::post_asset(file.name), file.bytes)?;
    }

    let files = PostFiles { dir: &posts_dir, shown: &posts_shown };
    let ctx = SiteContext { index: &posts_index, base: &settings.base };
    // Links to posts' old URLs go straight to the posts.
    let old_urls: HashMap<String, String> = report
        .aliases
        .iter()
        .filter_map(|a| Some((route::alias_file(&a.url, config.origin(), &settings.base)?, a.slug.clone())))
        .collect();
    let moved = Moved { old_urls, renamed: &report.renamed };
    lap("the shell");
    let made = post_pages(
        &ctx,
        &posts_index.posts,
        &moved,
        &PageWriter::new(&ctx, &shell),
        &files,
        &output,
        &state.posts,
        &messages,
    )?;
    // The writer's files in static/, listed once: pages must not be on them, and they are copied last.
    let static_files = site.static_files()?;
    // The writer's pages, as posts are written, always afresh (they are few).
    let pages_dir = site.pages_dir();
    let pages_shown = site.shown("pages");
    let page_files = PostFiles { dir: &pages_dir, shown: &pages_shown };
    own_pages::check_paths(&ctx, &pages_index, &report.aliases, &static_files, site, &pages_shown)?;
    let writer = PageWriter::new(&ctx, &shell);
    let made_pages = post_pages(&ctx, &pages_index, &moved, &writer, &page_files, &output, &HashMap::new(), &messages)?;
    let search_docs = made.search_docs.into_iter().chain(made_pages.search_docs).collect();
    lap("the posts' and pages' pages");
    write_search(&config.codes(), search_docs, &search_id, &output)?;
    let records = made.records;
    // The index completed with what rendering told, for the lists and feeds.
    let read_of: HashMap<&str, usize> =
        reads.iter().enumerate().filter_map(|(i, read)| Some((read.post_file()?, i))).collect();
    let learned: Vec<(usize, String, ArticleText)> = made
        .learned
        .into_iter()
        .filter_map(|(file, lang, text)| Some((*read_of.get(file.as_str())?, lang, text)))
        .collect();
    for (i, lang, text) in learned {
        reads[i].learn(&lang, text);
    }
    lap("the search data");
    let (mut site_index, _) = index::assemble(&config, &sources, &reads);
    site_index.pages = pages_index;
    let ctx = SiteContext { index: &site_index, base: &settings.base };
    let writer = PageWriter::new(&ctx, &shell);
    let newest: Vec<RenderedVersion> = made
        .feeds
        .into_iter()
        .filter_map(|(i, article)| {
            let entry = site_index.posts.get(i)?;
            Some(RenderedVersion { entry, version: entry.version(&article.lang)?, article })
        })
        .collect();
    // Static hosts serve 404.html for unknown paths: `list_pages_in` writes
    // it as a real not-found page, which the app then routes by the real URL.
    let langs = site_index.site.codes();
    // Pages the service worker precaches: not found and offline, in every language.
    let mut fallback_pages = Vec::new();
    lap("the index again");
    for written in parallel_map(&langs, |lang| {
        let mut written = Ok(());
        let mut not_found = Vec::new();
        writer.list_pages_in(lang, |pages| {
            not_found.extend(pages.iter().filter(|p| p.path.ends_with(route::NOT_FOUND_FILE)).cloned());
            if written.is_ok() {
                written = write_all(&output, &pages);
            }
        });
        written.map(|()| not_found)
    }) {
        fallback_pages.extend(written?);
    }
    let mut offline_pages = Vec::new();
    for lang in &langs {
        let page = writer.offline(lang);
        output.write(&page.path, page.contents.as_bytes())?;
        offline_pages.push((lang_prefix(&site_index.site, lang).to_string(), page.path.clone()));
        fallback_pages.push(page);
    }
    for lang in site_index.site.codes() {
        let feed = feeds::atom_feed(&ctx, &lang, &newest);
        output.write(&format!("{}{}", lang_prefix(&site_index.site, &lang), route::FEED_FILE), feed.as_bytes())?;
    }
    for (name, contents) in feeds::sitemaps(&ctx, feeds::SITEMAP_URLS, feeds::SITEMAP_BYTES) {
        output.write(&name, contents.as_bytes())?;
    }
    output.write(route::ROBOTS_FILE, feeds::robots(&ctx).as_bytes())?;
    let icon = trunk_files.find("favicon-", ".svg");
    let web_manifest = manifest::web_manifest(&ctx, icon);
    output.write(manifest::MANIFEST_FILE, web_manifest.as_bytes())?;
    // Each language's interface, for the app to fetch when it first shows a page in it.
    let interface_files = crate::interface_files(&config);
    for (hash, json) in interface_files.values() {
        output.write(&route::interface_file(hash), json.as_bytes())?;
    }
    // And its shared start data, which its pages' loaders fetch.
    let shared_start = crate::shared_start_data(&config);
    for (hash, json) in shared_start.values() {
        output.write(&route::interface_file(hash), json.as_bytes())?;
    }
    lap("the lists, feeds and sitemap");
    if settings.release {
        // The app (Trunk's files), the manifest and the fallback pages. Not
        // search's code: fetched when a reader opens search, and kept then.
        let app_files: Vec<(String, Vec<u8>)> = trunk_files.app_files()?;
        let mut precache: Vec<offline::Precached> = app_files
            .iter()
            .filter(|(path, _)| !app_split::fetched_on_demand(path))
            // folio's stylesheet: in every release page already.
            .filter(|(path, _)| !(path.starts_with("main-") && path.ends_with(".css")))
            .map(|(path, contents)| offline::Precached { path: path.clone(), contents })
            .collect();
        if let Some((name, css)) = &stylesheet {
            precache.push(offline::Precached { path: name.clone(), contents: css });
        }
        precache.push(offline::Precached { path: manifest::MANIFEST_FILE.into(), contents: web_manifest.as_bytes() });
        precache.extend(
            interface_files.values().chain(shared_start.values()).map(|(hash, json)| offline::Precached {
                path: route::interface_file(hash),
                contents: json.as_bytes(),
            }),
        );
        precache.extend(
            fallback_pages.iter().map(|p| offline::Precached { path: p.path.clone(), contents: p.contents.as_bytes() }),
        );
        // The writer's pages are answered as folio's own (`about/`, `projects/`).
        let mut own: Vec<String> =
            site_index.pages.iter().map(|p| format!("{}/", p.slug.split('/').next().unwrap_or(""))).collect();
        own.dedup();
        let worker = offline::service_worker(&settings.base, &precache, &offline_pages, &own);
        output.write(offline::SERVICE_WORKER_FILE, worker.as_bytes())?;
    }
    output.write(route::HEADERS_FILE, hosting::netlify_headers(&settings.base).as_bytes())?;
    // The posts' old URLs, after every page, so that one on a page's path is found.
    let taken = |path: &str| output.holds(path);
    let aliases = report.aliases.iter().chain(&pages_report.aliases);
    lap("the worker and headers");
    let redirects = redirects::plan(&ctx, aliases, (&posts_shown, &pages_shown), &taken)
        .map_err(|errors| BuildError::Posts { errors })?;
    for warning in redirects.elsewhere {
        messages.warn(warning);
    }
    for (path, html) in &redirects.pages {
        output.write(path, html.as_bytes())?;
    }
    if let Some(lines) = &redirects.hosts_file {
        output.write(route::REDIRECTS_FILE, lines.as_bytes())?;
    }
    // Last, so that a file that would replace one of folio's is found.
    for (path, file) in static_files {
        // The worker is written by release builds only: refused in a preview too.
        if output.holds(&path) || path == route::SERVICE_WORKER_FILE {
            return Err(BuildError::StaticClash { shown: site.shown(&format!("static/{path}")), path });
        }
        if let Some(pattern) = route::immutable_pattern(&path) {
            messages.warn(format!(
                "warning: {}: hosts are told to cache {path} for a year, as if its name changed with its \
                 contents (the pattern `{pattern}`); rename it unless it never changes",
                site.shown(&format!("static/{path}")),
            ));
        }
        let bytes = fs::read(&file).map_err(BuildError::io("read", &file))?;
        output.write(&path, &bytes)?;
    }
    for (option, (count, first)) in &report.dropped {
        messages.warn(match option.split_once(' ') {
            Some((tag, option)) => format!(
                "warning: {posts_shown}/{first}: `{option}` of a {tag} tag is dropped ({count} tag(s) have it); \
                 folio has no place for it"
            ),
            None => format!(
                "warning: {posts_shown}/{first}: `{option}` of a highlight tag is dropped ({count} block(s) have it); \
                 folio does not number code lines"
            ),
        });
    }
    // What the writer's front matter has that folio does not use: once, at the end.
    for (key, (posts, first)) in &report.unused_keys {
        messages.warn(format!(
            "warning: {posts_shown}/{first}: folio does not use the front matter key `{key}` ({posts} post(s) have it); \
             nothing in it is published"
        ));
    }
    for (key, (pages, first)) in &pages_report.unused_keys {
        messages.warn(format!(
            "warning: {pages_shown}/{first}: folio does not use the front matter key `{key}` ({pages} page(s) have it); \
             nothing in it is published"
        ));
    }
    lap("old URLs and static files");
    if let (Some(dev), Some(changes)) = (&dev, output.finish()?) {
        let (written, deleted, total) = (changes.written, changes.deleted, changes.files.len());
        state.posts = records;
        state.set_files(changes.files);
        state.keep_reads(listed.into_iter().zip(hashes.into_iter().zip(reads)));
        dev.save(&state)?;
        dev.sweep(state.site());
        messages.say(&format!(
            "folio: debug build: {written} file(s) written, {} unchanged, {deleted} deleted, in {} ms (kept in {})",
            total - written,
            started.elapsed().as_millis(),
            dev.path().join(state.site()).display()
        ));
    }
    Ok(summary(messages))
}

struct DecodedFile {
    text: String,
    parsed: ParsedPost,
}

/// What reading a file of the posts folder gives: an asset's bytes, or a
/// post's hash and what the index takes from it.
enum FreshRead {
    Asset(Vec<u8>),
    Post(String, SourceRead),
}

/// The posts folder, where post files are read as their pages are written.
struct PostFiles<'a> {
    dir: &'a Path,
    /// The posts folder as the writer is shown it in errors.
    shown: &'a str,
}

/// What the posts folder holds besides posts and sections' pages (images,
/// PDFs), by the path relative to it: written to `dist/` as it is.
pub(crate) fn is_asset(name: &str, config: &SiteConfig) -> bool {
    source_name::read(name, config) == SourceName::Asset
}

fn read_post_file(files: &PostFiles, version: &Version, config: &SiteConfig) -> Result<DecodedFile, BuildError> {
    let (name, hash, meta) = (version.file.as_str(), &version.hash, &version.file_meta);
    let path = files.dir.join(name);
    let bytes = fs::read(&path).map_err(BuildError::io("read", &path))?;
    let (text, _) =
        build_time::post_text(name, &bytes).map_err(|e| BuildError::Post(format!("{}/{e}", files.shown)))?;
    // The index was made from the file as it was read first.
    if content_hash(text.as_bytes()) != *hash {
        return Err(BuildError::ChangedDuringBuild { shown: format!("{}/{name}", files.shown) });
    }
    let parsed =
        post::parse(name, &text, meta, config).map_err(|e| BuildError::Post(format!("{}/{e}", files.shown)))?;
    Ok(DecodedFile { text, parsed })
}

/// Today, for posts scheduled for a later day: from `SOURCE_DATE_EPOCH`
/// when it is set (a reproducible build), else the clock, in UTC.
pub fn today() -> folio_core::date::Date {
    let from_env = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok());
    let seconds = from_env.unwrap_or_else(|| {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        now.map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    });
    folio_core::date::Date::from_unix_seconds(seconds)
}

/// How many threads the indexer works with: one per core.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `f` over `items` on every core, in order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let chunk = items.len().div_ceil(threads()).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> =
            items.chunks(chunk).map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<R>>())).collect();
        workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    })
}

fn write_all(output: &Output, files: &[OutputFile]) -> Result<(), BuildError> {
    files.iter().try_for_each(|file| output.write(&file.path, file.contents.as_bytes()))
}

/// What writing the posts' pages gives the rest of the build.
struct PostPages {
    /// The newest versions of each language (`feed_posts`), newest first,
    /// rendered for the feeds: by the post's place in the index.
    feeds: Vec<(usize, Article)>,
    /// What each post's files were made from, by slug.
    records: HashMap<String, PostRecord>,
    /// Each version's search document: the post's place, the language.
    search_docs: Vec<(usize, String, DocTerms)>,
    /// What rendering each post file's versions told: file, language, text.
    learned: Vec<(String, String, ArticleText)>,
}

/// Writes every post version's page and data and its file's rendered
/// versions (`p/<hash>.json`), a post at a time on each core, so that memory
/// does not grow with the site. Each file is walked once, for its pages,
/// its extras, its search text and what the lists say of it. A post whose
/// pages the last (debug) build made from the same inputs (`previous`)
/// keeps them.
#[allow(clippy::too_many_arguments)]
fn post_pages(
    ctx: &SiteContext,
    entries: &[PostEntry],
    moved: &Moved,
    writer: &PageWriter,
    files: &PostFiles,
    output: &Output,
    previous: &HashMap<String, PostRecord>,
    messages: &Messages,
) -> Result<PostPages, BuildError> {
    let index = ctx.index;
    let config = &index.site;
    let by_slug: HashMap<&str, &PostEntry> = index.posts.iter().map(|p| (p.slug.as_str(), p)).collect();
    let mut in_feed: HashSet<(usize, &str)> = HashSet::new();
    for lang in &config.languages {
        // The writer's pages are in no feed.
        let with_lang = entries.iter().enumerate().filter(|(_, p)| !p.standalone && p.version(&lang.code).is_some());
        in_feed.extend(with_lang.take(config.feed_posts).map(|(i, _)| (i, lang.code.as_str())));
    }
    let numbered: Vec<(usize, &PostEntry)> = entries.iter().enumerate().collect();
    // Interleaved, so that each core gets old and new posts alike.
    let workers = threads();
    let shares: Vec<Vec<(usize, &PostEntry)>> =
        (0..workers).map(|w| numbered.iter().skip(w).step_by(workers).copied().collect()).collect();
    let writing = PostWriting { ctx, moved, writer, by_slug: &by_slug, files, output, messages };
    let results = parallel_map(&shares, |share| -> Result<Vec<(usize, PostMade)>, BuildError> {
        let mut enhancer = None;
        let mut made = Vec::new();
        for &(i, entry) in share {
            let feed = entry.versions.iter().any(|v| in_feed.contains(&(i, v.lang.as_str())));
            // The last build's pages of this post, if made from the same
            // inputs. A post read afresh is never the same: its index entry
            // lacks what rendering tells until it is rendered.
            let unchanged = previous.get(&entry.slug).filter(|last| {
                !feed
                    && last.entry == entry_hash(entry)
                    && last.links.iter().all(|(slug, seen)| by_slug.get(slug.as_str()).map(|t| link_target(t)) == *seen)
                    && last.images.iter().all(|(path, seen)| index.image_size(path) == *seen)
                    && last.old_links.iter().all(|(url, seen)| {
                        route::alias_file(url, config.origin(), ctx.base).and_then(|f| moved.old_urls.get(&f))
                            == seen.as_ref()
                    })
                    && last.renamed.iter().all(|(named, seen)| moved.renamed.get(named) == seen.as_ref())
            });
            // `keep` claims the files for this build, if they are all there.
            if let Some(last) = unchanged.filter(|last| output.keep(&last.files)) {
                for warning in &last.warnings {
                    messages.warn(warning.clone());
                }
                made.push((i, PostMade { record: last.clone(), ..PostMade::default() }));
                continue;
            }
            let enhancer = match &mut enhancer {
                Some(enhancer) => enhancer,
                None => enhancer.insert(Enhancer::new().map_err(BuildError::Highlighter)?),
            };
            let mut post = post_versions(&writing, enhancer, entry)?;
            post.articles.retain(|article| in_feed.contains(&(i, article.lang.as_str())));
            made.push((i, post));
        }
        Ok(made)
    });
    let mut pages =
        PostPages { feeds: Vec::new(), records: HashMap::new(), search_docs: Vec::new(), learned: Vec::new() };
    for result in results {
        for (i, mut made) in result? {
            let slug = entries[i].slug.clone();
            // Only a debug build keeps the records: a release build moves the terms out.
            let terms =
                if output.keeps_site() { made.record.search.clone() } else { std::mem::take(&mut made.record.search) };
            pages.search_docs.extend(terms.into_iter().map(|(lang, terms)| (i, lang, terms)));
            pages.feeds.extend(made.articles.into_iter().map(|article| (i, article)));
            pages.learned.extend(made.learned);
            pages.records.insert(slug, made.record);
        }
    }
    pages.feeds.sort_by_key(|(i, _)| *i);
    pages.search_docs.sort_by_key(|(i, ..)| *i);
    Ok(pages)
}

/// What a post's pages are made from, as the index has it: a debug build
/// keeps a post's pages while this stays the same.
fn entry_hash(entry: &PostEntry) -> String {
    content_hash(&serde_json::to_vec(entry).unwrap_or_default())
}

/// Where posts were before: what links to them may still name.
struct Moved<'a> {
    /// Every post's old URLs (`route::alias_file`), with the post's slug.
    old_urls: HashMap<String, String>,
    /// Post files whose front matter gives another slug: the file's, the post's.
    renamed: &'a BTreeMap<String, String>,
}

/// What every post's pages are written with.
struct PostWriting<'a, 'b> {
    ctx: &'a SiteContext<'a>,
    moved: &'b Moved<'b>,
    writer: &'b PageWriter<'b>,
    by_slug: &'b HashMap<&'a str, &'a PostEntry>,
    files: &'b PostFiles<'b>,
    output: &'b Output,
    messages: &'b Messages<'b>,
}

/// What writing one post's pages made.
#[derive(Default)]
struct PostMade {
    /// Its versions' articles, as rendered.
    articles: Vec<Article>,
    /// What each of its files' versions told: file, language, text.
    learned: Vec<(String, String, ArticleText)>,
    record: PostRecord,
}

/// Writes the pages of one post's versions and each of its files' rendered
/// versions (`p/<hash>.json`), rendering each version once: the walk gives
/// the page, the file, the extras it needs, its search text and what the
/// index learns of it.
fn post_versions(writing: &PostWriting, enhancer: &mut Enhancer, entry: &PostEntry) -> Result<PostMade, BuildError> {
    let PostWriting { ctx, moved, writer, by_slug, files, output, messages } = *writing;
    let index = ctx.index;
    let config = &index.site;
    let mut written = Vec::new();
    let mut warnings = Vec::new();
    let mut write = |path: String, bytes: &[u8]| {
        output.write(&path, bytes)?;
        written.push(path);
        Ok::<(), BuildError>(())
    };
    // The entry as its pages' data has it: completed with what rendering
    // tells, and with its files' extras.
    let mut complete = entry.clone();
    let asked = RefCell::new(PostRecord::default());
    let mut articles: Vec<(usize, Article)> = Vec::new();
    let mut search_terms = Vec::new();
    let mut learned = Vec::new();
    // Each file's rendered versions' hash (`route::body_file`).
    let mut body_of: HashMap<&str, String> = HashMap::new();
    // A file at a time (`hello.md` may hold several versions; `hello.vi.md` one).
    for (first, version) in entry.versions.iter().enumerate() {
        if body_of.contains_key(version.file.as_str()) {
            continue;
        }
        let file = read_post_file(files, version, config)?;
        let extras = FileExtras::new(enhancer, &file.text);
        for (n, version) in entry.versions.iter().enumerate().skip(first).filter(|(_, v)| v.file == version.file) {
            let Some(section) = file.parsed.section(&version.lang) else { continue };
            extras.rendering(&section.markdown);
            let post_prefix = |slug: &str| {
                let target = by_slug.get(slug);
                let langs = target.map(|t| link_target(t));
                asked.borrow_mut().links.insert(slug.to_string(), langs);
                let shown = target?.best_version(&version.lang)?;
                Some(lang_prefix(config, &shown.lang))
            };
            let image_size = |path: &str| {
                let size = index.image_size(path);
                asked.borrow_mut().images.insert(path.to_string(), size);
                size
            };
            let old_url = |url: &str| {
                let slug = moved.old_urls.get(&route::alias_file(url, config.origin(), ctx.base)?).cloned();
                asked.borrow_mut().old_links.insert(url.to_string(), slug.clone());
                slug
            };
            let renamed = |named: &str| {
                let slug = moved.renamed.get(named).cloned();
                asked.borrow_mut().renamed.insert(named.to_string(), slug.clone());
                slug
            };
            let context = RenderContext {
                base: ctx.base,
                folder: source_name::folder(&version.file),
                files: route::files_of(entry.standalone),
                post_prefix: &post_prefix,
                image_size: &image_size,
                old_url: &old_url,
                renamed: &renamed,
                extras: &extras,
            };
            let Some((article, text)) = file.parsed.render_for_search(&version.lang, &context) else { continue };
            let told = ArticleText {
                words: article.words,
                letters: article.letters,
                first_paragraph: article.first_paragraph.clone(),
            };
            index::learn(&mut complete.versions[n], &told);
            learned.push((version.file.clone(), version.lang.clone(), told));
            search_terms.push((n, text));
            articles.push((n, article));
        }
        math_warnings(files.shown, &version.file, extras.warnings(), &mut warnings, messages);
        // The file's versions as rendered, for the app: one file for all.
        let mut bodies = FileBodies::default();
        for (_, article) in articles.iter().filter(|(n, _)| entry.versions[*n].file == version.file) {
            bodies.add(article);
        }
        let json =
            serde_json::to_string(&bodies).map_err(BuildError::json(format!("the pages of {}", version.file)))?;
        let hash = content_hash(json.as_bytes());
        write(route::body_file(&hash), json.as_bytes())?;
        body_of.insert(&version.file, hash);
    }
    let mut record = asked.take();
    record.entry = if output.keeps_site() { entry_hash(&complete) } else { String::new() };
    // Its data names the rendered versions' files (the record's entry hash is
    // of what the index says, whatever they hash to).
    for version in &mut complete.versions {
        version.body = body_of.get(version.file.as_str()).cloned();
    }
    // In the index's order of versions, whatever the order of files.
    articles.sort_by_key(|(n, _)| *n);
    search_terms.sort_by_key(|(n, _)| *n);
    record.search = search_terms
        .into_iter()
        .zip(&articles)
        .map(|((n, text), (_, article))| {
            let version = &complete.versions[n];
            (version.lang.clone(), search_doc(&complete, version, article, text).terms())
        })
        .collect();
    let rendered_versions: Vec<RenderedVersion> = articles
        .into_iter()
        .map(|(n, article)| RenderedVersion { entry: &complete, version: &complete.versions[n], article })
        .collect();
    let data = PostData { entry: complete.clone() };
    for file in writer.post(&rendered_versions, data) {
        write(file.path, file.contents.as_bytes())?;
    }
    record.files = written;
    record.warnings = warnings;
    let articles = rendered_versions.into_iter().map(|rendered| rendered.article).collect();
    Ok(PostMade { articles, learned, record })
}

/// A post version as search sees it: the article's title, headings and
/// first paragraph, and the text of its language's section.
fn search_doc(entry: &PostEntry, version: &Version, article: &Article, body: String) -> SearchDoc {
    SearchDoc {
        slug: entry.slug.clone(),
        standalone: entry.standalone,
        title: article.title.clone(),
        date: entry.date,
        headings: article.headings.iter().map(|h| (h.id.clone(), h.text.clone())).collect(),
        body,
        summary: article.first_paragraph.clone(),
        file: version.body.clone().unwrap_or_default(),
    }
}

/// Where this build's search data goes, `search/<id>/`: the id changes
/// with what the data is made from (its format, folio's version,
/// `folio.toml`, each post file's name and bytes, the images' sizes, which
/// the rendered files its rows name depend on), so the data can be
/// cached for good, and stays the same across deploys of the same
/// posts. It is known before a page is written, as every page names it.
/// A debug build keeps the id `dev`, so that a changed post does not
/// change every page.
fn search_id(release: bool, settings: &str, listed: &[(String, String)], hashes: &[String]) -> String {
    if !release {
        return "dev".into();
    }
    let mut inputs = format!("{} {}\n{settings}\n", search::DATA_FORMAT, env!("CARGO_PKG_VERSION"));
    // Assets have no hash here: the data does not depend on them.
    for ((name, _), hash) in listed.iter().zip(hashes).filter(|(_, hash)| !hash.is_empty()) {
        inputs.push_str(&format!("{name} {hash}\n"));
    }
    content_hash(inputs.as_bytes())
}

/// Writes each language's search data (`search/<id>/<lang>/`): what it
/// holds in `meta.json`, term shards in `t/`, document shards in `d/`. Every language has its
/// folder, even without posts, so that a search never fetches a 404.
fn write_search(
    langs: &[String],
    docs: Vec<(usize, String, DocTerms)>,
    id: &str,
    output: &Output,
) -> Result<(), BuildError> {
    let mut by_lang: HashMap<&str, Vec<DocTerms>> = HashMap::new();
    for (_, lang, terms) in docs {
        if let Some(code) = langs.iter().find(|c| **c == lang) {
            by_lang.entry(code).or_default().push(terms);
        }
    }
    // Each language's data on a core of its own, each document's words
    // dropped as they are read: the indexer's peak memory is what counts here.
    let work: Vec<(&String, std::sync::Mutex<Vec<DocTerms>>)> = langs
        .iter()
        .map(|lang| (lang, std::sync::Mutex::new(by_lang.remove(lang.as_str()).unwrap_or_default())))
        .collect();
    let written = parallel_map(&work, |(lang, docs)| -> Result<(), BuildError> {
        let docs = std::mem::take(&mut *docs.lock().unwrap_or_else(|e| e.into_inner()));
        let data = search::build(docs);
        for (key, shard) in &data.terms {
            let text = serde_json::to_string(shard).map_err(BuildError::json("the search data"))?;
            output.write(&route::search_terms(id, lang, &search::shard_file(key)), text.as_bytes())?;
        }
        let meta = serde_json::to_string(&data.meta()).map_err(BuildError::json("the search data"))?;
        output.write(&route::search_meta(id, lang), meta.as_bytes())?;
        for (n, shard) in data.docs.iter().enumerate() {
            let text = serde_json::to_string(shard).map_err(BuildError::json("the search data"))?;
            output.write(&route::search_docs(id, lang, n), text.as_bytes())?;
        }
        for (n, shard) in data.headings.iter().enumerate() {
            let text = serde_json::to_string(shard).map_err(BuildError::json("the search data"))?;
            output.write(&route::search_headings(id, lang, n), text.as_bytes())?;
        }
        Ok(())
    });
    written.into_iter().collect::<Result<(), BuildError>>()?;
    Ok(())
}

/// Reports the TeX of a file that does not convert, with its file and line:
/// the formula shows as marked source.
fn math_warnings(posts: &str, name: &str, found: Vec<MathWarning>, warnings: &mut Vec<String>, messages: &Messages) {
    for warning in found {
        let warning = format!(
            "warning: {posts}/{name}:{}: this TeX does not convert to MathML ({}); it is shown as source: ${}$",
            warning.line, warning.message, warning.tex
        );
        messages.warn(warning.clone());
        warnings.push(warning);
    }
}
