"""Where the wasm's bytes go, by crate, with twiggy (`cargo install twiggy`).

    python3 bench/wasm_bytes.py [target/wasm32-unknown-unknown/release/folio.wasm]

Reads the wasm as cargo writes it (before wasm-bindgen and wasm-opt, so
function names are still there) and sums code size per crate. wasm-bindgen's
custom sections and the names section are left out: they are not shipped.
"""

import collections
import csv
import io
import os
import re
import subprocess
import sys

from common import ROOT

NOT_SHIPPED = ("custom section", '"function names"', 'export "__wbindgen_describe', "__wbindgen_describe")


def crate(name):
    if name.startswith('data segment ".rodata"'):
        return "read-only data (strings, tables)"
    match = re.match(r"^[<&]*(?:mut |dyn )?([a-z_][a-z0-9_]*)::", name) or re.search(r"([a-z_][a-z0-9_]*)::", name)
    return match.group(1) if match else "other"


def main():
    wasm = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "wasm32-unknown-unknown", "release", "folio.wasm")
    listing = subprocess.run(["twiggy", "top", "-n", "1000000", "-f", "csv", wasm], check=True, capture_output=True, text=True).stdout
    sizes = collections.Counter()
    for row in csv.DictReader(io.StringIO(listing)):
        if not row["Name"].startswith(NOT_SHIPPED):
            sizes[crate(row["Name"])] += int(row["ShallowSize"])
    total = sum(sizes.values())
    print(f"{'crate':<36} {'bytes':>9} {'share':>6}")
    for name, size in sizes.most_common(16):
        print(f"{name:<36} {size / 1024:>6.1f} KB {100 * size / total:>5.1f}%")
    print(f"{'total (before wasm-opt)':<36} {total / 1024:>6.1f} KB")


if __name__ == "__main__":
    main()
