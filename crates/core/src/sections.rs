//! Language sections of one post file. A level-2 heading that names a
//! configured language (`## Tiếng Việt`, or `## Français {lang=fr}`) starts
//! that language's section; the heading itself, and a `---` rule just before
//! it, are markers, not content. Text before the first marker is shared by
//! all languages, less an `# H1` equal to the title and a `##` equal to the
//! subtitle, which the title block already shows.

use super::error::ErrorKind;
use super::lang::{language_named, Language};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LangSection {
    pub lang: String,
    /// A leading `# Heading` in the section: the title in that language.
    pub title: Option<String>,
    pub markdown: String,
}

/// What the title block shows, so the body does not repeat it.
pub struct TitleBlock<'a> {
    pub title: Option<&'a str>,
    pub subtitle: Option<&'a str>,
}

/// Splits `body` (starting at file line `first_line`) into language sections.
/// Without any marker the whole body belongs to `main_lang`.
pub fn split_languages(
    body: &str,
    first_line: usize,
    main_lang: &str,
    languages: &[Language],
    shown: &TitleBlock,
) -> Result<Vec<LangSection>, (usize, ErrorKind)> {
    let mut chunks: Vec<(Option<String>, Vec<&str>)> = vec![(None, Vec::new())];
    let mut fence: Option<(char, usize)> = None;
    for (i, line) in body.split_inclusive('\n').enumerate() {
        fence = update_fence(fence, line);
        if fence.is_none() {
            if let Some(lang) = marker(line, languages).map_err(|kind| (first_line + i, kind))? {
                drop_trailing_rule(&mut chunks.last_mut().expect("chunks start non-empty").1);
                chunks.push((Some(lang), Vec::new()));
                continue;
            }
        }
        chunks.last_mut().expect("chunks start non-empty").1.push(line);
    }

    let (_, preamble_lines) = chunks.remove(0);
    let shared = strip_title_block(&preamble_lines, shown);
    if chunks.is_empty() {
        return Ok(vec![LangSection { lang: main_lang.to_string(), title: None, markdown: shared }]);
    }
    let mut sections: Vec<LangSection> = Vec::new();
    for (lang, lines) in chunks {
        let lang = lang.expect("every chunk after the first has a language");
        let (title, rest) = leading_h1(&lines);
        let markdown = if shared.trim().is_empty() { rest } else { format!("{shared}\n\n{rest}") };
        match sections.iter_mut().find(|s| s.lang == lang) {
            Some(existing) => {
                existing.markdown.push_str("\n\n");
                existing.markdown.push_str(&markdown);
            }
            None => sections.push(LangSection { lang, title, markdown }),
        }
    }
    Ok(sections)
}

/// Tracks fenced code blocks (``` or ~~~), inside which nothing is a marker.
fn update_fence(fence: Option<(char, usize)>, line: &str) -> Option<(char, usize)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return fence;
    }
    let Some(c) = trimmed.chars().next().filter(|c| *c == '`' || *c == '~') else {
        return fence;
    };
    let run = trimmed.chars().take_while(|x| *x == c).count();
    if run < 3 {
        return fence;
    }
    match fence {
        None => Some((c, run)),
        Some((open, len)) if open == c && run >= len && trimmed[run..].trim().is_empty() => None,
        other => other,
    }
}

/// An ATX heading of `level`: its text and any trailing `{…}` attributes.
pub(crate) fn atx_heading(line: &str, level: usize) -> Option<(&str, Option<&str>)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let hashes = trimmed.bytes().take_while(|b| *b == b'#').count();
    if hashes != level {
        return None;
    }
    let rest = &trimmed[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t', '\n'])) {
        return None;
    }
    let mut text = rest.trim();
    let mut attrs = None;
    if text.ends_with('}') {
        if let Some(open) = text.rfind('{') {
            attrs = Some(&text[open + 1..text.len() - 1]);
            text = text[..open].trim_end();
        }
    }
    let text = text.trim_end_matches('#').trim_end();
    Some((text, attrs))
}

fn marker(line: &str, languages: &[Language]) -> Result<Option<String>, ErrorKind> {
    let Some((text, attrs)) = atx_heading(line, 2) else {
        return Ok(None);
    };
    let explicit = attrs.and_then(|a| a.split_whitespace().find_map(|token| token.strip_prefix("lang=")));
    if let Some(code) = explicit {
        let code = code.trim_matches('"');
        if !languages.iter().any(|l| l.code == code) {
            return Err(ErrorKind::UnknownLanguage {
                code: code.into(),
                known: languages.iter().map(|l| l.code.clone()).collect(),
            });
        }
        return Ok(Some(code.to_string()));
    }
    Ok(language_named(text, languages))
}

fn is_rule(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3
        && (compact.chars().all(|c| c == '-') || compact.chars().all(|c| c == '*') || compact.chars().all(|c| c == '_'))
}

fn drop_trailing_rule(lines: &mut Vec<&str>) {
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    if lines.last().is_some_and(|l| is_rule(l)) {
        lines.pop();
    }
}

fn strip_title_block(lines: &[&str], shown: &TitleBlock) -> String {
    let mut rest = skip_blank(lines);
    if let (Some(first), Some(title)) = (rest.first(), shown.title) {
        if atx_heading(first, 1).is_some_and(|(text, _)| text == title.trim()) {
            rest = skip_blank(&rest[1..]);
        }
    }
    if let (Some(first), Some(subtitle)) = (rest.first(), shown.subtitle) {
        if atx_heading(first, 2).is_some_and(|(text, _)| text == subtitle.trim()) {
            rest = &rest[1..];
        }
    }
    rest.concat()
}

fn skip_blank<'a, 'b>(mut lines: &'a [&'b str]) -> &'a [&'b str] {
    while lines.first().is_some_and(|x| x.trim().is_empty()) {
        lines = &lines[1..];
    }
    lines
}

fn leading_h1(lines: &[&str]) -> (Option<String>, String) {
    let first = lines.iter().position(|l| !l.trim().is_empty());
    if let Some(i) = first {
        if let Some((text, _)) = atx_heading(lines[i], 1) {
            return (Some(text.to_string()), lines[i + 1..].concat());
        }
    }
    (None, lines.concat())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::demo_config;

    fn split(body: &str, title: Option<&str>, subtitle: Option<&str>) -> Result<Vec<LangSection>, (usize, ErrorKind)> {
        split_languages(body, 5, "en", &demo_config().languages, &TitleBlock { title, subtitle })
    }

    #[test]
    fn single_language_body_drops_repeated_title_and_subtitle() {
        let got =
            split("# Hello\n\n## A subtitle\n\nText.\n\n## Real heading\n", Some("Hello"), Some("A subtitle")).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].lang, "en");
        assert_eq!(got[0].markdown, "\nText.\n\n## Real heading\n");
    }

    #[test]
    fn different_h1_is_kept() {
        let got = split("# Other\nText\n", Some("Hello"), None).unwrap();
        assert!(got[0].markdown.starts_with("# Other"));
    }

    #[test]
    fn bilingual_sections_with_separators_and_shared_text() {
        let body = "# Hello\n\nShared intro.\n\n---\n\n## English\n\n# Hello in English\n\nOne.\n\n## Part\n\n---\n\n## Tiếng Việt\n\nHai.\n";
        let got = split(body, Some("Hello"), None).unwrap();
        assert_eq!(got.iter().map(|s| s.lang.as_str()).collect::<Vec<_>>(), ["en", "vi"]);
        assert_eq!(got[0].title.as_deref(), Some("Hello in English"));
        assert!(got[0].markdown.starts_with("Shared intro."));
        assert!(got[0].markdown.contains("One.\n\n## Part\n"));
        assert!(!got[0].markdown.contains("---"), "the rule before a marker is a separator: {:?}", got[0].markdown);
        assert!(got[1].markdown.contains("Hai."));
        assert!(!got[1].markdown.contains("Tiếng Việt"));
    }

    #[test]
    fn explicit_lang_attribute() {
        let got = split("## Anglais {lang=en}\nA\n## Việt ngữ {lang=vi}\nB\n", None, None).unwrap();
        assert_eq!(got[1].lang, "vi");
        let err = split("Intro\n\n## Français {lang=fr}\nC\n", None, None).unwrap_err();
        assert_eq!(err.0, 7, "line of the marker in the file");
        assert!(matches!(err.1, ErrorKind::UnknownLanguage { ref code, .. } if code == "fr"));
    }

    #[test]
    fn markers_inside_code_fences_are_content() {
        let got = split("```md\n## English\n```\n", None, None).unwrap();
        assert_eq!(got.len(), 1);
        assert!(got[0].markdown.contains("## English"));
    }

    #[test]
    fn atx_parsing() {
        assert_eq!(atx_heading("## Hi ##\n", 2), Some(("Hi", None)));
        assert_eq!(atx_heading("## Hi {#x lang=vi}\n", 2), Some(("Hi", Some("#x lang=vi"))));
        assert_eq!(atx_heading("### Hi\n", 2), None);
        assert_eq!(atx_heading("##Hi\n", 2), None);
    }
}
