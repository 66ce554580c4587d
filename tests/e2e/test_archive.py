"""A big archive costs a reader no more than a small one (issue 10): the home
and tag pages a page at a time, with translated links between pages, and an
archive of every title by year; each page fetches only its own data."""

import pytest
from selenium.webdriver.common.by import By

from conftest import wait_for
from test_reader import h1, mark, open_page, path, resource_paths, same_document, uncaught_errors

# The demo site's folio.toml: 5 posts a page, 8 published posts.
NEWEST_ON_PAGE_2 = "A tour of Markdown in folio"


def pager(driver):
    """The pager's links as (class, rel, text, path)."""
    return driver.execute_script(
        "return [...document.querySelectorAll('#folio-app .pager a, #folio-static .pager a')]"
        ".map(a => [a.className, a.rel, a.textContent, new URL(a.href).pathname])")


def titles(driver):
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".post-list .post-card h2")]


def test_home_pages_link_to_each_other_in_both_languages(site, browser):
    open_page(browser, site.url(""))
    assert len(titles(browser)) == 5
    assert pager(browser) == [["older", "next", "Older posts →", "/blog/page/2/"]]
    assert browser.find_element(By.CSS_SELECTOR, ".pager-position").text == "Page 1 of 2"
    mark(browser)
    browser.find_element(By.LINK_TEXT, "Older posts →").click()
    wait_for(browser, lambda d: path(d) == "/blog/page/2/" and h1(d) == "Posts (Page 2)")
    assert same_document(browser), "the app navigates between pages without a reload"
    assert titles(browser)[0] == NEWEST_ON_PAGE_2 and len(titles(browser)) == 3
    assert pager(browser) == [["newer", "prev", "← Newer posts", "/blog/"]], "the last page has no older link"
    assert browser.title == "folio demo – Posts (Page 2)"
    browser.find_element(By.LINK_TEXT, "← Newer posts").click()
    wait_for(browser, lambda d: path(d) == "/blog/" and len(titles(d)) == 5)

    open_page(browser, site.url("vi/page/2/"))
    assert h1(browser) == "Bài viết (Trang 2)"
    assert pager(browser) == [["newer", "prev", "← Bài mới hơn", "/blog/vi/"]]
    assert browser.find_element(By.CSS_SELECTOR, ".pager-position").text == "Trang 2 / 2"
    browser.find_element(By.LINK_TEXT, "← Bài mới hơn").click()
    wait_for(browser, lambda d: path(d) == "/blog/vi/")
    assert pager(browser) == [["older", "next", "Bài cũ hơn →", "/blog/vi/page/2/"]]
    assert uncaught_errors(browser) == []


@pytest.mark.engine_independent("the head links and pager of a page as served, with scripts off: static HTML")
def test_static_pages_name_their_neighbours(site, new_browser):
    # Without JavaScript: the page as served, which the app cannot have taken over yet.
    browser = new_browser(javascript=False)
    browser.get(site.url("page/2/"))
    links = browser.execute_script(
        "return [...document.querySelectorAll('head link[rel=prev], head link[rel=next]')].map(l => [l.rel, l.href])")
    assert links == [["prev", "https://example.com/blog/"]]
    assert browser.find_element(By.CSS_SELECTOR, "#folio-static .pager a[rel=prev]").get_attribute("href").endswith("/blog/")


@pytest.mark.engine_independent("what is served past the last page, and the heading the app renders for it: markup, the same in every engine")
def test_past_the_last_page_is_not_found(site, browser):
    browser.get(site.url("page/3/"))
    wait_for(browser, lambda d: h1(d) == "Not found")
    browser.get(site.url("vi/page/1/"))
    wait_for(browser, lambda d: h1(d) == "Không tìm thấy")


@pytest.mark.engine_independent("what a tag page lists is its data, rendered to the same markup in every engine")
def test_a_tag_with_one_post_has_one_page(site, browser):
    open_page(browser, site.url("vi/tags/security/"))
    assert len(titles(browser)) == 1 and pager(browser) == []


def test_the_archive_lists_every_title_by_year(site, browser):
    open_page(browser, site.url("vi/"))
    mark(browser)
    # What the loader fetched for the page itself, before the reader moved on.
    started = len(resource_paths(browser))
    browser.find_element(By.LINK_TEXT, "Tất cả bài viết theo năm").click()
    wait_for(browser, lambda d: path(d) == "/blog/vi/archive/" and h1(d) == "Lưu trữ")
    assert same_document(browser)
    years = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".archive h2")]
    assert years == ["2025"]
    entries = browser.find_elements(By.CSS_SELECTOR, ".archive-list li")
    assert len(entries) == 8
    assert "Hà Nội mùa thu" in entries[3].text and "21 tháng 4, 2025" in entries[3].text
    fetched = [p for p in resource_paths(browser)[started:] if p.endswith(".json")]
    assert fetched == ["/blog/vi/archive/data.json"], fetched
    browser.find_element(By.LINK_TEXT, "Hà Nội mùa thu").click()
    wait_for(browser, lambda d: h1(d) == "Hà Nội mùa thu" and path(d) == "/blog/vi/posts/ha-noi-mua-thu/")
    assert same_document(browser) and uncaught_errors(browser) == []
