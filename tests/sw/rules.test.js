// The service worker's cache rules (crates/site/src/sw.js), run natively by Node's
// own test runner: `node --test tests/sw/`.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const rules = require("../../crates/site/src/sw.js");

const config = {
  version: "00aa11bb22cc33dd",
  base: "/blog/",
  precache: ["folio-0123456789abcdef.js", "folio-split-0123456789abcdef.js", "main-0123456789abcdef.css", "404.html", "vi/404.html",
    "offline.html", "vi/offline.html", "manifest.webmanifest"],
  offline: [["", "offline.html"], ["vi/", "vi/offline.html"]],
  sections: ["", "index.html", "data.json", "posts/", "tags/", "page/", "archive/", "vi/"],
  // As the build writes it: `route::IMMUTABLE` (a Rust test checks the worker carries it).
  immutable: ["*.wasm", "folio-*.js", "main-*.css", "favicon-*.svg", "site-*.css", "p/*", "search/*"],
};
const origin = "https://example.com";
const kind = (path, method = "GET", range = false, from = origin) =>
  rules.classify(new URL(path, from), method, range, config, origin);

test("the app's files come from the precache", () => {
  assert.equal(kind("/blog/main-0123456789abcdef.css"), "app");
  assert.equal(kind("/blog/folio-split-0123456789abcdef.js"), "app");
  assert.equal(kind("/blog/offline.html"), "app");
  assert.equal(kind("/blog/vi/404.html"), "app");
});

test("content-addressed files are cached for good", () => {
  assert.equal(kind("/blog/p/9f86d081884c7d65.json"), "immutable");
  assert.equal(kind("/blog/search/0123456789abcdef/vi/t/64756f.json"), "immutable");
  assert.equal(kind("/blog/search/0123456789abcdef/en/meta.json"), "immutable");
  // A file of an older build, no longer precached, keeps its hashed name.
  assert.equal(kind("/blog/folio-fedcba9876543210_bg.wasm"), "immutable");
  assert.equal(kind("/blog/main-fedcba9876543210.css"), "immutable");
  // Trunk drops leading zeros: its hashes are not all 16 digits.
  assert.equal(kind("/blog/main-4000e8ed5f88fa.css"), "immutable");
  assert.equal(kind("/blog/folio-8da15696ce11.js"), "immutable");
  // Search's code: not precached, kept once a reader has opened search.
  assert.equal(kind("/blog/split_search-0123456789abcdef.wasm"), "immutable");
});

test("pages, their data, images and feeds are revalidated", () => {
  for (const path of ["/blog/", "/blog/posts/hello/", "/blog/vi/posts/hello/", "/blog/posts/hello/data.json",
    "/blog/page/2/data.json", "/blog/posts/hello/photo.png", "/blog/vi/tags/du-lich/", "/blog/archive/2024/",
    "/blog/index.html", "/blog/vi/"]) {
    assert.equal(kind(path), "page", path);
  }
});

test("a site at an origin's root leaves the origin's other sites alone", () => {
  const root = { ...config, base: "/" };
  const at = (path) => rules.classify(new URL(path, origin), "GET", false, root, origin);
  assert.equal(at("/"), "page");
  assert.equal(at("/posts/hello/"), "page");
  assert.equal(at("/vi/posts/hello/"), "page");
  assert.equal(at("/p/9f86d081884c7d65.json"), "immutable");
  assert.equal(at("/another-project/"), null, "a project site beside it");
  assert.equal(at("/another-project/index.html"), null);
  assert.equal(at("/feed.xml"), null, "a file folio did not write");
  assert.equal(at("/vietnam/"), null, "a prefix is a whole segment");
});

test("a base with spaces or non-ASCII letters matches its encoded URLs", () => {
  const spaced = { ...config, base: "/nhật ký/" };
  const at = (path) => rules.classify(new URL(path, origin), "GET", false, spaced, origin);
  assert.equal(at("/nhật ký/posts/hello/"), "page");
  assert.equal(at("/nh%E1%BA%ADt%20k%C3%BD/p/9f86d081884c7d65.json"), "immutable");
});

test("a page is kept once, whatever its query", () => {
  assert.equal(rules.pageKey("https://example.com/blog/posts/a/?utm_source=x#intro"), "https://example.com/blog/posts/a/");
});

test("everything else is left to the browser", () => {
  assert.equal(kind("/blog/posts/hello/", "POST"), null, "not a GET");
  assert.equal(kind("/blog/video.mp4", "GET", true), null, "a range request");
  assert.equal(kind("/other/", "GET"), null, "outside the base");
  assert.equal(kind("/blogger/", "GET"), null, "a path that only starts like the base");
  assert.equal(kind("/blog/", "GET", false, "https://cdn.example.net"), null, "another origin");
  assert.equal(kind("/blog/sw.js"), null, "the worker itself");
  assert.equal(kind("/blog/atom.xml"), null, "a feed is for feed readers");
  assert.equal(kind("/blog/__folio/hold"), null, "not one of folio's paths");
});

function response({ status = 200, type = "basic", redirected = false, headers = {} } = {}) {
  return { status, type, redirected, headers: new Headers(headers) };
}

test("only whole, readable, successful responses are cached", () => {
  assert.equal(rules.cacheable(response()), true);
  assert.equal(rules.cacheable(response({ headers: { "Cache-Control": "public, max-age=0, must-revalidate" } })), true);
  assert.equal(rules.cacheable(response({ status: 404 })), false, "not found");
  assert.equal(rules.cacheable(response({ status: 500 })), false, "a server error");
  assert.equal(rules.cacheable(response({ status: 204 })), false, "no content");
  assert.equal(rules.cacheable(response({ status: 0, type: "opaque" })), false, "opaque");
  assert.equal(rules.cacheable(response({ type: "cors" })), false, "another origin's");
  assert.equal(rules.cacheable(response({ status: 206, headers: { "Content-Range": "bytes 0-9/100" } })), false, "partial");
  assert.equal(rules.cacheable(response({ headers: { "Content-Range": "bytes 0-99/100" } })), false, "a range, even if whole");
  assert.equal(rules.cacheable(response({ redirected: true })), false, "redirected");
  // HTTP caching is the host's; offline reading is folio's.
  assert.equal(rules.cacheable(response({ headers: { "Cache-Control": "no-store" } })), true);
});

test("an unsaved page offline gets the offline page of its language", () => {
  assert.equal(rules.offlinePage("posts/never-read/", config), "/blog/offline.html");
  assert.equal(rules.offlinePage("", config), "/blog/offline.html");
  assert.equal(rules.offlinePage("vi/posts/never-read/", config), "/blog/vi/offline.html");
  assert.equal(rules.offlinePage("vietnam/", config), "/blog/offline.html", "a prefix is a whole segment");
  assert.equal(rules.offlinePage("x", { ...config, offline: [] }), null);
});

test("activation removes this site's older app caches only", () => {
  const names = rules.cacheNames(config);
  const keys = [names.app, names.files, names.pages, "folio:/blog/:app:0123456789abcdef",
    "folio:/docs/:app:0123456789abcdef", "someone-else"];
  assert.deepEqual(rules.staleCaches(keys, config), ["folio:/blog/:app:0123456789abcdef"]);
});

test("patterns read as hosts read _headers: `*` is any characters", () => {
  assert.ok(rules.matchesPattern("p/*", "p/9f86d081884c7d65.json"));
  assert.ok(rules.matchesPattern("*.wasm", "split_search-0123.wasm"));
  assert.ok(rules.matchesPattern("folio-*.js", "folio-split-0123.js"));
  assert.ok(rules.matchesPattern("sw.js", "sw.js"));
  assert.ok(!rules.matchesPattern("sw.js", "sw.jsx"), "no star: the whole path");
  assert.ok(!rules.matchesPattern("main-*.css", "main-0123.css.map"));
  assert.ok(!rules.matchesPattern("p/*", "posts/hello/"));
  assert.ok(!rules.matchesPattern("a*b*b", "ab"), "the parts do not overlap");
  assert.ok(rules.matchesPattern("a*b*b", "abb"));
});
