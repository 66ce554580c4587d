// Runs before the first paint. Marks that scripts run (CSS collapses the TOC
// only then), applies the reader's remembered theme so a dark-theme reader
// never sees a flash of light, and is the one handler of the page's theme
// toggle and TOC button, on the prerendered page and in the app alike (both
// render the same markup), so they work before, during and after takeover.
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var theme = localStorage.getItem("folio-theme");
    if (theme === "light" || theme === "dark") root.setAttribute("data-theme", theme);
  } catch (e) {}
  function setOpen(toc, open) {
    toc.classList.toggle("open", open);
    var button = toc.querySelector(".toc-toggle");
    if (button) button.setAttribute("aria-expanded", String(open));
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
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
})();
