"""A writer's own site folder, outside the engine's checkout (issue 20): its
posts, configuration, `static/` files and `style.css` build into a site
that holds none of the demo's posts, and a browser shows it styled. The
indexer runs on Trunk's files from the release build, as `FOLIO_SITE=…
trunk build --release` would run it."""

import os
import shutil
import subprocess
import urllib.request

import pytest
from selenium.webdriver.common.by import By

from conftest import ROOT, Site, wait_for
from test_big_site import copy_app_files, shell_from_source
from test_links import broken_links, report
from test_static import taken_over

CONFIG = """title = "Quiet Notes"
description = "A writer's own site"
base_url = "https://notes.example"
default_language = "en"

[[languages]]
code = "en"
name = "English"
"""

POST = """---
title: First light
date: 2024-02-03
keywords: mornings
---
The first post of a site that is not the demo. ![A small sky](sky.svg)

## Before dawn

Read the [CV](/cv.pdf) too.
"""

SKY = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#8af"/></svg>'
PDF = b"%PDF-1.4\n% folio test file, not a real document\n"


def build_site_folder(dist, tmp_path):
    """`my-blog/` in a temporary folder, built by the indexer with a relative
    FOLIO_SITE from the folder it is run in. Returns (staging, stderr)."""
    site = tmp_path / "my-blog"
    (site / "posts").mkdir(parents=True)
    (site / "static" / ".well-known").mkdir(parents=True)
    (site / "pages").mkdir()
    (site / "folio.toml").write_text(CONFIG, encoding="utf-8")
    (site / "posts" / "first-light.md").write_text(POST, encoding="utf-8")
    (site / "posts" / "sky.svg").write_bytes(SKY)
    (site / "static" / "cv.pdf").write_bytes(PDF)
    (site / "static" / ".well-known" / "security.txt").write_text("Contact: mailto:me@notes.example\n")
    (site / "style.css").write_text(".site-title { color: rgb(1, 2, 3); }\n", encoding="utf-8")
    (site / "pages" / "about.md").write_text("---\ntitle: About\n---\nA page of the site's own.\n", encoding="utf-8")
    return index_site_folder(dist, tmp_path, "my-blog", pwd=str(tmp_path))


def index_site_folder(dist, tmp_path, folio_site, pwd=None):
    """Trunk's part of a release build (the app's files and the shell, from
    `dist`, in a new staging folder), then the indexer on FOLIO_SITE, as
    Trunk's hook runs it; `pwd` is the folder a relative FOLIO_SITE is
    taken from. Returns (staging, stderr)."""
    staging = tmp_path / "dist"
    staging.mkdir()
    copy_app_files(dist, staging)
    (staging / "index.html").write_text(shell_from_source(dist), encoding="utf-8")
    env = dict(os.environ, TRUNK_SOURCE_DIR=ROOT, FOLIO_SITE=folio_site, TRUNK_STAGING_DIR=str(staging),
               TRUNK_PUBLIC_URL="/blog/", TRUNK_PROFILE="release")
    if pwd:
        env["PWD"] = pwd
    run = subprocess.run([os.path.join(ROOT, "target", "debug", "folio-index")], env=env, cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return staging, run.stderr


@pytest.mark.chromium_only("a site folder's files are the same in every engine: one shows them served and applied")
def test_a_site_folder_outside_the_checkout_is_its_own_site(dist, tmp_path, browser):
    staging, stderr = build_site_folder(dist, tmp_path)
    assert "1 post(s), 1 page(s) indexed" in stderr, stderr
    assert (staging / "about" / "index.html").exists(), "the site's own page"

    demo = {name[:-3].split(".")[0] for name in os.listdir(os.path.join(ROOT, "site", "posts")) if name.endswith(".md")}
    assert sorted(os.listdir(staging / "posts")) == ["first-light", "sky.svg"], "only the site's own posts"
    pages = [p for p in staging.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".xml")]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        leaked = [slug for slug in demo if f"posts/{slug}/" in text]
        assert not leaked, f"{page} links the demo's posts {leaked}"
    assert (staging / "cv.pdf").read_bytes() == PDF
    assert (staging / ".well-known" / "security.txt").exists()
    stylesheets = [p.name for p in staging.glob("site-*.css")]
    assert len(stylesheets) == 1, stylesheets
    failures = broken_links(str(staging), "/blog/")
    assert not failures, report(failures)

    server = Site(str(staging))
    try:
        browser.get(server.url(""))
        wait_for(browser, lambda d: d.find_elements(By.LINK_TEXT, "First light"), message="the site's post is not listed")
        # The app replaces the prerendered page's elements as it takes over: click its own.
        wait_for(browser, taken_over, message="the app did not take over the site's home page")
        assert browser.title.startswith("Quiet Notes") or "Quiet Notes" in browser.title, browser.title
        title = browser.find_element(By.CSS_SELECTOR, ".site-title")
        assert title.value_of_css_property("color") == "rgba(1, 2, 3, 1)", "the writer's style.css comes after folio's"
        browser.find_element(By.LINK_TEXT, "First light").click()
        wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#main h1").text == "First light")
        sky = browser.find_element(By.CSS_SELECTOR, ".post-body img")
        wait_for(browser, lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", sky),
                 message="the image beside the post did not load")
        with urllib.request.urlopen(server.url("cv.pdf"), timeout=5) as answer:
            assert answer.read() == PDF
    finally:
        server.stop()
