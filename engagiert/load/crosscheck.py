"""Checks across records and files that a JSON Schema cannot express.

Unique ids, references that resolve (topics, members, events, documentation pages),
dates in order, coordinates inside NRW, e-mail and URL formats, files that exist.
Every check reports German problems at the line of the field concerned; one pass
over the records (linear in their number).
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlsplit

from ..base.nrw import NRW_LAT, NRW_LON
from .models import Article, District, Event, EventStatus, Member, MemberType
from ..base.problems import Problem
from .yamlsource import Parsed, format_path


# Kreis -> Regierungsbezirk (the 31 Kreise of NRW, incl. Städteregion Aachen).
KREIS_DISTRICT = {
    "Ennepe-Ruhr-Kreis": "arnsberg", "Hochsauerlandkreis": "arnsberg", "Märkischer Kreis": "arnsberg",
    "Olpe": "arnsberg", "Siegen-Wittgenstein": "arnsberg", "Soest": "arnsberg", "Unna": "arnsberg",
    "Gütersloh": "detmold", "Herford": "detmold", "Höxter": "detmold", "Lippe": "detmold",
    "Minden-Lübbecke": "detmold", "Paderborn": "detmold",
    "Kleve": "duesseldorf", "Mettmann": "duesseldorf", "Rhein-Kreis Neuss": "duesseldorf",
    "Viersen": "duesseldorf", "Wesel": "duesseldorf",
    "Städteregion Aachen": "koeln", "Düren": "koeln", "Euskirchen": "koeln", "Heinsberg": "koeln",
    "Oberbergischer Kreis": "koeln", "Rhein-Erft-Kreis": "koeln", "Rheinisch-Bergischer Kreis": "koeln",
    "Rhein-Sieg-Kreis": "koeln",
    "Borken": "muenster", "Coesfeld": "muenster", "Recklinghausen": "muenster", "Steinfurt": "muenster",
    "Warendorf": "muenster",
}

_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?:[A-Za-z0-9äöüÄÖÜ](?:[A-Za-z0-9äöüÄÖÜ-]{0,61}"
                    r"[A-Za-z0-9äöüÄÖÜ])?\.)+[A-Za-z]{2,}$")
_HOST = re.compile(r"^(?:[A-Za-z0-9äöüÄÖÜß](?:[A-Za-z0-9äöüÄÖÜß-]{0,61}[A-Za-z0-9äöüÄÖÜß])?\.)+[A-Za-z]{2,}$")


def email_ok(value: str) -> bool:
    local = value.split("@", 1)[0]
    return bool(_EMAIL.match(value)) and ".." not in value and not local.startswith(".") and not local.endswith(".")


def url_ok(value: str) -> bool:
    if any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
        port = parts.port  # raises ValueError for a bad port
    except ValueError:
        return False
    del port
    return parts.scheme in ("http", "https") and bool(parts.hostname) and bool(_HOST.match(parts.hostname or "")) \
        and not parts.username and not parts.password


@dataclass
class Entry:
    """One record as written by an editor, whether it could be built or not."""

    collection: str
    model: str
    id: str | None          # as written (None if missing or not text)
    doc: Parsed
    path: tuple             # path of the record in its document: (index,) or ()
    record: Any = None      # the built record, None when invalid

    def line(self, *rel: Any) -> int | None:
        return self.doc.line(self.path + tuple(rel))

    def problem(self, rel: tuple, message: str) -> Problem:
        return Problem(self.doc.file, self.line(*rel), format_path(tuple(rel)) or None, message)


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _fold(value: str) -> str:
    return value.lower().translate(_FOLD)


def _suggest(value: str, options: Iterable[str]) -> str:
    match = difflib.get_close_matches(value, list(options), n=1, cutoff=0.6)
    return f" Meinten Sie „{match[0]}“?" if match else ""


class _Checker:
    def __init__(self, entries: list[Entry], root: Path, unreadable: frozenset[str] = frozenset()):
        self.entries = entries
        self.unreadable = unreadable  # models whose files could not be read: no cascade of unknown ids
        self.root = root
        self.problems: list[Problem] = []
        self.ids: dict[str, set[str]] = defaultdict(set)      # model -> every id written
        self.records: dict[str, dict[str, Any]] = defaultdict(dict)  # model -> id -> built record
        self.articles_by_src: dict[str, Article] = {}
        for e in entries:
            if e.id is not None:
                self.ids[e.model].add(e.id)
            if e.record is not None:
                self.records[e.model].setdefault(e.record.id, e.record)
                if isinstance(e.record, Article):
                    self.articles_by_src[e.record.src_uri] = e.record

    def add(self, entry: Entry, rel: tuple, message: str) -> None:
        self.problems.append(entry.problem(rel, message))

    def run(self) -> list[Problem]:
        self.unique_ids()
        for e in self.entries:
            if e.record is None:
                continue
            rec = e.record
            if isinstance(rec, Member):
                self.member(e, rec)
            elif isinstance(rec, Event):
                self.event(e, rec)
            elif isinstance(rec, Article):
                self.article(e, rec)
            self.topics_of(e, rec)
        from .news import check_posts  # news posts (issue #14)
        check_posts(self)
        return self.problems

    # ------------------------------------------------------------------ ids
    def unique_ids(self) -> None:
        seen: dict[tuple[str, str], list[Entry]] = defaultdict(list)
        for e in self.entries:
            if e.id is not None:
                seen[(e.collection, e.id)].append(e)
        for (collection, ident), group in seen.items():
            if len(group) < 2:
                continue
            for e in group:
                others = [o for o in group if o is not e]
                where = ", ".join(
                    f"Zeile {o.line('id')}" if o.doc.file == e.doc.file else f"{o.doc.file}:{o.line('id')}"
                    for o in others)
                self.add(e, ("id",), f"Die id „{ident}“ gibt es mehrfach (auch in {where}). Jede id darf nur "
                                     "einmal vorkommen: Bitte einem der Einträge eine andere id geben.")

    # ------------------------------------------------------------------ references
    def ref(self, entry: Entry, rel: tuple, value: str, model: str, what: str, where: str) -> None:
        if model not in self.unreadable and value not in self.ids.get(model, set()):
            cause = self._cause(value, model)
            if cause is not None:
                self.problems.append(Problem(entry.doc.file, entry.line(*rel), format_path(tuple(rel)) or None,
                                             f"{what} „{value}“ gibt es nicht in {where}: {cause}", follows=True))
                return
            valid = [i for i in self.ids.get(model, ()) if _SLUG.match(i)]  # never propose an invalid id
            self.add(entry, rel, f"{what} „{value}“ gibt es nicht in {where}."
                                 f"{_suggest(value, valid)} Bitte die id von dort übernehmen.")

    def _cause(self, value: str, model: str) -> str | None:
        """Why a referenced id is missing when the reason lies in the target file (issue #15):
        the record's own id is invalid, or the record is commented out."""
        for e in self.entries:
            if e.model == model and e.id is not None and not _SLUG.match(e.id) and (
                    _fold(e.id) == value or difflib.get_close_matches(value, [e.id], n=1, cutoff=0.8)):
                return (f"Dort ist die id als „{e.id}“ geschrieben (Zeile {e.line('id')}), und diese id ist "
                        "ungültig. Bitte zuerst die id dort korrigieren (siehe die Meldung zu dieser Zeile).")
        files = sorted({e.doc.file for e in self.entries if e.model == model and e.path})
        pattern = re.compile(r"^\s*#\s*(?:-\s*)?id:\s*[\"']?" + re.escape(value) + r"[\"']?\s*$")
        for rel in files:
            try:
                lines = (self.root / rel).read_text(encoding="utf-8").splitlines()
            except OSError:
                continue
            for number, line in enumerate(lines, 1):
                if pattern.match(line):
                    return (f"Der Eintrag ist dort auskommentiert (Zeile {number} beginnt mit „#“). Bitte das „#“ "
                            "vor seinen Zeilen entfernen oder diesen Verweis löschen.")
        return None

    def topics_of(self, entry: Entry, rec: Any) -> None:
        topics = getattr(rec, "topics", ())
        for i, topic in enumerate(topics):
            self.ref(entry, ("themen", i), topic, "topic", "Das Thema", "data/topics.yaml")

    # ------------------------------------------------------------------ members
    def member(self, e: Entry, m: Member) -> None:
        lat, lon = m.coordinates.lat, m.coordinates.lon
        if not (NRW_LAT[0] <= lat <= NRW_LAT[1]) or not (NRW_LON[0] <= lon <= NRW_LON[1]):
            hint = ""
            if NRW_LON[0] <= lat <= NRW_LON[1] and NRW_LAT[0] <= lon <= NRW_LAT[1]:
                hint = " Breite und Länge scheinen vertauscht zu sein."
            self.add(e, ("koordinaten",),
                     f"Die Koordinaten ({lat}, {lon}) liegen nicht in Nordrhein-Westfalen (breite zwischen "
                     f"{NRW_LAT[0]} und {NRW_LAT[1]}, laenge zwischen {NRW_LON[0]} und {NRW_LON[1]}).{hint} "
                     "Bitte die Lage z. B. auf OpenStreetMap nachsehen.")
        if m.kreis is not None and m.kreis in KREIS_DISTRICT and KREIS_DISTRICT[m.kreis] != m.district.value:
            right = KREIS_DISTRICT[m.kreis]
            self.add(e, ("regierungsbezirk",),
                     f"Der Kreis {m.kreis} liegt im Regierungsbezirk {District(right).label}, nicht im Regierungsbezirk "
                     f"{m.district.label}: Bitte „regierungsbezirk: {right}“ eintragen "
                     "oder den Kreis prüfen.")
        if m.type is MemberType.KREIS and m.kreis is not None:  # pragma: no cover - the schema forbids it
            self.add(e, ("kreis",), "Ein Kreis gehört zu keinem anderen Kreis: Bitte die Zeile „kreis:“ löschen.")
        for i, c in enumerate(m.contacts):
            if not c.email and not c.phone:
                self.add(e, ("ansprechpersonen", i),
                         f"Für {c.name} fehlt eine Kontaktmöglichkeit: Bitte „email:“ oder „telefon:“ angeben.")
            if c.email:
                self.email(e, ("ansprechpersonen", i, "email"), c.email)
        if m.website:
            self.url(e, ("website",), m.website)
        if m.office is not None:
            if m.office.email:
                self.email(e, ("koordinierungsstelle", "email"), m.office.email)
            if m.office.website:
                self.url(e, ("koordinierungsstelle", "website"), m.office.website)
        if m.image is not None:
            self.file(e, ("bild", "datei"), m.image.src, "Die Bilddatei")

    # ------------------------------------------------------------------ events
    def event(self, e: Entry, ev: Event) -> None:
        start_dt, end_dt = isinstance(ev.start, datetime), isinstance(ev.end, datetime)
        if start_dt != end_dt:
            self.add(e, ("ende",), "Beginn und Ende müssen gleichartig sein: entweder beide mit Uhrzeit "
                                   "(z. B. 2026-03-12T10:00 und 2026-03-12T16:00) oder beide nur als Datum "
                                   "(ganztägig).")
        elif ev.end < ev.start:
            self.add(e, ("ende",), f"Das Ende ({_show(ev.end)}) liegt vor dem Beginn ({_show(ev.start)}). "
                                   "Bitte Datum und Uhrzeit prüfen.")
        if ev.place is None and ev.online is None:
            self.add(e, (), "Es fehlt, wo die Veranstaltung stattfindet: Bitte „ort:“ (mit name und adresse) "
                            "und/oder „online:“ (mit plattform und link) angeben.")
        if ev.status is EventStatus.MOVED_ONLINE and ev.online is None:
            self.add(e, ("status",), "Die Veranstaltung ist ins Internet verlegt, aber es fehlt „online:“ mit "
                                     "plattform (und link). Bitte ergänzen.")
        if ev.registration is not None:
            reg = ev.registration
            start_day = ev.start.date() if isinstance(ev.start, datetime) else ev.start
            if reg.deadline is not None and reg.deadline > start_day:
                self.add(e, ("anmeldung", "frist"),
                         f"Die Anmeldefrist ({reg.deadline:%d.%m.%Y}) liegt nach dem Beginn "
                         f"({start_day:%d.%m.%Y}). Bitte die Frist auf spätestens den Tag des Beginns setzen.")
            if not reg.url and not reg.email:
                self.add(e, ("anmeldung",), "Es fehlt, wie man sich anmeldet: Bitte unter „anmeldung:“ einen "
                                            "„link:“ oder eine „email:“ angeben.")
            if reg.url:
                self.url(e, ("anmeldung", "link"), reg.url)
            if reg.email:
                self.email(e, ("anmeldung", "email"), reg.email)
        if ev.online is not None and ev.online.url:
            self.url(e, ("online", "link"), ev.online.url)
        if ev.host is not None:
            self.ref(e, ("gastgeber",), ev.host, "member", "Das Mitglied", "data/members.yaml")
        if ev.documentation is not None:
            if self.file(e, ("dokumentation",), ev.documentation, "Die Dokumentationsseite"):
                article = self.articles_by_src.get(ev.documentation)
                if article is not None and article.event is not None and article.event != ev.id:
                    self.add(e, ("dokumentation",),
                             f"Die Seite {ev.documentation} dokumentiert laut ihrem Kopf die Veranstaltung "
                             f"„{article.event}“, nicht „{ev.id}“. Bitte den Verweis hier oder "
                             "„veranstaltung:“ in der Seite korrigieren.")

    # ------------------------------------------------------------------ articles
    def article(self, e: Entry, a: Article) -> None:
        for i, member in enumerate(a.members):
            self.ref(e, ("mitglieder", i), member, "member", "Das Mitglied", "data/members.yaml")
        if a.event is not None:
            self.ref(e, ("veranstaltung",), a.event, "event", "Die Veranstaltung", "data/events.yaml")
        for i, d in enumerate(a.downloads):
            self.file(e, ("downloads", i, "datei"), d.src, "Die Datei")

    # ------------------------------------------------------------------ formats, files
    def email(self, e: Entry, rel: tuple, value: str) -> None:
        if not email_ok(value):
            self.add(e, rel, f"„{value}“ ist keine gültige E-Mail-Adresse. Bitte in der Form name@beispiel.de "
                             "schreiben (ohne Leerzeichen, ohne „mailto:“).")

    def url(self, e: Entry, rel: tuple, value: str) -> None:
        if not url_ok(value):
            self.add(e, rel, f"„{value}“ ist keine gültige Internetadresse. Bitte vollständig mit https:// und "
                             "Domain angeben, z. B. https://www.beispiel.de/seite.")

    def file(self, e: Entry, rel: tuple, src: str, what: str) -> bool:
        path = self.root / "content" / src
        try:
            exists = path.is_file()
        except OSError:
            exists = False
        if not exists and src.startswith("content/"):
            self.add(e, rel, f"{what} content/{src} gibt es nicht: Pfade gelten hier schon ab dem Ordner content/. "
                             f"Bitte „content/“ am Anfang weglassen: {src[len('content/'):]}")
        elif not exists:
            self.add(e, rel, f"{what} content/{src} gibt es nicht. Bitte den Pfad prüfen (Groß- und "
                             "Kleinschreibung beachten) oder die Datei dort ablegen.")
        return exists


def _show(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return f"{value:%d.%m.%Y %H:%M} Uhr"
    return f"{value:%d.%m.%Y}"


def crosscheck(entries: list[Entry], root: Path, unreadable: Iterable[str] = ()) -> list[Problem]:
    """All problems across records; ``entries`` includes records that failed validation
    (their ids still count as known, so one mistake does not cause a cascade). References
    into ``unreadable`` models (a file with a syntax error, missing …) are not checked."""
    return _Checker(entries, root, frozenset(unreadable)).run()
