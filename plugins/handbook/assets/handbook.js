// Copy-link buttons for claims and sections, so a reviewer can paste a link
// to the exact sentence into a review. Plain DOM, no dependencies; without
// JavaScript the anchors still work (the heading permalinks stay).
(function () {
  "use strict";

  function copy(target, button) {
    var url = location.origin + location.pathname + location.search + "#" + target.id;
    var done = function () {
      button.textContent = "Copied";
      button.classList.add("hb-copied");
      setTimeout(function () {
        button.textContent = "Copy link";
        button.classList.remove("hb-copied");
      }, 1500);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(done, function () { location.hash = target.id; });
    } else {
      location.hash = target.id;
    }
  }

  function decorate() {
    var targets = document.querySelectorAll(
      ".md-content .hb-claim[id], .md-content h2[id], .md-content h3[id], .md-content h4[id]"
    );
    targets.forEach(function (target) {
      if (target.querySelector(":scope > .hb-copy")) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "hb-copy";
      button.textContent = "Copy link";
      var what = target.classList.contains("hb-claim") ? "claim" : "section";
      button.setAttribute("aria-label", "Copy a link to this " + what);
      button.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        copy(target, button);
      });
      target.appendChild(button);
    });
  }

  // A reviewer's old link to a claim or section that has since been
  // reworded or renamed: the page carries where each retired anchor lands
  // now (handbook/anchors.py), and the fragment is moved there.
  function follow() {
    var id = decodeURIComponent(location.hash.slice(1));
    var marker = document.querySelector(".hb-moved[data-moved]");
    if (!id || !marker || document.getElementById(id)) { return; }
    var moved;
    try { moved = JSON.parse(marker.getAttribute("data-moved")); } catch (e) { return; }
    if (!Object.prototype.hasOwnProperty.call(moved, id)) { return; }
    var to = moved[id];
    var url = location.pathname + location.search + (to ? "#" + to : "");
    history.replaceState(null, "", url);
    var target = to && document.getElementById(to);
    if (target) {
      target.scrollIntoView();
      // :target does not follow replaceState; mark the claim as a link would.
      target.classList.add("hb-landed");
    } else {
      window.scrollTo(0, 0);
    }
  }

  function start() {
    decorate();
    follow();
  }

  window.addEventListener("hashchange", follow);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
