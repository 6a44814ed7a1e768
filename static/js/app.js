// Small progressive enhancements shared by every page. No framework, no CDN.
(function () {
  "use strict";
  // Confirm destructive actions marked with data-confirm.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // Live character counters: <span data-counter-for="id_prompt">.
  document.querySelectorAll("[data-counter-for]").forEach(function (counter) {
    var field = document.getElementById(counter.dataset.counterFor);
    if (!field) return;
    var max = parseInt(field.getAttribute("maxlength") || field.dataset.counter, 10);
    function update() {
      counter.textContent = field.value.length + " / " + max;
      counter.classList.toggle("counter--near", field.value.length > max * 0.9);
    }
    field.addEventListener("input", update);
    update();
  });

  // The render form's cost estimate, from Kling's units per second in each
  // mode (the "media-limits" block; Kling's final figure is shown later).
  var form = document.querySelector("[data-render-form]");
  var limitsBlock = document.getElementById("media-limits");
  if (form && limitsBlock) {
    var out = form.querySelector("[data-estimate]");
    var perSecond = JSON.parse(limitsBlock.textContent).unitsPerSecond;
    var estimate = function () {
      var portraits = form.querySelectorAll('input[name=portraits]:checked').length;
      var voices = Array.prototype.map.call(
        form.querySelectorAll('input[name=voiceovers]:checked'),
        function (box) { return parseFloat(box.closest("[data-seconds]").dataset.seconds) || 0; }
      );
      var script = (form.querySelector("#id_script") || { value: "" }).value.trim();
      var mode = (form.querySelector("input[name=mode]:checked") || { value: "std" }).value;
      if (!portraits || (!voices.length && !script)) {
        out.textContent = "Pick a portrait and a voiceover to see the cost.";
        return;
      }
      if (!voices.length) {
        out.textContent = portraits + (portraits > 1 ? " videos" : " video") + " read by a Kling voice; the cost depends on the length of the speech (about " + perSecond[mode] + " units per second).";
        return;
      }
      var seconds = voices.reduce(function (a, b) { return a + b; }, 0) * portraits;
      var count = voices.length * portraits;
      out.textContent = count + (count > 1 ? " videos, " : " video, ") + seconds.toFixed(0) + " s in all: about " + (seconds * perSecond[mode]).toFixed(1) + " units.";
    };
    form.addEventListener("change", estimate);
    form.addEventListener("input", estimate);
    document.addEventListener("studio:picked", estimate);
    estimate();
  }
})();
