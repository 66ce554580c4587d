//! Markdown to HTML. The pipeline: parse with pulldown-cmark (CommonMark,
//! tables, footnotes, strikethrough, task lists, smart punctuation, heading
//! attributes, GitHub's alerts); transform events (heading ids and anchors,
//! callouts, link and image URLs, figures, raw HTML through the sanitizer,
//! word count); gather the footnotes at the end (`footnotes`); serialize with
//! `push_html`; balance the HTML (`balance`), so no post can close or reopen
//! elements around it.

mod anchors;
mod callouts;
mod footnotes;
mod images;

use pulldown_cmark::{Alignment, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use self::images::{Figures, ImageTag};
use super::balance::{balance, is_void};
use super::code::{self, CodeLanguage};
use super::extras::{Enhancements, Math};
use super::i18n::{t, Text};
use super::ids::PostIds;
use super::route;
use super::sanitize::{self, is_external, is_safe_url, UrlKind};
use super::search::SearchText;
use super::slug::slugify;
use super::source_name;
use super::toc::Heading;

/// What rendering a post needs besides its Markdown: where the page lives
/// (for rewriting links), image sizes, and the post's highlighted code and MathML.
pub struct RenderContext<'a> {
    /// The site's public path, with slashes on both ends: `/` or `/blog/`.
    pub base: &'a str,
    /// The post file's folder in the posts folder (`trip/`, or empty), which
    /// its relative links start from (`source_name::folder`).
    pub folder: &'a str,
    /// Where that folder is under `base`: `posts/` for a post
    /// (`route::files_of`), the root for a writer's page.
    pub files: &'a str,

    /// Whether a slug names a post, so `other-post.md` becomes an in-app link.
    /// For a slug that names a post, the URL prefix (`` or `vi/`) of the
    /// version a reader of this page gets: the reader's language if the post
    /// has it, else the post's own, so links always reach a real page.
    pub post_prefix: &'a dyn Fn(&str) -> Option<String>,
    /// Pixel sizes of images in the posts folder, by path relative to it.
    pub image_size: &'a dyn Fn(&str) -> Option<(u32, u32)>,
    /// The slug of the post whose old URL (an alias, root-relative or on the
    /// site) this is, as written without its `#fragment`: a link to it goes
    /// straight to the post, keeping the fragment, not through the redirect.
    pub old_url: &'a dyn Fn(&str) -> Option<String>,
    /// The slug of the post in the file a relative link names (`other.md`
    /// names `other`) when its front matter gives another (`slug`, `url`).
    pub renamed: &'a dyn Fn(&str) -> Option<String>,
    /// Highlighted code and MathML: the post's `Extras` in the app, computed
    /// on demand at build time (`extras::NONE`: plain code, TeX as source).
    pub extras: &'a dyn Enhancements,
}

impl<'a> RenderContext<'a> {
    /// Rendering that knows no other post, no image size and no old URL,
    /// under `base`, with `extras`: for what links do not change (a post's
    /// words and first paragraph), and for tests.
    pub fn unlinked(base: &'a str, extras: &'a dyn Enhancements) -> Self {
        RenderContext {
            base,
            folder: "",
            files: crate::route::POST_FILES,
            post_prefix: &no_post,
            image_size: &no_sizes,
            old_url: &no_post,
            renamed: &no_post,
            extras,
        }
    }
}

/// No post known.
fn no_post(_: &str) -> Option<String> {
    None
}

/// No image sizes known.
pub fn no_sizes(_: &str) -> Option<(u32, u32)> {
    None
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub words: usize,
    /// Letters of scripts written without spaces (Han, Kana, Hangul, Thai),
    /// which reading time counts apart from words.
    pub letters: usize,
    /// The first paragraph's plain text, for descriptions.
    pub first_paragraph: String,
    /// The text search reads ([`crate::search::plain_text`]), if asked for.
    pub search_text: Option<String>,
}

pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM
}

/// Splits rendered HTML into pieces of about `size` bytes at top-level
/// element boundaries, so a huge post can be added to the page a piece at a
/// time. HTML whose nesting never closes stays in one piece.
pub fn split_top_level(html: &str, size: usize) -> Vec<&str> {
    let bytes = html.as_bytes();
    let mut pieces = Vec::new();
    let (mut depth, mut start, mut at) = (0usize, 0usize, 0usize);
    while let Some(offset) = html[at..].find('<') {
        let open = at + offset;
        let Some(close) = html[open..].find('>').map(|c| open + c) else { break };
        let tag = &html[open + 1..close];
        if tag.starts_with('/') {
            depth = depth.saturating_sub(1);
        } else {
            let name = &tag[..tag.bytes().take_while(u8::is_ascii_alphanumeric).count()];
            if !is_void(name) && !tag.ends_with('/') {
                depth += 1;
            }
        }
        at = close + 1;
        if depth == 0 && at - start >= size && bytes.get(at) == Some(&b'\n') {
            pieces.push(&html[start..=at]);
            start = at + 1;
        }
    }
    if start < html.len() {
        pieces.push(&html[start..]);
    }
    pieces
}

/// Plain pulldown-cmark with folio's options and none of its steps: the
/// baseline the benchmarks compare against.
pub fn pulldown_html(out: &mut String, markdown: &str) {
    pulldown_cmark::html::push_html(out, Parser::new_ext(markdown, parser_options()));
}

/// Renders `markdown` written in `lang` (which names task-list checkboxes for
/// screen readers).
pub fn render(markdown: &str, lang: &str, links: &RenderContext) -> Rendered {
    render_walk(markdown, lang, links, None)
}

/// A line of the site's own text (the footer's), rendered as a post's
/// Markdown is and sanitized alike, without the paragraph around it.
pub fn render_line(markdown: &str, lang: &str, base: &str) -> String {
    // Its relative links start from the site's root, as a page's do.
    let links = RenderContext { files: route::files_of(true), ..RenderContext::unlinked(base, &crate::extras::NONE) };
    let html = render(markdown, lang, &links).html;
    let trimmed = html.trim_end();
    match trimmed.strip_prefix("<p>").and_then(|rest| rest.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

/// Renders `markdown` as [`render`] does, and in the same walk gathers the
/// text search reads (`search_text`): the build's one pass over a post.
pub fn render_for_search(markdown: &str, lang: &str, links: &RenderContext) -> Rendered {
    render_walk(markdown, lang, links, Some(SearchText::with_capacity(markdown.len())))
}

fn render_walk(markdown: &str, lang: &str, links: &RenderContext, mut search: Option<SearchText>) -> Rendered {
    let mut ids = PostIds::default();
    // About one event per 12 bytes of Markdown: sized once, not grown by copying.
    let mut events: Vec<Event> = Vec::with_capacity(markdown.len() / 12 + 16);
    let mut headings = Vec::new();
    let mut open_heading: Option<(usize, String)> = None;
    let (mut words, mut letters) = (0, 0);
    let mut first_paragraph: Option<String> = None;
    let mut in_first_paragraph = false;
    let mut raw_block = String::new();
    // Where the raw HTML block being gathered starts, for lazy loading.
    let mut raw_block_at = 0;
    let mut inline_html = String::new();
    let resolve = |url: &str, kind: UrlKind| resolve_url(url, kind, links);
    let image_size = |src: &str| images::size_of(src, links);
    let mut table = TableState::default();
    let mut image: Option<ImageTag> = None;
    let mut code_block: Option<CodeBlock> = None;
    let mut figures = Figures::default();

    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        if let Some(search) = search.as_mut() {
            search.see(&event);
        }
        if !matches!(event, Event::Html(_)) && !raw_block.is_empty() {
            let eager = raw_block_at < images::EAGER_BYTES;
            events.push(Event::Html(sanitized(&raw_block, &resolve, &image_size, eager).into()));
            raw_block.clear();
        }
        if let Some(img) = image.as_mut() {
            match &event {
                Event::End(TagEnd::Image) if img.depth == 0 => {}
                Event::Text(t) | Event::Code(t) => {
                    img.alt.push_str(t);
                    continue;
                }
                Event::Start(Tag::Image { .. }) => {
                    img.depth += 1;
                    continue;
                }
                Event::End(TagEnd::Image) => {
                    img.depth -= 1;
                    continue;
                }
                Event::SoftBreak | Event::HardBreak => {
                    img.alt.push(' ');
                    continue;
                }
                _ => continue,
            }
        }
        if let Some(block) = code_block.as_mut() {
            match event {
                Event::Text(text) => {
                    let (w, l) = count_words(&text);
                    (words, letters) = (words + w, letters + l);
                    block.source.push_str(&text);
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some(block) = code_block.take() {
                        let mut html = String::with_capacity(block.source.len() * 2 + 200);
                        code::block_html(
                            block.written.as_deref(),
                            block.language,
                            &block.source,
                            links.extras,
                            lang,
                            &mut html,
                        );
                        events.push(Event::Html(html.into()));
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let (written, language) = code::block_language(&kind);
                code_block = Some(CodeBlock { written: written.map(str::to_string), language, source: String::new() });
            }
            Event::InlineMath(tex) => {
                events.push(Event::Html(math_html(&tex, false, range.start, links.extras).into()))
            }
            Event::DisplayMath(tex) => {
                events.push(Event::Html(math_html(&tex, true, range.start, links.extras).into()))
            }
            Event::Start(Tag::Heading { .. }) => {
                open_heading = Some((events.len(), String::new()));
                events.push(event);
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, text)) = open_heading.take() {
                    let Event::Start(Tag::Heading { id, classes, .. }) = &events[start] else { unreachable!() };
                    let wanted = id.as_deref().map(slugify).unwrap_or_else(|| slugify(&text));
                    let id = ids.heading(&wanted);
                    let anchor = anchors::heading_anchor(&id, text.trim(), lang);
                    headings.push(Heading {
                        level: level_number(level),
                        text: text.trim().to_string(),
                        id: id.clone(),
                    });
                    // Attributes other than id and classes are dropped: `{onclick=…}` must not reach the page.
                    events[start] = Event::Start(Tag::Heading {
                        level,
                        id: Some(id.into()),
                        classes: classes.clone(),
                        attrs: Vec::new(),
                    });
                    events.push(Event::Html(anchor.into()));
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Text(ref text) | Event::Code(ref text) => {
                let (w, l) = count_words(text);
                (words, letters) = (words + w, letters + l);
                if let Some((_, heading_text)) = open_heading.as_mut() {
                    heading_text.push_str(text);
                }
                if in_first_paragraph {
                    first_paragraph.get_or_insert_with(String::new).push_str(text);
                }
                events.push(event);
            }
            Event::SoftBreak if in_first_paragraph => {
                first_paragraph.get_or_insert_with(String::new).push(' ');
                events.push(event);
            }
            Event::Start(Tag::Paragraph) => {
                in_first_paragraph = first_paragraph.is_none();
                events.push(event);
            }
            Event::End(TagEnd::Paragraph) => {
                // A paragraph without words (an image alone) describes nothing:
                // the next one is the first.
                if in_first_paragraph && first_paragraph.as_deref().is_some_and(|t| t.trim().is_empty()) {
                    first_paragraph = None;
                }
                in_first_paragraph = false;
                if !figures.end_paragraph(&mut events) {
                    events.push(event);
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, title, .. }) => {
                let url =
                    if link_type == LinkType::Email { format!("mailto:{dest_url}") } else { dest_url.to_string() };
                events.push(Event::Html(open_link(&url, &title, &resolve).into()));
            }
            Event::End(TagEnd::Link) => events.push(Event::Html("</a>".into())),
            Event::Start(Tag::Image { dest_url, title, .. }) => {
                image = Some(ImageTag {
                    url: dest_url.to_string(),
                    title: title.to_string(),
                    alt: String::new(),
                    depth: 0,
                    eager: range.start < images::EAGER_BYTES,
                });
            }
            Event::End(TagEnd::Image) if image.as_ref().is_some_and(|i| i.depth == 0) => {
                if let Some(img) = image.take() {
                    figures.push_image(&mut events, &img, links, &resolve);
                }
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => events.push(Event::Html(callouts::open(kind, lang).into())),
            Event::End(TagEnd::BlockQuote(Some(_))) => events.push(Event::Html(callouts::CLOSE.into())),
            Event::Start(Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell)
            | Event::End(TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow | TagEnd::TableCell) => {
                events.push(Event::Html(table.html(&event).into()))
            }
            Event::TaskListMarker(done) => {
                // pulldown-cmark's checkbox has no accessible name.
                let (state, checked) = if done { (Text::TaskDone, " checked") } else { (Text::TaskOpen, "") };
                let label = t(lang, state);
                events.push(Event::Html(
                    format!("<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> ").into(),
                ));
            }
            Event::Html(html) => {
                if raw_block.is_empty() {
                    raw_block_at = range.start;
                }
                raw_block.push_str(&html)
            }
            Event::InlineHtml(html) => {
                inline_html.clear();
                let eager = range.start < images::EAGER_BYTES;
                sanitize::sanitize_html_sized(&html, &mut inline_html, &resolve, &image_size, eager);
                // Most pieces come out as they went in: keep the post's text then, not a copy.
                let clean = if inline_html == *html { html } else { inline_html.clone().into() };
                events.push(Event::InlineHtml(clean));
            }
            other => events.push(other),
        }
    }
    if !raw_block.is_empty() {
        let eager = raw_block_at < images::EAGER_BYTES;
        events.push(Event::Html(sanitized(&raw_block, &resolve, &image_size, eager).into()));
    }
    let mut events = footnotes::gather(events, lang, &mut ids);

    lift_headings(&mut events, &headings);
    let mut html = String::with_capacity(markdown.len() * 3 / 2 + 64);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let html = balance(&html);
    Rendered {
        html,
        headings,
        words,
        letters,
        first_paragraph: first_paragraph.unwrap_or_default().trim().to_string(),
        search_text: search.map(SearchText::into_text),
    }
}

/// A code block being read.
struct CodeBlock {
    /// The language as the writer named it.
    written: Option<String>,
    language: Option<CodeLanguage>,
    source: String,
}

/// A formula: MathML from the extras (sanitized: it comes from a converter
/// given the writer's TeX), its source marked as an error if the TeX is
/// invalid, or its source as code if the extras are not there.
fn math_html(tex: &str, display: bool, at: usize, extras: &dyn Enhancements) -> String {
    let mut out = String::with_capacity(tex.len() * 4 + 64);
    let delimiter = if display { "$$" } else { "$" };
    let source = |class: &str, title: Option<&str>, out: &mut String| {
        out.push_str("<code class=\"");
        out.push_str(class);
        if display {
            out.push_str(" math-display");
        }
        out.push('"');
        if let Some(title) = title {
            out.push_str(" title=\"");
            sanitize::escape_attr(title, out);
            out.push('"');
        }
        out.push('>');
        out.push_str(delimiter);
        sanitize::escape_attr(tex, out);
        out.push_str(delimiter);
        out.push_str("</code>");
    };
    match extras.math(tex, display, at) {
        Math::MathMl(mathml) => sanitize::sanitize_mathml(&mathml, display, &mut out),
        Math::Invalid(error) => source("math-error", Some(&error), &mut out),
        Math::Unknown => source("math-source", None, &mut out),
    }
    out
}

/// Writes tables itself: pulldown-cmark marks column alignment with `style`
/// attributes, which a strict Content-Security-Policy (`style-src 'self'`)
/// refuses. Classes carry it instead.
#[derive(Default)]
struct TableState {
    alignments: Vec<Alignment>,
    in_head: bool,
    body_open: bool,
    column: usize,
}

impl TableState {
    fn html(&mut self, event: &Event) -> String {
        match event {
            Event::Start(Tag::Table(alignments)) => {
                *self = TableState { alignments: alignments.clone(), ..TableState::default() };
                "<table>".into()
            }
            Event::Start(Tag::TableHead) => {
                self.in_head = true;
                self.column = 0;
                "<thead><tr>".into()
            }
            Event::End(TagEnd::TableHead) => {
                self.in_head = false;
                "</tr></thead>\n".into()
            }
            Event::Start(Tag::TableRow) => {
                self.column = 0;
                let open = if self.body_open { "" } else { "<tbody>\n" };
                self.body_open = true;
                format!("{open}<tr>")
            }
            Event::End(TagEnd::TableRow) => "</tr>\n".into(),
            Event::Start(Tag::TableCell) => {
                let tag = if self.in_head { "th" } else { "td" };
                let class = match self.alignments.get(self.column) {
                    Some(Alignment::Left) => " class=\"align-left\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-right\"",
                    _ => "",
                };
                self.column += 1;
                format!("<{tag}{class}>")
            }
            Event::End(TagEnd::TableCell) => if self.in_head { "</th>" } else { "</td>" }.into(),
            Event::End(TagEnd::Table) => if self.body_open { "</tbody></table>\n" } else { "</table>\n" }.into(),
            _ => String::new(),
        }
    }
}

fn sanitized(raw: &str, resolve: &sanitize::ResolveUrl, image_size: &sanitize::ImageSize, eager: bool) -> String {
    let mut out = String::with_capacity(raw.len());
    sanitize::sanitize_html_sized(raw, &mut out, resolve, image_size, eager);
    out
}

fn open_link(url: &str, title: &CowStr, resolve: &sanitize::ResolveUrl) -> String {
    let mut tag = String::from("<a");
    if let Some(href) = resolve(url, UrlKind::Link) {
        tag.push_str(" href=\"");
        sanitize::escape_attr(&href, &mut tag);
        tag.push('"');
        if is_external(&href) {
            tag.push_str(" rel=\"noopener\"");
        }
    }
    if !title.is_empty() {
        tag.push_str(" title=\"");
        sanitize::escape_attr(title, &mut tag);
        tag.push('"');
    }
    tag.push('>');
    tag
}

/// Words separated by white space, and apart from them the letters of
/// scripts written without spaces (`search::is_unspaced`); a byte loop for
/// ASCII text, as this runs on every piece of text. (Vietnamese separates
/// syllables with spaces, so it counts them.)
fn count_words(text: &str) -> (usize, usize) {
    let (mut words, mut letters) = (0, 0);
    let mut in_word = false;
    if text.is_ascii() {
        for &byte in text.as_bytes() {
            let space = byte.is_ascii_whitespace();
            words += usize::from(!space && !in_word);
            in_word = !space;
        }
        return (words, 0);
    }
    for c in text.chars() {
        if crate::search::maybe_unspaced(c) {
            letters += 1;
            in_word = false;
            continue;
        }
        let space = c.is_whitespace();
        words += usize::from(!space && !in_word);
        in_word = !space;
    }
    (words, letters)
}

/// A section whose shallowest heading is deeper than `h2` (the `###` under
/// a `## English` marker) has its headings lifted so that it is `h2`: the
/// outline under the page's `h1` title has no gap. Ids, and the TOC (which
/// nests by relative levels), stay as they are.
fn lift_headings(events: &mut [Event], headings: &[Heading]) {
    let Some(lift) = headings.iter().map(|h| h.level).min().filter(|&l| l > 2).map(|l| usize::from(l - 2)) else {
        return;
    };
    let lifted = |level: HeadingLevel| HeadingLevel::try_from(level as usize - lift).unwrap_or(level);
    for event in events {
        match event {
            Event::Start(Tag::Heading { level, .. }) => *level = lifted(*level),
            Event::End(TagEnd::Heading(level)) => *level = lifted(*level),
            _ => {}
        }
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// Makes a URL from a post safe and points it at the right place: other posts
/// open in the app in the current language, relative files resolve against the
/// posts folder, root-relative paths stay under the site's base path.
pub fn resolve_url(url: &str, kind: UrlKind, links: &RenderContext) -> Option<String> {
    let url = url.trim();
    if !is_safe_url(url, kind) {
        return None;
    }
    if kind == UrlKind::Link {
        if let Some(href) = old_post_link(url, links) {
            return Some(href);
        }
    }
    if sanitize::scheme(url).is_some() || url.starts_with("//") || url.starts_with('#') || url.is_empty() {
        return Some(url.to_string());
    }
    if let Some(rooted) = url.strip_prefix('/') {
        return Some(format!("{}{}", links.base, rooted));
    }
    // Zola's internal links, `@/blog/post.md`, start from the posts folder.
    let (url, folder) = match url.strip_prefix("@/") {
        Some(from_posts) => (from_posts, ""),
        None => (url, links.folder),
    };
    let (path, fragment) = match url.find(['#', '?']) {
        Some(at) => url.split_at(at),
        None => (url, ""),
    };
    // A writer's page links other pages by their paths: only a Markdown
    // file's name there can be a post's.
    let in_page = links.files.is_empty();
    let markdown = source_name::markdown_stem(path);
    if kind == UrlKind::Link && !(in_page && markdown.is_none()) {
        let named = source_name::linked_slug(path);
        let slug = named.map(|named| (links.renamed)(named).unwrap_or_else(|| named.to_string()));
        let linked = slug.and_then(|slug| {
            let prefix = (links.post_prefix)(&slug)?;
            Some((slug, prefix))
        });
        if let Some((slug, prefix)) = linked {
            return Some(format!("{}{}{}/{}/{}", links.base, prefix, route::POSTS, slug, fragment));
        }
    }
    // Another page's file, from a page: the page's URL.
    if let (true, UrlKind::Link, Some(stem)) = (in_page, kind, markdown) {
        let page = joined(folder, stem);
        let page = page.strip_suffix("/index").or_else(|| (page == "index").then_some("")).unwrap_or(&page);
        return Some(format!("{}{page}/{fragment}", links.base).replace("//", "/"));
    }
    let path = joined(folder, path);
    Some(format!("{}{}{}{}", links.base, links.files, path, fragment))
}

/// A link to a post's old URL (`/2016/03/20/listview.html#part`, or the
/// same on the site's absolute URL), pointed at the post itself.
fn old_post_link(url: &str, links: &RenderContext) -> Option<String> {
    let on_site = (url.starts_with('/') && !url.starts_with("//")) || url.starts_with("http");
    if !on_site {
        return None;
    }
    let (path, fragment) = url.find('#').map_or((url, ""), |at| url.split_at(at));
    let slug = (links.old_url)(path)?;
    let prefix = (links.post_prefix)(&slug)?;
    Some(format!("{}{}{}/{}/{}", links.base, prefix, route::POSTS, slug, fragment))
}

/// `path` relative to `folder` (both inside the posts folder), with `.` and
/// `..` resolved; a path cannot climb above the posts folder.
pub(crate) fn joined(folder: &str, path: &str) -> String {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    let mut rest = path.split('/').peekable();
    while let Some(part) = rest.next() {
        match part {
            "." => {}
            ".." => {
                parts.pop();
            }
            "" if rest.peek().is_some() => {}
            part => parts.push(part),
        }
    }
    parts.join("/")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An English section rendered under `/blog/` (tests here, in `markdown/` and in `ids`).
    pub(crate) fn render_en(md: &str) -> Rendered {
        render(
            md,
            "en",
            &RenderContext {
                folder: "",
                files: crate::route::POST_FILES,
                base: "/blog/",
                post_prefix: &|_| None,
                image_size: &cat_size,
                old_url: &|_| None,
                renamed: &|_| None,
                extras: &crate::extras::NONE,
            },
        )
    }

    fn cat_size(path: &str) -> Option<(u32, u32)> {
        (path == "img/cat.png").then_some((640, 480))
    }

    pub(super) fn render_vi(md: &str) -> Rendered {
        render(
            md,
            "vi",
            &RenderContext {
                folder: "",
                files: crate::route::POST_FILES,
                base: "/blog/",
                post_prefix: &|s| match s {
                    "hello" | "other-post" => Some("vi/".into()),
                    "english-only" => Some(String::new()),
                    _ => None,
                },
                image_size: &cat_size,
                old_url: &|url| (url == "/2016/03/20/hello.html").then(|| "hello".to_string()),
                renamed: &|named| (named == "hello-old-name").then(|| "hello".to_string()),
                extras: &crate::extras::NONE,
            },
        )
    }

    #[test]
    fn a_pages_relative_links_start_from_the_sites_root() {
        let page =
            RenderContext { files: route::files_of(true), ..RenderContext::unlinked("/blog/", &crate::extras::NONE) };
        let post = RenderContext::unlinked("/blog/", &crate::extras::NONE);
        assert_eq!(resolve_url("../archive/", UrlKind::Link, &page).as_deref(), Some("/blog/archive/"));
        assert_eq!(resolve_url("cv.pdf", UrlKind::Link, &page).as_deref(), Some("/blog/cv.pdf"));
        let with_post = |slug: &str| (slug == "folio").then(String::new);
        let page = RenderContext { post_prefix: &with_post, ..page };
        assert_eq!(
            resolve_url("projects/folio/", UrlKind::Link, &page).as_deref(),
            Some("/blog/projects/folio/"),
            "a page's path, not the post `folio`"
        );
        assert_eq!(resolve_url("../posts/folio.md#x", UrlKind::Link, &page).as_deref(), Some("/blog/posts/folio/#x"));
        assert_eq!(resolve_url("projects/cv.md", UrlKind::Link, &page).as_deref(), Some("/blog/projects/cv/"));
        assert_eq!(resolve_url("projects/index.md", UrlKind::Link, &page).as_deref(), Some("/blog/projects/"));
        assert_eq!(resolve_url("images/a.png", UrlKind::Image, &post).as_deref(), Some("/blog/posts/images/a.png"));
    }

    #[test]
    fn links_to_old_urls_go_straight_to_the_post() {
        let html = render_vi("[a](/2016/03/20/hello.html#part) [b](/2016/03/20/other.html)\n").html;
        assert!(html.contains("href=\"/blog/vi/posts/hello/#part\""), "{html}");
        assert!(html.contains("href=\"/blog/2016/03/20/other.html\""), "not an old URL: {html}");
    }

    #[test]
    fn links_to_a_renamed_post_file_use_its_slug() {
        let html = render_vi("[a](2016-03-20-hello-old-name.md#part) [b](hello-old-name/)\n").html;
        assert!(html.contains("href=\"/blog/vi/posts/hello/#part\""), "{html}");
        assert!(html.contains("href=\"/blog/vi/posts/hello/\""), "{html}");
    }

    #[test]
    fn headings_get_unique_folded_ids() {
        let r =
            render_vi("## Bộ nhớ đệm phân tán\n\n## Bộ nhớ đệm phân tán\n\n### ?!\n\n## Custom {#My-Id}\n\n## Toc\n");
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["bo-nho-dem-phan-tan", "bo-nho-dem-phan-tan-1", "section", "my-id", "toc-1"]);
        assert!(r.html.starts_with("<h2 id=\"bo-nho-dem-phan-tan\">Bộ nhớ đệm phân tán<a class=\"heading-anchor\""));
    }

    #[test]
    fn heading_attributes_cannot_inject() {
        let r = render_vi("## Hi {onclick=alert(1) .note}\n");
        assert!(!r.html.contains("onclick"), "{}", r.html);
        assert!(r.html.contains("class=\"note\""));
    }

    #[test]
    fn links_between_posts_and_files() {
        let r = render_vi(
            "[a](other-post) [b](hello.md#part) [c](./files/x.pdf) [d](https://e.com) [e](/about/) [f](#local)",
        );
        assert!(r.html.contains("<a href=\"/blog/vi/posts/other-post/\">a</a>"), "{}", r.html);
        assert!(r.html.contains("<a href=\"/blog/vi/posts/hello/#part\">b</a>"));
        assert!(r.html.contains("<a href=\"/blog/posts/files/x.pdf\">c</a>"));
        assert!(r.html.contains("<a href=\"https://e.com\" rel=\"noopener\">d</a>"));
        assert!(r.html.contains("<a href=\"/blog/about/\">e</a>"));
        assert!(r.html.contains("<a href=\"#local\">f</a>"));
        let r = render_vi("[g](english-only)");
        assert!(r.html.contains("<a href=\"/blog/posts/english-only/\">g</a>"), "a post's real URL: {}", r.html);
    }

    #[test]
    fn images_resolve_against_posts_folder() {
        let r = render_vi("![Alt *text*](img/cat.png \"T\") ![x](javascript:alert(1)) ![a ![b](c.png)](d.png)");
        assert!(r.html.contains("<img src=\"/blog/posts/d.png\" alt=\"a b\" decoding=\"async\">"), "{}", r.html);
        assert!(
            r.html.contains("<img src=\"/blog/posts/img/cat.png\" alt=\"Alt text\" title=\"T\" width=\"640\" height=\"480\" decoding=\"async\">"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("javascript"));
    }

    #[test]
    fn hostile_markdown_links_are_neutralized() {
        let r = render_vi("[x](javascript:alert(1)) [y](JAVASCRIPT:alert(1)) [z](&#106;avascript:alert(1)) [w](data:text/html,hi) <javascript:alert(1)>");
        assert!(!r.html.to_lowercase().contains("href=\"javascript"), "{}", r.html);
        assert_eq!(r.html.matches("<a>").count(), 5, "links stay as text without href: {}", r.html);
        assert!(!r.html.contains("data:text"), "{}", r.html);
    }

    #[test]
    fn raw_html_is_sanitized_even_across_lines() {
        let r = render_vi("<div>\n<img\n src=x\n onerror=alert(1)>\n</div>\n\nText <span onmouseover=x>in</span> line <script>alert(1)</script> <img src=img/cat.png>\n");
        assert!(
            !r.html.contains("onerror") && !r.html.contains("onmouseover") && !r.html.contains("<script"),
            "{}",
            r.html
        );
        // On the first screen: not lazy.
        assert!(r.html.contains("<img src=\"/blog/posts/x\" decoding=\"async\">"), "{}", r.html);
        assert!(
            r.html.contains("<img src=\"/blog/posts/img/cat.png\" width=\"640\" height=\"480\" decoding=\"async\">"),
            "inline raw HTML gets the image's size too: {}",
            r.html
        );
        // Further down, lazy, as Markdown images are.
        let far = format!("{}\n\n<p><img src=x></p>\n\nText <img src=y>\n", "Filler text. ".repeat(100));
        let r = render_vi(&far);
        assert!(r.html.contains("<img src=\"/blog/posts/x\" decoding=\"async\" loading=\"lazy\">"), "{}", r.html);
        assert!(r.html.contains("<img src=\"/blog/posts/y\" decoding=\"async\" loading=\"lazy\">"), "{}", r.html);
    }

    #[test]
    fn extensions_render() {
        let r = render_vi(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ \"quoted\"\n\n- [x] done\n\nNote[^1].\n\n[^1]: The note.\n",
        );
        assert!(r.html.contains("<table>") && r.html.contains("<del>gone</del>") && r.html.contains("“quoted”"));
        assert!(
            r.html.contains("<input type=\"checkbox\" disabled checked aria-label=\"đã xong\"> done"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<section class=\"footnotes\" aria-label=\"Chú thích\">"), "{}", r.html);
    }

    #[test]
    fn tables_align_with_classes_not_styles() {
        let r = render_vi("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n| 4 | 5 | 6 |\n");
        assert_eq!(
            r.html,
            "<table><thead><tr><th class=\"align-left\">a</th><th class=\"align-center\">b</th><th class=\"align-right\">c</th></tr></thead>\n\
             <tbody>\n<tr><td class=\"align-left\">1</td><td class=\"align-center\">2</td><td class=\"align-right\">3</td></tr>\n\
             <tr><td class=\"align-left\">4</td><td class=\"align-center\">5</td><td class=\"align-right\">6</td></tr>\n</tbody></table>\n"
        );
        assert!(!render_vi("| a |\n|---|\n").html.contains("style"));
    }

    #[test]
    fn splits_only_between_top_level_elements() {
        let html = render_vi(&"## H\n\nPara *one*.\n\n> quote\n>\n> more\n\n- a\n- b\n\n".repeat(50)).html;
        let pieces = split_top_level(&html, 200);
        assert!(pieces.len() > 10);
        assert_eq!(pieces.concat(), html);
        for piece in &pieces {
            assert_eq!(piece.matches("<blockquote>").count(), piece.matches("</blockquote>").count(), "{piece}");
            assert_eq!(piece.matches("<ul>").count(), piece.matches("</ul>").count(), "{piece}");
        }
        assert_eq!(
            split_top_level("<div><p>x</p>\n<p>y</p>\n", 1),
            vec!["<div><p>x</p>\n<p>y</p>\n"],
            "unclosed nesting"
        );
    }

    #[test]
    fn a_section_whose_headings_start_deep_is_lifted_to_h2() {
        let r = render_en("### First\n\ntext\n\n#### Inner\n\n### Second\n");
        assert!(r.html.starts_with("<h2 id=\"first\">"), "{}", r.html);
        assert!(r.html.contains("<h3 id=\"inner\">") && r.html.contains("<h2 id=\"second\">"), "{}", r.html);
        assert_eq!(r.headings.iter().map(|h| h.level).collect::<Vec<_>>(), [3, 4, 3], "the TOC's levels stay");
        let kept = render_en("## A\n\n### B\n");
        assert!(kept.html.starts_with("<h2 id=\"a\">") && kept.html.contains("<h3 id=\"b\">"));
    }

    #[test]
    fn an_image_alone_is_not_the_first_paragraph() {
        let r = render(
            "![A mark](mark.svg)\n\nThe words that describe it.\n\nMore.\n",
            "en",
            &RenderContext::unlinked("/", &crate::extras::NONE),
        );
        assert_eq!(r.first_paragraph, "The words that describe it.");
    }

    #[test]
    fn counts_words_and_first_paragraph() {
        let r = render_vi("## Title here\n\nFirst para\nsecond line.\n\nAnother one.\n");
        assert_eq!(r.first_paragraph, "First para second line.");
        assert_eq!(r.words, 2 + 4 + 2);
        let r = render_en("代理服务器，and a word。キャッシュ\n");
        assert_eq!((r.words, r.letters), (3, 10));
    }

    fn render_with(md: &str, lang: &str, extras: &crate::extras::Extras) -> String {
        let links = RenderContext::unlinked("/", extras);
        render(md, lang, &links).html
    }

    #[test]
    fn math_renders_from_extras_as_sanitized_mathml() {
        use crate::extras::math_key;
        let mut math = std::collections::BTreeMap::new();
        math.insert(
            math_key("x^2", false),
            "<math><msup><mi style=\"color:red\" onclick=\"x\">x</mi><mn>2</mn></msup><mspace width=\"1em\"/><a href=\"javascript:x\">y</a></math>".into(),
        );
        math.insert(math_key("a", true), "<math display=\"block\"><mi>a</mi></math>".into());
        let mut errors = std::collections::BTreeMap::new();
        errors.insert(math_key("\\bad{x}", false), "unknown command \\bad".into());
        let extras = crate::extras::Extras::from_tables(Default::default(), math, errors);
        for lang in ["en", "vi"] {
            let html = render_with("Inline $x^2$, bad $\\bad{x}$, unknown $y$.\n\n$$a$$\n", lang, &extras);
            assert!(
                html.contains("<math><msup><mi>x</mi><mn>2</mn></msup><mspace width=\"1em\"></mspace>y</math>"),
                "{html}"
            );
            assert!(
                html.contains("<code class=\"math-error\" title=\"unknown command \\bad\">$\\bad{x}$</code>"),
                "{html}"
            );
            assert!(html.contains("<code class=\"math-source\">$y$</code>"), "{html}");
            assert!(html.contains("<math display=\"block\"><mi>a</mi></math>"), "{html}");
        }
        // Without extras, TeX shows as source; display math as a block.
        let html = render_with("$$a$$\n", "en", &crate::extras::NONE);
        assert_eq!(html, "<p><code class=\"math-source math-display\">$$a$$</code></p>\n");
    }

    #[test]
    fn dollar_amounts_stay_prose() {
        for lang in ["en", "vi"] {
            let html = render_with("It costs $5 and $10, or $ 20.\n", lang, &crate::extras::NONE);
            assert_eq!(html, "<p>It costs $5 and $10, or $ 20.</p>\n");
        }
    }

    #[test]
    fn code_blocks_get_a_copy_button_in_the_sections_language() {
        let md = "```rust\nfn main() {}\n```\n";
        let en = render_with(md, "en", &crate::extras::NONE);
        let vi = render_with(md, "vi", &crate::extras::NONE);
        assert!(en.contains(">Copy</button>") && en.contains("data-copied=\"Copied\""), "{en}");
        assert!(vi.contains(">Sao chép</button>") && vi.contains("data-copied=\"Đã chép\""), "{vi}");
        assert!(en.contains("<code class=\"language-rust\">fn main() {}\n</code>"), "{en}");
    }
}
