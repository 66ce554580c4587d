"""Fixtures for folio's end-to-end tests: the release build served under
/blog/ by a plain static server, and three browser engines through
WebDriver: Chromium, Firefox ESR and WebKitGTK (Safari's engine family,
under Xvfb).

Every test that takes `browser` or `new_browser` runs in each engine of
FOLIO_ENGINES (default: all three), unless it is marked
`@pytest.mark.chromium_only("why")`: a test that needs the Chrome DevTools
Protocol (network blocking and throttling, scripts injected before the page's
own, console logs, permissions) says so there; or
`@pytest.mark.engine_independent("why")`: a check no engine can change (the
files served, static markup, data) runs once, in Chromium. What an engine
can break (events, focus, keyboard, history, the service worker, layout,
scrolling, the clipboard, dialogs) runs in all three.

Browsers are shared: each engine's sessions are kept in a pool, keyed by
what cannot be changed once a browser runs (language, JavaScript on or off),
and reset between tests (see `Pool.reset`). A test marked
`@pytest.mark.fresh_browser("why")` gets sessions of its own instead, started
for it and quit after it. Tests run grouped by engine, so that one engine's
browsers are quit before the next engine's start."""

import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service as ChromeService
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.firefox.service import Service as FirefoxService
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.support.ui import WebDriverWait
from selenium.webdriver.webkitgtk.service import Service as WebKitService

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DIST = os.environ.get("FOLIO_DIST", os.path.join(ROOT, "dist"))
PREFIX = "/blog/"
# An empty page the test server serves outside the site's base, so outside its
# service worker's scope: where a browser's reset clears an origin's storage.
BLANK = "/__folio/blank"
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
    config.addinivalue_line("markers", "engine_independent(reason): a check no engine can change: runs once, in Chromium")
    config.addinivalue_line("markers", "fresh_browser(reason): the test's browsers are started for it, not taken from the pool")
    # Selenium's WebKitGTK driver still passes its address the deprecated way.
    config.addinivalue_line("filterwarnings", "ignore:setting remote_server_addr:DeprecationWarning")


def pytest_generate_tests(metafunc):
    if {"browser", "new_browser"} & set(metafunc.fixturenames):
        only = (metafunc.definition.get_closest_marker("chromium_only")
                or metafunc.definition.get_closest_marker("engine_independent"))
        engines = ["chromium"] if only else ENGINES
        excluded = {mark.args[0] for mark in metafunc.definition.iter_markers("not_in")}
        metafunc.parametrize("engine", [e for e in engines if e not in excluded], scope="function")


def pytest_collection_modifyitems(items):
    """Runs the tests grouped by engine, in their order within each engine:
    one engine's browsers are started once and quit before the next's."""
    order = {engine: n for n, engine in enumerate(["chromium", "firefox", "webkit"])}

    def rank(item):
        callspec = getattr(item, "callspec", None)
        return order.get(callspec.params.get("engine"), 0) if callspec else 0

    items[:] = sorted(items, key=rank)


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


# Every port a test server had in this run. A port is never used twice:
# a shared browser keeps what a stopped server's origin stored (its service
# worker, when the server was stopped under it), and a new server on the
# same port would inherit it.
USED_PORTS = set()
# The origins of the servers running now, which a browser's reset can visit.
LIVE_ORIGINS = set()


def free_port():
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in USED_PORTS:
            USED_PORTS.add(port)
            return port


class Site:
    def __init__(self, dist, csp="", host_headers=False):
        self.port = free_port()
        args = [sys.executable, os.path.join(ROOT, "tests/e2e/server.py"), dist, str(self.port), "--prefix", PREFIX]
        if csp:
            args += ["--csp", csp]
        if host_headers:
            args += ["--host-headers"]
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.origin + BLANK, timeout=1)
                LIVE_ORIGINS.add(self.origin)
                return
            except Exception:
                time.sleep(0.1)
        raise RuntimeError("the test server did not start")

    @property
    def origin(self):
        return f"http://127.0.0.1:{self.port}"

    def url(self, path):
        return f"{self.origin}{PREFIX}{path}"

    def hold(self, pattern):
        """Holds every later request whose path matches `pattern` (a regular expression)."""
        urllib.request.urlopen(self.url("__folio/hold?pattern=" + urllib.parse.quote(pattern)), timeout=5)

    def mistype(self, pattern, kind):
        """Sends every later file whose path matches `pattern` as `kind`,
        as a misconfigured host would, until `release`."""
        query = urllib.parse.urlencode({"pattern": pattern, "type": kind})
        urllib.request.urlopen(self.url("__folio/mistype?" + query), timeout=5)

    def release(self):
        urllib.request.urlopen(self.url("__folio/release"), timeout=5)

    def view(self):
        """The same server at an origin of its own, a new port; the port of
        the view before stops answering (see server.py). A shared browser
        cannot carry what one test's origin kept into another test."""
        for _ in range(5):
            port = free_port()
            try:
                urllib.request.urlopen(self.url(f"__folio/listen?port={port}"), timeout=5)
            except urllib.error.HTTPError:
                continue  # taken meanwhile
            LIVE_ORIGINS.discard(getattr(self, "viewed", None))
            view = SiteView(self, port)
            self.viewed = view.origin
            LIVE_ORIGINS.add(view.origin)
            return view
        raise RuntimeError("the test server found no free port")

    def stop(self):
        LIVE_ORIGINS.discard(self.origin)
        LIVE_ORIGINS.discard(getattr(self, "viewed", None))
        self.process.terminate()
        self.process.wait(timeout=5)


class SiteView(Site):
    """A site's server at another port (see `Site.view`)."""

    def __init__(self, server, port):
        self.server, self.port, self.process = server, port, None

    def hold(self, pattern):
        self.server.hold(pattern)

    def mistype(self, pattern, kind):
        self.server.mistype(pattern, kind)

    def release(self):
        self.server.release()

    def view(self):
        return self.server.view()

    def stop(self):
        raise RuntimeError("a view of a shared server cannot be stopped: use a server of the test's own")


@pytest.fixture(scope="session")
def dist():
    if not os.path.exists(os.path.join(DIST, "index.html")):
        pytest.fail(f"no build in {DIST}: run `trunk build --release --public-url /blog/` first")
    return DIST


@pytest.fixture(scope="session")
def site_server(dist):
    server = Site(dist)
    yield server
    server.stop()


@pytest.fixture
def site(site_server):
    """The build, at an origin of the test's own (see `Site.view`)."""
    return site_server.view()


@pytest.fixture(scope="session")
def gated_server(dist):
    server = Site(dist)
    yield server
    server.stop()


@pytest.fixture
def gated_site(gated_server):
    """The build on a server no other test's requests wait on, whose
    requests a test can hold and release; at an origin of the test's own."""
    view = gated_server.view()
    yield view
    gated_server.release()


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
    """The build with one post's rendered file replaced after the build, as a
    stale or hand-edited deploy would serve it: the browser must report it,
    naming the post (a post's Markdown is checked at build time)."""
    copy = tempfile.mkdtemp(prefix="folio-broken-")
    shutil.copytree(dist, copy, dirs_exist_ok=True)
    post = indexed_post(copy, "distributed-cache")
    vietnamese = next(v for v in post["versions"] if v["lang"] == "vi")
    with open(os.path.join(copy, "p", vietnamese["body"] + ".json"), "wb") as f:
        f.write(b'{"vi": {"html": "Body \xff broken')
    yield from serve_copy(copy)


@pytest.fixture(scope="session")
def missing_post_site(dist):
    """The build with one post file missing, as a half-finished deploy would
    serve it: the server answers 404 for it."""
    copy = tempfile.mkdtemp(prefix="folio-missing-")
    shutil.copytree(dist, copy, dirs_exist_ok=True)
    post = indexed_post(copy, "rust-notes")
    for digest in {version["body"] for version in post["versions"]}:
        os.remove(os.path.join(copy, "p", digest + ".json"))
    yield from serve_copy(copy)


def huge_post_markdown():
    """About 2 MB of Markdown with thousands of headings."""
    parts = []
    size, n = 0, 0
    while size < 2_000_000:
        part = (f"## Chapter {n}\n\nThis paragraph of chapter {n} has *emphasis*, `code` and a [link](welcome).\n\n"
                f"### Details of {n}\n\n- one\n- two\n\n> A quote in chapter {n}.\n\n")
        parts.append(part)
        size += len(part)
        n += 1
    parts.append("## The end\n\nLast words of the huge post.\n")
    return "".join(parts)


def site_with_post(dist, slug, title, markdown):
    """A site of one post, built by the indexer, without its prerendered
    page: the host answers with the not-found page, and the app fetches the
    post's data and its rendered file and shows them."""
    from test_site_folder import index_site_folder
    work = pathlib.Path(tempfile.mkdtemp(prefix=f"folio-{slug}-"))
    site = work / "site"
    (site / "posts").mkdir(parents=True)
    (site / "folio.toml").write_text(
        'title = "One post"\nbase_url = "https://one.example"\ndefault_language = "en"\n'
        '[[languages]]\ncode = "en"\nname = "English"\n', encoding="utf-8")
    (site / "posts" / f"{slug}.md").write_text(
        f"---\ntitle: {title}\ndate: 2020-01-01\n---\n" + markdown, encoding="utf-8")
    staging, _ = index_site_folder(dist, work, str(site))
    shutil.rmtree(site)
    os.remove(staging / "posts" / slug / "index.html")
    return str(staging)


@pytest.fixture(scope="session")
def huge_site(dist):
    """The build plus a 2 MB post."""
    yield from serve_copy(site_with_post(dist, "huge", "A huge post", huge_post_markdown()))


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
    parts = ["Hostile post start.\n\n"]
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
    yield from serve_copy(site_with_post(dist, "hostile", "A hostile post", hostile_post_markdown()))


# Seconds a WebDriver command may take: far above any script or page load
# timeout the tests set (30 s).
COMMAND_TIMEOUT = 120


def make_driver(width=1280, height=900, lang=None, javascript=True, engine="chromium"):
    if engine == "firefox":
        driver = firefox_driver(width, height, lang, javascript)
    elif engine == "webkit":
        driver = webkit_driver(width, height, lang, javascript)
    else:
        driver = chromium_driver(width, height, lang, javascript)
    driver.set_page_load_timeout(30)
    # A driver that never answers a command fails that test after two
    # minutes instead of holding the whole run (Selenium waits forever).
    driver.command_executor._client_config.timeout = COMMAND_TIMEOUT
    driver.folio_engine = engine
    driver.folio_size = (width, height)
    driver.folio_origins = set()
    track(driver)
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
    instead of scrolling to it, as the WebDriver spec and the other drivers do.
    It is scrolled to the middle of the viewport, clear of what is fixed at
    its edges: the sticky header, and the update notice, which WebKitGTK can
    show on a first visit (see controls.js's `watch`)."""

    def click(self):
        self.parent.execute_script(
            """const r = arguments[0].getBoundingClientRect();
            if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth)
              arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});""", self)
        super().click()


def webkit_driver(width, height, lang, javascript):
    options = webdriver.WebKitGTKOptions()
    options.binary_location = minibrowser()
    options.add_argument("--automation")
    if not javascript:
        options.add_argument("--enable-javascript=false")
    # WebKitGTK takes the reader's languages from the environment (`vi_VN`).
    env = dict(os.environ, LANGUAGE=lang.replace("-", "_")) if lang else None
    # WebKitWebDriver now and then never answers a new session: stop it after
    # a minute and start again, rather than hang the whole run.
    for attempt in range(3):
        service = WebKitService(WEBKIT_DRIVER, env=env)
        watchdog = threading.Timer(60, lambda: service.process and service.process.kill())
        watchdog.start()
        try:
            driver = webdriver.WebKitGTK(service=service, options=options)
            break
        except Exception:
            if attempt == 2:
                raise
        finally:
            watchdog.cancel()
    driver._web_element_cls = ScrollingElement
    driver.set_window_size(width, height)
    driver.folio_profile = None
    return driver


def quit_driver(driver):
    try:
        driver.quit()
    except Exception:
        pass  # a session that died is gone already
    if driver.folio_profile:
        shutil.rmtree(driver.folio_profile, ignore_errors=True)


def origin_of(url):
    parts = urllib.parse.urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else None


def track(driver):
    """Notes what a test does to a shared browser that outlives the page:
    the origins it opens (whose storage the reset clears), and in Chromium
    the DevTools commands whose effects the reset undoes."""
    get = driver.get

    def tracked_get(url):
        origin = origin_of(url)
        if origin:
            driver.folio_origins.add(origin)
        return get(url)

    driver.get = tracked_get
    if driver.folio_engine == "chromium":
        cdp = driver.execute_cdp_cmd
        driver.folio_cdp_used = set()

        driver.folio_injected = []

        def tracked_cdp(cmd, cmd_args):
            driver.folio_cdp_used.add(cmd.split(".")[0])
            answer = cdp(cmd, cmd_args)
            if cmd == "Page.addScriptToEvaluateOnNewDocument":
                driver.folio_injected.append(answer["identifier"])
            return answer

        driver.execute_cdp_cmd = tracked_cdp
        driver.folio_cdp = cdp


# Clears what the page's origin stored: service workers (unregistered),
# Cache Storage, IndexedDB, local and session storage and cookies.
CLEAR_ORIGIN_JS = """
const done = arguments[arguments.length - 1];
(async () => {
  const registrations = () => navigator.serviceWorker ? navigator.serviceWorker.getRegistrations() : [];
  const keys = () => self.caches ? caches.keys() : [];
  localStorage.clear();
  sessionStorage.clear();
  for (const cookie of document.cookie.split(';')) {
    const name = cookie.split('=')[0].trim();
    for (const path of ['/', '/blog/', '/blog']) if (name) document.cookie = name + '=; max-age=0; path=' + path;
  }
  if (indexedDB.databases) for (const db of await indexedDB.databases())
    await new Promise(r => { const q = indexedDB.deleteDatabase(db.name); q.onsuccess = q.onerror = q.onblocked = r; });
  // A worker still installing may write its caches after they were deleted:
  // until none is left, unregister and delete again.
  for (let round = 0; round < 100; round++) {
    const left = await registrations();
    await Promise.all(left.map(r => r.unregister()));
    const names = await keys();
    await Promise.all(names.map(k => caches.delete(k)));
    if (!left.length && !names.length && !(await registrations()).length && !(await keys()).length) return 'clear';
    await new Promise(r => setTimeout(r, 50));
  }
  return `${(await registrations()).length} registration(s) and ${(await keys()).length} cache(s) left`;
})().then(done, e => done('error: ' + e));
"""


# Waits, on the test's page, until the service worker that the page's
# controls.js asked for is registered: the reset's unregistering is then
# queued after that registration's job instead of racing it.
WORKER_REGISTERED_JS = """
const done = arguments[arguments.length - 1];
const meta = document.querySelector('meta[name="folio"][data-service-worker]');
if (!meta || !navigator.serviceWorker || document.readyState === 'loading') return done('no worker');
const scope = meta.getAttribute('data-base') || '/';
(async () => {
  for (let round = 0; round < 80; round++) {
    if (await navigator.serviceWorker.getRegistration(scope)) return 'registered';
    await new Promise(r => setTimeout(r, 25));
  }
  return 'none';
})().then(done, () => done('no worker'));
"""


# The history entries a shared tab may have before the reset replaces it:
# far below the browsers' own limits (50 in Chromium and Firefox), so that a
# test that counts entries (history.length) counts them all.
HISTORY_LIMIT = 25


class SessionDone(Exception):
    """A session the reset cannot make new again: it is quit, and the next test gets a new one."""


class Pool:
    """Browser sessions shared by the tests, one or more per key (engine,
    language, JavaScript on or off): WebDriver has no browser contexts, so
    a session is reset between tests instead (`reset`). A session that died
    or whose reset failed is quit, and the next test gets a new one."""

    def __init__(self):
        self.idle = {}  # key -> [driver]
        self.started = {}  # engine -> [seconds to start a session]
        self.no_new_tab = set()  # engines whose driver cannot open a tab
        self.unregistered = 0  # pages whose worker was not registered in time for the reset
        self.resets = {}  # engine -> [seconds to reset a session]
        self.failures = []  # resets that failed, and why
        self.quitting = []  # threads quitting sessions

    def start(self, engine, width, height, lang, javascript):
        began = time.monotonic()
        driver = make_driver(width=width, height=height, lang=lang, javascript=javascript, engine=engine)
        self.started.setdefault(engine, []).append(time.monotonic() - began)
        return driver

    def summary(self):
        """What the pool did, for the end of the run."""
        lines = []
        for engine, times in self.started.items():
            resets = self.resets.get(engine, [])
            lines.append(f"{engine}: {len(times)} session(s) started, {sum(times) / len(times):.2f} s each on average; "
                         f"{len(resets)} reset(s), {sum(resets) / max(len(resets), 1):.2f} s each on average")
        if self.unregistered:
            lines.append(f"{self.unregistered} page(s) had not registered their service worker by the reset")
        lines += self.failures
        return lines

    def acquire(self, engine, width=1280, height=900, lang=None, javascript=True, fresh=False):
        key = (engine, lang, javascript)
        if fresh:
            driver = self.start(engine, width, height, lang, javascript)
            driver.folio_key = None
            return driver
        # The tests run grouped by engine: another engine's sessions are not
        # needed again soon. They quit while the test runs.
        for other in [k for k in self.idle if k[0] != engine]:
            for driver in self.idle.pop(other):
                self.background_quit(driver)
        while self.idle.get(key):
            driver = self.idle[key].pop()
            try:
                driver.current_window_handle  # alive?
                self.resize(driver, width, height)
                driver.folio_key = key
                return driver
            except Exception:
                quit_driver(driver)
        driver = self.start(engine, width, height, lang, javascript)
        driver.folio_key = key
        return driver

    def resize(self, driver, width, height):
        if driver.folio_engine == "chromium" and width < 500:
            # As `chromium_driver` does: Chromium's windows have a minimum
            # width, so a phone's viewport is emulated (the reset clears it).
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True})
        elif driver.folio_size != (width, height):
            driver.set_window_size(width, height)
            driver.folio_size = (width, height)
        if driver.folio_engine == "webkit" and not driver.execute_script("return document.hasFocus()"):
            # Another of the pool's MiniBrowser windows took the focus, which
            # a test's `:focus` styles need: minimizing and restoring the
            # window gives it back (switching to it does not).
            driver.minimize_window()
            driver.set_window_size(width, height)
            driver.folio_size = (width, height)

    def release(self, driver):
        key = driver.folio_key
        if key is None:
            self.background_quit(driver)
            return
        began = time.monotonic()
        try:
            self.reset(driver)
        except SessionDone:
            self.background_quit(driver)
            return
        except Exception as error:
            self.failures.append(f"a {driver.folio_engine} session whose reset failed was quit: {error!r}"[:500])
            self.background_quit(driver)
            return
        self.resets.setdefault(driver.folio_engine, []).append(time.monotonic() - began)
        self.idle.setdefault(key, []).append(driver)

    def reset(self, driver):
        """Leaves the session as a new one: on about:blank (or an origin's
        empty page), with the DevTools overrides undone (network conditions
        and blocking, the page's and its service workers'; scripts injected
        before the page's; device emulation; permissions), and each origin
        the test opened cleared of its service workers, caches, IndexedDB,
        storage and cookies. The tab's history is kept, bounded: past
        HISTORY_LIMIT entries the tab is replaced by a new one (in WebKitGTK,
        the session, see below). Raises what went wrong: `release` then
        quits the session."""
        driver.switch_to.default_content()
        ActionChains(driver).reset_actions()
        driver.set_script_timeout(30)
        current = origin_of(driver.current_url)
        origins = (driver.folio_origins | {current}) - {None}
        driver.folio_origins = set()
        long_history = driver.execute_script("return history.length") > HISTORY_LIMIT
        if driver.folio_engine == "chromium":
            cdp = driver.folio_cdp
            if driver.folio_cdp_used & {"Network", "Target"}:
                # The page's and its service workers' (see `network`).
                network(driver, "Network.setBlockedURLs", {"urls": []})
                network(driver, "Network.emulateNetworkConditions",
                        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
            for identifier in driver.folio_injected:
                cdp("Page.removeScriptToEvaluateOnNewDocument", {"identifier": identifier})
            if "Emulation" in driver.folio_cdp_used:
                cdp("Emulation.clearDeviceMetricsOverride", {})
            if "Browser" in driver.folio_cdp_used:
                cdp("Browser.resetPermissions", {})
            if long_history:
                self.new_tab(driver)
            else:
                driver.get("about:blank")
            for origin in origins:
                cdp("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
            cdp("Network.clearBrowserCookies", {})
            driver.folio_cdp_used = set()
            driver.folio_injected = []
            driver.__dict__.pop("folio_worker_sessions", None)
            driver.get_log("browser")  # what the reset logged is no test's
        elif driver.folio_key[2]:  # JavaScript on
            if current in LIVE_ORIGINS:
                if driver.execute_async_script(WORKER_REGISTERED_JS) == "none":
                    self.unregistered += 1
            if long_history:
                if driver.folio_engine == "webkit":
                    # A WebKitGTK tab that unregistered a service worker must
                    # not be closed: the pages of the tabs after it no longer
                    # list their workers. A new session instead.
                    raise SessionDone("its history is long")
                self.new_tab(driver)
            live = origins & LIVE_ORIGINS
            for origin in live:
                driver.get(origin + BLANK)  # outside the worker's scope
                left = driver.execute_async_script(CLEAR_ORIGIN_JS)
                if left != "clear":
                    raise RuntimeError(f"{origin} was not cleared: {left}")
            if not live:
                driver.get("about:blank")
            driver.folio_origins = set()
        else:  # without scripts, a page stores nothing
            if long_history:
                self.new_tab(driver)
            else:
                driver.get("about:blank")

    def new_tab(self, driver):
        """Replaces the session's tab with a new one on about:blank, or
        where the driver cannot open one, goes to about:blank."""
        if driver.folio_engine in self.no_new_tab:
            driver.get("about:blank")
            return
        try:
            driver.switch_to.new_window("tab")
        except WebDriverException as error:
            self.failures.append(f"{driver.folio_engine} opens no new tab ({error.msg}): its resets go to about:blank")
            self.no_new_tab.add(driver.folio_engine)
            driver.get("about:blank")
            return
        new = driver.current_window_handle
        for handle in driver.window_handles:  # the test's, and any it opened
            if handle != new:
                driver.switch_to.window(handle)
                driver.close()
        driver.switch_to.window(new)
        if driver.folio_engine != "chromium":
            driver.folio_size = None  # a new tab may not be the old one's size: `resize` sets it

    def background_quit(self, driver):
        self.quitting.append(threading.Thread(target=quit_driver, args=(driver,)))
        self.quitting[-1].start()

    def close(self):
        for drivers in self.idle.values():
            for driver in drivers:
                self.background_quit(driver)
        self.idle = {}
        for thread in self.quitting:
            thread.join()
        self.quitting = []


POOL = Pool()


def pytest_terminal_summary(terminalreporter):
    lines = POOL.summary()
    if lines:
        terminalreporter.section("browser sessions")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def pool():
    yield POOL
    POOL.close()


@pytest.fixture
def browser(request, engine, pool):
    driver = pool.acquire(engine, fresh=request.node.get_closest_marker("fresh_browser") is not None)
    yield driver
    pool.release(driver)


@pytest.fixture
def new_browser(request, engine, pool):
    """A factory for browsers (of the test's engine) with other window sizes or languages."""
    made = []
    fresh = request.node.get_closest_marker("fresh_browser") is not None

    def factory(**kwargs):
        driver = pool.acquire(engine, fresh=fresh, **kwargs)
        made.append(driver)
        return driver

    yield factory
    for driver in made:
        pool.release(driver)


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


# WebKitWebDriver answers a lookup or a script run while the page is being
# replaced (a navigation, the app taking over the prerendered page) with
# one of these errors instead of an answer; the next poll sees the new document.
WEBKIT_MID_NAVIGATION = ("Could not parse element info", "Could not parse script result")


# What a reader's first pointer press tells the page: on a page prerendered
# for its URL, `boot.js` starts the app only then.
WAKE_APP = "window.dispatchEvent(new Event('pointerdown'));"


def wake_app(driver):
    """Starts the app on a prerendered page, as a reader's first press would."""
    driver.execute_script(WAKE_APP)


def app_taken_over(driver):
    """Whether the app has taken over the prerendered page, after waking it:
    a check for `wait_for`."""
    return driver.execute_script(WAKE_APP + " return !document.getElementById('folio-static')")


def wait_for(driver, condition, timeout=10, message=""):
    """Polls `condition` until it holds; an element that went away while it
    looked (the app replaced it, or WebKit's document was mid-navigation) is
    looked for again."""
    ignored = (NoSuchElementException, StaleElementReferenceException)

    def holds(d):
        try:
            return condition(d)
        except WebDriverException as error:
            if any(message in str(error.msg or "") for message in WEBKIT_MID_NAVIGATION):
                return False
            raise

    return WebDriverWait(driver, timeout, poll_frequency=0.05, ignored_exceptions=ignored).until(holds, message)


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
