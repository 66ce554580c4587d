//! The build-time indexer, run by Trunk after each build (see `Trunk.toml`).
//!
//! Reads `folio.toml` and `public/posts/`, checks every post with the same
//! core the app uses, and writes into Trunk's staging folder: the posts, the
//! hashed post index, `index.html` with folio's meta tag, and `404.html`.
//! `folio-index --check` only checks the posts.

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    indexer::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod indexer {
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;
    use std::{env, fs};

    use folio::build::extras::Enhancer;
    use folio::build::{feeds, hosting, pages, RenderedVersion, SiteContext};
    use folio::content::config::SiteConfig;
    use folio::content::extras::Extras;
    use folio::content::hash::content_hash;
    use folio::content::index::{self, lang_prefix, SiteIndex, SourceFile};
    use folio::content::markdown::RenderContext;
    use folio::content::post::{self, ParsedPost};
    use folio::content::route::normalize_base;
    use folio::content::sanitize::escape_attr;

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
        let settings = settings();
        let config = read_config(&settings.source.join("folio.toml"))?;
        let posts_dir = settings.source.join("public/posts");
        let files = read_posts(&posts_dir)?;
        let sources: Vec<SourceFile> = files.iter().map(|(name, bytes)| SourceFile { name, bytes }).collect();
        let (mut site_index, report) = index::build(&config, &sources, !settings.release);

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

        let post_files = post_extras(&mut site_index, &files, &settings.staging)?;

        let json = serde_json::to_string(&site_index).map_err(|e| format!("folio: cannot serialize the index: {e}"))?;
        let index_name = format!("index-{}.json", &content_hash(json.as_bytes())[..12]);
        let out = &settings.staging;
        write(&out.join(&index_name), json.as_bytes())?;

        // `posts/` keeps the writer's files (images, raw Markdown); `p/<hash>.md`
        // is what the app fetches: content-addressed, cacheable forever.
        for (name, bytes) in &files {
            if !report.drafts.contains(name) {
                write(&out.join("posts").join(name), bytes)?;
            }
        }
        for post in &site_index.posts {
            for version in &post.versions {
                if let Some((_, bytes)) = files.iter().find(|(name, _)| *name == version.file) {
                    write(&out.join(format!("p/{}.md", version.hash)), bytes)?;
                }
            }
        }

        let shell_path = out.join("index.html");
        let shell =
            fs::read_to_string(&shell_path).map_err(|e| format!("folio: cannot read {}: {e}", shell_path.display()))?;
        let mut base_attr = String::new();
        escape_attr(&settings.base, &mut base_attr);
        let mut head = format!("<meta name=\"folio\" data-base=\"{base_attr}\" data-index=\"{index_name}\">\n");
        head.push_str(&app_loader(out, &settings.base)?);
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
        // Static hosts serve 404.html for unknown paths: `pages` writes it as
        // a real not-found page, which the app then routes by the real URL.

        let ctx = SiteContext { index: &site_index, base: &settings.base };
        let rendered = render_versions(&site_index, &post_files, &settings.base);
        for page in pages::pages(&ctx, &shell, &rendered) {
            write(&out.join(&page.path), page.contents.as_bytes())?;
        }
        for lang in site_index.site.codes() {
            let feed = feeds::atom_feed(&ctx, &lang, &rendered);
            write(&out.join(format!("{}atom.xml", lang_prefix(&site_index.site, &lang))), feed.as_bytes())?;
        }
        write(&out.join("sitemap.xml"), feeds::sitemap(&ctx).as_bytes())?;
        write(&out.join("robots.txt"), feeds::robots(&ctx).as_bytes())?;
        write(&out.join("_headers"), hosting::netlify_headers(&settings.base).as_bytes())
    }

    /// `sha384-…` for Subresource Integrity.
    fn integrity(bytes: &[u8]) -> String {
        use base64::Engine;
        use sha2::{Digest, Sha384};
        format!("sha384-{}", base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes)))
    }

    /// Writes the app's loader, an external module (no inline script, so a strict
    /// CSP holds), and returns the tag that loads it. The wasm-bindgen module and
    /// the wasm are both checked against integrity hashes.
    fn app_loader(out: &Path, base: &str) -> Result<String, String> {
        let names: Vec<String> = fs::read_dir(out)
            .map_err(|e| format!("folio: cannot read {}: {e}", out.display()))?
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .collect();
        let find = |suffix: &str| {
            names
                .iter()
                .find(|n| n.starts_with("folio-") && n.ends_with(suffix) && (suffix != ".js" || !n.contains("boot")))
                .cloned()
        };
        let (Some(js), Some(wasm)) = (find(".js"), find("_bg.wasm")) else {
            return Err(format!(
                "folio: no folio-*.js and folio-*_bg.wasm in {}; did the Trunk build run?",
                out.display()
            ));
        };
        let read = |name: &str| fs::read(out.join(name)).map_err(|e| format!("folio: cannot read {name}: {e}"));
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
        let boot_name = format!("folio-boot-{}.js", &content_hash(boot.as_bytes())[..12]);
        write(&out.join(&boot_name), boot.as_bytes())?;
        Ok(format!(
            "<script type=\"module\" src=\"{base}{boot_name}\" integrity=\"{}\" crossorigin=\"anonymous\"></script>\n",
            integrity(boot.as_bytes())
        ))
    }

    /// Highlights the code and converts the TeX of every post file, writes
    /// each file's extras to `p/<hash>.json` (content-addressed, like the
    /// posts), and names them in the versions of that file. Invalid TeX is a
    /// warning with its file and line: the formula shows as marked source.
    ///
    /// Returns each file parsed, with its extras, for the pages: a file is
    /// decoded and parsed once here, however many versions it holds.
    fn post_extras(
        index: &mut SiteIndex,
        files: &[(String, Vec<u8>)],
        out: &Path,
    ) -> Result<HashMap<String, PostFile>, String> {
        let mut enhancer = Enhancer::new()?;
        let mut by_file: HashMap<String, PostFile> = HashMap::new();
        let mut hashes: HashMap<String, String> = HashMap::new();
        let config = index.site.clone();
        for entry in &mut index.posts {
            for version in &mut entry.versions {
                if !by_file.contains_key(&version.file) {
                    let bytes = files.iter().find(|(name, _)| *name == version.file).map_or(&[][..], |(_, b)| b);
                    let text = post::decode(&version.file, bytes).map_err(|e| format!("error: public/posts/{e}"))?;
                    let parsed = post::parse(&version.file, &text, &version.file_meta, &config)
                        .map_err(|e| format!("error: public/posts/{e}"))?;
                    let (extras, warnings) = enhancer.post_extras(&parsed, &text);
                    for warning in warnings {
                        eprintln!(
                            "warning: public/posts/{}:{}: this TeX does not convert to MathML ({}); it is shown as source: ${}$",
                            version.file, warning.line, warning.message, warning.tex
                        );
                    }
                    if !extras.is_empty() {
                        let json = serde_json::to_string(&extras)
                            .map_err(|e| format!("folio: cannot serialize the extras of {}: {e}", version.file))?;
                        let hash = content_hash(json.as_bytes());
                        write(&out.join(format!("p/{hash}.json")), json.as_bytes())?;
                        hashes.insert(version.file.clone(), hash);
                    }
                    by_file.insert(version.file.clone(), PostFile { parsed, extras });
                }
                version.extras = hashes.get(&version.file).cloned();
            }
        }
        Ok(by_file)
    }

    /// A post file as `post::parse` gives it (what the browser parses too), with its extras.
    struct PostFile {
        parsed: ParsedPost,
        extras: Extras,
    }

    /// Every post version rendered for its own static page, with the same core
    /// and the same extras the app uses.
    fn render_versions<'a>(
        index: &'a SiteIndex,
        post_files: &HashMap<String, PostFile>,
        base: &str,
    ) -> Vec<RenderedVersion<'a>> {
        let mut rendered = Vec::new();
        for entry in &index.posts {
            for version in &entry.versions {
                // `post_extras` read every version's file.
                let Some(file) = post_files.get(&version.file) else { continue };
                let post_prefix = |slug: &str| index.post_prefix(slug, &version.lang);
                let image_size = |path: &str| index.image_size(path);
                let links =
                    RenderContext { base, post_prefix: &post_prefix, image_size: &image_size, extras: &file.extras };
                if let Some(article) = file.parsed.render(&version.lang, &links) {
                    rendered.push(RenderedVersion { entry, version, article });
                }
            }
        }
        rendered
    }

    fn read_config(path: &Path) -> Result<SiteConfig, String> {
        let text = fs::read_to_string(path).map_err(|e| {
            format!("folio: cannot read {}: {e}; create it (see README, \"Configure the site\")", path.display())
        })?;
        let config: SiteConfig = toml::from_str(&text).map_err(|e| format!("error: {}: {e}", path.display()))?;
        config.validate().map_err(|e| format!("error: {}: {e}", path.display()))?;
        Ok(config)
    }

    /// Every file under the posts folder, by path relative to it.
    fn read_posts(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
        let mut files = Vec::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(current) = pending.pop() {
            let entries =
                fs::read_dir(&current).map_err(|e| format!("folio: cannot read {}: {e}", current.display()))?;
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    pending.push(path);
                    continue;
                }
                let name = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                let bytes = fs::read(&path).map_err(|e| format!("folio: cannot read {}: {e}", path.display()))?;
                files.push((name, bytes));
            }
        }
        files.sort();
        Ok(files)
    }

    fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("folio: cannot create {}: {e}", parent.display()))?;
        }
        fs::write(path, bytes).map_err(|e| format!("folio: cannot write {}: {e}", path.display()))
    }
}
