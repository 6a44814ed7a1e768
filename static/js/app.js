// Small progressive enhancements shared by every page. No framework, no CDN.
(function () {
  "use strict";
  // Confirm destructive actions marked with data-confirm.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // Live character counters: <span data-counter-for="id_prompt">. The limit
  // is the field's data-max-chars, not maxlength, which would cut a longer
  // paste without a word: near the limit the counter says what is left, over
  // it how much is too many, and the server refuses it beside the field.
  // Characters are counted as the server counts them (trimmed, code points).
  document.querySelectorAll("[data-counter-for]").forEach(function (counter) {
    var field = document.getElementById(counter.dataset.counterFor);
    if (!field) return;
    var max = parseInt(field.dataset.maxChars || field.getAttribute("maxlength"), 10);
    function characters(n) { return n + (n === 1 ? " character" : " characters"); }
    function update() {
      var count = Array.from(field.value.replace(/\r\n/g, "\n").trim()).length;
      var left = max - count;
      var near = left >= 0 && count >= max * 0.9;
      counter.textContent = left < 0 ? characters(-left) + " too many"
        : near ? characters(left) + " left" : count + " / " + max;
      counter.classList.toggle("counter--near", near);
      counter.classList.toggle("counter--over", left < 0);
    }
    field.addEventListener("input", update);
    update();
  });
})();
