"""``make check`` for links in editors' Markdown fields: each target must lead somewhere.

Targets are written as in content pages (a file below content/) or as short forms
(``mitglied:<id>`` …, see engagiert/base/textlinks.py). A problem names the line of the
link inside the text, when the text is a ``|`` block, else the line of the field.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from ..base import textlinks
from ..load.crosscheck import Entry
from ..base.problems import Problem

# Markdown fields per model (German keys as editors write them).
MARKDOWN_FIELDS = {"member": ("profil",), "event": ("beschreibung",), "topic": ("beschreibung",)}
CONTENT = "content"
_NONE = {"members": "kein Mitglied", "events": "keine Veranstaltung", "articles": "keinen Wissensbeitrag",
         "topics": "kein Thema"}


def _value(entry: Entry, key: str):
    item = entry.doc.value
    for part in entry.path:
        item = item[part]
    return item.get(key) if isinstance(item, dict) else None


def check_text_links(entries: list[Entry], root: Path, hidden: frozenset[tuple[str, str]] = frozenset(),
                     drafts: dict[tuple[str, str], str] | None = None) -> list[Problem]:
    """``hidden``: (collection, id) of hidden members; ``drafts``: (collection, id) -> file of drafts."""
    drafts = drafts or {}
    draft_files = frozenset(drafts.values())
    ids: dict[str, set[str]] = {}
    for e in entries:
        if e.id is not None:
            ids.setdefault(e.collection, set()).add(e.id)
    sources: dict[str, list[str]] = {}
    problems = []
    for e in entries:
        for key in MARKDOWN_FIELDS.get(e.model, ()):
            text = _value(e, key)
            if not isinstance(text, str) or ("](" not in text and "]:" not in text):
                continue
            field_line = e.line(key) or 1
            lines = sources.get(e.doc.file)
            if lines is None:
                try:
                    lines = (root / e.doc.file).read_text(encoding="utf-8").splitlines()
                except OSError:
                    lines = []
                sources[e.doc.file] = lines
            block = 0 < field_line <= len(lines) and lines[field_line - 1].rstrip().endswith(("|", "|-", "|+"))
            for target in textlinks.targets(text):
                reason = _reason(target.text, root, ids, hidden, drafts, draft_files)
                if reason is None:
                    continue
                line = field_line + 1 + text.count("\n", 0, target.start) if block else field_line
                problems.append(Problem(e.doc.file, line, key, reason))
    return problems


def _draft(text: str, file: str) -> str:
    return (f"Der Link „{text}“ führt zu einem Entwurf ({file}, entwurf: true), der nicht veröffentlicht "
            "wird: Auf der Website führte er ins Leere. Bitte den Link erst setzen, wenn der Entwurf "
            "veröffentlicht ist, oder „entwurf: true“ dort entfernen.")


def _reason(text: str, root: Path, ids: dict[str, set[str]], hidden, drafts: dict[tuple[str, str], str],
            draft_files: frozenset[str]) -> str | None:
    kind = textlinks.classify(text)
    if kind.kind == "bad":
        return kind.reason
    if kind.kind == "short":
        known = ids.get(kind.collection, set())
        if (kind.collection, kind.id) in hidden:
            return (f"Der Link „{text}“ führt zu einem Eintrag, der ausgeblendet ist (sichtbar: false). "
                    "Bitte den Link entfernen, solange der Eintrag ausgeblendet ist.")
        if kind.id not in known:
            shown = kind.id.removeprefix("wissen/") if kind.collection == "articles" else kind.id
            close = difflib.get_close_matches(kind.id, sorted(known), n=1, cutoff=0.75)
            hint = ""
            if close:
                hint = close[0].removeprefix("wissen/") if kind.collection == "articles" else close[0]
                hint = f" Meinten Sie „{text.split(':', 1)[0]}:{hint}“?"
            return f"Der Link „{text}“ führt ins Leere: Es gibt {_NONE.get(kind.collection, kind.collection)} mit der id „{shown}“.{hint}"
        file = drafts.get((kind.collection, kind.id))
        return None if file is None else _draft(text, file)
    if kind.kind == "path":
        path = kind.path
        if (root / CONTENT / path).is_file():
            file = f"{CONTENT}/{path}"
            return _draft(text, file) if file in draft_files else None
        hint = ""
        if not path.endswith(".md") and (root / CONTENT / (path + ".md")).is_file():
            hint = f" Meinten Sie „{path}.md“?"
        elif path.endswith(".md") and (root / CONTENT / path[:-3] / "index.md").is_file():
            hint = f" Meinten Sie „{path[:-3]}/index.md“?"
        return (f"Der Link „{text}“ führt ins Leere: Die Datei content/{path} gibt es nicht. Links schreiben Sie "
                f"als Pfad unter content/ (z. B. „kontakt.md“, „veranstaltungen/index.md“).{hint}")
    return None
