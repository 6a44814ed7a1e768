// The campaign grid: the "Make the ticked cells" button says how many are ticked.
(function () {
  "use strict";
  var form = document.querySelector("[data-grid-make]");
  if (!form) return;
  var button = form.querySelector("[data-make-ticked]");
  function update() {
    var ticked = form.querySelectorAll('input[name="cell"]:checked').length;
    button.textContent = ticked
      ? "Make the " + ticked + " ticked cell" + (ticked === 1 ? "" : "s")
      : "Make the ticked cells";
  }
  form.addEventListener("change", update);
  update();
})();
