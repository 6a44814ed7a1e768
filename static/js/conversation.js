// A render's conversation keeps itself current: every few seconds while the
// page is visible, it asks for the conversation's HTML (review state and
// comments) and puts it in place when it changed, so that a client's comment
// through a share link, or a teammate's, appears without reloading. The
// composer below is not touched: what someone is typing stays.
(function () {
  "use strict";
  var box = document.querySelector("[data-conversation]");
  if (!box || !window.fetch) return;
  var url = box.dataset.conversationUrl;
  var EVERY = 5000;
  var delay = EVERY;
  var timer = null;
  // What the server last said, as the browser writes it: compared with the
  // next answer rather than with the live DOM, which scripts (and people's
  // tools) may have touched without anything having changed.
  var last = box.innerHTML.trim();

  function schedule(wait) {
    window.clearTimeout(timer);
    timer = window.setTimeout(tick, wait);
  }

  function tick() {
    // Hidden: stop asking; coming back to the page asks at once.
    if (document.hidden) return;
    fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) {
        // Logged out meanwhile: the answer is the log-in page, not a conversation.
        if (!response.ok || response.redirected) return Promise.reject(response.status);
        return response.text();
      })
      .then(function (html) {
        // Compared as the browser writes both, so that unchanged means unchanged.
        var fresh = document.createElement("div");
        fresh.innerHTML = html;
        var now = fresh.innerHTML.trim();
        if (now !== last) {
          last = now;
          // Someone focused inside the conversation keeps their place.
          var focused = box.contains(document.activeElement) ? document.activeElement.id : "";
          box.innerHTML = fresh.innerHTML;
          var again = focused && document.getElementById(focused);
          if (again) again.focus();
          // The player's comment markers follow the conversation (player.js).
          box.dispatchEvent(new CustomEvent("conversation:changed", { bubbles: true }));
        }
        delay = EVERY;
      })
      .catch(function () { delay = Math.min(delay * 2, 60000); })
      .then(function () { schedule(delay); });
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) schedule(0);
  });
  schedule(EVERY);
})();
