"""Validate the data files without building the site.

    python -m engagiert.check            # in the repository root (or: make check)
    python -m engagiert.check --root DIR
    python -m engagiert.check --base origin/main   # also: events changed without raising version

Prints „Alles in Ordnung: …“ and exits 0, or the list of problems (file:line – field:
message) and exits 1. Never a Python traceback: an unexpected error exits 2 with a
short German note.

Under GitHub Actions (``GITHUB_ACTIONS=true``) every problem is also printed as a
workflow command (``::error file=…,line=…,title=…::…``), so that the pull request shows
the message at the line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .load.collections import load_specs
from .load.loader import load
from .base.workflow_commands import command, in_github_actions
from .base.problems import DataError, Problem

# German (singular, plural) per collection name; unknown collections use their name.
LABELS = {
    "members": ("Mitglied", "Mitglieder"),
    "events": ("Veranstaltung", "Veranstaltungen"),
    "topics": ("Thema", "Themen"),
    "articles": ("Wissensbeitrag", "Wissensbeiträge"),
    "news": ("Beitrag unter Aktuelles", "Beiträge unter Aktuelles"),
    "surveys": ("Befragung", "Befragungen"),
}


def summary(counts: dict[str, int]) -> str:
    parts = []
    for name, count in counts.items():
        singular, plural = LABELS.get(name, (name, name))
        parts.append(f"{count} {singular if count == 1 else plural}")
    return "Alles in Ordnung: " + ", ".join(parts) + "."


def annotations(problems) -> list[str]:
    """One GitHub workflow command per problem, in the order of the report."""
    lines = []
    for p in DataError(problems).problems:
        kind = "warning" if p.severity == "warning" else "error"
        lines.append(command(kind, p.message, file=p.file, line=p.line, title=p.field or "Daten prüfen"))
    return lines


def check(root: Path, config: str = "collections.yml", base: str | None = None) -> tuple[list[Problem], str]:
    """(problems, summary line when there is no error). ``base``: a git ref to compare
    the events with (version check)."""
    extra: list[Problem] = []
    from .load.policy import check_repository  # files and page heads first (issue #13)

    problems = check_repository(root)
    if problems:
        return problems, ""
    try:
        specs = load_specs(root / config, root)
        if base:
            from .load.version_check import check_versions  # issue #15

            for spec in specs:
                if spec.model == "event" and not spec.is_markdown:
                    extra.extend(check_versions(root, base, spec.source))
        result = load(root, specs)
    except DataError as exc:
        return list(exc.problems) + extra, ""
    if (root / "mkdocs.yml").is_file():  # a whole site (not a data-only folder): its BITVNRW pages too
        from .load.accessibility import collect as collect_accessibility  # issue #20
        extra.extend(collect_accessibility(root, result.data)[1])
    counts = {spec.name: len(result.data.records.get(spec.name, ())) for spec in specs}
    return list(result.problems) + extra, summary(counts)


def run(root: Path, config: str = "collections.yml") -> tuple[int, str]:
    """(exit status, text to print)."""
    problems, text = check(root, config)
    return report(problems, text)


def report(problems: list[Problem], text: str) -> tuple[int, str]:
    errors = [p for p in problems if p.severity != "warning"]
    warnings = [p for p in problems if p.severity == "warning"]
    if errors:
        return 1, DataError(problems).report()
    if warnings:
        head = "1 Hinweis:" if len(warnings) == 1 else f"{len(warnings)} Hinweise:"
        return 0, "\n".join([text, head, *(f"  {p}" for p in DataError(warnings).problems)])
    return 0, text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m engagiert.check",
        description="Prüft die Daten (data/*.yaml, Wissensbeiträge) ohne die Website zu bauen.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="Wurzelordner des Repositorys (Standard: aktueller Ordner)")
    parser.add_argument("--config", default="collections.yml", help="Sammlungs-Konfiguration relativ zum Wurzelordner")
    parser.add_argument("--base", default=None,
                        help="git-Stand zum Vergleich (z. B. origin/main): geänderte Termine ohne höhere version melden")
    args = parser.parse_args(argv)
    try:
        problems, text = check(args.root.resolve(), args.config, args.base or None)
        status, text = report(problems, text)
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except Exception as exc:  # noqa: BLE001 - an editor must never see a traceback
        print("Die Prüfung ist mit einem unerwarteten Fehler abgebrochen (bitte an das Technik-Team melden): "
              f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    print(text, file=sys.stdout if status == 0 else sys.stderr)
    if in_github_actions():
        for line in annotations(problems):
            print(line)
    return status


if __name__ == "__main__":
    sys.exit(main())
