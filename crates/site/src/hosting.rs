//! What the static host is told: the Content-Security-Policy folio is built
//! for, and cache headers.

use folio_core::route;

/// No inline script or style, wasm compilation allowed, everything else from
/// the site itself.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
     img-src 'self' data: https:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/// The policy as a `<meta>` tag: browsers ignore (and warn about)
/// `frame-ancestors` there, so it is left out; send it as a header.
pub fn csp_meta_tag() -> String {
    let policy = CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", "");
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
        "{base}*\n  Content-Security-Policy: {CONTENT_SECURITY_POLICY}\n  X-Content-Type-Options: nosniff\n  \
         Referrer-Policy: strict-origin-when-cross-origin\n"
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
        assert!(all.contains(&format!("  Content-Security-Policy: {CONTENT_SECURITY_POLICY}\n")), "{headers}");
        assert!(CONTENT_SECURITY_POLICY.contains("frame-ancestors 'none'"));
        assert!(!csp_meta_tag().contains("frame-ancestors"));
    }
}
