"""Validate the data files without building the site.

    python -m engagiert.check            # in the repository root (or: make check)
    python -m engagiert.check --root DIR

Prints „Alles in Ordnung: …“ and exits 0, or the list of problems (file:line – field:
message) and exits 1. Never a Python traceback: an unexpected error exits 2 with a
short German note.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .collections import load_specs
from .loader import load
from .problems import DataError

# German (singular, plural) per collection name; unknown collections use their name.
LABELS = {
    "members": ("Mitglied", "Mitglieder"),
    "events": ("Veranstaltung", "Veranstaltungen"),
    "topics": ("Thema", "Themen"),
    "articles": ("Wissensbeitrag", "Wissensbeiträge"),
}


def summary(counts: dict[str, int]) -> str:
    parts = []
    for name, count in counts.items():
        singular, plural = LABELS.get(name, (name, name))
        parts.append(f"{count} {singular if count == 1 else plural}")
    return "Alles in Ordnung: " + ", ".join(parts) + "."


def run(root: Path, config: str = "collections.yml") -> tuple[int, str]:
    """(exit status, text to print)."""
    from .load.policy import check_repository  # files and page heads (issue #13)
    problems = check_repository(root)
    if problems:
        return 1, DataError(problems).report()
    try:
        specs = load_specs(root / config, root)
        result = load(root, specs)
    except DataError as exc:
        return 1, exc.report()
    if result.problems:
        return 1, DataError(result.problems).report()
    counts = {spec.name: len(result.data.records.get(spec.name, ())) for spec in specs}
    return 0, summary(counts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m engagiert.check",
        description="Prüft die Daten (data/*.yaml, Wissensbeiträge) ohne die Website zu bauen.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="Wurzelordner des Repositorys (Standard: aktueller Ordner)")
    parser.add_argument("--config", default="collections.yml", help="Sammlungs-Konfiguration relativ zum Wurzelordner")
    args = parser.parse_args(argv)
    try:
        status, text = run(args.root.resolve(), args.config)
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except Exception as exc:  # noqa: BLE001 - an editor must never see a traceback
        print("Die Prüfung ist mit einem unerwarteten Fehler abgebrochen (bitte an das Technik-Team melden): "
              f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    print(text, file=sys.stdout if status == 0 else sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
