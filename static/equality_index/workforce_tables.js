// The admin pages of the index from the workforce data (equality_index/admin_views.py).
//
// 1. The simulator's form shows only the sections of the chosen workforce range and
//    pay mode (data-tables-ranges, data-tables-modes). Without this script every
//    section shows, each saying which range or mode it is for, and the server
//    ignores those that do not apply.
// 2. « Imprimer ce récapitulatif » on the summary of the declaration.
(function () {
  "use strict";

  function enhanceTables(form) {
    var range = form.querySelector("[name=workforce_range]");
    var mode = form.querySelector("[name=pay_mode]");
    function update() {
      form.querySelectorAll("[data-tables-ranges]").forEach(function (section) {
        var ranges = section.getAttribute("data-tables-ranges").split(" ");
        section.hidden = range && range.value !== "" && ranges.indexOf(range.value) === -1;
      });
      form.querySelectorAll("[data-tables-modes]").forEach(function (section) {
        var modes = section.getAttribute("data-tables-modes").split(" ");
        section.hidden = mode && modes.indexOf(mode.value) === -1;
      });
    }
    if (range) {
      range.addEventListener("change", update);
    }
    if (mode) {
      mode.addEventListener("change", update);
    }
    update();
  }

  function enhance() {
    document.querySelectorAll("[data-workforce-tables]").forEach(enhanceTables);
    document.querySelectorAll("[data-index-print]").forEach(function (button) {
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
