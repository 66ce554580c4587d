//! The app's wasm in two parts: what every page needs, and search's code
//! (`search_box` in `src/app/search.rs`), fetched the first time a reader
//! opens search. Most readers never do, and search is a fifth of the app.
//!
//! Trunk builds and binds the app as one wasm, whose split point still
//! imports a placeholder. This step takes the wasm as cargo linked it (with
//! its relocations: `.cargo/config.toml`), splits it with `wasm-split-cli`,
//! binds the main part again with wasm-bindgen, optimizes every part with
//! wasm-opt in a release build (Trunk's own wasm-opt is off: `index.html`),
//! and puts the parts in the staging folder in place of Trunk's, under
//! names from their contents:
//!
//! - `folio-<hash>.js` and `folio-<hash>_bg.wasm`: the app, as before;
//! - `folio-split-<hash>.js`: the small module the app imports to fetch a
//!   part, which imports the app back;
//! - `split_search-<hash>.wasm`: search's code.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::error::BuildError;
use super::loader::TrunkFiles;
use folio_core::hash::content_hash;

/// What the split point imports until the app is split.
const PLACEHOLDER: &str = "__wasm_split_placeholder__";
/// The module the split's main part imports its parts' loaders from, as
/// `wasm-split-cli` names it.
const LINK_MODULE: &str = "./__wasm_split.js";
/// The tools whose output `name_parts` rewrites, with a version of folio's
/// own edits (bump it when `INSTANTIATE` or a rewrite changes).
const TOOLING: &str = "wasm-split-cli 0.2.4, wasm-bindgen 0.2.130, folio's edits 1";
/// wasm-opt's settings for every part: for size. No `--converge`: its
/// extra rounds took 8 s of every release build for 0.4 KB gzip.
const WASM_OPT: [&str; 3] = ["-Oz", "--low-memory-unused", "--strip-producers"];

/// The app's parts, bound and optimized, as the tools wrote them.
#[derive(Debug, Clone, PartialEq)]
pub struct Parts {
    /// wasm-bindgen's module, importing `LINK_MODULE`.
    pub app_js: String,
    pub app_wasm: Vec<u8>,
    /// `wasm-split-cli`'s link module, importing `./folio.js`.
    pub link_js: String,
    /// Each split part: its name as the link module fetches it
    /// (`split_search.wasm`), and its bytes.
    pub chunks: Vec<(String, Vec<u8>)>,
}

/// The parts under the names they are served by, each file's text rewritten
/// to name the others.
#[derive(Debug, PartialEq)]
pub struct Named {
    pub files: Vec<(String, Vec<u8>)>,
}

/// Splits the app Trunk bound into `staging` when its wasm has a split
/// point, and says whether it did. Trunk's `folio-*.js` that imports no
/// placeholder (an app without split points, or a test's stand-in) is left
/// as it is, with a warning in a release build (its wasm is not optimized)
/// unless the folder's app is split already.
///
/// A rebuild whose app did not change (a post edited under `trunk serve`)
/// takes the parts from the last split of the same wasm (`target/folio-split/`).
pub fn split_app(engine: &Path, staging: &Path, release: bool, log: &dyn Fn(&str)) -> Result<bool, BuildError> {
    let trunk = TrunkFiles::in_folder(staging)?;
    let Some(wasm) = trunk.find("folio-", "_bg.wasm").map(str::to_string) else { return Ok(false) };
    let js = format!("{}.js", wasm.trim_end_matches("_bg.wasm"));
    let bound = fs::read_to_string(staging.join(&js)).unwrap_or_default();
    if !bound.contains(PLACEHOLDER) {
        // Split already (the indexer run again on a build's files) is no news.
        if release && trunk.find("folio-split-", ".js").is_none() {
            log(&format!(
                "warning: {js} has no split point: the app is served whole, as Trunk built it, without wasm-opt"
            ));
        }
        return Ok(false);
    }
    let started = std::time::Instant::now();
    let target = target_dir(engine)?;
    let profile = if release { "release" } else { "debug" };
    // Where Trunk's cargo build wrote it (Trunk builds the `release` or `dev` profile).
    let raw = target.join("wasm32-unknown-unknown").join(profile).join("folio.wasm");
    let raw_bytes = fs::read(&raw).map_err(|error| BuildError::Split {
        message: format!(
            "cannot read the app as cargo linked it, {}: {error}; Trunk's build should have written it there",
            raw.display()
        ),
    })?;
    let kept = target.join("folio-split").join(profile);
    let settings = format!("{TOOLING} {}", WASM_OPT.join(" "));
    let key = format!("{} {profile} {}", content_hash(&raw_bytes), content_hash(settings.as_bytes()));
    let named = match read_kept(&kept, &key) {
        Some(named) => named,
        None => {
            // A folder of this build's own: two builds at once (a preview and
            // a release build) do not share one.
            let work = target.join("folio-split").join(format!("{profile}-{}", std::process::id()));
            let named = split_raw(engine, &raw, &work, release);
            let _ = fs::remove_dir_all(&work);
            let named = named?;
            keep(&kept, &key, &named);
            named
        }
    };
    for old in [&js, &wasm] {
        fs::remove_file(staging.join(old)).map_err(BuildError::io("delete", staging.join(old)))?;
    }
    for (name, bytes) in &named.files {
        fs::write(staging.join(name), bytes).map_err(BuildError::io("write", staging.join(name)))?;
    }
    log(&format!(
        "folio: the app in {} wasm parts (search's code apart), in {:.1} s",
        named.files.iter().filter(|(n, _)| n.ends_with(".wasm")).count(),
        started.elapsed().as_secs_f64()
    ));
    Ok(true)
}

/// Splits `raw` in `work`, binds the main part and, in a release build,
/// optimizes every part; then names them.
fn split_raw(engine: &Path, raw: &Path, work: &Path, release: bool) -> Result<Named, BuildError> {
    let (split, bind) = (work.join("split"), work.join("bind"));
    fs::create_dir_all(&bind).map_err(BuildError::io("create", &bind))?;
    run(Command::new("wasm-split-cli").arg(raw).arg(&split).args(["--out-name", "folio"]))?;
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--keep-lld-exports", "--out-name", "folio"])
        .arg("--out-dir")
        .arg(&bind)
        .arg(split.join("folio.wasm")))?;
    let mut wasm_files = vec![bind.join("folio_bg.wasm")];
    let mut chunk_names = Vec::new();
    for entry in fs::read_dir(&split).map_err(BuildError::io("read", &split))?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".wasm") && name != "folio.wasm" {
            wasm_files.push(entry.path());
            chunk_names.push(name);
        }
    }
    chunk_names.sort();
    if release {
        let wasm_opt = wasm_opt(engine);
        for file in &wasm_files {
            run(Command::new(&wasm_opt).args(WASM_OPT).arg(file).arg("-o").arg(file))?;
        }
    }
    let read = |path: PathBuf| fs::read(&path).map_err(BuildError::io("read", path));
    let text = |path: PathBuf| fs::read_to_string(&path).map_err(BuildError::io("read", path));
    name_parts(Parts {
        app_js: text(bind.join("folio.js"))?,
        app_wasm: read(bind.join("folio_bg.wasm"))?,
        link_js: text(split.join(LINK_MODULE.trim_start_matches("./")))?,
        chunks: chunk_names.iter().map(|n| Ok((n.clone(), read(split.join(n))?))).collect::<Result<_, BuildError>>()?,
    })
}

/// The parts of the last split, if it split the same wasm with the same tools.
fn read_kept(kept: &Path, key: &str) -> Option<Named> {
    if fs::read_to_string(kept.join("key")).ok()? != key {
        return None;
    }
    let list = fs::read_to_string(kept.join("files")).ok()?;
    let files: Option<Vec<_>> =
        list.lines().map(|name| Some((name.to_string(), fs::read(kept.join(name)).ok()?))).collect();
    Some(Named { files: files? })
}

/// Keeps this split's parts for the next build; a failure only costs that
/// build a split of its own.
fn keep(kept: &Path, key: &str, named: &Named) {
    let _ = fs::remove_dir_all(kept);
    if fs::create_dir_all(kept).is_err() {
        return;
    }
    let names: Vec<&str> = named.files.iter().map(|(n, _)| n.as_str()).collect();
    let written = named.files.iter().all(|(name, bytes)| fs::write(kept.join(name), bytes).is_ok())
        && fs::write(kept.join("files"), names.join("\n")).is_ok();
    // The key last: a folder without it is never read.
    if written {
        let _ = fs::write(kept.join("key"), key);
    }
}

/// Cargo's target folder, wherever the environment or a configuration puts it.
fn target_dir(engine: &Path) -> Result<PathBuf, BuildError> {
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(engine)
        .output();
    let found = output.ok().filter(|o| o.status.success()).and_then(|o| {
        let metadata: serde_json::Value = serde_json::from_slice(&o.stdout).ok()?;
        Some(PathBuf::from(metadata.get("target_directory")?.as_str()?))
    });
    found.ok_or_else(|| BuildError::Split { message: "`cargo metadata` did not say where cargo builds the app".into() })
}

/// Names every part from one hash of all of them (the app and the link
/// module name each other, so neither could be named first), and rewrites
/// the names each file uses for the others. The link module fetches a part
/// from the whole file when a host serves wasm with another type than
/// `application/wasm`, as the app's loader does (`boot.js`).
pub fn name_parts(parts: Parts) -> Result<Named, BuildError> {
    // folio's own edits are inputs too: a change to them renames every part.
    let mut all = TOOLING.as_bytes().to_vec();
    for bytes in [parts.app_js.as_bytes(), &parts.app_wasm, parts.link_js.as_bytes()] {
        all.extend_from_slice(&content_hash(bytes).into_bytes());
    }
    for (name, bytes) in &parts.chunks {
        all.extend_from_slice(name.as_bytes());
        all.extend_from_slice(&content_hash(bytes).into_bytes());
    }
    let hash = &content_hash(&all)[..16];
    let (app_js, app_wasm, link_js) =
        (format!("folio-{hash}.js"), format!("folio-{hash}_bg.wasm"), format!("folio-split-{hash}.js"));
    let replace = |text: &str, from: &str, to: &str, what: &str| match text.contains(from) {
        true => Ok(text.replace(from, to)),
        false => Err(BuildError::Split { message: format!("{what} does not have {from}; expected {TOOLING}") }),
    };
    // Only the import: the imports' keys stay the wasm's own module names.
    let (from_link, to_link) = (format!("from \"{LINK_MODULE}\""), format!("from \"./{link_js}\""));
    let app = replace(&parts.app_js, &from_link, &to_link, "wasm-bindgen's module")?;
    let app = replace(&app, "'folio_bg.wasm'", &format!("'{app_wasm}'"), "wasm-bindgen's module")?;
    let mut link = replace(&parts.link_js, "\"./folio.js\"", &format!("\"./{app_js}\""), "wasm-split-cli's module")?;
    link = replace(&link, STREAMING, WHOLE_OR_STREAMING, "wasm-split-cli's module")?;
    link.push_str(INSTANTIATE);
    let mut files = vec![(app_js, app.into_bytes()), (app_wasm, parts.app_wasm)];
    for (name, bytes) in parts.chunks {
        let stem = name.trim_end_matches(".wasm");
        let served = format!("{stem}-{hash}.wasm");
        // Fetched with its integrity hash, as the app's own wasm is.
        let (from, to) = (
            format!("\"./{name}\", import.meta.url)"),
            format!("\"./{served}\", import.meta.url), {{ integrity: \"{}\" }}", super::loader::integrity(&bytes)),
        );
        link = replace(&link, &from, &to, "wasm-split-cli's module")?;
        files.push((served, bytes));
    }
    files.push((link_js, link.into_bytes()));
    Ok(Named { files })
}

/// How the link module instantiates a part, and what it does instead.
const STREAMING: &str = "WebAssembly.instantiateStreaming(src, imports)";
const WHOLE_OR_STREAMING: &str = "folioInstantiate(src, imports)";
const INSTANTIATE: &str = r#"
// folio: `instantiateStreaming` takes only `application/wasm` without
// parameters; any other type is instantiated from the whole file. A failed
// request is an error, not a type error.
async function folioInstantiate(request, imports) {
    const response = await request;
    if (!response.ok) throw new Error(`${response.status} ${response.statusText} fetching ${response.url}`);
    const type = (response.headers.get("Content-Type") || "").trim().toLowerCase();
    if (type === "application/wasm" && typeof WebAssembly.instantiateStreaming === "function") return WebAssembly.instantiateStreaming(response, imports);
    return WebAssembly.instantiate(await response.arrayBuffer(), imports);
}
"#;

/// A part fetched only when the reader needs it (`split_search-<hash>.wasm`,
/// or a `chunk_…` that two parts share): not precached by the service worker.
pub fn fetched_on_demand(name: &str) -> bool {
    (name.starts_with("split_") || name.starts_with("chunk_")) && name.ends_with(".wasm")
}

/// npm's wasm-opt in the engine's `tools/` (scripts/setup.sh), or one on `PATH`.
fn wasm_opt(engine: &Path) -> PathBuf {
    let local = engine.join("tools/node_modules/.bin/wasm-opt");
    if local.is_file() {
        local
    } else {
        PathBuf::from("wasm-opt")
    }
}

fn run(command: &mut Command) -> Result<(), BuildError> {
    let shown = format!("{command:?}");
    let output = command.output().map_err(|error| BuildError::Split {
        message: format!("cannot run {shown}: {error}; install the build tools with `bash scripts/setup.sh`"),
    })?;
    if !output.status.success() {
        return Err(BuildError::Split {
            message: format!("{shown} failed: {}", String::from_utf8_lossy(&output.stderr).trim()),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts() -> Parts {
        Parts {
            app_js:
                "import * as import1 from \"./__wasm_split.js\"\nconst imports = { \"./__wasm_split.js\": import1 };\n\
                     new URL('folio_bg.wasm', import.meta.url);"
                    .into(),
            app_wasm: b"\0asm app".to_vec(),
            link_js: "import { initSync } from \"./folio.js\";\n\
                      const src = fetch(new URL(\"./split_search.wasm\", import.meta.url));\n\
                      return async (imports) => (WebAssembly.instantiateStreaming(src, imports));"
                .into(),
            chunks: vec![("split_search.wasm".into(), b"\0asm search".to_vec())],
        }
    }

    fn file<'a>(named: &'a Named, prefix: &str) -> (&'a str, String) {
        let (name, bytes) = named.files.iter().find(|(n, _)| n.starts_with(prefix)).expect(prefix);
        (name, String::from_utf8_lossy(bytes).into_owned())
    }

    #[test]
    fn each_part_is_named_from_the_contents_and_names_the_others() {
        let named = name_parts(parts()).unwrap();
        let names: Vec<&str> = named.files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names.len(), 4, "{names:?}");
        let (app, app_text) = file(&named, "folio-");
        let (link, link_text) = file(&named, "folio-split-");
        let (chunk, _) = file(&named, "split_search-");
        let hash = app.trim_start_matches("folio-").trim_end_matches(".js");
        assert_eq!(hash.len(), 16);
        assert!(folio_core::route::is_immutable(app) && folio_core::route::is_immutable(link));
        assert!(folio_core::route::is_immutable(chunk), "{chunk}");
        assert!(app_text.contains(&format!("from \"./{link}\"")), "{app_text}");
        assert!(app_text.contains(&format!("'folio-{hash}_bg.wasm'")), "{app_text}");
        assert!(
            app_text.contains("{ \"./__wasm_split.js\": import1 }"),
            "the wasm's own import names stay: {app_text}"
        );
        assert!(link_text.contains(&format!("from \"./{app}\"")), "{link_text}");
        assert!(
            link_text.contains(&format!("\"./{chunk}\", import.meta.url), {{ integrity: \"sha384-")),
            "{link_text}"
        );
        assert!(!link_text.contains("WebAssembly.instantiateStreaming(src"), "{link_text}");
        assert!(link_text.contains("async function folioInstantiate"), "{link_text}");
        assert!(fetched_on_demand(chunk) && !fetched_on_demand(app) && !fetched_on_demand(link));
    }

    #[test]
    fn any_change_to_any_part_renames_them_all() {
        let first = name_parts(parts()).unwrap();
        let mut changed = parts();
        changed.chunks[0].1.push(1);
        let second = name_parts(changed).unwrap();
        for ((a, _), (b, _)) in first.files.iter().zip(&second.files) {
            assert_ne!(a, b);
        }
    }

    #[test]
    fn output_of_another_tool_version_is_an_error_that_says_so() {
        let mut other = parts();
        other.link_js = other.link_js.replace("instantiateStreaming", "instantiateSomehow");
        let error = name_parts(other).unwrap_err().to_string();
        assert!(error.contains("wasm-split-cli's module") && error.contains("wasm-split-cli 0.2.4"), "{error}");
    }
}
