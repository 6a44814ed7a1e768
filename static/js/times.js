// "made just now" stays true on a page left open: <time data-ago datetime="…">
// is worded again every 15 seconds, as projects/wording.py's ago words it
// ("just now" under a minute, then "3 minutes ago", "2 hours, 5 minutes ago").
(function () {
  "use strict";
  var NBSP = "\u00a0";
  function unit(count, name) { return count + NBSP + name + (count === 1 ? "" : "s"); }
  function ago(seconds) {
    if (seconds < 60) return "just now";
    var minutes = Math.floor(seconds / 60);
    if (minutes < 60) return unit(minutes, "minute") + " ago";
    var hours = Math.floor(minutes / 60), rest = minutes % 60;
    if (hours < 24) return unit(hours, "hour") + (rest ? ", " + unit(rest, "minute") : "") + " ago";
    return null; // a day or more: the page's own words stay
  }
  // Counted on the server's clock (data-now: when it wrote the page), not on
  // this computer's, which may be minutes off.
  var nodes = Array.prototype.map.call(document.querySelectorAll("time[data-ago]"), function (node) {
    var when = Date.parse(node.getAttribute("datetime"));
    var now = Date.parse(node.dataset.now);
    return { node: node, when: when, offset: isNaN(now) ? 0 : now - Date.now() };
  }).filter(function (item) { return !isNaN(item.when); });
  if (!nodes.length) return;
  function tick() {
    nodes.forEach(function (item) {
      var words = ago((Date.now() + item.offset - item.when) / 1000);
      if (words && item.node.textContent !== words) item.node.textContent = words;
    });
  }
  window.setInterval(tick, 15000);
})();
