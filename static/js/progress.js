// A render's progress line (templates/projects/_card_progress.html): its step
// in words, a clock that ticks every second, a bar that never goes back, and
// when it should be ready (projects/renders/progress.py says how that is
// estimated). gallery.js hands it each poll's answer: renderProgress.update().
(function () {
  "use strict";
  var MOST_BEFORE_DONE = 0.95;
  var TIMED = { sent: true, rendering: true, saving: true };
  var shown = {}; // render code → the largest fraction its bar has shown

  // The same words as projects/wording.py's clock and progress.py's rough.
  function clock(seconds) {
    var whole = Math.max(0, Math.floor(seconds));
    var hours = Math.floor(whole / 3600), minutes = Math.floor((whole % 3600) / 60), secs = whole % 60;
    if (hours) return hours + " h " + minutes + " min";
    if (minutes) return minutes + " min " + secs + " s";
    return secs + " s";
  }
  function rough(seconds) {
    if (seconds < 60) return Math.max(10, Math.round(seconds / 10) * 10) + " seconds";
    var minutes = Math.round(seconds / 60);
    return minutes === 1 ? "1 minute" : minutes + " minutes";
  }

  function read(line, data) {
    // The server's clock, as far as this browser's can tell: its "now" when
    // it answered, against ours when the answer arrived.
    data.offset = data.now - Date.now();
    line._progress = data;
  }

  function draw(line) {
    var p = line._progress;
    var card = line.closest("[data-render]");
    if (!p || !card) return;
    var code = card.dataset.render;
    var now = Date.now() + p.offset;
    var fraction = p.fraction, late = p.late, eta = p.eta;
    if (TIMED[p.step] && p.started && p.estimate) {
      var elapsed = (now - p.started) / 1000;
      fraction = Math.max(fraction, Math.min(elapsed / p.estimate, MOST_BEFORE_DONE));
      late = elapsed > p.estimate;
      eta = late ? "Taking longer than usual" : "Ready in about " + rough(p.estimate - elapsed);
    }
    if (p.step === "done") fraction = 1;
    fraction = Math.max(fraction, shown[code] || 0);
    shown[code] = fraction;

    line.hidden = !(p.step in TIMED || p.step === "waiting" || p.step === "done");
    line.classList.toggle("progress-line--late", late && p.step !== "done");
    line.classList.toggle("progress-line--done", p.step === "done");
    var bar = line.querySelector("[data-progress-bar]");
    if (bar) {
      bar.value = fraction;
      bar.textContent = Math.round(fraction * 100) + "%";
    }
    var words = line.querySelector("[data-progress-words]");
    if (words && words.textContent !== p.words) words.textContent = p.words;
    var clockNode = line.querySelector("[data-progress-elapsed]");
    if (clockNode && p.step !== "done") clockNode.textContent = clock((now - p.created) / 1000);
    var etaNode = line.querySelector("[data-progress-eta]");
    if (etaNode && etaNode.textContent !== eta) etaNode.textContent = eta;
  }

  function lines() { return document.querySelectorAll("[data-progress]"); }

  Array.prototype.forEach.call(lines(), function (line) {
    try { read(line, JSON.parse(line.dataset.progress)); } catch (e) { return; }
    draw(line);
  });

  window.renderProgress = {
    // A poll's answer for one card (gallery.js): `progress` is card_json's.
    update: function (node, progress) {
      var line = node.querySelector("[data-progress]");
      if (!line || !progress) return;
      read(line, progress);
      draw(line);
    },
  };

  window.setInterval(function () {
    Array.prototype.forEach.call(lines(), function (line) {
      var p = line._progress;
      if (p && p.step !== "done") draw(line);
    });
  }, 1000);
})();
