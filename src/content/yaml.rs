//! The YAML subset that pandoc-style front matter uses: a mapping of keys to
//! plain, quoted, folded or literal scalars, block or flow lists, and nested
//! mappings. Anchors, aliases and tags are refused, so no input can expand
//! (a "billion laughs" bomb is an error on its first `&`).
//!
//! Hand-written rather than a YAML crate: it keeps the wasm small, and every
//! error carries the exact line of the file.

use super::error::ErrorKind;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum Value {
    Text(String),
    List(Vec<Value>),
    Map(Vec<Entry>),
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Entry {
    pub key: String,
    pub value: Value,
    #[serde(skip)]
    pub line: usize,
}

impl Value {
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(text) => Some(text),
            _ => None,
        }
    }
}

/// Nesting deeper than this is refused; real front matter uses two or three.
const MAX_DEPTH: usize = 24;

/// Parses `src`, whose first line is line `first_line` of the file.
/// Errors are `(line, kind)`.
pub fn parse(src: &str, first_line: usize) -> Result<Vec<Entry>, (usize, ErrorKind)> {
    let mut parser = Parser { lines: src.lines().map(str::to_string).collect(), pos: 0, first_line, depth: 0 };
    let entries = parser.mapping(0)?;
    if let Some(pos) = parser.next_significant() {
        return Err((
            parser.line_no(pos),
            ErrorKind::Yaml("unexpected indentation; align keys with the ones above".into()),
        ));
    }
    Ok(entries)
}

struct Parser {
    lines: Vec<String>,
    pos: usize,
    first_line: usize,
    depth: usize,
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank_or_comment(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.is_empty() || trimmed.starts_with('#')
}

fn is_list_item(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

/// Splits `key: rest` at the first colon followed by a space or the end.
fn split_key(content: &str) -> Option<(&str, &str)> {
    let bytes = content.as_bytes();
    let mut search = 0;
    while let Some(offset) = content[search..].find(':') {
        let at = search + offset;
        if at + 1 == bytes.len() || bytes[at + 1] == b' ' {
            let key = content[..at].trim();
            let key = key.trim_matches('"').trim_matches('\'');
            return (!key.is_empty()).then(|| (key, content[at + 1..].trim()));
        }
        search = at + 1;
    }
    None
}

impl Parser {
    fn line_no(&self, pos: usize) -> usize {
        self.first_line + pos
    }

    fn err<T>(&self, pos: usize, message: &str) -> Result<T, (usize, ErrorKind)> {
        Err((self.line_no(pos), ErrorKind::Yaml(message.into())))
    }

    fn next_significant(&self) -> Option<usize> {
        (self.pos..self.lines.len()).find(|&i| !is_blank_or_comment(&self.lines[i]))
    }

    fn enter(&mut self) -> Result<(), (usize, ErrorKind)> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err((self.line_no(self.pos), ErrorKind::TooDeep));
        }
        Ok(())
    }

    fn mapping(&mut self, indent: usize) -> Result<Vec<Entry>, (usize, ErrorKind)> {
        self.enter()?;
        let mut entries: Vec<Entry> = Vec::new();
        while let Some(pos) = self.next_significant() {
            let line = &self.lines[pos];
            if line.starts_with('\t') || line[indent_of(line)..].starts_with('\t') {
                return self.err(pos, "tabs cannot indent YAML; use spaces");
            }
            let line_indent = indent_of(line);
            if line_indent < indent {
                break;
            }
            if line_indent > indent {
                return self.err(pos, "unexpected indentation; align keys with the ones above");
            }
            let content = line.trim().to_string();
            if is_list_item(&content) {
                return self.err(pos, "a list item where a `key: value` line was expected");
            }
            let Some((key, rest)) = split_key(&content) else {
                return self.err(pos, &format!("expected `key: value`, found `{}`", truncate(&content)));
            };
            let (key, rest) = (key.to_string(), rest.to_string());
            if let Some(first) = entries.iter().find(|e| e.key == key) {
                return Err((self.line_no(pos), ErrorKind::DuplicateKey { key, first_line: first.line }));
            }
            self.pos = pos + 1;
            let value = self.value_after_key(pos, indent, &rest)?;
            entries.push(Entry { key, value, line: self.line_no(pos) });
        }
        self.depth -= 1;
        Ok(entries)
    }

    /// The value of a key on line `pos` at `indent`, whose text after the colon is `rest`.
    fn value_after_key(&mut self, pos: usize, indent: usize, rest: &str) -> Result<Value, (usize, ErrorKind)> {
        if rest.is_empty() {
            let Some(next) = self.next_significant() else {
                return Ok(Value::Text(String::new()));
            };
            let next_indent = indent_of(&self.lines[next]);
            let next_is_item = is_list_item(self.lines[next].trim());
            return if next_is_item && next_indent >= indent {
                self.list(next_indent)
            } else if next_indent > indent {
                self.mapping(next_indent).map(Value::Map)
            } else {
                Ok(Value::Text(String::new()))
            };
        }
        if rest.starts_with('|') || rest.starts_with('>') {
            return Ok(Value::Text(self.block_scalar(indent, rest.starts_with('>'))));
        }
        // A plain or quoted scalar may continue on more-indented lines.
        let mut text = rest.to_string();
        while self.pos < self.lines.len() {
            let line = &self.lines[self.pos];
            if line.trim().is_empty() || indent_of(line) <= indent {
                break;
            }
            text.push(' ');
            text.push_str(line.trim());
            self.pos += 1;
        }
        self.inline(pos, &text)
    }

    fn block_scalar(&mut self, indent: usize, folded: bool) -> String {
        let mut body: Vec<&str> = Vec::new();
        let mut block_indent = None;
        while self.pos < self.lines.len() {
            let line = &self.lines[self.pos];
            if !line.trim().is_empty() {
                let line_indent = indent_of(line);
                if line_indent <= indent {
                    break;
                }
                let cut = *block_indent.get_or_insert(line_indent);
                body.push(&line[cut.min(line_indent)..]);
            } else {
                body.push("");
            }
            self.pos += 1;
        }
        let joined = if folded { body.join(" ") } else { body.join("\n") };
        joined.trim_end().to_string()
    }

    fn list(&mut self, indent: usize) -> Result<Value, (usize, ErrorKind)> {
        self.enter()?;
        let mut items = Vec::new();
        while let Some(pos) = self.next_significant() {
            let line_indent = indent_of(&self.lines[pos]);
            let content = self.lines[pos].trim().to_string();
            if line_indent < indent || (line_indent == indent && !is_list_item(&content)) {
                break;
            }
            if line_indent > indent || !is_list_item(&content) {
                return self.err(pos, "unexpected indentation in a list; start each item with `- ` at the same column");
            }
            let rest = content[1..].trim();
            if rest.is_empty() {
                self.pos = pos + 1;
                items.push(self.value_after_key(pos, indent, "")?);
            } else if !rest.starts_with(['"', '\'', '[', '{']) && split_key(rest).is_some() {
                // `- key: value` opens a mapping whose keys align after the dash.
                let item_indent = indent + (content.len() - rest.len());
                self.lines[pos] = format!("{}{}", " ".repeat(item_indent), rest);
                items.push(Value::Map(self.mapping(item_indent)?));
            } else {
                self.pos = pos + 1;
                let rest = rest.to_string();
                items.push(self.value_after_key(pos, indent, &rest)?);
            }
        }
        self.depth -= 1;
        Ok(Value::List(items))
    }

    fn inline(&mut self, pos: usize, text: &str) -> Result<Value, (usize, ErrorKind)> {
        let mut cursor = Cursor { text, at: 0 };
        let value = self.flow_value(pos, &mut cursor, false)?;
        cursor.skip_spaces();
        let tail = cursor.rest();
        if !tail.is_empty() && !tail.starts_with('#') {
            return self.err(pos, &format!("unexpected `{}` after the value; quote the whole value", truncate(tail)));
        }
        Ok(value)
    }

    fn flow_value(&mut self, pos: usize, cursor: &mut Cursor, in_flow: bool) -> Result<Value, (usize, ErrorKind)> {
        cursor.skip_spaces();
        match cursor.peek() {
            Some('&') | Some('*') => Err((self.line_no(pos), ErrorKind::YamlAlias)),
            Some('!') => self.err(pos, "YAML tags (`!`) are not supported; remove the tag"),
            Some('"') => self.double_quoted(pos, cursor).map(Value::Text),
            Some('\'') => self.single_quoted(pos, cursor).map(Value::Text),
            Some('[') => self.flow_list(pos, cursor),
            Some('{') => self.flow_map(pos, cursor),
            _ => Ok(Value::Text(cursor.plain(in_flow))),
        }
    }

    fn flow_list(&mut self, pos: usize, cursor: &mut Cursor) -> Result<Value, (usize, ErrorKind)> {
        self.enter()?;
        cursor.bump();
        let mut items = Vec::new();
        loop {
            cursor.skip_spaces();
            match cursor.peek() {
                None => return self.err(pos, "a `[` list is not closed; add `]`"),
                Some(']') => {
                    cursor.bump();
                    break;
                }
                _ => {}
            }
            let item = self.flow_value(pos, cursor, true)?;
            if item != Value::Text(String::new()) {
                items.push(item);
            }
            cursor.skip_spaces();
            match cursor.peek() {
                Some(',') => cursor.bump(),
                Some(']') => {}
                None => return self.err(pos, "a `[` list is not closed; add `]`"),
                Some(other) => return self.err(pos, &format!("expected `,` or `]` in a list, found `{other}`")),
            }
        }
        self.depth -= 1;
        Ok(Value::List(items))
    }

    fn flow_map(&mut self, pos: usize, cursor: &mut Cursor) -> Result<Value, (usize, ErrorKind)> {
        self.enter()?;
        cursor.bump();
        let mut entries = Vec::new();
        loop {
            cursor.skip_spaces();
            match cursor.peek() {
                None => return self.err(pos, "a `{` map is not closed; add `}`"),
                Some('}') => {
                    cursor.bump();
                    break;
                }
                _ => {}
            }
            let key = match self.flow_value(pos, cursor, true)? {
                Value::Text(key) => key,
                _ => return self.err(pos, "a map key must be text"),
            };
            let (key, inline_value) = match key.split_once(':') {
                Some((k, v)) => (k.trim().to_string(), Some(v.trim().to_string())),
                None => (key, None),
            };
            cursor.skip_spaces();
            let value = match inline_value {
                Some(v) if !v.is_empty() => Value::Text(v),
                _ => {
                    if cursor.peek() == Some(':') {
                        cursor.bump();
                    }
                    self.flow_value(pos, cursor, true)?
                }
            };
            entries.push(Entry { key, value, line: self.line_no(pos) });
            cursor.skip_spaces();
            match cursor.peek() {
                Some(',') => cursor.bump(),
                Some('}') => {}
                _ => return self.err(pos, "expected `,` or `}` in a map"),
            }
        }
        self.depth -= 1;
        Ok(Value::Map(entries))
    }

    fn double_quoted(&self, pos: usize, cursor: &mut Cursor) -> Result<String, (usize, ErrorKind)> {
        cursor.bump();
        let mut out = String::new();
        loop {
            let Some(c) = cursor.next() else {
                return self.err(pos, "a `\"` quoted value is not closed; add the closing `\"`");
            };
            match c {
                '"' => return Ok(out),
                '\\' => match cursor.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('"') => out.push('"'),
                    Some('\\') => out.push('\\'),
                    Some('/') => out.push('/'),
                    Some('u') => {
                        let hex: String = (0..4).filter_map(|_| cursor.next()).collect();
                        match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                            Some(ch) => out.push(ch),
                            None => return self.err(pos, &format!("`\\u{hex}` is not a valid escape")),
                        }
                    }
                    Some(other) => return self.err(pos, &format!("unknown escape `\\{other}` in a quoted value")),
                    None => return self.err(pos, "a `\"` quoted value is not closed; add the closing `\"`"),
                },
                other => out.push(other),
            }
        }
    }

    fn single_quoted(&self, pos: usize, cursor: &mut Cursor) -> Result<String, (usize, ErrorKind)> {
        cursor.bump();
        let mut out = String::new();
        loop {
            match cursor.next() {
                None => return self.err(pos, "a `'` quoted value is not closed; add the closing `'`"),
                Some('\'') if cursor.peek() == Some('\'') => {
                    cursor.bump();
                    out.push('\'');
                }
                Some('\'') => return Ok(out),
                Some(other) => out.push(other),
            }
        }
    }
}

struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }
    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }
    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        Some(c)
    }
    fn bump(&mut self) {
        self.next();
    }
    fn skip_spaces(&mut self) {
        while self.peek() == Some(' ') {
            self.at += 1;
        }
    }
    /// A plain scalar: up to a ` #` comment, or in a flow collection up to `,`, `]` or `}`.
    fn plain(&mut self, in_flow: bool) -> String {
        let rest: &str = &self.text[self.at..];
        let mut end = rest.len();
        let mut prev = ' ';
        for (i, c) in rest.char_indices() {
            if (c == '#' && prev == ' ') || (in_flow && matches!(c, ',' | ']' | '}')) {
                end = i;
                break;
            }
            prev = c;
        }
        self.at += end;
        rest[..end].trim().to_string()
    }
}

fn truncate(text: &str) -> String {
    text.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    fn parse_ok(src: &str) -> Vec<(String, Value)> {
        parse(src, 2).unwrap().into_iter().map(|e| (e.key, e.value)).collect()
    }

    #[test]
    fn scalars_quoted_and_plain() {
        let got = parse_ok(
            "title: Hello: world\nsubtitle: \"A \\\"quoted\\\" one\"\nauthor: 'O''Brien'\ndate: 2025-07-18 # comment\n",
        );
        assert_eq!(got[0], ("title".into(), text("Hello: world")));
        assert_eq!(got[1].1, text("A \"quoted\" one"));
        assert_eq!(got[2].1, text("O'Brien"));
        assert_eq!(got[3].1, text("2025-07-18"));
    }

    #[test]
    fn lists_block_and_flow() {
        let got = parse_ok("keywords: [rust, \"web, wasm\", 'a']\ntags:\n  - one\n  - two\n");
        assert_eq!(got[0].1, Value::List(vec![text("rust"), text("web, wasm"), text("a")]));
        assert_eq!(got[1].1, Value::List(vec![text("one"), text("two")]));
    }

    #[test]
    fn list_of_maps_as_pandoc_writes_authors() {
        let got = parse_ok("author:\n  - name: Ada\n    affiliation: X\n  - name: Bob\n");
        let Value::List(items) = &got[0].1 else { panic!("not a list") };
        assert_eq!(items.len(), 2);
        let Value::Map(first) = &items[0] else { panic!("not a map") };
        assert_eq!(first[0].key, "name");
        assert_eq!(first[1].value, text("X"));
    }

    #[test]
    fn block_scalars_and_continuations() {
        let got =
            parse_ok("abstract: |\n  line one\n  line two\nsummary: >\n  folded\n  text\ntitle: a long\n  title\n");
        assert_eq!(got[0].1, text("line one\nline two"));
        assert_eq!(got[1].1, text("folded text"));
        assert_eq!(got[2].1, text("a long title"));
    }

    #[test]
    fn nested_unknown_map_is_kept() {
        let got = parse_ok("extra:\n  a: 1\n  b:\n    c: 2\n");
        let Value::Map(m) = &got[0].1 else { panic!() };
        assert_eq!(m.len(), 2);
    }

    #[test]
    fn errors_carry_lines() {
        assert_eq!(
            parse("title: a\ntitle: b\n", 2).unwrap_err(),
            (3, ErrorKind::DuplicateKey { key: "title".into(), first_line: 2 })
        );
        assert_eq!(parse("title: a\nno colon here\n", 2).unwrap_err().0, 3);
        assert_eq!(parse("a: \"open\n", 5).unwrap_err().0, 5);
        assert_eq!(parse("a: [1, 2\n", 2).unwrap_err().0, 2);
        assert_eq!(parse("a: b\n   c: d\n", 2).unwrap()[0].value, text("b c: d"), "a continuation line");
        assert_eq!(parse("a:\n  b: 1\n c: 2\n", 2).unwrap_err().0, 4);
        assert!(parse("a: b\n\tc: d\n", 2).is_err());
    }

    #[test]
    fn billion_laughs_is_refused_at_the_first_anchor() {
        let bomb = "a: &a [\"lol\",\"lol\",\"lol\"]\nb: &b [*a,*a,*a]\nc: &c [*b,*b,*b]\n";
        assert_eq!(parse(bomb, 2).unwrap_err(), (2, ErrorKind::YamlAlias));
        assert_eq!(parse("x: *ref\n", 2).unwrap_err(), (2, ErrorKind::YamlAlias));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let deep = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(parse(&deep, 2).unwrap_err().1, ErrorKind::TooDeep);
    }
}
