"""A plain static file server for the built site, as a static host serves it.

Serves DIST under PREFIX (default /blog/), with no rewrite rules: a directory
serves its index.html, an unknown path gets 404.html with status 404 (as on
GitHub Pages). Text, scripts and wasm are gzipped for clients that accept it,
as every CDN does. Loopback only.

    python3 tests/e2e/server.py DIST PORT [--prefix /blog/] [--csp POLICY]
"""

import argparse
import gzip
import mimetypes
import os
import posixpath
import sys
import urllib.parse
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("text/markdown", ".md")
mimetypes.add_type("text/javascript", ".js")


def make_handler(root, prefix, csp):
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

        def serve(self, head):
            found = self.local_file()
            if found and found[0] == "redirect":
                self.send_response(301)
                self.send_header("Location", found[1])
                self.end_headers()
                return
            status, path = (200, found[1]) if found else (404, os.path.join(root, "404.html"))
            try:
                with open(path, "rb") as f:
                    body = f.read()
            except OSError:
                status, body, path = 404, b"not found", "x.txt"
            kind = self.guess_type(path)
            compress = "gzip" in self.headers.get("Accept-Encoding", "") and (
                kind.startswith("text/") or kind.startswith("application/") or kind.startswith("image/svg"))
            if compress:
                body = gzip.compress(body, compresslevel=6)
            self.send_response(status)
            self.send_header("Content-Type", kind)
            if compress:
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
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
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(os.path.abspath(args.dist), args.prefix, args.csp))
    print(f"serving {args.dist} at http://127.0.0.1:{args.port}{args.prefix}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
