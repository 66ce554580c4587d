//! Callouts: GitHub's alert syntax (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`,
//! `[!WARNING]`, `[!CAUTION]`) as a titled box instead of a blockquote. The
//! title is in the section's language; the icon is drawn here, in a few
//! strokes, and hidden from screen readers (the title says it all).

use pulldown_cmark::BlockQuoteKind;

use crate::i18n::{t, Text};

/// What a callout's blockquote ends with.
pub(super) const CLOSE: &str = "</div>\n";

/// The start of a callout of `kind` written in `lang`: its box and title.
pub(super) fn open(kind: BlockQuoteKind, lang: &str) -> String {
    let (name, title, icon) = match kind {
        BlockQuoteKind::Note => ("note", Text::CalloutNote, NOTE_ICON),
        BlockQuoteKind::Tip => ("tip", Text::CalloutTip, TIP_ICON),
        BlockQuoteKind::Important => ("important", Text::CalloutImportant, IMPORTANT_ICON),
        BlockQuoteKind::Warning => ("warning", Text::CalloutWarning, WARNING_ICON),
        BlockQuoteKind::Caution => ("caution", Text::CalloutCaution, CAUTION_ICON),
    };
    format!(
        "<div class=\"callout callout-{name}\" role=\"note\"><p class=\"callout-title\">{ICON_OPEN}{icon}</svg>{}</p>\n",
        t(lang, title)
    )
}

/// Strokes in the text's colour; the shapes inside only say where. Every
/// element has its end tag: the HTML5 parser would keep `<path/>` open in
/// some places and `balance` models none of SVG's own rules.
/// `width` and `height` size it where the stylesheet does not reach (feed readers).
const ICON_OPEN: &str = "<svg class=\"callout-icon\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" aria-hidden=\"true\" focusable=\"false\" \
    fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" stroke-linecap=\"round\" stroke-linejoin=\"round\">";

/// A ring with an "i".
const NOTE_ICON: &str = "<circle cx=\"8\" cy=\"8\" r=\"6.25\"></circle><path d=\"M8 7.25v3.75\"></path>\
    <circle cx=\"8\" cy=\"4.9\" r=\"0.4\" fill=\"currentColor\"></circle>";
/// A light bulb on a two-line base.
const TIP_ICON: &str = "<path d=\"M8 1.5a4.25 4.25 0 0 0-2.5 7.7c.35.25.5.6.5 1v.55h4v-.55c0-.4.15-.75.5-1A4.25 4.25 0 0 0 8 1.5z\"></path>\
    <path d=\"M6 12.75h4M6.75 14.5h2.5\"></path>";
/// A speech bubble with an exclamation mark.
const IMPORTANT_ICON: &str =
    "<path d=\"M2.25 2.5h11.5v8.25H8.5l-3 2.75v-2.75H2.25z\"></path><path d=\"M8 4.75v2.75\"></path>\
    <circle cx=\"8\" cy=\"9.25\" r=\"0.4\" fill=\"currentColor\"></circle>";
/// A triangle with an exclamation mark.
const WARNING_ICON: &str = "<path d=\"M8 1.75l6.5 11.75h-13z\"></path><path d=\"M8 6v3.25\"></path>\
    <circle cx=\"8\" cy=\"11.4\" r=\"0.4\" fill=\"currentColor\"></circle>";
/// An octagon (a stop sign) with an exclamation mark.
const CAUTION_ICON: &str = "<path d=\"M5.25 1.5h5.5l3.75 3.75v5.5l-3.75 3.75h-5.5L1.5 10.75v-5.5z\"></path>\
    <path d=\"M8 4.5v4\"></path><circle cx=\"8\" cy=\"11\" r=\"0.4\" fill=\"currentColor\"></circle>";

#[cfg(test)]
mod tests {
    use crate::markdown::tests::{render_en, render_vi};

    const KINDS: [(&str, &str, &str, &str); 5] = [
        ("NOTE", "note", "Note", "Ghi chú"),
        ("TIP", "tip", "Tip", "Mẹo"),
        ("IMPORTANT", "important", "Important", "Quan trọng"),
        ("WARNING", "warning", "Warning", "Cảnh báo"),
        ("CAUTION", "caution", "Caution", "Thận trọng"),
    ];

    #[test]
    fn each_kind_has_its_box_icon_and_title_in_english() {
        for (marker, class, title, _) in KINDS {
            let html = render_en(&format!("> [!{marker}]\n> Mind *this*.\n")).html;
            let start = format!(
                "<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\"><svg class=\"callout-icon\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" aria-hidden=\"true\" focusable=\"false\""
            );
            assert!(html.starts_with(&start), "{html}");
            assert!(html.ends_with(&format!("</svg>{title}</p>\n<p>Mind <em>this</em>.</p>\n</div>\n")), "{html}");
            assert!(!html.contains("blockquote") && !html.contains("[!"), "{html}");
        }
    }

    #[test]
    fn titles_are_in_the_sections_language() {
        for (marker, class, _, title) in KINDS {
            let html = render_vi(&format!("> [!{marker}]\n> Chú ý.\n")).html;
            assert!(html.starts_with(&format!("<div class=\"callout callout-{class}\" role=\"note\">")), "{html}");
            assert!(html.contains(&format!("</svg>{title}</p>\n<p>Chú ý.</p>\n</div>")), "{html}");
        }
    }

    #[test]
    fn every_kind_has_its_own_icon() {
        let icons: std::collections::HashSet<String> = KINDS
            .iter()
            .map(|(marker, ..)| {
                let html = render_en(&format!("> [!{marker}]\n> x\n")).html;
                html[html.find("<svg").unwrap()..html.find("</svg>").unwrap()].to_string()
            })
            .collect();
        assert_eq!(icons.len(), KINDS.len());
    }

    #[test]
    fn plain_and_unknown_quotes_stay_blockquotes() {
        assert_eq!(render_en("> Just a quote.\n").html, "<blockquote>\n<p>Just a quote.</p>\n</blockquote>\n");
        let html = render_vi("> [!HINT]\n> Không phải chú thích.\n").html;
        assert!(html.starts_with("<blockquote>") && html.contains("[!HINT]"), "{html}");
    }

    #[test]
    fn callouts_nest_and_hold_blocks() {
        let html = render_vi(">[!NOTE]\n>>[!WARNING]\n>>- một\n>>- hai\n").html;
        assert!(html.starts_with("<div class=\"callout callout-note\" role=\"note\">"), "{html}");
        assert!(html.contains("Cảnh báo</p>\n<ul>\n<li>một</li>\n<li>hai</li>\n</ul>\n</div>\n</div>\n"), "{html}");
    }

    #[test]
    fn svg_in_a_post_stays_text() {
        let html = render_en(
            "<svg viewBox=\"0 0 1 1\"><path d=\"M0 0\"></path></svg>\n\nA <svg><circle r=\"1\"></circle></svg>\n",
        )
        .html;
        assert!(!html.contains("<svg") && !html.contains("<path") && !html.contains("<circle"), "{html}");
        assert!(html.contains("&lt;svg"), "{html}");
    }
}
