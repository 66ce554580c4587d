//! Pandoc-style front matter: YAML between `---` lines at the top of a post.
//! `split` finds the block, in the indexer and in the browser alike;
//! `build_time::front_matter::parse` reads it into the keys folio knows, at
//! build time only (with serde-saphyr), so the wasm carries no YAML parser: the index ships what the
//! browser needs ([`super::post::FileMeta`]). Unknown keys are checked as YAML
//! and otherwise ignored.

use super::date::Date;
use super::error::ErrorKind;

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub date: Option<Date>,
    pub author: Option<String>,
    pub author_url: Option<String>,
    /// The post's main language, with the line it was set on.
    pub lang: Option<(String, usize)>,
    pub toc_title: Option<String>,
    /// The post's tags.
    pub keywords: Vec<String>,
    pub description_meta: Option<String>,
    pub title_prefix: Option<String>,
    pub date_meta: Option<String>,
    pub author_meta: Option<String>,
    pub image: Option<String>,
    pub draft: bool,
}

/// A post split into its front matter and body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: Option<&'a str>,
    pub body: &'a str,
    /// The file line on which `body` starts.
    pub body_line: usize,
}

/// Splits off the front matter. `text` must already have `\n` line endings.
pub fn split(text: &str) -> Result<Split<'_>, (usize, ErrorKind)> {
    let Some(rest) = text.strip_prefix("---\n").or_else(|| (text.trim_end() == "---").then_some("")) else {
        return Ok(Split { yaml: None, body: text, body_line: 1 });
    };
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let body = &rest[offset + line.len()..];
            return Ok(Split { yaml: Some(&rest[..offset]), body, body_line: i + 3 });
        }
        offset += line.len();
    }
    Err((1, ErrorKind::UnclosedFrontMatter))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build_time::front_matter::parse;
    use crate::error::PostError;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let s = split("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, Some("title: A\n"));
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
        let none = split("# Just Markdown\n").unwrap();
        assert_eq!((none.yaml, none.body_line), (None, 1));
        assert_eq!(split("---\ntitle: A\nno end\n").unwrap_err(), (1, ErrorKind::UnclosedFrontMatter));
        assert_eq!(split("---\ntitle: A\n...\nB").unwrap().body, "B");
    }

    #[test]
    fn reads_known_keys_and_keeps_unknown_ones() {
        let meta = parse(
            "title: \"Hello\"\nsubtitle: Sub\ndate: 2025-07-18\nauthor: Ada\nauthor-url: https://ada.dev\nlang: vi\n\
             toc-title: Mục lục\nkeywords: rust, wasm, rust\ntitle-prefix: tway.dev\ndraft: true\ncustom: kept\n",
        )
        .unwrap();
        assert_eq!(meta.title.as_deref(), Some("Hello"));
        assert_eq!(meta.date.unwrap().iso(), "2025-07-18");
        assert_eq!(meta.lang, Some(("vi".into(), 7)));
        assert_eq!(meta.keywords, vec!["rust", "wasm"]);
        assert!(meta.draft);
    }

    #[test]
    fn keyword_list_and_author_maps() {
        let meta = parse("keywords:\n  - Rust\n  - Web\nauthor:\n  - name: Ada\n  - name: Bob\n").unwrap();
        assert_eq!(meta.keywords, vec!["Rust", "Web"]);
        assert_eq!(meta.author.as_deref(), Some("Ada, Bob"));
    }

    #[test]
    fn keywords_and_authors_in_every_form() {
        let meta = parse("keywords: [2024, rust, ~]\ntags: rust, web\nauthor: {name: Ada, url: x}\n").unwrap();
        assert_eq!(meta.keywords, ["2024", "rust", "web"]);
        assert_eq!(meta.author.as_deref(), Some("Ada"));
        assert_eq!(parse("author: [Ada, {name: Bob}]\n").unwrap().author.as_deref(), Some("Ada, Bob"));
        let (line, message) = error("title: A\nkeywords: {a: 1}\n");
        assert_eq!(line, 3);
        assert!(message.contains("a list of words"), "{message}");
        assert_eq!(error("author: [[Ada]]\n").0, 2);
    }

    #[test]
    fn invalid_date_names_its_line() {
        let err = parse("title: A\ndate: 2025-02-30\n").unwrap_err();
        assert_eq!(err, (3, ErrorKind::InvalidDate { value: "2025-02-30".into() }));
    }

    /// The error as the build prints it, for a front matter block that starts on line 2.
    fn error(yaml: &str) -> (usize, String) {
        let (line, kind) = parse(yaml).unwrap_err();
        (line, PostError::new("p.md", line, kind).to_string())
    }

    fn title(yaml: &str) -> Option<String> {
        parse(yaml).unwrap_or_else(|e| panic!("{yaml:?}: {e:?}")).title
    }

    #[test]
    fn block_indicator_with_text_on_its_line_fails_with_the_quoted_fix() {
        // YAML: `>` and `|` open a block scalar; text cannot follow them on their line.
        for (yaml, line, fix) in [
            ("title: >Hello\n", 2, "`title: \">Hello\"`"),
            ("title: |keep\n", 2, "`title: \"|keep\"`"),
            ("date: 2025-01-01\nsubtitle: > 5 stars\n", 3, "`subtitle: \"> 5 stars\"`"),
        ] {
            let (at, message) = error(yaml);
            assert_eq!(at, line, "{yaml:?}: {message}");
            assert!(message.starts_with(&format!("p.md:{line}: ")), "{message}");
            assert!(message.contains(fix), "{yaml:?}: {message}");
        }
    }

    #[test]
    fn block_scalars_follow_yaml_chomping() {
        assert_eq!(title("title: >-\n  folded\n  text\n").as_deref(), Some("folded text"));
        assert_eq!(title("title: >\n  folded\n  text\n").as_deref(), Some("folded text\n"));
        assert_eq!(title("title: |\n  one\n  two\n\n").as_deref(), Some("one\ntwo\n"));
        assert_eq!(title("title: |-\n  strip\n\n").as_deref(), Some("strip"));
        assert_eq!(title("title: |+\n  keep\n\nsubtitle: s\n").as_deref(), Some("keep\n\n"));
        assert_eq!(title("title: >\n  a\n\n  b\n").as_deref(), Some("a\nb\n"), "a blank line folds to a newline");
    }

    #[test]
    fn quoted_keys_may_hold_colons() {
        let meta = parse("\"a: b\": c\ntitle: T\n'x: y': z\n").unwrap();
        assert_eq!(meta.title.as_deref(), Some("T"));
        assert_eq!(title("\"title: x\": y\n"), None, "the key is `title: x`, not `title`");
    }

    #[test]
    fn colon_space_inside_a_plain_value_fails_with_the_quoted_fix() {
        let (line, message) = error("title: Hello: world\n");
        assert_eq!(line, 2);
        assert!(message.contains("`title: \"Hello: world\"`"), "{message}");
        assert_eq!(title("title: \"Hello: world\"\n").as_deref(), Some("Hello: world"));
        assert_eq!(title("title: a:b http://x\n").as_deref(), Some("a:b http://x"));
    }

    #[test]
    fn draft_accepts_clear_yes_and_no_and_refuses_the_rest() {
        for (value, draft) in [
            ("true", true),
            ("True", true),
            ("TRUE", true),
            ("yes", true),
            ("Yes", true),
            ("YES", true),
            ("on", true),
            ("On", true),
            ("ON", true),
            ("\"true\"", true),
            ("false", false),
            ("False", false),
            ("FALSE", false),
            ("no", false),
            ("No", false),
            ("NO", false),
            ("off", false),
            ("Off", false),
            ("OFF", false),
            ("~", false),
            ("null", false),
            ("", false),
        ] {
            let yaml = format!("title: A\ndraft: {value}\n");
            assert_eq!(parse(&yaml).map(|m| m.draft), Ok(draft), "draft: {value}");
        }
        for value in ["maybe", "1", "y", "tRuE", "[true]", "\"\""] {
            let (line, message) = error(&format!("title: A\ndraft: {value}\n"));
            assert_eq!(line, 3, "draft: {value}");
            assert!(message.contains("write `draft: true` or `draft: false`"), "draft: {value}: {message}");
        }
    }

    #[test]
    fn repeated_keys_name_the_second_line() {
        assert_eq!(
            parse("title: a\nsubtitle: b\ntitle: c\n").unwrap_err(),
            (4, ErrorKind::DuplicateKey { key: "title".into(), first_line: 2 })
        );
        let (line, message) = error("title: A\nauthor:\n  name: Ada\n  name: Bob\n");
        assert_eq!(line, 5);
        assert!(message.contains("`name`") && message.contains("keep one"), "{message}");
    }

    #[test]
    fn duplicate_at_the_end_of_a_large_block() {
        let mut yaml: String = (0..20_000).map(|i| format!("k{i}: v\n")).collect();
        yaml.push_str("k7: again\n");
        assert_eq!(parse(&yaml).unwrap_err(), (20_002, ErrorKind::DuplicateKey { key: "k7".into(), first_line: 9 }));
    }

    #[test]
    fn tags_and_merge_keys_are_refused_with_a_fix() {
        let (line, message) = error("title: A\nsubtitle: !custom x\n");
        assert_eq!(line, 3);
        assert!(message.contains("remove the tag"), "{message}");
        let (line, message) = error("title: A\n<<: {subtitle: B}\n");
        assert_eq!(line, 3, "{message}");
    }

    #[test]
    fn title_must_be_text() {
        assert_eq!(parse("title: [a, b]\n").unwrap_err(), (2, ErrorKind::ExpectedText { key: "title".into() }));
    }
}
