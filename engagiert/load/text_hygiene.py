"""Names, titles and ids as a reader sees them (issue #13): no invisible or look-alike text.

Rejected in ``id``, ``name`` and ``titel``: control characters (C0, C1), format characters
(bidirectional overrides such as U+202E, zero-width spaces and joiners, the byte order mark)
and line or paragraph separators. Sources are already NFC (``yamlsource.decode``); names that
are equal after case folding and collapsing spaces are duplicates within their collection: two members „Stadt Bonn“ and „stadt  bonn“ are one member written twice.
"""

from __future__ import annotations

import unicodedata

from ..base.problems import Problem
from .crosscheck import Entry

FIELDS = (("id", "id"), ("name", "name"), ("title", "titel"))
_KINDS = {"Cc": "ein Steuerzeichen", "Cf": "ein unsichtbares Formatzeichen (z. B. Schreibrichtung oder "
          "Leerzeichen ohne Breite)", "Zl": "ein Zeilentrenner", "Zp": "ein Absatztrenner"}


def invisible(text: str) -> tuple[int, str] | None:
    """(position, kind) of the first character a reader cannot see, or None."""
    for i, char in enumerate(text):
        kind = _KINDS.get(unicodedata.category(char))
        if kind:
            return i, kind
    return None


def folded(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def check_text_hygiene(entries: list[Entry]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[tuple[str, str, str], Entry] = {}
    for e in entries:
        if e.record is None:
            continue
        for attr, key in FIELDS:
            value = getattr(e.record, attr, None)
            if not isinstance(value, str):
                continue
            found = invisible(value)
            if found is not None:
                pos, kind = found
                problems.append(e.problem((key,), (
                    f"Das Feld enthält an Stelle {pos + 1} {kind} (U+{ord(value[pos]):04X}), das man nicht "
                    "sieht. Bitte den Wert neu eintippen, statt ihn aus einer anderen Quelle zu kopieren.")))
                continue
            if attr != "name":
                continue
            mark = (e.collection, attr, folded(value))
            first = seen.setdefault(mark, e)
            if first is not e:
                problems.append(e.problem((key,), (
                    f"„{value}“ gibt es schon in {first.doc.file}, Zeile {first.line(key)} (Groß- und "
                    "Kleinschreibung und Leerzeichen zählen nicht). Bitte den doppelten Eintrag entfernen "
                    "oder den Namen unterscheidbar machen.")))
    return problems
