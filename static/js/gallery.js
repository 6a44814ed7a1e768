// Keeps render cards (and a render's own page) up to date without reloading:
// polls a small JSON endpoint for the renders that are not finished yet.
(function () {
  "use strict";
  var root = document.querySelector("[data-status-url]");
  if (!root) return;
  var url = root.dataset.statusUrl;
  var detail = root.classList.contains("render-layout");

  function pending() {
    return Array.prototype.filter.call(document.querySelectorAll("[data-render]"), function (node) {
      return node.dataset.finished !== "1";
    });
  }

  // A card may hold another version's line ("Version 3: Rendering"), itself
  // a [data-render] node: each node updates only what is its own.
  function own(node, selector) {
    var found = node.querySelectorAll(selector);
    for (var i = 0; i < found.length; i++) {
      if (found[i].closest("[data-render]") === node) return found[i];
    }
    return null;
  }

  function apply(node, r) {
    var status = own(node, "[data-status]");
    if (status) {
      status.textContent = r.status_word;
      status.className = "status status--" + r.tone;
    }
    var text = own(node, "[data-status-text]");
    if (text) text.textContent = r.status_word;
    var reason = own(node, "[data-reason]");
    if (reason) { reason.textContent = r.failure_reason; reason.hidden = !r.failure_reason; }
    var elapsed = own(node, "[data-elapsed]");
    // While a render is on its way its progress line has the ticking clock.
    if (elapsed) { elapsed.textContent = r.elapsed; elapsed.hidden = !r.finished; }
    if (window.renderProgress) window.renderProgress.update(node, r.progress);
    var review = own(node, "[data-review]");
    if (review) { review.textContent = r.review_word; review.className = "review review--" + r.review_state; }
    var poster = own(node, "[data-poster]");
    if (poster && r.poster_url && poster.getAttribute("src") !== r.poster_url) {
      if (poster.tagName !== "IMG") {
        // A card whose portrait was removed from the library shows words until the poster.
        var img = document.createElement("img");
        img.alt = "";
        img.setAttribute("data-poster", "");
        poster.replaceWith(img);
        poster = img;
      }
      poster.src = r.poster_url;
      poster.classList.remove("is-pending");
    }
    node.dataset.status = r.status;
    if (r.finished) {
      node.dataset.finished = "1";
      // The render's own page shows a player once the video is here.
      if (detail && r.status === "done") window.location.reload();
    }
  }

  var delay = 2000;
  function tick() {
    var nodes = pending();
    if (!nodes.length) return;
    var query = nodes.map(function (n) { return "code=" + encodeURIComponent(n.dataset.render); }).join("&");
    fetch(url + "?" + query, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) {
        data.renders.forEach(function (r) {
          nodes.forEach(function (node) { if (node.dataset.render === r.code) apply(node, r); });
        });
        delay = 2000;
      })
      .catch(function () { delay = Math.min(delay * 2, 30000); })
      .then(function () { window.setTimeout(tick, document.hidden ? 10000 : delay); });
  }
  window.setTimeout(tick, delay);
})();
