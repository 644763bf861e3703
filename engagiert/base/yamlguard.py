"""Cheap limits checked on YAML text before anything composes it.

libyaml's event parser keeps its own stack, so walking the events is safe at any depth;
composing a node graph recurses (deep nesting crashes the interpreter) and a YAML loader
that expands aliases can grow exponentially. This module only walks events.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

MAX_DEPTH = 60          # nesting of lists and mappings; the data needs fewer than ten
MAX_ALIASES = 0         # anchors and aliases are refused (the project's loader rejects them too)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


@dataclass(frozen=True)
class Breach:
    line: int          # 1-based line in the text
    kind: str          # "depth" | "alias"


def scan(text: str, *, allow_aliases: bool = False) -> Breach | None:
    """The first limit the text breaks, or None. Syntax errors are left to the real parser."""
    loader = _Loader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    return Breach(event.start_mark.line + 1, "depth")
            elif isinstance(event, _CLOSE):
                depth -= 1
            if not allow_aliases and (isinstance(event, yaml.AliasEvent)
                                      or getattr(event, "anchor", None) is not None):
                return Breach(event.start_mark.line + 1, "alias")
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None


def message(breach: Breach) -> str:
    """German text for editors."""
    if breach.kind == "depth":
        return (f"Die Daten sind hier zu tief verschachtelt (mehr als {MAX_DEPTH} Ebenen aus Listen und "
                "Zuordnungen). Bitte die Einrückung und die Klammern [ ] { } prüfen.")
    return ("Anker und Verweise („&name“ / „*name“) werden nicht unterstützt: Bitte den Wert an jeder "
            "Stelle ausschreiben. Text, der mit & oder * beginnt, bitte in Anführungszeichen setzen.")
