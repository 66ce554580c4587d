//! Code blocks: the languages folio highlights (with their common aliases),
//! console sessions (prompts and output apart, so Copy takes only the
//! commands), and the block's markup with its Copy button.

use pulldown_cmark::CodeBlockKind;

use super::extras::Enhancements;
use super::i18n::{t, Text};
use super::sanitize;

/// A language folio highlights, by its canonical name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeLanguage {
    Rust,
    Python,
    JavaScript,
    TypeScript,
    Go,
    Java,
    Kotlin,
    C,
    Cpp,
    CSharp,
    Swift,
    Ruby,
    Php,
    Bash,
    /// A shell session: `$ ` prompts, commands and their output.
    Console,
    Sql,
    Html,
    Css,
    Json,
    Yaml,
    Toml,
    Diff,
    Dockerfile,
    Markdown,
}

/// Every language with its aliases; the first is its canonical name.
const LANGUAGES: &[(CodeLanguage, &[&str])] = &[
    (CodeLanguage::Rust, &["rust", "rs"]),
    (CodeLanguage::Python, &["python", "py", "python3", "py3"]),
    (CodeLanguage::JavaScript, &["javascript", "js", "jsx", "mjs", "cjs", "node"]),
    (CodeLanguage::TypeScript, &["typescript", "ts", "mts", "cts"]),
    (CodeLanguage::Go, &["go", "golang"]),
    (CodeLanguage::Java, &["java"]),
    (CodeLanguage::Kotlin, &["kotlin", "kt", "kts"]),
    (CodeLanguage::C, &["c", "h"]),
    (CodeLanguage::Cpp, &["cpp", "c++", "cc", "cxx", "hpp", "hxx"]),
    (CodeLanguage::CSharp, &["csharp", "c#", "cs"]),
    (CodeLanguage::Swift, &["swift"]),
    (CodeLanguage::Ruby, &["ruby", "rb"]),
    (CodeLanguage::Php, &["php"]),
    (CodeLanguage::Bash, &["bash", "sh", "shell", "zsh", "ksh"]),
    (CodeLanguage::Console, &["console", "shell-session", "shellsession", "terminal"]),
    (CodeLanguage::Sql, &["sql"]),
    (CodeLanguage::Html, &["html", "htm", "xhtml"]),
    (CodeLanguage::Css, &["css"]),
    (CodeLanguage::Json, &["json", "jsonc"]),
    (CodeLanguage::Yaml, &["yaml", "yml"]),
    (CodeLanguage::Toml, &["toml"]),
    (CodeLanguage::Diff, &["diff", "patch"]),
    (CodeLanguage::Dockerfile, &["dockerfile", "docker", "containerfile"]),
    (CodeLanguage::Markdown, &["markdown", "md"]),
];

impl CodeLanguage {
    pub const ALL: [CodeLanguage; LANGUAGES.len()] = {
        let mut all = [CodeLanguage::Rust; LANGUAGES.len()];
        let mut at = 0;
        while at < LANGUAGES.len() {
            all[at] = LANGUAGES[at].0;
            at += 1;
        }
        all
    };

    /// The language named `alias` (any case), if folio highlights it.
    pub fn named(alias: &str) -> Option<CodeLanguage> {
        let alias = alias.to_ascii_lowercase();
        LANGUAGES.iter().find(|(_, names)| names.contains(&alias.as_str())).map(|(language, _)| *language)
    }

    pub fn name(self) -> &'static str {
        LANGUAGES.iter().find(|(language, _)| *language == self).map_or("", |(_, names)| names[0])
    }
}

/// A fenced block's language as written (its info string's first word, as in
/// ```` ```rust,ignore ````) and the language folio highlights it as, if any.
pub fn language(info: &str) -> Option<(&str, Option<CodeLanguage>)> {
    let word = info.trim().split(|c: char| c.is_whitespace() || matches!(c, ',' | '{')).next()?;
    (!word.is_empty()).then(|| (word, CodeLanguage::named(word)))
}

/// A code block's language as written and as folio highlights it: what the
/// renderer and the app both read, so their lookups agree.
pub fn block_language<'a>(kind: &'a CodeBlockKind) -> (Option<&'a str>, Option<CodeLanguage>) {
    match kind {
        CodeBlockKind::Fenced(info) => language(info).map_or((None, None), |(written, known)| (Some(written), known)),
        CodeBlockKind::Indented => (None, None),
    }
}

/// The prompt that starts a command line of a console session.
const PROMPT: &str = "$ ";

/// A line of a console session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ConsoleLine<'a> {
    /// A command after its prompt, or a line it continues onto (after `\`).
    Command {
        prompt: bool,
        text: &'a str,
    },
    Output(&'a str),
}

/// The lines of a console session: `$ ` starts a command, a command ending
/// in `\` goes on to the next line, anything else is output.
fn console_lines(source: &str) -> impl Iterator<Item = ConsoleLine<'_>> {
    let mut continues = false;
    source.split_inclusive('\n').map(move |line| {
        let (prompt, text) = match line.strip_prefix(PROMPT) {
            Some(command) => (true, command),
            None if continues => (false, line),
            None => {
                continues = false;
                return ConsoleLine::Output(line);
            }
        };
        continues = text.trim_end_matches(['\n', '\r']).ends_with('\\');
        ConsoleLine::Command { prompt, text }
    })
}

/// Writes a code block: `<pre>` (focusable, as it may scroll), the code
/// highlighted from `extras` when they have it, else escaped, and a Copy
/// button labelled in `lang`. `written` is the language as the writer named it.
pub fn block_html(
    written: Option<&str>,
    language: Option<CodeLanguage>,
    source: &str,
    extras: &dyn Enhancements,
    lang: &str,
    out: &mut String,
) {
    out.push_str("<div class=\"code-block\"><pre tabindex=\"0\"><code");
    if let Some(written) = written {
        let class = language.map_or_else(|| class_safe(written), |l| l.name().to_string());
        if !class.is_empty() {
            out.push_str(" class=\"language-");
            out.push_str(&class);
            out.push('"');
        }
    }
    out.push('>');
    match language {
        Some(CodeLanguage::Console) => console_html(source, extras, out),
        Some(language) => highlighted(language, source, extras, out),
        None => escape_code(source, out),
    }
    out.push_str("</code></pre><button type=\"button\" class=\"copy-code\" data-copied=\"");
    out.push_str(t(lang, Text::Copied));
    out.push_str("\" aria-live=\"polite\">");
    out.push_str(t(lang, Text::Copy));
    out.push_str("</button></div>\n");
}

/// A console session: prompts and output in spans of their own (the Copy
/// button leaves both out), each command highlighted as Bash.
fn console_html(source: &str, extras: &dyn Enhancements, out: &mut String) {
    for line in console_lines(source) {
        match line {
            ConsoleLine::Command { prompt, text } => {
                if prompt {
                    out.push_str("<span class=\"prompt\">$ </span>");
                }
                highlighted(CodeLanguage::Bash, text, extras, out);
            }
            ConsoleLine::Output(text) => {
                out.push_str("<span class=\"output\">");
                escape_code(text, out);
                out.push_str("</span>");
            }
        }
    }
}

/// The highlighted HTML from `extras`, sanitized like any HTML a post brings
/// (it comes over the network), or the code escaped.
fn highlighted(language: CodeLanguage, source: &str, extras: &dyn Enhancements, out: &mut String) {
    match extras.code(language, source) {
        Some(html) => sanitize::sanitize_html(&html, out, &|_, _| None),
        None => escape_code(source, out),
    }
}

/// Escapes code as HTML text (quotes stay: this is never an attribute).
pub fn escape_code(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

/// An unknown language's name, kept as a class if it is harmless: `language-foo`.
fn class_safe(name: &str) -> String {
    name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#' | '.')).take(32).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extras::{code_key, Extras, Math, NONE};
    use std::borrow::Cow;
    use std::cell::RefCell;

    /// Records what the renderer asks to highlight.
    #[derive(Default)]
    struct Asked(RefCell<Vec<(CodeLanguage, String)>>);

    impl Enhancements for Asked {
        fn code(&self, language: CodeLanguage, source: &str) -> Option<Cow<'_, str>> {
            self.0.borrow_mut().push((language, source.to_string()));
            None
        }
        fn math(&self, _: &str, _: bool, _: usize) -> Math<'_> {
            Math::Unknown
        }
    }

    #[test]
    fn aliases_name_the_languages_the_issue_lists() {
        for (alias, canonical) in [
            ("rs", "rust"),
            ("py", "python"),
            ("js", "javascript"),
            ("ts", "typescript"),
            ("sh", "bash"),
            ("shell", "bash"),
            ("yml", "yaml"),
            ("C#", "csharp"),
            ("c++", "cpp"),
            ("Dockerfile", "dockerfile"),
        ] {
            assert_eq!(CodeLanguage::named(alias).map(CodeLanguage::name), Some(canonical), "{alias}");
        }
        assert_eq!(CodeLanguage::named("brainfuck"), None);
        assert_eq!(language("rust,ignore"), Some(("rust", Some(CodeLanguage::Rust))));
        assert_eq!(language("python {.numberLines}"), Some(("python", Some(CodeLanguage::Python))));
        assert_eq!(language("  "), None);
    }

    #[test]
    fn unknown_or_missing_language_is_plain_and_escaped() {
        let mut out = String::new();
        block_html(Some("weird\"<lang>"), None, "<b>&</b>\n", &NONE, "en", &mut out);
        assert_eq!(
            out,
            "<div class=\"code-block\"><pre tabindex=\"0\"><code class=\"language-weirdlang\">&lt;b&gt;&amp;&lt;/b&gt;\n</code></pre>\
             <button type=\"button\" class=\"copy-code\" data-copied=\"Copied\" aria-live=\"polite\">Copy</button></div>\n"
        );
        let mut out = String::new();
        block_html(None, None, "x\n", &NONE, "vi", &mut out);
        assert!(out.starts_with("<div class=\"code-block\"><pre tabindex=\"0\"><code>x\n</code>"), "{out}");
        assert!(out.contains("data-copied=\"Đã chép\" aria-live=\"polite\">Sao chép</button>"), "{out}");
    }

    #[test]
    fn highlighted_html_comes_from_extras_and_is_sanitized() {
        let extras = Extras {
            code: vec![
                code_key(CodeLanguage::Rust, "fn x() {}\n"),
                "<span class=\"hl-k\">fn</span> <span onclick=\"alert(1)\" class=\"hl-f\">x</span>() {}<script>alert(1)</script>\n".into(),
            ],
            ..Extras::default()
        };
        let mut out = String::new();
        block_html(Some("rs"), Some(CodeLanguage::Rust), "fn x() {}\n", &extras, "en", &mut out);
        assert!(out.contains("<code class=\"language-rust\"><span class=\"hl-k\">fn</span> <span class=\"hl-f\">x</span>() {}\n</code>"), "{out}");
        // Without extras (they failed to load) the same block is plain.
        let mut plain = String::new();
        block_html(Some("rs"), Some(CodeLanguage::Rust), "fn x() {}\n", &NONE, "en", &mut plain);
        assert!(plain.contains("<code class=\"language-rust\">fn x() {}\n</code>"), "{plain}");
    }

    #[test]
    fn console_commands_continue_after_a_backslash() {
        let source = "$ cargo build \\\n    --release\nFinished\n$ ls\n";
        let mut out = String::new();
        block_html(Some("console"), Some(CodeLanguage::Console), source, &NONE, "en", &mut out);
        assert!(
            out.contains("<span class=\"prompt\">$ </span>cargo build \\\n    --release\n<span class=\"output\">Finished\n</span><span class=\"prompt\">$ </span>ls\n"),
            "{out}"
        );
        // Each command line is highlighted on its own, as Bash, without its prompt.
        let asked = Asked::default();
        block_html(Some("console"), Some(CodeLanguage::Console), source, &asked, "en", &mut String::new());
        let bash = |piece: &str| (CodeLanguage::Bash, piece.to_string());
        assert_eq!(asked.0.into_inner(), [bash("cargo build \\\n"), bash("    --release\n"), bash("ls\n")]);
    }

    #[test]
    fn console_prompts_and_output_are_apart() {
        let mut out = String::new();
        block_html(Some("console"), Some(CodeLanguage::Console), "$ echo <hi>\n<hi>\n", &NONE, "en", &mut out);
        assert!(
            out.contains(
                "<span class=\"prompt\">$ </span>echo &lt;hi&gt;\n<span class=\"output\">&lt;hi&gt;\n</span></code>"
            ),
            "{out}"
        );
    }
}
