// The bell in the top bar: its count and panel follow new notices without a
// reload (polling notices/count.json every 30 s while the page is visible),
// Escape or a click elsewhere closes the panel, and dismissing happens in
// place. Without JavaScript the bell is a plain <details> and forms post.
(function () {
  "use strict";
  var bell = document.querySelector("[data-bell]");
  if (!bell) return;
  var POLL_MS = 30000;
  var url = bell.dataset.countUrl;
  var summary = bell.querySelector("summary");
  var label = bell.querySelector("[data-bell-label]");
  var count = bell.querySelector("[data-bell-count]");
  var list = bell.querySelector("[data-bell-lines]");
  var empty = bell.querySelector("[data-bell-empty]");
  var readAll = bell.querySelector("[data-bell-read-all]");
  var status = bell.querySelector("[data-bell-status]");
  var more = bell.querySelector("[data-bell-more]");
  var moreCount = bell.querySelector("[data-bell-more-count]");
  var template = bell.querySelector("[data-bell-line-template]");
  var shown = domSignature();
  var unread = count.hidden ? 0 : null;
  var timer = null;

  // The lines shown, as their notices' ids: the panel is rebuilt only when they change.
  function domSignature() {
    return signature(Array.from(list.querySelectorAll("[data-line-form]")).map(function (form) {
      return Array.from(form.querySelectorAll("input[name=notice]")).map(function (i) { return i.value; });
    }));
  }

  function signature(idLists) { return idLists.map(function (ids) { return ids.join(","); }).join(";"); }

  function lineElement(line) {
    var li = template.content.firstElementChild.cloneNode(true);
    var text = li.querySelector("[data-line-text]");
    text.textContent = line.text;
    if (line.url) text.setAttribute("href", line.url);
    else text.removeAttribute("href");
    var items = li.querySelector("[data-line-items]");
    line.items.forEach(function (item) {
      var entry = document.createElement("li");
      var link = document.createElement("a");
      link.href = item.url;
      link.textContent = item.title;
      entry.appendChild(link);
      items.appendChild(entry);
    });
    if (line.more) {
      var more = document.createElement("li");
      more.className = "muted";
      more.textContent = "and " + line.more + " more";
      items.appendChild(more);
    }
    items.hidden = !line.items.length;
    var form = li.querySelector("[data-line-form]");
    line.ids.forEach(function (id) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "notice";
      input.value = id;
      form.appendChild(input);
    });
    form.querySelector("input[name=next]").value = location.pathname + location.search;
    li.querySelector("[data-line-dismiss]").setAttribute("aria-label", "Dismiss: " + line.text);
    return li;
  }

  function show(data) {
    label.textContent = data.label;
    count.textContent = data.count;
    count.hidden = !data.unread;
    readAll.hidden = !data.unread;
    more.hidden = !data.more;
    moreCount.textContent = data.more;
    summary.setAttribute("title", data.label);
    if (unread !== null && data.unread > unread && data.lines.length) {
      status.textContent = "New notice: " + data.lines[0].text;
    }
    unread = data.unread;
    var next = signature(data.lines.map(function (line) { return line.ids; }));
    if (next === shown) return;
    shown = next;
    var hadFocus = list.contains(document.activeElement);
    list.replaceChildren.apply(list, data.lines.map(lineElement));
    empty.hidden = data.lines.length > 0;
    if (hadFocus) summary.focus();
  }

  function refresh() {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("application/json") !== 0) return null;
        return response.json();
      })
      .then(function (data) { if (data) show(data); })
      .catch(function () { /* offline or logged out: try again at the next tick */ });
  }

  function schedule() {
    clearInterval(timer);
    timer = null;
    if (document.visibilityState === "visible") timer = setInterval(refresh, POLL_MS);
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") refresh();
    schedule();
  });
  schedule();

  // Dismissing one line or all of them without leaving the page.
  bell.addEventListener("submit", function (event) {
    var form = event.target;
    if (!window.fetch || !window.FormData) return;
    event.preventDefault();
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("not dismissed");
        var line = form.closest("[data-bell-line]");
        if (line) {
          var after = line.nextElementSibling || line.previousElementSibling;
          line.remove();
          shown = domSignature();
          empty.hidden = list.children.length > 0;
          var target = after && after.querySelector("a, button");
          (target || summary).focus();
        }
        return refresh();
      })
      .catch(function () { form.submit(); });
  });

  // Escape closes the panel and gives the focus back to the bell; so does a
  // click outside it.
  bell.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && bell.open) {
      bell.open = false;
      summary.focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (bell.open && !bell.contains(event.target)) bell.open = false;
  });
})();
