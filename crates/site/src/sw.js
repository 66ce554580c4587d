// folio's service worker, for offline reading. The indexer writes it as
// `{base}sw.js`, after a first line that sets FOLIO: this build's version,
// base path, the app's files to precache and the offline page of each
// language (crates/site/src/offline.rs). The cache rules are plain functions,
// unit-tested with Node (tests/sw/).
"use strict";

// Whether `path` falls under one of FOLIO's `immutable` patterns: the files
// named by their content (hashed app files, `p/<hash>.json`, the search
// data's hashed folder), the very list the build gives hosts in `_headers`
// (`route::IMMUTABLE`). `*` stands for any characters, as hosts read it.
function isImmutable(path, config) {
  for (var i = 0; i < config.immutable.length; i++) {
    if (matchesPattern(config.immutable[i], path)) return true;
  }
  return false;
}

function matchesPattern(pattern, path) {
  var parts = pattern.split("*");
  if (path.indexOf(parts[0]) !== 0) return false;
  if (parts.length === 1) return path === parts[0];
  var rest = path.slice(parts[0].length);
  for (var i = 1; i < parts.length - 1; i++) {
    var at = rest.indexOf(parts[i]);
    if (at < 0) return false;
    rest = rest.slice(at + parts[i].length);
  }
  var last = parts[parts.length - 1];
  return rest.length >= last.length && rest.slice(rest.length - last.length) === last;
}

// How a request is answered, or null to leave it to the browser:
// "app": precached at install, from the cache;
// "immutable": content-addressed (`p/<hash>.json`, hashed files), from the
//   cache once fetched, since its URL changes whenever its content does;
// "page": HTML, `data.json`, images and feeds, from the network while
//   there is one (so a new deploy shows at once), else from the cache.
// Only what folio wrote: its sections (`posts/`, `vi/`, …, from FOLIO) and
// top-level files, so a site at the root of an origin leaves the origin's
// other sites alone.
function classify(url, method, hasRange, config, origin) {
  if (method !== "GET" || hasRange) return null;
  var path = pathUnderBase(url, config, origin);
  if (path === null || path === "sw.js") return null;
  if (config.precache.indexOf(path) >= 0) return "app";
  if (isImmutable(path, config)) return "immutable";
  var section = path.indexOf("/") >= 0 ? path.slice(0, path.indexOf("/") + 1) : path;
  return config.sections.indexOf(section) >= 0 ? "page" : null;
}

// A same-origin URL's path under the base (compared encoded, as URLs
// carry it), or null.
function pathUnderBase(url, config, origin) {
  var base = new URL(config.base, origin).pathname;
  if (url.origin !== origin || url.pathname.indexOf(base) !== 0) return null;
  return url.pathname.slice(base.length);
}

// Only whole, readable, successful answers are kept: not an error or a
// redirect (a navigation cannot be answered with a redirected response),
// not an opaque or partial one. A host's `Cache-Control` is for HTTP
// caches: what a reader keeps to read offline is folio's to decide.
function cacheable(response) {
  return response.status === 200 && response.type === "basic" && !response.redirected &&
    !response.headers.has("Content-Range");
}

// The offline page for a path under the base: the language whose prefix is
// the longest that matches (`vi/` before the default language's ``).
function offlinePage(path, config) {
  var best = null;
  for (var i = 0; i < config.offline.length; i++) {
    var prefix = config.offline[i][0];
    if (path.indexOf(prefix) === 0 && (best === null || prefix.length > best[0].length)) best = config.offline[i];
  }
  return best && config.base + best[1];
}

// The caches of this site (other sites may share the origin under other
// bases): the app's, one per version, and the two kept across versions.
function cacheNames(config) {
  var prefix = "folio:" + config.base + ":";
  return { prefix: prefix, app: prefix + "app:" + config.version, files: prefix + "files", pages: prefix + "pages" };
}

// A page is kept under its URL without the query (`?utm_source=…` is the
// same page) or fragment.
function pageKey(url) {
  var key = new URL(url);
  key.search = "";
  key.hash = "";
  return key.href;
}

// Caches to delete when this version activates: this site's older app caches.
function staleCaches(names, config) {
  var own = cacheNames(config);
  return names.filter(function (name) {
    return name.indexOf(own.prefix + "app:") === 0 && name !== own.app;
  });
}

if (typeof module === "object" && module.exports) {
  module.exports = { classify: classify, matchesPattern: matchesPattern, cacheable: cacheable, offlinePage: offlinePage, cacheNames: cacheNames, staleCaches: staleCaches, pageKey: pageKey };
} else {
  (function (config) {
    var names = cacheNames(config);
    var origin = self.location.origin;

    self.addEventListener("install", function (event) {
      // Hashed files from the HTTP cache if the page just loaded them (no
      // second download of the wasm on a first visit); the others
      // revalidated. Any failure fails the install, and the browser tries
      // again on a later visit.
      event.waitUntil(caches.open(names.app).then(function (cache) {
        return Promise.all(config.precache.map(function (path) {
          var mode = isImmutable(path, config) ? "default" : "no-cache";
          return fetch(new Request(config.base + path, { cache: mode })).then(function (response) {
            if (!cacheable(response)) throw new Error("folio: cannot precache " + path + ": HTTP " + response.status);
            return cache.put(config.base + path, response);
          });
        }));
      }));
    });

    // A new version drops the old app and the pages kept under it: their
    // HTML names the old app's files. Offline, such a page is answered by
    // this version's offline page, whose app shows it from its data (kept).
    self.addEventListener("activate", function (event) {
      event.waitUntil(caches.keys().then(function (keys) {
        var stale = staleCaches(keys, config);
        var dropPages = stale.length === 0 ? Promise.resolve() : caches.open(names.pages).then(function (cache) {
          return cache.keys().then(function (requests) {
            // Pages are kept under their URLs (`pageKey`): HTML ends in `/` or `.html`.
            return Promise.all(requests.filter(function (request) {
              return /(\/|\.html)$/.test(new URL(request.url).pathname);
            }).map(function (request) { return cache.delete(request); }));
          });
        });
        return dropPages.then(function () {
          return Promise.all(stale.map(function (name) { return caches.delete(name); }));
        });
      }).then(function () { return self.clients.claim(); }));
    });

    function store(cacheName, key, response, event) {
      if (cacheable(response)) {
        var copy = response.clone();
        event.waitUntil(caches.open(cacheName).then(function (cache) { return cache.put(key, copy); }));
      }
      return response;
    }

    function fromCacheFirst(cacheName, request, event) {
      return caches.open(cacheName).then(function (cache) { return cache.match(request, { ignoreVary: true }); }).then(function (hit) {
        return hit || fetch(request).then(function (response) { return store(cacheName, request, response, event); });
      });
    }

    function fromNetworkFirst(request, url, event) {
      var key = pageKey(request.url);
      return fetch(request).then(function (response) {
        return store(names.pages, key, response, event);
      }, function (error) {
        var navigating = request.mode === "navigate";
        return caches.open(names.pages).then(function (cache) {
          return cache.match(key, { ignoreVary: true });
        }).then(function (hit) {
          if (hit) return hit;
          var page = navigating && offlinePage(pathUnderBase(url, config, origin), config);
          if (!page) throw error;
          return caches.open(names.app).then(function (cache) { return cache.match(page); }).then(function (offline) {
            if (!offline) throw error;
            return offline;
          });
        });
      });
    }

    self.addEventListener("fetch", function (event) {
      var request = event.request;
      var url = new URL(request.url);
      var kind = classify(url, request.method, request.headers.has("Range"), config, origin);
      if (kind === "app") event.respondWith(fromCacheFirst(names.app, request, event));
      else if (kind === "immutable") event.respondWith(fromCacheFirst(names.files, request, event));
      else if (kind === "page") event.respondWith(fromNetworkFirst(request, url, event));
    });

    // What a page fetched before this worker controlled it (and what its
    // app needs to show it again), kept unless already kept.
    function keep(urls) {
      return urls.slice(0, 500).reduce(function (done, href) {
        return done.then(function () {
          var url = new URL(href, self.location.href);
          var kind = classify(url, "GET", false, config, origin);
          if (kind !== "immutable" && kind !== "page") return;
          var key = kind === "page" ? pageKey(url.href) : url.href.split("#")[0];
          return caches.open(kind === "immutable" ? names.files : names.pages).then(function (cache) {
            return cache.match(key, { ignoreVary: true }).then(function (hit) {
              if (hit) return;
              return fetch(key).then(function (response) {
                if (cacheable(response)) return cache.put(key, response);
              });
            });
          }).catch(function () {});
        });
      }, Promise.resolve());
    }

    self.addEventListener("message", function (event) {
      var message = event.data || {};
      if (message.type === "skip-waiting") self.skipWaiting();
      else if (message.type === "keep" && Array.isArray(message.urls)) event.waitUntil(keep(message.urls));
    });
  })(FOLIO);
}
