// Written by folio-index: starts the app after the first paint, checking integrity.
try {
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  const module = new URL("./{js}", import.meta.url).href;
  const preload = Object.assign(document.createElement("link"), { rel: "modulepreload", href: module, integrity: "{js_sri}", crossOrigin: "anonymous" });
  document.head.append(preload);
  const { default: init } = await import(module);
  await init({ module_or_path: fetch(new URL("./{wasm}", import.meta.url), { integrity: "{wasm_sri}" }) });
} catch (error) {
  document.documentElement.dataset.folioApp = "failed";
  console.warn("folio: the app did not start; the page stays as it is.", error);
}
