// The admin as the editors use it: what they type is kept.
(function () {
  "use strict";

  // Wagtail's date picker replaces, when the field loses focus, a typed date it
  // cannot read with the current date: the mistake would be saved silently.
  // Keep what was typed; the server refuses it with a French error instead.
  if (window.jQuery && window.jQuery.fn.datetimepicker) {
    window.jQuery.fn.datetimepicker.defaults.validateOnBlur = false;
  }

  // The rich text editor copies what was typed into its form field about a
  // quarter of a second after the last keystroke: Ctrl+S (or Cmd+S) pressed
  // sooner saved the page without the last words. From inside the editor, the
  // shortcut waits for the copy, then saves as Wagtail's own shortcut does.
  var COPY_DELAY_MS = 350;
  window.addEventListener(
    "keydown",
    function (event) {
      var isSave = (event.ctrlKey || event.metaKey) && (event.key === "s" || event.key === "S");
      var active = document.activeElement;
      if (!isSave || !active || !active.closest("[data-draftail-editor]")) {
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      window.setTimeout(function () {
        var buttons = document.querySelectorAll('button[data-w-kbd-key-value="mod+s"]');
        for (var i = 0; i < buttons.length; i += 1) {
          if (!buttons[i].closest("dialog, [role=dialog]")) {
            buttons[i].click();
            return;
          }
        }
      }, COPY_DELAY_MS);
    },
    true
  );
})();
