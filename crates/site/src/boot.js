// The app's loader, inlined after the page's controls at the end of every
// page: fetches and compiles the app after the first paint, from the files
// and hashes `<meta name="folio">` names (data-app, data-wasm, data-link and
// their integrity), so that the script is the same in every build, and the
// page's data its data block names (below). On a prerendered page the app
// starts only when the reader first does more than read (below). A failed or abandoned download is caught: the
// prerendered page stays as it is. It marks `<html data-folio-app>`
// ("ready" once compiled, then "started", or "failed") and tells the page
// (`folio-app-settled`, which the service worker's registration waits for).
(function () {
  var files = document.querySelector('meta[name="folio"]');
  function settled(state) {
    document.documentElement.dataset.folioApp = state;
    document.dispatchEvent(new Event("folio-app-settled"));
  }
  if (!files || !files.dataset.app || !files.dataset.wasm) return settled("failed");
  // Streamed, or from the whole file when a host sends wasm with another
  // type (compileStreaming takes only `application/wasm`, without
  // parameters). The app is built with no wasm-bindgen compile options.
  async function compile(url, integrity) {
    const response = await fetch(url, { integrity });
    if (!response.ok) throw new Error(`${response.status} ${response.statusText} fetching ${url}`);
    const type = (response.headers.get("Content-Type") || "").trim().toLowerCase();
    if (type === "application/wasm" && typeof WebAssembly.compileStreaming === "function") return WebAssembly.compileStreaming(response);
    return WebAssembly.compile(await response.arrayBuffer());
  }
  // After the first contentful paint (the first frame may come before the
  // text's), or the next frame where the browser does not report paints; at
  // the latest after 3 s.
  function afterFirstPaint() {
    return new Promise((done) => {
      setTimeout(done, 3000);
      if (!window.PerformanceObserver || !PerformanceObserver.supportedEntryTypes?.includes("paint")) {
        requestAnimationFrame(() => setTimeout(done, 0));
        return;
      }
      const paints = new PerformanceObserver((list) => {
        if (!list.getEntriesByName("first-contentful-paint").length) return;
        paints.disconnect();
        setTimeout(done, 0);
      });
      paints.observe({ type: "paint", buffered: true });
    });
  }
  // A page prerendered for this URL is the whole page: its links, theme
  // toggle, TOC and Copy buttons work without the app (`controls.js`). The
  // app's start renders the page again and swaps it in, a long task on a
  // slow phone, so it waits for the reader's first pointer move or press,
  // touch, wheel, key, focus or click (a search asked for is one of them):
  // it never lands in the page's load. Listened for from the start, so
  // that nothing done before the app is compiled is missed. Any other page
  // (the not-found page or the offline page served for this URL) needs the
  // app at once, and so does the bare home page when the reader's language
  // may not be the page's (the app sends them to theirs, `preferred_language`).
  const WAKE = ["pointermove", "pointerdown", "touchstart", "wheel", "keydown", "focusin", "click"];
  function isThisPage(path) {
    const here = location.pathname.replace(/\/index\.html$/, "/");
    if (path === here) return true;
    try { return path === decodeURI(here); } catch (e) { return false; }
  }
  // Whether the app may send the reader elsewhere: on the bare home page,
  // a remembered language, or a browser's first one, other than the page's.
  // Only a hint of when to start: the app decides.
  function mayRedirect(path) {
    if (path !== files.dataset.base) return false;
    const lang = (document.documentElement.lang || "").toLowerCase();
    let remembered = null;
    try { remembered = localStorage.getItem("folio-lang"); } catch (e) {}
    if (remembered) return remembered.toLowerCase() !== lang;
    const first = ((navigator.languages && navigator.languages[0]) || navigator.language || "").toLowerCase();
    return first !== "" && first.split("-")[0] !== lang.split("-")[0];
  }
  function readerActs() {
    const prerendered = document.getElementById("folio-static");
    const path = prerendered && prerendered.dataset.path;
    if (!prerendered || !isThisPage(path) || mayRedirect(path)) return Promise.resolve();
    return new Promise((done) => {
      const wake = () => {
        for (const type of WAKE) window.removeEventListener(type, wake, true);
        done();
      };
      for (const type of WAKE) window.addEventListener(type, wake, { capture: true, passive: true });
    });
  }
  // A page prerendered for its own URL carries no data for the app (its
  // HTML is all a first visit waits for): its data block names the
  // language's shared start data and the page's own data, fetched with the
  // app and written into the block, where the app reads them.
  async function fillDataBlock() {
    const block = document.getElementById("folio-data");
    if (!block || !block.dataset.site || !block.dataset.page || block.textContent.trim()) return;
    const read = async (url) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${response.status} ${response.statusText} fetching ${url}`);
      return response.json();
    };
    const [shared, page] = await Promise.all([read(block.dataset.site), read(block.dataset.page)]);
    shared.page = page;
    block.textContent = JSON.stringify(shared);
  }
  async function start() {
    try {
      const acted = readerActs();
      await afterFirstPaint();
      const { app, appIntegrity, wasm, wasmIntegrity, link, linkIntegrity } = files.dataset;
      const preload = (href, integrity) => document.head.append(Object.assign(document.createElement("link"), { rel: "modulepreload", href, integrity, crossOrigin: "anonymous" }));
      preload(app, appIntegrity);
      // The module the app imports to fetch search's code: at once, not after the app's.
      if (link) preload(link, linkIntegrity);
      // The wasm is compiled while the JS module loads, and instantiated in
      // a task after the compile's, so that no one task holds the page long.
      const compiled = compile(wasm, wasmIntegrity);
      const data = fillDataBlock();
      // Each fails below, when awaited, not as unhandled while the module loads.
      compiled.catch(() => {});
      data.catch(() => {});
      const { default: init } = await import(app);
      const module = await compiled;
      await data;
      settled("ready");
      await acted;
      // Out of the reader's event, in a task of its own.
      await new Promise((done) => setTimeout(done, 0));
      await init({ module_or_path: module });
      settled("started");
    } catch (error) {
      settled("failed");
      console.warn("folio: the app did not start; the page stays as it is.", error);
    }
  }
  start();
})();
