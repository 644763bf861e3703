"""What the BITVNRW duties of the site are built from (issue #20).

- ``data/gebaerdensprache.yaml``: the videos in Deutsche Gebärdensprache (schema
  ``schemas/gebaerdensprache.schema.json``); files, captions and poster must exist.
- ``content/barrierefreiheit.md``: the statement's dates and the feedback address, in its
  front matter (``erklaerung:``), and the marks where the build fills in what it found.
- ``leichte_sprache:`` in the front matter of any page: a Leichte Sprache summary that the
  Leichte Sprache page links.
- Every published PDF (tagged or not) and every video file without captions.

Problems are ``Problem``s with file and line, like those of the data collections.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..load.models import Location, SiteData
from ..base.problems import DataError, Problem
from ..load.validation import load_validator, validate
from ..load.yamlsource import Parsed, decode, parse
from .pdf_facts import PdfFacts, inspect_pdf, published_pdfs

DOCS_DIR = "content"
VIDEOS_FILE = "data/gebaerdensprache.yaml"
VIDEOS_SCHEMA = "schemas/gebaerdensprache.schema.json"
STATEMENT_FILE = "content/barrierefreiheit.md"
SIGN_PAGE_FILE = "content/gebaerdensprache.md"
EASY_PAGE_FILE = "content/leichte-sprache.md"
VIDEO_SUFFIXES = (".mp4", ".webm", ".ogv", ".mov", ".m4v")

# Where the build writes into a page: an HTML comment on a line of its own (or inline).
MARK = "<!-- automatisch: {} -->"
STATEMENT_MARKS = ("nicht-barrierefreie-inhalte", "erstellt", "ueberprueft", "barriere-melden")
SIGN_PAGE_MARKS = ("gebaerdensprache-videos",)
EASY_PAGE_MARKS = ("leichte-sprache-seiten",)

# Leichte Sprache: one statement per line; a longer line is almost always two sentences.
EASY_LINE_MAX = 120
EASY_TEXT_MAX = 1200

_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class SignVideo:
    id: str
    title: str
    topic: str
    video: str          # below content/
    captions: str       # below content/, WebVTT
    poster: str         # below content/
    transcript: str     # Markdown
    duration: str       # as written: "2:30"
    seconds: int
    location: Location

    @property
    def media_type(self) -> str:
        return "video/webm" if self.video.lower().endswith(".webm") else "video/mp4"


@dataclass(frozen=True)
class EasySummary:
    src_uri: str        # the page with the summary, below content/ ("angebote/workshops.md")
    title: str
    text: str
    location: Location


@dataclass(frozen=True)
class Statement:
    created: date | None
    reviewed: date | None
    feedback_email: str | None
    location: Location


@dataclass(frozen=True)
class Uncaptioned:
    src: str            # video file below content/
    title: str


@dataclass(frozen=True)
class NotAccessiblePdf:
    facts: PdfFacts
    title: str          # the metadata title, else the download's title, else the file name


@dataclass(frozen=True)
class AccessibilityData:
    videos: tuple[SignVideo, ...]
    summaries: tuple[EasySummary, ...]
    statement: Statement
    pdfs: tuple[PdfFacts, ...]
    untagged_pdfs: tuple[NotAccessiblePdf, ...]
    uncaptioned_videos: tuple[Uncaptioned, ...]


def load_accessibility(root: Path, data: SiteData | None = None) -> AccessibilityData:
    result, problems = collect(root, data)
    if problems:
        raise DataError(problems)
    return result


def collect(root: Path, data: SiteData | None = None) -> tuple[AccessibilityData | None, list[Problem]]:
    """The data and every problem found (``make check`` reports these with the others)."""
    root = Path(root)
    problems: list[Problem] = []
    videos = _load_videos(root, problems)
    statement = _load_statement(root, problems)
    for rel, marks in ((SIGN_PAGE_FILE, SIGN_PAGE_MARKS), (EASY_PAGE_FILE, EASY_PAGE_MARKS)):
        text = _read_text(root, rel, problems)
        if text is not None:
            _require_marks(rel, text, marks, problems)
    summaries = _load_summaries(root, problems)
    titles = _download_titles(data)
    pdfs = tuple(inspect_pdf(p, p.relative_to(root / DOCS_DIR).as_posix())
                 for p in published_pdfs(root / DOCS_DIR))
    untagged = tuple(NotAccessiblePdf(f, f.title or titles.get(f.src) or Path(f.src).name)
                     for f in pdfs if not f.tagged)
    captioned = {v.video for v in videos}
    uncaptioned = tuple(Uncaptioned(src, titles.get(src) or Path(src).name)
                        for src in video_files(root) if src not in captioned)
    if problems:
        return None, problems
    return AccessibilityData(videos, summaries, statement, pdfs, untagged, uncaptioned), []


# --------------------------------------------------------------------------- helpers

def _read_text(root: Path, rel: str, problems: list[Problem]) -> str | None:
    try:
        raw = (root / rel).read_bytes()
    except FileNotFoundError:
        problems.append(Problem(rel, None, None, "Die Datei fehlt. Sie gehört zu den Pflichtangaben der "
                                                 "Barrierefreiheit (BITVNRW) und darf nicht gelöscht werden."))
        return None
    except OSError as exc:
        problems.append(Problem(rel, None, None, f"Die Datei kann nicht gelesen werden ({exc.strerror or exc})."))
        return None
    text, problem = decode(raw, rel)
    if problem is not None:
        problems.append(problem)
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _require_marks(rel: str, text: str, marks: tuple[str, ...], problems: list[Problem]) -> None:
    for name in marks:
        if MARK.format(name) not in text:
            problems.append(Problem(rel, None, None,
                                    f"Die Markierung „{MARK.format(name)}“ fehlt. An dieser Stelle setzt die "
                                    "Website beim Bauen automatisch Angaben ein; bitte die Zeile wieder einfügen."))


def _front_matter(rel: str, text: str, problems: list[Problem]) -> Parsed | None:
    match = _FRONT_MATTER.match(text)
    if match is None:
        return None
    doc = parse(match.group(1), rel, line_offset=1)
    problems.extend(doc.problems)
    return doc if doc.ok else None


def _in_docs(root: Path, src: str) -> bool:
    return (root / DOCS_DIR / src).is_file()


def duration_seconds(text: str) -> int:
    seconds = 0
    for part in text.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds


# --------------------------------------------------------------------------- videos

def _load_videos(root: Path, problems: list[Problem]) -> tuple[SignVideo, ...]:
    rel = VIDEOS_FILE
    text = _read_text(root, rel, problems)
    if text is None:
        return ()
    doc = parse(text, rel, records=True)
    problems.extend(doc.problems)
    if not doc.ok:
        return ()
    if doc.value is None:
        problems.append(Problem(rel, None, None, "Die Datei enthält keine Einträge. Gibt es (noch) keine Videos, "
                                                 "schreiben Sie eine leere Liste: []"))
        return ()
    try:
        validator = load_validator(root / VIDEOS_SCHEMA)
    except (OSError, json.JSONDecodeError) as exc:
        problems.append(Problem(VIDEOS_SCHEMA, None, None, f"Die Schema-Datei fehlt oder ist ungültig ({exc})."))
        return ()
    found, bad = validate(doc, validator, records=True)
    problems.extend(found)
    if not isinstance(doc.value, list) or () in bad:
        return ()
    videos = []
    seen: dict[str, int] = {}
    for index, item in enumerate(doc.value):
        if index in bad or not isinstance(item, dict):
            continue
        line = doc.lines.get((index,), 1)

        def at(field: str) -> int:
            return doc.line((index, field)) or line

        where = f"videos[{index + 1}]"
        if item["id"] in seen:
            problems.append(Problem(rel, at("id"), "id", f"Der Schlüssel „{item['id']}“ kommt schon in Zeile "
                                                          f"{seen[item['id']]} vor. Jeder Schlüssel nur einmal."))
        seen.setdefault(item["id"], at("id"))
        ok = True
        for field, what in (("video", "Die Videodatei"), ("untertitel", "Die Untertitel-Datei"),
                            ("poster", "Das Vorschaubild")):
            if not _in_docs(root, item[field]):
                problems.append(Problem(rel, at(field), field,
                                        f"{what} content/{item[field]} gibt es nicht. Bitte die Datei unter "
                                        f"content/ ablegen oder den Pfad korrigieren ({where})."))
                ok = False
        if ok and not _is_webvtt(root / DOCS_DIR / item["untertitel"]):
            problems.append(Problem(rel, at("untertitel"), "untertitel",
                                    f"content/{item['untertitel']} ist keine WebVTT-Datei mit Untertiteln: Sie muss "
                                    "mit der Zeile „WEBVTT“ beginnen und mindestens einen Untertitel mit Zeitangabe "
                                    "(„00:00.000 --> 00:04.000“) enthalten."))
            ok = False
        if ok:
            videos.append(SignVideo(
                id=item["id"], title=item["titel"].strip(), topic=item["thema"].strip(), video=item["video"],
                captions=item["untertitel"], poster=item["poster"], transcript=item["transkript"],
                duration=item["dauer"], seconds=duration_seconds(item["dauer"]), location=Location(rel, line)))
    return tuple(videos)


def _is_webvtt(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    return bool(re.match(r"WEBVTT(?:[ \t].*)?(?:\n|$)", text)) and "-->" in text


def video_files(root: Path) -> list[str]:
    docs = root / DOCS_DIR
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*")
                  if p.is_file() and p.suffix.lower() in VIDEO_SUFFIXES)


def _download_titles(data: SiteData | None) -> dict[str, str]:
    titles: dict[str, str] = {}
    if data is None:
        return titles
    for article in data.records.get("articles", ()):
        for download in getattr(article, "downloads", ()):
            titles.setdefault(download.src, download.title)
    return titles


# --------------------------------------------------------------------------- statement

def _load_statement(root: Path, problems: list[Problem]) -> Statement:
    rel = STATEMENT_FILE
    empty = Statement(None, None, None, Location(rel, 1))
    text = _read_text(root, rel, problems)
    if text is None:
        return empty
    _require_marks(rel, text, STATEMENT_MARKS, problems)
    doc = _front_matter(rel, text, problems)
    meta = doc.value if doc is not None and isinstance(doc.value, dict) else {}
    block = meta.get("erklaerung")
    if block is None:
        problems.append(Problem(rel, 1, "erklaerung",
                                "Die Angaben zur Erklärung fehlen im Kopf der Seite. Bitte eintragen:\n"
                                "    erklaerung:\n      erstellt: JJJJ-MM-TT\n      ueberprueft: JJJJ-MM-TT\n"
                                "      feedback_email: name@beispiel.nrw.de"))
        return empty
    line = doc.line(("erklaerung",)) or 1
    if not isinstance(block, dict):
        problems.append(Problem(rel, line, "erklaerung", "Hier stehen eingerückt die Felder erstellt, ueberprueft "
                                                         "und feedback_email."))
        return empty
    for key in sorted(set(block) - {"erstellt", "ueberprueft", "feedback_email"}):
        problems.append(Problem(rel, doc.line(("erklaerung", key)) or line, f"erklaerung.{key}",
                                "Unbekanntes Feld. Erlaubt sind erstellt, ueberprueft und feedback_email."))
    dates: dict[str, date | None] = {}
    for key, what in (("erstellt", "Datum der Erstellung"), ("ueberprueft", "Datum der letzten Überprüfung")):
        value = block.get(key)
        where = doc.line(("erklaerung", key)) or line
        if value is None or value == "":
            dates[key] = None  # still open: the page shows a placeholder, the release check lists it
        elif isinstance(value, date):
            dates[key] = value
        elif isinstance(value, str) and _ISO_DATE.match(value.strip()) and _iso(value.strip()):
            dates[key] = _iso(value.strip())
        else:
            problems.append(Problem(rel, where, f"erklaerung.{key}",
                                    f"{what} als JJJJ-MM-TT ohne Anführungszeichen, z. B. 2026-09-15."))
            dates[key] = None
    if dates["erstellt"] and dates["ueberprueft"] and dates["ueberprueft"] < dates["erstellt"]:
        problems.append(Problem(rel, doc.line(("erklaerung", "ueberprueft")) or line, "erklaerung.ueberprueft",
                                "Die letzte Überprüfung kann nicht vor der Erstellung liegen."))
    email = block.get("feedback_email")
    if not (isinstance(email, str) and _EMAIL.match(email.strip())):
        problems.append(Problem(rel, doc.line(("erklaerung", "feedback_email")) or line, "erklaerung.feedback_email",
                                "Eine gültige E-Mail-Adresse für Meldungen zu Barrieren angeben, z. B. "
                                "barrierefreiheit@beispiel.nrw.de. An sie schickt das Formular die Meldung."))
        email = None
    return Statement(dates["erstellt"], dates["ueberprueft"], email.strip() if email else None, Location(rel, line))


# --------------------------------------------------------------------------- Leichte Sprache

def _load_summaries(root: Path, problems: list[Problem]) -> tuple[EasySummary, ...]:
    docs = root / DOCS_DIR
    found = []
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(root).as_posix()
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # the page's own loader (or MkDocs) reports an unreadable file
        if "leichte_sprache:" not in text:
            continue  # most pages have none: parse only those that might
        text = text.replace("\r\n", "\n")
        doc = _front_matter(rel, text, problems)
        if doc is None or not isinstance(doc.value, dict) or "leichte_sprache" not in doc.value:
            continue
        summary = _summary(rel, path.relative_to(docs).as_posix(), doc, problems)
        if summary is not None:
            found.append(summary)
    return tuple(sorted(found, key=lambda s: (s.title.casefold(), s.src_uri)))


def _summary(rel: str, src_uri: str, doc: Parsed, problems: list[Problem]) -> EasySummary | None:
    value: Any = doc.value["leichte_sprache"]
    line = doc.line(("leichte_sprache",)) or 1
    field = "leichte_sprache"
    if rel == EASY_PAGE_FILE:
        problems.append(Problem(rel, line, field, "Die Seite in Leichter Sprache braucht keine Zusammenfassung. "
                                                  "Bitte das Feld löschen."))
        return None
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(rel, line, field,
                                "Hier steht eine kurze Zusammenfassung der Seite in Leichter Sprache, als Text "
                                "mit einem Satz pro Zeile:\n    leichte_sprache: |\n      Hier steht …\n"
                                "      Der nächste Satz steht in einer neuen Zeile."))
        return None
    text = value.strip()
    ok = True
    if len(text) > EASY_TEXT_MAX:
        problems.append(Problem(rel, line, field, f"Die Zusammenfassung ist mit {len(text)} Zeichen zu lang "
                                                  f"(höchstens {EASY_TEXT_MAX}). Eine Zusammenfassung sagt nur das "
                                                  "Wichtigste; der Rest gehört auf eine eigene Seite."))
        ok = False
    # A block scalar (|) starts on the next line; a plain one on the key's line.
    first = line + 1 if "\n" in value else line
    for offset, text_line in enumerate(value.rstrip("\n").split("\n")):
        if len(text_line.strip()) > EASY_LINE_MAX:
            problems.append(Problem(rel, first + offset, field,
                                    f"Die Zeile ist zu lang ({len(text_line.strip())} Zeichen, höchstens "
                                    f"{EASY_LINE_MAX}). In Leichter Sprache steht jeder Satz in einer eigenen "
                                    "Zeile; lange Sätze bitte teilen."))
            ok = False
    if not ok:
        return None
    title = doc.value.get("title")
    if not isinstance(title, str) or not title.strip():
        title = Path(src_uri).stem.replace("-", " ").capitalize()
    return EasySummary(src_uri, title.strip(), text, Location(rel, line))
