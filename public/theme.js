// Applies the reader's remembered theme before the first paint, so a dark-theme
// reader never sees a flash of light. Without a choice, CSS follows
// prefers-color-scheme.
try {
  var theme = localStorage.getItem("folio-theme");
  if (theme === "light" || theme === "dark") {
    document.documentElement.setAttribute("data-theme", theme);
  }
} catch (e) {}
