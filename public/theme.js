// Runs before the first paint (first in <head>), so it is kept tiny: marks
// that scripts run (CSS collapses the TOC and shows Copy buttons only then)
// and applies the reader's remembered theme, so a dark-theme reader never
// sees a flash of light. The page's controls are handled by controls.js,
// after parsing.
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var theme = localStorage.getItem("folio-theme");
    if (theme === "light" || theme === "dark") root.setAttribute("data-theme", theme);
  } catch (e) {}
})();
