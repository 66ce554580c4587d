"""Prerendered pages, takeover by the app, and what crawlers see (issue: first
paint, crawlers and feeds)."""

import json
import urllib.request
import xml.etree.ElementTree as ET

import pytest

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from conftest import app_taken_over, canonical, wait_for
from test_reader import h1, mark, path, same_document, uncaught_errors

ATOM = "{http://www.w3.org/2005/Atom}"


def fetch(url):
    with urllib.request.urlopen(url) as response:
        return response.status, response.read().decode("utf-8")


def taken_over(driver):
    return app_taken_over(driver) and driver.execute_script("return !!document.querySelector('#folio-app:not([hidden]) main')")


def test_deep_links_are_real_files_with_the_article(site):
    for url, text in [("posts/welcome/", "folio renders Markdown posts"), ("vi/posts/welcome/", "hiển thị bài viết Markdown"),
                      ("vi/", "Chào mừng đến với folio"), ("tags/rust/", "Rust notes"), ("vi/tags/rust/", "Rust notes")]:
        status, html = fetch(site.url(url))
        assert status == 200, url
        assert text in html, f"{url} is not prerendered"


def test_the_site_is_installable_with_a_manifest_under_its_base(site):
    _, html = fetch(site.url("vi/posts/welcome/"))
    assert '<link rel="manifest" href="/blog/manifest.webmanifest">' in html
    with urllib.request.urlopen(site.url("manifest.webmanifest")) as response:
        assert response.headers["Content-Type"].startswith("application/manifest+json")
        manifest = json.load(response)
    assert (manifest["start_url"], manifest["scope"], manifest["lang"]) == ("/blog/", "/blog/", "en")
    assert manifest["name"] == "folio demo" and manifest["display"] == "standalone"
    icon = manifest["icons"][0]
    assert icon["type"] == "image/svg+xml" and icon["src"].startswith("/blog/favicon-")
    status, svg = fetch(site.url(icon["src"][len("/blog/"):]))
    assert status == 200 and "<svg" in svg


@pytest.mark.chromium_only("asks Chromium's own parser for the manifest and its errors (CDP)")
def test_the_browser_reads_the_manifest_without_errors(site, browser):
    browser.get(site.url(""))
    read = browser.execute_cdp_cmd("Page.getAppManifest", {})
    assert read["url"].endswith("/blog/manifest.webmanifest")
    assert read["errors"] == [], read["errors"]
    parsed = read.get("data") and json.loads(read["data"])
    assert parsed and parsed["start_url"] == "/blog/"


def test_head_tags_for_crawlers(site):
    _, html = fetch(site.url("vi/posts/distributed-cache/"))
    assert '<html lang="vi" dir="ltr">' in html
    assert "<title>folio demo – Ghi chép về bộ nhớ đệm phân tán</title>" in html
    assert '<link rel="canonical" href="https://example.com/blog/vi/posts/distributed-cache/">' in html
    assert 'hreflang="en" href="https://example.com/blog/posts/distributed-cache/"' in html
    assert 'hreflang="x-default"' in html
    assert '<meta name="description" content="Bộ nhớ đệm làm việc chậm thành nhanh' in html
    assert 'property="og:title"' in html and 'name="twitter:card"' in html
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    data = json.loads(html[start:html.index("</script>", start)])
    assert data["@type"] == "BlogPosting" and data["inLanguage"] == "vi" and data["datePublished"] == "2025-06-02"
    assert data["author"]["name"] == "Minh Trần"


def test_readable_without_javascript(site, new_browser):
    driver = new_browser(javascript=False)
    driver.get(site.url("vi/posts/distributed-cache/"))
    assert h1(driver) == "Ghi chép về bộ nhớ đệm phân tán"
    assert "Gần người đọc là nhanh nhất" in driver.find_element(By.CSS_SELECTOR, ".post-body").text
    assert driver.find_element(By.ID, "toc-list").is_displayed(), "without scripts the TOC stays open"
    # Without scripts the language switch is a plain link. It is followed
    # with `get`, which waits for the page: WebKitWebDriver, asked for an
    # element while a script-free page is still loading after a click, once
    # never answered and held the whole run.
    english = driver.find_element(By.LINK_TEXT, "English").get_attribute("href")
    assert english == site.url("posts/distributed-cache/")
    driver.get(english)
    assert h1(driver) == "Notes on distributed caching"


LAYOUT_SHIFT = """
    return new Promise(resolve => {
        let total = 0;
        new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
            .observe({type: 'layout-shift', buffered: true});
        setTimeout(() => resolve(total), 300);
    });"""



@pytest.mark.parametrize("url, heading", [
    ("posts/welcome/", "Welcome to folio"),
    ("vi/posts/welcome/", "Chào mừng đến với folio"),
    ("", "Posts"),
    ("vi/", "Bài viết"),
    ("tags/rust/", "Posts tagged #rust"),
    ("vi/tags/rust/", "Bài viết có thẻ #rust"),
    ("no-such-page/", "Not found"),
    ("vi/no-such-page/", "Không tìm thấy"),
])
def test_app_takes_over_every_page_without_refetching_or_shifting(site, browser, url, heading):
    browser.get(site.url(url))
    wait_for(browser, taken_over, message=f"the app did not take over {url}")
    fetched = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    # The loader fetches the language's shared start data (a `p/` file too); not the post's text.
    shared = browser.find_element(By.ID, "folio-data").get_attribute("data-site")
    assert not [u for u in fetched if "/p/" in u and not u.endswith(shared)], f"the post was fetched again: {fetched}"
    shift = browser.execute_script(LAYOUT_SHIFT)
    assert shift < 0.01, f"cumulative layout shift {shift} on {url}"
    assert h1(browser) == heading
    assert uncaught_errors(browser) == []


PAGES = [
    "posts/distributed-cache/", "vi/posts/distributed-cache/", "", "vi/", "page/2/", "vi/page/2/",
    "tags/rust/", "vi/tags/rust/", "archive/", "vi/archive/", "no-such-page/", "vi/no-such-page/",
]

# Where the landmarks of a page are, in document coordinates.
POSITIONS = """
const root = document.getElementById(arguments[0]);
const at = sel => { const e = root.querySelector(sel); if (!e) return null;
  const r = e.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.top + scrollY), Math.round(r.width), Math.round(r.height)]; };
return ['.site-header', '.lang-switch', 'main', 'main h1', '.toc', '.post-body', '.post-list > li:first-child',
        '.post-list > li:last-child', '.not-found p', '.pager', '.archive-list > li:last-child'].map(at);
"""


@pytest.mark.parametrize("url", PAGES)
def test_static_page_and_app_are_the_same_markup_in_the_same_place(gated_site, browser, url):
    """One source of markup: the prerendered page is what the app renders for
    the same URL (canonical DOM), and every landmark is where it was."""
    gated_site.hold(r"_bg\.wasm$")
    browser.get(gated_site.url(url))
    prerendered = canonical(browser, "#folio-static")
    before = browser.execute_script(POSITIONS, "folio-static")
    gated_site.release()
    wait_for(browser, taken_over)
    assert canonical(browser, "#folio-app") == prerendered
    assert browser.execute_script(POSITIONS, "folio-app") == before


def test_app_takes_over_without_refetching_or_shifting(site, browser):
    browser.get(site.url("posts/welcome/"))
    wait_for(browser, taken_over, message="the app did not take over the prerendered page")
    assert browser.find_elements(By.CSS_SELECTOR, "#folio-app .toc a")
    # After takeover navigation is client-side.
    mark(browser)
    browser.find_element(By.LINK_TEXT, "notes on caching").click()
    wait_for(browser, lambda d: h1(d) == "Notes on distributed caching")
    assert same_document(browser) and path(browser) == "/blog/posts/distributed-cache/"
    assert uncaught_errors(browser) == []


def test_the_app_starts_only_when_the_reader_moves_and_then_routes(site, browser):
    """A reader who only reads is never held up by the app's start: with its
    code compiled and ready, the prerendered page stays as it is until the
    reader's first pointer move, and from then on the app routes links."""
    browser.get(site.url("posts/welcome/"))
    wait_for(browser, lambda d: d.execute_script("return document.documentElement.dataset.folioApp") == "ready",
             message="the app's code was not compiled")
    # Ready, and left alone: the app would mount within a few frames if it did not wait.
    with pytest.raises(TimeoutException):
        wait_for(browser, lambda d: d.find_elements(By.ID, "folio-app"), timeout=1.5)
    assert browser.find_elements(By.ID, "folio-static")
    mark(browser)
    # A real pointer move over the text, as a reader's mouse or finger makes.
    ActionChains(browser).move_to_element(browser.find_element(By.CSS_SELECTOR, "#folio-static h1")).perform()
    # Checked without waking the app as `taken_over` does: the move alone must start it.
    wait_for(browser, lambda d: d.execute_script("return !document.getElementById('folio-static')"),
             message="a pointer move did not start the app")
    browser.find_element(By.LINK_TEXT, "notes on caching").click()
    wait_for(browser, lambda d: h1(d) == "Notes on distributed caching")
    assert same_document(browser), "the app did not route the link"
    assert uncaught_errors(browser) == []


@pytest.mark.parametrize("url, heading", [("no/such/page/", "Not found"), ("vi/không-có-trang-này/", "Không tìm thấy")])
def test_a_page_served_for_another_url_starts_the_app_without_the_reader(site, browser, url, heading):
    """The not-found page, served for any unknown URL (this one in another
    script, percent-encoded), is not the page of its URL: the app starts at
    once and routes by the URL, with no move from the reader."""
    browser.get(site.url(url))
    # Checked without waking the app as `taken_over` does.
    wait_for(browser, lambda d: d.execute_script("return document.documentElement.dataset.folioApp") == "started"
             and not d.find_elements(By.ID, "folio-static"), message=f"the app did not start by itself on {url}")
    assert h1(browser) == heading
    assert uncaught_errors(browser) == []


def test_takeover_keeps_scroll_position(site, new_browser):
    driver = new_browser(width=1280, height=500)
    driver.get(site.url("posts/distributed-cache/#invalidation"))
    wait_for(driver, taken_over)
    top = driver.execute_script("return document.getElementById('invalidation').getBoundingClientRect().top")
    assert 0 <= top < 500, f"the deep-linked heading left the viewport during takeover ({top})"


def test_feeds_sitemap_and_robots(site):
    for feed_url, lang, must_have in [("atom.xml", "en", "Welcome to folio"), ("vi/atom.xml", "vi", "Hà Nội mùa thu")]:
        status, body = fetch(site.url(feed_url))
        assert status == 200
        feed = ET.fromstring(body)
        assert feed.tag == ATOM + "feed"
        titles = [e.find(ATOM + "title").text for e in feed.findall(ATOM + "entry")]
        assert must_have in titles, titles
        content = feed.find(ATOM + "entry").find(ATOM + "content").text
        assert "<p>" in content, "feeds carry the full content"
    _, html = fetch(site.url(""))
    assert 'type="application/atom+xml"' in html and "/blog/vi/atom.xml" in html
    _, body = fetch(site.url("sitemap.xml"))
    sitemap = ET.fromstring(body)
    locs = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.com/blog/vi/posts/welcome/" in locs
    alternates = sitemap.findall(".//{http://www.w3.org/1999/xhtml}link")
    assert any(a.get("hreflang") == "vi" for a in alternates)
    _, robots = fetch(site.url("robots.txt"))
    assert "Sitemap: https://example.com/blog/sitemap.xml" in robots


def test_no_request_leaves_the_base_path(site, browser):
    browser.get(site.url("posts/welcome/"))
    wait_for(browser, taken_over)
    browser.find_element(By.CSS_SELECTOR, ".lang-switch a[hreflang=vi]").click()
    wait_for(browser, lambda d: h1(d) == "Chào mừng đến với folio")
    names = browser.execute_script("return [location.href, ...performance.getEntriesByType('resource').map(e => e.name)]")
    outside = [n for n in names if not n.startswith(site.url(""))]
    assert outside == [], outside
