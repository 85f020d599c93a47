// The admin form of an index year (equality_index/forms.py loads it).
//
// 1. Shows only the indicators of the chosen workforce range: the panels marked
//    data-index-ranges="50:250" (or "251:999 1000:") of another range are hidden,
//    unless they hold values or errors, which the team must see to clear them.
// 2. Recomputes the points as the team types: the form is posted to the admin's
//    live points address, which scores it with the server's own rules and answers
//    the summary to show. Nothing is saved there.
//
// Progressive enhancement: without this script every panel stays visible, the
// points are computed on save, and the server refuses data of the wrong range.
(function () {
  "use strict";

  function enhance() {
    var range = document.getElementById("id_workforce_range");
    if (!range || !range.form) {
      return;
    }
    var form = range.form;
    var RANGE_LABELS = {};
    Array.prototype.forEach.call(range.options, function (option) {
      RANGE_LABELS[option.value] = option.textContent.trim();
    });

    function fieldsOf(panel) {
      return panel.querySelectorAll("input, select, textarea");
    }

    function holdsValues(panel) {
      return Array.prototype.some.call(fieldsOf(panel), function (field) {
        if (field.type === "hidden" || field.type === "checkbox" || field.type === "radio") {
          return false;
        }
        return field.value.trim() !== "";
      });
    }

    function holdsErrors(panel) {
      return panel.querySelector(".w-field--error") !== null;
    }

    function setNotice(panel, text) {
      var notice = panel.querySelector("[data-index-range-notice]");
      if (!text) {
        if (notice) {
          notice.remove();
        }
        return;
      }
      if (!notice) {
        notice = document.createElement("p");
        notice.className = "help-block help-warning index-range-notice";
        notice.setAttribute("data-index-range-notice", "");
        var content = panel.querySelector(".w-panel__content") || panel;
        content.insertBefore(notice, content.firstChild);
      }
      notice.textContent = text;
    }

    function showPanelsOfRange() {
      var chosen = range.value;
      document.querySelectorAll("[data-index-ranges]").forEach(function (panel) {
        var ranges = panel.getAttribute("data-index-ranges").split(" ");
        var applies = chosen === "" || ranges.indexOf(chosen) !== -1;
        var mustStay = holdsValues(panel) || holdsErrors(panel);
        panel.hidden = !applies && !mustStay;
        setNotice(
          panel,
          !applies && mustStay
            ? "Cet indicateur ne s'applique pas aux entreprises de " +
                (RANGE_LABELS[chosen] || chosen) +
                " : videz ses champs, ou changez de tranche d'effectif."
            : ""
        );
      });
    }

    range.addEventListener("change", showPanelsOfRange);
    showPanelsOfRange();

    // --- Live points -------------------------------------------------------------
    var live = document.querySelector("[data-index-live-points]");
    var output = live && live.querySelector("[data-index-live-output]");
    if (!output || !window.fetch || !window.FormData) {
      return;
    }
    var url = live.getAttribute("data-index-live-points");
    var timer = null;
    var pending = null;
    var sequence = 0;

    function refresh() {
      var number = ++sequence;
      if (pending) {
        pending.abort();
      }
      pending = window.AbortController ? new AbortController() : null;
      fetch(url, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: pending ? pending.signal : undefined,
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (answer) {
          if (number === sequence) {
            output.innerHTML = answer.html;
            live.setAttribute("data-index-live-state", "ready");
          }
        })
        .catch(function (error) {
          if (error.name === "AbortError" || number !== sequence) {
            return;
          }
          live.setAttribute("data-index-live-state", "failed");
          output.innerHTML = "";
          var message = document.createElement("p");
          message.textContent =
            "Le calcul pendant la saisie n'est pas disponible pour le moment : " +
            "les points seront calculés à l'enregistrement.";
          output.appendChild(message);
        });
    }

    function later(event) {
      // Only what the points depend on: not the objectives, nor the texts.
      var target = event.target;
      if (!target || !target.name || /(_objective|_text|scope_description)$/.test(target.name)) {
        return;
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 300);
    }

    form.addEventListener("input", later);
    form.addEventListener("change", later);
    // A form sent back with errors shows what was typed, not what was saved: say so.
    if (form.querySelector(".w-field--error") || document.querySelector(".messages .error")) {
      refresh();
    }
  }

  // Wagtail may load the form's media in the page's head, before the form exists.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
