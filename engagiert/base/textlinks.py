"""Links inside editors' Markdown fields (``profil``, ``beschreibung``, …).

Editors write link targets the way they do in content pages: the path of a Markdown
file (or a download) below ``content/`` — ``kontakt.md``, ``veranstaltungen/index.md``,
``wissen/downloads/bericht.pdf`` — or a short form for a generated page:

=====================  ==========================================
``mitglied:<id>``      a member's profile (``mitglied:stadt-dortmund``)
``veranstaltung:<id>`` an event's page
``wissen:<id>``        a knowledge article (``wissen:methoden/world-cafe``)
``thema:<id>``         a topic's page
=====================  ==========================================

Any target may end with ``#anker``. ``https:``, ``http:``, ``mailto:`` and ``tel:``
links stay as they are. This module finds the targets in the Markdown source,
classifies them and rewrites them; it knows nothing of records or pages (the caller
passes a function from a target to a site-relative URL).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# short form prefix -> collection name
SHORT_FORMS = {"mitglied": "members", "veranstaltung": "events", "wissen": "articles", "thema": "topics"}
EXTERNAL_SCHEMES = ("http:", "https:", "mailto:", "tel:")

# Inline links and images: "](target" up to whitespace or ")"; "<…>" targets too.
_INLINE = re.compile(r"\]\(\s*(?P<target><[^>\n]*>|[^\s)]+)")
# Reference definitions: "[name]: target" at the start of a line.
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(?P<target><[^>\n]*>|\S+)", re.M)
# "<https://…>" autolinks need no rewriting; bare "www.…" domains are caught by ``classify``.
# A scheme as a browser reads it once entities are decoded ("javascript&#58;" is "javascript:").
_SCHEME = re.compile(r"\A[a-z][a-z0-9+.-]{0,30}:", re.I)
_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9äöüß-]+(?:\.[a-z0-9äöüß-]+)*\.(?:de|com|org|net|eu|info|nrw|ruhr|koeln)(?:[/?#]|$)",
                     re.I)


@dataclass(frozen=True)
class Target:
    text: str        # as written (without "<…>")
    start: int       # offset of ``text`` in the Markdown source
    end: int


def targets(markdown: str) -> Iterator[Target]:
    """Every link target written in ``markdown``, in order."""
    found = []
    for pattern in (_INLINE, _REFERENCE):
        for m in pattern.finditer(markdown):
            start, end = m.span("target")
            text = m.group("target")
            if text.startswith("<") and text.endswith(">"):
                text, start, end = text[1:-1], start + 1, end - 1
            found.append(Target(text, start, end))
    return iter(sorted(found, key=lambda t: t.start))


@dataclass(frozen=True)
class Kind:
    """What a target is: ``external``, ``anchor``, ``short`` (collection + id), ``path``
    (below content/), or ``bad`` with a German reason."""

    kind: str
    collection: str | None = None
    id: str | None = None
    path: str | None = None
    anchor: str = ""
    reason: str | None = None


def _split_anchor(text: str) -> tuple[str, str]:
    if "#" in text:
        head, anchor = text.split("#", 1)
        return head, "#" + anchor
    return text, ""


def _unknown_scheme(prefix: str) -> Kind:
    forms = ", ".join(f"„{p}:…“" for p in SHORT_FORMS)
    return Kind("bad", reason=f"„{prefix}:“ ist keine bekannte Link-Art. Möglich sind https://…, mailto:…, "
                              f"tel:…, ein Pfad unter content/ (z. B. kontakt.md) oder {forms}.")


def classify(text: str) -> Kind:
    plain = "".join(html.unescape(text).split())
    scheme = _SCHEME.match(plain)
    if plain != text and scheme:
        # Entities or spaces hide a scheme from the checks below, not from a browser.
        prefix = scheme.group(0)[:-1]
        if prefix.lower() + ":" not in EXTERNAL_SCHEMES and prefix not in SHORT_FORMS:
            return _unknown_scheme(prefix)
    low = text.lower()
    if low.startswith(EXTERNAL_SCHEMES):
        return Kind("external")
    if text.startswith("#"):
        return Kind("anchor", anchor=text)
    head, anchor = _split_anchor(text)
    prefix, colon, rest = head.partition(":")
    if colon and "/" not in prefix:
        if prefix in SHORT_FORMS and rest:
            ident = rest.strip("/")
            if prefix == "wissen" and not ident.startswith("wissen/"):
                ident = "wissen/" + ident
            return Kind("short", collection=SHORT_FORMS[prefix], id=ident, anchor=anchor)
        return _unknown_scheme(prefix)
    if _DOMAIN.match(head) and not head.lower().endswith((".md", ".pdf")):
        return Kind("bad", reason=f"Der Link „{text}“ hat kein „https://“ am Anfang und würde deshalb als "
                                  f"Seite dieser Website gelesen. Bitte „https://{text}“ schreiben.")
    if head.startswith("content/"):
        return Kind("bad", reason=f"Pfade gelten schon ab dem Ordner content/: Bitte „content/“ am Anfang "
                                  f"weglassen und „{text[len('content/'):]}“ schreiben.")
    if head.startswith(("/", "./", "../")) or head.endswith("/") or not posixpath.splitext(head)[1]:
        return Kind("bad", reason=f"„{text}“ ist eine Web-Adresse dieser Website, die beim Umzug einer Seite "
                                  "ins Leere führt. Bitte den Pfad der Datei unter content/ schreiben (z. B. "
                                  "„veranstaltungen/index.md“) oder für Mitglieder, Veranstaltungen, "
                                  "Wissensbeiträge und Themen die Kurzform „mitglied:<id>“, "
                                  "„veranstaltung:<id>“, „wissen:<id>“, „thema:<id>“.")
    return Kind("path", path=posixpath.normpath(head), anchor=anchor)


def rewrite(markdown: str, resolve: Callable[[str], str | None]) -> str:
    """``markdown`` with every target that ``resolve`` maps to a URL replaced by it.
    ``resolve`` returns None to leave a target as written."""
    if "](" not in markdown and "]:" not in markdown:
        return markdown
    out, last = [], 0
    for target in targets(markdown):
        url = resolve(target.text)
        if url is None or url == target.text:
            continue
        out.append(markdown[last:target.start])
        out.append(url)
        last = target.end
    if not out:
        return markdown
    out.append(markdown[last:])
    return "".join(out)


def relative_url(url: str, from_url: str) -> str:
    """Site-relative ``url`` ("veranstaltungen/", "wissen/x.pdf") as seen from the page at
    ``from_url`` ("mitglieder/aachen/"), the way MkDocs writes links with directory URLs."""
    path, anchor = _split_anchor(url)
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    rel = posixpath.relpath(path or ".", base.rstrip("/") or ".")
    if path.endswith("/") or not path:
        rel = "./" if rel == "." else rel + "/"
    return rel + anchor
