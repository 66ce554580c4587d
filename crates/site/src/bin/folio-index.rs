//! The build-time indexer, run by Trunk after each build (see `Trunk.toml`):
//! builds the site folder `FOLIO_SITE` (by default the demo in `site/`) into
//! Trunk's staging folder with `folio_site::site`. `folio-index --check`
//! only checks the posts; `folio-index new post "Title"` (or `new page`)
//! starts one in the site folder and prints its path (`scripts/new.sh`).

use std::env;
use std::path::PathBuf;

use folio_core::route::normalize_base;
use folio_site::site::{self, Options};

const USAGE: &str = "usage:
  folio-index                  build the site folder FOLIO_SITE (default: the demo in site/) into
                               TRUNK_STAGING_DIR (default: dist/); Trunk runs it after each build
  folio-index --check          only check the site's posts and configuration
  folio-index new post \"Title\" start a post in the site folder and print its path (also: new page)";

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (the 16th option of v3's
/// `include/mimalloc.h`): how long freed memory stays committed, a second
/// by default. The build frees each post's words and renderings as it goes;
/// purged after 10 ms, a 10,000-post build peaks 60–90 MB lower in no
/// measurably longer time (at 0 ms it took 7 % longer).
const PURGE_DELAY: std::ffi::c_int = 15;
const PURGE_DELAY_DEFAULT: std::ffi::c_long = 1000;

unsafe extern "C" {
    fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// Purges freed memory after 10 ms, unless `MIMALLOC_PURGE_DELAY` says
/// otherwise or the option does not hold the default expected (another
/// mimalloc).
fn purge_freed_memory_soon() {
    if env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: plain calls into the linked mimalloc, which reads and sets
    // its options under its own locking; both take and return integers.
    unsafe {
        if mi_option_get(PURGE_DELAY) == PURGE_DELAY_DEFAULT {
            mi_option_set(PURGE_DELAY, 10);
        }
    }
}

fn main() -> std::process::ExitCode {
    purge_freed_memory_soon();
    let var = |name: &str| env::var(name).ok().filter(|v| !v.is_empty());
    let engine = var("TRUNK_SOURCE_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."));
    // A relative `FOLIO_SITE` is the writer's: taken from the folder they ran
    // Trunk in (the shell's `PWD`), not from the hook's working folder.
    let here = var("PWD").map(PathBuf::from).or_else(|| env::current_dir().ok());
    let site = match var("FOLIO_SITE").map(PathBuf::from) {
        Some(dir) if dir.is_relative() => here.clone().unwrap_or_default().join(dir),
        Some(dir) => dir,
        None => engine.join("site"),
    };
    // Where a site lived before sites were folders of their own: say so
    // rather than build the demo in its place without a word.
    for old in ["public/posts", "folio.toml"] {
        if engine.join(old).exists() {
            eprintln!(
                "warning: {}: folio no longer reads a site inside the engine; move folio.toml and \
                 posts/ into a site folder of their own and set FOLIO_SITE to it (see docs/configuration.md)",
                engine.join(old).display()
            );
        }
    }
    let args: Vec<String> = env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("new") {
        let kind = args.get(1).and_then(|k| folio_site::new::Kind::parse(k));
        let (Some(kind), Some(title)) = (kind, args.get(2)) else {
            eprintln!("usage: folio-index new post \"Title\" | folio-index new page \"Title\"");
            return std::process::ExitCode::FAILURE;
        };
        let folder = folio_site::site_folder::SiteFolder::new(&site, here.as_deref());
        return match folio_site::new::start(&folder, kind, title, site::today()) {
            Ok(path) => {
                println!("{}", path.display());
                std::process::ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("{error}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    // Anything else would build the site over dist/: `--help` included.
    match args.iter().map(String::as_str).find(|a| *a != "--check") {
        Some("--help" | "-h") => {
            println!("{USAGE}");
            return std::process::ExitCode::SUCCESS;
        }
        Some(other) => {
            eprintln!("error: folio-index does not know `{other}`\n\n{USAGE}");
            return std::process::ExitCode::from(2);
        }
        None => {}
    }
    let options = Options {
        staging: var("TRUNK_STAGING_DIR").map(PathBuf::from).unwrap_or_else(|| engine.join("dist")),
        engine,
        site,
        here,
        base: normalize_base(&var("TRUNK_PUBLIC_URL").unwrap_or_else(|| "/".into())),
        release: var("TRUNK_PROFILE").is_none_or(|p| p == "release"),
    };
    let log = |line: &str| eprintln!("{line}");
    let done =
        if args.iter().any(|a| a == "--check") { site::check(&options, &log) } else { site::build(&options, &log) };
    match done {
        Ok(_) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fails when a mimalloc update moves the option or its default: then
    /// the build would keep its freed memory a second again, unnoticed.
    #[test]
    fn freed_memory_is_purged_after_10_ms() {
        if env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        purge_freed_memory_soon();
        // SAFETY: as in `purge_freed_memory_soon`.
        assert_eq!(unsafe { mi_option_get(PURGE_DELAY) }, 10);
    }
}
