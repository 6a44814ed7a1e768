// The make-video form says what one click will do: the button names the
// number of videos and about what they cost, and above the threshold a
// confirmation names them again before anything is queued. The server does
// the same sums (projects/renders/plan.py) and asks again without this script.
(function () {
  "use strict";
  var form = document.querySelector("[data-render-form]");
  var block = document.getElementById("media-limits");
  if (!form || !block) return;
  var limits = JSON.parse(block.textContent);
  var button = form.querySelector("[data-render-submit]");
  var out = form.querySelector("[data-estimate]");
  var panel = form.querySelector("[data-confirm-spend]");
  var question = panel.querySelector("[data-confirm-question]");
  var yes = panel.querySelector("[data-confirm-yes]");
  var no = panel.querySelector("[data-confirm-no]");
  var sending = false;

  // As the server counts: line breaks as one character, trimmed, code points.
  function text(field) { return field ? field.value.replace(/\r\n/g, "\n").trim() : ""; }
  function length(value) { return Array.from(value).length; }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function cost(units) {
    var words = "about " + String(Math.round(units * 10) / 10) + " units";
    if (limits.practiceMode) return words + ", free in practice mode";
    if (limits.pricePerUnit === null || limits.pricePerUnit === undefined) return words;
    var amount = (units * limits.pricePerUnit).toLocaleString("en-US", {
      minimumFractionDigits: 2, maximumFractionDigits: 2
    });
    return words + " (≈ " + (limits.currencySymbol ? limits.currencySymbol + amount : amount + " " + limits.currency) + ")";
  }

  // One video per ticked portrait × ticked voiceover, or per portrait with a
  // script (its speech guessed from its length): what the server will make.
  function plan() {
    var portraits = form.querySelectorAll("input[name=portraits]:checked").length;
    var seconds = Array.prototype.map.call(
      form.querySelectorAll("input[name=voiceovers]:checked"),
      function (box) { return parseFloat(box.closest("[data-seconds]").dataset.seconds) || 0; }
    );
    var script = text(form.querySelector("#id_script"));
    var mode = (form.querySelector("input[name=mode]:checked") || { value: "std" }).value;
    var rate = limits.unitsPerSecond[mode] || limits.unitsPerSecond.std;
    if (seconds.length && script) return { problem: "Untick the voiceovers or clear the script: a video uses one or the other." };
    if (!portraits || (!seconds.length && !script)) return null;
    var p;
    if (seconds.length) {
      var total = seconds.reduce(function (a, b) { return a + b; }, 0);
      p = { count: portraits * seconds.length, units: total * portraits * rate };
      p.detail = plural(portraits, "portrait") + " × " + plural(seconds.length, "voiceover") + ": " +
        plural(p.count, "video") + ", " + (total * portraits).toFixed(0) + " s in all.";
    } else {
      var each = Math.max(limits.scriptMinSeconds, length(script) / limits.scriptCharsPerSecond);
      p = { count: portraits, units: each * portraits * rate };
      p.detail = plural(portraits, "portrait") + " reading the script (about " + each.toFixed(0) +
        " s each, guessed from its length): " + plural(p.count, "video") + ".";
    }
    p.videos = plural(p.count, "video");
    p.cost = cost(p.units);
    p.key = p.count + ":" + String(Math.round(p.units * 10) / 10);
    p.needsConfirmation = p.count > limits.confirmAboveVideos || p.units > limits.confirmAboveUnits;
    if (p.count > limits.maxVideosAtOnce) {
      p.detail = "That would make " + p.count + " videos at once; the limit is " + limits.maxVideosAtOnce + ". Tick fewer portraits or voiceovers.";
    }
    return p;
  }

  function update(event) {
    var p = plan();
    if (!p || p.problem) {
      button.textContent = "Make video";
      out.textContent = p ? p.problem : "Tick a portrait and a voiceover to see what will be made and about what it costs.";
    } else {
      button.textContent = "Make " + p.videos + " · " + p.cost;
      out.textContent = p.detail;
    }
    // A confirmation stands only for what it named.
    if (event && !panel.hidden && (!p || p.key !== yes.value)) panel.hidden = true;
  }

  function ask(p) {
    question.textContent = "Make " + p.videos + " for " + p.cost + "?";
    yes.textContent = "Yes, make " + p.videos;
    yes.value = p.key;
    panel.hidden = false;
    panel.focus();
  }

  function over(field) { return length(text(field)) > parseInt(field.dataset.maxChars, 10); }
  function tooLong() {
    return Array.prototype.find.call(form.querySelectorAll("[data-max-chars]"), over);
  }
  // The red edge this script put on a field goes once the text fits again.
  form.addEventListener("input", function (event) {
    var wrapper = event.target.closest("[data-too-long]");
    if (wrapper && !over(event.target)) {
      wrapper.classList.remove("field--error");
      delete wrapper.dataset.tooLong;
    }
  });

  form.addEventListener("submit", function (event) {
    if (sending) { event.preventDefault(); return; }  // a second click sends nothing twice
    var long = tooLong();
    if (long) {
      // The counter beside it already says how many characters too many.
      event.preventDefault();
      var details = long.closest("details");
      if (details) details.open = true;
      var wrapper = long.closest(".field");
      if (!wrapper.classList.contains("field--error")) {
        wrapper.classList.add("field--error");
        wrapper.dataset.tooLong = "";
      }
      long.focus();
      return;
    }
    var p = plan();
    if (p && !p.problem && p.needsConfirmation && event.submitter !== yes) {
      event.preventDefault();
      ask(p);
      return;
    }
    sending = true;
    form.setAttribute("aria-busy", "true");
  });
  no.addEventListener("click", function () { panel.hidden = true; });
  form.addEventListener("change", update);
  form.addEventListener("input", update);
  document.addEventListener("studio:picked", update);
  // Back from the browser's history: the page may be shown as it was left.
  window.addEventListener("pageshow", function (event) {
    sending = false;
    form.removeAttribute("aria-busy");
    update(event.persisted ? event : null);
  });
  update(null);
})();
