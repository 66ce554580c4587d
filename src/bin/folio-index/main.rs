//! The build-time indexer, run by Trunk after each build (see `Trunk.toml`).
//!
//! Reads `folio.toml` and `public/posts/`, checks every post with the same
//! core the app uses, and writes into Trunk's staging folder: the posts, the
//! hashed post index, `index.html` with folio's meta tag, and `404.html`.
//! `folio-index --check` only checks the posts.

#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod incremental;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    indexer::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod indexer {
    use std::cell::RefCell;
    use std::collections::{HashMap, HashSet};
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;
    use std::{env, fs};

    use folio::build::extras::Enhancer;
    use folio::build::pages::PageWriter;
    use folio::build::{feeds, hosting, manifest, offline, OutputFile, RenderedVersion, SiteContext};
    use folio::content::config::SiteConfig;
    use folio::content::extras::Extras;
    use folio::content::hash::content_hash;
    use folio::content::index::{self, lang_prefix, PostEntry, SourceFile, SourceRead, Version};
    use folio::content::listing::{link_target, PostData};
    use folio::content::markdown::RenderContext;
    use folio::content::post::{self, Article, FileMeta, ParsedPost};
    use folio::content::route::normalize_base;
    use folio::content::sanitize::escape_attr;
    use folio::content::search::{self, DocTerms, SearchDoc};

    use super::incremental::{indexer_identity, DevFolder, Output, PostRecord};

    pub fn main() -> ExitCode {
        match run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("{message}");
                ExitCode::FAILURE
            }
        }
    }

    struct Settings {
        source: PathBuf,
        staging: PathBuf,
        base: String,
        release: bool,
        check_only: bool,
    }

    fn settings() -> Settings {
        let var = |name: &str| env::var(name).ok().filter(|v| !v.is_empty());
        let source = var("TRUNK_SOURCE_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."));
        Settings {
            staging: var("TRUNK_STAGING_DIR").map(PathBuf::from).unwrap_or_else(|| source.join("dist")),
            source,
            base: normalize_base(&var("TRUNK_PUBLIC_URL").unwrap_or_else(|| "/".into())),
            release: var("TRUNK_PROFILE").is_none_or(|p| p == "release"),
            check_only: env::args().any(|a| a == "--check"),
        }
    }

    fn run() -> Result<(), String> {
        let started = std::time::Instant::now();
        let settings = settings();
        let config_path = settings.source.join("folio.toml");
        let config_text = fs::read_to_string(&config_path).map_err(|e| {
            format!("folio: cannot read {}: {e}; create it (see README, \"Configure the site\")", config_path.display())
        })?;
        let config = read_config(&config_path, &config_text)?;
        let posts_dir = settings.source.join("public/posts");
        let include_drafts = !settings.release;
        // A debug build reuses what the last one read and wrote (`incremental.rs`).
        let dev = (!settings.release && !settings.check_only).then(|| DevFolder::new(&settings.source));
        let mut state = dev.as_ref().map(DevFolder::load).unwrap_or_default();
        let reads_key = content_hash(format!("{}\n{include_drafts}\n{config_text}", indexer_identity()).as_bytes());
        state.check_reads_key(reads_key.clone());
        // A post file whose stamp (`stamp`: size, times, inode) is as the last
        // build saw it keeps that build's read, unread (its bytes are read
        // only if its pages are made again). Assets are always read.
        let listed = list_posts(&posts_dir)?;
        let mut known: Vec<Option<(String, SourceRead)>> = listed
            .iter()
            .map(|(name, stamp)| if is_asset(name) { None } else { state.take_read(name, stamp) })
            .collect();
        let unread: Vec<usize> = (0..listed.len()).filter(|&i| known[i].is_none()).collect();
        let read_bytes = parallel_map(&unread, |&i| {
            let path = posts_dir.join(&listed[i].0);
            fs::read(&path).map_err(|e| format!("folio: cannot read {}: {e}", path.display()))
        });
        let mut bytes: HashMap<&str, Vec<u8>> = HashMap::new();
        for (&i, read) in unread.iter().zip(read_bytes) {
            bytes.insert(&listed[i].0, read?);
        }
        let sources: Vec<SourceFile> =
            listed.iter().filter_map(|(name, _)| Some(SourceFile { name, bytes: bytes.get(name.as_str())? })).collect();
        let fresh = parallel_map(&sources, |file| {
            (content_hash(file.bytes), index::read_source(&config, file, include_drafts))
        });
        for (&i, read) in unread.iter().zip(fresh) {
            known[i] = Some(read);
        }
        // Every file has its read now: `hashes` and `reads` line up with `listed`.
        let (hashes, reads): (Vec<String>, Vec<SourceRead>) = known.into_iter().flatten().unzip();
        let (site_index, report) = index::assemble(&config, &sources, &reads);

        for warning in &report.warnings {
            eprintln!("warning: public/posts/{warning}");
        }
        if !report.errors.is_empty() {
            let errors: Vec<String> = report.errors.iter().map(|e| format!("error: public/posts/{e}")).collect();
            return Err(format!(
                "{}\nfolio: {} post(s) could not be read; fix them and build again",
                errors.join("\n"),
                errors.len()
            ));
        }
        eprintln!("folio: {} post(s) indexed, {} draft(s) left out", site_index.posts.len(), report.drafts.len());
        if settings.check_only {
            return Ok(());
        }

        let out = &settings.staging;
        let shell_path = out.join("index.html");
        let shell =
            fs::read_to_string(&shell_path).map_err(|e| format!("folio: cannot read {}: {e}", shell_path.display()))?;
        let mut base_attr = String::new();
        escape_attr(&settings.base, &mut base_attr);
        // Release builds register the service worker; `trunk serve` does not,
        // so that a writer's preview never comes from a cache.
        let worker = if settings.release { offline::meta_attribute(&base_attr) } else { String::new() };
        let search_id = search_id(settings.release, &format!("{include_drafts}\n{config_text}"), &listed, &hashes);
        let mut head = format!("<meta name=\"folio\" data-base=\"{base_attr}\" data-search=\"{search_id}\"{worker}>\n");
        let trunk_files = TrunkFiles::in_folder(out)?;
        let loader = app_loader(&trunk_files, &settings.base)?;
        head.push_str(&loader.tag);
        // Trunk leaves its `rel="rust"` link when it injects no loader.
        let shell: String =
            shell.lines().filter(|l| !l.contains("data-trunk rel=\"rust\"")).collect::<Vec<_>>().join("\n");
        let mut shell = shell.replacen("</head>", &format!("{head}</head>"), 1);
        if settings.release && site_index.site.csp_meta {
            // First in <head>, so the policy covers everything after it.
            shell = match shell.find("<meta charset=\"utf-8\">") {
                Some(at) => format!("{}\n{}{}", &shell[..at + 22], hosting::csp_meta_tag(), &shell[at + 22..]),
                None => shell.replacen("<head>", &format!("<head>\n{}", hosting::csp_meta_tag()), 1),
            };
        }

        let output = match &dev {
            Some(dev) => {
                // The shell names the app's files, and the loader their hashes.
                state.check_pages_key(content_hash(format!("{reads_key}\n{}\n{shell}", settings.base).as_bytes()));
                Output::debug(dev, out, &mut state)?
            }
            None => Output::release(out),
        };
        output.write(&loader.name, loader.contents.as_bytes())?;
        // Assets (images) stay where the writer put them; the Markdown is
        // served once, content-addressed, from `p/<hash>.md`.
        for file in sources.iter().filter(|file| is_asset(file.name)) {
            output.write(&format!("posts/{}", file.name), file.bytes)?;
        }

        let files = PostFiles { dir: &posts_dir, read: &bytes };
        let ctx = SiteContext { index: &site_index, base: &settings.base };
        let writer = PageWriter::new(&ctx, &shell);
        let (newest, records, search_docs) = post_pages(&ctx, &writer, &files, &output, &state.posts)?;
        write_search(&site_index.site.codes(), search_docs, &search_id, &output)?;
        // Static hosts serve 404.html for unknown paths: `list_pages_in` writes
        // it as a real not-found page, which the app then routes by the real URL.
        let langs = site_index.site.codes();
        // Pages the service worker precaches: not found and offline, in every language.
        let mut fallback_pages = Vec::new();
        for written in parallel_map(&langs, |lang| {
            let mut written = Ok(());
            let mut not_found = Vec::new();
            writer.list_pages_in(lang, |pages| {
                not_found.extend(pages.iter().filter(|p| p.path.ends_with("404.html")).cloned());
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
            output.write(&format!("{}atom.xml", lang_prefix(&site_index.site, &lang)), feed.as_bytes())?;
        }
        for (name, contents) in feeds::sitemaps(&ctx, feeds::SITEMAP_URLS, feeds::SITEMAP_BYTES) {
            output.write(&name, contents.as_bytes())?;
        }
        output.write("robots.txt", feeds::robots(&ctx).as_bytes())?;
        let icon = trunk_files.find("favicon-", ".svg");
        let web_manifest = manifest::web_manifest(&ctx, icon);
        output.write(manifest::MANIFEST_FILE, web_manifest.as_bytes())?;
        if settings.release {
            // The app (Trunk's files and the loader), the manifest and the fallback pages.
            let app_files: Vec<(String, Vec<u8>)> = trunk_files.app_files()?;
            let mut precache: Vec<offline::Precached> =
                app_files.iter().map(|(path, contents)| offline::Precached { path: path.clone(), contents }).collect();
            precache.push(offline::Precached { path: loader.name.clone(), contents: loader.contents.as_bytes() });
            precache
                .push(offline::Precached { path: manifest::MANIFEST_FILE.into(), contents: web_manifest.as_bytes() });
            precache.extend(
                fallback_pages
                    .iter()
                    .map(|p| offline::Precached { path: p.path.clone(), contents: p.contents.as_bytes() }),
            );
            let worker = offline::service_worker(&settings.base, &precache, &offline_pages);
            output.write(offline::SERVICE_WORKER_FILE, worker.as_bytes())?;
        }
        output.write("_headers", hosting::netlify_headers(&settings.base).as_bytes())?;
        if let (Some(dev), Some(changes)) = (&dev, output.finish()?) {
            let (written, deleted, total) = (changes.written, changes.deleted, changes.files.len());
            state.posts = records;
            state.set_files(changes.files);
            state.keep_reads(listed.into_iter().zip(hashes.into_iter().zip(reads)));
            dev.save(&state)?;
            dev.sweep(state.site());
            eprintln!(
                "folio: debug build: {written} file(s) written, {} unchanged, {deleted} deleted, in {} ms (kept in {})",
                total - written,
                started.elapsed().as_millis(),
                dev.path().join(state.site()).display()
            );
        }
        Ok(())
    }

    /// `sha384-…` for Subresource Integrity.
    fn integrity(bytes: &[u8]) -> String {
        use base64::Engine;
        use sha2::{Digest, Sha384};
        format!("sha384-{}", base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes)))
    }

    /// What Trunk wrote into the staging folder before the indexer ran: the
    /// app's hashed files (`folio-….js`, `favicon-….svg`), listed once.
    struct TrunkFiles<'a> {
        folder: &'a Path,
        names: Vec<String>,
    }

    impl<'a> TrunkFiles<'a> {
        fn in_folder(folder: &'a Path) -> Result<Self, String> {
            let entries = fs::read_dir(folder).map_err(|e| format!("folio: cannot read {}: {e}", folder.display()))?;
            let mut names: Vec<String> = entries.flatten().filter_map(|e| e.file_name().into_string().ok()).collect();
            names.sort();
            Ok(TrunkFiles { folder, names })
        }

        /// Trunk's files but its HTML shell, with their contents: what the
        /// app needs to start.
        fn app_files(&self) -> Result<Vec<(String, Vec<u8>)>, String> {
            let files = self.names.iter().filter(|n| *n != "index.html" && self.folder.join(n).is_file());
            files
                .map(|n| {
                    let path = self.folder.join(n);
                    let bytes = fs::read(&path).map_err(|e| format!("folio: cannot read {}: {e}", path.display()))?;
                    Ok((n.clone(), bytes))
                })
                .collect()
        }

        /// The first name, in order, with this prefix and suffix.
        fn find(&self, prefix: &str, suffix: &str) -> Option<&str> {
            self.names.iter().map(String::as_str).find(|n| n.starts_with(prefix) && n.ends_with(suffix))
        }
    }

    /// The app's loader, an external module (no inline script, so a strict CSP
    /// holds): its file and the tag that loads it.
    struct Loader {
        name: String,
        contents: String,
        tag: String,
    }

    /// The app's loader for the files Trunk wrote into `out`. The
    /// wasm-bindgen module and the wasm are both checked against integrity hashes.
    fn app_loader(trunk: &TrunkFiles, base: &str) -> Result<Loader, String> {
        // The loader is `folio-boot-….js`: not one of Trunk's files.
        let js = trunk.names.iter().find(|n| n.starts_with("folio-") && n.ends_with(".js") && !n.contains("boot"));
        let (Some(js), Some(wasm)) = (js, trunk.find("folio-", "_bg.wasm")) else {
            return Err(format!(
                "folio: no folio-*.js and folio-*_bg.wasm in {}; did the Trunk build run?",
                trunk.folder.display()
            ));
        };
        let read =
            |name: &str| fs::read(trunk.folder.join(name)).map_err(|e| format!("folio: cannot read {name}: {e}"));
        let (js_sri, wasm_sri) = (integrity(&read(&js)?), integrity(&read(&wasm)?));
        // The prerendered page is readable without the app: start it only
        // after the first paint, so its downloads never delay the text. The
        // modulepreload link carries the module's integrity to the import.
        // A failed or abandoned download (the reader left, the network
        // dropped) is caught: the prerendered page stays readable, and no
        // uncaught error or unhandled rejection reaches the page.
        let boot = format!(
            "// Written by folio-index: starts the app after the first paint, checking integrity.\n\
             try {{\n\
             \x20 await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));\n\
             \x20 const module = new URL(\"./{js}\", import.meta.url).href;\n\
             \x20 const preload = Object.assign(document.createElement(\"link\"), {{ rel: \"modulepreload\", href: module, integrity: \"{js_sri}\", crossOrigin: \"anonymous\" }});\n\
             \x20 document.head.append(preload);\n\
             \x20 const {{ default: init }} = await import(module);\n\
             \x20 await init({{ module_or_path: fetch(new URL(\"./{wasm}\", import.meta.url), {{ integrity: \"{wasm_sri}\" }}) }});\n\
             }} catch (error) {{\n\
             \x20 document.documentElement.dataset.folioApp = \"failed\";\n\
             \x20 console.warn(\"folio: the app did not start; the page stays as it is.\", error);\n\
             }}\n"
        );
        let name = format!("folio-boot-{}.js", &content_hash(boot.as_bytes())[..12]);
        let tag = format!(
            "<script type=\"module\" src=\"{base}{name}\" integrity=\"{}\" crossorigin=\"anonymous\"></script>\n",
            integrity(boot.as_bytes())
        );
        Ok(Loader { name, contents: boot, tag })
    }

    /// A post file as `post::parse` gives it (what the browser parses too), with its extras.
    struct PostFile {
        parsed: ParsedPost,
        extras: Extras,
    }

    struct DecodedFile {
        text: String,
        parsed: ParsedPost,
    }

    /// The posts folder's files: those read by this build, and the others on demand.
    struct PostFiles<'a> {
        dir: &'a Path,
        read: &'a HashMap<&'a str, Vec<u8>>,
    }

    impl PostFiles<'_> {
        fn bytes(&self, name: &str) -> Result<std::borrow::Cow<'_, [u8]>, String> {
            if let Some(bytes) = self.read.get(name) {
                return Ok(bytes.as_slice().into());
            }
            let path = self.dir.join(name);
            fs::read(&path).map(Into::into).map_err(|e| format!("folio: cannot read {}: {e}", path.display()))
        }
    }

    /// What the posts folder holds besides posts (images), by the path
    /// relative to it: written to `dist/` as it is.
    fn is_asset(name: &str) -> bool {
        !name.ends_with(".md")
    }

    fn read_post_file(
        files: &PostFiles,
        name: &str,
        meta: &FileMeta,
        config: &SiteConfig,
    ) -> Result<DecodedFile, String> {
        let bytes = files.bytes(name)?;
        let text = post::decode(name, &bytes).map_err(|e| format!("error: public/posts/{e}"))?;
        let parsed = post::parse(name, &text, meta, config).map_err(|e| format!("error: public/posts/{e}"))?;
        Ok(DecodedFile { text, parsed })
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
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                .collect()
        })
    }

    fn write_all(output: &Output, files: &[OutputFile]) -> Result<(), String> {
        files.iter().try_for_each(|file| output.write(&file.path, file.contents.as_bytes()))
    }

    /// Writes every post version's page and data, its file (`p/<hash>.md`)
    /// and the file's extras, a post at a time on each core, so that memory
    /// does not grow with the site. A post whose pages the last (debug) build
    /// made from the same inputs (`previous`) keeps them. Returns the newest
    /// versions of each language (`feed_posts`), rendered, for the feeds,
    /// newest first; and what each post's files were made from.
    fn post_pages<'a>(
        ctx: &'a SiteContext<'a>,
        writer: &PageWriter,
        files: &PostFiles,
        output: &Output,
        previous: &HashMap<String, PostRecord>,
    ) -> Result<(Vec<RenderedVersion<'a>>, HashMap<String, PostRecord>, Vec<(usize, String, DocTerms)>), String> {
        let index = ctx.index;
        let config = &index.site;
        let by_slug: HashMap<&str, &PostEntry> = index.posts.iter().map(|p| (p.slug.as_str(), p)).collect();
        let mut in_feed: HashSet<(usize, &str)> = HashSet::new();
        for lang in &config.languages {
            let with_lang = index.posts.iter().enumerate().filter(|(_, p)| p.version(&lang.code).is_some());
            in_feed.extend(with_lang.take(config.feed_posts).map(|(i, _)| (i, lang.code.as_str())));
        }
        let numbered: Vec<(usize, &PostEntry)> = index.posts.iter().enumerate().collect();
        // Interleaved, so that each core gets old and new posts alike.
        let workers = threads();
        let shares: Vec<Vec<(usize, &PostEntry)>> =
            (0..workers).map(|w| numbered.iter().skip(w).step_by(workers).copied().collect()).collect();
        type Share<'a> = (Vec<(usize, RenderedVersion<'a>)>, Vec<(usize, String, PostRecord)>);
        let results = parallel_map(&shares, |share| -> Result<Share<'a>, String> {
            let mut enhancer = None;
            let mut newest = Vec::new();
            let mut records = Vec::new();
            for &(i, entry) in share {
                let feed = entry.versions.iter().any(|v| in_feed.contains(&(i, v.lang.as_str())));
                // Only a debug build keeps what a post's pages were made from.
                let record = if output.keeps_site() {
                    content_hash(&serde_json::to_vec(entry).unwrap_or_default())
                } else {
                    String::new()
                };
                // The last build's pages of this post, if made from the same inputs.
                let unchanged = previous.get(&entry.slug).filter(|last| {
                    !feed
                        && last.entry == record
                        && last
                            .links
                            .iter()
                            .all(|(slug, seen)| by_slug.get(slug.as_str()).map(|t| link_target(t)) == *seen)
                        && last.images.iter().all(|(path, seen)| index.image_size(path) == *seen)
                });
                // `keep` claims the files for this build, if they are all there.
                if let Some(last) = unchanged.filter(|last| output.keep(&last.files)) {
                    for warning in &last.warnings {
                        eprintln!("{warning}");
                    }
                    records.push((i, entry.slug.clone(), last.clone()));
                    continue;
                }
                let enhancer = match &mut enhancer {
                    Some(enhancer) => enhancer,
                    None => enhancer.insert(Enhancer::new()?),
                };
                let (rendered, mut made) = post_versions(ctx, writer, enhancer, &by_slug, files, entry, output)?;
                made.entry = record;
                records.push((i, entry.slug.clone(), made));
                for rendered in rendered {
                    if in_feed.contains(&(i, rendered.version.lang.as_str())) {
                        newest.push((i, rendered));
                    }
                }
            }
            Ok((newest, records))
        });
        let mut newest = Vec::new();
        let mut records = HashMap::new();
        let mut search_docs = Vec::new();
        for result in results {
            let (rendered, made) = result?;
            newest.extend(rendered);
            for (i, slug, mut record) in made {
                // Only a debug build keeps the records: a release build moves the terms out.
                let terms =
                    if output.keeps_site() { record.search.clone() } else { std::mem::take(&mut record.search) };
                search_docs.extend(terms.into_iter().map(|(lang, terms)| (i, lang, terms)));
                records.insert(slug, record);
            }
        }
        newest.sort_by_key(|(i, _)| *i);
        search_docs.sort_by_key(|(i, ..)| *i);
        Ok((newest.into_iter().map(|(_, rendered)| rendered).collect(), records, search_docs))
    }

    /// Writes the pages of one post's versions (and its files and their
    /// extras); returns the versions rendered, and what they were made from.
    fn post_versions<'a>(
        ctx: &'a SiteContext<'a>,
        writer: &PageWriter,
        enhancer: &mut Enhancer,
        by_slug: &HashMap<&str, &PostEntry>,
        files: &PostFiles,
        entry: &'a PostEntry,
        output: &Output,
    ) -> Result<(Vec<RenderedVersion<'a>>, PostRecord), String> {
        let index = ctx.index;
        let config = &index.site;
        let mut written = Vec::new();
        let mut warnings = Vec::new();
        let mut write = |path: String, bytes: &[u8]| {
            output.write(&path, bytes)?;
            written.push(path);
            Ok::<(), String>(())
        };
        // The entry as its pages' data has it: with its files' extras.
        let mut data_entry = entry.clone();
        let mut parsed: HashMap<&str, PostFile> = HashMap::new();
        for version in &entry.versions {
            if parsed.contains_key(version.file.as_str()) {
                continue;
            }
            let file = read_post_file(files, &version.file, &version.file_meta, config)?;
            let (extras, hash) = post_extras(enhancer, &version.file, &file, &mut write, &mut warnings)?;
            for v in data_entry.versions.iter_mut().filter(|v| v.file == version.file) {
                v.extras = hash.clone();
            }
            write(format!("p/{}.md", version.hash), file.text.as_bytes())?;
            parsed.insert(&version.file, PostFile { parsed: file.parsed, extras });
        }
        // Every version first: the post's data (one file for all its
        // languages) has the posts and images that any of them refers to:
        // those, of all it asked about, that exist.
        let asked = RefCell::new(PostRecord::default());
        let mut rendered_versions = Vec::new();
        let mut search_terms = Vec::new();
        for version in &entry.versions {
            let Some(file) = parsed.get(version.file.as_str()) else { continue };
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
            let context = RenderContext {
                base: ctx.base,
                post_prefix: &post_prefix,
                image_size: &image_size,
                extras: &file.extras,
            };
            let Some(article) = file.parsed.render(&version.lang, &context) else { continue };
            search_terms.push((version.lang.clone(), search_doc(entry, version, &file.parsed, &article).terms()));
            rendered_versions.push(RenderedVersion { entry, version, article });
        }
        let mut record = asked.take();
        record.search = search_terms;
        let links = record.links.iter().filter_map(|(slug, langs)| Some((slug.clone(), langs.clone()?))).collect();
        let images = record.images.iter().filter_map(|(path, size)| Some((path.clone(), (*size)?))).collect();
        let data = PostData { entry: data_entry, links, images };
        for file in writer.post(&rendered_versions, data) {
            write(file.path, file.contents.as_bytes())?;
        }
        record.files = written;
        record.warnings = warnings;
        Ok((rendered_versions, record))
    }

    /// A post version as search sees it: the article's title, headings and
    /// first paragraph, and the text of its language's section.
    fn search_doc(entry: &PostEntry, version: &Version, parsed: &ParsedPost, article: &Article) -> SearchDoc {
        SearchDoc {
            slug: entry.slug.clone(),
            title: article.title.clone(),
            date: entry.date,
            headings: article.headings.iter().map(|h| (h.id.clone(), h.text.clone())).collect(),
            body: search::section_text(parsed, &version.lang).unwrap_or_default(),
            summary: article.first_paragraph.clone(),
            file: version.hash.clone(),
            name: version.file.clone(),
            meta: version.file_meta.clone(),
        }
    }

    /// Where this build's search data goes, `search/<id>/`: the id changes
    /// with what the data is made from (its format, folio's version,
    /// `folio.toml`, each post file's name and bytes), so the data can be
    /// cached for good, and stays the same across deploys of the same
    /// posts. It is known before a page is written, as every page names it.
    /// A debug build keeps the id `dev`, so that a changed post does not
    /// change every page.
    fn search_id(release: bool, settings: &str, listed: &[(String, String)], hashes: &[String]) -> String {
        if !release {
            return "dev".into();
        }
        let mut inputs = format!("{} {}\n{settings}\n", search::DATA_FORMAT, env!("CARGO_PKG_VERSION"));
        for ((name, _), hash) in listed.iter().zip(hashes).filter(|((name, _), _)| !is_asset(name)) {
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
    ) -> Result<(), String> {
        let mut by_lang: HashMap<&str, Vec<DocTerms>> = HashMap::new();
        for (_, lang, terms) in docs {
            if let Some(code) = langs.iter().find(|c| **c == lang) {
                by_lang.entry(code).or_default().push(terms);
            }
        }
        // A language at a time, each language's documents dropped once its
        // data is built: the indexer's peak memory is what counts here.
        for lang in langs {
            let docs = by_lang.remove(lang.as_str()).unwrap_or_default();
            let data = search::build(&docs);
            drop(docs);
            for (key, shard) in &data.terms {
                let text = serde_json::to_string(shard).map_err(|e| format!("folio: search data: {e}"))?;
                output.write(&format!("search/{id}/{lang}/t/{}.json", search::shard_file(key)), text.as_bytes())?;
            }
            let meta = serde_json::to_string(&data.meta()).map_err(|e| format!("folio: search data: {e}"))?;
            output.write(&format!("search/{id}/{lang}/meta.json"), meta.as_bytes())?;
            for (n, shard) in data.docs.iter().enumerate() {
                let text = serde_json::to_string(shard).map_err(|e| format!("folio: search data: {e}"))?;
                output.write(&format!("search/{id}/{lang}/d/{n}.json"), text.as_bytes())?;
            }
        }
        Ok(())
    }

    /// Highlights the file's code and converts its TeX; writes the result to
    /// `p/<hash>.json` (content-addressed, like the posts) and returns it with
    /// that hash, or no hash when there is nothing. Invalid TeX is a warning
    /// with its file and line: the formula shows as marked source.
    fn post_extras(
        enhancer: &mut Enhancer,
        name: &str,
        file: &DecodedFile,
        write: &mut impl FnMut(String, &[u8]) -> Result<(), String>,
        warnings: &mut Vec<String>,
    ) -> Result<(Extras, Option<String>), String> {
        let (extras, found) = enhancer.post_extras(&file.parsed, &file.text);
        for warning in found {
            let warning = format!(
                "warning: public/posts/{name}:{}: this TeX does not convert to MathML ({}); it is shown as source: ${}$",
                warning.line, warning.message, warning.tex
            );
            eprintln!("{warning}");
            warnings.push(warning);
        }
        if extras.is_empty() {
            return Ok((extras, None));
        }
        let json =
            serde_json::to_string(&extras).map_err(|e| format!("folio: cannot serialize the extras of {name}: {e}"))?;
        let hash = content_hash(json.as_bytes());
        write(format!("p/{hash}.json"), json.as_bytes())?;
        Ok((extras, Some(hash)))
    }

    fn read_config(path: &Path, text: &str) -> Result<SiteConfig, String> {
        let config: SiteConfig = toml::from_str(text).map_err(|e| format!("error: {}: {e}", path.display()))?;
        config.validate().map_err(|e| format!("error: {}: {e}", path.display()))?;
        Ok(config)
    }

    /// What tells a file changed without reading it: its size, modification
    /// time and, on Unix, its inode and change time (which a rename, or a copy
    /// that keeps the modification time, changes). A file changed in the last
    /// seconds may change again within its file system's clock tick, stamp
    /// unchanged: it gets no stamp, so the next build reads it.
    fn stamp(meta: &fs::Metadata) -> String {
        let recent = |t: std::time::SystemTime| t.elapsed().map_or(true, |age| age.as_secs() < 2);
        let Some(modified) = meta.modified().ok().filter(|t| !recent(*t)) else { return String::new() };
        let since = modified.duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let changed = std::time::UNIX_EPOCH + std::time::Duration::new(meta.ctime().max(0) as u64, 0);
            if recent(changed) {
                return String::new();
            }
            format!("{} {since:?} {} {}.{}", meta.len(), meta.ino(), meta.ctime(), meta.ctime_nsec())
        }
        #[cfg(not(unix))]
        format!("{} {since:?}", meta.len())
    }

    /// Every file under the posts folder, by path relative to it, with its
    /// stamp, in order.
    fn list_posts(dir: &Path) -> Result<Vec<(String, String)>, String> {
        let mut files = Vec::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(current) = pending.pop() {
            let entries =
                fs::read_dir(&current).map_err(|e| format!("folio: cannot read {}: {e}", current.display()))?;
            for entry in entries.flatten() {
                let path = entry.path();
                let meta = fs::metadata(&path).map_err(|e| format!("folio: cannot read {}: {e}", path.display()))?;
                if meta.is_dir() {
                    pending.push(path);
                    continue;
                }
                let name = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                // A file changed in the last seconds may change again within its
                // file system's clock tick, stamp unchanged: it gets no stamp,
                // so the next build reads it.
                files.push((name, stamp(&meta)));
            }
        }
        files.sort();
        Ok(files)
    }
}
