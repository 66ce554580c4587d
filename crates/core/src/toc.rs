//! The table of contents: headings of levels 2 to 4, nested by level.

use serde::{Deserialize, Serialize};

/// A heading as rendered: its level, plain text and unique id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    pub heading: Heading,
    pub children: Vec<TocEntry>,
}

pub const TOC_LEVELS: std::ops::RangeInclusive<u8> = 2..=4;

/// Nests headings by level. A heading deeper than its predecessor becomes its
/// child, however many levels it skips; a shallower one climbs back up.
pub fn build(headings: &[Heading]) -> Vec<TocEntry> {
    let mut roots: Vec<TocEntry> = Vec::new();
    for heading in headings.iter().filter(|h| TOC_LEVELS.contains(&h.level)) {
        insert(&mut roots, heading.clone());
    }
    roots
}

fn insert(siblings: &mut Vec<TocEntry>, heading: Heading) {
    match siblings.last_mut() {
        Some(last) if heading.level > last.heading.level => insert(&mut last.children, heading),
        _ => siblings.push(TocEntry { heading, children: Vec::new() }),
    }
}

/// The TOC as nested `<ol>` lists of in-page links. One string, shared by the
/// prerendered page and the app, and cheap even with thousands of headings.
pub fn to_html(entries: &[TocEntry]) -> String {
    let mut out = String::new();
    write_list(entries, &mut out);
    out
}

/// The TOC in pieces for long posts: the first holds the list with up to
/// `per_piece` top-level entries; each further piece holds the next entries'
/// `<li>` elements, to append to that list.
pub fn to_html_pieces(entries: &[TocEntry], per_piece: usize) -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    for (i, group) in entries.chunks(per_piece.max(1)).enumerate() {
        let mut out = String::new();
        write_items(group, &mut out);
        pieces.push(if i == 0 { format!("<ol>{out}</ol>") } else { out });
    }
    pieces
}

fn write_list(entries: &[TocEntry], out: &mut String) {
    out.push_str("<ol>");
    write_items(entries, out);
    out.push_str("</ol>");
}

fn write_items(entries: &[TocEntry], out: &mut String) {
    for entry in entries {
        out.push_str("<li><a href=\"#");
        super::sanitize::escape_attr(&entry.heading.id, out);
        out.push_str("\">");
        super::sanitize::escape_attr(&entry.heading.text, out);
        out.push_str("</a>");
        if !entry.children.is_empty() {
            write_list(&entry.children, out);
        }
        out.push_str("</li>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, id: &str) -> Heading {
        Heading { level, text: id.to_uppercase(), id: id.into() }
    }

    fn shape(entries: &[TocEntry]) -> String {
        entries
            .iter()
            .map(|e| {
                if e.children.is_empty() {
                    e.heading.id.clone()
                } else {
                    format!("{}({})", e.heading.id, shape(&e.children))
                }
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    #[test]
    fn nests_by_level() {
        let toc = build(&[h(2, "a"), h(3, "b"), h(4, "c"), h(3, "d"), h(2, "e")]);
        assert_eq!(shape(&toc), "a(b(c),d),e");
    }

    #[test]
    fn messy_levels() {
        let toc = build(&[
            h(4, "deep-first"),
            h(2, "a"),
            h(4, "skip"),
            h(3, "back"),
            h(1, "title"),
            h(5, "too-deep"),
            h(2, "z"),
        ]);
        assert_eq!(shape(&toc), "deep-first,a(skip,back),z");
    }

    #[test]
    fn html_nests_and_escapes() {
        let mut b = h(3, "b");
        b.text = "<B & C>".into();
        assert_eq!(
            to_html(&build(&[h(2, "a"), b])),
            "<ol><li><a href=\"#a\">A</a><ol><li><a href=\"#b\">&lt;B &amp; C&gt;</a></li></ol></li></ol>"
        );
    }

    #[test]
    fn pieces_add_up_to_the_whole() {
        let entries = build(&(0..10).map(|i| h(2, &i.to_string())).collect::<Vec<_>>());
        let pieces = to_html_pieces(&entries, 4);
        assert_eq!(pieces.len(), 3);
        assert!(pieces[0].starts_with("<ol>") && pieces[0].ends_with("</ol>") && pieces[1].starts_with("<li>"));
        let whole = format!("{}{}{}</ol>", &pieces[0][..pieces[0].len() - 5], pieces[1], pieces[2]);
        assert_eq!(whole, to_html(&entries));
    }

    #[test]
    fn no_headings_no_toc() {
        assert!(build(&[h(1, "t"), h(5, "x")]).is_empty());
    }
}
