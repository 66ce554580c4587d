"""Every language (issue 22), on a site in en, zh, ja, ar, fr and vi: each page's
interface text and dates in its language, Arabic laid out right to left,
and search in scripts written without spaces between words finding a word
inside longer text, with the matched letters marked."""

import pytest
from selenium.webdriver.common.by import By

from conftest import Site, wait_for
from test_accessibility import open_in_theme, violations
from test_reader import open_page
from test_search import open_search, results, search_for
from test_site_folder import index_site_folder

CONFIG = """title = "Languages"
base_url = "https://languages.example"
default_language = "en"

[[languages]]
code = "en"
name = "English"

[[languages]]
code = "zh"
name = "中文"

[[languages]]
code = "ja"
name = "日本語"

[[languages]]
code = "ar"
name = "العربية"

[[languages]]
code = "fr"
name = "Français"

[[languages]]
code = "vi"
name = "Tiếng Việt"
"""

POSTS = {
    "proxy.md": "---\ntitle: HTTP 代理的设置\nlang: zh\ndate: 2025-01-02\n---\n配置HTTP代理服务器的方法很简单。\n",
    "cache.md": "---\ntitle: ブラウザの設定\nlang: ja\ndate: 2025-01-03\n---\nブラウザのキャッシュを無効化する手順です。\n",
    "hello.md": "---\ntitle: Hello\ndate: 2025-01-01\n---\nA post in English.\n",
    # 4,002 letters of Japanese: 13 minutes at 330 letters a minute.
    "nagai.md": "---\ntitle: 長い記事\nlang: ja\ndate: 2024-12-01\n---\n" + "日本語の文章" * 667 + "\n",
    "bonjour.md": "---\ntitle: Bonjour\nlang: fr\ndate: 2025-05-12\n---\nUn billet en français.\n",
    "xin-chao.md": "---\ntitle: Xin chào\nlang: vi\ndate: 2025-05-12\n---\nMột bài viết tiếng Việt.\n",
    "arabic.md": "---\ntitle: عن التخزين المؤقت\nlang: ar\ndate: 2025-05-12\n---\n"
                 "## المقدمة\n\nنص عربي طويل عن التخزين المؤقت.\n\n## التفاصيل\n\nالمزيد من النص.\n\n"
                 "```rust\nfn main() {}\n```\n\n## الخلاصة\n\nنهاية.\n",
}


@pytest.fixture(scope="module")
def languages_site(dist, tmp_path_factory):
    root = tmp_path_factory.mktemp("languages")
    site = root / "site"
    (site / "posts").mkdir(parents=True)
    (site / "folio.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in POSTS.items():
        (site / "posts" / name).write_text(text, encoding="utf-8")
    staging, _ = index_site_folder(dist, root, str(site))
    server = Site(str(staging))
    yield server
    server.stop()


@pytest.mark.chromium_only("the tokenizer is the core's, the same in every engine; typing CJK through WebDriver is not what is tested")
def test_chinese_and_japanese_words_are_found_inside_sentences(languages_site, browser):
    open_page(browser, languages_site.url("zh/"))
    field = open_search(browser)
    found = search_for(browser, field, "代理")
    assert [r["title"] for r in found] == ["HTTP 代理的设置"], found
    assert found[0]["href"] == "/blog/zh/posts/proxy/"
    open_page(browser, languages_site.url("ja/"))
    field = open_search(browser)
    found = search_for(browser, field, "無効化")
    assert [r["title"] for r in found] == ["ブラウザの設定"], found
    wait_for(browser, lambda d: "".join(results(d)[0]["marked"]) == "無効化",
             message=f"the excerpt does not mark the word: {results(browser)}")
    field.clear()
    assert [r["title"] for r in search_for(browser, field, "キャッシュ")] == ["ブラウザの設定"]


@pytest.mark.chromium_only("the text is the build's and the app's, the same in every engine")
def test_each_page_speaks_its_language_before_and_after_the_app(languages_site, browser):
    checks = [("zh/posts/proxy/", "zh", "搜索", "2025年1月2日"), ("ja/posts/cache/", "ja", "検索", "2025年1月3日"),
              ("ar/posts/arabic/", "ar", "بحث", "12 مايو 2025"), ("fr/posts/bonjour/", "fr", "Rechercher", "12 mai 2025"),
              ("vi/posts/xin-chao/", "vi", "Tìm kiếm", "12 tháng 5, 2025"), ("posts/hello/", "en", "Search", "1 January 2025")]
    for path, lang, search, date in checks:
        open_page(browser, languages_site.url(path))
        toggle = browser.find_element(By.CSS_SELECTOR, ".search-toggle").get_attribute("aria-label")
        shown = browser.find_element(By.CSS_SELECTOR, "#main .post-header time").text
        assert (toggle, shown) == (search, date), path
        assert browser.execute_script("return document.documentElement.lang") == lang
    # Reading time counts the letters of a script written without spaces.
    open_page(browser, languages_site.url("ja/posts/nagai/"))
    assert browser.find_element(By.CSS_SELECTOR, "#main .reading-time").text == "13分で読めます"
    # From the Chinese page, the English home page opens in the app; so
    # does the Japanese one, once the app has fetched its interface text.
    open_page(browser, languages_site.url("zh/"))
    browser.execute_script("window.__folio_mark = 'same document'")
    browser.execute_script("history.pushState(null, '', arguments[0]); dispatchEvent(new PopStateEvent('popstate'))",
                           "/blog/")
    wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".search-toggle").get_attribute("aria-label") == "Search")
    assert browser.execute_script("return window.__folio_mark") == "same document"
    browser.find_element(By.CSS_SELECTOR, '.lang-switch a[hreflang="ja"]').click()
    wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".search-toggle").get_attribute("aria-label") == "検索")
    assert browser.execute_script("return window.__folio_mark") == "same document"
    dates = [time.text for time in browser.find_elements(By.CSS_SELECTOR, "#main .post-list time")]
    assert "2025年1月3日" in dates, dates


def test_arabic_reads_right_to_left_with_code_left_to_right(languages_site, browser):
    open_page(browser, languages_site.url("ar/posts/arabic/"))
    assert browser.execute_script("return document.documentElement.dir") == "rtl"
    directions = browser.execute_script("""
        const style = (s) => getComputedStyle(document.querySelector(s)).direction;
        return [style('#main .post-body'), style('#main .post-body pre')];""")
    assert directions == ["rtl", "ltr"], directions
    width = browser.execute_script("return innerWidth")
    if width >= 1024:
        # The table of contents sits on the reading side's end: the left.
        toc, body = browser.execute_script("""
            const r = (s) => document.querySelector(s).getBoundingClientRect();
            return [r('#main .toc').right, r('#main .post-body').left];""")
        assert toc <= body + 1, (toc, body)
    # The static page says the same before the app runs.
    html = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch(location.href).then(r => r.text()).then(done);""")
    assert '<html lang="ar" dir="rtl">' in html


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("page", ["ar/", "ar/posts/arabic/", "ja/", "ja/posts/cache/"])
@pytest.mark.engine_independent("axe-core checks the markup, its ARIA and the theme's colours, the same in every engine")
def test_arabic_and_japanese_pages_have_no_serious_accessibility_violations(languages_site, browser, page, theme):
    open_in_theme(browser, languages_site, page, theme)
    assert violations(browser) == []
