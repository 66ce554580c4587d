//! The element ids of folio's own page, and the rule that keeps the ids a
//! post brings (headings, footnotes) out of them: the page's ids are the few
//! fixed ones below or start with `folio-`; a post's ids never do, except its
//! footnotes, which live under `folio-fn-`, and the references to them, under
//! `folio-fnref-`. No heading can take either: both are in the page's namespace.

use std::collections::HashMap;

use super::slug::{collapse_whitespace, slugify, UniqueIds};

/// The skip link's target.
pub const MAIN: &str = "main";
pub const POST_TITLE: &str = "post-title";
pub const TOC_TITLE: &str = "toc-title";
pub const TOC_LIST: &str = "toc-list";
/// The prerendered page, which the app replaces.
pub const STATIC_ROOT: &str = "folio-static";
/// The hidden container the app renders into before taking over.
pub const APP_ROOT: &str = "folio-app";
/// Every static page's data block (`listing::Embedded`, JSON).
pub const DATA_BLOCK: &str = "folio-data";
/// The search dialog's list of results and its status line.
pub const SEARCH_RESULTS: &str = "folio-search-results";
pub const SEARCH_STATUS: &str = "folio-search-status";

/// Every id the page may give its own elements starts with this, apart from
/// [`FIXED`]; a new id for the page needs no listing if it follows the rule.
/// `folio-fn-` and `folio-fnref-` are taken: posts' footnotes and the
/// references to them.
pub const PREFIX: &str = "folio-";

/// The page's ids outside [`PREFIX`]. `top` is the fragment HTML itself
/// gives to the top of the page; `app`, `content` and `toc` were reserved by
/// earlier versions and stay so, so that no heading's id changes.
const FIXED: &[&str] = &[MAIN, POST_TITLE, TOC_TITLE, TOC_LIST, "top", "app", "content", "toc"];

const FOOTNOTE_PREFIX: &str = "folio-fn-";
/// Disjoint from [`FOOTNOTE_PREFIX`]: its tenth byte is `r`, not `-`.
const REFERENCE_PREFIX: &str = "folio-fnref-";

/// Whether `id` is the page's (footnotes and references included): no heading may take it.
pub fn is_reserved(id: &str) -> bool {
    FIXED.contains(&id) || id.starts_with(PREFIX)
}

/// Hands out the ids of one post's headings, footnotes and footnote
/// references: readable, unique within the post, and never one of the page's.
#[derive(Debug)]
pub struct PostIds {
    headings: UniqueIds,
    footnotes: UniqueIds,
    references: UniqueIds,
    /// By label as pulldown-cmark matches them (case-insensitive), so a
    /// reference and its definition get the same id.
    footnote_by_label: HashMap<String, String>,
}

impl Default for PostIds {
    fn default() -> Self {
        PostIds {
            headings: UniqueIds::reserving(FIXED),
            footnotes: UniqueIds::default(),
            references: UniqueIds::default(),
            footnote_by_label: HashMap::new(),
        }
    }
}

impl PostIds {
    /// `wanted` is the slug of the heading's `{#id}` or text. A fixed id gets
    /// a suffix (`post-title-1`); one in the page's namespace a prefix
    /// (`section-folio-static`), since no suffix would take it out.
    pub fn heading(&mut self, wanted: &str) -> String {
        if wanted.starts_with(PREFIX) {
            return self.headings.unique(&format!("section-{wanted}"), "section");
        }
        self.headings.unique(wanted, "section")
    }

    /// `folio-fn-<label>`: pulldown-cmark would use the label itself as the
    /// id, so `[^main]` would take the page's `main`.
    pub fn footnote(&mut self, label: &str) -> String {
        let key = collapse_whitespace(label).to_lowercase();
        if let Some(id) = self.footnote_by_label.get(&key) {
            return id.clone();
        }
        let id = format!("{FOOTNOTE_PREFIX}{}", self.footnotes.unique(&slugify(label), "note"));
        self.footnote_by_label.insert(key, id.clone());
        id
    }

    /// The id of the `nth` reference (from 1) to the footnote `footnote_id`
    /// (from [`PostIds::footnote`]): `folio-fnref-<label>`, then
    /// `folio-fnref-<label>-2`, … A suffix keeps it unique if another note's
    /// label already took it (`[^a]` twice and `[^a-2]`).
    pub fn footnote_reference(&mut self, footnote_id: &str, nth: usize) -> String {
        let label = footnote_id.strip_prefix(FOOTNOTE_PREFIX).unwrap_or(footnote_id);
        let wanted =
            if nth <= 1 { format!("{REFERENCE_PREFIX}{label}") } else { format!("{REFERENCE_PREFIX}{label}-{nth}") };
        self.references.unique(&wanted, REFERENCE_PREFIX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::tests::render_en;

    fn ids_in(html: &str) -> Vec<String> {
        html.split(" id=\"").skip(1).map(|rest| rest[..rest.find('"').unwrap()].to_string()).collect()
    }

    #[test]
    fn the_page_ids_are_reserved() {
        for id in
            [MAIN, POST_TITLE, TOC_TITLE, TOC_LIST, STATIC_ROOT, APP_ROOT, "folio-anything-later", "folio-fnref-1"]
        {
            assert!(is_reserved(id), "{id}");
        }
        assert!(!is_reserved("folio") && !is_reserved("intro"));
    }

    #[test]
    fn headings_never_take_the_page_ids() {
        let r = render_en(
            "## Post title\n\n## TOC list {#toc-list}\n\n## Folio static {#folio-static}\n\n## Main\n\n\
             ## Folio app\n\n## x {#Folio-App}\n\n## Toc title\n",
        );
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "post-title-1",
                "toc-list-1",
                "section-folio-static",
                "main-1",
                "section-folio-app",
                "section-folio-app-1",
                "toc-title-1"
            ]
        );
        for id in ids_in(&r.html) {
            assert!(!is_reserved(&id), "{id}");
        }
    }

    #[test]
    fn headings_keep_readable_ids_near_the_namespace() {
        let r = render_en("## Folio\n\n## Folios static\n\n## Fn pointers\n");
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["folio", "folios-static", "fn-pointers"]);
    }

    #[test]
    fn footnotes_get_their_own_namespace() {
        let r = render_en(
            "## Main\n\nA[^main], b[^folio-static], c[^1], d[^Note].\n\n## 1\n\n\
             [^main]: m.\n[^folio-static]: s.\n[^1]: one.\n[^note]: n.\n",
        );
        let ids = ids_in(&r.html);
        assert_eq!(
            ids,
            [
                "main-1",
                "folio-fnref-main",
                "folio-fnref-folio-static",
                "folio-fnref-1",
                "folio-fnref-note",
                "1",
                "folio-fn-main",
                "folio-fn-folio-static",
                "folio-fn-1",
                "folio-fn-note"
            ],
            "{}",
            r.html
        );
        for target in ["#folio-fn-main", "#folio-fn-folio-static", "#folio-fn-1", "#folio-fn-note"] {
            assert!(r.html.contains(&format!("href=\"{target}\"")), "{target} in {}", r.html);
        }
        assert!(
            r.html.contains("<a href=\"#folio-fn-note\" id=\"folio-fnref-note\">4</a>"),
            "case-insensitive labels: {}",
            r.html
        );
    }

    #[test]
    fn headings_never_take_footnote_or_reference_ids() {
        let r =
            render_en("## A {#folio-fn-x}\n\n## B {#folio-fnref-x}\n\n## Folio fnref x\n\nT[^x] u[^x].\n\n[^x]: X.\n");
        let headings: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(headings, ["section-folio-fn-x", "section-folio-fnref-x", "section-folio-fnref-x-1"]);
        let ids = ids_in(&r.html);
        assert_eq!(ids.iter().collect::<std::collections::HashSet<_>>().len(), ids.len(), "unique: {ids:?}");
        for id in ["folio-fn-x", "folio-fnref-x", "folio-fnref-x-2"] {
            assert!(ids.contains(&id.to_string()) && is_reserved(id), "{id} in {ids:?}");
        }
    }
}
