//! Heading anchors: a `#` link at the end of every heading, to its own id, so
//! a reader can copy a link to the section. It is named for screen readers
//! with the heading's text; the TOC and `Rendered.headings` take the text
//! before the anchor is added, so they never include it.

use crate::i18n::{t, Text};
use crate::sanitize::escape_attr;

/// `<a class="heading-anchor" href="#ID" aria-label="Link to this section: TEXT">#</a>`.
pub(super) fn heading_anchor(id: &str, text: &str, lang: &str) -> String {
    let mut html = String::with_capacity(96 + id.len() + text.len());
    html.push_str("<a class=\"heading-anchor\" href=\"#");
    escape_attr(id, &mut html);
    html.push_str("\" aria-label=\"");
    html.push_str(t(lang, Text::LinkToSection));
    if !text.is_empty() {
        html.push_str(": ");
        escape_attr(text, &mut html);
    }
    html.push_str("\">#</a>");
    html
}

#[cfg(test)]
mod tests {
    use crate::markdown::tests::{render_en, render_vi};

    #[test]
    fn every_heading_links_to_itself_in_english() {
        let r = render_en("# One\n\n## Two `code` & \"more\"\n\n###### Six {#six .x}\n");
        assert_eq!(
            r.html,
            "<h1 id=\"one\">One<a class=\"heading-anchor\" href=\"#one\" aria-label=\"Link to this section: One\">#</a></h1>\n\
             <h2 id=\"two-code-more\">Two <code>code</code> &amp; “more”<a class=\"heading-anchor\" href=\"#two-code-more\" \
             aria-label=\"Link to this section: Two code &amp; “more”\">#</a></h2>\n\
             <h6 id=\"six\" class=\"x\">Six<a class=\"heading-anchor\" href=\"#six\" aria-label=\"Link to this section: Six\">#</a></h6>\n"
        );
    }

    #[test]
    fn anchor_labels_are_in_the_sections_language() {
        let r = render_vi("## Bộ nhớ đệm\n\n### ?!\n");
        assert!(
            r.html.contains("<h2 id=\"bo-nho-dem\">Bộ nhớ đệm<a class=\"heading-anchor\" href=\"#bo-nho-dem\" aria-label=\"Liên kết tới mục này: Bộ nhớ đệm\">#</a></h2>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("aria-label=\"Liên kết tới mục này: ?!\">#</a></h3>"), "{}", r.html);
        let empty = render_vi("##\n").html;
        assert!(empty.contains("aria-label=\"Liên kết tới mục này\">#</a>"), "{empty}");
    }

    #[test]
    fn headings_and_toc_text_leave_the_anchor_out() {
        for render in [render_en as fn(&str) -> _, render_vi] {
            let r = render("## Alpha\n\n### Beta *b*\n");
            let texts: Vec<&str> = r.headings.iter().map(|h| h.text.as_str()).collect();
            assert_eq!(texts, ["Alpha", "Beta b"]);
            let toc = crate::toc::to_html(&crate::toc::build(&r.headings));
            assert!(!toc.contains(">#<") && !toc.contains("heading-anchor"), "{toc}");
        }
    }
}
