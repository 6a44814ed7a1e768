// Drag-and-drop uploads: a preview and a pre-check in the browser, then one
// request per file with its own progress bar, and the server's verdict.
// The server is the authority; the pre-check only saves a pointless upload.
(function () {
  "use strict";
  var form = document.querySelector(".dropzone");
  if (!form) return;
  var input = form.querySelector("input[type=file]");
  var list = document.querySelector("[data-upload-list]");
  var limits = JSON.parse(document.getElementById("media-limits").textContent);
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function mb(bytes) {
    if (bytes < 1024 * 1024) return Math.max(1, Math.round(bytes / 1024)) + " KB";
    return (bytes / 1024 / 1024).toFixed(1) + " MB";
  }
  function kindOf(file) {
    if (/^image\//.test(file.type) || /\.(jpe?g|png|webp|gif)$/i.test(file.name)) return "portrait";
    if (/^(audio|video)\//.test(file.type) || /\.(mp3|wav|m4a|aac|ogg|opus|flac|webm)$/i.test(file.name)) return "voiceover";
    return null;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  }

  function row(file) {
    var li = el("li", "upload");
    var preview = el("div", "upload__preview");
    var body = el("div", "upload__body");
    var name = el("p", "upload__name break", file.name);
    var meta = el("p", "upload__meta muted", mb(file.size));
    var bar = el("progress", "upload__bar");
    bar.max = 100; bar.value = 0;
    bar.setAttribute("aria-label", "Upload progress of " + file.name);
    // Read out by the list's live region; a refusal is an alert (refuse).
    var verdict = el("p", "upload__verdict");
    body.append(name, meta, bar, verdict);
    li.append(preview, body);
    list.prepend(li);
    return { li: li, preview: preview, meta: meta, bar: bar, verdict: verdict };
  }

  function refuse(ui, message) {
    ui.refused = true;
    ui.li.classList.add("upload--refused");
    ui.bar.hidden = true;
    ui.verdict.setAttribute("role", "alert");
    ui.verdict.textContent = message;
  }

  // When every file dropped together has its verdict, focus goes to what the
  // person needs next: the first refusal, else the first new file's "Use for
  // a new video"; unless they have moved on to something else meanwhile.
  function focusAfter(rows) {
    var active = document.activeElement;
    if (active && active !== document.body && !form.contains(active)) return;
    var refused = rows.filter(function (ui) { return ui.refused; })[0];
    var first = refused || rows[0];
    if (!first) return;
    var target = (!refused && first.li.querySelector(".upload__use")) || first.verdict;
    if (target.tagName !== "BUTTON") target.tabIndex = -1;
    target.focus();
  }

  function checkImage(file, ui) {
    return new Promise(function (resolve) {
      var url = URL.createObjectURL(file);
      var img = new Image();
      img.alt = "";
      img.onload = function () {
        var w = img.naturalWidth, h = img.naturalHeight;
        ui.preview.append(img);
        ui.meta.textContent = w + " × " + h + " pixels, " + mb(file.size);
        var min = limits.portraitMinSide;
        if (w < min || h < min) {
          return resolve("This photo is " + w + " × " + h + " pixels; Kling needs at least " + min + " pixels on each side.");
        }
        var ratio = Math.max(w, h) / Math.min(w, h);
        // Beyond this many pixels the server refuses the photo, cropped or not.
        var croppable = w * h <= limits.portraitMaxPixels;
        var shape = ratio.toFixed(2) + " times as " + (w > h ? "wide as tall" : "tall as wide");
        if (ratio > limits.portraitMaxAspect + 1e-9) {
          var refusal = "This photo is " + w + " × " + h + " pixels, " + shape + "; Kling accepts at most " + limits.portraitMaxAspect + " times. Crop it closer to a square.";
          if (!croppable) return resolve(refusal);
          // The crop step, where the browser can show it; else this refusal.
          return resolve({
            crop: "required", problem: refusal, url: url, width: w, height: h,
            why: "This photo is " + w + " × " + h + " pixels, " + shape + "; Kling accepts at most " + limits.portraitMaxAspect + " times. Choose the part to keep: the frame stays within what Kling accepts."
          });
        }
        if (croppable && Math.max(w, h) > limits.portraitCropOfferAbove) {
          return resolve({
            crop: "offered", problem: null, url: url, width: w, height: h,
            why: "This photo is " + w + " × " + h + " pixels, much larger than a video needs. Crop it to the face and shoulders, or upload it whole."
          });
        }
        resolve(null);
      };
      // A format the browser cannot show (or a damaged file): let the server decide.
      img.onerror = function () { resolve(null); };
      img.src = url;
    });
  }

  function checkAudio(file, ui) {
    return new Promise(function (resolve) {
      var audio = document.createElement("audio");
      audio.controls = true;
      audio.preload = "metadata";
      audio.onloadedmetadata = function () {
        var s = audio.duration;
        if (!isFinite(s)) return resolve(null);
        ui.meta.textContent = s.toFixed(1) + " seconds, " + mb(file.size);
        if (s < limits.voiceoverMinSeconds - 0.05 || s > limits.voiceoverMaxSeconds + 0.05) {
          return resolve("This voiceover is " + s.toFixed(1) + " seconds long; Kling needs between " + limits.voiceoverMinSeconds + " and " + limits.voiceoverMaxSeconds + " seconds.");
        }
        resolve(null);
      };
      audio.onerror = function () { resolve(null); };
      audio.src = URL.createObjectURL(file);
      ui.preview.append(audio);
      ui.li.classList.add("upload--audio");
    });
  }

  // `box`: the frame chosen in the crop step, in the photo's pixels; the
  // server crops the original file to it.
  function send(file, ui, box) {
    var data = new FormData();
    data.append("file", file);
    data.append("csrfmiddlewaretoken", csrf);
    if (box) {
      data.append("crop_x", box.x);
      data.append("crop_y", box.y);
      data.append("crop_width", box.width);
      data.append("crop_height", box.height);
    }
    ui.bar.hidden = false;
    return new Promise(function (settled) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.dataset.uploadUrl);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) ui.bar.value = Math.round((e.loaded / e.total) * 100);
      };
      xhr.onload = function () {
        var reply = null;
        try { reply = JSON.parse(xhr.responseText); } catch (err) { /* not JSON */ }
        if (reply && reply.ok) {
          ui.bar.value = 100;
          ui.li.classList.add("upload--ok");
          ui.verdict.textContent = ["Ready: " + reply.asset.summary + "."].concat(reply.asset.notes).join(" ");
          // A cropped photo: show what was kept (a new <img>: the preview's own
          // would run its pre-check again), under the dropped file's description.
          var thumb = box && ui.preview.querySelector("img");
          if (thumb) {
            var kept = document.createElement("img");
            kept.alt = "";
            kept.src = reply.asset.url;
            thumb.replaceWith(kept);
          }
          offerUse(ui, addToPicker(reply.asset));
          askConsent(ui, reply.asset);
        } else {
          refuse(ui, (reply && reply.error) || "The upload did not go through (error " + xhr.status + "). Please try again.");
        }
        settled();
      };
      xhr.onerror = function () {
        refuse(ui, "The connection dropped during the upload. Please try again.");
        settled();
      };
      xhr.send(data);
    });
  }

  // The upload's tile in the make-video form: the one already there (a file
  // uploaded again is the same asset, the reply says "reused"), else a new
  // one. Never ticked: only the person decides what the next click makes.
  function addToPicker(asset) {
    var grid = document.querySelector('[data-picker="' + asset.kind + '"]');
    if (!grid) return null;
    var name = asset.kind === "portrait" ? "portraits" : "voiceovers";
    var existing = grid.querySelector('input[name="' + name + '"][value="' + CSS.escape(asset.code) + '"]');
    if (existing) return existing;
    var empty = grid.querySelector("[data-empty]");
    if (empty) empty.remove();
    var label = el("label", "pick pick--" + asset.kind);
    var box = document.createElement("input");
    box.type = "checkbox";
    box.name = name;
    box.value = asset.code;
    label.append(box);
    if (asset.kind === "portrait") {
      var img = document.createElement("img");
      img.src = asset.url; img.alt = ""; img.width = 96; img.height = 96;
      label.append(img);
    } else {
      label.dataset.seconds = asset.duration;
    }
    label.append(el("span", "pick__label break", asset.label), el("span", "pick__meta", asset.summary));
    grid.append(label);
    document.dispatchEvent(new CustomEvent("studio:picked"));
    return box;
  }

  // A portrait is animated only with its person's consent on record: the
  // row and the tile say so, and the row links to the consent step.
  function askConsent(ui, asset) {
    if (asset.kind !== "portrait" || asset.consent === "given") return;
    var words = asset.consent === "withdrawn" ? "Consent withdrawn" : "No consent yet";
    var note = el("p", "upload__consent");
    note.append(el("span", "badge badge--" + (asset.consent === "withdrawn" ? "withdrawn" : "no-consent"), words), " ");
    if (asset.consent !== "withdrawn") {
      var link = el("a", "", "Who is in this photo?");
      link.href = asset.consent_url;
      note.append(link, " Record their consent before it is animated.");
    }
    ui.li.querySelector(".upload__body").append(note);
    var tile = document.querySelector('input[name="portraits"][value="' + CSS.escape(asset.code) + '"]');
    if (tile && !tile.parentNode.querySelector(".badge")) {
      tile.parentNode.append(el("span", "badge badge--no-consent", words));
    }
  }

  // "Use for a new video" on the upload's row ticks (or unticks) its tile.
  var offers = [];
  function offerUse(ui, box) {
    if (!box) return;
    var use = el("button", "button button--small upload__use", "Use for a new video");
    use.type = "button";
    use.setAttribute("aria-pressed", String(box.checked));
    use.addEventListener("click", function () {
      box.checked = !box.checked;
      box.dispatchEvent(new Event("change", { bubbles: true }));
    });
    ui.li.querySelector(".upload__body").append(use);
    offers.push({ button: use, box: box });
  }
  document.addEventListener("change", function () {
    offers.forEach(function (offer) { offer.button.setAttribute("aria-pressed", String(offer.box.checked)); });
  });

  // A photo Kling refuses for its shape, or a very large one: the crop step
  // (portrait_crop.js) when Cropper.js is there, else the refusal as before.
  function offerCrop(file, ui, verdict) {
    var crop = window.StudioCrop;
    if (!crop || !crop.available) {
      return verdict.problem ? refuse(ui, verdict.problem) : send(file, ui);
    }
    ui.bar.hidden = true;
    return crop.open(ui.li, {
      url: verdict.url, width: verdict.width, height: verdict.height, name: file.name,
      why: verdict.why, required: verdict.crop === "required",
      maxAspect: limits.portraitMaxAspect, minSide: limits.portraitMinSide
    }).then(function (choice) {
      if (!choice) return refuse(ui, "Not uploaded: you cancelled the crop.");
      return send(file, ui, choice.box);
    });
  }

  function handle(files) {
    var rows = [];
    var done = Array.prototype.map.call(files, function (file) {
      var ui = row(file);
      rows.push(ui);
      var kind = kindOf(file);
      if (file.size > limits.maxUploadBytes) {
        return refuse(ui, "This file is " + mb(file.size) + "; uploads are limited to " + mb(limits.maxUploadBytes) + ".");
      }
      var check = kind === "portrait" ? checkImage(file, ui) : kind === "voiceover" ? checkAudio(file, ui) : Promise.resolve(null);
      return check.then(function (verdict) {
        if (verdict && verdict.crop) return offerCrop(file, ui, verdict);
        if (verdict) return refuse(ui, verdict);
        return send(file, ui);
      });
    });
    Promise.all(done).then(function () { focusAfter(rows); });
  }

  ["dragenter", "dragover"].forEach(function (name) {
    form.addEventListener(name, function (e) { e.preventDefault(); form.classList.add("is-over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    form.addEventListener(name, function (e) { e.preventDefault(); form.classList.remove("is-over"); });
  });
  form.addEventListener("drop", function (e) { handle(e.dataTransfer.files); });
  input.addEventListener("change", function () { handle(input.files); input.value = ""; });
})();
