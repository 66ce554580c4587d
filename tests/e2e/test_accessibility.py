"""Accessibility: axe-core (from npm) on the main pages, in both languages and
both themes, with no serious or critical violation."""

import os

import pytest
from selenium.webdriver.common.by import By

from conftest import ROOT, wait_for
from test_reader import open_page
from test_search import open_search

AXE = os.path.join(ROOT, "tools", "node_modules", "axe-core", "axe.min.js")


def violations(driver):
    with open(AXE, encoding="utf-8") as f:
        driver.execute_script(f.read())
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => "
        "({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))));"
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def open_in_theme(browser, site, page, theme):
    """Opens `page` with the reader's theme set to `theme`, axe given time to run."""
    browser.set_script_timeout(30)
    open_page(browser, site.url(""))
    browser.execute_script("localStorage.setItem('folio-theme', arguments[0])", theme)
    open_page(browser, site.url(page))


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("page", ["", "vi/", "posts/welcome/", "vi/posts/distributed-cache/", "tags/rust/", "posts/missing/",
                                  "posts/technical-posts/", "vi/posts/technical-posts/"])
@pytest.mark.engine_independent("axe-core checks the markup, its ARIA and the theme's colours; the markup is the same "
                                "in every engine (test_static_page_and_app_are_the_same_markup_in_the_same_place)")
def test_no_serious_accessibility_violations(site, browser, page, theme):
    open_in_theme(browser, site, page, theme)
    assert violations(browser) == []


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("page,query", [("", "cache"), ("vi/", "bo nho")])
def test_search_dialog_with_results_has_no_serious_violations(site, browser, page, query, theme):
    open_in_theme(browser, site, page, theme)
    open_search(browser).send_keys(query)
    wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#folio-search-results mark"))
    assert violations(browser) == []
