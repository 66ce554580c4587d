//! Footnotes, gathered at the end of their language section as one numbered
//! list, in the order of their first reference. Each reference gets its own
//! id, and its note a link back to it; notes never referenced stay at the end
//! of the list, so no text is lost. One pass over the events: a note's events
//! move out of the text, whatever holds its definition.

use std::collections::HashMap;
use std::fmt::Write;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::i18n::{t, Text};
use crate::ids::PostIds;

/// Replaces the footnote references in `events` with numbered links, and
/// moves the footnote definitions into a list after everything else.
pub(super) fn gather<'a>(events: Vec<Event<'a>>, lang: &str, ids: &mut PostIds) -> Vec<Event<'a>> {
    let mut notes = Notes::default();
    let mut out = Vec::with_capacity(events.len() + 16);
    // The definitions being read, innermost last, with their events so far.
    let mut open: Vec<(usize, Vec<Event<'a>>)> = Vec::new();
    for event in events {
        let event = match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let note = notes.note(ids.footnote(&label));
                open.push((note, Vec::new()));
                continue;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((note, body)) = open.pop() {
                    notes.define(note, body);
                }
                continue;
            }
            Event::FootnoteReference(label) => Event::Html(notes.reference(ids.footnote(&label), ids).into()),
            other => other,
        };
        match open.last_mut() {
            Some((_, body)) => body.push(event),
            None => out.push(event),
        }
    }
    // pulldown-cmark closes every definition it opens; should one be left, its text is kept.
    while let Some((note, body)) = open.pop() {
        notes.define(note, body);
    }
    notes.write(&mut out, lang);
    out
}

#[derive(Default)]
struct Notes<'a> {
    notes: Vec<Note<'a>>,
    by_id: HashMap<String, usize>,
    /// Notes by number: referenced ones in the order of their first reference.
    numbered: Vec<usize>,
    /// Definitions in the order they end: (note, whether it is the note's first).
    definitions: Vec<(usize, bool)>,
    /// Bodies of second definitions of one label, kept as text.
    duplicates: Vec<Vec<Event<'a>>>,
}

struct Note<'a> {
    id: String,
    number: Option<usize>,
    references: Vec<String>,
    body: Option<Vec<Event<'a>>>,
}

impl<'a> Notes<'a> {
    fn note(&mut self, id: String) -> usize {
        if let Some(&at) = self.by_id.get(&id) {
            return at;
        }
        let at = self.notes.len();
        self.by_id.insert(id.clone(), at);
        self.notes.push(Note { id, number: None, references: Vec::new(), body: None });
        at
    }

    fn define(&mut self, note: usize, body: Vec<Event<'a>>) {
        if self.notes[note].body.is_none() {
            self.notes[note].body = Some(body);
            self.definitions.push((note, true));
        } else {
            self.definitions.push((self.duplicates.len(), false));
            self.duplicates.push(body);
        }
    }

    /// `<sup class="footnote-ref"><a href="#folio-fn-x" id="folio-fnref-x">1</a></sup>`.
    fn reference(&mut self, id: String, ids: &mut PostIds) -> String {
        let at = self.note(id);
        let number = match self.notes[at].number {
            Some(number) => number,
            None => {
                self.numbered.push(at);
                self.notes[at].number = Some(self.numbered.len());
                self.numbered.len()
            }
        };
        let note = &mut self.notes[at];
        let reference = ids.footnote_reference(&note.id, note.references.len() + 1);
        let html =
            format!("<sup class=\"footnote-ref\"><a href=\"#{}\" id=\"{reference}\">{number}</a></sup>", note.id);
        note.references.push(reference);
        html
    }

    /// The list: referenced notes by number, then the others as they came.
    fn write(mut self, out: &mut Vec<Event<'a>>, lang: &str) {
        if self.notes.is_empty() && self.duplicates.is_empty() {
            return;
        }
        out.push(Event::Html(
            format!("<section class=\"footnotes\" aria-label=\"{}\"><ol>\n", t(lang, Text::Footnotes)).into(),
        ));
        for at in std::mem::take(&mut self.numbered) {
            let note = &mut self.notes[at];
            let backlinks = backlinks(note, lang);
            write_item(out, Some(&note.id), note.body.take().unwrap_or_default(), &backlinks);
        }
        for (at, first) in std::mem::take(&mut self.definitions) {
            if !first {
                write_item(out, None, std::mem::take(&mut self.duplicates[at]), "");
            } else if self.notes[at].number.is_none() {
                let note = &mut self.notes[at];
                write_item(out, Some(&note.id), note.body.take().unwrap_or_default(), "");
            }
        }
        out.push(Event::Html("</ol></section>\n".into()));
    }
}

/// One link back per reference, each to its own: ↩, ↩², ↩³…, named
/// "Back to reference 1", "Back to reference 1-2"…
fn backlinks(note: &Note, lang: &str) -> String {
    let label = t(lang, Text::BackToReference);
    let number = note.number.unwrap_or_default();
    let mut html = String::new();
    for (n, reference) in note.references.iter().enumerate() {
        let nth = n + 1;
        if nth > 1 {
            html.push(' ');
        }
        // U+FE0E asks for the arrow as text, which some phones draw as an emoji otherwise.
        let _ = write!(html, "<a href=\"#{reference}\" class=\"footnote-backref\" aria-label=\"{label} {number}");
        let _ = match nth {
            1 => write!(html, "\">↩\u{FE0E}</a>"),
            // `1-2`, as GitHub labels them: the visible `2` is part of the name
            // (a name in parentheses would not count for voice control).
            _ => write!(html, "-{nth}\">↩\u{FE0E}<sup>{nth}</sup></a>"),
        };
    }
    html
}

/// `<li>` with the note's events; the links back go inside its last
/// paragraph if it ends with one, else after its last block.
fn write_item<'a>(out: &mut Vec<Event<'a>>, id: Option<&str>, mut body: Vec<Event<'a>>, backlinks: &str) {
    out.push(Event::Html(match id {
        Some(id) => format!("<li id=\"{id}\">").into(),
        None => "<li>".into(),
    }));
    if !backlinks.is_empty() {
        match body.last() {
            Some(Event::End(TagEnd::Paragraph)) => {
                body.insert(body.len() - 1, Event::Html(format!(" {backlinks}").into()))
            }
            _ => body.push(Event::Html(backlinks.to_string().into())),
        }
    }
    out.extend(body);
    out.push(Event::Html("</li>\n".into()));
}

#[cfg(test)]
mod tests {
    use crate::markdown::tests::{render_en, render_vi};

    #[test]
    fn notes_are_numbered_in_order_of_first_reference_at_the_end() {
        let html = render_en("A[^b] and B[^a].\n\n[^a]: First defined.\n\n[^b]: Second defined.\n\nAfter.\n").html;
        assert_eq!(
            html,
            "<p>A<sup class=\"footnote-ref\"><a href=\"#folio-fn-b\" id=\"folio-fnref-b\">1</a></sup> and \
             B<sup class=\"footnote-ref\"><a href=\"#folio-fn-a\" id=\"folio-fnref-a\">2</a></sup>.</p>\n\
             <p>After.</p>\n\
             <section class=\"footnotes\" aria-label=\"Footnotes\"><ol>\n\
             <li id=\"folio-fn-b\">\n<p>Second defined. <a href=\"#folio-fnref-b\" class=\"footnote-backref\" aria-label=\"Back to reference 1\">↩\u{FE0E}</a></p>\n</li>\n\
             <li id=\"folio-fn-a\">\n<p>First defined. <a href=\"#folio-fnref-a\" class=\"footnote-backref\" aria-label=\"Back to reference 2\">↩\u{FE0E}</a></p>\n</li>\n\
             </ol></section>\n"
        );
    }

    #[test]
    fn vietnamese_names_the_list_and_the_links_back() {
        let html = render_vi("Câu[^1].\n\n[^1]: Chú thích một.\n").html;
        assert!(html.contains("<section class=\"footnotes\" aria-label=\"Chú thích\"><ol>"), "{html}");
        assert!(
            html.contains("<li id=\"folio-fn-1\">\n<p>Chú thích một. <a href=\"#folio-fnref-1\" class=\"footnote-backref\" aria-label=\"Quay lại chỗ tham chiếu 1\">↩\u{FE0E}</a></p>"),
            "{html}"
        );
    }

    #[test]
    fn each_reference_gets_its_own_id_and_link_back() {
        for (render, label) in
            [(render_en as fn(&str) -> _, "Back to reference"), (render_vi, "Quay lại chỗ tham chiếu")]
        {
            let html = render("x[^n] y[^n] z[^N]\n\n[^n]: Note.\n").html;
            for (n, id) in ["folio-fnref-n", "folio-fnref-n-2", "folio-fnref-n-3"].iter().enumerate() {
                assert!(html.contains(&format!("<a href=\"#folio-fn-n\" id=\"{id}\">1</a>")), "{n}: {html}");
            }
            assert!(
                html.contains(&format!(
                    "<p>Note. <a href=\"#folio-fnref-n\" class=\"footnote-backref\" aria-label=\"{label} 1\">↩\u{FE0E}</a> \
                     <a href=\"#folio-fnref-n-2\" class=\"footnote-backref\" aria-label=\"{label} 1-2\">↩\u{FE0E}<sup>2</sup></a> \
                     <a href=\"#folio-fnref-n-3\" class=\"footnote-backref\" aria-label=\"{label} 1-3\">↩\u{FE0E}<sup>3</sup></a></p>"
                )),
                "{html}"
            );
        }
    }

    #[test]
    fn reference_ids_stay_unique_across_labels() {
        let html = render_en("[^a-2] [^a] [^a]\n\n[^a]: A.\n[^a-2]: B.\n").html;
        let ids: Vec<&str> = html.split(" id=\"").skip(1).map(|rest| &rest[..rest.find('"').unwrap()]).collect();
        assert_eq!(
            ids,
            ["folio-fnref-a-2", "folio-fnref-a", "folio-fnref-a-2-1", "folio-fn-a-2", "folio-fn-a"],
            "{html}"
        );
        assert!(html.contains("<a href=\"#folio-fnref-a-2-1\" class=\"footnote-backref\""), "{html}");
    }

    #[test]
    fn links_back_follow_a_last_block_that_is_no_paragraph() {
        let html = render_en("Hi[^l].\n\n[^l]: Items:\n    - one\n    - two\n").html;
        assert!(
            html.contains("<li>two</li>\n</ul>\n<a href=\"#folio-fnref-l\" class=\"footnote-backref\" aria-label=\"Back to reference 1\">↩\u{FE0E}</a></li>"),
            "{html}"
        );
        let html = render_vi("Hi[^e].\n\n[^e]:\n").html;
        assert!(html.contains("<li id=\"folio-fn-e\"><a href=\"#folio-fnref-e\""), "an empty note: {html}");
    }

    #[test]
    fn unreferenced_and_repeated_definitions_keep_their_text() {
        for (render, label) in
            [(render_en as fn(&str) -> _, "Back to reference"), (render_vi, "Quay lại chỗ tham chiếu")]
        {
            let html = render("Text[^used].\n\n[^spare]: Never cited.\n\n[^used]: Cited.\n\n[^used]: Again.\n").html;
            let list = &html[html.find("<ol>").unwrap()..];
            assert_eq!(
                list,
                format!(
                    "<ol>\n<li id=\"folio-fn-used\">\n<p>Cited. <a href=\"#folio-fnref-used\" class=\"footnote-backref\" \
                     aria-label=\"{label} 1\">↩\u{FE0E}</a></p>\n</li>\n\
                     <li id=\"folio-fn-spare\">\n<p>Never cited.</p>\n</li>\n\
                     <li>\n<p>Again.</p>\n</li>\n</ol></section>\n"
                ),
                "{html}"
            );
        }
    }

    #[test]
    fn undefined_references_stay_text_and_nothing_is_listed() {
        for render in [render_en as fn(&str) -> _, render_vi] {
            let html = render("See [^nope].\n").html;
            assert_eq!(html, "<p>See [^nope].</p>\n");
        }
    }

    #[test]
    fn definitions_leave_the_blocks_that_held_them() {
        let html = render_vi("> Trích[^q].\n>\n> [^q]: Trong trích dẫn.\n\nSau.\n").html;
        assert!(html.starts_with("<blockquote>\n<p>Trích<sup"), "{html}");
        let quote = &html[..html.find("</blockquote>").unwrap()];
        assert!(!quote.contains("Trong trích dẫn"), "{html}");
        assert!(html.contains("<li id=\"folio-fn-q\">\n<p>Trong trích dẫn. <a"), "{html}");
    }

    #[test]
    fn notes_referenced_from_notes_are_numbered_as_met() {
        let html = render_en("A[^1].\n\n[^1]: See also[^2].\n[^2]: Deeper.\n").html;
        assert!(html.contains("<a href=\"#folio-fn-2\" id=\"folio-fnref-2\">2</a>"), "{html}");
        let first = html.find("<li id=\"folio-fn-1\">").unwrap();
        assert!(first < html.find("<li id=\"folio-fn-2\">").unwrap(), "{html}");
    }
}
