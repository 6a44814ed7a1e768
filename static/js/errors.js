// Error pages: a "Go back" button, shown only when there is a page to go back to.
(function () {
  "use strict";
  if (window.history.length < 2) return;
  document.querySelectorAll("[data-go-back]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.history.back(); });
  });
})();
