// "Download with…" on a render's page: while a download is being prepared,
// ask every few seconds where it is and say it in words; when it is ready,
// show its Download link; when it failed, its "Try again" button. Without
// JavaScript, reloading the page shows the same.
(function () {
  "use strict";
  var list = document.querySelector("[data-exports]");
  if (!list || !window.fetch) return;
  var url = list.dataset.exportsUrl;
  var EVERY = 2000;
  var delay = EVERY;

  function pending() {
    return list.querySelector('[data-pending="1"]') !== null;
  }

  function apply(item) {
    var row = list.querySelector('[data-export="' + item.code + '"]');
    if (!row) return;
    var words = row.querySelector("[data-export-words]");
    if (words.textContent !== item.words) words.textContent = item.words;
    var link = row.querySelector("[data-export-download]");
    if (item.download) {
      link.setAttribute("href", item.download);
      link.hidden = false;
    }
    row.querySelector("[data-export-retry]").hidden = item.state !== "failed";
    row.dataset.pending = item.state === "queued" || item.state === "making" ? "1" : "0";
  }

  function tick() {
    if (!pending()) return;
    if (document.hidden) return;
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok || response.redirected) return Promise.reject(response.status);
        return response.json();
      })
      .then(function (data) {
        data.exports.forEach(apply);
        delay = EVERY;
      })
      .catch(function () { delay = Math.min(delay * 2, 60000); })
      .then(function () { if (pending()) window.setTimeout(tick, delay); });
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) tick();
  });
  window.setTimeout(tick, EVERY);
})();
