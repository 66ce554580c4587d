"""Technical posts (issue 8): highlighted code, MathML, callouts, footnotes,
heading anchors, figures and the Copy button, on the demo post
`technical-posts` (English and Vietnamese), in headless Chromium."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import canonical, network, wait_for, worker_in_control
from test_reader import h1, mark, open_page, same_document, uncaught_errors

TITLES = {"en": "Writing technical posts", "vi": "Viết bài kỹ thuật"}
POST = {"en": "posts/technical-posts/", "vi": "vi/posts/technical-posts/"}
OTHER = {"en": "vi", "vi": "en"}


def prerendered_body(new_browser, site, lang):
    """The article as the static page has it: the browser with scripts off."""
    driver = new_browser(javascript=False)
    driver.get(site.url(POST[lang]))
    return canonical(driver, ".post-body")


def app_body_after_navigation(driver, site, lang):
    """The article as the app renders it after a click on the home page's link."""
    open_page(driver, site.url("" if lang == "en" else "vi/"))
    mark(driver)
    driver.find_element(By.LINK_TEXT, TITLES[lang]).click()
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".post-body") and h1(d) == TITLES[lang])
    assert same_document(driver), "the page reloaded"
    return canonical(driver, ".post-body")


def app_body_after_language_switch(driver, site, lang):
    """The article as the app renders it after switching from the other language."""
    open_page(driver, site.url(POST[OTHER[lang]]))
    mark(driver)
    driver.find_element(By.CSS_SELECTOR, f".lang-switch a[hreflang={lang}]").click()
    wait_for(driver, lambda d: h1(d) == TITLES[lang])
    assert same_document(driver), "the page reloaded"
    return canonical(driver, ".post-body")


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_same_markup_prerendered_after_navigation_and_after_language_switch(site, browser, new_browser, lang):
    static = prerendered_body(new_browser, site, lang)
    assert 'class="hl-' in static and "<math" in static, "the prerendered post is highlighted and typeset"
    assert static == app_body_after_navigation(browser, site, lang)
    assert static == app_body_after_language_switch(browser, site, lang)
    assert uncaught_errors(browser) == []


@pytest.mark.engine_independent("highlighting classes, MathML elements and text: markup (and a colour from the stylesheet)")
def test_code_is_highlighted_and_math_is_mathml(site, browser):
    open_page(browser, site.url(POST["en"]))
    languages = browser.execute_script(
        "return [...document.querySelectorAll('.post-body pre code')].map(c => c.className)")
    assert languages[:3] == ["language-rust", "language-python", "language-typescript"]
    assert "language-text" in languages
    plain = browser.find_element(By.CSS_SELECTOR, "code.language-text")
    assert plain.find_elements(By.CSS_SELECTOR, "span") == [], "an unknown language stays plain"
    keyword = browser.find_element(By.CSS_SELECTOR, "code.language-rust .hl-k")
    assert keyword.value_of_css_property("color") != browser.find_element(By.CSS_SELECTOR, "code.language-rust").value_of_css_property("color")
    # Display math is a block of MathML; dollar amounts stay prose.
    assert browser.execute_script("return document.querySelectorAll('.post-body math[display=block]').length") == 1
    assert browser.execute_script("return document.querySelector('.post-body math').namespaceURI") == "http://www.w3.org/1998/Math/MathML"
    assert "Prices like $5 and $10 stay prose." in browser.find_element(By.CSS_SELECTOR, ".post-body").text
    assert browser.find_elements(By.CSS_SELECTOR, "[style]") == [], "no style attributes: the strict CSP forbids them"


@pytest.mark.engine_independent("the code colours of each theme's attribute: the stylesheet's rules")
def test_theme_toggle_recolours_code(site, browser):
    open_page(browser, site.url(POST["en"]))
    browser.execute_script("document.documentElement.setAttribute('data-theme', 'light')")
    light = browser.find_element(By.CSS_SELECTOR, "code.language-rust .hl-k").value_of_css_property("color")
    browser.execute_script("document.documentElement.setAttribute('data-theme', 'dark')")
    dark = browser.find_element(By.CSS_SELECTOR, "code.language-rust .hl-k").value_of_css_property("color")
    assert light != dark


def grant_clipboard(driver, site):
    """Lets the page read the clipboard: a permission in Chromium (CDP), a
    preference set at start in Firefox (see conftest)."""
    if driver.folio_engine != "chromium":
        return
    origin = site.url("").split("/blog/")[0]
    driver.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})


def clipboard(driver):
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('error: ' + e));")


@pytest.mark.not_in("webkit", "WebKitWebDriver cannot grant the page the right to read the clipboard, which checks the copy")
@pytest.mark.parametrize("lang,label,done", [("en", "Copy", "Copied"), ("vi", "Sao chép", "Đã chép")])
def test_copy_button_copies_the_commands_by_keyboard(site, browser, lang, label, done):
    grant_clipboard(browser, site)
    open_page(browser, site.url(POST[lang]))
    console = browser.find_element(By.CSS_SELECTOR, "code.language-console")
    pre = console.find_element(By.XPATH, "..")
    button = pre.find_element(By.XPATH, "following-sibling::button")
    assert button.text == label
    # Keyboard: the block's <pre> takes focus (it may scroll), Tab reaches its button.
    browser.execute_script("arguments[0].focus()", pre)
    pre.send_keys(Keys.TAB)
    assert browser.switch_to.active_element == button
    button.send_keys(Keys.ENTER)
    wait_for(browser, lambda d: button.text == done, message="the button did not say it copied")
    expected = {"en": "trunk build --release --public-url /blog/\nls dist", "vi": "bash scripts/serve.sh"}[lang]
    assert clipboard(browser) == expected, "prompts and output are left out"
    wait_for(browser, lambda d: button.text == label, timeout=5, message="the label did not come back")


@pytest.mark.not_in("webkit", "WebKitWebDriver cannot grant the page the right to read the clipboard, which checks the copy")
def test_copy_takes_code_without_markup(site, browser):
    grant_clipboard(browser, site)
    open_page(browser, site.url(POST["en"]))
    browser.find_element(By.CSS_SELECTOR, "code.language-rust").find_element(By.XPATH, "../following-sibling::button").click()
    wait_for(browser, lambda d: clipboard(d).startswith("/// Minutes"))
    text = clipboard(browser)
    assert text.endswith("unwrap_or(u32::MAX)\n}") and "<span" not in text


@pytest.mark.engine_independent("without scripts the page lacks the `js` class and a CSS rule hides the buttons: static HTML")
def test_copy_button_hidden_without_javascript(site, new_browser):
    driver = new_browser(javascript=False)
    driver.get(site.url(POST["en"]))
    buttons = driver.find_elements(By.CSS_SELECTOR, ".copy-code")
    assert buttons and not any(b.is_displayed() for b in buttons)


@pytest.mark.parametrize("lang,titles", [
    ("en", ["Note", "Tip", "Warning"]),
    ("vi", ["Quan trọng", "Thận trọng"]),
])
def test_callouts_have_translated_titles_and_hidden_icons(site, browser, lang, titles):
    open_page(browser, site.url(POST[lang]))
    callouts = browser.find_elements(By.CSS_SELECTOR, ".post-body .callout[role=note]")
    assert [c.find_element(By.CSS_SELECTOR, ".callout-title").text for c in callouts] == titles
    for callout in callouts:
        icon = callout.find_element(By.CSS_SELECTOR, "svg")
        assert icon.get_attribute("aria-hidden") == "true"
        assert icon.size["width"] > 0, "the icon is drawn"


def test_footnotes_link_to_their_notes_and_back_to_each_reference(site, browser):
    open_page(browser, site.url(POST["en"]))
    refs = browser.find_elements(By.CSS_SELECTOR, ".post-body .footnote-ref a[href='#folio-fn-build']")
    assert len(refs) == 2, "the note is referenced twice"
    ids = [r.get_attribute("id") for r in refs]
    assert len(set(ids)) == 2 and all(i.startswith("folio-fnref-build") for i in ids)
    note = browser.find_element(By.ID, "folio-fn-build")
    assert note.find_element(By.XPATH, "..").tag_name == "ol"
    assert note.find_element(By.XPATH, "../..").get_attribute("class") == "footnotes", "gathered at the end"
    backs = note.find_elements(By.CSS_SELECTOR, ".footnote-backref")
    assert [b.get_attribute("href").split("#")[1] for b in backs] == ids, "one link back to each reference"
    refs[1].click()
    wait_for(browser, lambda d: d.execute_script("return location.hash") == "#folio-fn-build")
    backs[1].click()
    wait_for(browser, lambda d: d.execute_script("return location.hash") == "#" + ids[1])
    assert browser.find_element(By.CSS_SELECTOR, ".post-body h1, #main h1").text == TITLES["en"], "still the post"


def test_heading_anchor_shows_on_focus_and_links_to_its_heading(site, browser):
    open_page(browser, site.url(POST["vi"]))
    anchor = browser.find_element(By.CSS_SELECTOR, "h2#toan .heading-anchor")
    assert anchor.get_attribute("aria-label") == "Liên kết tới mục này: Toán"
    assert anchor.get_attribute("href").endswith("#toan")
    before = anchor.value_of_css_property("opacity")
    browser.execute_script("arguments[0].focus()", anchor)
    # It fades in (0.15 s).
    wait_for(browser, lambda d: anchor.value_of_css_property("opacity") == "1", message="not shown on focus")
    # Hidden until hover or focus where there is a pointer that hovers; always
    # shown on touch screens (headless Chromium may report either).
    if browser.execute_script("return matchMedia('(hover: hover)').matches"):
        assert before == "0"


@pytest.mark.engine_independent("a figure's markup and the image's attributes")
def test_titled_image_is_a_figure_with_its_caption(site, browser):
    open_page(browser, site.url(POST["en"]))
    figure = browser.find_element(By.CSS_SELECTOR, ".post-body figure")
    image = figure.find_element(By.CSS_SELECTOR, "img")
    assert figure.find_element(By.CSS_SELECTOR, "figcaption").text == "The folio mark, as a figure"
    assert image.get_attribute("decoding") == "async" and image.get_attribute("loading") == "lazy"
    assert image.get_attribute("width") and image.get_attribute("height")
