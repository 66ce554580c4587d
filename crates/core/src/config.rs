//! The site configuration (`folio.toml`): title, languages in order, default
//! language, absolute base URL, list and feed lengths. Parsed natively by the
//! indexer, shipped to the browser in every page's data block.

use serde::{Deserialize, Serialize};

use super::lang::Language;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteConfig {
    pub title: String,
    /// Scheme and host, without the public path: `https://example.com`.
    pub base_url: String,
    pub default_language: String,
    pub languages: Vec<Language>,
    #[serde(default)]
    pub description: String,
    /// Put folio's Content-Security-Policy in a `<meta>` tag of every page of
    /// a release build, for hosts that cannot send headers.
    #[serde(default = "yes")]
    pub csp_meta: bool,
    /// Posts per page of the home and tag pages.
    #[serde(default = "twenty")]
    pub page_size: usize,
    /// Posts in each Atom feed, the newest.
    #[serde(default = "twenty")]
    pub feed_posts: usize,
    /// The permalink patterns the site had in another engine (Jekyll's
    /// `/:categories/:year/:month/:day/:title.html`, or its style names
    /// `date`, `pretty`, `ordinal`, `none`): every post's old URL by each
    /// gets a redirect. Build time only: not shipped to the browser.
    #[serde(default, skip_serializing)]
    pub old_permalinks: Vec<String>,
}

fn yes() -> bool {
    true
}

fn twenty() -> usize {
    20
}

impl SiteConfig {
    /// Checks what serde cannot: the default language is configured, codes are
    /// valid and unique, the base URL is absolute.
    pub fn validate(&self) -> Result<(), String> {
        if self.languages.is_empty() {
            return Err("`languages` is empty; add at least one [[languages]] table with `code` and `name`".into());
        }
        for (i, lang) in self.languages.iter().enumerate() {
            if !super::lang::looks_like_code(&lang.code) {
                return Err(format!(
                    "`{}` is not a language code; use a lowercase code such as `en` or `vi`",
                    lang.code
                ));
            }
            if self.languages[..i].iter().any(|l| l.code == lang.code) {
                return Err(format!("the language `{}` is listed twice", lang.code));
            }
        }
        if !self.has_language(&self.default_language) {
            return Err(format!(
                "`default_language = \"{}\"` is not one of the languages ({})",
                self.default_language,
                self.codes().join(", ")
            ));
        }
        if self.page_size == 0 {
            return Err("`page_size = 0`: a page must list at least one post; the default is 20".into());
        }
        for pattern in &self.old_permalinks {
            super::route::check_permalink(pattern)
                .map_err(|placeholder| format!("`old_permalinks`: `{pattern}` has `:{placeholder}`, which folio does not know; use :year, :month, :day, :i_month, :i_day, :short_year, :y_day, :title, :slug, :categories, :sections"))?;
        }
        if !(self.base_url.starts_with("https://") || self.base_url.starts_with("http://")) {
            return Err(format!("`base_url = \"{}\"` must be absolute, such as https://example.com", self.base_url));
        }
        Ok(())
    }

    /// Whether the site has the language `code`, in any case (`zh-hant`
    /// in a URL or a file name is the configured `zh-Hant`).
    pub fn has_language(&self, code: &str) -> bool {
        self.language_code(code).is_some()
    }

    /// The site's spelling of the language `code`, matched in any case.
    pub fn language_code(&self, code: &str) -> Option<&str> {
        self.languages.iter().find(|l| l.code.eq_ignore_ascii_case(code)).map(|l| l.code.as_str())
    }

    pub fn codes(&self) -> Vec<String> {
        self.languages.iter().map(|l| l.code.clone()).collect()
    }

    pub fn language_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.languages.iter().find(|l| l.code == code).map(|l| l.name.as_str()).unwrap_or(code)
    }

    /// The base URL without a trailing slash.
    pub fn origin(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }
}

/// English (default) and Vietnamese, as the demo site has them: the
/// configuration the crates' tests build with.
pub fn demo_config() -> SiteConfig {
    use super::lang::Language;
    SiteConfig {
        title: "folio".into(),
        base_url: "https://example.com".into(),
        default_language: "en".into(),
        languages: vec![
            Language { code: "en".into(), name: "English".into() },
            Language { code: "vi".into(), name: "Tiếng Việt".into() },
        ],
        description: String::new(),
        csp_meta: true,
        page_size: 20,
        feed_posts: 20,
        old_permalinks: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation() {
        let mut config = demo_config();
        assert_eq!(config.validate(), Ok(()));
        config.default_language = "fr".into();
        assert!(config.validate().unwrap_err().contains("not one of the languages (en, vi)"));
        config = demo_config();
        config.base_url = "/blog".into();
        assert!(config.validate().is_err());
    }
}
