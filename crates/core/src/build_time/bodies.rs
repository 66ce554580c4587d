//! Other engines' tags in a post's body, turned into folio's own Markdown at
//! build time, so that a post moved in from Jekyll, Hugo or Zola renders as
//! if written for folio: the converted text is what the build serves in
//! `p/<hash>.md`, so the prerendered page and the app agree.
//!
//! - Jekyll (Liquid): `{% highlight lang %}…{% endhighlight %}` (a fenced
//!   block; `linenos` dropped), `{% raw %}`/`{% endraw %}` (removed, even in
//!   code, as Liquid ran before Markdown), `{% post_url name %}`,
//!   `{% link path %}`, and `{{ site.baseurl }}`, `{{ site.url }}`,
//!   `{{ '/x' | relative_url }}` in URLs;
//! - Hugo: `{{< highlight lang >}}…{{< /highlight >}}`, `figure`, `ref` and
//!   `relref`, `youtube` and `gist` (links: no iframe runs on a page), and
//!   the escaped form `{{</* … */>}}` as the text it stands for;
//! - Zola: `{{ youtube(id="…") }}`, `{{ gist(url="…") }}`.
//!
//! Tags are converted only outside code (fenced, indented, inline); any
//! other tag stays as text and is named, with its line, in `left`. One
//! linear pass over the lines; a line is only scanned if it has `{`.

/// A body after conversion.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Converted {
    pub text: String,
    /// Tags left as text: the line, and the tag as written.
    pub left: Vec<(usize, String)>,
    /// Options dropped (Jekyll's `linenos`), with their lines.
    pub dropped: Vec<(usize, &'static str)>,
}

/// Converts `body`, whose first line is `first_line` of the file. `None`
/// when it holds nothing to convert (most posts), so nothing is copied.
pub fn convert(body: &str, first_line: usize) -> Option<Converted> {
    if !body.contains("{%") && !body.contains("{{") {
        return None;
    }
    let mut out = Converted { text: String::with_capacity(body.len()), ..Converted::default() };
    let mut block = Block::Prose;
    let mut previous_blank = true;
    let mut rest_at = 0;
    for (i, line) in body.split_inclusive('\n').enumerate() {
        rest_at += line.len();
        let number = first_line + i;
        let (content, newline) = line.strip_suffix('\n').map_or((line, ""), |c| (c, "\n"));
        let trimmed = content.trim();
        match block {
            Block::Fence { marker, length } => {
                if closes_fence(content, marker, length) {
                    block = Block::Prose;
                }
                push_code(&mut out.text, content);
            }
            Block::Highlight { hugo, fence } => {
                if is_end_highlight(trimmed, hugo) {
                    out.text.push_str(&"`".repeat(fence));
                    block = Block::Prose;
                } else {
                    push_code(&mut out.text, content);
                }
            }
            Block::Prose if is_indented_code(content) && previous_blank => {
                block = Block::Indented;
                push_code(&mut out.text, content);
            }
            Block::Indented if is_indented_code(content) || trimmed.is_empty() => push_code(&mut out.text, content),
            Block::Prose | Block::Indented => {
                if let Some((marker, length)) = opens_fence(content) {
                    block = Block::Fence { marker, length };
                    push_code(&mut out.text, content);
                } else if let Some((lang, hugo, options)) = opens_highlight(trimmed) {
                    if options.split([' ', ',']).any(|o| o.starts_with("linenos")) {
                        out.dropped.push((number, "linenos"));
                    }
                    // Longer than any run of backticks inside, so that none closes it.
                    let fence = longest_backticks(&body[rest_at..], hugo).max(2) + 1;
                    out.text.push_str(&"`".repeat(fence));
                    out.text.push_str(&lang);
                    block = Block::Highlight { hugo, fence };
                } else {
                    block = Block::Prose;
                    convert_line(content, number, &mut out);
                }
            }
        }
        out.text.push_str(newline);
        previous_blank = trimmed.is_empty();
    }
    if let Block::Highlight { fence, .. } = block {
        out.text.push('\n');
        out.text.push_str(&"`".repeat(fence));
        out.text.push('\n');
    }
    Some(out)
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
    /// Inside a highlight tag's block, now a fence of `fence` backticks.
    Highlight {
        hugo: bool,
        fence: usize,
    },
}

/// A code line: only `{% raw %}` tags (which Liquid removed before Markdown
/// was read) and Hugo's escaped shortcodes change.
fn push_code(out: &mut String, line: &str) {
    if !line.contains('{') {
        out.push_str(line);
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

fn is_indented_code(line: &str) -> bool {
    (line.starts_with("    ") || line.starts_with('\t')) && !line.trim().is_empty()
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

/// Converts the tags of a prose line, outside its inline code.
fn convert_line(line: &str, number: usize, out: &mut Converted) {
    let mut rest = line;
    while let Some(at) = rest.find(['`', '{']) {
        out.text.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('`') {
            // An inline code span: as written, up to the same run of backticks.
            let run = rest.bytes().take_while(|&b| b == b'`').count();
            let close = tag_end(&rest[run..], &rest[..run]).map_or(run, |end| run + end);
            push_code(&mut out.text, &rest[..close]);
            rest = &rest[close..];
            continue;
        }
        let tag = liquid_tag(rest).or_else(|| hugo_tag(rest)).or_else(|| output_tag(rest));
        let Some(tag) = tag else {
            out.text.push('{');
            rest = &rest[1..];
            continue;
        };
        match converted(tag) {
            Some(text) => out.text.push_str(&text),
            None => {
                out.text.push_str(tag);
                out.left.push((number, tag.to_string()));
            }
        }
        rest = &rest[tag.len()..];
    }
    out.text.push_str(rest);
}

/// Folio's Markdown for one tag, or `None` to leave it as text.
fn converted(tag: &str) -> Option<String> {
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
        return hugo_shortcode(inner);
    }
    output(inner)
}

/// A Hugo shortcode's Markdown.
fn hugo_shortcode(inner: &str) -> Option<String> {
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
            let title =
                if caption.is_empty() { String::new() } else { format!(" \"{}\"", caption.replace('"', "\\\"")) };
            // A path with spaces is written `<…>`, as CommonMark wants it.
            let src = if src.contains(' ') { format!("<{}>", src.replace(['<', '>'], "")) } else { src };
            Some(format!("![{}]({src}{title})", alt.replace(['[', ']'], "")))
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
        convert(body, 1).map_or_else(|| body.to_string(), |c| c.text)
    }

    #[test]
    fn jekyll_highlight_becomes_a_fence_and_linenos_is_counted() {
        let body =
            "Intro.\n\n{% highlight java linenos %}\nint x = 1; // {{ not liquid }}\n{% endhighlight %}\n\nAfter.\n";
        let converted = convert(body, 5).unwrap();
        assert_eq!(converted.text, "Intro.\n\n```java\nint x = 1; // {{ not liquid }}\n```\n\nAfter.\n");
        assert_eq!(converted.dropped, [(7, "linenos")]);
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
        let converted = convert("{{< youtube \"javascript:x()\" >}}\n", 3).unwrap();
        assert_eq!(converted.left, [(3, "{{< youtube \"javascript:x()\" >}}".to_string())]);
    }

    #[test]
    fn raw_is_removed_even_in_code_and_other_tags_are_named() {
        let body =
            "```liquid\n{% raw %}{{ page.title }}{% endraw %}\n```\n{% include note.html %} and {{ page.title }}\n";
        let converted = convert(body, 10).unwrap();
        assert_eq!(converted.text, "```liquid\n{{ page.title }}\n```\n{% include note.html %} and {{ page.title }}\n");
        assert_eq!(converted.left, [(13, "{% include note.html %}".to_string()), (13, "{{ page.title }}".to_string())]);
    }

    #[test]
    fn code_is_left_as_written() {
        let body = "Text `{% post_url x %}` here.\n\n    {% post_url y %}\n\n~~~\n{{< youtube a >}}\n~~~\n";
        let converted = convert(body, 1).unwrap();
        assert_eq!(converted.text, body);
        assert!(converted.left.is_empty());
        assert_eq!(convert("No tags at all.\n", 1), None);
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
        let left = convert("[b]({{ page.url | relative_url }})\n", 1).unwrap();
        assert_eq!(left.left, [(1, "{{ page.url | relative_url }}".to_string())], "a variable is not a path");
        assert_eq!(text("{{< figure src=\"my photo.jpg\" >}}\n"), "![](<my photo.jpg>)\n");
    }

    #[test]
    fn an_unclosed_highlight_ends_with_the_post() {
        assert_eq!(text("{% highlight rb %}\nputs 1\n"), "```rb\nputs 1\n\n```\n");
    }

    #[test]
    fn converting_is_linear_in_adversarial_shapes() {
        for shape in ["{{<".repeat(50_000), "{%".repeat(50_000), "`{".repeat(50_000), "{{ a(".repeat(30_000)] {
            let started = std::time::Instant::now();
            let _ = convert(&shape, 1);
            assert!(started.elapsed().as_secs() < 2, "too slow on {:?}…", &shape[..10]);
        }
    }
}
