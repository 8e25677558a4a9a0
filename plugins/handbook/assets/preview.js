// Hover previews: pointing at (or tabbing to) a link to another page of the
// handbook shows that page's title and opening in a small card, as Quartz,
// Obsidian Publish and Digital Garden do.
//
// * What the card says is the target page's own link card: its og:title and
//   meta description (handbook/cards.py writes both for every page), read
//   from the page itself, fetched once and cached; nothing is built for it.
// * Pointer: the card opens after a short rest on the link and closes when
//   the pointer leaves link and card. Keyboard: it opens on focus after a
//   Tab, closes on blur or Escape. Touch: it never opens, since a tap must
//   follow the link (focus that follows a touch or click is ignored, and
//   hovering is only read where the primary pointer can hover).
// * The pointer may move onto the card (it closes a moment after the
//   pointer leaves both), so its text can be selected.
// * Only links to pages of the site preview (a folder URL or .html), not
//   files such as a note's raw source; a page with no title shows no card.
// * The card is role="tooltip" and the link points at it with
//   aria-describedby while it is open.
// Plain DOM, no dependencies; without JavaScript links work as before.
(function () {
  "use strict";

  var DELAY = 350;
  var LINGER = 250;
  var cache = {};
  var card = null;
  var owner = null;
  var timer = 0;
  var hiding = 0;
  var keyboard = false;
  var canHover = window.matchMedia && window.matchMedia("(hover: hover)").matches;

  // An SVG link's href (the local graph's nodes) is not a string: resolve
  // the attribute, which both kinds of link have.
  function target(link) {
    return new URL(link.getAttribute("href"), location.href);
  }

  function previewable(link) {
    if (!link.closest(".md-content article") || link.closest(".hb-preview")) { return false; }
    if (link.classList.contains("yt-timestamp") || link.classList.contains("headerlink")) {
      return false;
    }
    var href = link.getAttribute("href");
    if (!href || href.charAt(0) === "#") { return false; }
    var url = target(link);
    if (url.origin !== location.origin || url.pathname === location.pathname) { return false; }
    return /\/$|\.html$/.test(url.pathname);
  }

  function page(url) {
    var key = url.split("#")[0];
    if (!cache[key]) {
      cache[key] = fetch(key, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.text();
        })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var meta = function (selector) {
            var node = doc.querySelector(selector);
            return node ? node.getAttribute("content") || "" : "";
          };
          var heading = doc.querySelector(".md-content h1");
          return {
            title: meta('meta[property="og:title"]') || (heading ? heading.textContent : doc.title),
            text: meta('meta[name="description"]'),
          };
        })
        .catch(function () {
          delete cache[key]; // a failed fetch is tried again next time
          return null;
        });
    }
    return cache[key];
  }

  function close() {
    clearTimeout(timer);
    clearTimeout(hiding);
    if (owner) { owner.removeAttribute("aria-describedby"); }
    if (card) { card.remove(); }
    card = null;
    owner = null;
  }

  function place(link) {
    var box = link.getBoundingClientRect();
    var width = Math.min(360, window.innerWidth - 16);
    card.style.width = width + "px";
    var left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + window.innerWidth - width - 8));
    var below = box.bottom + window.scrollY + 6;
    card.style.left = left + "px";
    card.style.top = below + "px";
    var height = card.offsetHeight;
    if (box.bottom + height + 12 > window.innerHeight && box.top > height + 12) {
      card.style.top = box.top + window.scrollY - height - 6 + "px";
    }
  }

  function open(link) {
    page(target(link).href).then(function (data) {
      // Another rest on the same link may have drawn it already.
      if (!data || !data.title || owner !== link || card) { return; }
      card = document.createElement("div");
      card.className = "hb-preview md-typeset";
      card.id = "hb-preview";
      card.setAttribute("role", "tooltip");
      var title = document.createElement("strong");
      title.className = "hb-preview__title";
      title.textContent = data.title;
      card.appendChild(title);
      if (data.text) {
        var text = document.createElement("p");
        text.textContent = data.text;
        card.appendChild(text);
      }
      card.addEventListener("mouseenter", function () { clearTimeout(hiding); });
      card.addEventListener("mouseleave", function (event) {
        if (event.relatedTarget !== owner) { closeSoon(); }
      });
      document.body.appendChild(card);
      place(link);
      link.setAttribute("aria-describedby", card.id);
    });
  }

  function closeSoon() {
    clearTimeout(hiding);
    hiding = setTimeout(close, LINGER);
  }

  function schedule(link) {
    if (owner === link) {
      clearTimeout(hiding); // back on the link before the card closed
      return;
    }
    close();
    owner = link;
    // Only a pointer that rests fetches: sweeping across links loads nothing.
    timer = setTimeout(function () { open(link); }, DELAY);
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { close(); }
    if (event.key === "Tab") { keyboard = true; }
  });
  document.addEventListener("pointerdown", function () { keyboard = false; close(); }, true);
  document.addEventListener("focusin", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (link && keyboard && previewable(link)) { schedule(link); }
  });
  document.addEventListener("focusout", function (event) {
    if (owner && event.target === owner) { close(); }
  });
  if (canHover) {
    document.addEventListener("mouseover", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (link && previewable(link)) { schedule(link); }
    });
    document.addEventListener("mouseout", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (!link || link !== owner) { return; }
      var to = event.relatedTarget;
      if (to && (link.contains(to) || (card && card.contains(to)))) { return; }
      closeSoon();
    });
  }
})();
