// A render's player and its conversation, and the side-by-side comparison.
// Everything here is an enhancement: without it the videos still play with
// their own controls, the moment field can be typed in, and copy links reload.
(function () {
  "use strict";

  function words(t) {
    t = Math.max(0, t || 0);
    var whole = Math.floor(t);
    var h = Math.floor(whole / 3600), m = Math.floor((whole % 3600) / 60), s = whole % 60;
    var mm = h ? (m < 10 ? "0" : "") + m : String(m);
    return (h ? h + ":" : "") + mm + ":" + (s < 10 ? "0" : "") + s;
  }

  // People who asked their system for less motion get jumps, not glides.
  function calm() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  // "0:03.4": what the pin puts in the moment field (the server reads it back).
  function fieldWords(t) {
    var tenths = Math.floor((t % 1) * 10);
    return words(t) + (tenths ? "." + tenths : "");
  }

  // With preload="none" a video knows nothing until it loads: a moment set
  // before that is applied once its metadata arrives.
  function setTime(video, t) {
    if (video.readyState >= 1) {
      video.currentTime = Math.min(t, video.duration || t);
      return;
    }
    video.addEventListener("loadedmetadata", function () {
      video.currentTime = Math.min(t, video.duration || t);
    }, { once: true });
    // Only now, on a person's request, may it fetch the video's header.
    if (video.preload === "none") video.preload = "metadata";
    if (video.networkState !== HTMLMediaElement.NETWORK_LOADING) video.load();
  }

  function play(video) {
    var promise = video.play();
    if (promise && promise.catch) promise.catch(function () {});
    return promise;
  }

  function onScreen(node) {
    var box = node.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= (window.innerHeight || document.documentElement.clientHeight);
  }

  // A comment's moment and a pin act on the player of their own block (each
  // video of a review room is one: [data-player-scope]), or the page's one.
  function playerFor(node) {
    var scope = node.closest("[data-player-scope]");
    return (scope || document).querySelector("[data-player]");
  }

  // --- A render's page, and the videos of a review room ---------------------
  var player = document.querySelector("[data-player]");
  if (player) {
    // Clean or watermarked copy: swap the source and keep the moment.
    var copies = document.querySelectorAll("[data-copy]");
    Array.prototype.forEach.call(copies, function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        if (player.getAttribute("src") !== link.dataset.copy) {
          var t = player.currentTime, playing = !player.paused;
          player.setAttribute("src", link.dataset.copy);
          player.load();
          if (t) setTime(player, t);
          if (playing) play(player);
        }
        Array.prototype.forEach.call(copies, function (other) {
          if (other === link) other.setAttribute("aria-current", "true");
          else other.removeAttribute("aria-current");
        });
        player.setAttribute("aria-label", link.textContent.trim());
        if (window.history.replaceState) window.history.replaceState(null, "", link.getAttribute("href"));
      });
    });

    // "at 0:03" on a comment: jump there and play.
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-seek]");
      if (!button) return;
      var t = parseFloat(button.dataset.seek);
      var video = playerFor(button);
      if (isNaN(t) || !video) return;
      setTime(video, t);
      play(video);
      if (!onScreen(video)) video.scrollIntoView({ behavior: calm() ? "auto" : "smooth", block: "center" });
    });

    // Comment markers: one button per comment with a moment, placed along a
    // strip under the video (data-markers). They are built from the
    // conversation's own moment buttons, so they follow it when it refreshes
    // (conversation.js); a marker seeks like its comment's "at 0:03". They are
    // placed through the CSSOM (el.style), which the page's CSP allows.
    var strip = document.querySelector("[data-markers]");
    var played = strip && strip.querySelector("[data-markers-played]");
    function share(t, duration) {
      return Math.min(100, Math.max(0, (t / duration) * 100)) + "%";
    }
    function drawMarkers() {
      var duration = parseFloat(strip.dataset.duration);
      Array.prototype.forEach.call(strip.querySelectorAll("[data-marker-button]"), function (old) {
        old.remove();
      });
      // In the order of their moments: Tab walks along the timeline.
      var sources = Array.prototype.slice
        .call(document.querySelectorAll("[data-conversation] [data-seek][data-marker]"))
        .filter(function (source) { return !isNaN(parseFloat(source.dataset.seek)); })
        .sort(function (a, b) { return parseFloat(a.dataset.seek) - parseFloat(b.dataset.seek); });
      var count = 0;
      sources.forEach(function (source) {
        var t = parseFloat(source.dataset.seek);
        if (!(duration > 0)) return;
        var marker = document.createElement("button");
        marker.type = "button";
        marker.className = "markers__marker";
        marker.setAttribute("data-marker-button", "");
        marker.dataset.seek = source.dataset.seek;
        marker.setAttribute("aria-label", source.dataset.marker);
        marker.title = source.dataset.marker;
        marker.style.left = share(t, duration);
        strip.appendChild(marker);
        count += 1;
      });
      strip.hidden = count === 0;
    }
    if (strip) {
      drawMarkers();
      document.addEventListener("conversation:changed", drawMarkers);
      if (played) {
        player.addEventListener("timeupdate", function () {
          var duration = player.duration || parseFloat(strip.dataset.duration);
          if (duration > 0) played.style.width = share(player.currentTime, duration);
        });
      }
    }

    // "Pin to current time" fills the moment field from the player.
    Array.prototype.forEach.call(document.querySelectorAll("[data-pin]"), function (pin) {
      var field = document.getElementById(pin.dataset.pin);
      var video = playerFor(pin);
      var box = pin.closest(".field") || document;
      var said = box.querySelector("[data-pin-status]");
      if (!field || !video) return;
      pin.hidden = false;
      pin.addEventListener("click", function () {
        field.value = fieldWords(video.currentTime);
        if (said) said.textContent = "Comment pinned at " + words(video.currentTime) + ".";
      });
    });
  }

  // --- Two versions side by side --------------------------------------------
  var box = document.querySelector("[data-compare]");
  var controls = document.querySelector("[data-compare-controls]");
  if (!box || !controls) return;
  var videos = Array.prototype.slice.call(box.querySelectorAll("[data-compare-video]"));
  if (videos.length !== 2) return;

  var TOLERANCE = 0.1; // seconds two videos may drift apart before we correct
  var button = controls.querySelector("[data-compare-play]");
  var seek = controls.querySelector("[data-compare-seek]");
  var clock = controls.querySelector("[data-compare-time]");
  var hint = document.querySelector("[data-compare-hint]");
  controls.hidden = false;
  if (hint) hint.hidden = true;
  videos.forEach(function (v) { v.controls = false; });

  // The longer video sets the pace; the other follows it (and stops at its end).
  function lead() {
    var a = videos[0], b = videos[1];
    return (b.duration || 0) > (a.duration || 0) ? b : a;
  }
  function follower() { return lead() === videos[0] ? videos[1] : videos[0]; }
  function playing() { return videos.some(function (v) { return !v.paused && !v.ended; }); }

  function show() {
    var t = lead().currentTime;
    if (document.activeElement !== seek) seek.value = t;
    clock.textContent = words(t) + " / " + words(parseFloat(seek.max) || lead().duration || 0);
    button.textContent = playing() ? "Pause both" : "Play both";
  }

  function sync() {
    var from = lead(), to = follower();
    if (to.readyState < 1 || to.ended) return;
    var target = Math.min(from.currentTime, to.duration || from.currentTime);
    if (Math.abs(to.currentTime - target) > TOLERANCE) to.currentTime = target;
    if (!from.paused && to.paused && from.currentTime < (to.duration || Infinity)) play(to);
    if (from.paused && !to.paused) to.pause();
  }

  var frame = null;
  function loop() {
    sync();
    show();
    frame = playing() ? window.requestAnimationFrame(loop) : null;
  }
  function start() { if (frame === null) frame = window.requestAnimationFrame(loop); }

  button.addEventListener("click", function () {
    if (playing()) {
      videos.forEach(function (v) { v.pause(); });
    } else {
      var t = lead().ended ? 0 : lead().currentTime;
      if (lead().ended) seek.value = 0;
      videos.forEach(function (v) {
        if (t) setTime(v, t);
        play(v);
      });
    }
    start();
    show();
  });

  seek.addEventListener("input", function () {
    var t = parseFloat(seek.value) || 0;
    videos.forEach(function (v) { setTime(v, t); });
    show();
  });

  videos.forEach(function (v) {
    ["play", "pause", "seeked", "loadedmetadata", "ended"].forEach(function (name) {
      v.addEventListener(name, function () { start(); show(); });
    });
    v.addEventListener("loadedmetadata", function () {
      var longest = Math.max(videos[0].duration || 0, videos[1].duration || 0);
      if (longest) seek.max = longest;
    });
  });

  // Two soundtracks at once are noise: one at a time, chosen by the person.
  Array.prototype.forEach.call(controls.querySelectorAll("[data-compare-sound]"), function (radio) {
    radio.addEventListener("change", function () {
      videos.forEach(function (v, i) { v.muted = String(i) !== radio.value; });
    });
  });
  videos.forEach(function (v, i) { v.muted = i !== 0; });
  show();
})();
