// Captions in the players, and the render page's caption editor.
//
// CC follows the sound: captions show while a video is muted and hide when
// its sound is on, until the person chooses with the "Captions" button (or
// the player's own captions menu); that choice is remembered in this
// browser and then wins over muting. Without this script the <track> keeps
// its `default` attribute: captions always show.
//
// The editor's "Use the player's time" buttons fill a time field from the
// player, and "Play caption N" (player.js's data-seek) plays it.
(function () {
  "use strict";

  var KEY = "avatarstudio.captions";
  var players = [];

  function choice() {
    try {
      var value = window.localStorage.getItem(KEY);
      return value === "on" ? true : value === "off" ? false : null;
    } catch (e) {
      return null;
    }
  }

  function remember(show) {
    try {
      window.localStorage.setItem(KEY, show ? "on" : "off");
    } catch (e) { /* private mode: the choice lasts as long as the page */ }
    fallback = show;
  }
  var fallback = null;

  function chosen() {
    var stored = choice();
    return stored === null ? fallback : stored;
  }

  // A change of the track's mode that this script did not make, right after
  // a click or key press: the person used the player's own captions menu.
  function byPerson() {
    return !navigator.userActivation || navigator.userActivation.isActive;
  }

  function setUp(video) {
    var element = video.querySelector("track[kind=captions]");
    if (!element || !element.track) return null;
    var track = element.track;
    element.removeAttribute("default");
    var expected = null;

    var button = document.createElement("button");
    button.type = "button";
    button.className = "button button--small cc-toggle";
    button.setAttribute("data-cc-toggle", "");
    // Its name is "Captions" and aria-pressed says on or off; the visible
    // "on"/"off" says the same to the eye (not by colour alone).
    var state = document.createElement("span");
    state.setAttribute("aria-hidden", "true");
    button.appendChild(document.createTextNode("Captions "));
    button.appendChild(state);
    var bar = document.createElement("div");
    bar.className = "cc-bar";
    bar.appendChild(button);
    var after = video.nextElementSibling;
    var anchor = after && after.hasAttribute("data-markers") ? after : video;
    anchor.insertAdjacentElement("afterend", bar);

    function apply() {
      var wanted = chosen();
      var show = wanted === null ? video.muted : wanted;
      expected = show ? "showing" : "hidden";
      if (track.mode !== expected) track.mode = expected;
      button.setAttribute("aria-pressed", show ? "true" : "false");
      state.textContent = show ? "on" : "off";
    }

    button.addEventListener("click", function () {
      remember(track.mode !== "showing");
      players.forEach(function (other) { other(); });
    });
    video.addEventListener("volumechange", apply);
    video.textTracks.addEventListener("change", function () {
      if (track.mode === expected) return;
      if (byPerson()) {
        remember(track.mode === "showing");
        players.forEach(function (other) { other(); });
      } else {
        apply();
      }
    });
    apply();
    return apply;
  }

  Array.prototype.forEach.call(document.querySelectorAll("video"), function (video) {
    var apply = setUp(video);
    if (apply) players.push(apply);
  });

  // --- The caption editor ----------------------------------------------------
  var editor = document.querySelector("[data-caption-editor]");
  var player = document.querySelector("[data-player]");
  if (!editor || !player) return;
  var said = editor.querySelector("[data-cue-status]");

  function words(t) {
    var millis = Math.round(Math.max(0, t) * 100) * 10;
    var minutes = Math.floor(millis / 60000);
    var seconds = ((millis % 60000) / 1000).toFixed(2).replace(/\.?0+$/, "");
    if (seconds.indexOf(".") === 1 || seconds.length === 1) seconds = "0" + seconds;
    return minutes + ":" + seconds;
  }

  Array.prototype.forEach.call(editor.querySelectorAll("[data-cue-now]"), function (button) {
    var field = document.getElementById(button.dataset.cueNow);
    if (!field) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      field.value = words(player.currentTime);
      if (said) said.textContent = button.dataset.cueNowWords + " at " + field.value + ".";
    });
  });
  Array.prototype.forEach.call(editor.querySelectorAll("[data-cue-play]"), function (button) {
    button.hidden = false;
  });
})();
