"""Reading offline (issue 11): the service worker precaches the app, keeps
every page the reader opened, answers a page never opened with the
translated offline page, and offers a reload after a new deploy."""

import os
import re
import shutil
import subprocess

import pytest
from selenium.webdriver.common.by import By

from conftest import ROOT, Site, app_taken_over, network, wait_for, worker_in_control
from test_big_site import copy_app_files, shell_from_source
from test_reader import RENDERED, h1, path, same_document, mark

WELCOME_EN, WELCOME_VI = "Welcome to folio", "Chào mừng đến với folio"
CACHE_EN, CACHE_VI = "Notes on distributed caching", "Ghi chép về bộ nhớ đệm phân tán"


def shown(driver, url):
    """Loads `url` and waits until the app has taken over the page."""
    driver.get(url)
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, RENDERED)
             and app_taken_over(d), message=f"nothing at {url}")


def cached(driver, url):
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "caches.match(arguments[0]).then(r => done(!!r), () => done(false));", url)


def wait_cached(driver, *urls):
    for url in urls:
        wait_for(driver, lambda d: cached(d, url), timeout=20, message=f"{url} was not kept for offline reading")


def click_link(driver, href_end):
    link = wait_for(driver, lambda d: next((a for a in d.find_elements(By.CSS_SELECTOR, "#main a, header a")
                                            if (a.get_attribute("href") or "").endswith(href_end)), None),
                    message=f"no link to {href_end}")
    link.click()


def set_offline(driver, offline):
    """The browser's offline emulation, for the page and its service worker."""
    network(driver, "Network.emulateNetworkConditions",
            {"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


def offline_message(driver):
    panel = driver.find_elements(By.CSS_SELECTOR, "#main .error-panel h1")
    return panel[0].text if panel else None


@pytest.fixture
def own_site(dist):
    """The build on a server of its own: a test that stops it leaves the others' alone."""
    server = Site(dist)
    yield server
    server.stop()


@pytest.mark.fresh_browser("goes offline and reads what the service worker kept since its first install")
@pytest.mark.chromium_only("goes offline with Chromium's network emulation (CDP), which also sets navigator.onLine")
def test_pages_opened_online_read_offline(own_site, browser):
    site = own_site
    post_data = lambda slug: site.url(f"posts/{slug}/data.json")
    # Online: a post opened from its own URL, then another and its other
    # language reached in the app.
    shown(browser, site.url("posts/welcome/"))
    worker_in_control(browser)
    wait_cached(browser, site.url("posts/welcome/"), post_data("welcome"))
    click_link(browser, "/blog/")
    wait_for(browser, lambda d: path(d) == "/blog/" and d.find_elements(By.CSS_SELECTOR, ".post-list"))
    click_link(browser, "/blog/posts/distributed-cache/")
    wait_for(browser, lambda d: h1(d) == CACHE_EN)
    click_link(browser, "/blog/vi/posts/distributed-cache/")
    wait_for(browser, lambda d: h1(d) == CACHE_VI)
    click_link(browser, "/blog/posts/distributed-cache/")
    wait_for(browser, lambda d: h1(d) == CACHE_EN)
    wait_cached(browser, post_data("distributed-cache"))

    set_offline(browser, True)
    try:
        assert browser.execute_script("return navigator.onLine") is False
        # A reload of a page reached in the app, then in-app navigation.
        browser.refresh()
        wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".post-body") and h1(d) == CACHE_EN,
                 message="the post did not show offline")
        assert browser.find_elements(By.CSS_SELECTOR, ".site-header .site-title")
        mark(browser)
        click_link(browser, "/blog/vi/posts/distributed-cache/")
        wait_for(browser, lambda d: h1(d) == CACHE_VI, message="the language switch failed offline")
        click_link(browser, "/blog/posts/distributed-cache/")
        wait_for(browser, lambda d: h1(d) == CACHE_EN)
        click_link(browser, "/blog/")
        wait_for(browser, lambda d: path(d) == "/blog/" and d.find_elements(By.CSS_SELECTOR, ".post-list"))
        click_link(browser, "/blog/posts/welcome/")
        wait_for(browser, lambda d: h1(d) == WELCOME_EN, message="a post opened online did not show offline")
        assert browser.find_elements(By.CSS_SELECTOR, ".toc a"), "the TOC is there offline"
        click_link(browser, "/blog/vi/posts/welcome/")
        wait_for(browser, lambda d: h1(d) == WELCOME_VI, message="the language switch failed offline")
        assert same_document(browser), "the navigation offline was in the app"
        # The page first opened from its URL, reloaded.
        shown(browser, site.url("posts/welcome/"))
        assert h1(browser) == WELCOME_EN

        # A post never opened: the offline page, in the reader's language,
        # inside the site's layout, with Retry.
        browser.get(site.url("posts/markdown-tour/"))
        wait_for(browser, lambda d: offline_message(d) == "You are offline", message="no offline message")
        assert browser.find_elements(By.CSS_SELECTOR, ".site-header .site-title")
        # The app takes the static offline page over and replaces its elements: look again if it did.
        wait_for(browser, lambda d: "has not been saved for reading offline" in d.find_element(By.CSS_SELECTOR, ".error-panel").text,
                 timeout=5, message="the offline page does not say the post was not saved")
        browser.get(site.url("vi/posts/ha-noi-mua-thu/"))
        wait_for(browser, lambda d: offline_message(d) == "Bạn đang ngoại tuyến", message="no Vietnamese offline message")
        # The app takes over the offline page and says the same.
        wait_for(browser, lambda d: app_taken_over(d)
                 and offline_message(d) == "Bạn đang ngoại tuyến")
        assert browser.find_element(By.CSS_SELECTOR, ".error-panel .retry").text == "Thử lại"
    finally:
        set_offline(browser, False)
    # Back online, Retry shows the post.
    browser.find_element(By.CSS_SELECTOR, ".error-panel .retry").click()
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".post-body"), message="Retry did not load the post")
    assert not browser.find_elements(By.CSS_SELECTOR, ".error-panel")


@pytest.mark.fresh_browser("reads offline what the service worker kept since its first install")
def test_the_app_starts_with_the_server_gone(own_site, browser):
    """Every engine: once the worker has precached the app, a page opened
    online reads with the server stopped, and one never opened shows an
    error inside the layout, not the browser's error page."""
    site = own_site
    shown(browser, site.url("posts/welcome/"))
    worker_in_control(browser)
    wait_cached(browser, site.url("posts/welcome/"), site.url("posts/welcome/data.json"))
    site.stop()
    shown(browser, site.url("posts/welcome/"))
    assert h1(browser) == WELCOME_EN
    assert browser.find_elements(By.CSS_SELECTOR, ".post-body p")
    browser.get(site.url("posts/markdown-tour/"))
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#main .error-panel .retry"),
             message="a page never opened did not show an error with Retry")
    assert browser.find_elements(By.CSS_SELECTOR, ".site-header .site-title")


def changed_build(dist, into, title):
    """A new deploy of the demo: the site renamed, a post edited and the
    stylesheet file renamed (a new hashed name: release pages inline folio's
    stylesheet, but the worker's list of the app's files changes), written by the built indexer
    as `trunk build` would."""
    source = into.parent / (into.name + "-source")
    shutil.copytree(os.path.join(ROOT, "site"), source)
    with open(os.path.join(ROOT, "site", "folio.toml"), encoding="utf-8") as f:
        config = f.read()
    (source / "folio.toml").write_text(re.sub(r'(?m)^title = ".*"$', f'title = "{title}"', config), encoding="utf-8")
    welcome = source / "posts" / "welcome.md"
    welcome.write_text(welcome.read_text(encoding="utf-8").replace(
        "title: Welcome to folio", "title: Welcome to the new folio", 1), encoding="utf-8")
    into.mkdir()
    copy_app_files(dist, into)
    old_css = next(name for name in os.listdir(into) if name.startswith("main-") and name.endswith(".css"))
    new_css = "main-0123456789abcdef.css"
    (into / new_css).write_text((into / old_css).read_text(encoding="utf-8") + "\n/* the new deploy */\n", encoding="utf-8")
    os.remove(into / old_css)
    (into / "index.html").write_text(shell_from_source(dist).replace(old_css, new_css), encoding="utf-8")
    env = dict(os.environ, TRUNK_SOURCE_DIR=ROOT, FOLIO_SITE=str(source), TRUNK_STAGING_DIR=str(into),
               TRUNK_PUBLIC_URL="/blog/", TRUNK_PROFILE="release")
    run = subprocess.run([os.path.join(ROOT, "target", "debug", "folio-index")], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def deploy(build, served):
    """Replaces the served site's files with `build`'s, as a host's deploy does."""
    for name in os.listdir(served):
        full = os.path.join(served, name)
        shutil.rmtree(full) if os.path.isdir(full) else os.remove(full)
    shutil.copytree(build, served, dirs_exist_ok=True)


def app_caches(driver):
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "caches.keys().then(keys => done(keys.filter(k => k.includes(':app:'))), () => done(null));")


@pytest.mark.fresh_browser("follows the service worker from its first install through an update")
def test_a_new_deploy_offers_a_reload(dist, tmp_path, browser):
    served = tmp_path / "served"
    shutil.copytree(dist, served)
    changed_build(dist, tmp_path / "new", "folio, renamed")
    site = Site(str(served))
    try:
        shown(browser, site.url("posts/welcome/"))
        worker_in_control(browser)
        wait_for(browser, lambda d: len(app_caches(d) or []) == 1, timeout=20)
        before = app_caches(browser)
        # A page opened under the old version, not again after the deploy.
        shown(browser, site.url("posts/rust-notes/"))
        wait_cached(browser, site.url("posts/rust-notes/"), site.url("posts/rust-notes/data.json"))
        shown(browser, site.url("posts/welcome/"))
        notice = browser.find_element(By.CSS_SELECTOR, ".update-notice-body")
        assert not notice.is_displayed(), "no notice before a new deploy"

        deploy(tmp_path / "new", served)
        # What the page does when the reader comes back to the tab.
        browser.execute_script("navigator.serviceWorker.getRegistration().then(r => r.update())")
        wait_for(browser, lambda d: notice.is_displayed(), timeout=20, message="no notice of the new version")
        assert notice.find_element(By.CSS_SELECTOR, "span").text == "A new version is available"
        assert h1(browser) == WELCOME_EN, "the page is not changed under the reader"
        notice.find_element(By.CSS_SELECTOR, ".update-reload").click()
        wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#main h1") and h1(d) == "Welcome to the new folio",
                 timeout=20, message="the new content did not appear after Reload")
        wait_for(browser, lambda d: app_taken_over(d)
                 and d.find_element(By.CSS_SELECTOR, ".site-title").text == "folio, renamed")
        wait_for(browser, lambda d: (app_caches(d) or before) != before and len(app_caches(d)) == 1,
                 message="the old version's cache was not removed")
        notice_shown = "return getComputedStyle(document.querySelector('.update-notice-body')).display !== 'none'"
        assert not browser.execute_script(notice_shown), "the new version's page shows no notice"

        # Offline, the page kept under the old version (whose stylesheet file and
        # app are gone) shows with the new ones.
        site.stop()
        browser.get(site.url("posts/rust-notes/"))
        wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".post-body") and h1(d) == "Rust notes"
                 and app_taken_over(d), timeout=15,
                 message="a page kept under the old version did not show offline")
        styled = "return getComputedStyle(document.querySelector('.update-notice-body')).display === 'none'"
        assert browser.execute_script(styled), "the page has its stylesheet"
    finally:
        site.stop()


@pytest.mark.engine_independent("the notice's words and role are markup, shown by a class and a CSS rule")
def test_the_update_notice_is_translated(site, new_browser):
    browser = new_browser()
    shown(browser, site.url("vi/posts/welcome/"))
    browser.execute_script("document.documentElement.classList.add('folio-update-ready')")
    notice = browser.find_element(By.CSS_SELECTOR, ".update-notice-body")
    assert notice.is_displayed()
    assert notice.find_element(By.CSS_SELECTOR, "span").text == "Đã có phiên bản mới"
    assert notice.find_element(By.CSS_SELECTOR, "button").text == "Tải lại"
    assert browser.find_element(By.CSS_SELECTOR, ".update-notice").get_attribute("role") == "status"
