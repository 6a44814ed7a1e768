// A review room's viewing figures: for each video, how many times it was
// played and the largest share of it seen, sent in batches with
// navigator.sendBeacon (when the page is hidden or left, and at most every
// 15 seconds while a video plays). Nothing identifies the person beyond the
// link's own visitor cookie, which the server reads; the videos play the
// same without this script.
(function () {
  "use strict";

  var room = document.querySelector("[data-beacon]");
  if (!room || !navigator.sendBeacon) return;
  var url = room.getAttribute("data-beacon");
  var SEND_EVERY_MS = 15000;
  // Between two timeupdate events a playing video moves ~0.25 s; a bigger
  // step is a seek (or a stall), and seeking ahead is not watching.
  var MAX_STEP = 1.5;
  var MAX_PER_BEACON = 50;
  var lastSent = Date.now();

  // Seconds seen, as merged [start, end] intervals: watching the first half
  // twice is half the video, not all of it.
  function addSeen(seen, start, end) {
    if (!(end > start)) return;
    seen.push([start, end]);
    seen.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [seen[0]];
    for (var i = 1; i < seen.length; i++) {
      var last = merged[merged.length - 1];
      if (seen[i][0] <= last[1]) last[1] = Math.max(last[1], seen[i][1]);
      else merged.push(seen[i]);
    }
    seen.length = 0;
    Array.prototype.push.apply(seen, merged);
  }

  function Track(video) {
    this.video = video;
    this.code = video.getAttribute("data-video");
    this.seen = [];
    this.at = null; // where the last timeupdate found the player; null after a seek
    this.newPlays = 0; // plays since the last beacon
    this.sentWatched = 0;
    this.startsOver = true; // the next "play" is a play (not a resume after pause)
  }

  Track.prototype.watched = function () {
    var duration = this.video.duration;
    if (!isFinite(duration) || duration <= 0) return 0;
    var total = 0;
    this.seen.forEach(function (part) { total += part[1] - part[0]; });
    return Math.min(1, Math.round((total / duration) * 10000) / 10000);
  };

  Track.prototype.step = function (to) {
    if (this.at !== null) {
      var delta = to - this.at;
      if (delta > 0 && delta <= MAX_STEP) addSeen(this.seen, this.at, to);
    }
    this.at = to;
  };

  function send() {
    var videos = [];
    tracks.forEach(function (track) {
      var watched = track.watched();
      if (track.newPlays > 0 || watched > track.sentWatched) {
        videos.push({ video: track.code, plays: track.newPlays, watched: watched, track: track });
      }
    });
    for (var i = 0; i < videos.length; i += MAX_PER_BEACON) {
      var batch = videos.slice(i, i + MAX_PER_BEACON);
      var body = JSON.stringify({
        videos: batch.map(function (v) {
          return { video: v.video, plays: v.plays, watched: v.watched };
        }),
      });
      // A string goes as text/plain: no preflight, and the server reads JSON anyway.
      if (navigator.sendBeacon(url, body)) {
        batch.forEach(function (v) {
          v.track.newPlays -= v.plays;
          v.track.sentWatched = Math.max(v.track.sentWatched, v.watched);
        });
      }
    }
    lastSent = Date.now();
  }

  var tracks = Array.prototype.map.call(
    document.querySelectorAll("video[data-video]"),
    function (video) {
      var track = new Track(video);
      video.addEventListener("play", function () {
        if (track.startsOver) track.newPlays += 1;
        track.startsOver = false;
        track.at = video.currentTime;
      });
      video.addEventListener("seeking", function () { track.at = null; });
      video.addEventListener("timeupdate", function () {
        if (video.seeking) return;
        track.step(video.currentTime);
        if (!video.paused && Date.now() - lastSent >= SEND_EVERY_MS) send();
      });
      video.addEventListener("pause", function () {
        if (!video.seeking) track.step(video.currentTime);
      });
      video.addEventListener("ended", function () {
        track.step(video.duration);
        track.at = null;
        track.startsOver = true;
      });
      return track;
    }
  );

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") send();
  });
  window.addEventListener("pagehide", send);
})();
