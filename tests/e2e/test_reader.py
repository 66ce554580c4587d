"""The reader's view of folio, in headless Chromium against the release build
served under /blog/ (issue: the reader)."""

import json
import re
import urllib.parse

import pytest
from selenium.webdriver.common.by import By

from conftest import app_taken_over, network, wait_for, worker_in_control

RENDERED = ".post-body, .post-list, .not-found, .error-panel, .tag-page"


def open_page(driver, url):
    """Loads `url` and waits until the app shows it (on a prerendered page, once it has taken over)."""
    driver.get(url)
    wait_for(
        driver,
        lambda d: d.find_elements(By.CSS_SELECTOR, RENDERED) and app_taken_over(d),
        message=f"nothing rendered at {url}",
    )


def mark(driver):
    """Marks the document; a full page load would lose the mark."""
    driver.execute_script("window.__folio_mark = 'same document'")


def same_document(driver):
    return driver.execute_script("return window.__folio_mark") == "same document"


def uncaught_errors(driver):
    """Uncaught errors from the console log (Chromium's); elsewhere, whether the app failed to start."""
    if driver.folio_engine != "chromium":
        failed = driver.execute_script("return document.documentElement.dataset.folioApp === 'failed'")
        return ["the app did not start"] if failed else []
    logs = driver.get_log("browser")
    return [e for e in logs if e["level"] == "SEVERE" and e["source"] != "network"]


def path(driver):
    return driver.execute_script("return location.pathname + location.hash")


def scrolled_to(driver, element_id):
    """The element is at the top of the viewport, or the page is scrolled as far as it goes."""
    return driver.execute_script(
        """const top = document.getElementById(arguments[0]).getBoundingClientRect().top;
        const atEnd = scrollY > 0 && scrollY + innerHeight >= document.documentElement.scrollHeight - 2;
        return (top >= 0 && top < 120) || (atEnd && top >= 0 && top < innerHeight);""",
        element_id,
    )


def h1(driver):
    return driver.find_element(By.CSS_SELECTOR, "#main h1").text


def test_home_lists_posts_newest_first(site, browser):
    open_page(browser, site.url(""))
    titles = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".post-card h2")]
    assert titles == ["Welcome to folio", "Notes on distributed caching", "Rust notes", "Hà Nội mùa thu",
                      "Writing technical posts"]
    browser.find_element(By.CSS_SELECTOR, ".pager a[rel=next]").click()
    wait_for(browser, lambda d: path(d) == "/blog/page/2/")
    titles = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".post-card h2")]
    assert titles == ["A tour of Markdown in folio", "What folio does with unsafe HTML", "The long read"]
    browser.find_element(By.CSS_SELECTOR, ".site-title").click()
    wait_for(browser, lambda d: path(d) == "/blog/")
    assert "Ideas for later" not in browser.page_source, "drafts stay out of release builds"
    first = browser.find_element(By.CSS_SELECTOR, ".post-card")
    assert "18 July 2025" in first.text and "1 min read" in first.text and "#bilingual" in first.text
    assert browser.title == "folio demo"
    assert uncaught_errors(browser) == []


@pytest.mark.engine_independent("the list's titles, dates (formatted by folio, not the browser), language marks and links: markup")
def test_home_in_vietnamese_marks_posts_in_other_languages(site, browser):
    open_page(browser, site.url("vi/"))
    assert browser.execute_script("return document.documentElement.lang") == "vi"
    cards = browser.find_elements(By.CSS_SELECTOR, ".post-card")
    assert cards[0].find_element(By.CSS_SELECTOR, "h2").text == "Chào mừng đến với folio"
    assert "18 tháng 7, 2025" in cards[0].text and "phút đọc" in cards[0].text
    rust = next(c for c in cards if "Rust notes" in c.text)
    assert rust.find_element(By.CSS_SELECTOR, ".other-lang").text == "Tiếng Anh"
    assert rust.get_attribute("lang") == "en"
    # Linked at its real URL: the post has no Vietnamese page.
    link = rust.find_element(By.CSS_SELECTOR, "h2 a")
    assert link.get_attribute("pathname") == "/blog/posts/rust-notes/" and link.get_attribute("hreflang") == "en"


def test_opening_a_post_is_client_side(site, browser):
    open_page(browser, site.url(""))
    mark(browser)
    browser.find_element(By.LINK_TEXT, "Rust notes").click()
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".post-body"))
    assert path(browser) == "/blog/posts/rust-notes/"
    assert same_document(browser), "the page reloaded"
    assert h1(browser) == "Rust notes"
    assert browser.title == "folio demo – Rust notes"
    body = browser.find_element(By.CSS_SELECTOR, ".post-body").text
    assert "Every value has one owner" in body
    browser.back()
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".post-list"))
    assert path(browser) == "/blog/" and same_document(browser)


@pytest.mark.engine_independent("the post's header, title and body: markup, the same in every engine")
def test_post_title_block_and_title_deduplication(site, browser):
    open_page(browser, site.url("posts/welcome/"))
    assert browser.title == "folio demo – Welcome to folio"
    header = browser.find_element(By.CSS_SELECTOR, ".post-header")
    assert "One post, two languages" in header.text and "18 July 2025" in header.text
    author = header.find_element(By.LINK_TEXT, "Trang Nguyễn")
    assert author.get_attribute("href") == "https://example.com/trang"
    # The H1 and subtitle in the file, and the language markers, are not content.
    assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1
    body = browser.find_element(By.CSS_SELECTOR, ".post-body")
    assert "One post, two languages" not in body.text
    assert "Tiếng Việt" not in body.text and "Chào mừng" not in body.text
    assert body.find_elements(By.CSS_SELECTOR, "table") and body.find_elements(By.CSS_SELECTOR, ".footnotes li[id^=folio-fn-]")
    assert body.find_element(By.CSS_SELECTOR, "img").get_attribute("src").endswith("/blog/posts/images/folio.svg")


def test_language_switch_in_place_and_remembered(site, browser):
    open_page(browser, site.url("posts/welcome/"))
    mark(browser)
    switch = browser.find_element(By.CSS_SELECTOR, ".lang-switch a[hreflang=vi]")
    assert switch.text == "Tiếng Việt" and switch.get_attribute("href").endswith("/blog/vi/posts/welcome/")
    switch.click()
    wait_for(browser, lambda d: h1(d) == "Chào mừng đến với folio")
    assert path(browser) == "/blog/vi/posts/welcome/"
    assert same_document(browser), "switching language reloaded the page"
    assert browser.execute_script("return document.documentElement.lang") == "vi"
    assert browser.title == "folio demo – Chào mừng đến với folio"
    assert browser.find_element(By.CSS_SELECTOR, ".toc-title").get_attribute("textContent") == "Mục lục"
    assert browser.execute_script("return localStorage.getItem('folio-lang')") == "vi"
    # A returning reader who opens the bare home page gets their language,
    # before doing anything (the app starts at once there: boot.js) ...
    browser.get(site.url(""))
    wait_for(browser, lambda d: path(d) == "/blog/vi/")
    # The address changes first, the page a frame later.
    wait_for(browser, lambda d: h1(d) == "Bài viết", message="the Vietnamese home page did not show")
    # ... but a language given in a post URL is never overridden.
    open_page(browser, site.url("posts/welcome/"))
    assert h1(browser) == "Welcome to folio"
    assert browser.execute_script("return document.documentElement.lang") == "en"


def test_language_switch_keeps_the_section(site, new_browser):
    browser = new_browser(width=1280, height=420)
    open_page(browser, site.url("posts/welcome/"))
    browser.execute_script("document.getElementById('what-markdown-can-do').scrollIntoView()")
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".toc a[aria-current]"))
    browser.find_element(By.CSS_SELECTOR, ".lang-switch a[hreflang=vi]").click()
    wait_for(browser, lambda d: h1(d) == "Chào mừng đến với folio")
    wait_for(browser, lambda d: scrolled_to(d, "markdown-lam-duoc-gi"), message="the matching section is not at the top")


@pytest.mark.not_in("webkit", "WebKitGTK takes the reader's languages from the system locale, and the test machine has only C")
def test_first_visit_gets_browser_language(site, new_browser):
    driver = new_browser(lang="vi-VN")
    driver.get(site.url(""))  # no wake: the app starts at once where it may send the reader elsewhere
    wait_for(driver, lambda d: path(d) == "/blog/vi/")
    assert driver.execute_script("return document.documentElement.lang") == "vi"


def test_toc_click_scrolls_and_sets_hash(site, browser):
    open_page(browser, site.url("posts/distributed-cache/"))
    toc = browser.find_element(By.CSS_SELECTOR, "nav.toc")
    assert toc.find_element(By.CSS_SELECTOR, ".toc-title").text == "CONTENTS"
    nested = toc.find_elements(By.CSS_SELECTOR, "#toc-list > ol > li > ol a")
    assert [a.get_attribute("textContent") for a in nested] == ["Browser caches", "Edge caches"]
    mark(browser)
    toc.find_element(By.LINK_TEXT, "Invalidation").click()
    wait_for(browser, lambda d: d.execute_script("return location.hash") == "#invalidation")
    wait_for(browser, lambda d: scrolled_to(d, "invalidation"), message="the heading is not in view")
    wait_for(browser, lambda d: d.find_element(By.LINK_TEXT, "Invalidation").get_attribute("aria-current") == "true")
    assert same_document(browser)


def test_hash_deep_link_scrolls_after_render(site, new_browser):
    driver = new_browser(width=1280, height=500)
    open_page(driver, site.url("posts/distributed-cache/#invalidation"))
    wait_for(driver, lambda d: scrolled_to(d, "invalidation"), message="the deep-linked heading is not at the top")


@pytest.mark.engine_independent("heading ids: markup")
def test_vietnamese_heading_ids_are_folded(site, browser):
    open_page(browser, site.url("vi/posts/distributed-cache/"))
    ids = browser.execute_script("return [...document.querySelectorAll('.post-body h2, .post-body h3')].map(h => h.id)")
    assert "bo-nho-dem-phan-tan" in ids and "luu-o-dau" in ids
    assert len(ids) == len(set(ids))


def test_cross_post_link_stays_in_language(site, browser):
    open_page(browser, site.url("vi/posts/welcome/"))
    mark(browser)
    browser.find_element(By.LINK_TEXT, "ghi chép về bộ nhớ đệm").click()
    wait_for(browser, lambda d: h1(d) == "Ghi chép về bộ nhớ đệm phân tán")
    assert path(browser) == "/blog/vi/posts/distributed-cache/"
    assert same_document(browser)


def test_not_found_pages_are_translated(site, browser):
    open_page(browser, site.url("posts/no-such-post/"))
    assert h1(browser) == "Not found"
    assert browser.title == "folio demo – Not found"
    open_page(browser, site.url("vi/no/such/page"))
    assert h1(browser) == "Không tìm thấy"
    browser.find_element(By.LINK_TEXT, "Về trang chủ").click()
    wait_for(browser, lambda d: path(d) == "/blog/vi/")


@pytest.mark.engine_independent("a tag page's heading and list: markup from its data")
def test_tag_pages(site, browser):
    open_page(browser, site.url("tags/rust/"))
    assert h1(browser) == "Posts tagged #rust"
    assert [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".post-card h2")] == ["Rust notes"]
    open_page(browser, site.url("vi/tags/du-lich/"))
    assert h1(browser) == "Bài viết có thẻ #du lịch"


def test_hostile_post_runs_no_script(site, browser):
    open_page(browser, site.url("posts/safe-html/"))
    body = browser.find_element(By.CSS_SELECTOR, ".post-body")
    for link in body.find_elements(By.TAG_NAME, "a"):
        link.click()
    browser.execute_script("document.querySelectorAll('.post-body *').forEach(e => e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))")
    assert browser.execute_script("return window.__folio_pwned") is None
    found = browser.execute_script("""
        const bad = [];
        for (const el of document.querySelectorAll('.post-body *')) {
            if (['SCRIPT', 'IFRAME', 'SVG', 'OBJECT', 'EMBED', 'STYLE'].includes(el.tagName.toUpperCase())) bad.push(el.tagName);
            for (const attr of el.attributes) {
                const value = attr.value.toLowerCase().replace(/\\s/g, '');
                if (attr.name.startsWith('on') || attr.name === 'style') bad.push(attr.name);
                if (['href', 'src'].includes(attr.name) && /^(javascript|vbscript|data:text)/.test(value)) bad.push(attr.value);
            }
        }
        return bad;""")
    assert found == [], f"unsafe markup reached the page: {found}"
    assert body.find_elements(By.CSS_SELECTOR, "details kbd"), "allowed tags are kept"
    assert uncaught_errors(browser) == []


@pytest.mark.chromium_only("blocks requests with Chromium's network emulation (CDP)")
def test_failed_fetch_shows_retry_that_works(site, browser):
    open_page(browser, site.url(""))
    worker_in_control(browser)
    network(browser, "Network.setBlockedURLs", {"urls": ["*/p/*.json"]})
    browser.find_element(By.LINK_TEXT, "Rust notes").click()
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".error-panel"))
    panel = browser.find_element(By.CSS_SELECTOR, ".error-panel")
    assert "could not be loaded" in panel.text
    network(browser, "Network.setBlockedURLs", {"urls": []})
    panel.find_element(By.XPATH, ".//button[text()='Retry']").click()
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".post-body"))
    assert h1(browser) == "Rust notes"


def test_error_status_is_reported_with_its_code(missing_post_site, browser):
    open_page(browser, missing_post_site.url(""))
    browser.find_element(By.LINK_TEXT, "Rust notes").click()
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".error-panel"))
    panel = browser.find_element(By.CSS_SELECTOR, ".error-panel")
    assert "could not be loaded" in panel.text
    assert panel.find_element(By.CSS_SELECTOR, ".error-detail").text == "HTTP 404"
    assert uncaught_errors(browser) == []


def test_post_whose_file_does_not_read_names_it(broken_site, browser):
    open_page(browser, broken_site.url("vi/"))
    browser.find_element(By.LINK_TEXT, "Ghi chép về bộ nhớ đệm phân tán").click()
    panel = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".error-panel"))[0]
    assert "Không đọc được bài viết này" in panel.text
    assert "distributed-cache.vi.md" in panel.text, "the post whose file does not read"
    assert panel.find_element(By.TAG_NAME, "button").text == "Thử lại"
    assert uncaught_errors(browser) == []


@pytest.mark.chromium_only("slows the network with Chromium's network emulation (CDP)")
def test_slow_network_shows_loading_indicator(site, browser):
    open_page(browser, site.url(""))
    worker_in_control(browser)
    network(browser, "Network.emulateNetworkConditions", {"offline": False, "latency": 1500, "downloadThroughput": -1, "uploadThroughput": -1})
    browser.find_element(By.LINK_TEXT, "Hà Nội mùa thu").click()
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".loading .spinner"), timeout=3)
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".post-body"), timeout=15)
    assert not browser.find_elements(By.CSS_SELECTOR, ".loading")


def test_theme_toggle_is_remembered(site, browser):
    open_page(browser, site.url(""))
    before = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
    browser.find_element(By.CSS_SELECTOR, ".theme-toggle").click()
    assert browser.execute_script("return document.documentElement.dataset.theme") == "dark"
    assert browser.execute_script("return getComputedStyle(document.body).backgroundColor") != before
    open_page(browser, site.url("posts/welcome/"))
    assert browser.execute_script("return document.documentElement.dataset.theme") == "dark"


@pytest.mark.not_in("webkit", "WebKitGTK's MiniBrowser window is at least 447 px wide: no phone viewport")
@pytest.mark.not_in("firefox", "headless Firefox's window is at least 500 px wide, and WebDriver has no viewport emulation")
def test_narrow_screen_collapses_toc(site, new_browser):
    phone = new_browser(width=360, height=740)
    open_page(phone, site.url("posts/welcome/"))
    assert not phone.find_element(By.ID, "toc-list").is_displayed()
    toggle = phone.find_element(By.CSS_SELECTOR, ".toc-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert phone.find_element(By.ID, "toc-list").is_displayed()
    width, viewport = phone.execute_script("return [document.documentElement.scrollWidth, innerWidth]")
    assert viewport == 360 and width <= 360, f"the page scrolls sideways on a phone ({width}px)"


def resource_paths(driver):
    return driver.execute_script("return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)")


def test_a_page_fetches_only_what_it_shows(site, browser):
    """A post's page names its own data: a cold visit fetches it and the
    language's shared start data with the app, and nothing about the other
    posts. Each page the app routes to fetches its own data, one page of a
    list at most."""
    open_page(browser, site.url("posts/welcome/"))
    meta = browser.find_element(By.CSS_SELECTOR, "meta[name=folio]")
    assert meta.get_attribute("data-base") == "/blog/"
    block = browser.find_element(By.ID, "folio-data")
    shared = urllib.parse.urlparse(block.get_attribute("data-site")).path
    fetched = [p for p in resource_paths(browser) if p.endswith(".json")]
    assert sorted(fetched) == sorted([shared, "/blog/posts/welcome/data.json"]), f"a post page fetched: {fetched}"
    assert re.fullmatch(r"/blog/p/[0-9a-f]{16}\.json", shared), shared
    browser.find_element(By.CSS_SELECTOR, ".site-title").click()
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#folio-app .post-list"))
    data = [p for p in resource_paths(browser) if p.endswith(".json")][len(fetched):]
    assert data == ["/blog/data.json"], data
    home = json.loads(browser.execute_script("return fetch('/blog/data.json').then(r => r.text())"))
    home = home["list"]
    assert 0 < len(home["posts"]) <= 20
    assert all(len(post["title"]) > 0 and "file_meta" not in post for post in home["posts"]), "a list carries titles, not posts"
    post = json.loads(browser.execute_script("return fetch('/blog/posts/welcome/data.json').then(r => r.text())"))
    assert all(len(v["hash"]) == 16 for v in post["post"]["entry"]["versions"]), "posts are fetched by content hash"
