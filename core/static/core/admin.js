// The admin as the editors use it: what they type is kept.
(function () {
  "use strict";
  // Wagtail's date picker replaces, when the field loses focus, a typed date it
  // cannot read with the current date: the mistake would be saved silently.
  // Keep what was typed; the server refuses it with a French error instead.
  if (window.jQuery && window.jQuery.fn.datetimepicker) {
    window.jQuery.fn.datetimepicker.defaults.validateOnBlur = false;
  }
})();
