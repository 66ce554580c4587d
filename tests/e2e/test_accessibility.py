"""Accessibility: axe-core (from npm) on the main pages, in both languages and
both themes, with no serious or critical violation."""

import os

import pytest

from conftest import ROOT
from test_reader import open_page

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


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("page", ["", "vi/", "posts/welcome/", "vi/posts/distributed-cache/", "tags/rust/", "posts/missing/",
                                  "posts/technical-posts/", "vi/posts/technical-posts/"])
def test_no_serious_accessibility_violations(site, browser, page, theme):
    browser.set_script_timeout(30)
    open_page(browser, site.url(""))
    browser.execute_script("localStorage.setItem('folio-theme', arguments[0])", theme)
    open_page(browser, site.url(page))
    assert violations(browser) == []
