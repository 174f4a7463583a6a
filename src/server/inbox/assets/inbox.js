// fin-helpdesk inbox: live updates over server-sent events and the typing indicator.
// Everything works without it (plain forms and links); it only keeps pages fresh.
"use strict";
(function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute("content") : "";
  var list = document.getElementById("conversation-list");
  var thread = document.getElementById("messages");
  var live = document.getElementById("live-status");
  var watched = list || thread;

  function refresh(target, announcement) {
    return fetch(target.getAttribute("data-src"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.text();
      })
      .then(function (html) {
        // Keep the keyboard where it was: the focused row's link, found again by its
        // conversation after the swap.
        var focused = document.activeElement;
        var row = focused && target.contains(focused) ? focused.closest("[data-conversation]") : null;
        var key = row ? row.getAttribute("data-conversation") : null;
        // The server renders and sanitises this fragment; nothing in it runs.
        target.innerHTML = html;
        if (key) {
          var again = Array.prototype.find.call(
            target.querySelectorAll("[data-conversation]"),
            function (element) { return element.getAttribute("data-conversation") === key; });
          var link = again && again.querySelector("a");
          if (link) { link.focus(); }
        }
        if (live) { live.textContent = announcement; }
        target.setAttribute("data-refreshed", String(Date.now()));
      })
      .catch(function () { /* the next change tries again */ });
  }

  if (watched && window.EventSource) {
    var since = watched.getAttribute("data-since") || "";
    var events = new EventSource("/inbox/events?since=" + encodeURIComponent(since));
    events.addEventListener("change", function (event) {
      if (list) { refresh(list, "Conversation list updated"); }
      if (thread) {
        var changed = String(event.data).split(" ")[0];
        if (changed === thread.getAttribute("data-conversation")) {
          refresh(thread, "New messages");
        }
      }
    });
  }

  // Typing: at most one indicator every few seconds while the agent types (the server
  // enforces the same bound).
  var box = document.getElementById("reply-body");
  if (box) {
    var lastSent = 0;
    box.addEventListener("input", function () {
      var now = Date.now();
      if (now - lastSent < 3000) { return; }
      lastSent = now;
      fetch(box.getAttribute("data-typing-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "csrf=" + encodeURIComponent(csrf)
      }).catch(function () { /* a lost indicator is harmless */ });
    });
  }
})();
