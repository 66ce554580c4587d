"""Every link in the built site leads somewhere: each href, src and srcset of
every page, and each link of the feeds, sitemap and robots.txt, that points
under the site's base names a file in dist/, and each #fragment an id on that
page. Read with Python's own parsers, independent of the Rust code that wrote
the pages. A fragment must name one element, so an id used twice on a page
(a heading that took the app's `post-title`, say) fails too.

Also runs alone, on any build, without a browser:

    python3 tests/e2e/test_links.py path/to/dist /blog/
"""

import os
import posixpath
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

# The attributes that hold URLs, by tag; `*` for any tag.
URL_ATTRS = {
    "a": ("href",), "area": ("href",), "link": ("href",), "base": ("href",),
    "img": ("src", "srcset"), "source": ("src", "srcset"), "script": ("src",), "iframe": ("src",),
    "audio": ("src",), "video": ("src", "poster"), "track": ("src",), "embed": ("src",),
    "form": ("action",), "object": ("data",),
}
# <meta> whose content is a URL (Open Graph, Twitter cards).
URL_METAS = {"og:url", "og:image", "twitter:image"}
# Fragments a browser resolves without an element: the top of the page.
BUILTIN_FRAGMENTS = {"", "top"}
SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:")


class Page(HTMLParser):
    """One HTML document's ids and URL references (tag, attribute, value)."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.duplicate_ids = set()
        self.refs = []
        self.base = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = [(name, value) for name, value in attrs if value is not None]
        for name, value in attrs:
            if name == "id":
                if value in self.ids:
                    self.duplicate_ids.add(value)
                self.ids.add(value)
            elif tag == "a" and name == "name":
                self.ids.add(value)
        wanted = URL_ATTRS.get(tag, ())
        for name, value in attrs:
            if name not in wanted:
                continue
            if tag == "base":
                self.base = value
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.refs.append((tag, name, candidate.split()[0]))
            else:
                self.refs.append((tag, name, value))
        if tag == "meta":
            values = dict(attrs)
            if (values.get("property") or values.get("name")) in URL_METAS and "content" in values:
                self.refs.append(("meta", values.get("property") or values.get("name"), values["content"]))

    handle_startendtag = handle_starttag


class Checker:
    def __init__(self, dist, base="/blog/", origin=None):
        self.dist = os.path.abspath(dist)
        self.base = "/" + base.strip("/") + "/" if base.strip("/") else "/"
        self.pages = {}
        self.failures = []
        self.checked = 0
        self.origin = origin or self.find_origin()

    def find_origin(self):
        """The scheme and host of the site's absolute URLs, from the home
        page's canonical link: absolute links elsewhere are external."""
        home = self.page(os.path.join(self.dist, "index.html"))
        if home is None:
            return None
        for tag, attr, value in home.refs:
            parts = urlsplit(value)
            if tag == "link" and parts.scheme in ("http", "https") and parts.path.startswith(self.base):
                return f"{parts.scheme}://{parts.netloc}"
        return None

    def page(self, path):
        if path not in self.pages:
            try:
                with open(path, encoding="utf-8") as f:
                    self.pages[path] = Page(f.read())
            except (OSError, UnicodeDecodeError):
                self.pages[path] = None
        return self.pages[path]

    def url_of(self, rel):
        """The URL a file of dist/ is served at: `posts/a/index.html` at `/blog/posts/a/`."""
        if rel == "index.html" or rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        return self.base + rel

    def fail(self, source, what, value, why):
        self.failures.append(f"{source}: {what} {value!r} {why}")

    def check_ref(self, source, what, value, page_url):
        """Checks one reference found in `source` (a file of dist/) served at `page_url`."""
        value = value.strip()
        if not value or value.lower().startswith(SKIPPED_SCHEMES):
            return
        parts = urlsplit(value)
        if parts.scheme or parts.netloc:
            site = f"{parts.scheme or urlsplit(self.origin or 'https:').scheme}://{parts.netloc}"
            if self.origin is None or site != self.origin:
                return
            path, fragment = parts.path, parts.fragment
        else:
            joined = urlsplit(urljoin(page_url, value))
            path, fragment = joined.path, joined.fragment
        # The rest of the domain (the author's home page, say) is not the site's.
        if not (path + "/").startswith(self.base):
            return
        self.checked += 1
        rel = posixpath.normpath(unquote(path[len(self.base):]) or ".")
        if rel.startswith(".."):
            self.fail(source, what, value, f"leaves the site's base {self.base}")
            return
        target = os.path.join(self.dist, rel)
        if path.endswith("/") or rel == ".":
            target = os.path.join(target, "index.html")
        elif os.path.isdir(target):
            target = os.path.join(target, "index.html")
        if not os.path.isfile(target):
            self.fail(source, what, value, f"has no file {os.path.relpath(target, self.dist)}")
            return
        fragment = unquote(fragment)
        if fragment in BUILTIN_FRAGMENTS or not target.endswith(".html"):
            return
        page = self.page(target)
        if page is not None and fragment not in page.ids:
            self.fail(source, what, value, f"has no id {fragment!r} in {os.path.relpath(target, self.dist)}")

    def check_html(self, rel):
        page = self.page(os.path.join(self.dist, rel))
        if page is None:
            self.fail(rel, "file", rel, "is not UTF-8 HTML")
            return
        for duplicate in sorted(page.duplicate_ids):
            self.fail(rel, "id", duplicate, "is on more than one element")
        page_url = self.url_of(rel)
        if page.base:
            page_url = urljoin(page_url, page.base)
        for tag, attr, value in page.refs:
            self.check_ref(rel, f"<{tag} {attr}>", value, page_url)

    def check_xml(self, rel):
        try:
            root = ET.parse(os.path.join(self.dist, rel)).getroot()
        except ET.ParseError as e:
            self.fail(rel, "file", rel, f"is not well-formed XML: {e}")
            return
        page_url = self.url_of(rel)
        parents = {child: parent for parent in root.iter() for child in parent}
        for element in root.iter():
            name = element.tag.rsplit("}", 1)[-1]
            if name == "link" and element.get("href"):
                self.check_ref(rel, "<link href>", element.get("href"), page_url)
            elif name in ("loc", "icon", "logo", "uri") and element.text:
                self.check_ref(rel, f"<{name}>", element.text, page_url)
            elif name in ("content", "summary") and element.get("type") == "html" and element.text:
                # An entry's HTML: its relative links resolve against the entry's page.
                entry_url = page_url
                for link in parents.get(element, []):
                    if link.tag.rsplit("}", 1)[-1] == "link" and link.get("rel", "alternate") == "alternate":
                        entry_url = link.get("href")
                html = Page(element.text)
                for tag, attr, value in html.refs:
                    self.check_ref(rel, f"<{name}> <{tag} {attr}>", value, entry_url)

    def check_robots(self, rel):
        with open(os.path.join(self.dist, rel), encoding="utf-8") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip().lower() == "sitemap":
                    self.check_ref(rel, "Sitemap:", value.strip(), self.url_of(rel))

    def run(self):
        for folder, _, names in os.walk(self.dist):
            for name in sorted(names):
                rel = os.path.relpath(os.path.join(folder, name), self.dist).replace(os.sep, "/")
                if name.endswith(".html"):
                    self.check_html(rel)
                elif name.endswith(".xml"):
                    self.check_xml(rel)
                elif rel == "robots.txt":
                    self.check_robots(rel)
        return sorted(set(self.failures))


def broken_links(dist, base="/blog/", origin=None):
    return Checker(dist, base, origin).run()


def report(failures, limit=60):
    shown = "\n".join(failures[:limit])
    more = f"\n… and {len(failures) - limit} more" if len(failures) > limit else ""
    return f"{len(failures)} broken link(s):\n{shown}{more}"


def test_every_link_in_the_build_resolves(dist):
    from conftest import PREFIX

    failures = broken_links(dist, PREFIX)
    assert not failures, report(failures)


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def test_the_checker_finds_what_is_broken_and_nothing_else(tmp_path):
    root = str(tmp_path)
    write(root, "index.html", """<!DOCTYPE html><html><head>
        <link rel="canonical" href="https://example.com/blog/">
        <link rel="alternate" hreflang="vi" href="https://example.com/blog/vi/">
        <link rel="stylesheet" href="/blog/style-1.css"><script type="module" src="app.js"></script>
        <meta property="og:image" content="https://example.com/blog/posts/gone.png"></head><body>
        <a href="#main">skip</a><a href="#top">top</a><a href="#nowhere">bad fragment</a>
        <main id="main"><a href="posts/a/">a</a><a href="posts/a/#intro">a intro</a>
        <a href="/blog/posts/a/#missing">missing id</a><a href="/blog/vi/posts/a/">vi a</a>
        <a href="posts/caf%C3%A9/?x=1#s">café</a><a href="posts/a">no slash</a>
        <a href="/elsewhere/">outside</a><a href="https://example.com/about">home site</a><a href="https://other.example/blog/x/">external</a>
        <a href="mailto:a@example.com">mail</a>
        <img src="posts/cat.png" srcset="posts/cat.png 1x, posts/cat@2x.png 2x"></main></body></html>""")
    write(root, "style-1.css", "")
    write(root, "app.js", "")
    write(root, "posts/cat.png", "")
    write(root, "posts/a/index.html", '<h2 id="intro">Intro</h2><a href="../../">home</a><a href="../b/">b</a>')
    write(root, "posts/café/index.html", '<h1 id="post-title">C</h1><h2 id="s">S</h2><h2 id="post-title">P</h2>')
    write(root, "vi/index.html", '<a href="../posts/a/#intro">a</a>')
    write(root, "atom.xml", """<?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><link rel="self" href="https://example.com/blog/atom.xml"/>
        <entry><link href="https://example.com/blog/posts/a/"/><content type="html">&lt;a href="#intro"&gt;i&lt;/a&gt;
        &lt;a href="#gone"&gt;g&lt;/a&gt;</content></entry></feed>""")
    write(root, "sitemap.xml", """<?xml version="1.0" encoding="utf-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
        <url><loc>https://example.com/blog/posts/a/</loc>
        <xhtml:link rel="alternate" hreflang="vi" href="https://example.com/blog/vi/posts/a/"/></url></urlset>""")
    write(root, "robots.txt", "User-agent: *\nSitemap: https://example.com/blog/sitemap.xml\n")

    assert broken_links(root, "/blog/") == [
        "atom.xml: <content> <a href> '#gone' has no id 'gone' in posts/a/index.html",
        "index.html: <a href> '#nowhere' has no id 'nowhere' in index.html",
        "index.html: <a href> '/blog/posts/a/#missing' has no id 'missing' in posts/a/index.html",
        "index.html: <a href> '/blog/vi/posts/a/' has no file vi/posts/a/index.html",
        "index.html: <img srcset> 'posts/cat@2x.png' has no file posts/cat@2x.png",
        "index.html: <meta og:image> 'https://example.com/blog/posts/gone.png' has no file posts/gone.png",
        "posts/a/index.html: <a href> '../b/' has no file posts/b/index.html",
        "posts/café/index.html: id 'post-title' is on more than one element",
        "sitemap.xml: <link href> 'https://example.com/blog/vi/posts/a/' has no file vi/posts/a/index.html",
    ]


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3) or not os.path.isdir(sys.argv[1]):
        sys.exit(f"usage: {sys.argv[0]} DIST [BASE]   (BASE defaults to /blog/)")
    checker = Checker(sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else "/blog/")
    failures = checker.run()
    print(f"{checker.checked} link(s) checked; site origin {checker.origin or '(none found)'}")
    if failures:
        print(report(failures, limit=len(failures)))
        sys.exit(1)
    print("no broken links")
