//! Untrusted content made safe: URLs in links and images, and raw HTML in
//! posts. Raw HTML passes through a small allow-list of tags and attributes;
//! everything else is escaped (shown as text), comments are dropped, and no
//! event-handler, `style`, `id` or script-capable URL survives. An `<img>`
//! also gets what Markdown images have: its size if known, `decoding="async"`
//! and `loading="lazy"`, unless the post gave them.

use std::borrow::Cow;

use super::balance::is_void;

/// Where a URL is used: images may also be `data:image/…`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    Link,
    Image,
}

/// Decides what a URL becomes in the output; `None` drops it.
pub type ResolveUrl<'a> = dyn Fn(&str, UrlKind) -> Option<String> + 'a;

/// The pixel size of the image at a `src` as the post wrote it (entities
/// decoded), if known.
pub type ImageSize<'a> = dyn Fn(&str) -> Option<(u32, u32)> + 'a;

const SAFE_IMAGE_DATA: &[&str] =
    &["data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp", "data:image/avif"];

/// The URL's scheme, lowercased, if it has one. Browsers ignore ASCII
/// whitespace and control characters inside a scheme (`java\tscript:`), so
/// they are removed before looking.
pub fn scheme(url: &str) -> Option<String> {
    let compact: String = url.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control()).collect();
    let end = compact.find([':', '/', '?', '#'])?;
    if !compact[end..].starts_with(':') {
        return None;
    }
    Some(compact[..end].to_ascii_lowercase())
}

/// Whether `url` (already entity-decoded) is safe to put in `href`/`src`.
/// Allowed: relative URLs, http, https, mailto, tel, and for images raster
/// `data:image/…`. Anything else, including `javascript:`, `vbscript:` and
/// `data:text/html`, is refused.
pub fn is_safe_url(url: &str, kind: UrlKind) -> bool {
    let compact: String = url.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control()).collect();
    let lower = compact.to_ascii_lowercase();
    match scheme(url) {
        None => {
            // An `&` before any path separator may be an entity the caller did
            // not decode (`javascript&colon;`); refuse rather than guess.
            let head_end = lower.find(['/', '?', '#']).unwrap_or(lower.len());
            !lower[..head_end].contains('&')
        }
        Some(s) if matches!(s.as_str(), "http" | "https" | "mailto" | "tel") => true,
        Some(s) if s == "data" && kind == UrlKind::Image => SAFE_IMAGE_DATA
            .iter()
            .any(|prefix| lower.starts_with(prefix) && matches!(lower.as_bytes().get(prefix.len()), Some(b';' | b','))),
        Some(_) => false,
    }
}

/// Whether a link leaves the site, so it gets `rel="noopener"`.
pub fn is_external(url: &str) -> bool {
    matches!(scheme(url).as_deref(), Some("http" | "https")) || url.starts_with("//")
}

pub fn escape_attr(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

/// Decodes the character references a URL could hide a scheme behind:
/// numeric ones (with or without `;`) and the common named ones.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (decoded, used) = decode_one(rest);
        match decoded {
            Some(c) => out.push(c),
            None => out.push('&'),
        }
        rest = &rest[used.max(1)..];
    }
    out.push_str(rest);
    out
}

fn decode_one(text: &str) -> (Option<char>, usize) {
    let body = &text[1..];
    if let Some(num) = body.strip_prefix('#') {
        let (radix, digits_start) = if num.starts_with(['x', 'X']) { (16, 1) } else { (10, 0) };
        let digits: String = num[digits_start..].chars().take_while(|c| c.is_digit(radix)).take(8).collect();
        if digits.is_empty() {
            return (None, 1);
        }
        let mut used = 2 + digits_start + digits.len();
        if text[used..].starts_with(';') {
            used += 1;
        }
        let c = u32::from_str_radix(&digits, radix).ok().and_then(char::from_u32).unwrap_or('\u{FFFD}');
        return (Some(c), used);
    }
    let name: String = body.chars().take_while(|c| c.is_ascii_alphanumeric()).take(10).collect();
    if !body[name.len()..].starts_with(';') {
        return (None, 1);
    }
    let c = match name.as_str() {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "colon" => ':',
        "Tab" => '\t',
        "NewLine" => '\n',
        "sol" => '/',
        "num" => '#',
        "quest" => '?',
        _ => return (None, 1),
    };
    (Some(c), name.len() + 2)
}

/// Sorted, for binary search (of `ALLOWED_KEYS`).
const ALLOWED_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];
const ALLOWED_KEYS: [u128; ALLOWED_TAGS.len()] = name_keys(ALLOWED_TAGS);
const GLOBAL_ATTRS: &[&str] = &["title", "lang", "dir", "class"];
const NUMERIC_ATTRS: &[&str] = &["width", "height", "colspan", "rowspan", "start", "value"];

fn attr_allowed(tag: &str, attr: &str) -> bool {
    GLOBAL_ATTRS.contains(&attr)
        || matches!(
            (tag, attr),
            ("a", "href" | "hreflang")
                | ("img", "src" | "alt" | "width" | "height" | "loading" | "decoding")
                | ("td" | "th", "colspan" | "rowspan" | "align")
                | ("ol", "start" | "reversed" | "type")
                | ("li", "value")
                | ("time", "datetime")
                | ("details", "open")
                | ("q" | "blockquote" | "del" | "ins", "cite")
        )
}

/// Copies raw HTML from a post to `out`, keeping only allowed tags and
/// attributes; URLs go through `resolve`. Linear: no byte is scanned more than
/// a few times, whatever the input.
pub fn sanitize_html(raw: &str, out: &mut String, resolve: &ResolveUrl) {
    sanitize_html_sized(raw, out, resolve, &|_| None, false);
}

/// [`sanitize_html`], giving an `<img>` without `width` and `height` the
/// size `image_size` knows for its `src` (one lookup per image).
pub fn sanitize_html_sized(raw: &str, out: &mut String, resolve: &ResolveUrl, image_size: &ImageSize, eager: bool) {
    let mut rest = raw;
    while let Some(at) = find_byte(rest, b'<') {
        escape_text(&rest[..at], out);
        rest = &rest[at..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let mut attrs = Vec::new();
        let scanned = scan_tag(rest, |name, value| {
            attrs.push((name.to_ascii_lowercase(), decode_entities(value)));
        });
        match scanned {
            Scanned::Tag(syntax) => {
                let allowed = name_key(syntax.name).is_some_and(|key| ALLOWED_KEYS.binary_search(&key).is_ok());
                let name = if syntax.name.bytes().any(|b| b.is_ascii_uppercase()) {
                    Cow::Owned(syntax.name.to_ascii_lowercase())
                } else {
                    Cow::Borrowed(syntax.name)
                };
                let tag = Tag { name, closing: syntax.closing, attrs };
                let after = &rest[syntax.len..];
                if allowed {
                    write_tag(&tag, out, resolve, image_size, eager);
                    rest = after;
                } else if !tag.closing && matches!(&*tag.name, "script" | "style" | "template") {
                    // Their content is code, not prose: drop it with the tag.
                    rest = end_tag_at(after, &tag.name).map_or("", |end| {
                        let tail = &after[end..];
                        find_byte(tail, b'>').map_or("", |gt| &tail[gt + 1..])
                    });
                } else {
                    // Shown whole as text: a `<` inside its attributes is not a
                    // tag, and rescanning from there could read the rest again.
                    escape_text(&rest[..syntax.len], out);
                    rest = after;
                }
            }
            Scanned::Text => {
                out.push_str("&lt;");
                rest = &rest[1..];
            }
            // Browsers drop a tag the input ends in, with all after it. As text it
            // is harmless; trying again from each later `<` would be quadratic.
            Scanned::Unfinished => break,
        }
    }
    escape_text(rest, out);
}

/// MathML Core's presentation elements, sorted; `math` itself is written by
/// [`sanitize_mathml`], never copied.
const MATHML_TAGS: &[&str] = &[
    "menclose",
    "merror",
    "mfrac",
    "mi",
    "mmultiscripts",
    "mn",
    "mo",
    "mover",
    "mpadded",
    "mphantom",
    "mprescripts",
    "mroot",
    "mrow",
    "ms",
    "mspace",
    "msqrt",
    "mstyle",
    "msub",
    "msubsup",
    "msup",
    "mtable",
    "mtd",
    "mtext",
    "mtr",
    "munder",
    "munderover",
    "none",
];
const MATHML_KEYS: [u128; MATHML_TAGS.len()] = name_keys(MATHML_TAGS);
/// MathML's token elements: text inside, no elements (HTML's "MathML text integration points").
const MATHML_TOKENS: &[&str] = &["mi", "mn", "mo", "ms", "mtext"];
/// Presentation attributes only: no `href` (some engines follow it on any
/// MathML element), no `style` (the strict CSP refuses it), no events.
const MATHML_ATTRS: &[&str] = &[
    "accent",
    "accentunder",
    "columnspan",
    "depth",
    "displaystyle",
    "fence",
    "form",
    "height",
    "largeop",
    "linethickness",
    "lspace",
    "mathvariant",
    "maxsize",
    "minsize",
    "movablelimits",
    "notation",
    "rowspan",
    "rspace",
    "scriptlevel",
    "separator",
    "stretchy",
    "symmetric",
    "voffset",
    "width",
];

/// Writes one `<math>` element (`display="block"` for display math) holding
/// the MathML in `raw`: MathML elements and presentation attributes only,
/// every other tag dropped with its text kept, text escaped, empty elements
/// (`<mspace/>`) closed explicitly. The MathML comes from the build's TeX
/// converter, fetched beside the post: it is treated as untrusted all the same.
pub fn sanitize_mathml(raw: &str, display: bool, out: &mut String) {
    out.push_str(if display { "<math display=\"block\">" } else { "<math>" });
    // What is open, so that end tags match their start and the nesting is the
    // one an HTML parser builds: a token element (`mi`, `mo`, `mn`, `ms`,
    // `mtext`) holds text only, as a tag inside it would switch the parser
    // back to HTML.
    let mut open: Vec<String> = Vec::new();
    let mut rest = raw;
    while let Some(at) = find_byte(rest, b'<') {
        escape_text(&rest[..at], out);
        rest = &rest[at..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let mut attrs = Vec::new();
        match scan_tag(rest, |name, value| attrs.push((name, value))) {
            Scanned::Tag(tag) => {
                let source = &rest[..tag.len];
                rest = &rest[tag.len..];
                if name_key(tag.name).is_none_or(|key| MATHML_KEYS.binary_search(&key).is_err()) {
                    continue;
                }
                let name = tag.name.to_ascii_lowercase();
                if tag.closing {
                    if open.last() == Some(&name) {
                        open.pop();
                        out.push_str("</");
                        out.push_str(&name);
                        out.push('>');
                    }
                    continue;
                }
                if open.last().is_some_and(|parent| MATHML_TOKENS.contains(&parent.as_str())) {
                    continue;
                }
                out.push('<');
                out.push_str(&name);
                for (attr, value) in attrs {
                    let attr = attr.to_ascii_lowercase();
                    if MATHML_ATTRS.contains(&attr.as_str()) {
                        out.push(' ');
                        out.push_str(&attr);
                        out.push_str("=\"");
                        escape_attr(&decode_entities(value), out);
                        out.push('"');
                    }
                }
                out.push('>');
                if source.ends_with("/>") {
                    out.push_str("</");
                    out.push_str(&name);
                    out.push('>');
                } else {
                    open.push(name);
                }
            }
            Scanned::Text => {
                out.push_str("&lt;");
                rest = &rest[1..];
            }
            Scanned::Unfinished => {
                rest = "";
                break;
            }
        }
    }
    escape_text(rest, out);
    for name in open.iter().rev() {
        out.push_str("</");
        out.push_str(name);
        out.push('>');
    }
    out.push_str("</math>");
}

/// A tag name as a number, for lookups done on every tag: its bytes
/// lowercased, big-endian, padded with zeros, so the numbers sort as the names
/// do. `None` for names longer than 16 bytes, which no known element has.
pub(crate) fn name_key(name: &str) -> Option<u128> {
    (name.len() <= 16).then(|| key_of(name.as_bytes()))
}

/// The keys of sorted `names`, in the same order, at compile time.
pub(crate) const fn name_keys<const N: usize>(names: &[&str]) -> [u128; N] {
    let mut keys = [0; N];
    let mut at = 0;
    while at < N {
        keys[at] = key_of(names[at].as_bytes());
        at += 1;
    }
    keys
}

const fn key_of(name: &[u8]) -> u128 {
    let mut key = 0;
    let mut at = 0;
    while at < 16 {
        let byte = if at < name.len() { name[at].to_ascii_lowercase() } else { 0 };
        key = key << 8 | byte as u128;
        at += 1;
    }
    key
}

/// Where `byte` (ASCII) first is in `text`. (`str::find` with a `char` calls
/// `memcmp` on every match, which costs more than the search when tags are dense.)
pub(crate) fn find_byte(text: &str, byte: u8) -> Option<usize> {
    memchr::memchr(byte, text.as_bytes())
}

/// Where `</name` (any case) starts in `text`, found without copying it.
fn end_tag_at(text: &str, name: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find("</") {
        let start = from + at + 2;
        if text.as_bytes().get(start..start + name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes())) {
            return Some(start - 2);
        }
        from = start;
    }
    None
}

/// Escapes text, keeping well-formed character references as they are.
fn escape_text(text: &str, out: &mut String) {
    /// Longer names are no references, so a run of letters is read only this far.
    const LONGEST_REFERENCE: usize = 32;
    for (i, c) in text.char_indices() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => {
                let tail = &text.as_bytes()[i + 1..];
                let name_len = tail
                    .iter()
                    .take(LONGEST_REFERENCE + 1)
                    .take_while(|b| b.is_ascii_alphanumeric() || **b == b'#')
                    .count();
                if name_len > 0 && name_len <= LONGEST_REFERENCE && tail.get(name_len) == Some(&b';') {
                    out.push('&');
                } else {
                    out.push_str("&amp;");
                }
            }
            _ => out.push(c),
        }
    }
}

#[derive(Debug)]
struct Tag<'a> {
    name: Cow<'a, str>,
    closing: bool,
    attrs: Vec<(String, String)>,
}

/// A tag's outline: its name as written, whether it is an end tag, its length.
pub(crate) struct TagSyntax<'a> {
    pub name: &'a str,
    pub closing: bool,
    pub len: usize,
}

pub(crate) enum Scanned<'a> {
    Tag(TagSyntax<'a>),
    /// The `<` opens no tag: it is text.
    Text,
    /// A tag the input ends inside of.
    Unfinished,
}

/// Reads the tag at the start of `text` (which starts with `<`), passing each
/// attribute's name and raw value to `attribute`. Reads each byte once.
pub(crate) fn scan_tag<'a>(text: &'a str, mut attribute: impl FnMut(&'a str, &'a str)) -> Scanned<'a> {
    let bytes = text.as_bytes();
    let mut i = 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    match bytes.get(i) {
        None => return Scanned::Unfinished,
        Some(b) if !b.is_ascii_alphabetic() => return Scanned::Text,
        Some(_) => {}
    }
    while bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-') {
        i += 1;
    }
    let name = &text[name_start..i];
    let skip_spaces = |i: &mut usize| {
        while bytes.get(*i).is_some_and(|b| b.is_ascii_whitespace()) {
            *i += 1;
        }
    };
    loop {
        while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace() || *b == b'/') {
            if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'>') {
                break;
            }
            i += 1;
        }
        match bytes.get(i) {
            None => return Scanned::Unfinished,
            Some(b'>') => return Scanned::Tag(TagSyntax { name, closing, len: i + 1 }),
            // Only a `/` before `>` stops the loop above.
            Some(b'/') => return Scanned::Tag(TagSyntax { name, closing, len: i + 2 }),
            Some(_) => {}
        }
        let attr_start = i;
        while bytes.get(i).is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'/' | b'>' | b'=')) {
            i += 1;
        }
        let attr = &text[attr_start..i];
        skip_spaces(&mut i);
        let mut value = "";
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            skip_spaces(&mut i);
            match bytes.get(i) {
                None => return Scanned::Unfinished,
                Some(quote @ (b'"' | b'\'')) => {
                    let Some(end) = find_byte(&text[i + 1..], *quote) else { return Scanned::Unfinished };
                    value = &text[i + 1..i + 1 + end];
                    i += end + 2;
                }
                Some(_) => {
                    let start = i;
                    while bytes.get(i).is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>') {
                        i += 1;
                    }
                    value = &text[start..i];
                }
            }
        }
        if !attr.is_empty() {
            attribute(attr, value);
        }
    }
}

fn write_tag(tag: &Tag, out: &mut String, resolve: &ResolveUrl, image_size: &ImageSize, eager: bool) {
    if tag.closing {
        if !is_void(&tag.name) {
            out.push_str("</");
            out.push_str(&tag.name);
            out.push('>');
        }
        return;
    }
    out.push('<');
    out.push_str(&tag.name);
    let mut external = false;
    let mut image = (tag.name == "img").then(ImageAttrs::default);
    for (attr, value) in &tag.attrs {
        if !attr_allowed(&tag.name, attr) || attr.starts_with("on") {
            continue;
        }
        if image.is_some() && !ImageAttrs::allows(attr, value) {
            continue;
        }
        let raw = value;
        let value = match attr.as_str() {
            "href" | "src" | "cite" => {
                let kind = if attr == "src" { UrlKind::Image } else { UrlKind::Link };
                match resolve(value, kind) {
                    Some(url) => {
                        external |= attr == "href" && is_external(&url);
                        url
                    }
                    None => continue,
                }
            }
            a if NUMERIC_ATTRS.contains(&a) => {
                if value.is_empty() || value.len() > 6 || !value.bytes().all(|b| b.is_ascii_digit()) {
                    continue;
                }
                value.clone()
            }
            _ => value.clone(),
        };
        if let Some(image) = image.as_mut() {
            image.note(attr, raw);
        }
        out.push(' ');
        out.push_str(attr);
        out.push_str("=\"");
        escape_attr(&value, out);
        out.push('"');
    }
    if external {
        out.push_str(" rel=\"noopener\"");
    }
    if let Some(image) = image {
        image.complete(out, image_size, eager);
    }
    out.push('>');
}

/// What an `<img>` in raw HTML said about its size and loading.
#[derive(Default)]
struct ImageAttrs<'a> {
    /// The first `src` (the one browsers use), if it was kept.
    src: Option<&'a str>,
    sized: bool,
    loading: bool,
    decoding: bool,
}

impl<'a> ImageAttrs<'a> {
    /// `loading` and `decoding` keep only the values browsers know, so that
    /// the defaults below apply instead of an invalid value.
    fn allows(attr: &str, value: &str) -> bool {
        let known: &[&str] = match attr {
            "loading" => &["lazy", "eager"],
            "decoding" => &["async", "sync", "auto"],
            _ => return true,
        };
        known.iter().any(|k| value.eq_ignore_ascii_case(k))
    }

    /// Notes an attribute as written.
    fn note(&mut self, attr: &str, value: &'a str) {
        match attr {
            "loading" => self.loading = true,
            "decoding" => self.decoding = true,
            "width" | "height" => self.sized = true,
            "src" => {
                self.src.get_or_insert(value);
            }
            _ => {}
        }
    }

    /// `eager`: the image is on the first screen, where lazy loading only delays it.
    fn complete(self, out: &mut String, image_size: &ImageSize, eager: bool) {
        if !self.sized {
            if let Some((width, height)) = self.src.and_then(image_size) {
                out.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
            }
        }
        if !self.decoding {
            out.push_str(" decoding=\"async\"");
        }
        if !self.loading && !eager {
            out.push_str(" loading=\"lazy\"");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mathml(raw: &str) -> String {
        let mut out = String::new();
        sanitize_mathml(raw, false, &mut out);
        out
    }

    #[test]
    fn mathml_keeps_its_nesting_and_token_elements_hold_text() {
        assert_eq!(mathml("<math><mi>x</mi></math>"), "<math><mi>x</mi></math>");
        assert_eq!(mathml("<mi><mi>x</mi></mi>"), "<math><mi>x</mi></math>", "no element inside a token");
        assert_eq!(mathml("<mtext><mrow>x</mrow></mtext>"), "<math><mtext>x</mtext></math>");
        assert_eq!(mathml("<mrow><mi>x</mrow></mi>"), "<math><mrow><mi>x</mi></mrow></math>", "end tags match");
        assert_eq!(
            mathml("<mspace width=\"1em\"/><msqrt><mn>2"),
            "<math><mspace width=\"1em\"></mspace><msqrt><mn>2</mn></msqrt></math>"
        );
        assert_eq!(
            mathml("<mi style=\"x\" href=\"javascript:x\" onclick=\"y\">a</mi></math><script>b</script>"),
            "<math><mi>a</mi>b</math>"
        );
    }

    fn pass_through(url: &str, kind: UrlKind) -> Option<String> {
        is_safe_url(url, kind).then(|| url.to_string())
    }

    fn clean(raw: &str) -> String {
        let mut out = String::new();
        sanitize_html(raw, &mut out, &pass_through);
        out
    }

    #[test]
    fn script_capable_urls_are_refused_in_every_disguise() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "javascript&colon;alert(1)",
            "livescript:x",
        ] {
            assert!(!is_safe_url(bad, UrlKind::Link), "{bad:?} passed as a link");
            assert!(!is_safe_url(bad, UrlKind::Image), "{bad:?} passed as an image");
        }
        assert!(!is_safe_url(&decode_entities("&#106;avascript:alert(1)"), UrlKind::Link));
        assert!(!is_safe_url(&decode_entities("&#x6A;avascript:alert(1)"), UrlKind::Link));
        assert!(!is_safe_url(&decode_entities("&#0000106avascript:alert(1)"), UrlKind::Link));
        assert!(!is_safe_url(&decode_entities("javascript&colon;alert(1)"), UrlKind::Link));
        assert!(!is_safe_url("data:image/png;base64,AAAA", UrlKind::Link));
    }

    #[test]
    fn ordinary_urls_pass() {
        for good in [
            "https://example.com/a?b#c",
            "http://x.y",
            "mailto:a@b.c",
            "tel:+84123",
            "other-post",
            "./img.png",
            "#section",
            "/blog/",
            "a:b/c",
        ] {
            assert!(is_safe_url(good, UrlKind::Link) || good == "a:b/c", "{good} refused");
        }
        assert!(is_safe_url("data:image/png;base64,iVBOR", UrlKind::Image));
    }

    #[test]
    fn allowed_tags_survive_without_dangerous_attributes() {
        assert_eq!(clean("<b onclick=\"x()\" style=\"color:red\" class=\"k\">hi</b>"), "<b class=\"k\">hi</b>");
        assert_eq!(clean("<img src=x onerror=alert(1)>"), "<img src=\"x\" decoding=\"async\" loading=\"lazy\">");
        // As in browsers, an unquoted value runs to the next space: the handler is part of the URL.
        assert_eq!(
            clean("<img/src=x/onerror=alert(1)>"),
            "<img src=\"x/onerror=alert(1)\" decoding=\"async\" loading=\"lazy\">"
        );
        assert_eq!(clean("<img/src=x onerror/=alert(1)>"), "<img src=\"x\" decoding=\"async\" loading=\"lazy\">");
        assert_eq!(clean("<a href=\"javascript:alert(1)\">x</a>"), "<a>x</a>");
        assert_eq!(clean("<a href=\"&#106;avascript:alert(1)\">x</a>"), "<a>x</a>");
        assert_eq!(
            clean("<a href=\"https://e.com\" target=_blank>x</a>"),
            "<a href=\"https://e.com\" rel=\"noopener\">x</a>"
        );
        assert_eq!(
            clean("<details open><summary>S</summary>B</details>"),
            "<details open=\"\"><summary>S</summary>B</details>"
        );
    }

    #[test]
    fn other_tags_are_escaped_or_dropped() {
        assert_eq!(clean("<script>alert(1)</script>after"), "after");
        assert_eq!(clean("<SCRIPT src=x></SCRIPT>"), "");
        assert_eq!(
            clean("<iframe src=\"https://evil\"></iframe>"),
            "&lt;iframe src=\"https://evil\"&gt;&lt;/iframe&gt;"
        );
        assert_eq!(
            clean("<svg><g onload=alert(1)></g></svg>"),
            "&lt;svg&gt;&lt;g onload=alert(1)&gt;&lt;/g&gt;&lt;/svg&gt;"
        );
        assert_eq!(clean("<!-- hidden -->x"), "x");
        assert_eq!(clean("a < b & c &amp; d"), "a &lt; b &amp; c &amp; d");
        assert_eq!(clean("<b title=\"unclosed>x"), "&lt;b title=\"unclosed&gt;x");
        assert_eq!(clean("<td colspan=\"2;x\" rowspan=3>"), "<td rowspan=\"3\">");
    }

    #[test]
    fn images_get_a_known_size_and_load_lazily_unless_told() {
        let sized = |raw: &str| {
            let mut out = String::new();
            sanitize_html_sized(raw, &mut out, &pass_through, &|src| (src == "cat.png").then_some((640, 480)), false);
            out
        };
        assert_eq!(
            sized("<img src=\"cat.png\" alt=\"Cat\">"),
            "<img src=\"cat.png\" alt=\"Cat\" width=\"640\" height=\"480\" decoding=\"async\" loading=\"lazy\">"
        );
        assert_eq!(
            sized("<img src=cat.png width=10 loading=eager decoding=sync>"),
            "<img src=\"cat.png\" width=\"10\" loading=\"eager\" decoding=\"sync\">",
            "the post's own choices stand"
        );
        assert_eq!(
            sized("<img src=cat.png width=x loading=soon decoding=later>"),
            "<img src=\"cat.png\" width=\"640\" height=\"480\" decoding=\"async\" loading=\"lazy\">",
            "invalid values give way to the defaults"
        );
        assert_eq!(
            sized("<img src=\"javascript:cat.png\" src=cat.png src=dog.png>"),
            "<img src=\"cat.png\" src=\"dog.png\" width=\"640\" height=\"480\" decoding=\"async\" loading=\"lazy\">",
            "the size of the first src written, which browsers use"
        );
        assert_eq!(sized("<img src=dog.png>"), "<img src=\"dog.png\" decoding=\"async\" loading=\"lazy\">");
        assert_eq!(sized("</img><b>x</b>"), "<b>x</b>");
        let once = sized("<p><img src=cat.png></p>");
        assert_eq!(sized(&once), once, "stable");
    }

    #[test]
    fn allowed_tags_are_sorted() {
        assert!(ALLOWED_TAGS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(ALLOWED_KEYS.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn unfinished_and_disallowed_tags_are_text() {
        // Browsers drop a tag the input ends in, and all after it: here it is shown.
        assert_eq!(clean("<b title=\"x>a <i>b</i>"), "&lt;b title=\"x&gt;a &lt;i&gt;b&lt;/i&gt;");
        // A disallowed tag is text as a whole: the `<b>` in its attribute is no tag.
        assert_eq!(clean("<x title=\"<b>\">y"), "&lt;x title=\"&lt;b&gt;\"&gt;y");
        assert_eq!(clean("<ScRiPt>a</sCrIpT >b<style>c</STYLE>d<template>e"), "bd");
        assert_eq!(
            clean("&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; &amp; &#x41;"),
            "&amp;aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; &amp; &#x41;"
        );
    }
}
