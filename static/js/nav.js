/* Portal SPBE: the main navigation's small behaviours (spbe_portal/navigation.py builds it).
 * - On a phone the list folds behind the "Menu" button; without this script it simply stays open.
 * - A menu (<details>) closes when another opens, on a click outside it, and on Escape. */
(function () {
  "use strict";

  function closeMenus(except) {
    var open = document.querySelectorAll(".site-nav details[open]");
    for (var i = 0; i < open.length; i++) {
      if (open[i] !== except) { open[i].removeAttribute("open"); }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var nav = document.querySelector(".site-nav");
    if (!nav) { return; }
    var toggle = nav.querySelector(".nav-toggle");
    if (toggle) {
      // Shown (and the list folded) by CSS from the first paint on a phone (early.js sets .js).
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        var open = nav.classList.toggle("is-open");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }
    var menus = nav.querySelectorAll("details");
    for (var i = 0; i < menus.length; i++) {
      menus[i].addEventListener("toggle", function (event) {
        if (event.target.open) { closeMenus(event.target); }
      });
    }
    document.addEventListener("click", function (event) {
      if (!event.target.closest || !event.target.closest(".site-nav details")) { closeMenus(null); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      var open = document.querySelector(".site-nav details[open]");
      if (open) {
        open.removeAttribute("open");
        open.querySelector("summary").focus();
      }
    });
  });
})();
