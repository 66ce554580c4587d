//! folio's stylesheet, smaller for readers: comments and the whitespace
//! that only lays the source out are left out of release builds. A
//! conservative pass, not a CSS optimizer: strings, `url()`s and the spaces
//! that mean something (between selectors' parts, around `+` and `-` in
//! `calc()`, between values) are kept as written.

/// `css` without comments, indentation and line breaks. Whitespace next to
/// `{`, `}`, `;`, `,` and after `:` in a declaration goes; other runs of
/// whitespace become one space.
pub fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    // Whitespace seen and not yet written: written as one space before the
    // next character unless a neighbour makes it needless.
    let mut pending_space = false;
    let mut depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = '\0';
                for c in chars.by_ref() {
                    if last == '*' && c == '/' {
                        break;
                    }
                    last = c;
                }
                // A comment is nothing: `.a/**/.b` is `.a.b`.
            }
            '"' | '\'' => {
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
                let mut escaped = false;
                for inner in chars.by_ref() {
                    out.push(inner);
                    if escaped {
                        escaped = false;
                    } else if inner == '\\' {
                        escaped = true;
                    } else if inner == c {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => pending_space = true,
            '{' | '}' | ';' | ',' | '>' => {
                pending_space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                while out.ends_with(' ') {
                    out.pop();
                }
                out.push(c);
                match c {
                    '{' => depth += 1,
                    '}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                // After these, whitespace never matters.
                while chars.peek().is_some_and(|n| n.is_whitespace()) {
                    chars.next();
                }
            }
            ':' if depth > 0 && !out.ends_with('&') => {
                // In a declaration block a colon may be a property's or a
                // nested selector's pseudo-class (`a :hover` differs from
                // `a:hover`): keep a space before it, drop the one after.
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
                let is_declaration = chars.peek().is_some_and(|n| n.is_whitespace());
                if is_declaration {
                    while chars.peek().is_some_and(|n| n.is_whitespace()) {
                        chars.next();
                    }
                }
            }
            c => {
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
            }
        }
    }
    out.trim().to_string()
}

fn flush_space(out: &mut String, pending: &mut bool, _next: char) {
    if *pending && !out.is_empty() && !out.ends_with(['{', '}', ';', ',', '>', '(']) {
        out.push(' ');
    }
    *pending = false;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_layout_go_and_meaning_stays() {
        let css = "/* folio */\n:root {\n  --a: 1px; /* why */\n  font: 0.8rem var(--font-ui);\n}\n\n\
                   .a > .b, .c :hover {\n  width: calc(100% - 2rem);\n  content: \"a  /* b */ ;\";\n}\n\
                   @media (max-width: 40rem) {\n  .a:hover { color: red !important; }\n}\n";
        assert_eq!(
            minify_css(css),
            ":root{--a:1px;font:0.8rem var(--font-ui)}.a>.b,.c :hover{width:calc(100% - 2rem);\
             content:\"a  /* b */ ;\"}@media (max-width: 40rem){.a:hover{color:red !important}}"
        );
    }

    #[test]
    fn minifying_twice_changes_nothing_more() {
        let css = include_str!("../../../style/main.css");
        let once = minify_css(css);
        assert_eq!(minify_css(&once), once);
        assert_eq!(minify_css(".a/* x */.b { color: red }"), ".a.b{color:red}", "a comment joins what is around it");
        assert!(once.len() < css.len() * 17 / 20, "{} of {}", once.len(), css.len());
        // Every rule's braces are kept (folio's comments hold none).
        assert_eq!(once.matches('{').count(), css.matches('{').count());
    }
}
