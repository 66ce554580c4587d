//! Computes a post's [`Extras`] at build time: code highlighted by arborium
//! (tree-sitter grammars, compiled into the indexer only) as spans with a
//! few `hl-*` classes, and TeX converted to MathML by math-core. Both are far
//! too large for the wasm; the app gets their output beside the post.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;

use arborium::Highlighter;
use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};

use folio_core::code::{escape_code, CodeLanguage};
use folio_core::extras::{code_key, math_key, Enhancements, Extras, Math};

/// A formula that does not convert, for the build's warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MathWarning {
    /// Its line in the post file.
    pub line: usize,
    pub tex: String,
    pub message: String,
}

/// The highlighter and the TeX converter, made once per build.
pub struct Enhancer {
    highlighter: Highlighter,
    math: LatexToMathML,
}

impl Enhancer {
    pub fn new() -> Result<Self, String> {
        let math = LatexToMathML::new(MathCoreConfig::default())
            .map_err(|e| format!("folio: the TeX converter refused its configuration: {e:?}"))?;
        Ok(Enhancer { highlighter: Highlighter::new(), math })
    }

    /// `source` as HTML with `hl-*` spans; `None` if the grammar finds nothing to mark.
    pub fn highlight(&mut self, language: CodeLanguage, source: &str) -> Option<String> {
        let grammar = grammar(language)?;
        // PHP's grammar reads text outside `<?php` as HTML: snippets rarely open it.
        let opener = if language == CodeLanguage::Php && !source.contains("<?php") { "<?php\n" } else { "" };
        // A grammar that panics leaves this block plain rather than failing the build.
        let text = format!("{opener}{source}");
        let spans = std::panic::catch_unwind(AssertUnwindSafe(|| self.highlighter.highlight_spans(grammar, &text)))
            .ok()?
            .ok()?;
        let class_here = |capture: &str| match (language, capture) {
            // The diff grammar marks removed lines as keywords and added ones as strings.
            (CodeLanguage::Diff, "keyword") => Some(b'd'),
            (CodeLanguage::Diff, "string") => Some(b'a'),
            _ => class_of(capture),
        };
        // Each byte takes the class of the innermost span over it (the
        // shortest; of two on one range, the later pattern's, tree-sitter's
        // rule). Innermost first, each byte painted once: `next` skips what
        // is painted, so deeply nested captures (strings in strings) stay linear.
        let mut spans: Vec<_> = spans
            .into_iter()
            .filter_map(|s| {
                let start = (s.start as usize).checked_sub(opener.len())?;
                Some((start, s.end as usize - opener.len(), s.pattern_index, class_here(&s.capture)?))
            })
            .filter(|(start, end, ..)| start < end && *end <= source.len())
            .collect();
        if spans.is_empty() {
            return None;
        }
        spans.sort_by_key(|&(start, end, pattern, _)| (end - start, std::cmp::Reverse(pattern), start));
        let mut painted = vec![0u8; source.len()];
        let mut next: Vec<usize> = (0..=source.len()).collect();
        for (start, end, _, class) in spans {
            let mut at = unpainted(&mut next, start);
            while at < end {
                painted[at] = class;
                next[at] = at + 1;
                at = unpainted(&mut next, at + 1);
            }
        }
        let mut html = String::with_capacity(source.len() * 2);
        let mut run_start = 0;
        for at in 1..=source.len() {
            if at < source.len() && (painted[at] == painted[run_start] || !source.is_char_boundary(at)) {
                continue;
            }
            let text = &source[run_start..at];
            match painted[run_start] {
                0 => escape_code(text, &mut html),
                class => {
                    html.push_str("<span class=\"hl-");
                    html.push(class as char);
                    html.push_str("\">");
                    escape_code(text, &mut html);
                    html.push_str("</span>");
                }
            }
            run_start = at;
        }
        Some(html)
    }

    /// MathML for `tex`, or why it does not convert. A panic in the converter
    /// is an invalid formula too: one formula never fails the build.
    pub fn mathml(&self, tex: &str, display: bool) -> Result<String, String> {
        let mode = if display { MathDisplay::Block } else { MathDisplay::Inline };
        let converted = std::panic::catch_unwind(AssertUnwindSafe(|| self.math.convert_with_local_state(tex, mode)));
        match converted {
            Ok(Ok(result)) => Ok(result.mathml),
            Ok(Err(error)) => Err(error.to_string()),
            Err(_) => Err("the TeX converter failed on this formula".into()),
        }
    }
}

/// A post file's extras, made as its versions are rendered: each piece of
/// code and each formula the renderer asks for, converted once, so that the
/// file is walked once for its pages, its extras and its search text.
pub struct FileExtras<'a> {
    enhancer: RefCell<&'a mut Enhancer>,
    /// The file's text, for the lines of formulas that do not convert.
    text: &'a str,
    /// The section being rendered: where it starts in `text` is looked up
    /// only for a formula that does not convert.
    section: Cell<Option<&'a str>>,
    /// Highlighted HTML by [`code_key`]; `None`: the grammar marks nothing.
    code: RefCell<BTreeMap<String, Option<String>>>,
    /// MathML, or why the TeX does not convert, by [`math_key`].
    math: RefCell<BTreeMap<String, Result<String, String>>>,
    warnings: RefCell<Vec<MathWarning>>,
}

impl<'a> FileExtras<'a> {
    pub fn new(enhancer: &'a mut Enhancer, text: &'a str) -> Self {
        FileExtras {
            enhancer: RefCell::new(enhancer),
            text,
            section: Cell::new(None),
            code: RefCell::default(),
            math: RefCell::default(),
            warnings: RefCell::default(),
        }
    }

    /// Says which section of the file is rendered next (its Markdown), so
    /// that a formula's warning names its line in the file.
    pub fn rendering(&self, section: &'a str) {
        self.section.set(Some(section));
    }

    /// The formulas that do not convert, with their lines, in the order
    /// met: all the build keeps once a file's versions are rendered.
    pub fn warnings(self) -> Vec<MathWarning> {
        self.warnings.into_inner()
    }

    /// The extras of every version rendered, as a lookup table, and the
    /// warnings: what the tests replay a render through.
    pub fn finish(self) -> (Extras, Vec<MathWarning>) {
        let code = self.code.into_inner().into_iter().filter_map(|(key, html)| Some((key, html?))).collect();
        let (mut math, mut errors) = (BTreeMap::new(), BTreeMap::new());
        for (key, converted) in self.math.into_inner() {
            match converted {
                Ok(mathml) => math.insert(key, mathml),
                Err(message) => errors.insert(key, message),
            };
        }
        (Extras::from_tables(code, math, errors), self.warnings.into_inner())
    }
}

impl Enhancements for FileExtras<'_> {
    fn code(&self, language: CodeLanguage, source: &str) -> Option<Cow<'_, str>> {
        let key = code_key(language, source);
        if let Some(known) = self.code.borrow().get(&key) {
            return known.clone().map(Cow::Owned);
        }
        let html = self.enhancer.borrow_mut().highlight(language, source);
        self.code.borrow_mut().insert(key, html.clone());
        html.map(Cow::Owned)
    }

    fn math(&self, tex: &str, display: bool, at: usize) -> Math<'_> {
        let key = math_key(tex, display);
        let known = self.math.borrow().get(&key).cloned();
        let converted = known.unwrap_or_else(|| {
            let converted = self.enhancer.borrow().mathml(tex, display);
            if let Err(message) = &converted {
                let text = self.text;
                let section_at = self.section.get().and_then(|section| text.find(section));
                let at = section_at.map_or_else(|| text.find(tex).unwrap_or(0), |start| start + at);
                let line = text[..at.min(text.len())].matches('\n').count() + 1;
                self.warnings.borrow_mut().push(MathWarning { line, tex: tex.to_string(), message: message.clone() });
            }
            self.math.borrow_mut().insert(key, converted.clone());
            converted
        });
        match converted {
            Ok(mathml) => Math::MathMl(mathml.into()),
            Err(message) => Math::Invalid(message.into()),
        }
    }
}

/// The first unpainted byte at or after `at` (`next` is a union-find forest
/// with path compression: amortized constant time).
fn unpainted(next: &mut [usize], at: usize) -> usize {
    let mut root = at;
    while next[root] != root {
        root = next[root];
    }
    let mut node = at;
    while next[node] != root {
        let parent = next[node];
        next[node] = root;
        node = parent;
    }
    root
}

/// arborium's name for the grammar of `language`.
fn grammar(language: CodeLanguage) -> Option<&'static str> {
    use CodeLanguage::*;
    Some(match language {
        Rust => "rust",
        Python => "python",
        JavaScript => "javascript",
        TypeScript => "typescript",
        Go => "go",
        Java => "java",
        Kotlin => "kotlin",
        C => "c",
        Cpp => "cpp",
        CSharp => "c-sharp",
        Swift => "swift",
        Ruby => "ruby",
        Php => "php",
        Bash => "bash",
        Console => return None,
        Sql => "sql",
        Html => "html",
        Css => "css",
        Json => "json",
        Yaml => "yaml",
        Toml => "toml",
        Diff => "diff",
        Dockerfile => "dockerfile",
        Markdown => "markdown",
    })
}

/// The few classes the stylesheet colours, from a tree-sitter capture name
/// (`keyword.function`, `string.escape`, …): `hl-k` keyword, `hl-s` string,
/// `hl-e` escape, `hl-c` comment, `hl-n` number or constant, `hl-f`
/// function, `hl-t` type, `hl-p` property or attribute, `hl-g` markup tag,
/// `hl-m` macro, `hl-v` builtin variable, `hl-a`/`hl-d` added/deleted line,
/// `hl-h` heading. Punctuation, operators and plain variables stay unmarked,
/// which keeps the markup small.
fn class_of(capture: &str) -> Option<u8> {
    let head = capture.split('.').next().unwrap_or(capture);
    let class = match (head, capture) {
        (_, "string.escape" | "string.special.escape") => b'e',
        (_, "variable.builtin") => b'v',
        (_, "tag.attribute") => b'p',
        (_, "tag.delimiter") => return None,
        (_, "diff.addition" | "diff.plus") => b'a',
        (_, "diff.deletion" | "diff.minus") => b'd',
        (_, "text.title" | "markup.heading") => b'h',
        ("comment", _) => b'c',
        ("string" | "character", _) => b's',
        ("keyword" | "include" | "storageclass" | "repeat" | "conditional" | "exception" | "preproc", _) => b'k',
        ("number" | "float" | "boolean" | "constant", _) => b'n',
        ("function" | "method", _) => b'f',
        ("type" | "constructor", _) => b't',
        ("property" | "attribute" | "field", _) | (_, "variable.member") => b'p',
        ("tag", _) => b'g',
        ("macro", _) => b'm',
        _ => return None,
    };
    Some(class)
}

#[cfg(test)]
mod tests {
    use super::*;
    use folio_core::config::demo_config;
    use folio_core::markdown::RenderContext;

    #[test]
    fn every_listed_language_highlights() {
        let mut enhancer = Enhancer::new().unwrap();
        let samples: &[(CodeLanguage, &str)] = &[
            (CodeLanguage::Rust, "fn main() { let x = 1; }\n"),
            (CodeLanguage::Python, "def f(x):\n    return \"s\"\n"),
            (CodeLanguage::JavaScript, "function f() { return 'x'; }\n"),
            (CodeLanguage::TypeScript, "let x: number = 1;\n"),
            (CodeLanguage::Go, "func main() { return }\n"),
            (CodeLanguage::Java, "class A { int x = 1; }\n"),
            (CodeLanguage::Kotlin, "fun main() { val x = 1 }\n"),
            (CodeLanguage::C, "int main(void) { return 0; }\n"),
            (CodeLanguage::Cpp, "int main() { return 0; }\n"),
            (CodeLanguage::CSharp, "class A { int x = 1; }\n"),
            (CodeLanguage::Swift, "func f() -> Int { return 1 }\n"),
            (CodeLanguage::Ruby, "def f\n  \"s\"\nend\n"),
            (CodeLanguage::Php, "<?php echo \"hi\"; ?>\n"),
            (CodeLanguage::Php, "$x = strlen(\"hi\");\n"),
            (CodeLanguage::Bash, "echo \"hi\" # comment\n"),
            (CodeLanguage::Sql, "SELECT a FROM t WHERE b = 1;\n"),
            (CodeLanguage::Html, "<p class=\"x\">hi</p>\n"),
            (CodeLanguage::Css, "a { color: red; }\n"),
            (CodeLanguage::Json, "{\"a\": 1}\n"),
            (CodeLanguage::Yaml, "a: 1 # c\n"),
            (CodeLanguage::Toml, "[a]\nb = \"c\"\n"),
            (CodeLanguage::Diff, "+added\n-removed\n"),
            (CodeLanguage::Dockerfile, "FROM debian\nRUN echo hi\n"),
            (CodeLanguage::Markdown, "# Title\n\nText\n"),
        ];
        for (language, source) in samples {
            let html = enhancer.highlight(*language, source);
            let html = html.unwrap_or_else(|| panic!("{language:?} was not highlighted"));
            assert!(html.contains("<span class=\"hl-"), "{language:?}: {html}");
            assert!(!html.contains("style="), "{language:?}: {html}");
        }
    }

    #[test]
    fn highlighting_keeps_every_byte_escaped() {
        let mut enhancer = Enhancer::new().unwrap();
        let html = enhancer.highlight(CodeLanguage::Rust, "let s = \"<script>é</script>\"; // a < b\n").unwrap();
        assert!(html.contains("&lt;script&gt;é&lt;/script&gt;"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(html.ends_with('\n'), "the block's last newline stays: {html:?}");
    }

    /// The text of highlighted HTML: spans removed, escapes undone.
    fn text_of(html: &str) -> String {
        let mut text = String::new();
        let mut rest = html;
        while let Some(at) = rest.find('<') {
            text.push_str(&rest[..at]);
            rest = &rest[at + rest[at..].find('>').unwrap() + 1..];
        }
        text.push_str(rest);
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    }

    #[test]
    fn deeply_nested_strings_highlight_in_linear_time() {
        // Every level is a string capture over all the levels inside it: painting
        // each span whole would cost the depth times the length.
        let depth = 5_000;
        let source = format!("echo {}x{}\n", "\"$(echo ".repeat(depth), ")\"".repeat(depth));
        let html = Enhancer::new().unwrap().highlight(CodeLanguage::Bash, &source).unwrap();
        assert!(html.contains("hl-s"), "{}", &html[..200]);
        assert_eq!(text_of(&html), source, "every byte once, in order");
    }

    #[test]
    fn tex_converts_or_explains() {
        let enhancer = Enhancer::new().unwrap();
        let inline = enhancer.mathml("x^2", false).unwrap();
        assert!(inline.starts_with("<math"), "{inline}");
        assert!(enhancer.mathml("\\frac{a", true).is_err());
    }

    #[test]
    fn a_post_gets_extras_for_each_section_and_warnings_for_bad_tex() {
        let text = "---\ntitle: T\nlang: en\n---\n## English\n\n```rust\nfn a() {}\n```\n\n$\\frac{a}{b}$\n\n$x^2$ and $\\frac{a}$\n\n> $$\n> \\frac{a}\n> $$\n\n## Tiếng Việt\n\n```py\nx = 1\n```\n";
        let (_, parsed) = folio_core::build_time::read_post("t.md", text, &demo_config()).unwrap();
        let mut enhancer = Enhancer::new().unwrap();
        let file = FileExtras::new(&mut enhancer, text);
        let mut pages = Vec::new();
        for lang in ["en", "vi"] {
            file.rendering(&parsed.section(lang).unwrap().markdown);
            let links = RenderContext::unlinked("/", &file);
            pages.push(parsed.render(lang, &links).unwrap().html);
        }
        let (extras, warnings) = file.finish();
        assert_eq!(extras.code.len(), 2 * 2, "two blocks, as key and value");
        assert!(matches!(extras.math("x^2", false, 0), Math::MathMl(_)));
        assert!(matches!(extras.math("\\frac{a}", false, 0), Math::Invalid(_)));
        // The app, given these extras, renders the pages the build wrote.
        for (lang, page) in ["en", "vi"].iter().zip(&pages) {
            let links = RenderContext::unlinked("/", &extras);
            assert_eq!(&parsed.render(lang, &links).unwrap().html, page);
        }
        assert!(pages[0].contains("hl-"), "{}", pages[0]);
        let found: Vec<_> = warnings.iter().map(|w| (w.line, w.tex.as_str())).collect();
        // The display formula's line is where its `$$` opens, inside the quote.
        assert_eq!(found, [(13, "\\frac{a}"), (15, "\n\\frac{a}\n")], "lines in the file, not first matches");
    }
}
