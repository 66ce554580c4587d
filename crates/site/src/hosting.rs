//! What the static host is told: the Content-Security-Policy folio is built
//! for, and cache headers.

use folio_core::route;

/// The script that must run before the first paint (the remembered theme,
/// the `js` class): inlined first in every page's `<head>`, so that it costs
/// no request on the way to the first paint, and allowed by its hash.
pub const THEME_SCRIPT_SOURCE: &str = include_str!("../../../public/theme.js");

/// The page's controls (`public/controls.js`, plain ES5) and the app's
/// loader (`boot.js`), inlined at the end of every page's `<body>` as two
/// scripts, so that a browser that cannot run the loader still runs the
/// controls: the page asks for nothing but its stylesheets before its first
/// paint, and the controls answer as soon as it shows. The loader reads the
/// app's files from the page's `<meta name="folio">`, so the scripts are the
/// same in every build and their hashes change only with folio.
const CONTROLS_SOURCE: &str = include_str!("../../../public/controls.js");
const LOADER_SOURCE: &str = include_str!("boot.js");

/// folio's stylesheet (`style/main.css`), minified as release pages inline
/// it in a `<style>` element: the first paint then waits for no request but
/// the page's own (about 150 ms less on a slow phone's first visit; moves in
/// the app load no HTML, so they do not pay its 5 KB again). Allowed by its
/// hash, so the policy changes when the stylesheet does.
pub fn folio_stylesheet() -> &'static str {
    static MINIFIED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    MINIFIED.get_or_init(|| super::minify::minify_css(include_str!("../../../style/main.css")))
}

/// A script as pages inline it: its code, without its comment lines.
fn inlined(source: &str) -> String {
    source.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The theme script as pages inline it.
pub fn theme_script() -> String {
    inlined(THEME_SCRIPT_SOURCE)
}

/// The page's controls, as pages inline them.
pub fn controls_script() -> String {
    inlined(CONTROLS_SOURCE)
}

/// The app's loader, as pages inline it.
pub fn loader_script() -> String {
    inlined(LOADER_SOURCE)
}

/// `'sha256-…'`, the policy's source for an inline script or style.
fn script_hash(script: &str) -> String {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(script.as_bytes());
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// The policy's sources for the three inline scripts.
pub fn inline_script_hashes() -> String {
    [theme_script(), controls_script(), loader_script()].iter().map(|s| script_hash(s)).collect::<Vec<_>>().join(" ")
}

/// The Content-Security-Policy folio is built for: no inline script but
/// folio's three and no inline style but folio's stylesheet (by their
/// hashes), wasm compilation allowed, everything else from the site itself.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self' {}; \
         img-src 'self' data: https:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
        inline_script_hashes(),
        script_hash(folio_stylesheet())
    )
}

/// The policy as a `<meta>` tag: browsers ignore (and warn about)
/// `frame-ancestors` there, so it is left out; send it as a header.
pub fn csp_meta_tag() -> String {
    let policy = content_security_policy().replace("; frame-ancestors 'none'", "");
    format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">")
}

/// Headers for Netlify and Cloudflare Pages (`_headers`): hashed files cached
/// forever; HTML, each page's `data.json` and feeds revalidated; and on
/// every file the policy (with `frame-ancestors`, which only a header sets).
pub fn netlify_headers(base: &str) -> String {
    let immutable = "  Cache-Control: public, max-age=31536000, immutable";
    let revalidate = "  Cache-Control: public, max-age=0, must-revalidate";
    let mut out = String::new();
    for pattern in route::IMMUTABLE {
        out.push_str(&format!("{base}{pattern}\n{immutable}\n"));
    }
    for pattern in route::REVALIDATED {
        out.push_str(&format!("{base}{pattern}\n{revalidate}\n"));
    }
    out.push_str(&format!(
        "{base}*\n  Content-Security-Policy: {}\n  X-Content-Type-Options: nosniff\n  \
         Referrer-Policy: strict-origin-when-cross-origin\n",
        content_security_policy()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_gets_the_policy_as_a_header() {
        let headers = netlify_headers("/blog/");
        let all = headers.split("/blog/*\n").nth(1).unwrap();
        let policy = content_security_policy();
        assert!(all.contains(&format!("  Content-Security-Policy: {policy}\n")), "{headers}");
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"), "{policy}");
        assert!(!theme_script().contains("//") && theme_script().contains("folio-theme"));
        // Inlined as they are: nothing in them may end their `<script>` early.
        for script in [theme_script(), controls_script(), loader_script()] {
            assert!(!script.contains("</") && !script.contains("<!--"), "{script}");
        }
        assert!(loader_script().contains("dataset.wasm") && policy.contains(&inline_script_hashes()));
        // The controls run in browsers the loader's syntax is too new for.
        assert!(!controls_script().contains("=>") && !controls_script().contains("?."));
        assert!(!csp_meta_tag().contains("frame-ancestors"));
        assert!(policy.contains(&format!("style-src 'self' {};", script_hash(folio_stylesheet()))), "{policy}");
        assert!(!folio_stylesheet().contains("</") && folio_stylesheet().len() > 1000);
    }
}
