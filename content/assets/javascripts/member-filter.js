/*
 * Member directory filter (issue #4). No libraries, no requests.
 *
 * The page works without this script: the whole list is in the HTML and the filter form
 * stays hidden. With it, the form appears; each <select> narrows the rows instantly and the
 * number of matching members is announced in the role="status" (aria-live="polite") region.
 *
 * Rows carry their filter values as tokens in data-f ("t0 r4 k3 e0 s1 s5"); an option's value
 * is one such token (see engagiert/members_ui.py). A row matches when it has every chosen
 * token. Map markers (same href as their row) are hidden with their rows.
 * Filters are mirrored in the address (?bezirk=r4&…), so a filtered view can be shared.
 */
(function () {
  "use strict";

  function countText(n, total) {
    var noun = n === 1 ? "Mitglied" : "Mitglieder";
    if (n === total) return total + " " + noun;
    return n + " von " + total + " Mitgliedern " + (n === 1 ? "entspricht" : "entsprechen") + " den Filtern";
  }

  function setup(form) {
    var listId = form.getAttribute("data-member-filter");
    var list = document.getElementById(listId);
    var status = document.getElementById(listId + "-status");
    if (!list || !status) return;
    var rows = Array.prototype.slice.call(list.querySelectorAll("li[data-f]"));
    var tokens = rows.map(function (li) {
      var set = Object.create(null);
      li.getAttribute("data-f").split(" ").forEach(function (t) { if (t) set[t] = true; });
      return set;
    });
    var groups = Array.prototype.slice.call(list.querySelectorAll("[data-group]"));
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var markers = Array.prototype.slice.call(document.querySelectorAll(".nrw-map__markers a:not(.nrw-map__group)"));
    var letterLinks = Array.prototype.slice.call(document.querySelectorAll(".mb-letters a[data-letter]"));
    var total = rows.length;
    var timer = null;

    function chosen() {
      return selects.map(function (s) { return s.value; }).filter(Boolean);
    }

    function apply(announce) {
      var want = chosen();
      var shown = 0;
      var visibleHrefs = Object.create(null);
      rows.forEach(function (li, i) {
        var ok = true;
        for (var k = 0; k < want.length; k++) {
          if (!tokens[i][want[k]]) { ok = false; break; }
        }
        li.hidden = !ok;
        if (ok) {
          shown++;
          var a = li.querySelector("a");
          if (a) visibleHrefs[a.getAttribute("href")] = true;
        }
      });
      groups.forEach(function (g) {
        g.hidden = !g.querySelector("li[data-f]:not([hidden])");
      });
      letterLinks.forEach(function (a) {
        var section = document.getElementById("buchstabe-" + a.getAttribute("data-letter"));
        var group = section && section.closest("[data-group]");
        var empty = group ? group.hidden : false;
        a.classList.toggle("is-empty", empty);
        if (empty) a.setAttribute("aria-disabled", "true"); else a.removeAttribute("aria-disabled");
      });
      markers.forEach(function (m) {
        var off = want.length > 0 && !visibleHrefs[m.getAttribute("href")];
        m.classList.toggle("is-filtered", off);
        // Hidden markers (display: none) leave the Tab order by themselves; which marker
        // takes the map's one Tab stop is map.js's business.
        if (off) m.setAttribute("aria-hidden", "true"); else m.removeAttribute("aria-hidden");
      });
      var text = shown === 0 ? "Keine Mitglieder entsprechen den Filtern." : countText(shown, total);
      if (announce) {
        // Clear first so that the same text is announced again after a change.
        clearTimeout(timer);
        status.textContent = "";
        timer = setTimeout(function () { status.textContent = text; }, 100);
      } else {
        status.textContent = text;
      }
      syncUrl();
    }

    function syncUrl() {
      if (!window.history || !window.history.replaceState || !window.URLSearchParams) return;
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (s) {
        if (s.value) params.set(s.name, s.value); else params.delete(s.name);
      });
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      window.history.replaceState(window.history.state, "", url);
    }

    function fromUrl() {
      if (!window.URLSearchParams) return;
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (s) {
        var v = params.get(s.name);
        if (v && s.querySelector('option[value="' + v.replace(/[^a-z0-9]/gi, "") + '"]')) s.value = v;
      });
    }

    selects.forEach(function (s) {
      s.addEventListener("change", function () { apply(true); });
    });
    form.addEventListener("reset", function () {
      // The reset happens after this event: apply once the selects are back to "Alle".
      setTimeout(function () { apply(true); }, 0);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });

    fromUrl();
    form.hidden = false;
    apply(false);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-member-filter]"), setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
