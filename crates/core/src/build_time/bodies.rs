//! Other engines' tags in a post's body, turned into folio's own Markdown at
//! build time, so that a post moved in from Jekyll, Hugo or Zola renders as
//! if written for folio: the converted text is what the build renders, for
//! the prerendered page and for the app alike.
//!
//! - Jekyll (Liquid): `{% highlight lang %}…{% endhighlight %}` (a fenced
//!   block; `linenos` dropped), `{% raw %}`/`{% endraw %}` (removed; in the
//!   code of a post from Jekyll too, as Liquid ran before Markdown), `{% post_url name %}`,
//!   `{% link path %}`, and `{{ site.baseurl }}`, `{{ site.url }}`,
//!   `{{ '/x' | relative_url }}` in URLs;
//! - Hugo: `{{< highlight lang >}}…{{< /highlight >}}`, `figure`, `ref` and
//!   `relref`, `youtube` and `gist` (links: no iframe runs on a page), and
//!   the escaped form `{{</* … */>}}` as the text it stands for;
//! - Zola: `{{ youtube(id="…") }}`, `{{ gist(url="…") }}`.
//!
//! Tags are converted only outside code (fenced, indented, inline; text
//! indented under a list item is the item's); any other tag stays as text
//! and is named, with its line, in `left`. A tag may run over lines, up to
//! a blank line. One linear pass over the lines.

/// A body after conversion.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Converted {
    pub text: String,
    /// Tags left as text: the line, and the tag as written.
    pub left: Vec<(usize, String)>,
    /// Options dropped (a highlight's `linenos`, a figure's `class`), with
    /// their lines: `linenos`, or the tag and the option (`figure class`).
    pub dropped: Vec<(usize, String)>,
}

/// Where `{% raw %}` inside code is Liquid's (removed, as Jekyll ran Liquid
/// before Markdown) or the text a post shows (a post about Jekyll).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawInCode {
    /// A post from Jekyll (its file is named as Jekyll names posts).
    Liquid,
    /// Any other post: code stays as written.
    Text,
}

/// Converts `body`, whose first line is `first_line` of the file. `None`
/// when it holds nothing to convert (most posts), so nothing is copied.
pub fn convert(body: &str, first_line: usize, raw: RawInCode) -> Option<Converted> {
    if !body.contains("{%") && !body.contains("{{") {
        return None;
    }
    let mut out = Converted { text: String::with_capacity(body.len()), ..Converted::default() };
    let code = |out: &mut String, line: &str| push_code(out, line, raw);
    let mut block = Block::Prose;
    let mut previous_blank = true;
    // The content columns of the list items the line may continue: text
    // indented under an item is the item's, not code.
    let mut lists: Vec<usize> = Vec::new();
    // Line breaks from inside converted tags that ran over lines: written at
    // the paragraph's end (a blank line, or the body's), so that later
    // lines keep their numbers without a blank line inside a paragraph.
    let mut pending_breaks = 0;
    let mut at = 0;
    let mut number = first_line;
    while at < body.len() {
        let line = &body[at..at + body[at..].find('\n').map_or(body.len() - at, |end| end + 1)];
        let (content, mut newline) = line.strip_suffix('\n').map_or((line, ""), |c| (c, "\n"));
        let trimmed = content.trim();
        let mut consumed = line.len();
        let mut lines = 1;
        let indent = columns(content);
        if trimmed.is_empty() && pending_breaks > 0 {
            out.text.push_str(&"\n".repeat(pending_breaks));
            pending_breaks = 0;
        }
        if !trimmed.is_empty() && matches!(block, Block::Prose | Block::Indented) {
            // A line less indented than an item's text, after a blank line,
            // as an item of its own or as a heading, is no longer that item's.
            let starts_item = list_item(content).is_some();
            let heading = trimmed.starts_with('#') && indent < 4;
            if previous_blank || starts_item || heading {
                while lists.last().is_some_and(|&column| indent < column) {
                    lists.pop();
                }
            }
        }
        let code_indent = lists.last().copied().unwrap_or(0) + 4;
        match block {
            Block::Fence { marker, length } => {
                if closes_fence(content, marker, length) {
                    block = Block::Prose;
                }
                code(&mut out.text, content);
            }
            Block::Highlight { hugo, fence, indent } => {
                if is_end_highlight(trimmed, hugo) {
                    out.text.push_str(&" ".repeat(indent));
                    out.text.push_str(&"`".repeat(fence));
                    block = Block::Prose;
                } else {
                    // Inside a list item, the block keeps the item's indent.
                    out.text.push_str(&" ".repeat(indent));
                    code(&mut out.text, strip_columns(content, indent));
                }
            }
            Block::Prose if indent >= code_indent && !trimmed.is_empty() && previous_blank => {
                block = Block::Indented;
                code(&mut out.text, content);
            }
            Block::Indented if indent >= code_indent || trimmed.is_empty() => code(&mut out.text, content),
            Block::Prose | Block::Indented => {
                if let Some((marker, length)) = opens_fence(content) {
                    block = Block::Fence { marker, length };
                    code(&mut out.text, content);
                } else if let Some((lang, hugo, options)) = opens_highlight(trimmed) {
                    if options.split([' ', ',']).any(|o| o.starts_with("linenos")) {
                        out.dropped.push((number, "linenos".into()));
                    }
                    // Longer than any run of backticks inside, so that none closes it.
                    let fence = longest_backticks(&body[at + line.len()..], hugo).max(2) + 1;
                    // Indented as the tag is (in a list item, the item's
                    // text), so that the block stays where the tag was.
                    out.text.push_str(&" ".repeat(indent));
                    out.text.push_str(&"`".repeat(fence));
                    out.text.push_str(&lang);
                    block = Block::Highlight { hugo, fence, indent };
                } else {
                    block = Block::Prose;
                    if let Some(column) = list_item(content) {
                        lists.push(column);
                    }
                    // A tag may go on over the next lines: the line is then
                    // as long as the tag makes it.
                    let (taken, breaks) = convert_line(&body[at..], number, raw, &mut out);
                    pending_breaks += breaks;
                    if taken > content.len() {
                        newline = if at + taken < body.len() { "\n" } else { "" };
                        consumed = taken + newline.len();
                        lines = 1 + body[at..at + taken].matches('\n').count();
                    }
                }
            }
        }
        out.text.push_str(newline);
        previous_blank = trimmed.is_empty();
        at += consumed;
        number += lines;
    }
    if let Block::Highlight { fence, indent, .. } = block {
        out.text.push('\n');
        out.text.push_str(&" ".repeat(indent));
        out.text.push_str(&"`".repeat(fence));
        out.text.push('\n');
    }
    out.text.push_str(&"\n".repeat(pending_breaks));
    Some(out)
}

/// `line` without up to `columns` columns of its indent.
fn strip_columns(line: &str, columns: usize) -> &str {
    let mut column = 0;
    for (at, byte) in line.bytes().enumerate() {
        if column >= columns {
            return &line[at..];
        }
        match byte {
            b' ' => column += 1,
            b'\t' => column = (column / 4 + 1) * 4,
            _ => return &line[at..],
        }
    }
    ""
}

/// How far `line` is indented, in columns (a tab to the next multiple of 4).
fn columns(line: &str) -> usize {
    let mut column = 0;
    for byte in line.bytes() {
        match byte {
            b' ' => column += 1,
            b'\t' => column = (column / 4 + 1) * 4,
            _ => break,
        }
    }
    column
}

/// The column where a list item's text starts, if `line` starts one
/// (`- `, `* `, `+ `, `1. `, `1) `).
fn list_item(line: &str) -> Option<usize> {
    let indent = columns(line);
    let rest = line.trim_start_matches([' ', '\t']);
    // `* * *` and `- - -` are rules, not items.
    let rule = rest.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    if rule.len() >= 3
        && (rule.bytes().all(|b| b == b'*') || rule.bytes().all(|b| b == b'-') || rule.bytes().all(|b| b == b'_'))
    {
        return None;
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match rest.as_bytes().get(digits)? {
        b'-' | b'*' | b'+' if digits == 0 => 1,
        b'.' | b')' if (1..=9).contains(&digits) => digits + 1,
        _ => return None,
    };
    let after = &rest[marker..];
    if after.starts_with('\t') {
        return Some((indent + marker) / 4 * 4 + 4);
    }
    let spaces = after.bytes().take_while(|&b| b == b' ').count();
    match (spaces, after.trim().is_empty()) {
        (_, true) => Some(indent + marker + 1),
        (0, false) => None,
        // Five spaces or more: the item's text is code one space in.
        (1..=4, false) => Some(indent + marker + spaces),
        (_, false) => Some(indent + marker + 1),
    }
}

/// The longest run of backticks in the lines of `rest` before its highlight block ends.
fn longest_backticks(rest: &str, hugo: bool) -> usize {
    let mut longest = 0;
    for line in rest.lines() {
        if is_end_highlight(line.trim(), hugo) {
            break;
        }
        let mut run = 0;
        for byte in line.bytes() {
            run = if byte == b'`' { run + 1 } else { 0 };
            longest = longest.max(run);
        }
    }
    longest
}

#[derive(Clone, Copy)]
enum Block {
    Prose,
    Fence {
        marker: u8,
        length: usize,
    },
    Indented,
    /// Inside a highlight tag's block, now a fence of `fence` backticks,
    /// indented by `indent` columns (in a list item).
    Highlight {
        hugo: bool,
        fence: usize,
        indent: usize,
    },
}

/// A code line: only Hugo's escaped shortcodes change, and in a post from
/// Jekyll its `{% raw %}` tags (which Liquid removed before Markdown was read).
fn push_code(out: &mut String, line: &str, raw: RawInCode) {
    if !line.contains('{') {
        out.push_str(line);
        return;
    }
    if raw == RawInCode::Text {
        out.push_str(&unescape_hugo(line));
        return;
    }
    let line = line.replace("{% raw %}", "").replace("{% endraw %}", "").replace("{%- raw -%}", "");
    out.push_str(&unescape_hugo(&line.replace("{%- endraw -%}", "")));
}

/// Hugo's `{{</* x */>}}` and `{{%/* x */%}}`: the text `{{< x >}}`, `{{% x %}}`.
fn unescape_hugo(line: &str) -> String {
    line.replace("{{</*", "{{<").replace("*/>}}", ">}}").replace("{{%/*", "{{%").replace("*/%}}", "%}}")
}

fn opens_fence(line: &str) -> Option<(u8, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let marker = *rest.as_bytes().first()?;
    if indent > 3 || (marker != b'`' && marker != b'~') {
        return None;
    }
    let length = rest.bytes().take_while(|&b| b == marker).count();
    // A backtick fence's info string has no backtick.
    (length >= 3 && !(marker == b'`' && rest[length..].contains('`'))).then_some((marker, length))
}

fn closes_fence(line: &str, marker: u8, length: usize) -> bool {
    let trimmed = line.trim();
    let run = trimmed.bytes().take_while(|&b| b == marker).count();
    line.len() - line.trim_start_matches(' ').len() <= 3 && run >= length && run == trimmed.len()
}

/// `{% highlight lang opts %}` or `{{< highlight lang "opts" >}}` alone on
/// its line: the language, whether Hugo's, and the options.
fn opens_highlight(line: &str) -> Option<(String, bool, String)> {
    let (inner, hugo) = if let Some(tag) = liquid_tag(line).filter(|t| t.len() == line.len()) {
        (tag_inner(tag)?, false)
    } else {
        let tag = hugo_tag(line).filter(|t| t.len() == line.len())?;
        (tag_inner(tag)?, true)
    };
    let mut words = inner.split_whitespace();
    if words.next()? != "highlight" {
        return None;
    }
    let lang: String =
        words.next().unwrap_or("").chars().filter(|c| c.is_ascii_alphanumeric() || "+#-_.".contains(*c)).collect();
    let options = words.collect::<Vec<_>>().join(" ").replace('"', "");
    Some((lang, hugo, options))
}

fn is_end_highlight(line: &str, hugo: bool) -> bool {
    let tag = if hugo { hugo_tag(line) } else { liquid_tag(line) };
    tag.filter(|t| t.len() == line.len()).and_then(tag_inner).is_some_and(|inner| {
        let inner = inner.trim();
        inner == "endhighlight" || inner == "/highlight"
    })
}

/// Tags are short: a closing delimiter is looked for this far at most, so
/// that a line of openers without closers stays linear.
const LONGEST_TAG: usize = 1024;

/// Where `closer` ends in the first [`LONGEST_TAG`] bytes of `text`.
fn tag_end(text: &str, closer: &str) -> Option<usize> {
    let mut window = text.len().min(LONGEST_TAG);
    while !text.is_char_boundary(window) {
        window -= 1;
    }
    text[..window].find(closer).map(|at| at + closer.len())
}

/// The Liquid tag `{% … %}` (or `{%- … -%}`) at the start of `text`.
fn liquid_tag(text: &str) -> Option<&str> {
    text.starts_with("{%").then(|| tag_end(text, "%}").map(|end| &text[..end]))?
}

/// The Hugo shortcode `{{< … >}}` or `{{% … %}}` at the start of `text`.
fn hugo_tag(text: &str) -> Option<&str> {
    let close = match text.get(..3)? {
        "{{<" => ">}}",
        "{{%" => "%}}",
        _ => return None,
    };
    tag_end(text, close).map(|end| &text[..end])
}

/// The output tag `{{ … }}` (Liquid, Zola) at the start of `text`.
fn output_tag(text: &str) -> Option<&str> {
    text.starts_with("{{").then(|| tag_end(text, "}}").map(|end| &text[..end]))?
}

/// What is between a tag's delimiters (`{%` `%}`, `{{<` `>}}`, `{{%` `%}}`,
/// `{{` `}}`), trimmed of Liquid's `-` and of spaces.
fn tag_inner(tag: &str) -> Option<&str> {
    let width = if tag.starts_with("{{<") || tag.starts_with("{{%") { 3 } else { 2 };
    let inner = tag.get(width..tag.len().checked_sub(width)?)?;
    Some(inner.trim().trim_matches('-').trim())
}

/// Converts the tags of the prose line at the start of `text` (which runs
/// on to the end of the body), outside its inline code. A tag that does not
/// close on its line may close on a later one, before a blank line: the
/// line then goes on to the end of the line where the tag closes. Returns
/// how much of `text` the line took, without its last line break. The line
/// breaks inside a converted tag follow the line, so that later lines keep
/// their numbers.
fn convert_line(text: &str, number: usize, raw: RawInCode, out: &mut Converted) -> (usize, usize) {
    let mut end = text.find('\n').unwrap_or(text.len());
    // A tag may not reach past a blank line, nor be longer than tags are.
    let mut window = text.len().min(end + LONGEST_TAG);
    while !text.is_char_boundary(window) {
        window -= 1;
    }
    let paragraph = text[..window].find("\n\n").map_or(window, |blank| blank + 1);
    let mut at = 0;
    let mut breaks = 0;
    while let Some(found) = text[at..end].find(['`', '{']) {
        out.text.push_str(&text[at..at + found]);
        at += found;
        let rest = &text[at..end];
        if rest.starts_with('`') {
            // An inline code span: as written, up to the same run of backticks.
            let run = rest.bytes().take_while(|&b| b == b'`').count();
            let close = tag_end(&rest[run..], &rest[..run]).map_or(run, |end| run + end);
            push_code(&mut out.text, &rest[..close], raw);
            at += close;
            continue;
        }
        // Past its own line, a tag goes on only up to the next tag or fence.
        let reach = &text[at..multi_line_limit(text, at, end, paragraph)];
        let tag = liquid_tag(reach).or_else(|| hugo_tag(reach)).or_else(|| output_tag(reach));
        let Some(tag) = tag else {
            // An engine's tag that never closes is named, not left silently.
            if let Some(opener) = ["{%", "{{<", "{{%"].into_iter().find(|o| rest.starts_with(o)) {
                out.left.push((number, format!("{opener} (not closed)")));
                out.text.push_str(opener);
                at += opener.len();
            } else {
                out.text.push('{');
                at += 1;
            }
            continue;
        };
        let tag_line = number + text[..at].matches('\n').count();
        let mut dropped = Vec::new();
        let converted = converted(tag, &mut dropped);
        out.dropped.extend(dropped.into_iter().map(|option| (tag_line, option)));
        match converted {
            Some(converted) => {
                out.text.push_str(&converted);
                breaks += tag.matches('\n').count();
            }
            None => {
                out.text.push_str(tag);
                out.left.push((tag_line, tag.lines().next().unwrap_or(tag).trim_end().to_string()));
            }
        }
        at += tag.len();
        if at > end {
            end = text[at..].find('\n').map_or(text.len(), |e| at + e);
        }
    }
    out.text.push_str(&text[at..end]);
    (end, breaks)
}

/// How far a tag opened at `at` on the line ending at `end` may reach: to
/// the paragraph's end, but not past another tag's opener or a line that
/// opens a fence, which the tag's text would otherwise swallow.
fn multi_line_limit(text: &str, at: usize, end: usize, paragraph: usize) -> usize {
    let limit = paragraph.max(end).min(end + LONGEST_TAG);
    let mut limit = limit.min(text.len());
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let after = &text[end..limit];
    let mut stop = limit;
    let mut line_start = end;
    for line in after.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if line_start > end && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            stop = line_start;
            break;
        }
        line_start += line.len();
    }
    // Past the tag's own opener (ASCII, so a character boundary).
    let from = at + if text[at..].starts_with("{{") || text[at..].starts_with("{%") { 2 } else { 1 };
    // Tags are short: look no further than the longest.
    let mut stop = stop.min(at + LONGEST_TAG).max(from);
    while !text.is_char_boundary(stop) {
        stop -= 1;
    }
    let window = &text[from..stop];
    let openers = window.find("{{").into_iter().chain(window.find("{%")).min();
    openers.map_or(stop, |found| from + found)
}

/// Folio's Markdown for one tag, or `None` to leave it as text.
fn converted(tag: &str, dropped: &mut Vec<String>) -> Option<String> {
    if tag.starts_with("{{</*") || tag.starts_with("{{%/*") {
        return Some(unescape_hugo(tag));
    }
    let inner = tag_inner(tag)?;
    if tag.starts_with("{%") {
        let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        let args = args.trim();
        return match name {
            "raw" | "endraw" => Some(String::new()),
            // `{% post_url subdir/2010-07-21-name %}` names the post by its file.
            "post_url" if !args.is_empty() => {
                let name = args.trim_matches(['"', '\'']);
                Some(format!("{}.md", name.rsplit('/').next().unwrap_or(name)))
            }
            "link" if !args.is_empty() => {
                let path = args.trim_matches(['"', '\'']);
                Some(match path.strip_prefix("_posts/") {
                    Some(post) => post.to_string(),
                    None => format!("/{}", path.trim_start_matches('/')),
                })
            }
            _ => None,
        };
    }
    if tag.starts_with("{{<") || tag.starts_with("{{%") {
        return hugo_shortcode(inner, dropped);
    }
    output(inner)
}

/// A Hugo shortcode's Markdown.
fn hugo_shortcode(inner: &str, dropped: &mut Vec<String>) -> Option<String> {
    let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    let named = |key: &str| named_arg(args, key);
    let positional: Vec<String> = quoted_words(args).into_iter().filter(|w| !w.contains('=')).collect();
    match name {
        "ref" | "relref" => {
            let path = named("path").or_else(|| positional.first().cloned())?;
            Some(path.trim_start_matches('/').to_string())
        }
        "youtube" => youtube(&named("id").or_else(|| positional.first().cloned())?),
        "gist" => {
            let (user, id) = (positional.first()?, positional.get(1)?);
            Some(format!("[Gist {user}/{id}](https://gist.github.com/{user}/{id})"))
        }
        "figure" => {
            let src = named("src")?;
            let caption = named("caption").or_else(|| named("title")).unwrap_or_default();
            let alt = named("alt").unwrap_or_else(|| caption.clone());
            // The attribution follows the caption, as Hugo shows it.
            let caption = match (caption.is_empty(), named("attr")) {
                (_, None) => caption,
                (true, Some(attr)) => attr,
                (false, Some(attr)) => format!("{caption} — {attr}"),
            };
            // A title in quotes: its backslashes and quotes escaped.
            let title = match caption.is_empty() {
                true => String::new(),
                false => format!(" \"{}\"", caption.replace('\\', "\\\\").replace('"', "\\\"")),
            };
            // A path with spaces is written `<…>`, as CommonMark wants it.
            let src = if src.contains(' ') { format!("<{}>", src.replace(['<', '>'], "")) } else { src };
            let image = format!("![{}]({src}{title})", alt.replace(['[', ']'], "").replace('\\', "\\\\"));
            // What folio has no place for is named, not lost without a word.
            for word in quoted_words(args) {
                let key = word.split_once('=').map_or(word.as_str(), |(key, _)| key.trim());
                if !matches!(key, "src" | "caption" | "title" | "alt" | "attr" | "link") {
                    dropped.push(format!("figure {key}"));
                }
            }
            // A linked figure: the image is the link, and still the figure.
            Some(match named("link") {
                Some(link) if !link.contains(char::is_whitespace) => {
                    format!("[{image}]({})", link.replace('(', "%28").replace(')', "%29"))
                }
                Some(_) => {
                    dropped.push("figure link".into());
                    image
                }
                None => image,
            })
        }
        _ => None,
    }
}

/// A Liquid or Zola output tag's Markdown: the site's URL parts (empty, so
/// that the path after them is root-relative), a URL filter's path, or a
/// Zola shortcode.
fn output(inner: &str) -> Option<String> {
    match inner {
        "site.baseurl" | "site.url" | "site.url }}{{ site.baseurl" => return Some(String::new()),
        _ => {}
    }
    if let Some((value, filter)) = inner.split_once('|') {
        let filter = filter.trim();
        // Only a written path: a variable (`page.url`) folio cannot know.
        let value = value.trim();
        let quoted = value.len() >= 2
            && (value.starts_with('"') && value.ends_with('"') || value.starts_with('\'') && value.ends_with('\''));
        if (filter == "relative_url" || filter == "absolute_url") && quoted {
            let path = &value[1..value.len() - 1];
            return Some(format!("/{}", path.trim_start_matches('/')));
        }
        return None;
    }
    let (name, args) = inner.split_once('(')?;
    let args = args.strip_suffix(')')?;
    match name.trim() {
        "youtube" => youtube(&named_arg(args, "id")?),
        "gist" => {
            let url = named_arg(args, "url")?;
            url.starts_with("https://gist.github.com/").then(|| format!("[Gist]({url})"))
        }
        _ => None,
    }
}

/// A link to a YouTube video, if `id` is a video id.
fn youtube(id: &str) -> Option<String> {
    let valid =
        !id.is_empty() && id.len() <= 32 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    valid.then(|| format!("[YouTube video {id}](https://www.youtube.com/watch?v={id})"))
}

/// `key="value"` (or `key=value`) among a tag's arguments.
fn named_arg(args: &str, key: &str) -> Option<String> {
    quoted_words(args).into_iter().find_map(|word| {
        let (k, v) = word.split_once('=')?;
        (k.trim() == key).then(|| v.trim().to_string())
    })
}

/// A tag's arguments split at spaces outside quotes, quotes removed around
/// whole words.
fn quoted_words(args: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut chars = args.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            // `\"` inside quotes is a quote.
            (Some(_), '\\') => word.extend(chars.next()),
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() || c == ',' => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            (_, c) => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(body: &str) -> String {
        convert(body, 1, RawInCode::Liquid).map_or_else(|| body.to_string(), |c| c.text)
    }

    #[test]
    fn jekyll_highlight_becomes_a_fence_and_linenos_is_counted() {
        let body =
            "Intro.\n\n{% highlight java linenos %}\nint x = 1; // {{ not liquid }}\n{% endhighlight %}\n\nAfter.\n";
        let converted = convert(body, 5, RawInCode::Liquid).unwrap();
        assert_eq!(converted.text, "Intro.\n\n```java\nint x = 1; // {{ not liquid }}\n```\n\nAfter.\n");
        assert_eq!(converted.dropped, [(7, "linenos".to_string())]);
        assert!(converted.left.is_empty(), "code is not scanned: {:?}", converted.left);
    }

    #[test]
    fn hugo_highlight_and_escaped_shortcodes() {
        let body = "{{< highlight go \"linenos=table\" >}}\nfmt.Println(1)\n{{< /highlight >}}\nWrite `{{</* youtube id */>}}`, or {{</* gist a b */>}}.\n";
        assert_eq!(text(body), "```go\nfmt.Println(1)\n```\nWrite `{{< youtube id >}}`, or {{< gist a b >}}.\n");
    }

    #[test]
    fn links_between_posts_and_site_urls() {
        assert_eq!(text("See [it]({% post_url 2010-07-21-name %}).\n"), "See [it](2010-07-21-name.md).\n");
        assert_eq!(
            text("[a]({% link _posts/2016-07-26-x.md %}) [b]({% link about.md %})\n"),
            "[a](2016-07-26-x.md) [b](/about.md)\n"
        );
        assert_eq!(
            text("[c]({{< ref \"posts/my-post.md#part\" >}}) [d]({{< relref path=\"/x\" >}})\n"),
            "[c](posts/my-post.md#part) [d](x)\n"
        );
        assert_eq!(
            text("![x]({{ site.baseurl }}/img/x.png) [y]({{ '/about/' | relative_url }})\n"),
            "![x](/img/x.png) [y](/about/)\n"
        );
        assert_eq!(text("[z]({{ site.url }}{{ site.baseurl }}/z/)\n"), "[z](/z/)\n");
    }

    #[test]
    fn videos_gists_and_figures_become_links_and_images() {
        assert_eq!(
            text("{{< youtube dQw4w9WgXcQ >}}\n"),
            "[YouTube video dQw4w9WgXcQ](https://www.youtube.com/watch?v=dQw4w9WgXcQ)\n"
        );
        assert_eq!(
            text("{{ youtube(id=\"abc_1\") }}\n"),
            "[YouTube video abc_1](https://www.youtube.com/watch?v=abc_1)\n"
        );
        assert_eq!(
            text("{{< gist spf13 7896402 >}}\n"),
            "[Gist spf13/7896402](https://gist.github.com/spf13/7896402)\n"
        );
        assert_eq!(text("{{ gist(url=\"https://gist.github.com/u/1\") }}\n"), "[Gist](https://gist.github.com/u/1)\n");
        assert_eq!(
            text("{{< figure src=\"cat.png\" caption=\"Our \\\"cat\\\"\" alt=\"A cat\" >}}\n"),
            "![A cat](cat.png \"Our \\\"cat\\\"\")\n"
        );
        // Not a video id: left, and named.
        let converted = convert("{{< youtube \"javascript:x()\" >}}\n", 3, RawInCode::Liquid).unwrap();
        assert_eq!(converted.left, [(3, "{{< youtube \"javascript:x()\" >}}".to_string())]);
    }

    #[test]
    fn raw_is_removed_even_in_code_and_other_tags_are_named() {
        let body =
            "```liquid\n{% raw %}{{ page.title }}{% endraw %}\n```\n{% include note.html %} and {{ page.title }}\n";
        let converted = convert(body, 10, RawInCode::Liquid).unwrap();
        assert_eq!(converted.text, "```liquid\n{{ page.title }}\n```\n{% include note.html %} and {{ page.title }}\n");
        assert_eq!(converted.left, [(13, "{% include note.html %}".to_string()), (13, "{{ page.title }}".to_string())]);
    }

    #[test]
    fn code_is_left_as_written() {
        let body = "Text `{% post_url x %}` here.\n\n    {% post_url y %}\n\n~~~\n{{< youtube a >}}\n~~~\n";
        let converted = convert(body, 1, RawInCode::Liquid).unwrap();
        assert_eq!(converted.text, body);
        assert!(converted.left.is_empty());
        assert_eq!(convert("No tags at all.\n", 1, RawInCode::Liquid), None);
    }

    #[test]
    fn tags_without_spaces_and_fences_inside_highlight_blocks() {
        assert_eq!(text("{%highlight rb%}\nputs 1\n{%endhighlight%}\n"), "```rb\nputs 1\n```\n");
        assert_eq!(text("![x]({{site.baseurl}}/x.png)\n"), "![x](/x.png)\n");
        let body = "{% highlight markdown %}\n```js\nx\n```\n{% endhighlight %}\nAfter.\n";
        assert_eq!(text(body), "````markdown\n```js\nx\n```\n````\nAfter.\n");
    }

    #[test]
    fn forms_the_review_found() {
        assert_eq!(text("[a]({% post_url /subdir/2010-07-21-name %})\n"), "[a](2010-07-21-name.md)\n");
        let left = convert("[b]({{ page.url | relative_url }})\n", 1, RawInCode::Liquid).unwrap();
        assert_eq!(left.left, [(1, "{{ page.url | relative_url }}".to_string())], "a variable is not a path");
        assert_eq!(text("{{< figure src=\"my photo.jpg\" >}}\n"), "![](<my photo.jpg>)\n");
    }

    #[test]
    fn text_indented_under_a_list_item_is_the_items_not_code() {
        let body = "1. First step:\n\n    See [it]({% post_url 2010-07-21-name %}).\n\n        {% post_url kept %}\n\nAfter.\n\n    {% post_url code %}\n";
        let converted = convert(body, 1, RawInCode::Liquid).unwrap();
        assert_eq!(
            converted.text,
            "1. First step:\n\n    See [it](2010-07-21-name.md).\n\n        {% post_url kept %}\n\nAfter.\n\n    {% post_url code %}\n"
        );
        let nested = "- a\n  - b\n\n    {{< youtube abc >}}\n";
        assert_eq!(text(nested), "- a\n  - b\n\n    [YouTube video abc](https://www.youtube.com/watch?v=abc)\n");
        assert_eq!(list_item("10) x"), Some(4));
        assert_eq!(list_item("-x"), None);
        assert_eq!(list_item("  *    y"), Some(7));
    }

    #[test]
    fn a_tag_over_several_lines_is_converted_and_later_lines_keep_their_numbers() {
        let body = "Intro.\n\n{{< figure src=\"cat.png\"\n    caption=\"A cat\" >}}\nMore {% include x.html %}\n";
        let converted = convert(body, 1, RawInCode::Liquid).unwrap();
        assert_eq!(converted.text, "Intro.\n\n![A cat](cat.png \"A cat\")\nMore {% include x.html %}\n\n");
        assert_eq!(converted.left, [(5, "{% include x.html %}".to_string())], "line 5, as in the file");
        let left = convert("{% include a.html\n  param=1 %}\n", 7, RawInCode::Liquid).unwrap();
        assert_eq!(left.text, "{% include a.html\n  param=1 %}\n");
        assert_eq!(left.left, [(7, "{% include a.html".to_string())]);
    }

    #[test]
    fn a_tag_over_lines_stops_at_the_next_tag_or_fence_and_keeps_its_paragraph() {
        let body = "Braces {{ look like this:\n```html\n<p>{{ name }}</p>\n```\n\nSee {{< youtube abc >}}.\n";
        let converted = convert(body, 1, RawInCode::Liquid).unwrap();
        assert!(converted.text.contains("```html\n<p>{{ name }}</p>\n```\n"), "{}", converted.text);
        assert!(converted.text.contains("See [YouTube video abc]"), "{}", converted.text);
        let converted = convert("A {{< figure src=\"x.png\"\nB {{< youtube abc >}}\n", 1, RawInCode::Liquid).unwrap();
        assert_eq!(
            converted.text,
            "A {{< figure src=\"x.png\"\nB [YouTube video abc](https://www.youtube.com/watch?v=abc)\n"
        );
        assert_eq!(converted.left, [(1, "{{< (not closed)".to_string())]);
        assert!(converted.dropped.is_empty());
        let joined = text("Some text {{< youtube\nabc >}} more\nand the rest.\n\nNext.\n");
        assert_eq!(
            joined,
            "Some text [YouTube video abc](https://www.youtube.com/watch?v=abc) more\nand the rest.\n\n\nNext.\n"
        );
    }

    #[test]
    fn a_highlight_in_a_list_item_stays_in_the_item_and_rules_are_not_items() {
        let body = "1. Step:\n\n    {% highlight ruby %}\n    puts 1\n    {% endhighlight %}\n2. Next\n";
        assert_eq!(text(body), "1. Step:\n\n    ```ruby\n    puts 1\n    ```\n2. Next\n");
        let rule = "Para.\n\n* * *\n\n    {{< youtube abc >}}\n";
        assert_eq!(text(rule), rule, "code after a rule");
        let heading = "- item\n# Heading\n\n    {{< youtube abc >}}\n";
        assert_eq!(text(heading), heading, "a heading ends the list");
        let tab = "-\tstep\n\n\t{{< youtube abc >}}\n";
        assert!(text(tab).contains("[YouTube video abc]"), "{}", text(tab));
    }

    #[test]
    fn a_tag_that_never_closes_is_named() {
        let converted = convert("A {{< figure src=\"x.png\"\n\nB.\n", 2, RawInCode::Liquid).unwrap();
        assert_eq!(converted.text, "A {{< figure src=\"x.png\"\n\nB.\n");
        assert_eq!(converted.left, [(2, "{{< (not closed)".to_string())]);
        assert!(convert("Braces {{ alone are text.\n", 1, RawInCode::Liquid).unwrap().left.is_empty());
    }

    #[test]
    fn raw_in_the_code_of_a_post_not_from_jekyll_is_shown() {
        let body = "```liquid\n{% raw %}{{ x }}{% endraw %}\n```\n";
        assert_eq!(convert(body, 1, RawInCode::Text).unwrap().text, body);
    }

    #[test]
    fn a_figure_keeps_its_link_and_attribution_and_names_what_it_drops() {
        let body = "{{< figure src=\"sky.png\" caption=\"Sky\" attr=\"Ann\" attrlink=\"https://a.example\" link=\"https://b.example/big.png\" class=\"wide\" >}}\n";
        let converted = convert(body, 4, RawInCode::Liquid).unwrap();
        assert_eq!(converted.text, "[![Sky](sky.png \"Sky — Ann\")](https://b.example/big.png)\n");
        assert_eq!(converted.dropped, [(4, "figure attrlink".to_string()), (4, "figure class".to_string())]);
        let body = "{{< figure src=\"a.png\" caption=\"c\\\\\" link=\"https://w.example/Rust_(lang)\" >}}\n";
        assert_eq!(text(body), "[![c\\\\](a.png \"c\\\\\")](https://w.example/Rust_%28lang%29)\n");
    }

    #[test]
    fn an_unclosed_highlight_ends_with_the_post() {
        assert_eq!(text("{% highlight rb %}\nputs 1\n"), "```rb\nputs 1\n\n```\n");
    }

    #[test]
    fn an_opener_before_a_wide_character_is_cut_at_a_character() {
        let _ = convert("J{{\u{619}'x\n{\u{619}{%\n", 1, RawInCode::Liquid);
    }

    #[test]
    fn converting_is_linear_in_adversarial_shapes() {
        for shape in [
            "{{<".repeat(50_000),
            "{%".repeat(50_000),
            "`{".repeat(50_000),
            "{{ a(".repeat(30_000),
            "{{< a\n".repeat(50_000),
            "- {%\n  ".repeat(50_000),
        ] {
            let started = std::time::Instant::now();
            let _ = convert(&shape, 1, RawInCode::Liquid);
            assert!(started.elapsed().as_secs() < 2, "too slow on {:?}…", &shape[..10]);
        }
    }
}
