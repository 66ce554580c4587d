//! Front matter: YAML between `---` lines at the top of a post (pandoc,
//! Jekyll, Hugo), or TOML between `+++` lines (Hugo, Zola). `split` finds the
//! block, in the indexer and in the browser alike;
//! `build_time::front_matter::parse` reads it into the keys folio knows, at
//! build time only, so the wasm carries no YAML or TOML parser: the index
//! ships what the browser needs ([`super::post::FileMeta`]). Other keys are
//! checked as YAML or TOML, and the build lists them as not used.

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
    /// `toc: true` or `false`, as written: whether the page shows its table
    /// of contents (a post does unless `false`; a writer's page only if `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toc: Option<bool>,
    /// The day before which a release build leaves the post out (Hugo's `publishDate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish_date: Option<Date>,
    /// When the post was last changed (`lastmod`, `updated`, `last_modified_at`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<Date>,
    /// Jekyll's `categories` and Zola's taxonomy of that name (also among
    /// the tags), for the old permalinks that name them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// The post's old URLs (`aliases`, `redirect_from`), each with its line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<(String, usize)>,
    /// The post's own slug (`slug`), with its line: its URL's last part
    /// instead of the file name's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<(String, usize)>,
    /// The post's URL in the engine it comes from (Hugo's `url`, Jekyll's
    /// `permalink`), with its line: an old URL, and its last part the slug
    /// when `slug` is not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_url: Option<(String, usize)>,
    /// The day after which the post is taken down (Hugo's `expiryDate`):
    /// a release build from that day on leaves it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Date>,
    /// The key, as written, by which the old engine was told not to make
    /// the post a page (Hugo's `headless: true` or `build.render: never`,
    /// Zola's `render = false`): no build publishes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_rendered: Option<String>,
    /// The keys folio does not use, as written: the build lists them once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unused: Vec<String>,
}

/// A post split into its front matter and body.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub front: Option<Block<'a>>,
    pub body: &'a str,
    /// The file line on which `body` starts.
    pub body_line: usize,
}

/// A front matter block, without its fences: YAML between `---` lines
/// (pandoc, Jekyll, Hugo) or TOML between `+++` lines (Hugo, Zola).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block<'a> {
    Yaml(&'a str),
    Toml(&'a str),
}

/// Splits off the front matter. `text` must already have `\n` line endings.
pub fn split(text: &str) -> Result<Split<'_>, (usize, ErrorKind)> {
    for (fence, toml) in [("---", false), ("+++", true)] {
        let opened = text.strip_prefix(fence).and_then(|rest| rest.strip_prefix('\n'));
        let Some(rest) = opened.or_else(|| (text.trim_end() == fence).then_some("")) else { continue };
        let mut offset = 0;
        for (i, line) in rest.split_inclusive('\n').enumerate() {
            let trimmed = line.trim_end();
            // YAML may also end its block with `...`.
            if trimmed == fence || (!toml && trimmed == "...") {
                let block = &rest[..offset];
                let front = if toml { Block::Toml(block) } else { Block::Yaml(block) };
                return Ok(Split { front: Some(front), body: &rest[offset + line.len()..], body_line: i + 3 });
            }
            offset += line.len();
        }
        return Err((1, ErrorKind::UnclosedFrontMatter { fence }));
    }
    Ok(Split { front: None, body: text, body_line: 1 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build_time::front_matter::parse;
    use crate::error::PostError;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let s = split("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(s.front, Some(Block::Yaml("title: A\n")));
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
        let none = split("# Just Markdown\n").unwrap();
        assert_eq!((none.front, none.body_line), (None, 1));
        assert_eq!(split("---\ntitle: A\nno end\n").unwrap_err(), (1, ErrorKind::UnclosedFrontMatter { fence: "---" }));
        let toml = split("+++\ntitle = \"A\"\n+++\nBody\n").unwrap();
        assert_eq!((toml.front, toml.body, toml.body_line), (Some(Block::Toml("title = \"A\"\n")), "Body\n", 4));
        assert_eq!(split("+++\ntitle = 1\n...\n").unwrap_err(), (1, ErrorKind::UnclosedFrontMatter { fence: "+++" }));
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

    #[test]
    fn jekyll_front_matter_maps_to_folio_keys() {
        use crate::build_time::front_matter::parse;
        let meta = parse(
            "layout: post\ntitle: ListView\ndate: 2016-03-20 17:56:15 +0100\nlast_modified_at: 2017-01-02T03:04:05Z\n\
             excerpt: Why clicks vanish.\ncategories: [android, java]\ncategory: Mobile\ntags: java\nredirect_from:\n  - /old/listview/\n  \
             - /2016/03/20/listview.html\nfeatured_image: /img/lv.png\npublished: false\ncomments: true\n",
        )
        .unwrap();
        assert_eq!(meta.date, Date::parse("2016-03-20"), "the day as written, whatever the zone");
        assert_eq!(meta.updated, Date::parse("2017-01-02"));
        assert_eq!(meta.description_meta.as_deref(), Some("Why clicks vanish."));
        assert_eq!(meta.keywords, ["android", "java", "Mobile"]);
        assert_eq!(meta.categories, ["Mobile"], "Jekyll's `category` wins in its URLs");
        let spaced = parse("title: A\ncategories: android java\n").unwrap();
        assert_eq!(
            (spaced.categories, spaced.keywords),
            (vec!["android".into(), "java".into()], vec!["android".into(), "java".into()])
        );
        let commas = parse("title: A\ncategories: machine learning, rust\n").unwrap();
        assert_eq!(commas.categories, ["machine learning", "rust"], "commas keep folio's reading");
        assert_eq!(meta.aliases, [("/old/listview/".to_string(), 10), ("/2016/03/20/listview.html".to_string(), 10)]);
        assert_eq!(meta.image.as_deref(), Some("/img/lv.png"));
        assert!(meta.draft, "published: false is a draft");
        assert_eq!(meta.unused, ["layout", "comments"]);
    }

    #[test]
    fn hugo_and_zola_toml_front_matter_maps_to_folio_keys() {
        use crate::build_time::front_matter::parse_toml;
        let hugo = parse_toml(
            "title = \"Tháng Ba\"\ndate = 2024-03-01T10:00:00+07:00\nlastmod = 2024-04-02\ndraft = true\n\
             summary = \"Short.\"\ntags = [\"hugo\", \"go\"]\naliases = [\"/old/march/\"]\nauthors = [\"Ada\", \"Bob\"]\n\
             weight = 3\n[cover]\nimage = \"cover.jpg\"\nalt = \"A cover\"\n",
        )
        .unwrap();
        assert_eq!(hugo.title.as_deref(), Some("Tháng Ba"));
        assert_eq!((hugo.date, hugo.updated), (Date::parse("2024-03-01"), Date::parse("2024-04-02")));
        assert!(hugo.draft);
        assert_eq!(hugo.description_meta.as_deref(), Some("Short."));
        assert_eq!(hugo.keywords, ["hugo", "go"]);
        assert_eq!(hugo.aliases, [("/old/march/".to_string(), 8)]);
        assert_eq!(hugo.author.as_deref(), Some("Ada, Bob"));
        assert_eq!(hugo.image.as_deref(), Some("cover.jpg"));
        assert_eq!(hugo.unused, ["weight"]);

        let zola = parse_toml(
            "title = \"Zola\"\ndate = 2023-05-06\nupdated = 2023-06-01\ndescription = \"D.\"\n\
             [taxonomies]\ntags = [\"rust\"]\ncategories = [\"web\"]\nseries = [\"x\"]\n[extra]\ntoc = true\n",
        )
        .unwrap();
        assert_eq!(zola.keywords, ["rust", "web"]);
        assert_eq!(zola.updated, Date::parse("2023-06-01"));
        assert_eq!(zola.unused, ["taxonomies.series", "extra"]);
    }

    #[test]
    fn toml_errors_name_the_line_and_the_fix() {
        use crate::build_time::front_matter::parse_toml;
        let (line, kind) = parse_toml("title = \"A\"\ndate = \"March\"\n").unwrap_err();
        assert_eq!((line, kind), (3, ErrorKind::InvalidDate { value: "March".into() }));
        let (line, kind) = parse_toml("title = \"A\"\nsubtitle = [1, 2]\n").unwrap_err();
        assert_eq!((line, kind), (3, ErrorKind::ExpectedText { key: "subtitle".into() }));
        let (line, kind) = parse_toml("title = \"A\"\ndraft = \"maybe\"\n").unwrap_err();
        assert_eq!((line, kind), (3, ErrorKind::InvalidDraft { value: Some("maybe".into()) }));
        let (line, kind) = parse_toml("title = \"A\"\n\nbroken = \n").unwrap_err();
        assert_eq!(line, 4);
        assert!(PostError::new("a.md", line, kind).to_string().contains("`key = \"value\"`"));
    }
}
