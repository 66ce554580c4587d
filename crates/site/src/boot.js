// Written by folio-index: starts the app after the first paint, checking integrity.
try {
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  const module = new URL("./{js}", import.meta.url).href;
  const preload = Object.assign(document.createElement("link"), { rel: "modulepreload", href: module, integrity: "{js_sri}", crossOrigin: "anonymous" });
  document.head.append(preload);
  // The wasm is compiled while the JS module loads, and instantiated in a
  // task after the compile's, so that no one task holds the page long.
  const compiled = compile(new URL("./{wasm}", import.meta.url), "{wasm_sri}");
  compiled.catch(() => {}); // it fails below, when awaited, not as unhandled while the module loads
  const { default: init } = await import(module);
  const wasm = await compiled;
  await new Promise((done) => setTimeout(done, 0));
  await init({ module_or_path: wasm });
} catch (error) {
  document.documentElement.dataset.folioApp = "failed";
  console.warn("folio: the app did not start; the page stays as it is.", error);
}

// Streamed, or from the whole file when a host sends wasm with another type.
async function compile(url, integrity) {
  const response = await fetch(url, { integrity });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText} fetching ${url}`);
  if (response.headers.get("Content-Type")?.startsWith("application/wasm")) return WebAssembly.compileStreaming(response);
  return WebAssembly.compile(await response.arrayBuffer());
}
