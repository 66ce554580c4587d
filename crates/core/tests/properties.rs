//! Properties of the core that must hold for any input.

use folio_core::balance::balance;
use folio_core::config::SiteConfig;
use folio_core::markdown::{render, RenderContext};
use folio_core::route::{self, Page};
use folio_core::sanitize::{sanitize_html, UrlKind};
use folio_core::slug::slugify;
use folio_core::toc::{self, Heading, TocEntry};
use proptest::prelude::*;

#[path = "support/html5.rs"]
mod html5;
#[path = "support/pipeline.rs"]
mod pipeline;
use pipeline::{check_post, test_config};

/// Fragments that exercise every part of the pipeline, hostile ones included.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\n".to_string()),
        Just("title: \"Hi\"\n".to_string()),
        Just("lang: vi\n".to_string()),
        Just("keywords: [a, b]\n".to_string()),
        Just("## English\n".to_string()),
        Just("## Tiếng Việt\n".to_string()),
        Just("## X {lang=vi}\n".to_string()),
        Just("# Title\n".to_string()),
        Just("### Bộ nhớ đệm\n".to_string()),
        Just("<script>alert(1)</script>".to_string()),
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("<a href=\"javascript:alert(1)\">".to_string()),
        Just("<a href=\"&#106;avascript:x\">".to_string()),
        Just("<A HREF=JaVaScRiPt:x>".to_string()),
        Just("<svg onload=x>".to_string()),
        Just("<p style=\"x\" onclick=y>".to_string()),
        Just("[l](javascript:alert(1))".to_string()),
        Just("[l](java\tscript:x)".to_string()),
        Just("![i](data:text/html,x)".to_string()),
        Just("![i](data:image/png;base64,AA)".to_string()),
        Just("[p](other.md#x)".to_string()),
        Just("<details open><summary>s</summary>".to_string()),
        Just("</details></a></b>".to_string()),
        Just("| a | b |\n|:-|-:|\n| 1 | 2 |\n".to_string()),
        Just("[^1]\n\n[^1]: note\n".to_string()),
        Just("[^a] [^A]\n\n[^a]: - item\n".to_string()),
        Just("[^spare]: never cited\n".to_string()),
        Just("> [!NOTE]\n".to_string()),
        Just(">>[!WARNING]\n> ".to_string()),
        Just("![c](cat.png \"Caption\")\n".to_string()),
        Just("<img src=cat.png loading=x>".to_string()),
        Just("```\n".to_string()),
        Just("- [x] task\n".to_string()),
        Just("> ".to_string()),
        Just("**".to_string()),
        Just("`".to_string()),
        Just("&amp;&lt;&#0;&#x110000;".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        "[a-zA-Z0-9 <>\"'=&#;:/\\[\\]()*_`!-]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
}

/// Elements whose start and end tags are mixed at random into tag soup.
const SOUP_ELEMENTS: &[&str] = &[
    "a",
    "b",
    "i",
    "em",
    "code",
    "span",
    "p",
    "div",
    "ul",
    "ol",
    "li",
    "dl",
    "dd",
    "dt",
    "h2",
    "h3",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "blockquote",
    "pre",
    "details",
    "summary",
    "section",
    "figure",
    "figcaption",
    "br",
    "hr",
    "img",
    "main",
    "script",
];

/// Start and end tags in any order, with text and blank lines between.
fn tag_soup() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        prop::sample::select(SOUP_ELEMENTS).prop_map(|name| format!("<{name}>")),
        prop::sample::select(SOUP_ELEMENTS).prop_map(|name| format!("</{name}>")),
        Just("x".to_string()),
        Just(" ".to_string()),
        Just("\n\n".to_string()),
        Just("*".to_string()),
    ];
    prop::collection::vec(token, 0..60).prop_map(|tokens| tokens.concat())
}

fn post_text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|parts| parts.concat())
}

/// What the renderer writes itself (callouts with their SVG icons, footnotes,
/// heading anchors, figures) passes the checks any post must, in both languages.
#[test]
fn the_renderers_own_constructs_pass_the_html5_checks() {
    let body = "## Heading `x`\n\n> [!NOTE]\n> Note[^a].\n\n>[!TIP]\n>>[!CAUTION]\n>>x\n\n> [!IMPORTANT]\n\n\
                > [!WARNING]\n> - list[^b]\n\n![Cat](cat.png \"A cat\")\n\nAgain[^a][^b] <img src=cat.png>.\n\n\
                [^a]: A.\n[^b]: - item\n[^c]: Spare.\n[^a]: Twice.\n";
    let links = RenderContext {
        folder: "",
        files: folio_core::route::POST_FILES,
        base: "/blog/",
        post_prefix: &|_| None,
        image_size: &|p| (p == "cat.png").then_some((8, 6)),
        old_url: &|_| None,
        renamed: &|_| None,
        extras: &folio_core::extras::NONE,
    };
    for lang in ["en", "vi"] {
        let html = render(body, lang, &links).html;
        for construct in ["<svg", "<section class=\"footnotes\"", "heading-anchor", "<figure>", "width=\"8\""] {
            assert!(html.contains(construct), "{construct} in {html}");
        }
        assert_eq!(html5::check_article(&html), Ok(()), "{html}");
    }
}

/// The audit reads SVG as the DOM has it, and allows only what the icons use.
#[test]
fn the_audit_knows_svg_exactly() {
    let icon = "<p><svg class=\"callout-icon\" viewbox=\"0 0 16 16\" aria-hidden=\"true\"><path d=\"M0 0\"></path>\
                <circle cx=\"1\" cy=\"1\" r=\"1\" fill=\"currentColor\"></circle></svg>x</p>";
    assert_eq!(html5::check_article(icon), Ok(()));
    for bad in [
        "<svg><path d=\"M0 0\" onclick=\"x\"></path></svg>",
        "<svg><a href=\"x\"></a></svg>",
        "<svg><use href=\"x\"></use></svg>",
        "<svg xlink:href=\"x\"></svg>",
        "<svg><path viewBox=\"0 0 1 1\"></path></svg>",
        "<svg><circle d=\"M0 0\"></circle></svg>",
        "<p d=\"x\" viewBox=\"0 0 1 1\">y</p>",
        "<svg><foreignObject><p>x</p></foreignObject></svg>",
        "<svg><style>x</style></svg>",
    ] {
        assert!(html5::audit(bad).is_err(), "{bad}");
    }
}

#[test]
fn an_inline_formula_beside_a_symbol_is_the_same_words_in_the_page_and_the_index() {
    // Found by the property below in CI: the build's search text spaced the
    // formula out of `$®$®`, which the page shows as one run of text.
    for text in ["$®$®", "$a$b", "x $y$z w"] {
        assert_eq!(check_post("p.md", text.as_bytes(), &html5::check_article), Ok(()), "{text}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn any_post_renders_safely_or_fails_with_a_line(text in post_text()) {
        prop_assert_eq!(check_post("p.md", text.as_bytes(), &html5::check_article), Ok(()));
    }

    #[test]
    fn any_bytes_render_safely_or_fail_with_a_line(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        prop_assert_eq!(check_post("p.md", &bytes, &html5::check_article), Ok(()));
    }

    #[test]
    fn sanitizer_output_passes_audit_and_is_stable(raw in post_text()) {
        let resolve = |url: &str, kind: UrlKind| folio_core::sanitize::is_safe_url(url, kind).then(|| url.to_string());
        let mut once = String::new();
        sanitize_html(&raw, &mut once, &resolve);
        prop_assert_eq!(html5::audit(&once), Ok(()));
        let mut twice = String::new();
        sanitize_html(&once, &mut twice, &resolve);
        prop_assert_eq!(twice, once, "sanitizing sanitized HTML changes nothing");
    }

    #[test]
    fn any_tag_soup_renders_balanced_and_safe(soup in tag_soup()) {
        prop_assert_eq!(check_post("p.md", soup.as_bytes(), &html5::check_article), Ok(()));
    }

    #[test]
    fn balanced_html_is_what_the_parser_builds_and_stays_so(soup in tag_soup()) {
        let resolve = |url: &str, kind: UrlKind| folio_core::sanitize::is_safe_url(url, kind).then(|| url.to_string());
        let mut sanitized = String::new();
        sanitize_html(&soup, &mut sanitized, &resolve);
        let balanced = balance(&sanitized);
        prop_assert_eq!(html5::check_article(&balanced), Ok(()));
        prop_assert_eq!(balance(&balanced), balanced.clone(), "balancing balanced HTML changes nothing");
    }

    #[test]
    fn slugs_are_readable_ascii_and_stable(text in any::<String>()) {
        let slug = slugify(&text);
        prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
        prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
        prop_assert_eq!(slugify(&slug), slug.clone());
    }

    #[test]
    fn toc_keeps_every_listed_heading_in_order(levels in prop::collection::vec(1u8..=6, 0..30)) {
        let headings: Vec<Heading> = levels.iter().enumerate().map(|(i, l)| Heading { level: *l, text: i.to_string(), id: i.to_string() }).collect();
        fn flatten(entries: &[TocEntry], out: &mut Vec<String>) {
            for e in entries {
                out.push(e.heading.id.clone());
                flatten(&e.children, out);
            }
        }
        let mut ids = Vec::new();
        flatten(&toc::build(&headings), &mut ids);
        let expected: Vec<String> = headings.iter().filter(|h| (2..=4).contains(&h.level)).map(|h| h.id.clone()).collect();
        prop_assert_eq!(ids, expected);
    }

    #[test]
    fn urls_parse_back(slug in "[a-z0-9][a-z0-9-]{0,20}", vi in any::<bool>()) {
        let config: SiteConfig = test_config();
        let lang = if vi { "vi" } else { "en" };
        for page in [Page::Post(slug.clone()), Page::Tag(slug.clone(), 1), Page::Tag(slug.clone(), 3)] {
            let url = route::href("/blog/", &config, lang, &page);
            let back = route::parse(&url, "/blog/", &config);
            prop_assert_eq!((back.lang.as_str(), back.page), (lang, page));
        }
    }

    /// Every start of every word a document has, typed as the last word,
    /// and the word finished, find it, through the one shard the query asks
    /// for, which exists exactly when the data's list says so.
    #[test]
    fn every_start_of_a_word_finds_its_document(
        texts in prop::collection::vec("[a-zđươêô中 ]{0,30}", 1..6),
    ) {
        use folio_core::search::{self, SearchDoc};
        let docs: Vec<SearchDoc> = texts
            .iter()
            .enumerate()
            .map(|(n, body)| SearchDoc {
                standalone: false,
                slug: format!("p{n}"),
                title: String::new(),
                date: None,
                headings: Vec::new(),
                body: body.clone(),
                summary: String::new(),
                file: String::new(),
            })
            .collect();
        let data = search::build(docs.iter().map(SearchDoc::terms).collect());
        let meta = data.meta();
        for (n, text) in texts.iter().enumerate() {
            for (_, word) in search::words(text) {
                let starts = word.char_indices().skip(1).map(|(at, _)| at).chain([word.len()]);
                let typed = starts.map(|end| word[..end].to_string());
                // And the word finished, which matches it whole.
                for query in typed.chain([format!("{word} ")]) {
                    let query = search::parse_query(&query);
                    let keys = search::needed_shards(&query);
                    prop_assert_eq!(keys.len(), 1);
                    prop_assert!(meta.has(&keys[0]), "{:?} is not listed", keys[0]);
                    let shards: std::collections::HashMap<String, search::TermShard> =
                        keys.iter().filter_map(|k| Some((k.clone(), data.terms.get(k)?.clone()))).collect();
                    prop_assert_eq!(shards.len(), 1, "{:?} is listed but not written", keys[0]);
                    let hits = search::search(&query, &shards);
                    prop_assert!(hits.iter().any(|h| h.doc as usize == n), "{:?} misses p{}", query, n);
                }
            }
        }
    }
}
