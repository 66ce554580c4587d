"""A plain static file server for the built site, as a static host serves it.

Serves DIST under PREFIX (default /blog/), with no rewrite rules: a directory
serves its index.html, an unknown path gets the nearest 404.html above it
(`vi/404.html` under `vi/`, else the root one) with status 404, as nginx does
with an `error_page` per language and GitHub Pages with its root one. Text, scripts and wasm are gzipped for clients that accept it,
as every CDN does. Loopback only.

    python3 tests/e2e/server.py DIST PORT [--prefix /blog/] [--csp POLICY] [--host-headers]

Every answer says `Cache-Control: no-store`, so that no test sees what an
earlier one cached; with --host-headers the server sends instead the
headers the build wrote for hosts in DIST/_headers (cache rules and the
policy), as Netlify or Cloudflare Pages would: for benchmarks that audit a
page as a reader's browser gets it (Lighthouse's caching and
back/forward-cache audits).

For race tests, requests can be held: `GET {prefix}__folio/hold?pattern=RE`
holds every later request whose path matches the regular expression until
`GET {prefix}__folio/release` (or 30 s pass), so a test can act while the
browser waits for the wasm, the index or a post, then let it through.

`GET {prefix}__folio/listen?port=N` makes the server answer on port N too,
and stop answering on the ports it was given before: each test reaches the
site at an origin of its own, so that nothing a shared browser kept for one
test's origin (a service worker, storage) meets another test.

`GET /__folio/blank`, outside the prefix and so outside the site's service
worker's scope, is an empty page of the site's origin: where the tests' reset
of a shared browser clears what the origin stored.
"""

import argparse
import gzip
import mimetypes
import os
import posixpath
import re
import sys
import threading
import urllib.parse
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("text/markdown", ".md")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/manifest+json", ".webmanifest")


class Gate:
    """Requests held until released, by path pattern."""

    def __init__(self):
        self.lock = threading.Lock()
        self.patterns = []
        self.opened = threading.Event()
        self.types = []  # (pattern, Content-Type) a host sends instead of the right one

    def mistype(self, pattern, kind):
        with self.lock:
            self.types.append((re.compile(pattern), kind))

    def type_of(self, path, kind):
        with self.lock:
            return next((wrong for pattern, wrong in self.types if pattern.search(path)), kind)

    def hold(self, pattern):
        with self.lock:
            self.patterns.append(re.compile(pattern))
            self.opened = threading.Event()

    def release(self):
        with self.lock:
            self.patterns = []
            self.types = []
            self.opened.set()

    def wait_if_held(self, path):
        with self.lock:
            held = any(p.search(path) for p in self.patterns)
            opened = self.opened
        if held:
            opened.wait(timeout=30)


def host_headers(dist):
    """DIST/_headers as (pattern, [(name, value)]) rules: a path line, then
    its indented `Name: value` lines; `*` in a path is any characters."""
    rules = []
    with open(os.path.join(dist, "_headers"), encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if not line[0].isspace():
                pattern = re.compile("".join(".*" if c == "*" else re.escape(c) for c in line.strip()) + r"\Z")
                rules.append((pattern, []))
            elif rules:
                name, _, value = line.strip().partition(":")
                rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules, path):
    """Every matching rule's headers, the first rule naming a header winning."""
    chosen = {}
    for pattern, headers in rules:
        if pattern.match(path):
            for name, value in headers:
                chosen.setdefault(name.lower(), (name, value))
    return list(chosen.values())


class Compressed:
    """Gzipped bodies by file identity: every test's fresh browser (and its
    service worker's precache) asks for the same wasm, and compressing it
    each time kept a core busy. A replaced file has a new inode or time."""

    def __init__(self):
        self.lock = threading.Lock()
        self.bodies = {}

    def get(self, path, body):
        try:
            stat = os.stat(path)
            key = (path, stat.st_ino, stat.st_mtime_ns, stat.st_size)
        except OSError:
            return gzip.compress(body, compresslevel=6)
        with self.lock:
            known = self.bodies.get(key)
        if known is None:
            known = gzip.compress(body, compresslevel=6)
            with self.lock:
                self.bodies[key] = known
        return known


BLANK_PATH = "/__folio/blank"
BLANK_PAGE = b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>blank</title><link rel="icon" href="data:,"></head><body></body></html>'


class Listeners:
    """The extra ports the server answers on: the newest only."""

    def __init__(self):
        self.lock = threading.Lock()
        self.servers = []
        self.handler = None

    def listen(self, port):
        server = ThreadingHTTPServer(("127.0.0.1", port), self.handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
        with self.lock:
            old, self.servers = self.servers, [server]
        for previous in old:
            threading.Thread(target=lambda s=previous: (s.shutdown(), s.server_close()), daemon=True).start()


def make_handler(root, prefix, csp, listeners=None, as_host=False):
    gate = Gate()
    rules = host_headers(root) if as_host else None
    compressed = Compressed()

    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=root, **kwargs)

        def log_message(self, *args):
            pass

        def end_headers(self):
            if csp:
                self.send_header("Content-Security-Policy", csp)
            super().end_headers()

        def guess_type(self, path):
            kind = super().guess_type(path)
            if kind.startswith("text/") and "charset" not in kind:
                kind += "; charset=utf-8"
            return kind

        def local_file(self):
            path = urllib.parse.urlsplit(self.path).path
            if not path.startswith(prefix):
                return None
            rel = posixpath.normpath(urllib.parse.unquote(path[len(prefix):]) or ".")
            if rel.startswith(".."):
                return None
            full = os.path.join(root, rel)
            if os.path.isdir(full):
                if not path.endswith("/"):
                    return ("redirect", path + "/")
                full = os.path.join(full, "index.html")
            return ("file", full) if os.path.isfile(full) else None

        def do_GET(self):
            self.serve(head=False)

        def do_HEAD(self):
            self.serve(head=True)

        def control(self, path):
            """The hold/release endpoints; True if this was one."""
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            if path == prefix + "__folio/hold":
                gate.hold(query["pattern"][0])
            elif path == prefix + "__folio/mistype":
                gate.mistype(query["pattern"][0], query["type"][0])
            elif path == prefix + "__folio/release":
                gate.release()
            elif path == prefix + "__folio/listen" and listeners:
                try:
                    listeners.listen(int(query["port"][0]))
                except OSError:
                    self.send_response(409)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return True
            else:
                return False
            self.send_response(204)
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            return True

        def not_found_page(self, path):
            rel = path[len(prefix):] if path.startswith(prefix) else ""
            parts = [p for p in rel.split("/")[:-1] if p and p not in (".", "..")]
            while parts:
                candidate = os.path.join(root, *parts, "404.html")
                if os.path.isfile(candidate):
                    return candidate
                parts.pop()
            return os.path.join(root, "404.html")

        def serve(self, head):
            path = urllib.parse.urlsplit(self.path).path
            if self.control(path):
                return
            if path == BLANK_PATH:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(BLANK_PAGE)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                if not head:
                    self.wfile.write(BLANK_PAGE)
                return
            gate.wait_if_held(path)
            found = self.local_file()
            if found and found[0] == "redirect":
                self.send_response(301)
                self.send_header("Location", found[1])
                self.end_headers()
                return
            status, path = (200, found[1]) if found else (404, self.not_found_page(path))
            try:
                with open(path, "rb") as f:
                    body = f.read()
            except OSError:
                status, body, path = 404, b"not found", "x.txt"
            kind = gate.type_of(path, self.guess_type(path))
            compress = "gzip" in self.headers.get("Accept-Encoding", "") and (
                kind.startswith("text/") or kind.startswith("application/") or kind.startswith("image/svg"))
            if compress:
                body = compressed.get(path, body)
            self.send_response(status)
            self.send_header("Content-Type", kind)
            if compress:
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(body)))
            if rules is None:
                self.send_header("Cache-Control", "no-store")
            else:
                for name, value in headers_for(rules, urllib.parse.urlsplit(self.path).path):
                    self.send_header(name, value)
            self.end_headers()
            if not head:
                self.wfile.write(body)

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dist")
    parser.add_argument("port", type=int)
    parser.add_argument("--prefix", default="/blog/")
    parser.add_argument("--csp", default="")
    parser.add_argument("--host-headers", action="store_true", help="send DIST/_headers' headers, not no-store")
    args = parser.parse_args()
    listeners = Listeners()
    listeners.handler = make_handler(os.path.abspath(args.dist), args.prefix, args.csp, listeners, args.host_headers)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), listeners.handler)
    server.daemon_threads = True
    print(f"serving {args.dist} at http://127.0.0.1:{args.port}{args.prefix}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
