//! The site configuration (`folio.toml`): title, languages in order, default
//! language, absolute base URL, list and feed lengths, the menu, the footer
//! and the writer's profiles. Parsed natively by the indexer, shipped to the
//! browser in every page's data block.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::lang::Language;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteConfig {
    pub title: String,
    /// Scheme and host, without the public path: `https://example.com`.
    pub base_url: String,
    pub default_language: String,
    /// Missing, as empty: `validate` says what to add.
    #[serde(default)]
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
    /// Signs every post that names no author.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_url: Option<String>,
    /// The header's links, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub menu: Vec<MenuEntry>,
    /// The footer's line, inline Markdown.
    #[serde(default, skip_serializing_if = "Localized::is_empty")]
    pub footer: Localized,
    /// The footer's line as HTML, for readers of each language: set by the
    /// build (`render_footer`), so that the app shows it without a
    /// Markdown renderer of its own.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub footer_html: BTreeMap<String, String>,
    #[serde(default)]
    pub social: Social,
    /// An image in `static/`, shown beside the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// The logo's width at the header's 32 px height, from its file, so that
    /// the header does not shift when it loads. Set by the build.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_width: Option<u32>,
    /// Whether the logo replaces the title (which stays the link's name).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub logo_only: bool,
    /// The browser tab's icon, a file in `static/`. Build time only.
    #[serde(default, skip_serializing)]
    pub favicon: Option<String>,
}

/// Text given per language code; the key `""` is the one for every
/// language. `folio.toml` may give one string (`"About"`) or a table
/// (`{ en = "About", vi = "Giới thiệu" }`): `build_time::read_config`
/// makes the string the table `{ "" = "About" }`, so that the browser reads
/// a plain map.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Localized(pub BTreeMap<String, String>);

impl Localized {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The text for readers of `lang`: theirs, the one for all, the
    /// default language's, or the first given.
    pub fn get(&self, lang: &str, default_lang: &str) -> Option<&str> {
        let text = self.0.get(lang).or_else(|| self.0.get("")).or_else(|| self.0.get(default_lang));
        text.or_else(|| self.0.values().next()).map(String::as_str)
    }
}

/// A link in the header's menu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuEntry {
    /// A page (`about`), `archive`, `tags`, `tags/<tag>`, or an absolute URL.
    pub url: String,
    pub name: Localized,
    /// For a writer's page, the languages it has: a reader of another gets
    /// the first. Set by the build.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub langs: Vec<String>,
}

impl MenuEntry {
    /// The language of the version a reader of `lang` is linked to.
    pub fn lang_for<'a>(&'a self, lang: &'a str) -> &'a str {
        match self.langs.first() {
            Some(first) if !self.langs.iter().any(|l| l == lang) => first,
            _ => lang,
        }
    }
}

/// The writer's profiles, linked from the footer, and whether the footer
/// links the feed. `folio.toml`'s `[social]` table (`github = "…"`,
/// `rss = false`) is read into this by `build_time::read_config`, the
/// profiles in [`Profile::KEYS`]' order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Social {
    /// Each profile's key (`github`) and link (an email address as `mailto:`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<(String, String)>,
    #[serde(default = "yes")]
    pub rss: bool,
}

impl Default for Social {
    fn default() -> Self {
        Social { profiles: Vec::new(), rss: true }
    }
}

/// A profile's kind: its icon and its accessible name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    GitHub,
    GitLab,
    Mastodon,
    Bluesky,
    LinkedIn,
    X,
    Email,
}

impl Profile {
    /// `[social]`'s keys, in the footer's order.
    pub const KEYS: [&str; 7] = ["github", "gitlab", "mastodon", "bluesky", "linkedin", "x", "email"];

    pub fn from_key(key: &str) -> Option<Profile> {
        const ALL: [Profile; 7] = [
            Profile::GitHub,
            Profile::GitLab,
            Profile::Mastodon,
            Profile::Bluesky,
            Profile::LinkedIn,
            Profile::X,
            Profile::Email,
        ];
        Profile::KEYS.iter().position(|k| *k == key).map(|at| ALL[at])
    }

    pub fn name(self) -> &'static str {
        match self {
            Profile::GitHub => "GitHub",
            Profile::GitLab => "GitLab",
            Profile::Mastodon => "Mastodon",
            Profile::Bluesky => "Bluesky",
            Profile::LinkedIn => "LinkedIn",
            Profile::X => "X",
            Profile::Email => "Email",
        }
    }
}

impl Social {
    /// The profiles given, in the footer's order, with their links.
    pub fn profiles(&self) -> impl Iterator<Item = (Profile, &str)> {
        self.profiles.iter().filter_map(|(key, url)| Some((Profile::from_key(key)?, url.as_str())))
    }
}

fn yes() -> bool {
    true
}

fn twenty() -> usize {
    20
}

fn is_web_url(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
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
        for (n, entry) in self.menu.iter().enumerate() {
            let shown = format!("`[[menu]]` {} (`url = \"{}\"`)", n + 1, entry.url);
            if entry.name.is_empty() || entry.name.0.values().any(|name| name.trim().is_empty()) {
                return Err(format!("{shown} has no `name`; add `name = \"About\"`, or one per language"));
            }
            match super::route::menu_page(&entry.url) {
                None if !super::sanitize::is_safe_url(&entry.url, super::sanitize::UrlKind::Link) => {
                    return Err(format!("{shown}: folio links only http(s) and mailto URLs, or a page of the site such as `about`, `archive` or `tags`"));
                }
                Some(super::route::Page::NotFound) => {
                    return Err(format!(
                        "{shown} is no page of the site; an archive's year is four digits (`archive/2024`)"
                    ));
                }
                Some(super::route::Page::Standalone(path)) => {
                    if let Some(why) = super::route::page_path_taken(&path, self) {
                        return Err(format!("{shown} cannot be a page: {why}"));
                    }
                }
                _ => {}
            }
            self.check_languages(&entry.name, &format!("{shown}'s `name`"))?;
        }
        self.check_languages(&self.footer, "`footer`")?;
        if let Some(url) = self.author_url.as_deref().filter(|u| !is_web_url(u)) {
            return Err(format!(
                "`author_url = \"{url}\"` must be an absolute http(s) URL, such as https://example.com/you"
            ));
        }
        for (key, url) in &self.social.profiles {
            let fine = match key.as_str() {
                "email" => {
                    url.strip_prefix("mailto:").is_some_and(|a| a.contains('@') && !a.contains(char::is_whitespace))
                }
                _ => is_web_url(url),
            };
            if !fine {
                let (shown, want) = match key.as_str() {
                    "email" => (url.trim_start_matches("mailto:"), "an email address"),
                    _ => (url.as_str(), "an absolute http(s) URL, such as https://example.com/you"),
                };
                return Err(format!("`social.{key} = \"{shown}\"` must be {want}"));
            }
        }
        if !(self.base_url.starts_with("https://") || self.base_url.starts_with("http://")) {
            return Err(format!("`base_url = \"{}\"` must be absolute, such as https://example.com", self.base_url));
        }
        Ok(())
    }

    /// Texts given per language keyed by the site's spelling of each code
    /// (`VI` in folio.toml is the site's `vi`).
    pub fn settle_codes(&mut self) {
        let settle = |text: &mut Localized, config: &SiteConfig| {
            text.0 = std::mem::take(&mut text.0)
                .into_iter()
                .map(|(code, text)| (config.language_code(&code).map_or(code, str::to_string), text))
                .collect();
        };
        let mut footer = std::mem::take(&mut self.footer);
        settle(&mut footer, self);
        self.footer = footer;
        let mut menu = std::mem::take(&mut self.menu);
        for entry in &mut menu {
            settle(&mut entry.name, self);
        }
        self.menu = menu;
    }

    /// Renders the footer's line for readers of each language, for a site
    /// served under `base` (`footer_html`).
    pub fn render_footer(&mut self, base: &str) {
        self.footer_html = self
            .codes()
            .into_iter()
            .filter_map(|code| {
                let line = self.footer.get(&code, &self.default_language)?;
                let html = super::markdown::render_line(line, &code, base);
                Some((code, html))
            })
            .collect();
    }

    /// Texts given per language must be for the site's languages.
    fn check_languages(&self, text: &Localized, what: &str) -> Result<(), String> {
        match text.0.keys().find(|code| !code.is_empty() && !self.has_language(code)) {
            Some(code) => Err(format!(
                "{what} has text for `{code}`, which is not one of the languages ({})",
                self.codes().join(", ")
            )),
            None => Ok(()),
        }
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
        author: None,
        author_url: None,
        menu: Vec::new(),
        footer: Localized::default(),
        footer_html: BTreeMap::new(),
        social: Social::default(),
        logo: None,
        logo_width: None,
        logo_only: false,
        favicon: None,
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

    #[test]
    fn a_site_without_languages_is_told_what_to_add() {
        let error = crate::build_time::read_config(
            "title = \"t\"\nbase_url = \"https://example.com\"\ndefault_language = \"en\"\n",
        )
        .unwrap_err();
        assert!(error.contains("add at least one [[languages]] table with `code` and `name`"), "{error}");
    }

    fn read(text: &str) -> Result<SiteConfig, String> {
        let head = "title = \"t\"\nbase_url = \"https://example.com\"\ndefault_language = \"en\"\n";
        let langs =
            "[[languages]]\ncode = \"en\"\nname = \"English\"\n[[languages]]\ncode = \"vi\"\nname = \"Tiếng Việt\"\n";
        crate::build_time::read_config(&format!("{head}{text}\n{langs}"))
    }

    #[test]
    fn menu_footer_and_profiles() {
        let config = read(
            "footer = { en = \"© Tung\", vi = \"© Tùng\" }\n\
             [[menu]]\nurl = \"about\"\nname = { en = \"About\", vi = \"Giới thiệu\" }\n\
             [[menu]]\nurl = \"https://github.com/someone\"\nname = \"GitHub\"\n\
             [social]\ngithub = \"https://github.com/someone\"\nemail = \"me@example.com\"\nrss = false\n",
        )
        .unwrap();
        assert_eq!(config.menu[0].name.get("vi", "en"), Some("Giới thiệu"));
        let shouted = read("footer = { EN = \"© Tung\", Vi = \"© Tùng\" }").unwrap();
        assert_eq!(shouted.footer.get("vi", "en"), Some("© Tùng"), "codes in any case are the site's");
        assert_eq!(config.menu[1].name.get("vi", "en"), Some("GitHub"));
        assert_eq!(config.footer.get("fr", "en"), Some("© Tung"), "the default language's");
        assert!(!config.social.rss);
        let profiles: Vec<_> = config.social.profiles().collect();
        assert_eq!(
            profiles,
            [(Profile::GitHub, "https://github.com/someone"), (Profile::Email, "mailto:me@example.com")]
        );
        // Shipped to the browser and read back as the same.
        let json = serde_json::to_string(&config).unwrap();
        let back: SiteConfig = serde_json::from_str(&json).unwrap();
        assert_eq!(back, config);
        assert!(read("").unwrap().social.rss, "the feed is linked unless asked not to");
    }

    #[test]
    fn bad_menus_and_profiles_are_named() {
        let menu = |entry: &str| read(&format!("[[menu]]\n{entry}\n")).unwrap_err();
        assert!(menu("url = \"about\"\nname = \"\"").contains("has no `name`"));
        assert!(menu("url = \"javascript:alert(1)\"\nname = \"x\"").contains("http(s) and mailto"));
        assert!(menu("url = \"posts\"\nname = \"x\"").contains("cannot be a page"));
        assert!(menu("url = \"about\"\nname = { fr = \"À propos\" }").contains("`fr`"));
        assert!(read("[social]\ngithub = \"github.com/x\"").unwrap_err().contains("social.github"));
        assert!(read("[social]\nemail = \"not an address\"").unwrap_err().contains("social.email"));
        assert!(read("[social]\ngithub = 5").unwrap_err().contains("`social.github` must be text"));
        assert!(read("[social]\nrss = \"no\"").unwrap_err().contains("`social.rss` must be true or false"));
        assert!(read("footer = 3").unwrap_err().contains("`footer` must be text"));
    }
}
