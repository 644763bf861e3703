/*
 * Photo gallery viewer (issue #16). Without this script every thumbnail is a link to the
 * large file. With it, a click (or Enter) on a thumbnail opens a modal <dialog>: the large
 * picture (the thumbnail's own <picture> with sizes="100vw", so the browser picks the
 * 1600 px file), its caption and credit, "Bild 2 von 12" and three buttons. Left/right
 * arrow keys go to the previous/next photo, Escape closes, and the focus returns to the
 * thumbnail of the photo shown last. Nothing is loaded before a thumbnail is activated.
 */
(function () {
  "use strict";

  if (typeof HTMLDialogElement !== "function") {
    return; // old browsers keep the plain links
  }

  function button(label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "bild-viewer__knopf";
    b.textContent = label;
    b.setAttribute("data-aktion", action);
    return b;
  }

  var counter = 0;

  function setup(gallery) {
    var links = Array.prototype.slice.call(gallery.querySelectorAll("[data-galerie-link]"));
    if (!links.length) {
      return;
    }
    var current = 0;

    var dialog = document.createElement("dialog");
    dialog.className = "bild-viewer";
    var heading = document.createElement("h2");
    heading.className = "bild-viewer__titel";
    counter += 1;
    heading.id = "bild-viewer-" + counter;
    dialog.setAttribute("aria-labelledby", heading.id);
    var frame = document.createElement("div");
    frame.className = "bild-viewer__bild";
    var text = document.createElement("p");
    text.className = "bild-viewer__text";
    var controls = document.createElement("div");
    controls.className = "bild-viewer__knoepfe";
    var prev = button("Vorheriges Bild", "zurueck");
    var next = button("Nächstes Bild", "weiter");
    var close = button("Schließen", "schliessen");
    controls.appendChild(prev);
    controls.appendChild(next);
    controls.appendChild(close);
    dialog.appendChild(heading);
    dialog.appendChild(frame);
    dialog.appendChild(text);
    dialog.appendChild(controls);
    gallery.appendChild(dialog);

    function show(index) {
      current = (index + links.length) % links.length;
      var link = links[current];
      var picture = link.querySelector("picture");
      frame.textContent = "";
      if (picture) {
        var big = picture.cloneNode(true);
        Array.prototype.forEach.call(big.querySelectorAll("source, img"), function (el) {
          el.setAttribute("sizes", "(min-width: 80rem) 78rem, 96vw");
        });
        var img = big.querySelector("img");
        if (img) {
          img.removeAttribute("loading");
          img.className = "bild-viewer__img";
        }
        frame.appendChild(big);
      }
      heading.textContent = "Bild " + (current + 1) + " von " + links.length;
      text.textContent = "";
      var caption = link.closest("figure") && link.closest("figure").querySelector("figcaption");
      if (caption) {
        Array.prototype.forEach.call(caption.childNodes, function (node) {
          text.appendChild(node.cloneNode(true));
        });
      }
      var single = links.length < 2;
      prev.hidden = single;
      next.hidden = single;
    }

    function open(index) {
      show(index);
      dialog.showModal();
      close.focus();
    }

    dialog.addEventListener("close", function () {
      frame.textContent = "";
      links[current].focus();
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight" || event.key === "Right") {
        event.preventDefault();
        show(current + 1);
      } else if (event.key === "ArrowLeft" || event.key === "Left") {
        event.preventDefault();
        show(current - 1);
      }
    });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) {
        dialog.close(); // a click on the backdrop
      }
    });
    prev.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    close.addEventListener("click", function () { dialog.close(); });

    links.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
          return; // new tab or window: the plain link
        }
        event.preventDefault();
        open(index);
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-galerie]"), setup);
})();
