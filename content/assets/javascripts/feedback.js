/*
 * "Barriere melden" on the accessibility statement (issue #20).
 * Shows the form (hidden without JavaScript, where the page gives the address and what to
 * write instead), checks it, and composes a mailto: link with subject and body that the
 * visitor's e-mail program opens. Nothing is sent to any server.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-feedback]");
  if (!root) return;
  var form = root.querySelector("[data-feedback-form]");
  var fallback = root.querySelector("[data-feedback-fallback]");
  var status = root.querySelector("[data-feedback-status]");
  var address = root.getAttribute("data-mailto");
  if (!form || !address) return;

  var fields = {
    seite: form.querySelector("#feedback-seite"),
    problem: form.querySelector("#feedback-problem"),
    name: form.querySelector("#feedback-name"),
    email: form.querySelector("#feedback-email")
  };

  form.hidden = false;
  if (fallback) fallback.hidden = true;

  // The page the visitor came from, or ?seite=… in the address of this page.
  var wanted = new URLSearchParams(window.location.search).get("seite");
  if (!wanted && document.referrer) {
    try {
      var from = new URL(document.referrer);
      if (from.origin === window.location.origin && from.pathname !== window.location.pathname) {
        wanted = from.href;
      }
    } catch (e) { /* not a URL: leave the field empty */ }
  }
  if (wanted && !fields.seite.value) fields.seite.value = wanted;

  function describedBy(input, errorId, on) {
    var ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    ids = ids.filter(function (id) { return id !== errorId; });
    if (on) ids.push(errorId);
    if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
    else input.removeAttribute("aria-describedby");
  }

  function setError(input, on) {
    var error = document.getElementById(input.id + "-fehler");
    if (!error) return;
    error.hidden = !on;
    if (on) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    describedBy(input, error.id, on);
  }

  var EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]{2,}$/;

  function check() {
    var invalid = [];
    var checks = [
      [fields.seite, fields.seite.value.trim() !== ""],
      [fields.problem, fields.problem.value.trim() !== ""],
      [fields.email, fields.email.value.trim() === "" || EMAIL.test(fields.email.value.trim())]
    ];
    checks.forEach(function (c) {
      setError(c[0], !c[1]);
      if (!c[1]) invalid.push(c[0]);
    });
    return invalid;
  }

  function crlf(text) {
    return text.replace(/\r?\n/g, "\r\n");
  }

  function mailto() {
    var page = fields.seite.value.trim();
    var lines = [
      "Guten Tag,",
      "",
      "ich möchte eine Barriere auf der Website engagiert-in-nrw.de melden.",
      "",
      "Seite: " + page,
      "",
      "Was funktioniert nicht:",
      fields.problem.value.trim(),
      ""
    ];
    var name = fields.name.value.trim();
    var email = fields.email.value.trim();
    if (name) lines.push("Name: " + name);
    if (email) lines.push("E-Mail-Adresse für die Antwort: " + email);
    var subject = "Barriere melden: " + page;
    return "mailto:" + address + "?subject=" + encodeURIComponent(subject) +
      "&body=" + encodeURIComponent(crlf(lines.join("\n")));
  }

  // Errors are shown after a first attempt; then each field is re-checked as it changes.
  var tried = false;
  Object.keys(fields).forEach(function (key) {
    fields[key].addEventListener("input", function () { if (tried) check(); });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    tried = true;
    var invalid = check();
    status.textContent = "";
    if (invalid.length) {
      invalid[0].focus();
      return;
    }
    var url = mailto();
    var text = document.createElement("p");
    text.textContent = "Ihr E-Mail-Programm öffnet sich mit der fertigen Nachricht an " + address +
      ". Bitte prüfen Sie die Nachricht und schicken Sie sie ab. Öffnet sich nichts? ";
    var link = document.createElement("a");
    link.href = url;
    link.textContent = "E-Mail-Programm noch einmal öffnen";
    text.appendChild(link);
    text.appendChild(document.createTextNode(" oder schreiben Sie direkt an " + address + "."));
    status.appendChild(text);
    window.open(url, "_self");
  });
})();
