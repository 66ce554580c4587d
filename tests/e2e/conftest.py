"""Fixtures for folio's end-to-end tests: the release build served under
/blog/ by a plain static server, and three browser engines through
WebDriver: Chromium, Firefox ESR and WebKitGTK (Safari's engine family,
under Xvfb).

Every test that takes `browser` or `new_browser` runs in each engine of
FOLIO_ENGINES (default: all three), unless it is marked
`@pytest.mark.chromium_only("why")`: a test that needs the Chrome DevTools
Protocol (network blocking and throttling, scripts injected before the page's
own, console logs, permissions) says so there."""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service as ChromeService
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.firefox.service import Service as FirefoxService
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.webkitgtk.service import Service as WebKitService

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIST = os.environ.get("FOLIO_DIST", os.path.join(ROOT, "dist"))
PREFIX = "/blog/"
ENGINES = os.environ.get("FOLIO_ENGINES", "chromium firefox webkit").replace(",", " ").split()
# The installed drivers and browsers: Selenium must never try to download one.
CHROMIUM = os.environ.get("FOLIO_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("FOLIO_CHROMEDRIVER", "/usr/bin/chromedriver")
FIREFOX = os.environ.get("FOLIO_FIREFOX", "/usr/bin/firefox-esr")
GECKODRIVER = os.environ.get("FOLIO_GECKODRIVER", os.path.expanduser("~/.cargo/bin/geckodriver"))
WEBKIT_DRIVER = os.environ.get("FOLIO_WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver")


def minibrowser():
    """WebKitGTK's MiniBrowser, which WebKitWebDriver automates."""
    for version in ("4.1", "4.0", "6.0"):
        path = f"/usr/lib/x86_64-linux-gnu/webkit2gtk-{version}/MiniBrowser"
        if os.path.exists(path):
            return path
    return os.environ.get("FOLIO_MINIBROWSER", "MiniBrowser")


def pytest_configure(config):
    config.addinivalue_line("markers", "chromium_only(reason): runs in Chromium only, for the reason given")
    config.addinivalue_line("markers", "not_in(engine, reason): does not run in that engine, for the reason given")
    # Selenium's WebKitGTK driver still passes its address the deprecated way.
    config.addinivalue_line("filterwarnings", "ignore:setting remote_server_addr:DeprecationWarning")


def pytest_generate_tests(metafunc):
    if {"browser", "new_browser"} & set(metafunc.fixturenames):
        only = metafunc.definition.get_closest_marker("chromium_only")
        engines = ["chromium"] if only else ENGINES
        excluded = {mark.args[0] for mark in metafunc.definition.iter_markers("not_in")}
        metafunc.parametrize("engine", [e for e in engines if e not in excluded], scope="function")


@pytest.fixture
def engine():
    """The engine of a test that takes no browser of its own (see pytest_generate_tests)."""
    return "chromium"


@pytest.fixture(scope="session", autouse=True)
def display():
    """An X display for WebKitGTK, which has no headless mode: Xvfb, when none is set."""
    if "webkit" not in ENGINES or os.environ.get("DISPLAY"):
        yield
        return
    # Xvfb picks a free display number and writes it, once it is ready, to the pipe.
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1400x1000x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(write_end,))
    os.close(write_end)
    with os.fdopen(read_end) as ready:
        number = ready.readline().strip()
    if not number:
        pytest.fail("Xvfb did not start: WebKitGTK needs a display (apt-get install -y xvfb)")
    os.environ["DISPLAY"] = f":{number}"
    yield
    xvfb.terminate()
    xvfb.wait(timeout=5)
    del os.environ["DISPLAY"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Site:
    def __init__(self, dist, csp=""):
        self.port = free_port()
        args = [sys.executable, os.path.join(ROOT, "tests/e2e/server.py"), dist, str(self.port), "--prefix", PREFIX]
        if csp:
            args += ["--csp", csp]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url(""), timeout=1)
                return
            except Exception:
                time.sleep(0.1)
        raise RuntimeError("the test server did not start")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{PREFIX}{path}"

    def hold(self, pattern):
        """Holds every later request whose path matches `pattern` (a regular expression)."""
        urllib.request.urlopen(self.url("__folio/hold?pattern=" + urllib.parse.quote(pattern)), timeout=5)

    def release(self):
        urllib.request.urlopen(self.url("__folio/release"), timeout=5)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=5)


@pytest.fixture(scope="session")
def dist():
    if not os.path.exists(os.path.join(DIST, "index.html")):
        pytest.fail(f"no build in {DIST}: run `trunk build --release --public-url /blog/` first")
    return DIST


@pytest.fixture(scope="session")
def site(dist):
    server = Site(dist)
    yield server
    server.stop()


@pytest.fixture
def gated_site(dist):
    """The build on a server of its own, whose requests a test can hold and release."""
    server = Site(dist)
    yield server
    server.release()
    server.stop()


def indexed_post(build, slug):
    """The index entry of `slug` in the build at `build`, from its English page's data."""
    with open(os.path.join(build, "posts", slug, "data.json"), encoding="utf-8") as f:
        return json.load(f)["post"]["entry"]


def serve_copy(copy):
    """Serves a copied site for the fixture's lifetime, then removes it."""
    server = Site(copy)
    yield server
    server.stop()
    shutil.rmtree(copy, ignore_errors=True)


@pytest.fixture(scope="session")
def broken_site(dist):
    """The build with one post file replaced after indexing, as a stale or
    hand-edited deploy would serve it: the browser must report it (front
    matter is checked at build time; the browser checks what it reads, such
    as the text encoding)."""
    copy = tempfile.mkdtemp(prefix="folio-broken-")
    shutil.copytree(dist, copy, dirs_exist_ok=True)
    post = indexed_post(copy, "distributed-cache")
    vietnamese = next(v for v in post["versions"] if v["lang"] == "vi")
    with open(os.path.join(copy, "p", vietnamese["hash"] + ".md"), "wb") as f:
        f.write(b"---\ntitle: Broken\n---\nBody \xff broken\n")
    yield from serve_copy(copy)


@pytest.fixture(scope="session")
def missing_post_site(dist):
    """The build with one post file missing, as a half-finished deploy would
    serve it: the server answers 404 for it."""
    copy = tempfile.mkdtemp(prefix="folio-missing-")
    shutil.copytree(dist, copy, dirs_exist_ok=True)
    post = indexed_post(copy, "rust-notes")
    for digest in {version["hash"] for version in post["versions"]}:
        os.remove(os.path.join(copy, "p", digest + ".md"))
    yield from serve_copy(copy)


def huge_post_markdown():
    """About 2 MB of Markdown with thousands of headings."""
    parts = ["---\ntitle: A huge post\ndate: 2020-01-01\n---\n"]
    size, n = 0, 0
    while size < 2_000_000:
        part = (f"## Chapter {n}\n\nThis paragraph of chapter {n} has *emphasis*, `code` and a [link](welcome).\n\n"
                f"### Details of {n}\n\n- one\n- two\n\n> A quote in chapter {n}.\n\n")
        parts.append(part)
        size += len(part)
        n += 1
    parts.append("## The end\n\nLast words of the huge post.\n")
    return "".join(parts)


def site_with_post(dist, slug, title, text, digest):
    """A copy of the build plus one post, with the data the indexer would
    write for its page but no prerendered page: the app fetches and renders it."""
    copy = tempfile.mkdtemp(prefix=f"folio-{slug}-")
    shutil.copytree(dist, copy, dirs_exist_ok=True)
    with open(os.path.join(copy, "p", digest + ".md"), "wb") as f:
        f.write(text)
    entry = {"slug": slug, "date": "2020-01-01", "tags": [], "main_lang": "en", "versions": [{
        "lang": "en", "file": f"{slug}.md", "hash": digest, "title": title, "subtitle": None, "description": "",
        "author": None, "author_url": None, "title_prefix": None, "toc_title": None, "reading_minutes": 1000,
        "file_meta": {"main_lang": "en", "title": title}}]}
    os.makedirs(os.path.join(copy, "posts", slug))
    with open(os.path.join(copy, "posts", slug, "data.json"), "w", encoding="utf-8") as f:
        json.dump({"post": {"entry": entry, "links": {"welcome": ["en", "vi"]}, "images": {}}}, f)
    return copy


@pytest.fixture(scope="session")
def huge_site(dist):
    """The build plus a 2 MB post."""
    yield from serve_copy(site_with_post(dist, "huge", "A huge post", huge_post_markdown().encode(), "0123456789abcdef"))


def hostile_post_markdown():
    """About 2 MB of the hostile raw-HTML shapes that were quadratic or broke
    the page: an unclosed tag followed by a storm of `<a x`, `<script>`
    storms, attribute and entity storms, deep inline nesting and stray end
    tags, each a block of its own, between two markers."""
    shapes = [
        "<div " + "<a x" * 25_000,
        "<script>alert(1)</script><SCRIPT>x" * 6_000,
        "<b " + 'a="1" ' * 20_000 + ">x</b>",
        "&amp;&lt;&#106;" * 10_000,
        "<i><b><em>" * 10_000,
        "</div></main></article>" * 5_000,
        '<b title="' * 20_000,
    ]
    parts = ["---\ntitle: A hostile post\n---\nHostile post start.\n\n"]
    size = 0
    while size < 2_000_000:
        for shape in shapes:
            parts.append(shape + "\n\n")
            size += len(shape) + 2
    parts.append("Hostile post end.\n")
    return "".join(parts)


@pytest.fixture(scope="session")
def hostile_site(dist):
    """The build plus a 2 MB post made of hostile shapes."""
    yield from serve_copy(
        site_with_post(dist, "hostile", "A hostile post", hostile_post_markdown().encode(), "fedcba9876543210"))


def make_driver(width=1280, height=900, lang=None, javascript=True, engine="chromium"):
    if engine == "firefox":
        driver = firefox_driver(width, height, lang, javascript)
    elif engine == "webkit":
        driver = webkit_driver(width, height, lang, javascript)
    else:
        driver = chromium_driver(width, height, lang, javascript)
    driver.set_page_load_timeout(30)
    driver.folio_engine = engine
    return driver


def chromium_driver(width, height, lang, javascript):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="folio-chromium-")
    for arg in [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        f"--user-data-dir={profile}", f"--window-size={width},{height}",
    ]:
        options.add_argument(arg)
    if lang:
        options.add_argument(f"--lang={lang}")
        options.add_experimental_option("prefs", {"intl.accept_languages": lang})
    if not javascript:
        options.add_argument("--blink-settings=scriptEnabled=false")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=ChromeService(CHROMEDRIVER), options=options)
    if width < 500:
        # Chromium's windows have a minimum width; emulate a phone's viewport instead.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True})
    driver.folio_profile = profile
    return driver


def firefox_driver(width, height, lang, javascript):
    options = webdriver.FirefoxOptions()
    options.binary_location = FIREFOX
    options.add_argument("-headless")
    options.add_argument(f"--width={width}")
    options.add_argument(f"--height={height}")
    if lang:
        options.set_preference("intl.accept_languages", lang)
    if not javascript:
        options.set_preference("javascript.enabled", False)
    # Lets a page's script read what it copied, as the Copy buttons' tests do.
    options.set_preference("dom.events.testing.asyncClipboard", True)
    driver = webdriver.Firefox(service=FirefoxService(GECKODRIVER, log_output=subprocess.DEVNULL), options=options)
    driver.set_window_size(width, height)
    driver.folio_profile = None
    return driver


class ScrollingElement(WebElement):
    """WebKitWebDriver refuses to click an element outside the viewport
    instead of scrolling to it, as the WebDriver spec and the other drivers do."""

    def click(self):
        self.parent.execute_script(
            """const r = arguments[0].getBoundingClientRect();
            if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth)
              arguments[0].scrollIntoView({block: 'nearest', inline: 'nearest'});""", self)
        super().click()


def webkit_driver(width, height, lang, javascript):
    options = webdriver.WebKitGTKOptions()
    options.binary_location = minibrowser()
    options.add_argument("--automation")
    if not javascript:
        options.add_argument("--enable-javascript=false")
    # WebKitGTK takes the reader's languages from the environment (`vi_VN`).
    env = dict(os.environ, LANGUAGE=lang.replace("-", "_")) if lang else None
    driver = webdriver.WebKitGTK(service=WebKitService(WEBKIT_DRIVER, env=env), options=options)
    driver._web_element_cls = ScrollingElement
    driver.set_window_size(width, height)
    driver.folio_profile = None
    return driver


def quit_driver(driver):
    driver.quit()
    if driver.folio_profile:
        shutil.rmtree(driver.folio_profile, ignore_errors=True)


@pytest.fixture
def browser(engine):
    driver = make_driver(engine=engine)
    yield driver
    quit_driver(driver)


@pytest.fixture
def new_browser(engine):
    """A factory for browsers (of the test's engine) with other window sizes or languages."""
    made = []

    def factory(**kwargs):
        driver = make_driver(engine=engine, **kwargs)
        made.append(driver)
        return driver

    yield factory
    for driver in made:
        quit_driver(driver)


def worker_in_control(driver):
    """Waits until the site's service worker controls the page, so that what
    a test does next meets it every time, not only when it won the race."""
    wait_for(driver, lambda d: d.execute_script("return !!navigator.serviceWorker.controller"), timeout=20,
             message="no service worker took control")


def network(driver, method, params):
    """A Chrome DevTools Network command (`Network.setBlockedURLs`,
    `Network.emulateNetworkConditions`) for the page and for every service
    worker: the requests a worker makes for the page are its own, and the
    page's emulation does not reach them. Selenium talks to the page's
    session only; a message relayed to a worker's session runs there (its
    answer is not needed)."""
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(method, params)
    sessions = driver.__dict__.setdefault("folio_worker_sessions", {})
    targets = driver.execute_cdp_cmd("Target.getTargets", {})["targetInfos"]
    for target in (t for t in targets if t["type"] == "service_worker"):
        session = sessions.get(target["targetId"])
        commands = [(method, params)]
        if session is None:
            attached = driver.execute_cdp_cmd("Target.attachToTarget", {"targetId": target["targetId"], "flatten": False})
            session = sessions[target["targetId"]] = attached["sessionId"]
            commands.insert(0, ("Network.enable", {}))
        for number, (name, arguments) in enumerate(commands):
            message = json.dumps({"id": number + 1, "method": name, "params": arguments})
            driver.execute_cdp_cmd("Target.sendMessageToTarget", {"sessionId": session, "message": message})


def wait_for(driver, condition, timeout=10, message=""):
    """Polls `condition` until it holds; an element that went away while it
    looked (the app replaced it) is looked for again."""
    ignored = (NoSuchElementException, StaleElementReferenceException)
    return WebDriverWait(driver, timeout, poll_frequency=0.05, ignored_exceptions=ignored).until(
        lambda d: condition(d), message)


# A canonical serialization of a DOM subtree: attributes sorted, adjacent text
# merged, comments dropped, and what reading changes (the TOC entry being
# read, the tabindex focus adds) left out. Two renderings of the same page
# compare equal however their attributes were ordered.
CANONICAL_JS = """
function canon(node) {
  if (node.nodeType === Node.TEXT_NODE) return node.data.replace(/[&<]/g, c => c === '&' ? '&amp;' : '&lt;');
  if (node.nodeType !== Node.ELEMENT_NODE) return '';
  const attrs = [...node.attributes]
    .filter(a => !(a.name === 'tabindex' && node.localName === 'h1'))
    .filter(a => !(node.closest('.toc') && node.localName === 'a' && a.name === 'aria-current'))
    .map(a => a.name === 'class' ? ['class', a.value.split(/\\s+/).filter(c => c && !(c === 'active' && node.closest('.toc'))).sort().join(' ')] : [a.name, a.value])
    .filter(([name, value]) => !(name === 'class' && value === ''))
    .map(([name, value]) => name + '=' + JSON.stringify(value)).sort().join(' ');
  return '<' + node.localName + (attrs ? ' ' + attrs : '') + '>' + [...node.childNodes].map(canon).join('') + '</' + node.localName + '>';
}
"""


def canonical(driver, selector):
    return driver.execute_script(CANONICAL_JS + "const n = document.querySelector(arguments[0]); return n ? [...n.childNodes].map(canon).join('') : null;", selector)
