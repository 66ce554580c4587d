//! The writer's look: the logo and the icon `folio.toml` names, and what
//! the writer's `style.css` would load that the strict CSP blocks.

use std::fs;

use super::error::BuildError;
use super::site_folder::SiteFolder;
use folio_core::config::SiteConfig;

/// Checks that the logo and the icon `folio.toml` names are files of
/// `static/`, and sizes the logo for the header.
pub fn settle(site: &SiteFolder, config: &mut SiteConfig) -> Result<(), BuildError> {
    for (key, file) in [("logo", &config.logo), ("favicon", &config.favicon)] {
        let Some(file) = file else { continue };
        let path = file.trim_start_matches('/');
        if path.is_empty() || path.contains("..") || !site.dir().join("static").join(path).is_file() {
            return Err(BuildError::Config {
                shown: site.shown("folio.toml"),
                message: format!(
                    "`{key} = \"{file}\"`: there is no {}; put the image in static/ and give its path there",
                    site.shown(&format!("static/{path}"))
                ),
            });
        }
    }
    if let Some(logo) = &config.logo {
        let bytes = fs::read(site.dir().join("static").join(logo.trim_start_matches('/'))).unwrap_or_default();
        // 32 px high, as the header shows it, so that it takes its place before it loads.
        config.logo_width = folio_core::image_size::dimensions(&bytes).map(|(w, h)| (w * 32).div_ceil(h.max(1)));
    }
    // As URLs have them: a file named `my logo.png` is `my%20logo.png`.
    config.logo = config.logo.as_deref().map(url_path);
    config.favicon = config.favicon.as_deref().map(url_path);
    Ok(())
}

/// A file's path in `static/` as a URL's path, encoded as `_redirects`'
/// paths are (`redirects::encoded`).
fn url_path(path: &str) -> String {
    super::redirects::encoded(path.trim_start_matches('/'))
}

/// What the writer's CSS loads from another origin that the strict CSP
/// blocks, each with its line: an `@import`, a font (`url()` in an
/// `@font-face`), an image over plain `http:` (images may come from any
/// `https:` address).
pub fn blocked_by_csp(css: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let (mut depth, mut font_face_at) = (0usize, None);
    for (n, line) in without_comments(css).lines().enumerate() {
        let lower = line.to_ascii_lowercase();
        if lower.contains("@font-face") {
            font_face_at = Some(depth);
        }
        let mut rest = lower.as_str();
        while let Some(at) = [rest.find("url("), rest.find("@import")].into_iter().flatten().min() {
            let after = &rest[at..];
            let import = after.starts_with("@import");
            let target = after.trim_start_matches("@import").trim_start();
            let target = target.trim_start_matches("url(").trim_start_matches(['"', '\'', ' ']);
            let elsewhere = ["http://", "https://", "//"].iter().any(|p| target.starts_with(p));
            let blocked = import || font_face_at.is_some() || target.starts_with("http://");
            if elsewhere && blocked {
                let end = target.find(['"', '\'', ')', ' ', ';']).unwrap_or(target.len());
                found.push((n + 1, format!("`{}`", &target[..end])));
            }
            // Past what was read: `@import url(…)` is one finding, not two.
            let read = after.len() - target.len();
            rest = &after[read.max(4)..];
        }
        for c in lower.chars() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if font_face_at == Some(depth) {
                        font_face_at = None;
                    }
                }
                _ => {}
            }
        }
    }
    found
}

/// `css` with its comments blanked out, line breaks kept (so lines keep their numbers).
fn without_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        let end = rest[start + 2..].find("*/").map_or(rest.len(), |e| start + 2 + e + 2);
        out.extend(rest[start..end].chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The shell with the writer's icon (`favicon` in folio.toml) in place of folio's.
pub fn with_favicon(shell: &str, href: &str) -> String {
    let kind = match href.rsplit('.').next().unwrap_or("") {
        "svg" => " type=\"image/svg+xml\"",
        "png" => " type=\"image/png\"",
        "ico" => " type=\"image/x-icon\"",
        _ => "",
    };
    let mut attr = String::new();
    folio_core::sanitize::escape_attr(href, &mut attr);
    let tag = format!("<link rel=\"icon\" href=\"{attr}\"{kind}>");
    match shell.find("<link rel=\"icon\"") {
        Some(start) => {
            let end = shell[start..].find('>').map_or(shell.len(), |e| start + e + 1);
            format!("{}{tag}{}", &shell[..start], &shell[end..])
        }
        None => shell.replacen("</head>", &format!("{tag}\n</head>"), 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_paths_become_url_paths() {
        assert_eq!(url_path("/img/my logo#1.png"), "img/my%20logo%231.png");
        assert_eq!(url_path("ảnh.svg"), "%E1%BA%A3nh.svg");
    }

    #[test]
    fn css_from_other_origins_is_named_by_line() {
        let css = "body { color: red; }\n@import url(\"https://fonts.example/a.css\");\n\
                   @font-face { src: url('/fonts/a.woff2'); }\nh1 { background: url(https://cdn.example/x.png) }\n\
                   @import \"local.css\";\n@font-face {\n  font-family: X;\n  src: url(https://fonts.example/x.woff2);\n}\n\
                   h2 { background: url(http://old.example/y.png) }\n/* @import url(https://in.a/comment.css); */";
        assert_eq!(
            blocked_by_csp(css),
            [
                (2, "`https://fonts.example/a.css`".to_string()),
                (8, "`https://fonts.example/x.woff2`".to_string()),
                (10, "`http://old.example/y.png`".to_string())
            ],
            "images from https: are allowed"
        );
    }

    #[test]
    fn the_writers_icon_replaces_folios() {
        let shell = "<head>\n<link rel=\"icon\" href=\"/favicon-1.svg\" integrity=\"x\"/>\n</head>";
        let with = with_favicon(shell, "/blog/me.png");
        assert_eq!(with, "<head>\n<link rel=\"icon\" href=\"/blog/me.png\" type=\"image/png\">\n</head>");
    }
}
