//! Makes rendered post HTML well-formed as an HTML5 parser reads it: every
//! element is closed, no end tag lacks its start, and the nesting is the one a
//! browser's tree builder would make, so a post cannot close the page's
//! `<article>` or have the parser reopen, move or drop what it wrote.
//!
//! One pass with a stack of open elements. Where the HTML5 tree builder would
//! act implicitly (a `<div>` closing an open `<p>`, an `<li>` closing the last
//! `<li>`, a `<tr>` needing a `<tbody>`), the end or start tags are written
//! out; what it would ignore or move out of a table is dropped.
//!
//! Each question the tree builder asks by walking its stack ("is a `p` in
//! button scope?") is answered here in constant time: for every element name
//! and every category of element the stack keeps the positions of the open
//! ones, so "the nearest open `p`" and "the nearest scope boundary" are two
//! lookups, and a post nested 100,000 deep costs no more per tag than a flat one.
//!
//! The only SVG is the callouts' icons: `svg` with `path` and `circle` inside.

use super::sanitize::{find_byte, name_key, name_keys, scan_tag, Scanned};

/// Balances `html` (the renderer's output, whose text has every `<` escaped).
pub fn balance(html: &str) -> String {
    let mut tree = Tree::with_capacity(html.len() + html.len() / 32 + 16);
    let mut rest = html;
    while let Some(at) = find_byte(rest, b'<') {
        tree.text(&rest[..at]);
        rest = &rest[at..];
        let Scanned::Tag(tag) = scan_tag(rest, |_, _| {}) else {
            tree.text("&lt;");
            rest = &rest[1..];
            continue;
        };
        let source = &rest[..tag.len];
        rest = &rest[tag.len..];
        // Only elements whose parsing rules are written down here pass.
        let Some(element) = Element::named(tag.name) else { continue };
        if tag.closing {
            tree.end_tag(element);
        } else {
            tree.start_tag(element, source);
        }
    }
    tree.text(rest);
    tree.close_from(0);
    tree.out
}

/// Whether `name` (lowercase) is a void element: no content, no end tag.
pub fn is_void(name: &str) -> bool {
    Element::named(name).is_some_and(|element| element.is(VOID))
}

/// Elements folio writes, by their index in `ELEMENTS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Element(u8);

/// What the HTML5 tree builder does with an element, as bit flags.
mod flag {
    /// Has no end tag.
    pub const VOID: u16 = 1;
    /// In the spec's "special" category: it stops the search for an end tag's element.
    pub const SPECIAL: u16 = 1 << 1;
    /// Its start tag closes a `p` in button scope.
    pub const CLOSES_P: u16 = 1 << 2;
    pub const HEADING: u16 = 1 << 3;
    /// Bounds the default scope (and so every scope): table, cells, caption.
    pub const SCOPE: u16 = 1 << 4;
    /// Bounds list-item scope besides `SCOPE`.
    pub const LIST: u16 = 1 << 5;
    /// A table part the parser does not foster content out of: table, tbody/thead/tfoot, tr.
    pub const TABLE_BODY: u16 = 1 << 6;
    /// Ends the search of an `<li>` start tag for an `li` to close: special, except address, div and p.
    pub const STOPS_LI: u16 = 1 << 7;
    /// Ends the search of a `<dd>` or `<dt>` start tag likewise.
    pub const STOPS_DD: u16 = 1 << 8;
    pub const COUNT: usize = 9;
}

use flag::*;

const BLOCK: u16 = SPECIAL | CLOSES_P | STOPS_LI | STOPS_DD;
const PHRASE: u16 = 0;

const ELEMENTS: &[(&str, u16)] = &[
    ("a", PHRASE),
    ("abbr", PHRASE),
    ("b", PHRASE),
    ("blockquote", BLOCK),
    ("br", VOID | SPECIAL | STOPS_LI | STOPS_DD),
    ("button", SPECIAL | STOPS_LI | STOPS_DD),
    ("caption", SPECIAL | SCOPE | STOPS_LI | STOPS_DD),
    ("circle", PHRASE),
    ("cite", PHRASE),
    ("code", PHRASE),
    ("dd", SPECIAL | CLOSES_P | STOPS_LI),
    ("del", PHRASE),
    ("details", BLOCK),
    ("dfn", PHRASE),
    ("div", SPECIAL | CLOSES_P),
    ("dl", BLOCK),
    ("dt", SPECIAL | CLOSES_P | STOPS_LI),
    ("em", PHRASE),
    ("figcaption", BLOCK),
    ("figure", BLOCK),
    ("h1", BLOCK | HEADING),
    ("h2", BLOCK | HEADING),
    ("h3", BLOCK | HEADING),
    ("h4", BLOCK | HEADING),
    ("h5", BLOCK | HEADING),
    ("h6", BLOCK | HEADING),
    ("hr", VOID | BLOCK),
    ("i", PHRASE),
    ("img", VOID | SPECIAL | STOPS_LI | STOPS_DD),
    ("input", VOID | SPECIAL | STOPS_LI | STOPS_DD),
    ("ins", PHRASE),
    ("kbd", PHRASE),
    ("li", SPECIAL | CLOSES_P | STOPS_DD),
    ("mark", PHRASE),
    ("math", PHRASE),
    ("menclose", PHRASE),
    ("merror", PHRASE),
    ("mfrac", PHRASE),
    ("mi", PHRASE),
    ("mmultiscripts", PHRASE),
    ("mn", PHRASE),
    ("mo", PHRASE),
    ("mover", PHRASE),
    ("mpadded", PHRASE),
    ("mphantom", PHRASE),
    ("mprescripts", PHRASE),
    ("mroot", PHRASE),
    ("mrow", PHRASE),
    ("ms", PHRASE),
    ("mspace", PHRASE),
    ("msqrt", PHRASE),
    ("mstyle", PHRASE),
    ("msub", PHRASE),
    ("msubsup", PHRASE),
    ("msup", PHRASE),
    ("mtable", PHRASE),
    ("mtd", PHRASE),
    ("mtext", PHRASE),
    ("mtr", PHRASE),
    ("munder", PHRASE),
    ("munderover", PHRASE),
    ("none", PHRASE),
    ("ol", BLOCK | LIST),
    ("p", SPECIAL | CLOSES_P),
    ("path", PHRASE),
    ("pre", BLOCK),
    ("q", PHRASE),
    ("s", PHRASE),
    ("samp", PHRASE),
    ("section", BLOCK),
    ("small", PHRASE),
    ("span", PHRASE),
    ("strong", PHRASE),
    ("sub", PHRASE),
    ("summary", BLOCK),
    ("sup", PHRASE),
    ("svg", PHRASE),
    ("table", BLOCK | SCOPE | TABLE_BODY),
    ("tbody", SPECIAL | TABLE_BODY | STOPS_LI | STOPS_DD),
    ("td", SPECIAL | SCOPE | STOPS_LI | STOPS_DD),
    ("tfoot", SPECIAL | TABLE_BODY | STOPS_LI | STOPS_DD),
    ("th", SPECIAL | SCOPE | STOPS_LI | STOPS_DD),
    ("thead", SPECIAL | TABLE_BODY | STOPS_LI | STOPS_DD),
    ("time", PHRASE),
    ("tr", SPECIAL | TABLE_BODY | STOPS_LI | STOPS_DD),
    ("u", PHRASE),
    ("ul", BLOCK | LIST),
    ("var", PHRASE),
    ("wbr", VOID | SPECIAL | STOPS_LI | STOPS_DD),
];

/// The element names the table-building rules test, by name rather than flag.
const A: Element = Element::known("a");
const P: Element = Element::known("p");
const LI: Element = Element::known("li");
const DD: Element = Element::known("dd");
const DT: Element = Element::known("dt");
const TABLE: Element = Element::known("table");
const CAPTION: Element = Element::known("caption");
const TBODY: Element = Element::known("tbody");
const THEAD: Element = Element::known("thead");
const TFOOT: Element = Element::known("tfoot");
const TR: Element = Element::known("tr");
const TD: Element = Element::known("td");
const TH: Element = Element::known("th");
const SVG: Element = Element::known("svg");
const PATH: Element = Element::known("path");
const CIRCLE: Element = Element::known("circle");

/// `ELEMENTS`' names as numbers, in the same order.
const KEYS: [u128; ELEMENTS.len()] = {
    let mut names = [""; ELEMENTS.len()];
    let mut at = 0;
    while at < ELEMENTS.len() {
        names[at] = ELEMENTS[at].0;
        at += 1;
    }
    name_keys(&names)
};

impl Element {
    /// The element named `name` in any case, if it is one of `ELEMENTS`.
    fn named(name: &str) -> Option<Element> {
        KEYS.binary_search(&name_key(name)?).ok().map(|at| Element(at as u8))
    }

    const fn known(name: &str) -> Element {
        let mut at = 0;
        while at < ELEMENTS.len() {
            if const_eq(ELEMENTS[at].0, name) {
                return Element(at as u8);
            }
            at += 1;
        }
        panic!("not in ELEMENTS");
    }

    fn name(self) -> &'static str {
        ELEMENTS[self.0 as usize].0
    }

    fn is(self, flags: u16) -> bool {
        ELEMENTS[self.0 as usize].1 & flags != 0
    }

    fn is_section(self) -> bool {
        matches!(self, TBODY | THEAD | TFOOT)
    }

    fn is_cell(self) -> bool {
        matches!(self, TD | TH)
    }

    fn is_table_part(self) -> bool {
        self.is_section() || self.is_cell() || matches!(self, TABLE | CAPTION | TR)
    }
}

const fn const_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The open elements, and for each name and each flag the stack positions of
/// the open elements that have it, nearest last.
struct Tree {
    out: String,
    open: Vec<Element>,
    by_name: [Vec<usize>; ELEMENTS.len()],
    by_flag: [Vec<usize>; COUNT],
}

impl Tree {
    fn with_capacity(capacity: usize) -> Tree {
        Tree {
            out: String::with_capacity(capacity),
            open: Vec::new(),
            by_name: std::array::from_fn(|_| Vec::new()),
            by_flag: std::array::from_fn(|_| Vec::new()),
        }
    }

    fn nearest(&self, element: Element) -> Option<usize> {
        self.by_name[element.0 as usize].last().copied()
    }

    fn nearest_with(&self, flags: u16) -> Option<usize> {
        (0..COUNT).filter(|bit| flags & (1 << bit) != 0).filter_map(|bit| self.by_flag[bit].last().copied()).max()
    }

    /// The nearest open `element` with no element flagged `bounds` above it.
    fn nearest_within(&self, element: Element, bounds: u16) -> Option<usize> {
        let at = self.nearest(element)?;
        self.nearest_with(bounds).is_none_or(|bound| bound <= at).then_some(at)
    }

    fn current(&self) -> Option<Element> {
        self.open.last().copied()
    }

    /// Whether the parser would be in a table mode here, fostering content out.
    fn in_table_body(&self) -> bool {
        self.current().is_some_and(|e| e.is(TABLE_BODY))
    }

    fn push(&mut self, element: Element, source: &str) {
        self.out.push_str(source);
        let at = self.open.len();
        self.open.push(element);
        self.by_name[element.0 as usize].push(at);
        for bit in 0..COUNT {
            if element.is(1 << bit) {
                self.by_flag[bit].push(at);
            }
        }
    }

    /// Writes the end tags of the open elements from the top down to `depth`.
    fn close_from(&mut self, depth: usize) {
        while self.open.len() > depth {
            let Some(element) = self.open.pop() else { break };
            self.by_name[element.0 as usize].pop();
            for bit in 0..COUNT {
                if element.is(1 << bit) {
                    self.by_flag[bit].pop();
                }
            }
            self.out.push_str("</");
            self.out.push_str(element.name());
            self.out.push('>');
        }
    }

    fn text(&mut self, text: &str) {
        // In a table, the parser moves text other than white space out before the table.
        if self.in_table_body() && !text.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\x0C' | b'\r')) {
            return;
        }
        self.out.push_str(text);
    }

    fn start_tag(&mut self, element: Element, source: &str) {
        // SVG here is only the renderer's own icons (the sanitizer lets none
        // through): an `svg` holds paths and circles, which appear nowhere
        // else. So the parser's rules for foreign content never come into
        // play, and anything else is dropped rather than modelled.
        if self.nearest(SVG).is_some() != matches!(element, PATH | CIRCLE) {
            return;
        }
        if element.is_table_part() && element != TABLE {
            return self.start_table_part(element, source);
        }
        if self.in_table_body() {
            if element != TABLE {
                return; // it would be moved out before the table
            }
            // A table in a table ends the open one.
            if let Some(table) = self.nearest(TABLE) {
                self.close_from(table);
            }
        }
        if element == LI {
            self.close_open_item(&[LI], STOPS_LI);
        } else if element == DD || element == DT {
            self.close_open_item(&[DD, DT], STOPS_DD);
        }
        if element.is(CLOSES_P) {
            if let Some(p) = self.nearest_within(P, SCOPE) {
                self.close_from(p);
            }
        }
        if element.is(HEADING) && self.current().is_some_and(|e| e.is(HEADING)) {
            self.close_from(self.open.len() - 1);
        }
        if element == A {
            // A link in a link ends the first, unless a cell or caption lies between.
            if let Some(a) = self.nearest_within(A, SCOPE) {
                self.close_from(a);
            }
        }
        if element.is(VOID) {
            self.out.push_str(source);
        } else {
            self.push(element, source);
        }
    }

    /// The open `li` (or `dd`/`dt`) a new one closes, if no other block lies between.
    fn close_open_item(&mut self, items: &[Element], stops: u16) {
        let nearest = items.iter().filter_map(|item| self.nearest(*item)).max();
        if let Some(item) = nearest.filter(|at| self.nearest_with(stops).is_none_or(|stop| stop < *at)) {
            self.close_from(item);
        }
    }

    /// `caption`, `tbody`/`thead`/`tfoot`, `tr`, `td`/`th`: placed in the
    /// nearest table as the parser would, with the `<tbody>` and `<tr>` it
    /// would add written out.
    fn start_table_part(&mut self, element: Element, source: &str) {
        loop {
            let Some(context) = self.table_context() else { return }; // outside tables the parser ignores them
            let at = self.open.len() - 1;
            let parent = self.open[context];
            if parent.is_cell() || parent == CAPTION {
                self.close_from(context);
            } else if parent == TR {
                if element.is_cell() {
                    return self.push(element, source);
                }
                self.close_from(at);
            } else if parent.is_section() {
                match element {
                    TR => return self.push(element, source),
                    TD | TH => self.push(TR, "<tr>"),
                    _ => self.close_from(at),
                }
            } else {
                match element {
                    CAPTION | TBODY | THEAD | TFOOT => return self.push(element, source),
                    _ => self.push(TBODY, "<tbody>"),
                }
            }
        }
    }

    /// The position of the nearest open table, table section, row, cell or caption.
    fn table_context(&self) -> Option<usize> {
        [TABLE, CAPTION, TBODY, THEAD, TFOOT, TR, TD, TH].iter().filter_map(|e| self.nearest(*e)).max()
    }

    fn end_tag(&mut self, element: Element) {
        let target = if element.is(VOID) {
            None // `</br>` would be read as `<br>`; the others are ignored
        } else if element.is_table_part() {
            // Only within the nearest table (a table's own end tag finds it).
            self.nearest(element).filter(|at| self.nearest(TABLE).is_none_or(|table| table <= *at))
        } else if element.is(HEADING) {
            // Any heading's end tag closes the open heading, whatever its level.
            self.nearest_with(HEADING).filter(|at| self.nearest_with(SCOPE).is_none_or(|bound| bound < *at))
        } else if element == P {
            self.nearest_within(P, SCOPE)
        } else if element == LI {
            self.nearest_within(LI, SCOPE | LIST)
        } else if element.is(SPECIAL) {
            self.nearest_within(element, SCOPE)
        } else {
            // Phrasing elements: the parser gives up at the first block between.
            self.nearest(element).filter(|at| self.nearest_with(SPECIAL).is_none_or(|block| block < *at))
        };
        if let Some(at) = target {
            self.close_from(at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::balance;

    #[track_caller]
    fn check(html: &str, expected: &str) {
        assert_eq!(balance(html), expected, "balancing {html:?}");
        assert_eq!(balance(expected), expected, "balancing is stable");
    }

    #[test]
    fn stray_and_missing_end_tags() {
        check("<p>x</p></div></div></main>\n<p>y</p>", "<p>x</p>\n<p>y</p>");
        check("<div><p>x", "<div><p>x</p></div>");
        check("<b>x</p>y", "<b>xy</b>");
        check("<div><span></div>x", "<div><span></span></div>x");
        check("<span><div></span>x</div>", "<span><div>x</div></span>");
        check("<br></br><img></img>", "<br><img>");
        check("<b><i>x</b>y</i>", "<b><i>x</i></b>y");
        check("<p>\"&lt;\"</p>", "<p>\"&lt;\"</p>");
    }

    #[test]
    fn implied_end_tags_are_written_out() {
        check("<p>a<div>b</div>", "<p>a</p><div>b</div>");
        check("<p><b>a<ul><li>b<li>c</ul>", "<p><b>a</b></p><ul><li>b</li><li>c</li></ul>");
        check("<li><div><span>a<li>b", "<li><div><span>a</span></div></li><li>b</li>");
        check("<li><ul><li>a</ul></li>", "<li><ul><li>a</li></ul></li>");
        check("<dl><dt>a<dd>b<dt>c</dl>", "<dl><dt>a</dt><dd>b</dd><dt>c</dt></dl>");
        check("<h2>a<h3>b</h2>c", "<h2>a</h2><h3>b</h3>c");
        check("<h2><span>a<h3>b</h2>", "<h2><span>a<h3>b</h3></span></h2>");
        check("<a href=x>a<a href=y>b</a>", "<a href=x>a</a><a href=y>b</a>");
        check("<a><div>a<a>b", "<a><div>a</div></a><a>b</a>");
        check("<p>a<hr />b", "<p>a</p><hr />b");
    }

    #[test]
    fn tables_get_the_parts_the_parser_would_add() {
        check("<table><tr><td>a</td></tr></table>", "<table><tbody><tr><td>a</td></tr></tbody></table>");
        check("<table><td>a<td>b", "<table><tbody><tr><td>a</td><td>b</td></tr></tbody></table>");
        check("<table>x<div>y</div> <tr>\n<td>a", "<table> <tbody><tr>\n<td>a</td></tr></tbody></table>");
        check("<table><caption>c<tr><td>a", "<table><caption>c</caption><tbody><tr><td>a</td></tr></tbody></table>");
        check("<td>a</td><tr>b", "ab");
        check("<table><tr><td><div>a</table>b", "<table><tbody><tr><td><div>a</div></td></tr></tbody></table>b");
        check("<div><table><tr><td></div>a", "<div><table><tbody><tr><td>a</td></tr></tbody></table></div>");
        check("<table><tbody><table>", "<table><tbody></tbody></table><table></table>");
        check(
            "<p><table><tr><td><p>a<table>",
            "<p></p><table><tbody><tr><td><p>a</p><table></table></td></tr></tbody></table>",
        );
        check("<a><table><tr><td><a>x", "<a><table><tbody><tr><td><a>x</a></td></tr></tbody></table></a>");
    }

    #[test]
    fn element_table_is_sorted_for_binary_search() {
        assert!(super::ELEMENTS.windows(2).all(|pair| pair[0].0 < pair[1].0));
        assert!(super::KEYS.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn icons_keep_their_shapes_and_nothing_else() {
        let icon =
            "<p><svg class=\"i\" viewBox=\"0 0 16 16\"><circle r=\"1\"></circle><path d=\"M0 0\"></path></svg>Note</p>";
        check(icon, icon);
        check("<svg><p>x</p><b>y</b><svg></svg></svg>z", "<svg>xy</svg>z");
        check("<path d=x></path><circle></circle>a", "a");
        check("<p><svg><path>", "<p><svg><path></path></svg></p>");
        check("<table><svg><path></path></svg><tr><td>a", "<table><tbody><tr><td>a</td></tr></tbody></table>");
    }

    #[test]
    fn unknown_tags_and_lone_brackets() {
        check("<main>a</main><x-y><blockquotes>", "a");
        check("<DIV>a</Div>", "<DIV>a</div>");
        check("a < b", "a &lt; b");
    }
}
