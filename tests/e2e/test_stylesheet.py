"""The stylesheet readers get (minified by the build, inlined in release
pages) styles every element
as the source in `style/main.css` does: each element's computed style on
demo pages, on a wide screen and a phone, with the served sheet and then
with the source applied in its place."""

import os

import pytest

from conftest import ROOT, wait_for
from test_static import taken_over

PROPERTIES = ["display", "position", "color", "background-color", "font-family", "font-size", "font-weight",
              "line-height", "margin-top", "margin-left", "padding-top", "padding-left", "width", "max-width",
              "border-top-width", "border-top-color", "grid-template-columns", "gap", "flex-wrap",
              "text-decoration-line", "list-style-type", "transform", "content", "visibility", "white-space"]

STYLES = """
const props = arguments[0], out = [];
for (const el of document.querySelectorAll('body *')) {
  const cs = getComputedStyle(el);
  out.push(props.map(p => cs.getPropertyValue(p)).join('|'));
  for (const pseudo of ['::before', '::after']) out.push(props.map(p => getComputedStyle(el, pseudo).getPropertyValue(p)).join('|'));
}
return out;"""

# A constructed sheet is no inline style: the strict policy allows it.
SOURCE_IN_PLACE = """
const sheet = new CSSStyleSheet();
sheet.replaceSync(arguments[0]);
// The served sheet: folio's inlined `<style>` in a release build (a link in a preview).
const served = [...document.querySelectorAll('link[rel=stylesheet], style')];
if (!served.length) throw new Error('no served stylesheet to put the source in place of');
for (const element of served) element.disabled = true;
document.adoptedStyleSheets = [sheet];"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.engine_independent("compares the styles of two texts of one stylesheet in one engine")
def test_the_minified_stylesheet_styles_every_element_as_the_source(site, new_browser, width):
    with open(os.path.join(ROOT, "style", "main.css"), encoding="utf-8") as f:
        source = f.read()
    browser = new_browser(width=width, height=900)
    for path in ["", "posts/markdown-tour/", "posts/technical-posts/", "vi/about/", "tags/"]:
        browser.get(site.url(path))
        wait_for(browser, taken_over)
        wait_for(browser, lambda d: d.execute_script("return document.fonts.status === 'loaded'"))
        served = browser.execute_script(STYLES, PROPERTIES)
        browser.execute_script(SOURCE_IN_PLACE, source)
        # getComputedStyle recalculates styles at once: nothing to wait for.
        from_source = browser.execute_script(STYLES, PROPERTIES)
        differ = [i for i, (a, b) in enumerate(zip(served, from_source)) if a != b]
        assert len(served) == len(from_source) and not differ, f"{path}: {len(differ)} styles differ"
