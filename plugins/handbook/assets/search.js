// Site search with Pagefind, where Material readers expect it: a search
// button in the header (and the "/" or "s" key) opens a dialog with the
// search box, filters by kind and channel, and results that show each page's
// title, kind and a highlighted excerpt. The index and its UI are served from
// the site itself (site/pagefind/): nothing is fetched from anywhere else,
// and nothing is fetched at all until a reader opens search.
(function () {
  "use strict";

  var dialog = null;
  var opener = null;

  function base() {
    var config = document.getElementById("__config");
    var root = ".";
    try { root = JSON.parse(config.textContent).base || "."; } catch (e) { /* keep "." */ }
    return new URL(root.replace(/\/?$/, "/") + "pagefind/", location.href).href;
  }

  function load(href, tag) {
    return new Promise(function (resolve, reject) {
      var node = document.createElement(tag);
      if (tag === "link") { node.rel = "stylesheet"; node.href = href; } else { node.src = href; }
      node.onload = resolve;
      node.onerror = function () { reject(new Error("could not load " + href)); };
      document.head.appendChild(node);
    });
  }

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "hb-search";
    dialog.setAttribute("aria-label", "Search the handbook");
    dialog.innerHTML =
      '<div class="hb-search__bar"><h2 class="hb-search__title">Search</h2>' +
      '<button type="button" class="hb-search__close" aria-label="Close search">Esc</button></div>' +
      '<div id="hb-search" class="hb-search__ui"></div>';
    dialog.querySelector(".hb-search__close").addEventListener("click", close);
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) { close(); }  // a click on the backdrop
    });
    dialog.addEventListener("close", function () { if (opener) { opener.focus(); } });
    document.body.appendChild(dialog);
    var root = base();
    return Promise.all([load(root + "pagefind-ui.css", "link"), load(root + "pagefind-ui.js", "script")])
      .then(function () {
        /* global PagefindUI */
        new PagefindUI({
          element: "#hb-search",
          bundlePath: root,
          showSubResults: true,
          showImages: false,
          resetStyles: false,
          autofocus: true,
          processResult: function (result) {
            var kind = result.meta && result.meta.kind;
            if (kind) { result.meta.title = (result.meta.title || "") + " · " + kind; }
            return result;
          },
        });
      })
      .catch(function (error) {
        dialog.querySelector("#hb-search").textContent =
          "Search is not available: " + error.message + ". Build the site to index it.";
      });
  }

  function open() {
    opener = document.activeElement;
    var ready = dialog ? Promise.resolve() : build();
    ready.then(function () {
      if (!dialog.open) { dialog.showModal(); }
      var input = dialog.querySelector("input");
      if (input) {
        // Pagefind's box has a placeholder but no label: name it for screen readers.
        if (!input.hasAttribute("aria-label")) { input.setAttribute("aria-label", "Search the handbook"); }
        input.focus();
        input.select();
      }
    });
  }

  function close() {
    if (dialog && dialog.open) { dialog.close(); }
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function button() {
    var header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".hb-search-button")) { return; }
    var node = document.createElement("button");
    node.type = "button";
    node.className = "md-header__button md-icon hb-search-button";
    node.setAttribute("aria-label", "Search");
    node.setAttribute("aria-keyshortcuts", "/ s");
    node.title = "Search (/)";
    node.innerHTML =
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">' +
      '<path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 ' +
      '1.5-5-5v-.79l-.27-.27A6.516 6.516 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 ' +
      '3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5Z"/></svg>' +
      '<span class="hb-search-button__label">Search</span>';
    node.addEventListener("click", open);
    var source = header.querySelector(".md-header__source");
    header.insertBefore(node, source);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    if (event.key === "/" || event.key === "s" || event.key === "S") {
      event.preventDefault();
      open();
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", button);
  } else {
    button();
  }
})();
