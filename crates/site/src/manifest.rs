//! The web app manifest (`manifest.webmanifest`), which makes the site
//! installable: its name, language, start URL and scope under the base path,
//! colours and icon.

use serde_json::json;

use super::SiteContext;

/// The file's name, beside the home page.
pub use folio_core::route::MANIFEST_FILE;
/// The page background of each theme: `--bg` in `style/main.css`.
pub const LIGHT_BACKGROUND: &str = "#fdfcf9";
pub const DARK_BACKGROUND: &str = "#16181c";

/// The manifest of the site; `icon` is the path of its icon under the base
/// (Trunk's hashed `favicon-….svg`), if there is one.
pub fn web_manifest(ctx: &SiteContext, icon: Option<&str>) -> String {
    let config = ctx.config();
    let description = if config.description.is_empty() { &config.title } else { &config.description };
    let icons: Vec<serde_json::Value> = icon
        .map(|path| json!({ "src": format!("{}{path}", ctx.base), "sizes": "any", "type": "image/svg+xml", "purpose": "any" }))
        .into_iter()
        .collect();
    let manifest = json!({
        "id": ctx.base,
        "name": config.title,
        "short_name": config.title,
        "description": description,
        "lang": config.default_language,
        "dir": "ltr",
        "start_url": ctx.base,
        "scope": ctx.base,
        "display": "standalone",
        "background_color": LIGHT_BACKGROUND,
        "theme_color": LIGHT_BACKGROUND,
        "icons": icons,
    });
    serde_json::to_string_pretty(&manifest).unwrap_or_default()
}

/// What every page's `<head>` says of it: the manifest, and the colour of the
/// browser's own interface in each theme.
pub fn manifest_links(base: &str) -> String {
    format!(
        "<link rel=\"manifest\" href=\"{base}{MANIFEST_FILE}\">\n\
         <meta name=\"theme-color\" content=\"{LIGHT_BACKGROUND}\" media=\"(prefers-color-scheme: light)\">\n\
         <meta name=\"theme-color\" content=\"{DARK_BACKGROUND}\" media=\"(prefers-color-scheme: dark)\">\n"
    )
}
