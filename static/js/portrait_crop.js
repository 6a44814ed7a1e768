// The crop step of the upload panel: a photo whose shape Kling refuses, or one
// much larger than a video needs, is framed here before it is sent. Cropper.js
// (static/vendor/cropperjs, loaded before this file) draws the frame; this file
// keeps it within Kling's aspect ratios and gives it in the photo's own pixels.
// The browser sends the original file with the frame; the server crops it and
// checks the result, and stays the authority (uploads.js does the sending).
//
// The frame is free within the range (1:2.5 to 2.5:1), not locked to one
// ratio: a face in a panorama is best framed square or 3:4, which a lock to
// 2.5:1 would not allow. Cropper.js takes a single aspectRatio, so the range is
// enforced in its "crop" event: a frame dragged past the widest or the tallest
// ratio stops there. It opens at the nearest allowed ratio (2.5:1 for a
// panorama, 1:2.5 for a tall strip), as large as fits and centred; a photo that
// is only large opens with the whole photo in the frame.
(function () {
  "use strict";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function clamp(value, low, high) {
    return Math.min(Math.max(value, low), high);
  }

  // A frame in whole pixels, inside a photo of width × height, within the
  // aspect-ratio range: what is sent, whatever rounding did to Cropper's data.
  function fitted(data, width, height, maxAspect) {
    var x = clamp(Math.round(data.x) || 0, 0, width - 1);
    var y = clamp(Math.round(data.y) || 0, 0, height - 1);
    var w = clamp(Math.round(data.width) || 1, 1, width - x);
    var h = clamp(Math.round(data.height) || 1, 1, height - y);
    if (w > h * maxAspect) w = Math.floor(h * maxAspect);
    if (h > w * maxAspect) h = Math.floor(w * maxAspect);
    return { x: x, y: y, width: w, height: h };
  }

  // The largest frame of the nearest allowed ratio, centred on the photo.
  function initialFrame(width, height, maxAspect) {
    var w = Math.min(width, Math.floor(height * maxAspect));
    var h = Math.min(height, Math.floor(width * maxAspect));
    return { x: Math.floor((width - w) / 2), y: Math.floor((height - h) / 2), width: w, height: h };
  }

  // The frame moved by a twentieth of the photo, or made a tenth larger or
  // smaller around its centre, its shape kept; always inside the photo.
  function nudged(box, how, width, height) {
    var x = box.x, y = box.y, w = box.width, h = box.height;
    if (how === "left") x -= width / 20;
    if (how === "right") x += width / 20;
    if (how === "up") y -= height / 20;
    if (how === "down") y += height / 20;
    if (how === "larger" || how === "smaller") {
      var f = how === "larger" ? Math.min(1.1, width / w, height / h) : 1 / 1.1;
      x -= (w * f - w) / 2; y -= (h * f - h) / 2;
      w *= f; h *= f;
    }
    return {
      x: clamp(Math.round(x), 0, width - Math.round(w)),
      y: clamp(Math.round(y), 0, height - Math.round(h)),
      width: Math.round(w), height: Math.round(h),
    };
  }

  // Shows the crop step in `row` (an upload's <li>) and resolves with
  // { box: {x, y, width, height} } to crop, { box: null } to send the photo
  // whole, or null when the person cancels. `o`: url, width, height, name,
  // why (a sentence), required (no "whole photo" choice), maxAspect, minSide.
  function open(row, o) {
    return new Promise(function (resolve) {
      var step = el("div", "crop");
      step.setAttribute("role", "group");
      step.setAttribute("aria-label", "Crop " + o.name);
      var why = el("p", "crop__why", o.why);
      var area = el("div", "crop__area");
      var img = document.createElement("img");
      img.alt = "The photo to crop: " + o.name;
      img.src = o.url;
      area.append(img);
      var size = el("p", "crop__size");
      size.setAttribute("aria-live", "polite");
      var actions = el("div", "crop__actions");
      var confirm = el("button", "button button--primary", "Crop and upload");
      confirm.type = "button";
      confirm.dataset.cropConfirm = "";
      actions.append(confirm);
      var whole = null;
      if (!o.required) {
        whole = el("button", "button", "Upload the whole photo");
        whole.type = "button";
        actions.append(whole);
      }
      var cancel = el("button", "button", "Cancel");
      cancel.type = "button";
      actions.append(cancel);
      // Moving and resizing the frame without dragging: from the keyboard,
      // or with one tap at a time (WCAG 2.1.1 and 2.5.7).
      var nudge = el("div", "crop__nudge");
      nudge.setAttribute("role", "group");
      nudge.setAttribute("aria-label", "Move or resize the frame");
      [["left", "← Left"], ["right", "→ Right"], ["up", "↑ Up"], ["down", "↓ Down"],
        ["larger", "Larger"], ["smaller", "Smaller"]].forEach(function (pair) {
        var button = el("button", "button button--small", pair[1]);
        button.type = "button";
        button.dataset.nudge = pair[0];
        nudge.append(button);
      });
      step.append(why, area, size, nudge, actions);
      row.append(step);

      var cropper = null;
      var action = "";
      var adjusting = false;

      function frame() {
        return fitted(cropper.getData(true), o.width, o.height, o.maxAspect);
      }

      function show() {
        var box = frame();
        var short = box.width < o.minSide || box.height < o.minSide;
        size.textContent = "Frame: " + box.width + " × " + box.height + " pixels" +
          (short ? ". Kling needs at least " + o.minSide + " pixels on each side: make the frame larger." : ".");
        size.classList.toggle("crop__size--short", short);
        confirm.disabled = short;
      }

      // Past the widest or the tallest ratio, the edge being dragged stops.
      function keepInRange() {
        var box = cropper.getCropBoxData();
        if (!box.width || !box.height) return;
        if (box.width > box.height * o.maxAspect) {
          var width = box.height * o.maxAspect;
          var left = action.indexOf("w") >= 0 ? box.left + box.width - width : box.left;
          cropper.setCropBoxData({ left: left, width: width });
        } else if (box.height > box.width * o.maxAspect) {
          var height = box.width * o.maxAspect;
          var top = action.indexOf("n") >= 0 ? box.top + box.height - height : box.top;
          cropper.setCropBoxData({ top: top, height: height });
        }
      }

      // Cropper.js's own resizing ("responsive") scales the photo by how much
      // its box changed, and a window that is tiny for a moment (a screenshot,
      // a window dragged narrow and back) leaves it zoomed. Instead, once the
      // window has settled at a new width, the frame is kept in the photo's
      // pixels and Cropper.js is built anew around it.
      var builtWidth = 0;
      var resizing = null;
      function onResize() {
        clearTimeout(resizing);
        resizing = setTimeout(function () {
          if (!cropper || area.clientWidth === builtWidth) return;
          var keep = frame();
          cropper.destroy();
          build(keep);
        }, 200);
      }

      function finish(choice) {
        window.removeEventListener("resize", onResize);
        clearTimeout(resizing);
        if (cropper) cropper.destroy();
        cropper = null;
        step.remove();
        resolve(choice);
      }

      function build(start) {
        delete step.dataset.ready;
        confirm.disabled = true; // until the frame is shown
        builtWidth = area.clientWidth;
        cropper = new window.Cropper(img, {
          viewMode: 1, // the frame stays on the photo
          dragMode: "none", // the frame is moved and resized, never drawn anew from nothing
          autoCropArea: 1,
          responsive: false, // see onResize
          movable: false,
          zoomable: false,
          rotatable: false,
          scalable: false,
          // The browser turns the photo upright itself (app.css makes sure of it
          // inside Cropper's boxes too), so the frame is on the photo as the
          // person sees it, which is how the server reads it. Cropper's own
          // reading of the orientation would fetch the blob: URL, which the
          // Content-Security-Policy forbids (connect-src).
          checkOrientation: false,
          toggleDragModeOnDblclick: false,
          ready: function () {
            cropper.setData(start);
            step.dataset.ready = "";
            show();
          },
          cropstart: function (event) { action = event.detail.action || ""; },
          crop: function () {
            if (adjusting || !("ready" in step.dataset)) return;
            adjusting = true;
            try { keepInRange(); } finally { adjusting = false; }
            show();
          },
        });
      }

      build(o.required ? initialFrame(o.width, o.height, o.maxAspect)
        : { x: 0, y: 0, width: o.width, height: o.height });
      window.addEventListener("resize", onResize);

      confirm.addEventListener("click", function () {
        var box = frame();
        var all = box.x === 0 && box.y === 0 && box.width === o.width && box.height === o.height;
        finish({ box: all ? null : box });
      });
      if (whole) whole.addEventListener("click", function () { finish({ box: null }); });
      nudge.addEventListener("click", function (event) {
        var button = event.target.closest("[data-nudge]");
        if (!button || !cropper || !("ready" in step.dataset)) return;
        cropper.setData(nudged(frame(), button.dataset.nudge, o.width, o.height));
        show();
      });
      cancel.addEventListener("click", function () { finish(null); });
    });
  }

  window.StudioCrop = {
    available: typeof window.Cropper === "function",
    open: open,
    fitted: fitted,
  };
})();
