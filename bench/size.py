"""The app's size as a reader downloads it: raw, gzip and brotli, before
search opens and search's own part.

    python3 bench/size.py [--dist dist]
"""

import argparse
import gzip
import os

import brotli

from common import ROOT


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dist", default=os.path.join(ROOT, "dist"))
    args = parser.parse_args()
    rows = []
    for name in sorted(os.listdir(args.dist)):
        if name.endswith((".wasm", ".js", ".css")):
            data = open(os.path.join(args.dist, name), "rb").read()
            rows.append((name, len(data), len(gzip.compress(data, 9)), len(brotli.compress(data, quality=11))))
    print(f"{'file':<40} {'raw':>9} {'gzip':>9} {'brotli':>9}")
    for name, raw, gz, br in rows:
        print(f"{name:<40} {raw / 1024:>6.1f} KB {gz / 1024:>6.1f} KB {br / 1024:>6.1f} KB")
    # Search's part (`split_search-….wasm`, crates/site/src/app_split.rs) comes when search first opens.
    on_demand = [r for r in rows if r[0].startswith(("split_", "chunk_"))]
    # The service worker comes after the page has loaded, and only where it registers.
    worker = [r for r in rows if r[0] == "sw.js"]
    upfront = [r for r in rows if r not in on_demand and r not in worker]
    for label, group in (("app before search opens (wasm + js + css)", upfront), ("search's part, when it opens", on_demand),
                         ("the service worker, after load", worker)):
        total = [sum(r[i] for r in group) for i in (1, 2, 3)]
        print(f"{label:<40} {total[0] / 1024:>6.1f} KB {total[1] / 1024:>6.1f} KB {total[2] / 1024:>6.1f} KB")
    gz = sum(r[2] for r in upfront)
    print(f"before search opens, gzip: {gz / 1024:.1f} KB without folio's inline scripts "
          f"(budget 250 KB, goal 220 KB: tests/e2e/test_budget.py counts those too)")


if __name__ == "__main__":
    main()
