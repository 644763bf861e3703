"""Validation problems: what an editor reads when their data is wrong."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one place, described in German for editors."""

    file: str                 # path relative to the repository root, e.g. "data/events.yaml"
    line: int | None          # 1-based line, None when the whole file is affected
    field: str | None         # dotted field path inside the record, e.g. "ansprechpersonen[1].email"
    message: str              # German: what is wrong and what to do
    severity: str = "error"   # "error" stops check and build; "warning" is reported only
    follows: bool = False     # a consequence of another problem: listed after the causes

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.field:
            return f'{where} – Feld "{self.field}": {self.message}'
        return f"{where} – {self.message}"


class DataError(Exception):
    """Raised when data files contain problems; carries all of them, sorted."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(sorted(set(problems), key=lambda p: (p.follows, p.file, p.line or 0, p.field or "", p.message)))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = "1 Fehler in den Daten gefunden:" if count == 1 else f"{count} Fehler in den Daten gefunden:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])
