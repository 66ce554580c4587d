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

/// Reads front matter whose first line is line 2 of the file.
pub fn parse(yaml: &str) -> Result<FrontMatter, (usize, ErrorKind)> {
    let progress = RefCell::new(Progress::default());
    let raw = serde_saphyr::with_deserializer_from_str_with_options(yaml, options(), |de| {
        Reader { progress: &progress }.deserialize(de)
    })
    .map_err(|error| explain(&error, yaml, &progress.borrow()))?;
    raw.into_front_matter()
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
    description: Option<String>,
    draft: Option<(Option<String>, usize)>,
    author: Option<(Node, usize)>,
    /// `keywords` and `tags`, each with its key and line.
    keywords: Vec<(String, Node, usize)>,
}

impl Raw {
    fn into_front_matter(self) -> Result<FrontMatter, (usize, ErrorKind)> {
        let mut meta = self.meta;
        if let Some((value, line)) = self.date {
            meta.date = Some(Date::parse(&value).ok_or((line, ErrorKind::InvalidDate { value }))?);
        }
        meta.description_meta = meta.description_meta.or(self.description);
        if let Some((node, line)) = self.author {
            meta.author = people(node, line)?;
        }
        let mut words = Vec::new();
        for (key, node, line) in self.keywords {
            words.extend(keyword_list(node, &key, line)?);
        }
        meta.keywords = keywords(words);
        if let Some((value, line)) = self.draft {
            meta.draft = match value.as_deref() {
                None => false,
                Some(text) => draft_flag(text).ok_or((line, ErrorKind::InvalidDraft { value }))?,
            };
        }
        Ok(meta)
    }
}

struct Reader<'p> {
    progress: &'p RefCell<Progress>,
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
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            let line = key.referenced.line() as usize + FIRST_LINE - 1;
            let key = key.value;
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
                "author" => raw.author = Some((map.next_value()?, line)),
                "author-url" => meta.author_url = text(&mut map)?,
                "lang" => meta.lang = text(&mut map)?.map(|code| (code, line)),
                "toc-title" => meta.toc_title = text(&mut map)?,
                "keywords" | "tags" => raw.keywords.push((key.clone(), map.next_value()?, line)),
                "description-meta" => meta.description_meta = text(&mut map)?,
                "description" => raw.description = text(&mut map)?,
                "title-prefix" => meta.title_prefix = text(&mut map)?,
                "date-meta" => meta.date_meta = text(&mut map)?,
                "author-meta" => meta.author_meta = text(&mut map)?,
                "image" => meta.image = text(&mut map)?,
                "draft" => raw.draft = Some((map.next_value::<Option<String>>()?, line)),
                _ => {
                    map.next_value::<IgnoredAny>()?;
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
    /// A map, by its `name` key (pandoc's authors).
    Named(Option<String>),
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
        let mut name = None;
        while let Some(key) = map.next_key::<Node>()? {
            match (key, map.next_value::<Node>()?) {
                (Node::Text(key), Node::Text(value)) if key == "name" => name = Some(value),
                _ => {}
            }
        }
        Ok(Node::Named(name))
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
        Node::Named(_) => Err(wrong()),
    }
}

/// `author: Ada`, a list of names, or pandoc's `name:` maps (one or a list).
fn people(node: Node, line: usize) -> Result<Option<String>, (usize, ErrorKind)> {
    let name = |node: Node| match node {
        Node::Null => Ok(None),
        Node::Text(name) => Ok(Some(name)),
        Node::Named(name) => Ok(name),
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
    "image",
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
