// Yanglao: the little the pages need from a script. Everything works without it.
document.addEventListener("DOMContentLoaded", function () {
  // The region switcher moves as soon as a region is picked.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // On a phone the filters start folded (without the script they stay open).
  if (window.matchMedia("(max-width: 640px)").matches) {
    document.querySelectorAll("details.filter-panel[open]").forEach(function (panel) { panel.removeAttribute("open"); });
  }
  // Buttons that change an account ask first.
  document.querySelectorAll("button[data-confirm]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (!window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
});
