// Loaded with `defer`: the one handler of the page's theme toggle, TOC
// button and code blocks' Copy buttons, on the prerendered page and in the
// app alike (both render the same markup), so they work before, during and
// after takeover. Nothing here is needed for the first paint.
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
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
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
})();
