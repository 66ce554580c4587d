"""Markdown render throughput in the same Chromium: folio's whole core pipeline
compiled to wasm (front matter, language sections, Markdown, heading ids, TOC,
sanitizer) against marked and markdown-it, on the same 1.5 MB document.
Natively the same pipeline is measured by `cargo bench -p folio-core --bench pipeline`.

    python3 bench/throughput.py [--opt-level 3]

By default the wasm is optimized for size, as the app ships (`opt-level = "z"`);
`--opt-level 3` shows what optimizing for speed would give.
"""

import argparse
import json
import os
import re
import shutil
import time

from common import NODE_MODULES, RESULTS, ROOT, Site, make_driver, quit_driver, run

PAGE = """<!DOCTYPE html><meta charset="utf-8"><title>throughput</title>
<script type="module">
import init, { render_post, pulldown_only } from "./folio_bench_wasm.js";
import { marked } from "./marked.esm.js";
import markdownit from "./markdown-it.esm.min.mjs";
await init();
const bytes = new Uint8Array(await (await fetch("doc.md")).arrayBuffer());
const text = new TextDecoder().decode(bytes);
const md = markdownit({ html: true, linkify: false, typographer: true });
const contenders = {
  "folio (full pipeline, wasm)": () => render_post(bytes),
  "pulldown-cmark alone (wasm)": () => pulldown_only(text),
  "marked": () => marked.parse(text).length,
  "markdown-it": () => md.render(text).length,
};
const results = {};
for (const [name, run] of Object.entries(contenders)) {
  for (let i = 0; i < 3; i++) run();  // warm up the JIT and the allocator
  const times = [];
  for (let i = 0; i < 15; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)];
  results[name] = { ms, mbPerSec: bytes.length / 1e6 / (ms / 1000) };
}
window.__results = { bytes: bytes.length, results };
</script>"""


def large_post():
    """The same document as `crates/core/benches/pipeline.rs`: the demo posts repeated to 1.5 MB."""
    bodies = []
    for name in ["markdown-tour.md", "welcome.md", "distributed-cache.md", "safe-html.md", "long-read.md"]:
        text = open(os.path.join(ROOT, "public", "posts", name), encoding="utf-8").read()
        body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
        bodies.append(body.replace("## English\n", "").replace("## Tiếng Việt\n", ""))
    doc = "---\ntitle: Large\nlang: en\n---\n"
    while len(doc.encode()) < 1_500_000:
        for body in bodies:
            doc += body + "\n"
    return doc


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--opt-level", default="z")
    args = parser.parse_args()
    out = os.path.join(RESULTS, "throughput")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    wasm_crate = os.path.join(ROOT, "bench", "wasm")
    target = os.path.join(ROOT, "target", f"bench-wasm-o{args.opt_level}")
    env = dict(os.environ, CARGO_PROFILE_RELEASE_OPT_LEVEL=args.opt_level)
    run(["cargo", "build", "--release", "--target", "wasm32-unknown-unknown", "--target-dir", target], cwd=wasm_crate, env=env)
    run(["wasm-bindgen", "--target", "web", "--out-dir", out,
         os.path.join(target, "wasm32-unknown-unknown", "release", "folio_bench_wasm.wasm")])
    shutil.copy(os.path.join(NODE_MODULES, "marked", "lib", "marked.esm.js"), out)
    shutil.copy(os.path.join(NODE_MODULES, "markdown-it", "dist", "browser", "markdown-it.esm.min.mjs"), out)
    with open(os.path.join(out, "doc.md"), "w", encoding="utf-8") as f:
        f.write(large_post())
    with open(os.path.join(out, "index.html"), "w") as f:
        f.write(PAGE)
    site = Site(out)
    driver = make_driver()
    try:
        driver.get(site.url(""))
        deadline = time.time() + 300
        results = None
        while time.time() < deadline and results is None:
            time.sleep(0.5)
            results = driver.execute_script("return window.__results || null")
        errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        if results is None:
            raise SystemExit(f"the benchmark page did not finish: {errors}")
    finally:
        quit_driver(driver)
        site.stop()
    print(f"Render throughput on a {results['bytes'] / 1e6:.2f} MB document in Chromium (median of 15 runs), wasm opt-level {args.opt_level}:")
    for name, r in results["results"].items():
        print(f"  {name:<30} {r['ms']:>8.1f} ms  {r['mbPerSec']:>7.1f} MB/s")
    r = results["results"]
    best_js = max(r["marked"]["mbPerSec"], r["markdown-it"]["mbPerSec"])
    print(f"folio / faster of marked and markdown-it: {r['folio (full pipeline, wasm)']['mbPerSec'] / best_js:.1f}x (goal >= 10)")
    with open(os.path.join(RESULTS, "throughput.json"), "w") as f:
        json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
