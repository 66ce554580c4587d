"""Search (issue 9): the header's button and shortcuts, results in the page's
language with diacritics folded (`đ` too), keyboard use, a result opening in
the app, no results, a failure with Retry, and nothing fetched before search
opens. Every engine."""

import os
import re
import shutil
import tempfile

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import Site, wait_for
from test_reader import h1, mark, open_page, path, same_document, scrolled_to, uncaught_errors

RESULTS = "#folio-search-results .search-result a"


def open_search(driver, how="button"):
    if how == "button":
        driver.find_element(By.CSS_SELECTOR, ".search-toggle").click()
    else:
        driver.find_element(By.TAG_NAME, "body").send_keys(how)
    wait_for(driver, lambda d: d.execute_script(
        "const i = document.querySelector('dialog.search-dialog[open] .search-input'); return i && document.activeElement === i"),
        message="the search dialog did not open with its field focused")
    return driver.find_element(By.CSS_SELECTOR, ".search-input")


def results(driver):
    """Each result: its title's text, its link, and its excerpt's and title's marked words."""
    return driver.execute_script(
        """return [...document.querySelectorAll('#folio-search-results .search-result a')].map(a => ({
            title: a.querySelector('.search-result-title').textContent,
            href: a.getAttribute('href'),
            marked: [...a.querySelectorAll('mark')].map(m => m.textContent),
            excerpt: a.querySelector('.search-result-excerpt').textContent,
        }))""")


def status(driver):
    return driver.find_element(By.CSS_SELECTOR, ".search-status").text


def answered(driver):
    """The query whose results the dialog shows."""
    return driver.execute_script("return document.getElementById('folio-search-results').dataset.query")


def search_for(driver, field, text):
    field.send_keys(text)
    wait_for(driver, lambda d: answered(d) == text, message=f"no answer to {text!r}: {status(driver)}")
    return results(driver)


def test_diacritic_free_vietnamese_finds_đ_words_in_vietnamese_only(site, browser):
    open_page(browser, site.url("vi/"))
    assert browser.find_element(By.CSS_SELECTOR, ".search-toggle").get_attribute("aria-label") == "Tìm kiếm"
    field = open_search(browser)
    found = search_for(browser, field, "duong")
    assert [r["title"] for r in found] == ["Hà Nội mùa thu"], found
    assert found[0]["href"] == "/blog/vi/posts/ha-noi-mua-thu/"
    # The match is in the body: the excerpt, from the post's text, marks it.
    wait_for(browser, lambda d: "đường" in results(d)[0]["marked"], message=f"no marked excerpt: {results(browser)}")
    field.clear()
    found = search_for(browser, field, "bo nho dem")
    assert found and found[0]["title"] == "Ghi chép về bộ nhớ đệm phân tán", found
    assert {"bộ", "nhớ", "đệm"} <= {m.lower() for m in found[0]["marked"]}, found
    assert all(r["href"].startswith("/blog/vi/") for r in found), found
    field.clear()
    # The last word is a prefix from its first letter: `đ` typed as `d`.
    found = search_for(browser, field, "bo nho d")
    cache = [r for r in found if r["title"] == "Ghi chép về bộ nhớ đệm phân tán"]
    assert cache and "đệm" in cache[0]["marked"], found
    field.clear()
    found = search_for(browser, field, "trinh duyet")
    assert "Ghi chép về bộ nhớ đệm phân tán" in [r["title"] for r in found], found
    # English: words only in the Vietnamese section of a bilingual post, or
    # in a Vietnamese-only post, are not results.
    open_page(browser, site.url(""))
    assert browser.find_element(By.CSS_SELECTOR, ".search-toggle").get_attribute("aria-label") == "Search"
    for query in ["trinh duyet", "duong"]:
        field = open_search(browser)
        assert search_for(browser, field, query) == []
        assert status(browser) == "No results"
        field.send_keys(Keys.ESCAPE)
    assert uncaught_errors(browser) == []


def test_keyboard_opens_moves_and_follows_a_heading_result_in_the_app(site, browser):
    open_page(browser, site.url(""))
    mark(browser)
    field = open_search(browser, "/")
    first = search_for(browser, field, "invalidation")[0]
    assert first["href"] == "/blog/posts/distributed-cache/#invalidation", first
    field.send_keys(Keys.ARROW_DOWN)
    assert browser.execute_script("return document.activeElement.getAttribute('href')") == first["href"]
    browser.switch_to.active_element.send_keys(Keys.ARROW_UP)
    assert browser.execute_script("return document.activeElement.classList.contains('search-input')")
    browser.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    wait_for(browser, lambda d: path(d) == "/blog/posts/distributed-cache/#invalidation", message=path(browser))
    wait_for(browser, lambda d: h1(d) == "Notes on distributed caching")
    assert same_document(browser), "a result opens in the app, without a page load"
    assert not browser.find_elements(By.CSS_SELECTOR, "dialog.search-dialog[open]")
    assert uncaught_errors(browser) == []


def test_escape_closes_and_gives_focus_back(site, browser):
    open_page(browser, site.url(""))
    field = open_search(browser)
    assert search_for(browser, field, "cache")
    field.send_keys(Keys.ESCAPE)
    wait_for(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog.search-dialog[open]"))
    # The dialog loses `open` at once; its `close` event, which gives the
    # focus back, comes a task later (when search's code arrived after the
    # click, the browser's own restore has only the pending dialog to go to).
    wait_for(browser, lambda d: d.execute_script("return document.activeElement.classList.contains('search-toggle')"),
             message="the focus did not go back to the search button")
    # Ctrl+K opens it again, and Enter opens the first result.
    ActionChains = __import__("selenium.webdriver.common.action_chains", fromlist=["ActionChains"]).ActionChains
    ActionChains(browser).key_down(Keys.CONTROL).send_keys("k").key_up(Keys.CONTROL).perform()
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "dialog.search-dialog[open]"))
    field = browser.find_element(By.CSS_SELECTOR, ".search-input")
    target = search_for(browser, field, "caching")[0]["href"]
    field.send_keys(Keys.ENTER)
    wait_for(browser, lambda d: path(d) == target, message=path(browser))


@pytest.mark.engine_independent("without scripts the page lacks the `js` class and a CSS rule hides the button: static HTML")
def test_no_search_button_without_javascript(site, new_browser):
    driver = new_browser(javascript=False)
    driver.get(site.url(""))
    button = driver.find_element(By.CSS_SELECTOR, ".search-toggle")
    assert not button.is_displayed()


@pytest.fixture
def site_without_search(dist):
    """The build with its search data missing at first, as a half-finished
    deploy would serve it; `restore()` puts it back."""
    copy = tempfile.mkdtemp(prefix="folio-search-")
    shutil.copytree(dist, copy, dirs_exist_ok=True)
    data, hidden = os.path.join(copy, "search"), os.path.join(copy, "search-hidden")
    os.rename(data, hidden)
    server = Site(copy)
    server.restore = lambda: os.rename(hidden, data)
    yield server
    server.stop()
    shutil.rmtree(copy, ignore_errors=True)


def test_nothing_is_fetched_before_search_opens_and_a_failure_offers_retry(site_without_search, browser):
    site = site_without_search
    open_page(browser, site.url("vi/"))
    def search_requests():
        return browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/search/'))")
    assert search_requests() == [], "search data is fetched only once search opens"
    field = open_search(browser)
    field.send_keys("duong")
    wait_for(browser, lambda d: "Không tải được" in status(d), message=f"status: {status(browser)}")
    assert results(browser) == []
    site.restore()
    browser.find_element(By.CSS_SELECTOR, ".search-dialog .retry").click()
    wait_for(browser, lambda d: answered(d) == "duong", message=f"status after Retry: {status(browser)}")
    assert results(browser)[0]["title"] == "Hà Nội mùa thu"
    assert not browser.find_elements(By.CSS_SELECTOR, ".search-dialog .retry")


def test_a_result_on_the_page_shown_closes_search_and_goes_to_its_heading(site, browser):
    open_page(browser, site.url("posts/distributed-cache/"))
    mark(browser)
    field = open_search(browser)
    first = search_for(browser, field, "invalidation")[0]
    assert first["href"] == "/blog/posts/distributed-cache/#invalidation"
    browser.find_element(By.CSS_SELECTOR, RESULTS).click()
    wait_for(browser, lambda d: path(d) == first["href"], message=path(browser))
    wait_for(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog.search-dialog[open]"))
    assert same_document(browser)
    wait_for(browser, lambda d: scrolled_to(d, "invalidation"), message="not at the heading")


def test_an_excerpt_arriving_keeps_the_reader_on_their_result(gated_site, browser):
    site = gated_site
    open_page(browser, site.url("vi/"))
    site.hold(r"/p/[0-9a-f]+\.json$")
    field = open_search(browser)
    found = search_for(browser, field, "duong")
    assert found[0]["marked"] == [], "the summary has no match; the post's text is held"
    field.send_keys(Keys.ARROW_DOWN)
    assert browser.execute_script("return document.activeElement.getAttribute('href')") == found[0]["href"]
    site.release()
    wait_for(browser, lambda d: "đường" in results(d)[0]["marked"], message=f"no excerpt: {results(browser)}")
    assert browser.execute_script("return document.activeElement.getAttribute('href')") == found[0]["href"]
    browser.switch_to.active_element.send_keys(Keys.ARROW_UP)
    assert browser.execute_script("return document.activeElement.classList.contains('search-input')")


# Records every request the page makes through `fetch`, and whether it was
# aborted: run after the app started (its bindings look `fetch` up per call).
RECORD_FETCHES = """
window.__fetches = [];
const original = window.fetch;
window.fetch = function (input, init) {
  const entry = { path: new URL(typeof input === 'string' ? input : input.url, location.href).pathname, aborted: false };
  const signal = (init && init.signal) || (input instanceof Request ? input.signal : null);
  if (signal) signal.addEventListener('abort', () => { entry.aborted = true; });
  window.__fetches.push(entry);
  return original.call(this, input, init);
};
"""


def fetches(driver, pattern):
    """Whether each recorded request whose path matches `pattern` was aborted."""
    recorded = driver.execute_script("return window.__fetches")
    return [f["aborted"] for f in recorded if re.search(pattern, f["path"])]


def search_held(site, driver, page, held):
    """Search open on `page`, its requests recorded, those matching `held`
    held by the server. Returns the field."""
    open_page(driver, site.url(page))
    field = open_search(driver)
    driver.execute_script(RECORD_FETCHES)
    site.hold(held)
    return field


@pytest.mark.engine_independent("sharing and cancelling are the app's own bookkeeping over fetch and AbortController")
def test_typing_shares_the_request_its_queries_all_need(gated_site, browser):
    site = gated_site
    # `duo`, `duon` and `duong` all read the term shard of `duo` (64756f).
    shard = r"/t/64756f\.json$"
    field = search_held(site, browser, "vi/", shard)
    field.send_keys("duong")
    wait_for(browser, lambda d: fetches(d, shard), message="the shard was not asked for")
    site.release()
    wait_for(browser, lambda d: answered(d) == "duong", message=status(browser))
    assert fetches(browser, shard) == [False], "one request for three queries"
    assert [r["title"] for r in results(browser)] == ["Hà Nội mùa thu"]


@pytest.mark.engine_independent("sharing and cancelling are the app's own bookkeeping over fetch and AbortController")
def test_a_new_query_cancels_what_only_an_older_one_needed(gated_site, browser):
    site = gated_site
    field = search_held(site, browser, "", r"/t/[0-9a-f]+\.json$")
    field.send_keys("cache")
    # `cac` is 636163; `rus` is 727573.
    wait_for(browser, lambda d: fetches(d, r"/t/636163\.json$"), message="the first query's shard was not asked for")
    field.send_keys(Keys.BACKSPACE * 5 + "rust")
    wait_for(browser, lambda d: fetches(d, r"/t/727573\.json$"), message="the new query's shard was not asked for")
    assert fetches(browser, r"/t/636163\.json$") == [True], "no longer needed: aborted"
    site.release()
    wait_for(browser, lambda d: answered(d) == "rust", message=status(browser))
    assert fetches(browser, r"/t/727573\.json$") == [False]
    assert "Rust notes" in [r["title"] for r in results(browser)]
    assert uncaught_errors(browser) == []


SEARCH_CODE = r"/split_search-[0-9a-f]+\.wasm$"


@pytest.fixture
def site_without_search_code(dist):
    """The build with search's code (its wasm part) missing at first;
    `restore()` puts it back."""
    copy = tempfile.mkdtemp(prefix="folio-search-code-")
    shutil.copytree(dist, copy, dirs_exist_ok=True)
    (name,) = [n for n in os.listdir(copy) if re.search(SEARCH_CODE, "/" + n)]
    os.rename(os.path.join(copy, name), os.path.join(copy, name + ".hidden"))
    server = Site(copy)
    server.restore = lambda: os.rename(os.path.join(copy, name + ".hidden"), os.path.join(copy, name))
    yield server
    server.stop()
    shutil.rmtree(copy, ignore_errors=True)


def requested(driver, pattern):
    return [n for n in driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
            if re.search(pattern, n)]


def test_searchs_code_comes_when_search_first_opens_and_a_failed_download_offers_retry(site_without_search_code, browser):
    """Issue 24: the app's search part is fetched the first time search
    opens, not with the page; if it cannot be, search says so and Retry
    fetches it again."""
    site = site_without_search_code
    open_page(browser, site.url("posts/distributed-cache/"))
    assert browser.execute_script("return document.documentElement.dataset.folioApp") == "started"
    assert requested(browser, SEARCH_CODE) == [], "search's code is not fetched with the page"
    browser.find_element(By.CSS_SELECTOR, ".search-toggle").click()
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "dialog.search-dialog[open] .retry"),
             message="no failure shown when search's code is missing")
    assert "Search could not be loaded" in status(browser)
    assert not browser.find_elements(By.CSS_SELECTOR, ".search-input")
    site.restore()
    browser.find_element(By.CSS_SELECTOR, ".search-dialog .retry").click()
    wait_for(browser, lambda d: d.execute_script(
        "const i = document.querySelector('dialog.search-dialog[open] .search-input'); return i && document.activeElement === i"),
        message="Retry did not bring search")
    field = browser.find_element(By.CSS_SELECTOR, ".search-input")
    assert search_for(browser, field, "invalidation")[0]["href"] == "/blog/posts/distributed-cache/#invalidation"
    assert len(requested(browser, SEARCH_CODE)) >= 1
    field.send_keys(Keys.ESCAPE)
    wait_for(browser, lambda d: d.execute_script("return document.activeElement.classList.contains('search-toggle')"),
             message="focus did not go back to the search button")


@pytest.mark.parametrize("kind", ["application/octet-stream", "application/wasm; charset=utf-8"])
def test_search_opens_from_a_host_that_sends_wasm_with_another_type(gated_site, browser, kind):
    """Search's part is instantiated as it streams only when it comes as
    `application/wasm`; a host that sends another type still gets search."""
    gated_site.mistype(SEARCH_CODE, kind)
    open_page(browser, gated_site.url("posts/distributed-cache/"))
    field = open_search(browser)
    assert search_for(browser, field, "invalidation")[0]["title"]


def test_search_opens_at_once_while_its_code_comes_and_closes_from_there(gated_site, browser):
    """On a slow network search opens at once, saying it is loading; the
    reader can close it before its code has come, and it stays closed."""
    open_page(browser, gated_site.url("posts/distributed-cache/"))
    gated_site.hold(SEARCH_CODE)
    try:
        browser.execute_script("document.querySelector('.search-toggle').click()")
        wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "dialog.search-dialog[open] .search-close"),
                 message="no dialog while search's code is held")
        assert status(browser) == "Loading…"
        browser.find_element(By.CSS_SELECTOR, ".search-dialog .search-close").click()
        wait_for(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, "dialog.search-dialog"))
    finally:
        gated_site.release()
    wait_for(browser, lambda d: requested(d, SEARCH_CODE), message="the held code never came")
    assert not browser.find_elements(By.CSS_SELECTOR, "dialog.search-dialog"), "search stays closed"
    field = open_search(browser)
    assert search_for(browser, field, "invalidation")


@pytest.mark.chromium_only("pointer events come from the engine's own input; one engine shows the app fetches on them")
def test_searchs_code_comes_as_a_pointer_reaches_the_button(site, browser):
    ActionChains = __import__("selenium.webdriver.common.action_chains", fromlist=["ActionChains"]).ActionChains
    open_page(browser, site.url(""))
    assert requested(browser, SEARCH_CODE) == []
    ActionChains(browser).move_to_element(browser.find_element(By.CSS_SELECTOR, ".search-toggle")).perform()
    wait_for(browser, lambda d: requested(d, SEARCH_CODE), message="nothing fetched on the pointer's way to search")
    assert not browser.find_elements(By.CSS_SELECTOR, "dialog.search-dialog"), "pointing does not open search"
