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
/// wasm-opt's settings for every part: as small as it can make them.
const WASM_OPT: [&str; 4] = ["-Oz", "--converge", "--low-memory-unused", "--strip-producers"];

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
/// as it is.
pub fn split_app(engine: &Path, staging: &Path, release: bool, log: &dyn Fn(&str)) -> Result<bool, BuildError> {
    let trunk = TrunkFiles::in_folder(staging)?;
    let Some(wasm) = trunk.find("folio-", "_bg.wasm").map(str::to_string) else { return Ok(false) };
    let js = format!("{}.js", wasm.trim_end_matches("_bg.wasm"));
    let js_path = staging.join(&js);
    let bound = fs::read_to_string(&js_path).unwrap_or_default();
    if !bound.contains(PLACEHOLDER) {
        return Ok(false);
    }
    let target = env_path("CARGO_TARGET_DIR").unwrap_or_else(|| engine.join("target"));
    let profile = if release { "release" } else { "debug" };
    let raw = target.join("wasm32-unknown-unknown").join(profile).join("folio.wasm");
    if !raw.is_file() {
        return Err(BuildError::Split {
            message: format!("{} is missing; build the app with `trunk build` first", raw.display()),
        });
    }
    let work = target.join("folio-split");
    let _ = fs::remove_dir_all(&work);
    let (split, bind) = (work.join("split"), work.join("bind"));
    fs::create_dir_all(&bind).map_err(BuildError::io("create", &bind))?;
    let started = std::time::Instant::now();
    run(Command::new("wasm-split-cli").arg(&raw).arg(&split).args(["--out-name", "folio"]))?;
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--keep-lld-exports", "--no-demangle", "--out-name", "folio"])
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
    let parts = Parts {
        app_js: text(bind.join("folio.js"))?,
        app_wasm: read(bind.join("folio_bg.wasm"))?,
        link_js: text(split.join(LINK_MODULE.trim_start_matches("./")))?,
        chunks: chunk_names.iter().map(|n| Ok((n.clone(), read(split.join(n))?))).collect::<Result<_, BuildError>>()?,
    };
    let named = name_parts(parts)?;
    for old in [&js, &wasm] {
        fs::remove_file(staging.join(old)).map_err(BuildError::io("delete", staging.join(old)))?;
    }
    for (name, bytes) in &named.files {
        fs::write(staging.join(name), bytes).map_err(BuildError::io("write", staging.join(name)))?;
    }
    let _ = fs::remove_dir_all(&work);
    log(&format!(
        "folio: the app split in {} parts (search's code apart) in {:.1} s",
        named.files.iter().filter(|(n, _)| n.ends_with(".wasm")).count(),
        started.elapsed().as_secs_f64()
    ));
    Ok(true)
}

/// Names every part from one hash of all of them (the app and the link
/// module name each other, so neither could be named first), and rewrites
/// the names each file uses for the others. The link module fetches a part
/// from the whole file when a host serves wasm with another type than
/// `application/wasm`, as the app's loader does (`boot.js`).
pub fn name_parts(parts: Parts) -> Result<Named, BuildError> {
    let mut all = Vec::new();
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
        false => Err(BuildError::Split { message: format!("{what} does not name {from}; is wasm-split-cli 0.2.4?") }),
    };
    // Only the import: the imports' keys stay the wasm's own module names.
    let app = replace(
        &parts.app_js,
        &format!("from \"{LINK_MODULE}\""),
        &format!("from \"./{link_js}\""),
        "the app's module",
    )?;
    let app = replace(&app, "'folio_bg.wasm'", &format!("'{app_wasm}'"), "the app's module")?;
    let mut link = replace(&parts.link_js, "\"./folio.js\"", &format!("\"./{app_js}\""), "the link module")?;
    link = replace(&link, STREAMING, WHOLE_OR_STREAMING, "the link module")?;
    link.push_str(INSTANTIATE);
    let mut files = vec![(app_js, app.into_bytes()), (app_wasm, parts.app_wasm)];
    for (name, bytes) in parts.chunks {
        let stem = name.trim_end_matches(".wasm");
        let served = format!("{stem}-{hash}.wasm");
        link = replace(&link, &format!("\"./{name}\""), &format!("\"./{served}\""), "the link module")?;
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

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from)
}

/// wasm-opt from `PATH`, or npm's in the engine's `tools/` (scripts/setup.sh).
fn wasm_opt(engine: &Path) -> PathBuf {
    let local = engine.join("tools/node_modules/.bin/wasm-opt");
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|dir| dir.join("wasm-opt").is_file()))
        .unwrap_or(false);
    if on_path || !local.is_file() {
        PathBuf::from("wasm-opt")
    } else {
        local
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
        assert!(link_text.contains(&format!("\"./{chunk}\"")), "{link_text}");
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
        assert!(error.contains("wasm-split-cli 0.2.4"), "{error}");
    }
}
