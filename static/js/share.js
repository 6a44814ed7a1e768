// Share links and invitations: copy an address once it is shown, and show
// the date field only when "On a date I choose" is picked.
(function () {
  "use strict";

  function say(box, text) {
    var status = box.querySelector("[data-copy-status]");
    if (!status) return;
    // Clear first so that saying the same words twice is announced twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function selectAndCopy(input) {
    input.focus();
    input.select();
    input.setSelectionRange(0, input.value.length);
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  document.querySelectorAll("[data-copy-box]").forEach(function (box) {
    var input = box.querySelector("[data-copy-source]");
    var button = box.querySelector("[data-copy]");
    if (!input || !button) return;
    input.addEventListener("focus", function () { input.select(); });
    button.addEventListener("click", function () {
      var copied = function () {
        button.textContent = "Copied";
        say(box, button.getAttribute("data-copied-text") || "Link copied");
        window.setTimeout(function () {
          button.textContent = button.getAttribute("data-copy-label") || "Copy link";
        }, 2500);
      };
      var fallback = function () {
        if (selectAndCopy(input)) copied();
        else say(box, "It is selected: press Ctrl+C (or ⌘+C) to copy it.");
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(copied, fallback);
      } else {
        fallback();
      }
    });
  });

  document.querySelectorAll(".share-form").forEach(function (form) {
    var choice = form.querySelector("select[name=expires]");
    var field = form.querySelector("[data-expires-on]");
    if (!choice || !field) return;
    var input = field.querySelector("input");
    function update() {
      var onDate = choice.value === "date";
      field.hidden = !onDate;
      if (onDate && !input.value) {
        // Suggest two weeks from now. The earliest allowed moment comes from
        // the server in the site's time zone; adding days to it keeps that.
        var when = input.min ? new Date(input.min) : new Date();
        when.setDate(when.getDate() + 14);
        var pad = function (n) { return (n < 10 ? "0" : "") + n; };
        input.value = when.getFullYear() + "-" + pad(when.getMonth() + 1) + "-" + pad(when.getDate()) +
          "T" + pad(when.getHours()) + ":" + pad(when.getMinutes());
      }
    }
    choice.addEventListener("change", function () {
      update();
      if (choice.value === "date") input.focus();
    });
    update();
  });
})();
