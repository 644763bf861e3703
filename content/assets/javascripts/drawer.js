/*
 * The narrow-screen menu by keyboard (issue #19; WCAG 2.1.1, 2.4.3, 4.1.2).
 *
 * Material opens its drawer with a checkbox (#__drawer) and a <label> that takes no focus.
 * This script shows a real button instead (partials/menu-button.html), keeps its
 * aria-expanded current, makes the closed drawer inert (its links leave the Tab order),
 * moves focus into the drawer when it opens, keeps Tab inside while it is open, and closes
 * it with Escape, giving focus back to the button. The checkbox stays the single source of
 * state, so Material's own closing (overlay, link clicks) is followed too.
 * The section expanders in the navigation get Space as well as Enter, and aria-expanded.
 * Without JavaScript the page keeps Material's behaviour plus the focusable checkbox
 * (assets/stylesheets/a11y.css).
 */
(function () {
  "use strict";

  var toggle = document.getElementById("__drawer");
  var button = document.querySelector(".eng-menu-button");
  var drawer = document.getElementById("__drawer-nav");
  if (!toggle || !button || !drawer) return;
  var label = document.querySelector('.md-header label[for="__drawer"]');
  // Material's breakpoint below which the navigation is a drawer.
  var narrow = window.matchMedia("(max-width: 76.234375em)");

  document.documentElement.classList.add("eng-menu-js");
  button.hidden = false;
  if (label) label.setAttribute("aria-hidden", "true");

  var FOCUSABLE = 'a[href], button:not([disabled]), input:not([type="hidden"]):not([disabled]), ' +
    'select, textarea, [tabindex]:not([tabindex="-1"])';

  // Not by position: the drawer is still sliding in when focus moves into it.
  function visible(el) {
    if (!el.getClientRects().length) return false;
    if (window.getComputedStyle(el).visibility === "hidden") return false;
    // An open sub-level covers the level it belongs to (Material's sliding panels).
    var own = el.closest(".md-nav");
    var panels = drawer.querySelectorAll(".md-nav__toggle:checked ~ .md-nav");
    for (var i = 0; i < panels.length; i++) {
      var p = panels[i];
      if (p !== own && !p.contains(el) && own && own.contains(p)) return false;
    }
    return true;
  }

  function focusables() {
    return Array.prototype.filter.call(drawer.querySelectorAll(FOCUSABLE), visible);
  }

  function isOpen() {
    return toggle.checked && narrow.matches;
  }

  function sync() {
    var open = isOpen();
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (narrow.matches) {
      drawer.inert = !open;
    } else {
      drawer.inert = false;
    }
  }

  function open() {
    if (!toggle.checked) toggle.click();
    sync();
    // The drawer slides in; its links are focusable at once (a11y.css keeps it visible).
    var first = focusables()[0];
    if (first) first.focus();
  }

  function close(returnFocus) {
    if (toggle.checked) toggle.click();
    sync();
    if (returnFocus) button.focus();
  }

  button.addEventListener("click", function () {
    if (isOpen()) close(true); else open();
  });

  toggle.addEventListener("change", function () {
    var hadFocus = drawer.contains(document.activeElement);
    sync();
    if (!isOpen() && hadFocus && narrow.matches) button.focus();
  });

  if (narrow.addEventListener) narrow.addEventListener("change", sync);
  else if (narrow.addListener) narrow.addListener(sync);

  document.addEventListener("keydown", function (event) {
    if (!isOpen()) return;
    if (event.key === "Escape" || event.key === "Esc") {
      event.preventDefault();
      close(true);
      return;
    }
    if (event.key !== "Tab") return;
    var items = focusables();
    if (!items.length) return;
    var first = items[0];
    var last = items[items.length - 1];
    var active = document.activeElement;
    if (!drawer.contains(active)) {
      event.preventDefault();
      (event.shiftKey ? last : first).focus();
    } else if (event.shiftKey && active === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    } else {
      // Skip links that are in the drawer but not on screen (closed sub-levels).
      var i = items.indexOf(active);
      if (i === -1) {
        event.preventDefault();
        first.focus();
      } else {
        event.preventDefault();
        items[(i + (event.shiftKey ? -1 : 1) + items.length) % items.length].focus();
      }
    }
  });

  // Section expanders: <label tabindex="0" role="button"> for a checkbox. Material clicks a
  // focused label on Enter; Space does the same here, and aria-expanded follows the checkbox.
  // In the drawer a sub-level slides over its parent: opening one moves focus to its title
  // (the way back), going back moves focus to the expander that opened it.
  // HTML forbids role on a <label> for a control, so the role is set here, not in the markup.
  var labels = Array.prototype.slice.call(document.querySelectorAll('.md-nav label[for][tabindex="0"]'));
  labels.forEach(function (lab) {
    lab.setAttribute("role", "button");
    var box = document.getElementById(lab.getAttribute("for"));
    if (!box) return;
    var isBack = lab.classList.contains("md-nav__title");
    var update = function () {
      if (!isBack) lab.setAttribute("aria-expanded", box.checked ? "true" : "false");
    };
    box.addEventListener("change", update);
    var activate = function () {
      lab.click();
      if (!isOpen()) return;
      var target = null;
      if (isBack) {
        target = document.getElementById(box.id + "_label");
      } else if (box.checked) {
        var panel = box.parentNode.querySelector(":scope > .md-nav");
        target = panel && panel.querySelector(":scope > .md-nav__title");
      }
      if (target) window.setTimeout(function () { target.focus(); }, 0);
    };
    lab.addEventListener("keydown", function (event) {
      if (event.key === " " || event.key === "Spacebar" || event.key === "Enter") {
        event.preventDefault();
        // Material clicks a focused label on Enter itself (on window): not twice.
        event.stopPropagation();
        activate();
      }
    });
    update();
  });

  sync();
})();
