//! Checks rendered post HTML with a real HTML5 parser (html5ever), independently
//! of folio's own tokenizers: the DOM a browser builds must hold only what folio
//! promises (`audit`), with exactly the nesting the tags say (`check_balanced`).
//! Test-only: included with `#[path]` by the tests and the fuzz target, so
//! html5ever never reaches the shipped crate.
#![allow(dead_code)]

use std::cell::RefCell;

use folio_core::sanitize::{is_safe_url, UrlKind};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer};
use html5ever::{local_name, ns, parse_fragment, ParseOpts, QualName};
use markup5ever_rcdom::{Handle, NodeData, RcDom};

/// HTML elements rendered posts may contain: the raw-HTML allow-list plus what
/// the Markdown renderer writes itself (headings, task-list checkboxes, sections).
const ALLOWED_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "button",
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
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
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
    "section",
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
const ALLOWED_ATTRIBUTES: &[&str] = &[
    "align",
    "alt",
    "aria-label",
    "aria-live",
    "checked",
    "cite",
    "class",
    "colspan",
    "data-copied",
    "datetime",
    "decoding",
    "dir",
    "disabled",
    "height",
    "href",
    "hreflang",
    "id",
    "lang",
    "loading",
    "open",
    "rel",
    "reversed",
    "role",
    "rowspan",
    "src",
    "start",
    "tabindex",
    "title",
    "type",
    "value",
    "width",
];
/// MathML elements (in the MathML namespace only) and their attributes: the
/// formulas the build converts from TeX.
const MATHML_ELEMENTS: &[&str] = &[
    "math",
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
const MATHML_ATTRIBUTES: &[&str] = &[
    "accent",
    "accentunder",
    "columnspan",
    "depth",
    "display",
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
/// SVG elements, which only the renderer writes (callout icons), each with the
/// attributes it may carry, named as the DOM names them: html5ever, like
/// browsers, gives SVG attributes their mixed case (`viewbox` is `viewBox`).
const SVG_ELEMENTS: &[(&str, &[&str])] = &[
    (
        "svg",
        &[
            "class",
            "viewBox",
            "width",
            "height",
            "aria-hidden",
            "focusable",
            "fill",
            "stroke",
            "stroke-width",
            "stroke-linecap",
            "stroke-linejoin",
        ],
    ),
    ("path", &["d"]),
    ("circle", &["cx", "cy", "r", "fill"]),
];
/// Elements without an end tag (the HTML5 void elements).
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track",
    "wbr",
];

/// Both checks: what a browser builds from `html` is safe and nested as written.
/// (One parse: html5ever takes quadratic time on posts nested thousands deep.)
pub fn check_article(html: &str) -> Result<(), String> {
    let (_dom, article) = parse_in_article(html)?;
    audit_tree(&article)?;
    compare_tags(html, &article)
}

/// Parses `html` as a browser would inside `<article>` and checks every element
/// and attribute of the result: only allowed ones, no event handler or `style`,
/// no script-capable URL. Returns the first problem found.
pub fn audit(html: &str) -> Result<(), String> {
    let (_dom, article) = parse_in_article(html)?;
    audit_tree(&article)
}

/// Checks that `html` is balanced as an HTML5 parser sees it: inside
/// `<article>`, it stays inside, and the start and end tags html5ever's
/// tokenizer reads are exactly the element entries and exits of the tree its
/// tree builder makes. Nothing is implicitly closed, reopened, moved out of a
/// table (foster-parented) or ignored.
pub fn check_balanced(html: &str) -> Result<(), String> {
    let (_dom, article) = parse_in_article(html)?;
    compare_tags(html, &article)
}

fn audit_tree(article: &Handle) -> Result<(), String> {
    let mut pending: Vec<Handle> = article.children.borrow().clone();
    while let Some(node) = pending.pop() {
        if let NodeData::Element { name, attrs, template_contents, .. } = &node.data {
            let tag = &*name.local;
            let allowed_attributes = if name.ns == ns!(html) && ALLOWED_ELEMENTS.contains(&tag) {
                ALLOWED_ATTRIBUTES
            } else if name.ns == ns!(mathml) && MATHML_ELEMENTS.contains(&tag) {
                MATHML_ATTRIBUTES
            } else if let Some((_, attributes)) =
                SVG_ELEMENTS.iter().find(|(svg, _)| name.ns == ns!(svg) && *svg == tag)
            {
                attributes
            } else {
                return Err(format!("element <{tag}> ({:?}) is not allowed", name.ns));
            };
            if template_contents.borrow().is_some() {
                return Err(format!("element <{tag}> has template contents"));
            }
            for attr in attrs.borrow().iter() {
                let (key, value) = (&*attr.name.local, &*attr.value);
                // Exact names, in no namespace: `xlink:href` is not `href`.
                if key.starts_with("on")
                    || key == "style"
                    || attr.name.ns != ns!()
                    || !allowed_attributes.contains(&key)
                {
                    return Err(format!("attribute {key} on <{tag}>"));
                }
                if matches!(key, "href" | "src" | "cite") {
                    let kind = if key == "src" { UrlKind::Image } else { UrlKind::Link };
                    if !is_safe_url(value, kind) {
                        return Err(format!("unsafe URL {value:?} in {key} on <{tag}>"));
                    }
                }
            }
        }
        pending.extend(node.children.borrow().iter().cloned());
    }
    Ok(())
}

fn compare_tags(html: &str, article: &Handle) -> Result<(), String> {
    let written = tags_written(html);
    let built = tags_built(article);
    if written == built {
        return Ok(());
    }
    let at = written.iter().zip(&built).take_while(|(w, b)| w == b).count();
    let show = |tags: &[String]| tags[at.saturating_sub(3)..tags.len().min(at + 4)].join("");
    Err(format!(
        "tags differ from the tree at tag {at}: written …{}… but the parser built …{}…",
        show(&written),
        show(&built)
    ))
}

/// `html` parsed as a fragment of a `<div>`, wrapped in `<article>`; the
/// article must be all there is. The DOM is returned too: dropping it empties
/// every node, even those still referenced.
fn parse_in_article(html: &str) -> Result<(RcDom, Handle), String> {
    let context = QualName::new(None, ns!(html), local_name!("div"));
    let dom = parse_fragment(RcDom::default(), ParseOpts::default(), context, Vec::new(), false)
        .one(format!("<article>{html}</article>"));
    // A fragment's nodes sit under a synthetic <html> element.
    let root = dom.document.children.borrow().first().cloned().ok_or("the fragment parsed to nothing")?;
    let top: Vec<Handle> = root.children.borrow().clone();
    let article = match top.as_slice() {
        [article] if matches!(&article.data, NodeData::Element { name, .. } if name.local == local_name!("article")) => {
            article.clone()
        }
        _ => return Err(format!("content escaped the <article>: {} top-level nodes", top.len())),
    };
    Ok((dom, article))
}

struct TagRecorder(RefCell<Vec<String>>);

impl TokenSink for TagRecorder {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token {
            let name = &*tag.name;
            self.0.borrow_mut().push(match tag.kind {
                TagKind::StartTag => format!("<{name}>"),
                TagKind::EndTag => format!("</{name}>"),
            });
        }
        TokenSinkResult::Continue
    }
}

fn tags_written(html: &str) -> Vec<String> {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(TagRecorder(RefCell::new(Vec::new())), Default::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

/// The enter and exit events of a walk of `article`'s descendants; void
/// elements have no exit. Iterative: posts may nest thousands deep.
fn tags_built(article: &Handle) -> Vec<String> {
    enum Step {
        Enter(Handle),
        Exit(String),
    }
    let mut tags = Vec::new();
    let mut steps: Vec<Step> = article.children.borrow().iter().rev().cloned().map(Step::Enter).collect();
    while let Some(step) = steps.pop() {
        let node = match step {
            Step::Exit(name) => {
                tags.push(format!("</{name}>"));
                continue;
            }
            Step::Enter(node) => node,
        };
        let NodeData::Element { name, .. } = &node.data else { continue };
        let name = name.local.to_string();
        tags.push(format!("<{name}>"));
        if !VOID_ELEMENTS.contains(&name.as_str()) {
            steps.push(Step::Exit(name));
        }
        steps.extend(node.children.borrow().iter().rev().cloned().map(Step::Enter));
    }
    tags
}
