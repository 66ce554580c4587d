//! The app's side of a page: what Trunk wrote into the staging folder, the
//! app's files as the page names them for its loader (`boot.js`, inlined by
//! `hosting`), and the edits of Trunk's HTML shell that every page is made
//! from.

use std::fs;
use std::path::Path;

use super::error::BuildError;
use super::hosting;
use folio_core::hash::content_hash;

/// `sha384-…` for Subresource Integrity.
pub fn integrity(bytes: &[u8]) -> String {
    use base64::Engine;
    use sha2::{Digest, Sha384};
    format!("sha384-{}", base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes)))
}

/// What Trunk wrote into the staging folder before the indexer ran: the
/// app's hashed files (`folio-….js`, `favicon-….svg`), listed once.
pub struct TrunkFiles<'a> {
    folder: &'a Path,
    names: Vec<String>,
}

impl<'a> TrunkFiles<'a> {
    pub fn in_folder(folder: &'a Path) -> Result<Self, BuildError> {
        let entries = fs::read_dir(folder).map_err(BuildError::io("read", folder))?;
        let mut names: Vec<String> = entries.flatten().filter_map(|e| e.file_name().into_string().ok()).collect();
        names.sort();
        Ok(TrunkFiles { folder, names })
    }

    /// Trunk's HTML shell.
    pub fn shell(&self) -> Result<String, BuildError> {
        let path = self.folder.join("index.html");
        fs::read_to_string(&path).map_err(BuildError::io("read", path))
    }

    /// Trunk's files but its HTML shell, with their contents: what the
    /// app needs to start.
    pub fn app_files(&self) -> Result<Vec<(String, Vec<u8>)>, BuildError> {
        let files = self.names.iter().filter(|n| *n != "index.html" && self.folder.join(n).is_file());
        files
            .map(|n| {
                let path = self.folder.join(n);
                let bytes = fs::read(&path).map_err(BuildError::io("read", path))?;
                Ok((n.clone(), bytes))
            })
            .collect()
    }

    /// The first name, in order, with this prefix and suffix.
    pub fn find(&self, prefix: &str, suffix: &str) -> Option<&str> {
        self.names.iter().map(String::as_str).find(|n| n.starts_with(prefix) && n.ends_with(suffix))
    }
}

/// folio's stylesheet as readers get it in a release build: minified (see
/// `minify`), under a name from the minified bytes (`main-<hash>.css`, as
/// hosts keep it for a year), with Trunk's shell in the staging folder
/// naming it and its integrity hash anew. Trunk's `minify` is not used: it
/// would rewrite the shell the pages are made from. A shell that names the
/// stylesheet with another kind of hash than sha384 is left as it is.
pub fn minify_stylesheet(folder: &Path) -> Result<(), BuildError> {
    let shell_path = folder.join("index.html");
    let shell = fs::read_to_string(&shell_path).map_err(BuildError::io("read", &shell_path))?;
    let names = TrunkFiles::in_folder(folder)?;
    let Some(name) = names.find("main-", ".css").map(str::to_string) else { return Ok(()) };
    let path = folder.join(&name);
    let css = fs::read_to_string(&path).map_err(BuildError::io("read", &path))?;
    let small = super::minify::minify_css(&css);
    let old = integrity(css.as_bytes());
    let tag = shell.find(&name).and_then(|at| shell[..at].rfind('<').map(|start| (start, at)));
    let tag = tag.map(|(start, at)| &shell[start..at + shell[at..].find('>').unwrap_or(0)]);
    let checked = tag.is_some_and(|tag| tag.contains("integrity="));
    if small == css || tag.is_none() || (checked && !shell.contains(&old)) {
        return Ok(());
    }
    let new_name = format!("main-{}.css", &content_hash(small.as_bytes())[..16]);
    fs::write(folder.join(&new_name), &small).map_err(BuildError::io("write", folder.join(&new_name)))?;
    fs::remove_file(&path).map_err(BuildError::io("delete", &path))?;
    let shell = shell.replace(&name, &new_name).replace(&old, &integrity(small.as_bytes()));
    fs::write(&shell_path, shell).map_err(BuildError::io("write", &shell_path))
}

/// The app's files as `<meta name="folio">` names them for the loader (see
/// `hosting::loader_script`): the wasm-bindgen module and the wasm, each with
/// its integrity hash.
pub fn app_attributes(trunk: &TrunkFiles, base: &str) -> Result<String, BuildError> {
    // The module beside the wasm (`folio-<hash>.js`), not the split's link
    // module (`folio-split-<hash>.js`, see `app_split`).
    let wasm = trunk.find("folio-", "_bg.wasm");
    let js = wasm.map(|w| format!("{}.js", w.trim_end_matches("_bg.wasm"))).filter(|js| trunk.names.contains(js));
    let (Some(js), Some(wasm)) = (js, wasm) else {
        return Err(BuildError::NoApp { folder: trunk.folder.to_path_buf() });
    };
    let read = |name: &str| fs::read(trunk.folder.join(name)).map_err(BuildError::io("read", trunk.folder.join(name)));
    let (js_sri, wasm_sri) = (integrity(&read(&js)?), integrity(&read(wasm)?));
    let mut attributes = format!(
        " data-app=\"{base}{js}\" data-app-integrity=\"{js_sri}\" data-wasm=\"{base}{wasm}\" data-wasm-integrity=\"{wasm_sri}\""
    );
    // The split's link module, which the app's module imports (`app_split`):
    // preloaded with the app, and checked by its hash too.
    if let Some(link) = trunk.find("folio-split-", ".js") {
        attributes
            .push_str(&format!(" data-link=\"{base}{link}\" data-link-integrity=\"{}\"", integrity(&read(link)?)));
    }
    Ok(attributes)
}

/// Where Trunk's link to folio's stylesheet (`main-….css`) starts and ends.
fn stylesheet_link(shell: &str) -> Option<(usize, usize)> {
    let start = shell.find("<link rel=\"stylesheet\"")?;
    let end = start + shell[start..].find('>')? + 1;
    shell[start..end].contains("main-").then_some((start, end))
}

/// Trunk's `rel="rust"` link (left when it injects no loader), and the
/// engine's notes to itself (comments naming `crates/site/src/`).
fn is_trunk_leftover(line: &str) -> bool {
    line.contains("data-trunk rel=\"rust\"") || (line.contains("<!--") && line.contains("crates/site/src/"))
}

/// Trunk's shell as every page starts from: the inlined theme script first
/// in `<head>` (right after the charset), the policy with `csp` right after
/// the stylesheet, `head` added at its end, the page's controls and the app's loader inlined at the
/// end of `<body>`, and Trunk's leftover `rel="rust"` link gone.
///
/// The theme script comes before the stylesheet: an inline script after a
/// stylesheet waits for it, and the parser with it, so the body would only
/// be parsed once the stylesheet arrived. Before it, the script runs at once
/// and the body is parsed while the stylesheet downloads.
pub fn page_shell(trunk_shell: &str, head: &str, csp: bool, inline_stylesheet: bool) -> Result<String, BuildError> {
    if !trunk_shell.contains("</head>") {
        return Err(BuildError::ShellWithoutBody);
    }
    let shell: String = trunk_shell.lines().filter(|l| !is_trunk_leftover(l)).collect::<Vec<_>>().join("\n");
    let shell = shell.replacen("</head>", &format!("{head}</head>"), 1);
    let end = shell.rfind("</body>").ok_or(BuildError::ShellWithoutBody)?;
    let shell = format!(
        "{}<script>{}</script>\n<script>{}</script>\n{}",
        &shell[..end],
        hosting::controls_script(),
        hosting::loader_script(),
        &shell[end..]
    );
    let theme = format!("<script>{}</script>", hosting::theme_script());
    const CHARSET: &str = "<meta charset=\"utf-8\">";
    let shell = match shell.split_once(CHARSET) {
        Some((before, after)) => format!("{before}{CHARSET}\n{theme}{after}"),
        None => shell.replacen("<head>", &format!("<head>\n{theme}"), 1),
    };
    // Release pages carry folio's stylesheet in a `<style>` element
    // (`hosting::folio_stylesheet`) in place of Trunk's link to it.
    let shell = match inline_stylesheet.then(|| stylesheet_link(&shell)).flatten() {
        Some((start, end)) => {
            format!("{}<style>{}</style>{}", &shell[..start], hosting::folio_stylesheet(), &shell[end..])
        }
        None => shell,
    };
    if !csp {
        return Ok(shell);
    }
    // The policy right after folio's stylesheet: Chromium's preload scanner
    // stops at a policy `<meta>` until the parser has applied it, which held
    // the stylesheet's request back by 30-80 ms. What comes before it is
    // folio's own (the theme script, allowed by its hash anyway), and the
    // page's metadata, which loads nothing; the body comes after it.
    let after_stylesheet = shell
        .find("</style>")
        .map(|at| at + "</style>".len())
        .or_else(|| stylesheet_link(&shell).map(|(_, end)| end))
        .or_else(|| shell.find(&theme).map(|at| at + theme.len()));
    let Some(at) = after_stylesheet else { return Err(BuildError::ShellWithoutBody) };
    Ok(format!("{}\n{}{}", &shell[..at], hosting::csp_meta_tag(), &shell[at..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_is_minified_under_a_name_and_hash_of_its_own() {
        let dir = std::env::temp_dir().join(format!("folio-minify-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let css = "/* folio */\n.a {\n  color: red;\n}\n";
        fs::write(dir.join("main-0123.css"), css).unwrap();
        let tag =
            |name: &str, hash: &str| format!("<link rel=\"stylesheet\" href=\"/blog/{name}\" integrity=\"{hash}\"/>");
        fs::write(dir.join("index.html"), tag("main-0123.css", &integrity(css.as_bytes()))).unwrap();
        minify_stylesheet(&dir).unwrap();
        let shell = fs::read_to_string(dir.join("index.html")).unwrap();
        let name = TrunkFiles::in_folder(&dir).unwrap().find("main-", ".css").unwrap().to_string();
        let small = fs::read_to_string(dir.join(&name)).unwrap();
        assert_eq!(small, ".a{color:red}");
        assert_eq!(shell, tag(&name, &integrity(small.as_bytes())), "the shell names the minified file and its hash");
        assert!(!dir.join("main-0123.css").exists() && name != "main-0123.css");
        // A hash of another kind is left alone, and so is the file.
        let other = "/* x */ .b { color: blue }";
        fs::write(dir.join(&name), other).unwrap();
        fs::write(dir.join("index.html"), tag(&name, "sha512-abc")).unwrap();
        minify_stylesheet(&dir).unwrap();
        assert_eq!(fs::read_to_string(dir.join(&name)).unwrap(), other);
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_theme_script_comes_first_the_policy_after_the_stylesheet_and_the_head_last() {
        let trunk = "<html><head>\n<meta charset=\"utf-8\">\n<title>x</title>\n\
                     <link rel=\"stylesheet\" href=\"/main-1.css\">\n\
                     <link data-trunk rel=\"rust\" data-bin=\"folio\">\n</head><body></body></html>";
        let shell = page_shell(trunk, "<meta name=\"folio\">\n", true, false).unwrap();
        let at = |what: &str| shell.find(what).unwrap_or_else(|| panic!("{what} in {shell}"));
        let theme = format!("<script>{}</script>", hosting::theme_script());
        assert!(at("charset") < at(&theme) && at(&theme) < at("<title>"), "{shell}");
        assert!(at(&theme) < at("main-1.css"), "the theme script before the stylesheet: {shell}");
        assert!(at("main-1.css") < at("Content-Security-Policy"), "the policy after the stylesheet: {shell}");
        assert!(
            at("Content-Security-Policy") < at("<meta name=\"folio\">") && at("Content-Security-Policy") < at("<body>")
        );
        assert!(shell.contains("<meta name=\"folio\">\n</head>"), "the head last: {shell}");
        assert!(!shell.contains("rel=\"rust\""), "{shell}");
        let page = format!(
            "<script>{}</script>\n<script>{}</script>\n</body>",
            hosting::controls_script(),
            hosting::loader_script()
        );
        assert!(shell.contains(&page), "the controls and the loader last in the body: {shell}");
        let plain = page_shell(trunk, "", false, false).unwrap();
        // A shell folio cannot add its scripts to is an error, not a page without them.
        assert!(matches!(page_shell("<html><head></head></html>", "", true, true), Err(BuildError::ShellWithoutBody)));
        // Release pages: the stylesheet inlined, the policy right after it.
        let inlined = page_shell(trunk, "", true, true).unwrap();
        let style = format!("<style>{}</style>", hosting::folio_stylesheet());
        assert!(!inlined.contains("main-1.css") && inlined.contains(&style), "{inlined}");
        let at = |what: &str| inlined.find(what).unwrap_or_else(|| panic!("{what} in {inlined}"));
        assert!(at(&theme) < at(&style) && at(&style) < at("Content-Security-Policy"), "{inlined}");
        assert!(!plain.contains("Content-Security-Policy") && plain.find(&theme) < plain.find("<title>"));
    }

    #[test]
    fn the_page_names_the_app_with_its_hashes() {
        let dir = std::env::temp_dir().join(format!("folio-loader-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("folio-1a.js"), "export default function init() {}").unwrap();
        fs::write(dir.join("folio-1a_bg.wasm"), b"\0asm").unwrap();
        let attributes = app_attributes(&TrunkFiles::in_folder(&dir).unwrap(), "/blog/").unwrap();
        let js = integrity(b"export default function init() {}");
        assert!(attributes.contains(&format!(" data-app=\"/blog/folio-1a.js\" data-app-integrity=\"{js}\"")));
        let wasm = integrity(b"\0asm");
        assert!(attributes.contains(&format!(" data-wasm=\"/blog/folio-1a_bg.wasm\" data-wasm-integrity=\"{wasm}\"")));
        fs::remove_dir_all(&dir).unwrap();
        let empty = std::env::temp_dir().join(format!("folio-loader-empty-{}", std::process::id()));
        fs::create_dir_all(&empty).unwrap();
        assert!(matches!(app_attributes(&TrunkFiles::in_folder(&empty).unwrap(), "/"), Err(BuildError::NoApp { .. })));
        fs::remove_dir_all(&empty).unwrap();
    }
}
