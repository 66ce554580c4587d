"""Compares two release builds of a site, file for file, apart from hashed
names: what a change of the engine changed in `dist/`.

    python3 bench/compare_dist.py OLD_DIST NEW_DIST

Hashed names (`folio-<hash>.js`, `p/<hash>.json`, `search/<id>/`…) are replaced
by their family, in paths and in file contents alike, so that two builds of
the same site compare equal whatever their hashes. Prints the files only in
one build and the files whose contents differ (with the first differing
line), and exits 1 if there is any difference."""

import os
import re
import sys

# A content hash in a name: 12 or more hex digits after a dash, a slash or
# `sha384-` (Subresource Integrity), in paths and in the pages that name them.
HASHED = [
    (re.compile(r"sha384-[A-Za-z0-9+/=]{64}"), "sha384-<sri>"),
    (re.compile(r"(?<=[-/])[0-9a-f]{12,64}(?=[._/\"'])"), "<hash>"),
    # The service worker's build version and the search data's id.
    (re.compile(r"(?<=search/)[0-9a-f]{8,64}"), "<id>"),
    (re.compile(r"(data-search=\")[0-9a-f]{8,64}"), r"\1<id>"),
]


def normalize(text):
    for pattern, replacement in HASHED:
        text = pattern.sub(replacement, text)
    return text


def files(root):
    """Every file under `root`, by its normalized path, with its normalized contents."""
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            relative = os.path.relpath(path, root).replace(os.sep, "/")
            with open(path, "rb") as f:
                data = f.read()
            try:
                contents = normalize(data.decode("utf-8"))
            except UnicodeDecodeError:
                contents = data
            key = normalize(relative)
            # Several files of one family (the posts' `p/<hash>.json`): keep them all, in order of contents.
            found.setdefault(key, []).append(contents)
    return {key: sorted(values, key=lambda v: v if isinstance(v, bytes) else v.encode()) for key, values in found.items()}


def first_difference(a, b):
    if isinstance(a, bytes) or isinstance(b, bytes):
        return f"binary: {len(a)} and {len(b)} bytes"
    for number, (x, y) in enumerate(zip(a.splitlines(), b.splitlines()), 1):
        if x != y:
            return f"line {number}:\n      - {x[:160]}\n      + {y[:160]}"
    return f"{len(a.splitlines())} and {len(b.splitlines())} lines"


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    old, new = files(sys.argv[1]), files(sys.argv[2])
    only_old = sorted(set(old) - set(new))
    only_new = sorted(set(new) - set(old))
    changed = []
    for key in sorted(set(old) & set(new)):
        a, b = old[key], new[key]
        if a != b:
            if len(a) != len(b):
                changed.append((key, f"{len(a)} and {len(b)} files"))
            else:
                x, y = next((x, y) for x, y in zip(a, b) if x != y)
                changed.append((key, first_difference(x, y)))
    for key in only_old:
        print(f"only in {sys.argv[1]}: {key}")
    for key in only_new:
        print(f"only in {sys.argv[2]}: {key}")
    for key, how in changed:
        print(f"changed: {key}: {how}")
    same = len(set(old) & set(new)) - len(changed)
    print(f"{same} file(s) the same, {len(changed)} changed, {len(only_old)} only in the old build, "
          f"{len(only_new)} only in the new")
    return 1 if only_old or only_new or changed else 0


if __name__ == "__main__":
    sys.exit(main())
