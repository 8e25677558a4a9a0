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
// * The card is role="tooltip" and the link points at it with
//   aria-describedby while it is open, so a screen reader reads it too.
// Plain DOM, no dependencies; without JavaScript links work as before.
(function () {
  "use strict";

  var DELAY = 350;
  var cache = {};
  var card = null;
  var owner = null;
  var timer = 0;
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
    if (url.origin !== location.origin) { return false; }
    return url.pathname !== location.pathname;
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
        .catch(function () { return null; });
    }
    return cache[key];
  }

  function close() {
    clearTimeout(timer);
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
      if (!data || owner !== link) { return; }
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
      card.addEventListener("mouseleave", function (event) {
        if (event.relatedTarget !== owner) { close(); }
      });
      document.body.appendChild(card);
      place(link);
      link.setAttribute("aria-describedby", card.id);
    });
  }

  function schedule(link) {
    if (owner === link) { return; }
    close();
    owner = link;
    page(target(link).href); // fetch while the pointer rests
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
      close();
    });
  }
})();
