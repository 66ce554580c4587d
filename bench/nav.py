"""Client-side navigation: from a click on the home page to the rendered text
of a 50 KB post (`long-read`), after the first load. Each run is a fresh page
load with the HTTP cache disabled, so the post is fetched, parsed and rendered.

    python3 bench/nav.py [--runs 7]
"""

import argparse
import os
import time

from common import ROOT, WAKE_APP, Site, make_driver, median, quit_driver

CLICK_TO_TEXT = """
const done = arguments[arguments.length - 1];
const link = [...document.querySelectorAll('#folio-app a')].find(a => a.textContent === 'The long read');
const start = performance.now();
link.click();
(function check() {
  const body = document.querySelector('#folio-app .post-body');
  if (body && body.textContent.length > 40000) {
    const rendered = performance.now();
    requestAnimationFrame(() => setTimeout(() => done([rendered - start, performance.now() - start])));
    return;
  }
  requestAnimationFrame(check);
})();
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--dist", default=os.path.join(ROOT, "dist"))
    args = parser.parse_args()
    site = Site(args.dist)
    driver = make_driver()
    driver.set_script_timeout(30)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    rendered, painted = [], []
    try:
        for _ in range(args.runs):
            driver.get(site.url(""))
            deadline = time.time() + 20
            while time.time() < deadline and not driver.execute_script(
                    WAKE_APP + " return !document.getElementById('folio-static')"):
                time.sleep(0.05)
            to_dom, to_paint = driver.execute_async_script(CLICK_TO_TEXT)
            rendered.append(to_dom)
            painted.append(to_paint)
    finally:
        quit_driver(driver)
        site.stop()
    size = os.path.getsize(os.path.join(ROOT, "site", "posts", "long-read.md"))
    print(f"Click to rendered text of a {size / 1024:.0f} KB post, {args.runs} runs (median):")
    print(f"  in the DOM: {median(rendered):.1f} ms   after the next frame: {median(painted):.1f} ms   (goal < 50 ms)")
    print(f"  all runs (DOM): {', '.join(f'{v:.1f}' for v in rendered)}")


if __name__ == "__main__":
    main()
