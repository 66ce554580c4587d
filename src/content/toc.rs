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
    fn no_headings_no_toc() {
        assert!(build(&[h(1, "t"), h(5, "x")]).is_empty());
    }
}
