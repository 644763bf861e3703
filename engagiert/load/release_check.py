"""Release check: is the site ready to go live? (``make release-check``, issue #20)

    python -m engagiert.load.release_check                # in the repository root
    python -m engagiert.load.release_check --root DIR
    python -m engagiert.load.release_check --warn-only    # report, but exit 0 (pull requests)

Lists in German, with file and line, everything that must not reach the real site:
the placeholders of the legal pages („Platzhalter“, ``.platzhalter``), every line still
marked as example data (``Beispieldaten``), ``example.org``-style addresses, untagged PDFs,
videos without captions and missing or outdated dates of the accessibility statement.
Exit 1 when anything is found, 0 when nothing is, 2 on an unexpected error. Under GitHub
Actions each finding is also an annotation, and the list goes into the job summary.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

from ..base.clock import build_today
from .accessibility import DOCS_DIR, STATEMENT_FILE, VIDEOS_FILE, video_files
from .pdf_facts import inspect_pdf, published_pdfs

# Published or publishing sources: pages, data, templates.
SCANNED = (("content", "**/*.md"), ("content", "**/*.html"), ("data", "**/*.yaml"), ("data", "**/*.yml"),
           ("overrides", "**/*.html"))

KINDS = (
    ("placeholder", "Platzhalter (die ganze Markierung *[Platzhalter: …]*{ .platzhalter } ersetzen)"),
    ("example-data", "Als Beispieldaten markiert"),
    ("example-address", "Beispieladressen (Adressen unter example.org, example.com, example.net und .example "
                        "gibt es nicht)"),
    ("pdf", "PDF-Dokumente ohne Tags"),
    ("video", "Videos ohne Untertitel"),
    ("statement", "Erklärung zur Barrierefreiheit"),
)

_PLACEHOLDER = re.compile(r"\[Platzhalter\b:?\s*(?P<text>[^\]]*)\]")
_PLACEHOLDER_CLASS = re.compile(r"\{[^}]*\.platzhalter\b[^}]*\}|class=\"[^\"]*\bplatzhalter\b")
_EXAMPLE_DATA = re.compile(r"Beispieldaten")
# RFC 2606 / 6761 reserved names: example.org, .com, .net and the top-level domain .example.
_EXAMPLE_HOST = r"(?:[A-Za-z0-9-]+\.)*example(?:\.(?:org|com|net))?(?![A-Za-z0-9-])"
_EXAMPLE_ADDRESS = re.compile(rf"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@{_EXAMPLE_HOST}"
                              rf"|https?://{_EXAMPLE_HOST}[^\s\"'<>)]*",
                              re.IGNORECASE)
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)

REVIEW_INTERVAL = timedelta(days=365)   # the statement is reviewed at least once a year


@dataclass(frozen=True, order=True)
class Finding:
    kind: str
    file: str
    line: int | None
    message: str

    def where(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


def _files(root: Path) -> list[Path]:
    found: set[Path] = set()
    for folder, pattern in SCANNED:
        base = root / folder
        if base.is_dir():
            found.update(p for p in base.glob(pattern) if p.is_file())
    return sorted(found)


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def scan_text(root: Path) -> list[Finding]:
    findings = []
    for path in _files(root):
        rel = path.relative_to(root).as_posix()
        for number, line in enumerate(_lines(path), start=1):
            marks = list(_PLACEHOLDER.finditer(line))
            for match in marks:
                findings.append(Finding("placeholder", rel, number,
                                        f"Platzhalter „{match.group('text').strip()}“ – durch den richtigen Text "
                                        "ersetzen."))
            if not marks and _PLACEHOLDER_CLASS.search(line):
                findings.append(Finding("placeholder", rel, number,
                                        "Platzhalter (Markierung .platzhalter) – durch den richtigen Text ersetzen."))
            if _EXAMPLE_DATA.search(line):
                findings.append(Finding("example-data", rel, number,
                                        "als Beispieldaten markiert – durch echte Inhalte ersetzen, dann den "
                                        "Hinweis „Beispieldaten“ löschen."))
            for match in _EXAMPLE_ADDRESS.finditer(line):
                findings.append(Finding("example-address", rel, number,
                                        f"Beispieladresse „{match.group(0)}“ – durch die echte Adresse ersetzen."))
    return findings


def _references(root: Path, src: str) -> list[str]:
    """Where a file below content/ is linked from ("content/wissen/x.md:12")."""
    name = Path(src).name
    refs = []
    for path in sorted((root / DOCS_DIR).rglob("*.md")):
        for number, line in enumerate(_lines(path), start=1):
            if name in line:
                refs.append(f"{path.relative_to(root).as_posix()}:{number}")
    return refs


def scan_media(root: Path) -> list[Finding]:
    findings = []
    docs = root / DOCS_DIR
    for path in published_pdfs(docs):
        src = path.relative_to(docs).as_posix()
        facts = inspect_pdf(path, src)
        if facts.tagged:
            continue
        refs = _references(root, src)
        linked = f" Verlinkt in {', '.join(refs)}." if refs else ""
        title = f" „{facts.title}“" if facts.title else ""
        findings.append(Finding("pdf", f"{DOCS_DIR}/{src}", None,
                                f"PDF{title} ist nicht barrierefrei: {', '.join(facts.missing)}. Bitte als "
                                f"getaggtes PDF (PDF/UA) mit Titel und Sprache neu erzeugen.{linked}"))
    captioned = _captioned_videos(root)
    for src in video_files(root):
        if src not in captioned:
            findings.append(Finding("video", f"{DOCS_DIR}/{src}", None,
                                    "Video ohne Untertitel: bitte Untertitel (WebVTT) ergänzen und das Video über "
                                    f"{VIDEOS_FILE} mit Untertiteln und Abschrift einbinden, oder es entfernen."))
    return findings


def _captioned_videos(root: Path) -> set[str]:
    try:
        items = yaml.safe_load((root / VIDEOS_FILE).read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return set()
    return {item["video"] for item in items if isinstance(item, dict) and item.get("untertitel")
            and isinstance(item.get("video"), str)}


def scan_statement(root: Path, today: date) -> list[Finding]:
    rel = STATEMENT_FILE
    lines = _lines(root / rel)
    text = "\n".join(lines) + "\n"
    match = _FRONT_MATTER.match(text)
    meta = {}
    if match:
        try:
            meta = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError:
            meta = {}
    block = meta.get("erklaerung") if isinstance(meta, dict) else None
    block = block if isinstance(block, dict) else {}

    def line_of(key: str) -> int:
        for number, line in enumerate(lines, start=1):
            if re.match(rf"\s+{key}\s*:", line):
                return number
        return 1

    findings = []
    for key in ("erstellt", "ueberprueft"):
        if isinstance(block.get(key), str):
            try:
                block[key] = date.fromisoformat(block[key].strip())
            except ValueError:
                pass
    for key, what in (("erstellt", "Datum der Erstellung"), ("ueberprueft", "Datum der letzten Überprüfung")):
        if not isinstance(block.get(key), date):
            findings.append(Finding("statement", rel, line_of(key),
                                    f"{what} fehlt: im Kopf der Seite unter „erklaerung: {key}:“ als JJJJ-MM-TT "
                                    "eintragen."))
    reviewed = block.get("ueberprueft")
    if isinstance(reviewed, date) and today - reviewed > REVIEW_INTERVAL:
        findings.append(Finding("statement", rel, line_of("ueberprueft"),
                                f"Die letzte Überprüfung ({reviewed.strftime('%d.%m.%Y')}) liegt mehr als ein Jahr "
                                "zurück: Erklärung prüfen, aktualisieren und das Datum „ueberprueft“ anpassen."))
    return findings


def run_checks(root: Path, today: date | None = None) -> list[Finding]:
    root = Path(root)
    findings = scan_text(root) + scan_media(root) + scan_statement(root, today or build_today())
    order = {kind: i for i, (kind, _) in enumerate(KINDS)}
    return sorted(findings, key=lambda f: (order[f.kind], f.file, f.line or 0, f.message))


def report(findings: list[Finding], *, warn_only: bool = False) -> str:
    if not findings:
        return ("Bereit für die Veröffentlichung: keine Platzhalter, keine Beispieldaten, keine Beispieladressen, "
                "alle PDF-Dokumente getaggt, alle Videos mit Untertiteln, Erklärung zur Barrierefreiheit datiert.")
    files = len({f.file for f in findings})
    head = (f"Noch nicht bereit für die Veröffentlichung: {len(findings)} "
            f"{'Stelle' if len(findings) == 1 else 'Stellen'} in {files} {'Datei' if files == 1 else 'Dateien'}.")
    if warn_only:
        head += " (Nur ein Hinweis: Die echte Website wird erst veröffentlicht, wenn diese Liste leer ist.)"
    out = [head]
    for kind, label in KINDS:
        group = [f for f in findings if f.kind == kind]
        if group:
            out.append("")
            out.append(f"{label} ({len(group)}):")
            out.extend(f"  {f.where()} – {f.message}" for f in group)
    return "\n".join(out)


def _escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def github_annotations(findings: list[Finding], *, warn_only: bool) -> str:
    level = "warning" if warn_only else "error"
    lines = []
    for f in findings:
        where = f"file={_escape(f.file, prop=True)}" + (f",line={f.line}" if f.line else "")
        lines.append(f"::{level} {where},title={_escape('Freigabeprüfung', prop=True)}::{_escape(f.message)}")
    return "\n".join(lines)


def github_summary(findings: list[Finding]) -> str:
    if not findings:
        return "### Freigabeprüfung\n\nBereit für die Veröffentlichung.\n"
    rows = ["### Freigabeprüfung", "", report(findings).split("\n", 1)[0], "", "| Art | Stelle | Was zu tun ist |",
            "|---|---|---|"]
    labels = dict(KINDS)
    for f in findings:
        message = f.message.replace("|", "\\|")
        rows.append(f"| {labels[f.kind]} | `{f.where()}` | {message} |")
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m engagiert.load.release_check",
        description="Prüft vor dem Start der echten Website auf Platzhalter, Beispieldaten, Beispieladressen, "
                    "PDF-Dokumente ohne Tags und Videos ohne Untertitel.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="Wurzelordner des Repositorys")
    parser.add_argument("--warn-only", action="store_true",
                        help="nur berichten, immer mit Status 0 enden (für Pull Requests)")
    args = parser.parse_args(argv)
    try:
        findings = run_checks(args.root.resolve())
    except Exception as exc:  # noqa: BLE001 - an editor must never see a traceback
        print("Die Freigabeprüfung ist mit einem unerwarteten Fehler abgebrochen (bitte an das Technik-Team "
              f"melden): {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    text = report(findings, warn_only=args.warn_only)
    print(text, file=sys.stdout if not findings or args.warn_only else sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        if findings:
            print(github_annotations(findings, warn_only=args.warn_only))
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as handle:
                handle.write(github_summary(findings))
    return 0 if not findings or args.warn_only else 1


if __name__ == "__main__":
    sys.exit(main())
