// Error pages: a "Go back" button, shown only when the visitor came from a
// page of this site (a fresh tab or a link in an e-mail has nowhere to go back to).
(function () {
  "use strict";
  if (!document.referrer) return;
  document.querySelectorAll("[data-go-back]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.history.back(); });
  });
})();
