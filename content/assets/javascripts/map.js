/*
 * Member maps by keyboard (issue #19; WCAG 2.4.3, 2.4.7, 1.4.13). Progressive enhancement of
 * partials/nrw-map.html: without this script every marker is a link in the Tab order (and
 * "Karte überspringen" leads past them).
 *
 * - One Tab stop for the whole map ("roving tabindex"): the arrow keys move between the
 *   markers in alphabetical order (as in the list below the map), Home/End to the first and
 *   last, Enter opens.
 * - The focused or hovered marker shows its name next to it (the SVG <title> alone appears
 *   only on mouse hover, after a delay). The name box is aria-hidden: the link's accessible
 *   name already says it.
 * - Markers hidden by the member filter (member-filter.js, class "is-filtered") are skipped.
 */
(function () {
  "use strict";

  function setup(figure) {
    var svg = figure.querySelector("svg");
    var all = Array.prototype.slice.call(figure.querySelectorAll(".nrw-map__markers a"));
    if (!svg || all.length === 0) return;
    all.sort(function (a, b) { return label(a).localeCompare(label(b), "de"); });

    var tip = document.createElement("div");
    tip.className = "nrw-map__tip";
    tip.setAttribute("aria-hidden", "true");
    tip.hidden = true;
    figure.appendChild(tip);

    var hint = document.createElement("span");
    hint.className = "nrw-map__hint";
    hint.id = (figure.id || "karte") + "-hinweis";
    hint.textContent = " Mit der Tastatur: Tab führt zur Karte, die Pfeiltasten von Punkt zu Punkt, die Eingabetaste zum Profil.";
    var caption = figure.querySelector("figcaption");
    if (caption && all.length > 1) caption.insertBefore(hint, caption.querySelector(".nrw-map__source"));

    function label(a) {
      var t = a.querySelector("title");
      return t ? t.textContent : "";
    }

    function usable() {
      return all.filter(function (a) { return a.getClientRects().length > 0 && !a.classList.contains("is-filtered"); });
    }

    function setCurrent(a) {
      all.forEach(function (m) { m.setAttribute("tabindex", m === a ? "0" : "-1"); });
    }

    function ensureCurrent() {
      var list = usable();
      var current = list.filter(function (m) { return m.getAttribute("tabindex") === "0"; })[0];
      if (!current && list.length) setCurrent(list[0]);
    }

    function show(a) {
      var name = label(a);
      if (!name) return;
      tip.textContent = name;
      tip.hidden = false;
      var box = figure.getBoundingClientRect();
      var r = a.getBoundingClientRect();
      var x = r.left + r.width / 2 - box.left;
      var y = r.top - box.top;
      // Keep the name inside the figure: flip to the left half when the marker is on the right.
      var w = tip.offsetWidth;
      var left = Math.max(0, Math.min(x - w / 2, box.width - w));
      tip.style.left = left + "px";
      tip.style.top = Math.max(0, y - tip.offsetHeight - 6) + "px";
    }

    function hide() {
      tip.hidden = true;
    }

    if (all.length > 1) {
      setCurrent(all[0]);
      all.forEach(function (a) { a.setAttribute("aria-describedby", hint.id); });
    }

    all.forEach(function (a) {
      a.addEventListener("focus", function () { setCurrent(a); show(a); });
      a.addEventListener("blur", hide);
      a.addEventListener("mouseenter", function () { show(a); });
      a.addEventListener("mouseleave", function () { if (document.activeElement !== a) hide(); });
    });

    svg.addEventListener("keydown", function (event) {
      if (all.length < 2) return;
      var list = usable();
      var i = list.indexOf(document.activeElement);
      if (i === -1) return;
      var next = null;
      switch (event.key) {
        case "ArrowRight":
        case "ArrowDown":
          next = list[(i + 1) % list.length];
          break;
        case "ArrowLeft":
        case "ArrowUp":
          next = list[(i - 1 + list.length) % list.length];
          break;
        case "Home":
          next = list[0];
          break;
        case "End":
          next = list[list.length - 1];
          break;
        case "Escape":
          hide();
          return;
        default:
          return;
      }
      event.preventDefault();
      next.focus();
    });

    // The member filter hides markers: keep one visible marker reachable.
    document.addEventListener("change", function () { window.setTimeout(ensureCurrent, 0); });
    document.addEventListener("reset", function () { window.setTimeout(ensureCurrent, 0); });
  }

  Array.prototype.forEach.call(document.querySelectorAll("figure.nrw-map"), setup);
})();
