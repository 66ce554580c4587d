"""Pages, the menu, the footer and the writer's look (issue 23), on the demo
site: its About page in two languages, opened directly and from the menu
in the app; the menu's current entry; the menu folded on a phone, opened
and closed with the keyboard; the footer's links; the site's author; every
tag; the pages in the sitemap and in no list or feed; the writer's
stylesheet under the strict policy."""

import urllib.request
import xml.etree.ElementTree as ET

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import Site, wait_for
from test_accessibility import open_in_theme, violations
from test_hardening import POLICY, RECORD_VIOLATIONS
from test_hardening import violations as policy_violations
from test_links import broken_links, report
from test_reader import h1, mark, open_page, path, same_document
from test_search import open_search, search_for
from test_site_folder import index_site_folder
from test_static import taken_over

ABOUT = "About this demo"
ABOUT_VI = "Về trang thử nghiệm này"


def current_menu_entry(driver):
    links = driver.find_elements(By.CSS_SELECTOR, "#folio-app .menu-row a[aria-current=page]")
    return [link.text for link in links]


def test_a_page_opens_from_the_menu_in_the_app_and_in_each_language(site, browser):
    open_page(browser, site.url(""))
    wait_for(browser, taken_over)
    mark(browser)
    browser.find_element(By.CSS_SELECTOR, "#folio-app .menu-row").find_element(By.LINK_TEXT, "About").click()
    wait_for(browser, lambda d: h1(d) == ABOUT, message="the menu did not open the page")
    assert same_document(browser), "a page opens in the app, without a reload"
    assert path(browser) == "/blog/about/"
    assert current_menu_entry(browser) == ["About"]
    article = browser.find_element(By.CSS_SELECTOR, "#main article.post")
    assert "standalone" in article.get_attribute("class").split()
    assert not browser.find_elements(By.CSS_SELECTOR, "#main .meta, #main .tags"), "a page has no byline, date or tags"
    assert browser.find_elements(By.CSS_SELECTOR, "#main .toc a"), "`toc: true` gives the page its contents"
    browser.find_element(By.CSS_SELECTOR, "#folio-app .lang-switch a[hreflang=vi]").click()
    wait_for(browser, lambda d: h1(d) == ABOUT_VI, message="the page's Vietnamese version did not open")
    assert path(browser) == "/blog/vi/about/" and same_document(browser)
    assert current_menu_entry(browser) == ["Giới thiệu"]
    browser.find_element(By.CSS_SELECTOR, "#folio-app .menu-row").find_element(By.LINK_TEXT, "Thẻ").click()
    wait_for(browser, lambda d: h1(d) == "Thẻ", message="every tag did not open from the menu")
    assert "bài viết" in browser.find_element(By.CSS_SELECTOR, ".tag-index").text
    assert current_menu_entry(browser) == ["Thẻ"] and same_document(browser)


def test_a_page_opened_directly_is_prerendered_in_its_language(site, browser):
    for url, title, lang in [("about/", ABOUT, "en"), ("vi/about/", ABOUT_VI, "vi")]:
        html = urllib.request.urlopen(site.url(url)).read().decode()
        assert f'<h1 id="post-title">{title}</h1>' in html, "the page is prerendered"
        browser.get(site.url(url))
        wait_for(browser, taken_over, message=f"the app did not take over {url}")
        assert h1(browser) == title
        assert browser.execute_script("return document.documentElement.lang") == lang
        assert browser.title == f"folio demo – {title}"


@pytest.mark.chromium_only("what a host answers for a path no page has is the same in every engine")
def test_a_path_that_is_no_page_still_shows_not_found(site, browser):
    open_page(browser, site.url("about/"))
    wait_for(browser, taken_over)
    browser.execute_script(
        "const a = document.createElement('a'); a.href = arguments[0]; a.id = 'to-nowhere'; a.textContent = 'x';"
        "document.querySelector('#main').append(a);", site.url("no-such-page/"))
    browser.find_element(By.ID, "to-nowhere").click()
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".not-found h1"), message="no not-found page")
    assert path(browser) == "/blog/no-such-page/"


def test_the_menu_folds_on_a_phone_and_opens_and_closes_with_the_keyboard(site, new_browser):
    phone = new_browser(width=390, height=800)
    open_page(phone, site.url(""))
    wait_for(phone, taken_over)
    assert not phone.find_element(By.CSS_SELECTOR, "#folio-app .menu-row").is_displayed()
    fold = phone.find_element(By.CSS_SELECTOR, "#folio-app .menu-fold")
    summary = fold.find_element(By.TAG_NAME, "summary")
    assert summary.is_displayed() and summary.text.startswith("Menu")
    phone.execute_script("arguments[0].focus()", summary)
    phone.switch_to.active_element.send_keys(Keys.ENTER)
    wait_for(phone, lambda d: fold.get_attribute("open") is not None, message="Enter did not open the menu")
    about = fold.find_element(By.LINK_TEXT, "About")
    assert about.is_displayed()
    phone.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait_for(phone, lambda d: fold.get_attribute("open") is None, message="Escape did not close the menu")
    assert phone.execute_script("return document.activeElement === arguments[0]", summary), "focus goes back to Menu"
    # Opened again, a link navigates in the app and the menu is closed on the new page.
    phone.switch_to.active_element.send_keys(Keys.ENTER)
    wait_for(phone, lambda d: fold.get_attribute("open") is not None)
    mark(phone)
    fold.find_element(By.LINK_TEXT, "About").click()
    wait_for(phone, lambda d: h1(d) == ABOUT)
    assert same_document(phone)
    assert phone.find_element(By.CSS_SELECTOR, "#folio-app .menu-fold").get_attribute("open") is None


@pytest.mark.engine_independent("the footer and the byline are markup, the same in every engine")
def test_the_footer_links_the_profiles_and_the_feed_and_the_site_signs_posts(site, browser):
    for url, feed, line in [("", "/blog/atom.xml", "© 2025 The folio authors"),
                            ("vi/about/", "/blog/vi/atom.xml", "© 2025 Nhóm tác giả folio")]:
        open_page(browser, site.url(url))
        footer = browser.find_element(By.CSS_SELECTOR, "#folio-app footer.site-footer")
        assert line in footer.text
        links = {a.get_attribute("aria-label"): a for a in footer.find_elements(By.CSS_SELECTOR, ".profiles a")}
        assert list(links) == ["GitHub", "Mastodon", "Atom feed" if url == "" else "Nguồn tin Atom"]
        assert links["Mastodon"].get_attribute("rel") == "me"
        assert links["Mastodon"].get_attribute("href") == "https://mastodon.social/@folio"
        assert list(links.values())[-1].get_attribute("href").endswith(feed)
        assert not footer.find_elements(By.CSS_SELECTOR, "img, [src]"), "icons are drawn inline: nothing is fetched"
    open_page(browser, site.url("posts/safe-html/"))  # names no author
    author = browser.find_element(By.CSS_SELECTOR, "#main .author a[rel=author]")
    assert (author.text, author.get_attribute("href")) == ("folio", "https://example.com/about/")


@pytest.mark.engine_independent("search's results are the app's markup; search itself runs in every engine in test_search")
def test_search_finds_a_page_and_marks_it_as_one(site, browser):
    open_page(browser, site.url("vi/"))
    found = search_for(browser, open_search(browser), "thu nghiem")
    about = [r for r in found if r["title"] == ABOUT_VI]
    assert about and about[0]["href"].startswith("/blog/vi/about/"), found
    kinds = browser.execute_script(
        "return [...document.querySelectorAll('#folio-search-results .search-result')].map(r => "
        "[r.querySelector('.search-result-title').textContent, (r.querySelector('.search-result-date') || {}).textContent])")
    assert [ABOUT_VI, "Trang"] in kinds, "a page is marked as one, in the reader's language"
    browser.find_element(By.CSS_SELECTOR, f"#folio-search-results a[href^='/blog/vi/about/']").click()
    wait_for(browser, lambda d: h1(d) == ABOUT_VI)


def test_pages_are_in_the_sitemap_and_in_no_list_or_feed(site):
    sitemap = urllib.request.urlopen(site.url("sitemap.xml")).read()
    locations = [e.text for e in ET.fromstring(sitemap).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.com/blog/about/" in locations and "https://example.com/blog/vi/about/" in locations
    assert "https://example.com/blog/tags/" in locations
    for url in ["", "vi/", "archive/", "vi/archive/", "atom.xml", "vi/atom.xml"]:
        text = urllib.request.urlopen(site.url(url)).read().decode()
        assert ABOUT not in text and ABOUT_VI not in text and "/blog/about/data" not in text, url


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.engine_independent("axe-core checks the markup, its ARIA and the theme's colours")
def test_a_page_the_footer_and_the_open_phone_menu_have_no_serious_violations(site, new_browser, theme):
    phone = new_browser(width=390, height=800)
    open_in_theme(phone, site, "vi/about/", theme)
    assert violations(phone) == []
    phone.find_element(By.CSS_SELECTOR, "#folio-app .menu-fold summary").click()
    wait_for(phone, lambda d: d.find_element(By.CSS_SELECTOR, "#folio-app .menu-fold").get_attribute("open") is not None)
    assert violations(phone) == []


STYLE = """:root { --light-accent: #7a1f4f; --dark-accent: #f59ac0; --content-width: 60ch; }
.site-title { color: rgb(4, 5, 6); }
"""


@pytest.mark.chromium_only("records CSP violations with a script injected before the page's (CDP)")
def test_the_writers_style_and_logo_apply_under_the_strict_policy(dist, tmp_path, browser):
    site = tmp_path / "styled"
    (site / "posts").mkdir(parents=True)
    (site / "pages").mkdir()
    (site / "static").mkdir()
    (site / "folio.toml").write_text(
        'title = "Styled"\nbase_url = "https://styled.example"\ndefault_language = "en"\nlogo = "logo.svg"\n'
        '[[menu]]\nurl = "about"\nname = "About"\n[[languages]]\ncode = "en"\nname = "English"\n', encoding="utf-8")
    (site / "posts" / "hello.md").write_text("---\ntitle: Hello\ndate: 2025-01-01\n---\n[Hi](hello.md).\n", encoding="utf-8")
    (site / "pages" / "about.md").write_text("---\ntitle: About\n---\nMe. [The docs](/docs/).\n", encoding="utf-8")
    (site / "static" / "docs").mkdir()
    (site / "static" / "docs" / "index.html").write_text(
        '<!doctype html><html lang="en"><title>Docs</title><h1 id="static-docs">Docs</h1></html>', encoding="utf-8")
    (site / "static" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><circle cx="16" cy="16" r="14" fill="#7a1f4f"/></svg>')
    (site / "style.css").write_text(STYLE, encoding="utf-8")
    staging, stderr = index_site_folder(dist, tmp_path, str(site))
    assert "warning" not in stderr, stderr
    failures = broken_links(str(staging), "/blog/")
    assert not failures, report(failures)
    server = Site(str(staging), csp=POLICY)
    try:
        browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})
        open_page(browser, server.url("about/"))
        wait_for(browser, taken_over)
        title = browser.find_element(By.CSS_SELECTOR, "#folio-app .site-title")
        assert title.value_of_css_property("color") == "rgba(4, 5, 6, 1)", "the writer's style.css applies"
        accent = browser.execute_script("return getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()")
        assert accent == "#7a1f4f", "the writer's accent, through folio's custom properties"
        logo = browser.find_element(By.CSS_SELECTOR, "#folio-app .site-title img.logo")
        wait_for(browser, lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", logo),
                 message="the logo from static/ did not load")
        assert policy_violations(browser) == []
        # A folder of static/ linked from a page: the app has no data for it,
        # so it lets the host answer.
        browser.find_element(By.LINK_TEXT, "The docs").click()
        wait_for(browser, lambda d: d.find_elements(By.ID, "static-docs"), message="the static page was not loaded")
        assert path(browser) == "/blog/docs/"
    finally:
        server.stop()
