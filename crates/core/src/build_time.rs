//! What only the build does: the one part of the core gated on the target
//! (see `lib.rs`). It reads YAML front matter (`front_matter`, with
//! serde-saphyr), reads a post file with it (`read_post`), and assembles the
//! site's index from every file (`index`, which settles tags' identity with
//! Unicode normalization). The browser never parses YAML: each post's data
//! ships the `FileMeta` read here, and `post::parse` only skips the block.

pub mod bodies;
pub mod front_matter;
pub mod index;
pub mod interface;

use crate::config::SiteConfig;
use crate::error::{ErrorKind, PostError};
use crate::front_matter::{Block, FrontMatter};
use crate::post::{from_body, name_parts, FileMeta, ParsedPost};
use crate::source_name;

/// Reads `folio.toml` (its text) and checks it (`SiteConfig::validate`).
/// What may be written two ways is made one first: a text given once
/// (`name = "About"`) is the table `{ "" = "About" }`, and `[social]`'s
/// profiles are a list in the footer's order; so the browser, which reads
/// the configuration from every page, reads plain maps and lists.
pub fn read_config(text: &str) -> Result<SiteConfig, String> {
    let mut table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let localized = |value: &mut toml::Value, key: &str| -> Result<(), String> {
        match value {
            toml::Value::String(text) => {
                *value =
                    toml::Value::Table(toml::Table::from_iter([(String::new(), toml::Value::String(text.clone()))]));
                Ok(())
            }
            toml::Value::Table(texts) if texts.values().all(toml::Value::is_str) => Ok(()),
            _ => Err(format!(
                "`{key}` must be text, or a table of text by language code (`{{ en = \"…\", vi = \"…\" }}`)"
            )),
        }
    };
    if let Some(footer) = table.get_mut("footer") {
        localized(footer, "footer")?;
    }
    if let Some(toml::Value::Array(menu)) = table.get_mut("menu") {
        for (n, entry) in menu.iter_mut().enumerate() {
            if let Some(name) = entry.as_table_mut().and_then(|e| e.get_mut("name")) {
                localized(name, &format!("menu[{}].name", n + 1))?;
            }
        }
    }
    if let Some(social) = table.remove("social") {
        let toml::Value::Table(social) = social else { return Err("`social` must be a table: `[social]`".into()) };
        let mut profiles = Vec::new();
        for key in crate::config::Profile::KEYS {
            match social.get(key) {
                None => {}
                Some(toml::Value::String(url)) => {
                    let url = url.trim();
                    let link = match key {
                        "email" if !url.starts_with("mailto:") => format!("mailto:{url}"),
                        _ => url.to_string(),
                    };
                    profiles.push(toml::Value::Array(vec![key.into(), link.into()]));
                }
                Some(_) => return Err(format!("`social.{key}` must be text: the profile's address")),
            }
        }
        let rss = match social.get("rss") {
            None => true,
            Some(toml::Value::Boolean(rss)) => *rss,
            Some(_) => return Err("`social.rss` must be true or false".into()),
        };
        let shipped = toml::Table::from_iter([
            ("profiles".to_string(), toml::Value::Array(profiles)),
            ("rss".to_string(), toml::Value::Boolean(rss)),
        ]);
        table.insert("social".into(), toml::Value::Table(shipped));
    }
    let mut config: SiteConfig = table.try_into().map_err(|e: toml::de::Error| e.to_string())?;
    config.validate()?;
    config.settle_codes();
    Ok(config)
}

/// Reads the text of `file` (its name, as in `hello.vi.md`), front matter
/// included: what the indexer does. The [`FileMeta`] of the result is what
/// [`crate::post::parse`] needs to give the same post again.
pub fn read_post(file: &str, text: &str, config: &SiteConfig) -> Result<(FrontMatter, ParsedPost), PostError> {
    let error = |(line, kind): (usize, ErrorKind)| PostError::new(file, line, kind);
    let name = name_parts(file, config);
    let file_lang = name.lang;
    let split = crate::front_matter::split(text).map_err(error)?;
    let mut front = match split.front {
        Some(Block::Yaml(yaml)) => front_matter::parse(yaml).map_err(error)?,
        Some(Block::Toml(toml)) => front_matter::parse_toml(toml).map_err(error)?,
        None => FrontMatter::default(),
    };
    // A dated name (`2024-03-01-hello.md`) dates a post whose front matter does not.
    front.date = front.date.or(name.date);
    if let Some((code, line)) = front.lang.as_ref().filter(|(c, _)| !config.has_language(c)) {
        return Err(PostError::new(file, *line, unknown_language(code, config)));
    }
    // As the site spells it (`lang: zh-hant` is the configured `zh-Hant`).
    let main_lang = file_lang
        .map(str::to_string)
        .or_else(|| front.lang.as_ref().and_then(|(c, _)| config.language_code(c)).map(str::to_string))
        .unwrap_or_else(|| config.default_language.clone());
    let slug = own_slug(&front).map_err(error)?;
    let meta = FileMeta {
        main_lang,
        title: front.title.clone(),
        subtitle: front.subtitle.clone(),
        slug: slug.clone().filter(|slug| slug != name.slug),
    };
    let post = from_body(file, slug.as_deref().unwrap_or(name.slug), file_lang.is_some(), &split, meta, config)?;
    Ok((front, post))
}

/// The slug the front matter gives: `slug`, else the last part of the
/// post's own old URL (`url`, `permalink`) when that has no placeholders.
/// Spaces become `-` (`slug: Hello World` is `Hello-World`), as a URL has none.
fn own_slug(front: &FrontMatter) -> Result<Option<String>, (usize, ErrorKind)> {
    let given = match (&front.slug, &front.own_url) {
        (Some((slug, line)), _) => Some(("slug", slug.trim(), *line)),
        (None, Some((url, line))) => source_name::slug_of_url(url.trim()).map(|slug| ("url", slug, *line)),
        (None, None) => None,
    };
    let given = given.map(|(key, slug, line)| (key, slug.split_whitespace().collect::<Vec<_>>().join("-"), line));
    match given {
        Some((_, slug, _)) if source_name::is_valid_slug(&slug) => Ok(Some(slug)),
        Some((key, slug, line)) => Err((line, ErrorKind::InvalidSlug { key: key.into(), value: slug })),
        None => Ok(None),
    }
}

fn unknown_language(code: &str, config: &SiteConfig) -> ErrorKind {
    ErrorKind::UnknownLanguage { code: code.into(), known: config.codes() }
}

/// What converting a post's body left for the writer to see.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BodyNotes {
    /// Tags of other engines left as text: line, tag.
    pub left: Vec<(usize, String)>,
    /// Options dropped (`linenos`, `figure class`): line, option.
    pub dropped: Vec<(usize, String)>,
}

/// A post file's text as folio serves and renders it: decoded, with other
/// engines' tags in its body converted (`bodies`), and what that left.
pub fn post_text(file: &str, bytes: &[u8]) -> Result<(String, BodyNotes), PostError> {
    let text = crate::post::decode(file, bytes)?;
    // A broken front matter is reported when the post is read.
    let Ok(split) = crate::front_matter::split(&text) else { return Ok((text, BodyNotes::default())) };
    let raw = match named_by_jekyll(file) {
        true => bodies::RawInCode::Liquid,
        false => bodies::RawInCode::Text,
    };
    let Some(converted) = bodies::convert(split.body, split.body_line, raw) else {
        return Ok((text, BodyNotes::default()));
    };
    let head = &text[..text.len() - split.body.len()];
    let whole = format!("{head}{}", converted.text);
    Ok((whole, BodyNotes { left: converted.left, dropped: converted.dropped }))
}

/// Whether `file` is named as Jekyll names posts: dated
/// (`2016-03-20-listview.md`) or `.markdown`. Its code's `{% raw %}` tags
/// were then Liquid's, not text the post shows.
fn named_by_jekyll(file: &str) -> bool {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.ends_with(".markdown") || source_name::dated(name.trim_end_matches(".md")).0.is_some()
}
