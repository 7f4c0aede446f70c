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

// The ability assessment form: the total and the preliminary level as the items are scored. The
// levels by total come from the server (the standard's table); saving always scores on the server.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-assessment]").forEach(function (form) {
    var levels = form.getAttribute("data-levels").split(",");
    var names = form.getAttribute("data-level-names").split("|");
    var output = form.querySelector("#assessment-total");
    var items = form.querySelectorAll("select[name^='B.']");
    function update() {
      var total = 0, filled = 0;
      items.forEach(function (select) {
        if (select.value !== "") { total += parseInt(select.value, 10); filled += 1; }
      });
      if (filled === items.length) {
        output.textContent = "总分 " + total + " · 初步等级 " + names[parseInt(levels[total], 10)];
      } else {
        output.textContent = "已评 " + filled + "/" + items.length + " 项，当前合计 " + total + " 分";
      }
    }
    items.forEach(function (select) { select.addEventListener("change", update); });
    update();
  });
});
