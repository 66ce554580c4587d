"""Races while the app takes over a prerendered page, and while a post loads
(issue 7, defects 1 and 2). Each test holds a request in the test server (the
wasm, a page's data or a post), acts, then releases it: deterministic, no sleeps.
Every navigation must end in exactly the state a full page load of its URL
gives, with no uncaught error or unhandled rejection."""

import json
import os

import pytest
from selenium.webdriver.common.by import By

from conftest import canonical, wait_for
from test_reader import h1, path, scrolled_to, uncaught_errors
from test_static import taken_over

WASM = r"_bg\.wasm$"
# A page's data (`…/data.json`), which the app fetches for each page it routes to.
DATA = r"/data\.json$"
# The welcome post's own data, which its loader fetches with the app.
OWN_DATA = r"/posts/welcome/data\.json$"

# Records errors and rejections across page loads (sessionStorage survives
# same-site navigations), from before any script of the page runs.
RECORD_ERRORS = """
(() => {
  const key = '__folio_errors';
  const note = (kind, message) => {
    const list = JSON.parse(sessionStorage.getItem(key) || '[]');
    list.push(kind + ': ' + message + ' @ ' + location.pathname);
    sessionStorage.setItem(key, JSON.stringify(list));
  };
  addEventListener('error', e => note('error', e.message));
  addEventListener('unhandledrejection', e => note('rejection', String(e.reason && (e.reason.stack || e.reason))));
})();
"""


def recorded_errors(driver):
    return json.loads(driver.execute_script("return sessionStorage.getItem('__folio_errors') || '[]'"))


def state(driver):
    """What the reader has: URL, tab title, language and the page's markup,
    less what reading changes (the TOC entry being read, focus)."""
    return {
        "path": driver.execute_script("return location.pathname"),
        "title": driver.title,
        "lang": driver.execute_script("return document.documentElement.lang"),
        "page": canonical(driver, "#folio-app"),
    }


def full_load_state(driver, site, url):
    """The state of a fresh full page load of `url`, once the app has taken over."""
    driver.get(site.url(url))
    wait_for(driver, taken_over, message=f"no takeover at {url}")
    return state(driver)


def settle(driver, expected_h1):
    wait_for(driver, taken_over, message="the app never took over")
    wait_for(driver, lambda d: h1(d) == expected_h1, message=f"expected {expected_h1!r}")
    # The tab title follows the page by a frame: wait for it too, so that a
    # busy machine cannot make the comparison with a full load flaky.
    wait_for(driver, lambda d: d.title.endswith(expected_h1), message=f"tab title {driver.title!r}")


@pytest.fixture
def watched(new_browser, engine):
    """A browser whose pages record their uncaught errors: in Chromium only,
    which injects the recorder before the page's own scripts (CDP); elsewhere
    `errors` finds none, and the test checks the rest."""
    driver = new_browser()
    if engine == "chromium":
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_ERRORS})
    return driver


@pytest.mark.parametrize("held", [WASM, OWN_DATA, DATA])
def test_cross_post_click_during_takeover_ends_as_a_full_load(gated_site, watched, held):
    if held in (WASM, OWN_DATA):
        gated_site.hold(held)
    watched.get(gated_site.url("vi/posts/welcome/"))
    if held == DATA:
        # The page's own data came with the app: once it has taken over, the
        # click routes in the app while the next page's data is held.
        wait_for(watched, taken_over, message="the app did not take over")
        gated_site.hold(held)
    watched.find_element(By.LINK_TEXT, "ghi chép về bộ nhớ đệm").click()
    gated_site.release()
    settle(watched, "Ghi chép về bộ nhớ đệm phân tán")
    assert "Gần người đọc là nhanh nhất" in watched.find_element(By.CSS_SELECTOR, ".post-body").text
    raced = state(watched)
    assert raced == full_load_state(watched, gated_site, "vi/posts/distributed-cache/")
    assert recorded_errors(watched) == [] and uncaught_errors(watched) == []


def test_language_switch_while_its_data_loads_ends_as_a_full_load(gated_site, watched):
    watched.get(gated_site.url("posts/distributed-cache/"))
    wait_for(watched, taken_over)
    gated_site.hold(DATA)
    watched.find_element(By.CSS_SELECTOR, ".lang-switch a[hreflang=vi]").click()
    gated_site.release()
    settle(watched, "Ghi chép về bộ nhớ đệm phân tán")
    raced = state(watched)
    assert raced == full_load_state(watched, gated_site, "vi/posts/distributed-cache/")
    assert recorded_errors(watched) == []


def test_back_and_forward_while_data_loads_end_as_full_loads(gated_site, watched):
    watched.get(gated_site.url("posts/welcome/"))
    wait_for(watched, taken_over)
    gated_site.hold(DATA)
    watched.find_element(By.LINK_TEXT, "notes on caching").click()
    wait_for(watched, lambda d: path(d) == "/blog/posts/distributed-cache/")
    watched.back()
    wait_for(watched, lambda d: path(d) == "/blog/posts/welcome/")
    gated_site.release()
    settle(watched, "Welcome to folio")
    back = state(watched)
    watched.forward()
    settle(watched, "Notes on distributed caching")
    forward = state(watched)
    assert back == full_load_state(watched, gated_site, "posts/welcome/")
    assert forward == full_load_state(watched, gated_site, "posts/distributed-cache/")
    assert recorded_errors(watched) == []


def test_toc_click_during_takeover_keeps_the_heading(gated_site, new_browser):
    driver = new_browser(width=1280, height=500)
    gated_site.hold(WASM)
    driver.get(gated_site.url("posts/distributed-cache/"))
    driver.find_element(By.CSS_SELECTOR, "#folio-static .toc a[href='#invalidation']").click()
    wait_for(driver, lambda d: path(d) == "/blog/posts/distributed-cache/#invalidation")
    gated_site.release()
    wait_for(driver, taken_over)
    # Give the takeover's scroll handling its frame before looking.
    driver.execute_script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert scrolled_to(driver, "invalidation"), "the TOC click was undone by the takeover"
    assert path(driver) == "/blog/posts/distributed-cache/#invalidation"


def post_hash(dist, slug, lang):
    # One data file for all of a post's languages.
    with open(os.path.join(dist, f"posts/{slug}/data.json"), encoding="utf-8") as f:
        data = json.load(f)
    return next(v for v in data["post"]["entry"]["versions"] if v["lang"] == lang)["body"]


def test_leaving_a_loading_post_ends_as_a_full_load(gated_site, watched, dist):
    watched.get(gated_site.url(""))
    wait_for(watched, taken_over)
    gated_site.hold("/p/" + post_hash(dist, "rust-notes", "en"))
    watched.find_element(By.LINK_TEXT, "Rust notes").click()
    wait_for(watched, lambda d: path(d) == "/blog/posts/rust-notes/")
    watched.find_element(By.CSS_SELECTOR, ".site-title").click()
    wait_for(watched, lambda d: path(d) == "/blog/")
    gated_site.release()
    wait_for(watched, lambda d: d.find_elements(By.CSS_SELECTOR, "#folio-app .post-list"))
    # The released post must not replace the page the reader went to.
    watched.execute_script("return new Promise(r => setTimeout(r, 300))")
    home = state(watched)
    assert home["path"] == "/blog/" and home == full_load_state(watched, gated_site, "")
    assert recorded_errors(watched) == [] and uncaught_errors(watched) == []


@pytest.mark.chromium_only("blocks the wasm with Chromium's network emulation and records errors with a script injected before the page's (CDP)")
@pytest.mark.parametrize("blocked", ["_bg.wasm", "/posts/welcome/data.json"])
def test_a_failed_app_download_raises_nothing(site, watched, blocked):
    """Defect 2, deterministically: the wasm's download fails (offline, a
    dropped connection) while the page is open; or the page's data, which
    the loader fetches with it."""
    watched.execute_cdp_cmd("Network.enable", {})
    watched.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*" + blocked]})
    watched.get(site.url("posts/welcome/"))
    wait_for(watched, lambda d: recorded_errors(d) or d.execute_script(
        "return document.documentElement.dataset.folioApp === 'failed'"), message="the download never failed")
    assert recorded_errors(watched) == []
    assert [e for e in uncaught_errors(watched) if blocked not in e["message"]] == []
    assert h1(watched) == "Welcome to folio", "the prerendered page stays readable"


@pytest.mark.parametrize("kind", ["application/octet-stream", "application/wasm; charset=utf-8"])
def test_the_app_starts_from_a_host_that_sends_wasm_with_another_type(gated_site, browser, kind):
    """The loader compiles the wasm as it streams only when it comes as
    `application/wasm`; a host that sends another type still gets the app."""
    gated_site.mistype(WASM, kind)
    browser.get(gated_site.url("posts/welcome/"))
    wait_for(browser, taken_over)
    assert browser.execute_script("return document.documentElement.dataset.folioApp") == "started"


@pytest.mark.chromium_only("records errors with a script injected before the page's own (CDP)")
@pytest.mark.parametrize("held", [WASM, OWN_DATA, DATA, r"/p/[0-9a-f]+\.json$"])
def test_leaving_the_page_while_it_loads_raises_nothing(gated_site, watched, held):
    """Defect 2: a full navigation away while the app, the page's own data,
    another page's data or a post is still loading must not surface
    `TypeError: Failed to fetch`."""
    if held not in (WASM, OWN_DATA):
        watched.get(gated_site.url("vi/"))
        wait_for(watched, taken_over)
        gated_site.hold(held)
        watched.find_element(By.LINK_TEXT, "Rust notes").click()
    else:
        gated_site.hold(held)
        watched.get(gated_site.url("posts/welcome/"))
    watched.get(gated_site.url("tags/rust/"))
    gated_site.release()
    wait_for(watched, taken_over)
    assert recorded_errors(watched) == []
    assert uncaught_errors(watched) == []


def test_language_switch_while_the_post_loads_ends_as_a_full_load(gated_site, watched, dist):
    watched.get(gated_site.url(""))
    wait_for(watched, taken_over)
    gated_site.hold("/p/" + post_hash(dist, "distributed-cache", "en"))
    watched.find_element(By.LINK_TEXT, "Notes on distributed caching").click()
    wait_for(watched, lambda d: d.find_elements(By.CSS_SELECTOR, "#folio-app .loading"))
    watched.find_element(By.CSS_SELECTOR, ".lang-switch a[hreflang=vi]").click()
    gated_site.release()
    wait_for(watched, lambda d: h1(d) == "Ghi chép về bộ nhớ đệm phân tán")
    watched.execute_script("return new Promise(r => setTimeout(r, 300))")
    raced = state(watched)
    assert raced == full_load_state(watched, gated_site, "vi/posts/distributed-cache/")
    assert recorded_errors(watched) == [] and uncaught_errors(watched) == []


def test_back_and_forward_while_the_post_loads_end_as_full_loads(gated_site, watched, dist):
    watched.get(gated_site.url(""))
    wait_for(watched, taken_over)
    gated_site.hold("/p/" + post_hash(dist, "rust-notes", "en"))
    watched.find_element(By.LINK_TEXT, "Rust notes").click()
    wait_for(watched, lambda d: d.find_elements(By.CSS_SELECTOR, "#folio-app .loading"))
    watched.back()
    wait_for(watched, lambda d: path(d) == "/blog/")
    gated_site.release()
    wait_for(watched, lambda d: d.find_elements(By.CSS_SELECTOR, "#folio-app .post-list"))
    watched.execute_script("return new Promise(r => setTimeout(r, 300))")
    back = state(watched)
    watched.forward()
    wait_for(watched, lambda d: h1(d) == "Rust notes")
    forward = state(watched)
    assert back == full_load_state(watched, gated_site, "")
    assert forward == full_load_state(watched, gated_site, "posts/rust-notes/")
    assert recorded_errors(watched) == []


def test_theme_toggle_works_while_the_app_starts(gated_site, browser):
    gated_site.hold(WASM)
    browser.get(gated_site.url("posts/welcome/"))
    browser.find_element(By.CSS_SELECTOR, "#folio-static .theme-toggle").click()
    assert browser.execute_script("return document.documentElement.dataset.theme") == "dark"
    gated_site.release()
    wait_for(browser, taken_over)
    toggle = browser.find_element(By.CSS_SELECTOR, ".theme-toggle")
    assert toggle.get_attribute("aria-pressed") == "true"
    toggle.click()
    assert browser.execute_script("return document.documentElement.dataset.theme") == "light"
    assert toggle.get_attribute("aria-pressed") == "false"


def test_takeover_keeps_the_open_toc_and_focus(gated_site, new_browser):
    driver = new_browser(width=400, height=800)
    gated_site.hold(WASM)
    driver.get(gated_site.url("posts/distributed-cache/"))
    button = driver.find_element(By.CSS_SELECTOR, "#folio-static .toc-toggle")
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    gated_site.release()
    wait_for(driver, taken_over)
    toc = driver.find_element(By.CSS_SELECTOR, ".toc")
    assert "open" in toc.get_attribute("class").split()
    assert toc.find_element(By.CSS_SELECTOR, ".toc-toggle").get_attribute("aria-expanded") == "true"
    assert driver.execute_script("return document.activeElement.matches('#folio-app .toc-toggle')")


def test_a_link_to_the_current_page_acts_as_a_reload(site, new_browser):
    driver = new_browser(width=1280, height=400)
    driver.get(site.url(""))
    wait_for(driver, taken_over)
    length = driver.execute_script("return history.length")
    driver.execute_script("scrollTo(0, document.documentElement.scrollHeight)")
    wait_for(driver, lambda d: d.execute_script("return scrollY") > 100)
    driver.execute_script("document.querySelector('.site-title').click()")
    wait_for(driver, lambda d: d.execute_script("return scrollY") == 0, message="stayed scrolled")
    assert driver.execute_script("return history.length") == length


def test_back_to_a_long_post_returns_to_where_the_reader_was(site, new_browser):
    driver = new_browser(width=1280, height=700)
    driver.get(site.url("posts/long-read/"))
    wait_for(driver, taken_over)
    driver.execute_script("scrollTo(0, document.documentElement.scrollHeight * 0.8)")
    wait_for(driver, lambda d: d.execute_script("return scrollY") > 2000)
    y = driver.execute_script("return scrollY")
    driver.execute_script("document.querySelector('.site-title').click()")
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".post-list"))
    if driver.folio_engine == "webkit":
        # WebKit's Back skips history entries added without a user's gesture,
        # as the script's click above is (a real click would scroll first).
        driver.execute_script("history.back()")
    else:
        driver.back()
    wait_for(driver, lambda d: abs(d.execute_script("return scrollY") - y) < 2,
             message="Back did not return to the reader's place")


def test_a_link_to_a_post_missing_in_the_readers_language_goes_to_its_real_page(site, browser):
    browser.get(site.url("vi/posts/welcome/"))
    wait_for(browser, taken_over)
    link = (By.LINK_TEXT, "ghi chép về Rust")
    assert wait_for(browser, lambda d: d.find_element(*link).get_attribute("pathname")) == "/blog/posts/rust-notes/"
    # WebKit's driver loses elements the app moves as it takes the article over: look again.
    wait_for(browser, lambda d: d.find_element(*link).click() or True)
    wait_for(browser, lambda d: h1(d) == "Rust notes")
    assert not browser.find_elements(By.CSS_SELECTOR, ".notice")
