"""Takes the README's screenshots of the demo's release build in Chromium:
an English post (desktop, light), a Vietnamese post (desktop, dark), the
Vietnamese home page (phone, light), an English post (phone, dark), the
search dialog finding Vietnamese words typed without diacritics, and an
Arabic post laid out right to left (desktop, light; phone, dark), from a
small Arabic site built in a temporary folder.

    python3 bench/screenshots.py            (after `trunk build --release --public-url /blog/`)
    python3 bench/screenshots.py --arabic   (only the Arabic ones)
    python3 bench/screenshots.py --theming  (only docs/theming.md's before and after)

Writes docs/screenshots/*.png. Needs the Noto fonts (`scripts/setup.sh --test`)."""

import os
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "docs", "screenshots")
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))

from conftest import WAKE_APP, Site  # noqa: E402  (the suite's server: serves a folder under /blog/)


def chromium(width, height, phone):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                f"--user-data-dir={tempfile.mkdtemp(prefix='folio-shots-')}", f"--window-size={width},{height}"]:
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    if phone:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True})
    return driver


def shot(base, name, path, theme, width, height, phone=False, act=None):
    driver = chromium(width, height, phone)
    try:
        driver.get(base + path)
        driver.execute_script("localStorage.setItem('folio-theme', arguments[0])", theme)
        driver.get(base + path)
        WebDriverWait(driver, 20).until(lambda d: d.execute_script(
            WAKE_APP +  # the app starts at a reader's first press
            "return !document.getElementById('folio-static') && document.fonts.status === 'loaded'"))
        if act:
            act(driver)
        time.sleep(0.3)  # the last paint of a transition
        driver.save_screenshot(os.path.join(OUT, name))
        print(f"wrote docs/screenshots/{name}")
    finally:
        driver.quit()


def search(driver):
    driver.find_element(By.CSS_SELECTOR, ".search-toggle").click()
    field = WebDriverWait(driver, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, ".search-dialog[open] .search-input"))
    field.send_keys("ha noi mua thu")
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".search-dialog mark"))


ARABIC_CONFIG = """title = "مدونة"
base_url = "https://example.org"
default_language = "ar"

[[languages]]
code = "ar"
name = "العربية"

[[languages]]
code = "en"
name = "English"
"""

ARABIC_POST = """---
title: التخزين المؤقت الموزع
subtitle: ملاحظات من مشروع حقيقي
author: مريم
date: 2025-05-12
tags: [أنظمة, أداء]
---
يقلل التخزين المؤقت زمن الاستجابة حين تتكرر الطلبات نفسها، لكنه يطرح سؤالًا
صعبًا: متى تصبح البيانات قديمة؟

## لماذا نخزن مؤقتًا؟

كل طلب إلى قاعدة البيانات يكلف وقتًا. إذا حفظنا النتيجة قريبًا من المستخدم،
نوفر هذا الوقت في المرات التالية.

> [!NOTE]
> اختر مدة صلاحية قصيرة للبيانات التي تتغير كثيرًا.

## مثال

```rust
fn get(key: &str) -> Option<String> {
    CACHE.get(key).cloned()
}
```

## الخلاصة

ابدأ بقياس ما يتكرر، ثم خزّن مؤقتًا ما يستحق ذلك فقط.
"""


def arabic_site(dist):
    """A small Arabic site built with the release indexer, in a temporary folder."""
    from pathlib import Path
    from test_site_folder import index_site_folder
    root = Path(tempfile.mkdtemp(prefix="folio-arabic-"))
    site = root / "site"
    (site / "posts").mkdir(parents=True)
    (site / "folio.toml").write_text(ARABIC_CONFIG, encoding="utf-8")
    (site / "posts" / "distributed-cache.md").write_text(ARABIC_POST, encoding="utf-8")
    staging, _ = index_site_folder(dist, root, str(site))
    return str(staging)


THEMING_CSS = """:root {
  --light-accent: #9c2f5b;
  --light-accent-soft: #f8e6ee;
  --light-bg: #fffaf5;
  --dark-accent: #f59ac0;
  --dark-accent-soft: #3a1f2c;
  --font-body: "Iowan Old Style", "Palatino Linotype", Palatino, "URW Palladio L", "P052", serif;
  --font-heading: "Avenir Next", Avenir, "Segoe UI", "Noto Sans", sans-serif;
  --content-width: 64ch;
}
"""


def themed_site(dist):
    """The demo site with docs/theming.md's example style.css, in a temporary folder."""
    import shutil
    from pathlib import Path
    from test_site_folder import index_site_folder
    root = Path(tempfile.mkdtemp(prefix="folio-themed-"))
    site = root / "site"
    shutil.copytree(os.path.join(ROOT, "site"), site)
    (site / "style.css").write_text(THEMING_CSS, encoding="utf-8")
    staging, _ = index_site_folder(dist, root, str(site))
    return str(staging)


def theming(dist):
    for name, folder in [("theming-before.png", dist), ("theming-after.png", themed_site(dist))]:
        server = Site(folder)
        try:
            shot(server.url(""), name, "posts/markdown-tour/", "light", 1100, 760)
        finally:
            server.stop()


def main():
    dist = os.path.join(ROOT, "dist")
    if not os.path.exists(os.path.join(dist, "index.html")):
        sys.exit("no build: run `trunk build --release --public-url /blog/` first")
    theming(dist)
    if "--theming" in sys.argv:
        return
    server = Site(arabic_site(dist))
    try:
        shot(server.url(""), "arabic-desktop.png", "posts/distributed-cache/", "light", 1280, 900)
        shot(server.url(""), "arabic-phone.png", "posts/distributed-cache/", "dark", 390, 844, phone=True)
    finally:
        server.stop()
    if "--arabic" in sys.argv:
        return
    server = Site(dist)
    base = server.url("")
    try:
        shot(base, "desktop-light.png", "posts/welcome/", "light", 1280, 900)
        shot(base, "desktop-dark.png", "vi/posts/distributed-cache/", "dark", 1280, 900)
        shot(base, "phone-light.png", "vi/", "light", 390, 844, phone=True)
        shot(base, "phone-dark.png", "posts/rust-notes/", "dark", 390, 844, phone=True)
        shot(base, "search.png", "vi/", "light", 390, 844, phone=True, act=search)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
