"""The app's size as a reader downloads it: raw, gzip and brotli.

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
    total = [sum(r[i] for r in rows) for i in (1, 2, 3)]
    print(f"{'whole app (wasm + js + css)':<40} {total[0] / 1024:>6.1f} KB {total[1] / 1024:>6.1f} KB {total[2] / 1024:>6.1f} KB")
    wasm_gz = sum(r[2] for r in rows if r[0].endswith(".wasm"))
    print(f"wasm gzip: {wasm_gz / 1024:.1f} KB (goal: whole app <= 250 KB gzip: {'met' if total[1] <= 250 * 1024 else 'missed'})")


if __name__ == "__main__":
    main()
