// Inlined last in every page's <body> (with the app's loader, by the site
// pipeline): the one handler of the page's theme toggle, TOC button and
// code blocks' Copy buttons, on the prerendered page and in the
// app alike (both render the same markup), so they work before, during and
// after takeover; and the service worker's side in the page (registration,
// what to keep offline, the notice of a new version). Nothing here is
// needed for the first paint.
(function () {
  var root = document.documentElement;
  function setOpen(toc, open) {
    toc.classList.toggle("open", open);
    var button = toc.querySelector(".toc-toggle");
    if (button) button.setAttribute("aria-expanded", String(open));
  }
  // The code as a reader would type it: a console session's prompts and
  // output are left out.
  function codeText(block) {
    var code = block.querySelector("code");
    if (!code) return "";
    var copy = code.cloneNode(true);
    var skip = copy.querySelectorAll(".prompt, .output");
    for (var i = 0; i < skip.length; i++) skip[i].remove();
    return copy.textContent.replace(/\n$/, "");
  }
  function copied(button) {
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    button.textContent = button.getAttribute("data-copied");
    clearTimeout(button.folioTimer);
    button.folioTimer = setTimeout(function () { button.textContent = label; }, 2000);
  }
  // Without the Clipboard API (an http:// page), a selected textarea and execCommand.
  function copyFallback(text, button) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "copy-buffer";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) {}
    area.remove();
    button.focus();
    if (ok) copied(button);
  }
  function copyCode(button) {
    var block = button.closest(".code-block");
    if (!block) return;
    var text = codeText(block);
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { copied(button); }, function () { copyFallback(text, button); });
    } else {
      copyFallback(text, button);
    }
  }
  // The service worker, in release builds (folio's meta tag names it).
  var meta = document.querySelector('meta[name="folio"]');
  var workerUrl = meta && meta.getAttribute("data-service-worker");
  var waitingWorker = null;
  var reloadAccepted = false;
  function offerUpdate(worker) {
    waitingWorker = worker;
    root.classList.add("folio-update-ready");
  }
  // What this page loaded before the worker controlled it, and what its
  // app needs to show it again (the data block's `data-offline`), so that
  // it stays readable offline. Not on a connection that asks to save data.
  function keepForOffline(worker) {
    if (!worker || (navigator.connection && navigator.connection.saveData)) return;
    var urls = [location.href];
    var block = document.getElementById("folio-data");
    if (block) urls = urls.concat((block.getAttribute("data-offline") || "").split(" ").filter(Boolean));
    if (window.performance && performance.getEntriesByType) {
      var loaded = performance.getEntriesByType("resource");
      for (var i = 0; i < loaded.length; i++) urls.push(loaded[i].name);
    }
    worker.postMessage({ type: "keep", urls: urls });
  }
  var scope = (meta && meta.getAttribute("data-base")) || "/";
  // Guarded: a browser may refuse the worker API itself (storage blocked).
  try {
    if (workerUrl && "serviceWorker" in navigator) {
      var container = navigator.serviceWorker;
      // Once the page has loaded and the app is compiled (or failed to): the
      // worker's first install downloads the app, which must not compete with
      // the page or the app's own download. 10 s at the latest.
      var registered = false;
      var registerOnce = function () {
        if (registered) return;
        registered = true;
        container.register(workerUrl, { scope: scope }).then(function (registration) {
          // A new worker waits until the reader chooses to reload; the first
          // one (no page controlled yet) starts at once. The browser may have
          // found it before this script ran: waiting, or still installing.
          function watch(worker) {
            if (!worker) return;
            if (worker.state === "installed") {
              if (container.controller) offerUpdate(worker);
              return;
            }
            worker.addEventListener("statechange", function () {
              if (worker.state === "installed" && container.controller) offerUpdate(worker);
            });
          }
          watch(registration.waiting);
          watch(registration.installing);
          registration.addEventListener("updatefound", function () { watch(registration.installing); });
          // A tab left open for days still learns of a new deploy.
          document.addEventListener("visibilitychange", function () {
            if (document.visibilityState === "visible") registration.update().catch(function () {});
          });
          return container.ready;
        }).then(function (registration) {
          keepForOffline(registration.active);
        }).catch(function () {});
      };
      var whenAppSettled = function () {
        if (root.getAttribute("data-folio-app")) registerOnce();
        else document.addEventListener("folio-app-settled", registerOnce);
        setTimeout(registerOnce, 10000);
      };
      if (document.readyState === "complete") whenAppSettled();
      else window.addEventListener("load", whenAppSettled);
      container.addEventListener("controllerchange", function () {
        if (reloadAccepted) location.reload();
      });
    } else if (meta && "serviceWorker" in navigator) {
      // A preview (`trunk serve`): no worker of an earlier release build on
      // this origin may answer for it.
      navigator.serviceWorker.getRegistration(scope).then(function (registration) {
        // Only a worker of this very path, not one of a site at the root.
        if (registration && new URL(registration.scope).pathname === new URL(scope, location.href).pathname) {
          registration.unregister();
        }
      }).catch(function () {});
    }
  } catch (e) {}

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    // The folded menu closes when the reader clicks elsewhere.
    var fold = document.querySelector(".menu-fold[open]");
    if (fold && !fold.contains(target)) fold.removeAttribute("open");
    if (target.closest(".update-reload")) {
      reloadAccepted = true;
      // Another tab may have started the new version already: then a
      // reload is all this one needs.
      if (waitingWorker && waitingWorker.state === "installed") waitingWorker.postMessage({ type: "skip-waiting" });
      else location.reload();
      return;
    }
    // A static page's Retry (the offline page): the app's own has a handler.
    if (target.closest(".retry[data-reload]")) {
      location.reload();
      return;
    }
    // Search is the app's; asked for before the app runs, it opens once the app does.
    if (target.closest(".search-toggle") && !root.hasAttribute("data-folio-search")) {
      root.classList.add("folio-search-wanted");
      return;
    }
    var copy = target.closest(".copy-code");
    if (copy) {
      copyCode(copy);
      return;
    }
    var toggle = target.closest(".toc-toggle");
    if (toggle) {
      var toc = toggle.closest(".toc");
      if (toc) setOpen(toc, !toc.classList.contains("open"));
      return;
    }
    var entry = target.closest(".toc a");
    if (entry) {
      setOpen(entry.closest(".toc"), false);
      return;
    }
    if (target.closest(".theme-toggle")) {
      var dark = root.getAttribute("data-theme") === "dark" ||
        (!root.hasAttribute("data-theme") && matchMedia("(prefers-color-scheme: dark)").matches);
      var next = dark ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("folio-theme", next); } catch (e) {}
      var toggles = document.querySelectorAll(".theme-toggle");
      for (var i = 0; i < toggles.length; i++) toggles[i].setAttribute("aria-pressed", String(next === "dark"));
    }
  });
  // The folded menu closes on Escape, and gives the focus back to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector(".menu-fold[open]");
    if (!open) return;
    open.removeAttribute("open");
    var summary = open.querySelector("summary");
    if (summary) summary.focus();
  });
  document.addEventListener("keydown", function (event) {
    // Once the app runs, search is its own; if the app failed, there is none.
    if (root.hasAttribute("data-folio-search") || root.dataset.folioApp === "failed") return;
    if (event.defaultPrevented || event.isComposing) return;
    var target = event.target;
    var typing = target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    var shortcut = (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k";
    if (shortcut || (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey)) {
      event.preventDefault();
      root.classList.add("folio-search-wanted");
    }
  });
})();
