"""A blog moved in from Jekyll, Hugo and Zola as its files are (issue 21):
dated names, a page bundle with its image and cover, YAML and TOML front
matter, Zola's taxonomies and `@/` links, a post with its own slug, a
section's `_index.md`, and old URLs that still lead to the posts in a
browser."""

import pytest
from selenium.webdriver.common.by import By

from conftest import CANONICAL_JS, Site, app_taken_over, canonical, wait_for
from test_links import broken_links, report
from test_site_folder import index_site_folder

CONFIG = """title = "Moved In"
base_url = "https://moved.example"
default_language = "en"

[[languages]]
code = "en"
name = "English"
"""

FILES = {
    "2016-03-20-listview-onclicklistner.md": """---
layout: post
title: ListView clicks
date: 2016-03-20 17:56:15 +0100
categories: [android]
redirect_from:
  - /2016/03/20/listview-onclicklistner.html
excerpt: Why clicks vanish.
---
Clicks vanish when a row holds a button. See [the trip]({% post_url 2024-03-01-trip %}).

{% highlight ruby linenos %}
puts "clicked"
{% endhighlight %}
""",
    "2024-03-01-trip/index.md": """+++
title = "A trip"
date = 2024-03-01T10:00:00+07:00
aliases = ["/old/trip/"]
weight = 3
[cover]
image = "sky.svg"
+++
![A small sky](sky.svg)

Back to [the clicks](../2016-03-20-listview-onclicklistner.md), or by
[its old URL](/2016/03/20/listview-onclicklistner.html).
""",
    "blog/_index.md": "+++\ntitle = \"Blog\"\n+++\n",
    # Zola: a dated name with `_`, TOML with taxonomies, its own slug, an
    # `@/` link and a built-in shortcode.
    "blog/2023-05-01_zola-notes.md": """+++
title = "Notes from Zola"
date = 2023-05-01
slug = "zola-notes-moved"
[taxonomies]
tags = ["static sites"]
categories = ["notes"]
+++
Read [the trip](@/2024-03-01-trip/index.md), or watch:

{{ youtube(id="dQw4w9WgXcQ") }}
""",
    # Hugo with YAML: a figure over two lines, a `ref` to a renamed post.
    "hugo-yaml.md": """---
title: Hugo with YAML
date: 2022-02-02T08:00:00Z
tags: [hugo]
---
{{< figure src="2024-03-01-trip/sky.svg"
    caption="The sky" >}}

See [the notes]({{< ref "blog/2023-05-01_zola-notes.md" >}}).
""",
}

SKY = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#8af"/></svg>'


def build_moved_site(dist, tmp_path):
    site = tmp_path / "moved"
    for name, text in FILES.items():
        path = site / "posts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (site / "posts" / "2024-03-01-trip" / "sky.svg").write_bytes(SKY)
    (site / "folio.toml").write_text(CONFIG, encoding="utf-8")
    return index_site_folder(dist, tmp_path, str(site))


@pytest.mark.chromium_only("the files are the same for every engine; a redirect page is plain HTML with no script")
def test_a_blog_moved_in_keeps_its_posts_and_old_urls(dist, tmp_path, browser):
    staging, stderr = build_moved_site(dist, tmp_path)
    assert "4 post(s) indexed" in stderr and "1 section page(s)" in stderr, stderr
    assert "another engine" not in stderr and "not closed" not in stderr, "no tag left as text: " + stderr
    assert "front matter key `layout` (1 post(s)" in stderr and "`weight`" in stderr, stderr
    assert "`linenos` of a highlight tag is dropped (1 block(s)" in stderr, stderr
    assert sorted(p.name for p in (staging / "posts").iterdir()) == [
        "2024-03-01-trip", "hugo-yaml", "listview-onclicklistner", "trip", "zola-notes-moved"]
    assert (staging / "tags" / "static-sites" / "index.html").exists()
    failures = broken_links(str(staging), "/blog/")
    assert not failures, report(failures)

    server = Site(str(staging))
    try:
        # Jekyll's old URL, a file, leads to the post at its new URL.
        browser.get(server.url("2016/03/20/listview-onclicklistner.html"))
        wait_for(browser, lambda d: d.current_url.endswith("/blog/posts/listview-onclicklistner/"),
                 message="the old URL did not lead to the post")
        wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#main h1").text == "ListView clicks")
        description = browser.find_element(By.CSS_SELECTOR, 'meta[name="description"]').get_attribute("content")
        assert description == "Why clicks vanish.", description
        # Hugo's alias, a folder; the bundle's image beside its post.
        browser.get(server.url("old/trip/"))
        wait_for(browser, lambda d: d.current_url.endswith("/blog/posts/trip/"), message="the alias did not lead on")
        sky = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".post-body img"))[0]
        wait_for(browser, lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", sky),
                 message="the bundle's image did not load")
        # A link to a post's old URL goes straight to the post.
        old = browser.find_element(By.LINK_TEXT, "its old URL").get_attribute("href")
        assert old.endswith("/blog/posts/listview-onclicklistner/"), old
        # A relative link to the other post's file opens that post, which the
        # app renders from the converted text: Jekyll's highlight tag is a
        # highlighted block.
        browser.find_element(By.LINK_TEXT, "the clicks").click()
        wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#main h1").text == "ListView clicks")
        wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#main pre code.language-ruby span[class^='hl-']"),
                 message="the highlight tag did not become a highlighted code block")
        assert "{%" not in browser.find_element(By.CSS_SELECTOR, "#main article").text
        # Hugo's `ref` to a Zola post that has its own slug, whose `@/` link
        # leads back, all in the app.
        browser.get(server.url("posts/hugo-yaml/"))
        wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#main figure img, #main .post-body img"))
        wait_for(browser, lambda d: app_taken_over(d))
        browser.find_element(By.LINK_TEXT, "the notes").click()
        wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#main h1").text == "Notes from Zola")
        assert browser.current_url.endswith("/blog/posts/zola-notes-moved/"), browser.current_url
        video = browser.find_element(By.PARTIAL_LINK_TEXT, "YouTube video").get_attribute("href")
        assert video == "https://www.youtube.com/watch?v=dQw4w9WgXcQ", video
        browser.find_element(By.LINK_TEXT, "the trip").click()
        wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#main h1").text == "A trip")
        browser.back()
        wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#main h1").text == "Notes from Zola")
        browser.get(server.url("posts/listview-onclicklistner/"))
        wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#main h1").text == "ListView clicks")
        # Jekyll's post_url tag links the other post.
        browser.find_element(By.LINK_TEXT, "the trip").click()
        wait_for(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#main h1").text == "A trip")
        # Hugo's `cover` shows above the post, sized before it loads, and the
        # app's header is the prerendered page's.
        cover = wait_for(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#main .post-header .cover img"))[0]
        assert (cover.get_dom_attribute("width"), cover.get_dom_attribute("height")) == ("40", "20")
        wait_for(browser, lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", cover),
                 message="the cover did not load")
        prerendered = browser.execute_async_script(CANONICAL_JS + """
            const done = arguments[arguments.length - 1];
            fetch(arguments[0]).then(r => r.text()).then(html => {
              const page = new DOMParser().parseFromString(html, 'text/html');
              done([...page.querySelector('.post-header').childNodes].map(canon).join(''));
            });""", server.url("posts/trip/"))
        assert 'class="cover"' in prerendered, prerendered
        assert canonical(browser, "#main .post-header") == prerendered
    finally:
        server.stop()
