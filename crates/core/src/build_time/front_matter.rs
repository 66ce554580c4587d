//! Reads front matter with serde-saphyr (YAML 1.2, core schema), at build
//! time only. Each key folio knows is read as the type it needs; unknown keys
//! must be valid YAML and are otherwise ignored. Anchors, aliases, merge keys
//! and tags are refused, nesting stops at 24 levels, and every error names the
//! line and says how to fix it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Budget, DuplicateKeyPolicy, Error, MergeKeyPolicy, MessageFormatter, Options, Spanned};

use crate::date::Date;
use crate::error::ErrorKind;
use crate::front_matter::FrontMatter;

/// Nesting deeper than this is refused; real front matter uses two or three.
const MAX_DEPTH: usize = 24;

/// The file line of the block's first line: it follows the opening `---`.
const FIRST_LINE: usize = 2;

/// Reads YAML front matter whose first line is line 2 of the file.
pub fn parse(yaml: &str) -> Result<FrontMatter, (usize, ErrorKind)> {
    let progress = RefCell::new(Progress::default());
    let raw = serde_saphyr::with_deserializer_from_str_with_options(yaml, options(), |de| {
        Reader { progress: &progress, toml_lines: None }.deserialize(de)
    })
    .map_err(|error| explain(&error, yaml, &progress.borrow()))?;
    raw.into_front_matter()
}

/// Reads TOML front matter (Hugo's and Zola's `+++` block) whose first line
/// is line 2 of the file, with the same keys and checks as YAML.
pub fn parse_toml(toml_text: &str) -> Result<FrontMatter, (usize, ErrorKind)> {
    let table: toml::Table = toml::from_str(toml_text).map_err(|error| {
        let at = error.span().map_or(0, |span| span.start);
        let line = toml_text[..at.min(toml_text.len())].matches('\n').count() + FIRST_LINE;
        let message = error.message().trim_end_matches('\n').replace('\n', " ");
        (line, ErrorKind::Yaml(format!("{message}; TOML front matter is `key = \"value\"` lines")))
    })?;
    let lines = toml_key_lines(toml_text);
    let progress = RefCell::new(Progress::default());
    let value = scalars_as_text(toml::Value::Table(table));
    let raw = Reader { progress: &progress, toml_lines: Some(&lines) }.deserialize(value).map_err(|error| {
        let progress = progress.borrow();
        let reading = progress.reading.clone().unwrap_or_default();
        let line = lines.get(&reading).copied().unwrap_or(FIRST_LINE);
        let kind = match reading.as_str() {
            "draft" => ErrorKind::InvalidDraft { value: None },
            key if TEXT_KEYS.contains(&key) => ErrorKind::ExpectedText { key: key.to_string() },
            key => ErrorKind::Yaml(format!("{error} in the value of `{key}`")),
        };
        (line, kind)
    })?;
    raw.into_front_matter()
}

/// A TOML value with every scalar as text, as YAML's reader gives it to the
/// key reader (`draft = true` is `true`, dates and times as written).
fn scalars_as_text(value: toml::Value) -> toml::Value {
    use toml::Value;
    match value {
        Value::String(text) => Value::String(text),
        Value::Integer(n) => Value::String(n.to_string()),
        Value::Float(x) => Value::String(x.to_string()),
        Value::Boolean(b) => Value::String(b.to_string()),
        Value::Datetime(when) => Value::String(when.to_string()),
        Value::Array(items) => Value::Array(items.into_iter().map(scalars_as_text).collect()),
        Value::Table(table) => Value::Table(table.into_iter().map(|(k, v)| (k, scalars_as_text(v))).collect()),
    }
}

/// The file line of each top-level key of a TOML block (and of each table
/// header, `[taxonomies]`), for messages.
fn toml_key_lines(toml_text: &str) -> HashMap<String, usize> {
    let mut lines = HashMap::new();
    let mut in_table = false;
    for (i, line) in toml_text.lines().enumerate() {
        let line_number = i + FIRST_LINE;
        let trimmed = line.trim();
        if let Some(header) = trimmed.strip_prefix('[') {
            in_table = true;
            let name = header.trim_start_matches('[').split(']').next().unwrap_or("").trim();
            let top = name.split('.').next().unwrap_or(name).trim().trim_matches('"');
            lines.entry(top.to_string()).or_insert(line_number);
        } else if let Some((key, _)) = trimmed.split_once('=').filter(|_| !in_table) {
            let key = key.trim();
            let top = key.split('.').next().unwrap_or(key).trim().trim_matches(['"', '\'']);
            lines.entry(top.to_string()).or_insert(line_number);
        }
    }
    lines
}

fn options() -> Options {
    let mut budget = Budget::default();
    // No anchors means no aliases: nothing can expand (billion laughs).
    budget.max_anchors = 0;
    budget.max_aliases = 0;
    budget.max_depth = MAX_DEPTH;
    budget.flow_nesting_limit = MAX_DEPTH;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.duplicate_keys = DuplicateKeyPolicy::Error;
    options.merge_keys = MergeKeyPolicy::Error;
    options.reject_unsupported_tags = true;
    // YAML 1.2: `yes`, `on`… are text, not booleans (`draft` reads them itself).
    options.strict_booleans = true;
    options.with_snippet = false;
    options
}

/// How far reading got, for explaining an error: the top-level keys seen,
/// with their lines, and the key whose value is being read.
#[derive(Default)]
struct Progress {
    lines: HashMap<String, usize>,
    reading: Option<String>,
}

/// The values as written, before folio checks them.
#[derive(Default)]
struct Raw {
    meta: FrontMatter,
    date: Option<(String, usize)>,
    /// `lastmod`, `updated`, `last_modified_at`, `date_modified`.
    updated: Option<(String, usize)>,
    /// `publishDate` and its spellings.
    publish_date: Option<(String, usize)>,
    /// `description`, `summary`, `excerpt`: the first one written.
    description: Option<String>,
    draft: Option<(Option<String>, usize)>,
    /// `published: false` (Jekyll) is a draft.
    published: Option<(Option<String>, usize)>,
    /// `author` and `authors`.
    author: Option<(Node, usize)>,
    /// `keywords`, `tags`, `categories` and Zola's `taxonomies`, each with its key and line.
    keywords: Vec<(String, Node, usize)>,
    /// `image`, `featured_image`, `cover` (text, or a table with `image`), `images`.
    image: Option<(String, Node, usize)>,
    /// `aliases` and `redirect_from`.
    aliases: Vec<(String, Node, usize)>,
    /// `expiryDate` and its spellings.
    expires: Option<(String, usize)>,
    /// `headless`, `render`, `build.render`: the key as written, its value, its line.
    not_rendered: Vec<(String, String, usize)>,
}

impl Raw {
    fn into_front_matter(self) -> Result<FrontMatter, (usize, ErrorKind)> {
        let mut meta = self.meta;
        if let Some((value, line)) = self.date {
            meta.date = Some(Date::parse(&value).ok_or((line, ErrorKind::InvalidDate { value }))?);
        }
        if let Some((value, line)) = self.publish_date {
            meta.publish_date = Some(Date::parse(&value).ok_or((line, ErrorKind::InvalidDate { value }))?);
        }
        if let Some((value, line)) = self.expires {
            meta.expires = Some(Date::parse(&value).ok_or((line, ErrorKind::InvalidDate { value }))?);
        }
        for (key, value, line) in self.not_rendered {
            // Hugo's `build.render` takes `always`, `never` or `link`; the others a boolean.
            let rendered = match (key.as_str(), value.as_str()) {
                // `link`: Hugo makes no page, only a link to where it would be.
                (_, "never" | "link") => Some(false),
                (_, "always") => Some(true),
                ("headless", flag) => draft_flag(flag).map(|headless| !headless),
                (_, flag) => draft_flag(flag),
            };
            let rendered = rendered.ok_or((
                line,
                ErrorKind::Yaml(format!("`{key}` is `{value}`, which folio does not read; write true or false")),
            ))?;
            if !rendered && meta.not_rendered.is_none() {
                meta.not_rendered = Some(format!("{key}: {value}"));
            }
        }
        if let Some((value, line)) = self.updated {
            meta.updated = Some(Date::parse(&value).ok_or((line, ErrorKind::InvalidDate { value }))?);
        }
        meta.description_meta = meta.description_meta.or(self.description);
        if let Some((node, line)) = self.author {
            meta.author = people(node, line)?;
        }
        let mut words = Vec::new();
        let mut single_category = None;
        for (key, node, line) in self.keywords {
            let mut list = keyword_list(node, &key, line)?;
            // Jekyll reads `categories: android java` as two categories.
            if key == "categories" && list.len() == 1 {
                list = list[0].split_whitespace().map(str::to_string).collect();
            }
            let named: Vec<String> = list.iter().map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect();
            match key.as_str() {
                "category" => single_category = Some(named),
                "categories" | "taxonomies.categories" => meta.categories.extend(named),
                _ => {}
            }
            words.extend(list);
        }
        // Jekyll's `category` wins over `categories` in its URLs.
        if let Some(category) = single_category {
            meta.categories = category;
        }
        meta.keywords = keywords(words);
        if let Some((key, node, line)) = self.image {
            meta.image = image_of(node, &key, line)?;
        }
        for (key, node, line) in self.aliases {
            let urls = keyword_list(node, &key, line)?;
            // Jekyll's `redirect_from` paths are from the site's root; a
            // relative one of Hugo's `aliases` is from the post's folder.
            let rooted = |url: String| match key == "redirect_from" && !url.starts_with('/') && !url.contains("://") {
                true => format!("/{url}"),
                false => url,
            };
            meta.aliases.extend(
                urls.into_iter()
                    .map(|url| url.trim().to_string())
                    .filter(|u| !u.is_empty())
                    .map(|url| (rooted(url), line)),
            );
        }
        if let Some((value, line)) = self.draft {
            meta.draft = match value.as_deref() {
                None => false,
                Some(text) => draft_flag(text).ok_or((line, ErrorKind::InvalidDraft { value }))?,
            };
        }
        if let Some((value, line)) = self.published {
            let published = match value.as_deref() {
                None => true,
                Some(text) => draft_flag(text).ok_or((line, ErrorKind::InvalidDraft { value }))?,
            };
            meta.draft |= !published;
        }
        Ok(meta)
    }
}

struct Reader<'p> {
    progress: &'p RefCell<Progress>,
    /// For TOML, read through JSON: each key's line, found in the text.
    /// YAML's keys carry their own.
    toml_lines: Option<&'p HashMap<String, usize>>,
}

impl Reader<'_> {
    /// The next key and its line in the file.
    fn next_key<'de, A: MapAccess<'de>>(&self, map: &mut A) -> Result<Option<(String, usize)>, A::Error> {
        Ok(match self.toml_lines {
            Some(lines) => map.next_key::<String>()?.map(|key| {
                let line = lines.get(&key).copied().unwrap_or(FIRST_LINE);
                (key, line)
            }),
            None => map
                .next_key::<Spanned<String>>()?
                .map(|key| (key.value, key.referenced.line() as usize + FIRST_LINE - 1)),
        })
    }
}

impl<'de> DeserializeSeed<'de> for Reader<'_> {
    type Value = Raw;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Raw, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Reader<'_> {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("`key: value` lines")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut raw = Raw::default();
        while let Some((key, line)) = self.next_key(&mut map)? {
            {
                let mut progress = self.progress.borrow_mut();
                progress.lines.entry(key.clone()).or_insert(line);
                progress.reading = Some(key.clone());
            }
            let meta = &mut raw.meta;
            match key.as_str() {
                "title" => meta.title = text(&mut map)?,
                "subtitle" => meta.subtitle = text(&mut map)?,
                "date" => raw.date = text(&mut map)?.map(|value| (value, line)),
                "lastmod" | "updated" | "last_modified_at" | "date_modified" => {
                    let value = text(&mut map)?;
                    raw.updated = raw.updated.take().or(value.map(|value| (value, line)));
                }
                "publishDate" | "publishdate" | "publish_date" => {
                    raw.publish_date = text(&mut map)?.map(|value| (value, line))
                }
                "author" | "authors" => {
                    let node = map.next_value()?;
                    raw.author = raw.author.take().or(Some((node, line)));
                }
                "author-url" => meta.author_url = text(&mut map)?,
                "lang" => meta.lang = text(&mut map)?.map(|code| (code, line)),
                "toc-title" => meta.toc_title = text(&mut map)?,
                "keywords" | "tags" | "categories" | "category" => {
                    raw.keywords.push((key.clone(), map.next_value()?, line))
                }
                "taxonomies" => {
                    // Zola's `[taxonomies]`: its tags and categories are tags.
                    if let Node::Map(entries) = map.next_value()? {
                        for (name, node) in entries {
                            if name == "tags" || name == "categories" {
                                raw.keywords.push((format!("taxonomies.{name}"), node, line));
                            } else {
                                raw.meta.unused.push(format!("taxonomies.{name}"));
                            }
                        }
                    }
                }
                "description-meta" => meta.description_meta = text(&mut map)?,
                "description" | "summary" | "excerpt" => {
                    let value = text(&mut map)?;
                    raw.description = raw.description.take().or(value);
                }
                "title-prefix" => meta.title_prefix = text(&mut map)?,
                "date-meta" => meta.date_meta = text(&mut map)?,
                "author-meta" => meta.author_meta = text(&mut map)?,
                "image" | "featured_image" | "cover" | "images" => {
                    let node = map.next_value()?;
                    raw.image = raw.image.take().or(Some((key.clone(), node, line)));
                }
                "slug" => meta.slug = text(&mut map)?.map(|slug| (slug, line)),
                "url" | "permalink" => {
                    let value = text(&mut map)?;
                    meta.own_url = meta.own_url.take().or(value.map(|url| (url, line)));
                }
                "aliases" | "redirect_from" => raw.aliases.push((key.clone(), map.next_value()?, line)),
                "expiryDate" | "expirydate" | "expiry_date" => raw.expires = text(&mut map)?.map(|value| (value, line)),
                "headless" | "render" => {
                    if let Some(value) = map.next_value::<Option<String>>()? {
                        raw.not_rendered.push((key.clone(), value, line));
                    }
                }
                "build" | "_build" => {
                    // Hugo's build options: `render` says whether the post is a page.
                    if let Node::Map(entries) = map.next_value()? {
                        for (name, node) in entries {
                            match (name.as_str(), node) {
                                ("render", Node::Text(value)) => {
                                    raw.not_rendered.push((format!("{key}.render"), value, line))
                                }
                                _ => raw.meta.unused.push(format!("{key}.{name}")),
                            }
                        }
                    }
                }
                "draft" => raw.draft = Some((map.next_value::<Option<String>>()?, line)),
                "toc" => {
                    let value = map.next_value::<Option<String>>()?;
                    match value.as_deref().and_then(draft_flag) {
                        Some(toc) => meta.toc = Some(toc),
                        None => raw.meta.unused.push("toc".into()),
                    }
                }
                "published" => raw.published = Some((map.next_value::<Option<String>>()?, line)),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    raw.meta.unused.push(key.clone());
                }
            }
            self.progress.borrow_mut().reading = None;
        }
        Ok(raw)
    }
}

/// A text value; empty and null (`~`, `null`, nothing) mean unset.
fn text<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<String>, A::Error> {
    Ok(map.next_value::<Option<String>>()?.filter(|t| !t.is_empty()))
}

/// A value as YAML reads it, in the shapes `keywords` and `author` take.
enum Node {
    Null,
    /// A string, or a number or boolean as YAML reads it.
    Text(String),
    List(Vec<Node>),
    /// A map: pandoc's authors (`name:`), Hugo's `cover` (`image:`), Zola's `[taxonomies]`.
    Map(Vec<(String, Node)>),
}

impl Node {
    /// The text of a map's `key`.
    fn field(&self, key: &str) -> Option<String> {
        match self {
            Node::Map(entries) => entries.iter().find_map(|(k, v)| match v {
                Node::Text(text) if k == key => Some(text.clone()),
                _ => None,
            }),
            _ => None,
        }
    }
}

impl<'de> de::Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text, a list or a map")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Node, E> {
        Ok(Node::Text(text.to_string()))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Node, E> {
        Ok(Node::Text(n.to_string()))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Node, E> {
        Ok(Node::Text(n.to_string()))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Node, E> {
        Ok(Node::Text(n.to_string()))
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Node, E> {
        Ok(Node::Text(b.to_string()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Node>()? {
            let value = map.next_value::<Node>()?;
            if let Node::Text(key) = key {
                entries.push((key, value));
            }
        }
        Ok(Node::Map(entries))
    }
}

/// `keywords: a, b`, or a list of words.
fn keyword_list(node: Node, key: &str, line: usize) -> Result<Vec<String>, (usize, ErrorKind)> {
    let wrong = || (line, ErrorKind::Yaml(format!("`{key}` must be words separated by commas, or a list of words")));
    match node {
        Node::Null => Ok(Vec::new()),
        Node::Text(text) => Ok(text.split(',').map(str::to_string).collect()),
        Node::List(items) => items
            .into_iter()
            .filter_map(|item| match item {
                Node::Null => None,
                Node::Text(word) => Some(Ok(word)),
                _ => Some(Err(wrong())),
            })
            .collect(),
        Node::Map(_) => Err(wrong()),
    }
}

/// `author: Ada`, a list of names, or `name:` maps (one or a list).
fn people(node: Node, line: usize) -> Result<Option<String>, (usize, ErrorKind)> {
    let name = |node: Node| match node {
        Node::Null => Ok(None),
        Node::Text(name) => Ok(Some(name)),
        named @ Node::Map(_) => Ok(named.field("name")),
        Node::List(_) => {
            Err((line, ErrorKind::Yaml("`author` must be a name, a list of names, or a list of `name:` maps".into())))
        }
    };
    let names = match node {
        Node::List(items) => items.into_iter().map(name).collect::<Result<Vec<_>, _>>()?,
        other => vec![name(other)?],
    };
    let joined = names.into_iter().flatten().filter(|n| !n.is_empty()).collect::<Vec<_>>().join(", ");
    Ok((!joined.is_empty()).then_some(joined))
}

/// An image key's value: its text, the first of a list (Hugo's `images`),
/// or a table's `image` (Hugo's `cover`).
fn image_of(node: Node, key: &str, line: usize) -> Result<Option<String>, (usize, ErrorKind)> {
    let image = match node {
        Node::Null => None,
        Node::Text(url) => Some(url),
        Node::List(items) => items.into_iter().find_map(|item| match item {
            Node::Text(url) => Some(url),
            _ => None,
        }),
        table @ Node::Map(_) => match table.field("image").or_else(|| table.field("src")) {
            Some(url) => Some(url),
            None => {
                return Err((
                    line,
                    ErrorKind::Yaml(format!("`{key}` must be an image's path or URL, or a table with `image`")),
                ))
            }
        },
    };
    Ok(image.filter(|url| !url.trim().is_empty()))
}

/// `draft:` as written. YAML 1.2 knows only true/false; the YAML 1.1 words
/// writers bring from other tools (yes/no, on/off) mean what they say too.
/// Anything else is refused rather than read as "publish".
fn draft_flag(value: &str) -> Option<bool> {
    match value {
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some(true),
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

/// `keywords: a, b` or a YAML list; blanks and duplicates dropped.
fn keywords(raw: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    raw.into_iter().map(|k| k.trim().to_string()).filter(|k| !k.is_empty() && seen.insert(k.clone())).collect()
}

/// Keys whose value must be text.
const TEXT_KEYS: &[&str] = &[
    "title",
    "subtitle",
    "date",
    "author-url",
    "lang",
    "toc-title",
    "description-meta",
    "description",
    "title-prefix",
    "date-meta",
    "author-meta",
    "lastmod",
    "updated",
    "last_modified_at",
    "date_modified",
    "summary",
    "excerpt",
    "publishDate",
    "publishdate",
    "publish_date",
];

/// Turns a serde-saphyr error into a file line and a message with the fix.
fn explain(error: &Error, yaml: &str, progress: &Progress) -> (usize, ErrorKind) {
    let mut error = error;
    while let Error::AliasError { error: inner, .. } | Error::WithSnippet { error: inner, .. } = error {
        error = inner;
    }
    let yaml_line = error.location().map_or(1, |l| usize::try_from(l.line()).unwrap_or(usize::MAX).max(1));
    // An error at the very end points at the closing `---`, still a line of the file.
    let yaml_line = yaml_line.min(yaml.lines().count() + 1);
    let line = yaml_line + FIRST_LINE - 1;
    let source = yaml.lines().nth(yaml_line - 1).unwrap_or("");
    let reading = progress.reading.as_deref();
    let message = serde_saphyr::DefaultMessageFormatter.format_message(error).into_owned();
    let kind = match error {
        Error::DuplicateMappingKey { key: Some(key), .. } => match progress.lines.get(key) {
            Some(&first_line) if reading.is_none() => ErrorKind::DuplicateKey { key: key.clone(), first_line },
            _ => ErrorKind::Yaml(format!("the key `{key}` is set twice in the same map; keep one")),
        },
        Error::DuplicateMappingKey { key: None, .. } => {
            ErrorKind::Yaml("a key is set twice in the same map; keep one".into())
        }
        Error::Budget { breach: BudgetBreach::Anchors { .. } | BudgetBreach::Aliases { .. }, .. }
        | Error::UnknownAnchor { .. } => ErrorKind::YamlAlias,
        Error::Budget { breach: BudgetBreach::Depth { .. }, .. } => ErrorKind::TooDeep,
        Error::Budget { .. } => {
            ErrorKind::Yaml("the front matter is too large or too complex; move long text into the post".into())
        }
        Error::MergeKeyNotAllowed { .. } => {
            ErrorKind::Yaml("merge keys (`<<`) are not supported; write the keys out".into())
        }
        Error::UnsupportedTag { .. } => ErrorKind::Yaml("YAML tags (`!…`) are not supported; remove the tag".into()),
        Error::ExternalMessage { .. } => syntax(&message, source),
        _ => match reading {
            Some("draft") => ErrorKind::InvalidDraft { value: None },
            Some(key) if TEXT_KEYS.contains(&key) => ErrorKind::ExpectedText { key: key.to_string() },
            Some(key) => ErrorKind::Yaml(format!("{message} in the value of `{key}`; quote the value if it is text")),
            None if message.contains("expected mapping") => {
                ErrorKind::Yaml("front matter must be `key: value` lines, as in `title: Hello`".into())
            }
            None => ErrorKind::Yaml("a key must be text, as in `title: Hello`; quote it".into()),
        },
    };
    (line, kind)
}

/// A YAML syntax error, with the fix for the mistakes writers make.
fn syntax(message: &str, source: &str) -> ErrorKind {
    if message.contains("recursion limit") {
        return ErrorKind::TooDeep;
    }
    let fix = match quoted_fix(source) {
        Some(quoted) if message.contains("block scalar") => format!(
            "a value that starts with `>` or `|` opens a block of text on the lines below; \
             to keep the text on this line, quote it: {quoted}"
        ),
        Some(quoted) if message.contains("mapping values are not allowed") => {
            format!("`: ` inside a value starts another key; quote the value: {quoted}")
        }
        _ if message.contains("tab") => format!("{message}; indent with spaces, not tabs"),
        _ if message.contains("unclosed quote") => format!("{message}; close the quote on the same value"),
        _ if message.contains("escape") => {
            format!("{message}; in double quotes write `\\\\` for a backslash, or use single quotes")
        }
        _ if message.contains("did not find expected") => format!(
            "{message}; check the indentation: the keys of one map, and the `-` items of one list, \
             start in the same column"
        ),
        Some(quoted) => format!("{message}; if the value is text, quote it: {quoted}"),
        None => format!("{message}; check the indentation and the `key: value` form of this line"),
    };
    ErrorKind::Yaml(fix)
}

/// `` `key: "value"` `` for a `key: value` line, quoted so that YAML reads it as text.
fn quoted_fix(line: &str) -> Option<String> {
    let (key, value) = line.trim().split_once(": ")?;
    let value = value.trim();
    if key.is_empty() || value.is_empty() || key.starts_with(['"', '\'', '-', '#']) {
        return None;
    }
    let escaped = value.replace('\\', "\\\\").replace('"', "\\\"");
    Some(format!("`{key}: \"{escaped}\"`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toc_is_read_as_written_in_yaml_and_toml() {
        assert_eq!(parse("title: x\ntoc: true\n").unwrap().toc, Some(true));
        assert_eq!(parse("title: x\ntoc: false\n").unwrap().toc, Some(false));
        assert_eq!(parse("title: x\n").unwrap().toc, None);
        assert_eq!(parse_toml("title = \"x\"\ntoc = true\n").unwrap().toc, Some(true));
        assert!(parse("title: x\ntoc: maybe\n").unwrap().unused.contains(&"toc".to_string()));
    }
}
