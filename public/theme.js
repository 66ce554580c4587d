// Runs before the first paint. Marks that scripts run (CSS collapses the TOC
// only then), applies the reader's remembered theme so a dark-theme reader
// never sees a flash of light, and lets the prerendered page's TOC button
// and theme toggle work before the app has loaded.
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var theme = localStorage.getItem("folio-theme");
    if (theme === "light" || theme === "dark") root.setAttribute("data-theme", theme);
  } catch (e) {}
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element) || !target.closest("#folio-static")) return;
    var toggle = target.closest(".toc-toggle");
    if (toggle) {
      var toc = toggle.closest(".toc");
      var open = toc.classList.toggle("open");
      toggle.setAttribute("aria-expanded", String(open));
      return;
    }
    if (target.closest(".theme-toggle")) {
      var dark = root.getAttribute("data-theme") === "dark" ||
        (!root.hasAttribute("data-theme") && matchMedia("(prefers-color-scheme: dark)").matches);
      var next = dark ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("folio-theme", next); } catch (e) {}
    }
  });
})();
