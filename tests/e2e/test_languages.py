"""Languages beyond English and Vietnamese (issue 22): search in scripts
written without spaces between words finds a word inside longer text, in
the app, with the matched letters marked."""

import pytest

from conftest import Site, wait_for
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
"""

POSTS = {
    "proxy.md": "---\ntitle: HTTP 代理的设置\nlang: zh\ndate: 2025-01-02\n---\n配置HTTP代理服务器的方法很简单。\n",
    "cache.md": "---\ntitle: ブラウザの設定\nlang: ja\ndate: 2025-01-03\n---\nブラウザのキャッシュを無効化する手順です。\n",
    "hello.md": "---\ntitle: Hello\ndate: 2025-01-01\n---\nA post in English.\n",
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
