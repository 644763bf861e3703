"""Validated dicts -> typed, frozen records (engagiert/models.py).

``BUILDERS`` maps the ``model`` name of a collection (collections.yml) to a function
``build(data, location, ctx) -> record``. The data has passed its JSON Schema already;
what the schema cannot check (a 30 February, a local time that does not exist on the
day clocks change) is reported through ``ctx.problem`` and the record is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable
from zoneinfo import ZoneInfo

from .models import (
    Address, Article, ArticleFormat, CardStatus, Contact, Coordinates, District, Download, Event,
    EventStatus, EventType, Image, Location, Member, MemberType, Office, Online, Place, Registration,
    Topic,
)
from ..base.clock import BERLIN
from ..base.problems import Problem
from .yamlsource import Parsed, format_path

_WHEN = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2})?)(?P<tz>Z|[+-]\d{2}:\d{2})?)?\Z")


MIN_YEAR, MAX_YEAR = 1990, 2100


class Invalid(Exception):
    """A value the schema accepted but that cannot be used; the record is dropped."""


@dataclass
class Context:
    """What a builder needs besides the record's data."""

    doc: Parsed                     # the parsed file (for lines of fields)
    record_path: tuple              # path of the record in the document: (index,) or ()
    root: Path                      # repository root
    src_uri: str | None = None      # for Markdown records: path below content/
    problems: list[Problem] = field(default_factory=list)

    def problem(self, rel_path: tuple, message: str) -> None:
        path = self.record_path + tuple(rel_path)
        self.problems.append(Problem(self.doc.file, self.doc.line(path), format_path(tuple(rel_path)) or None, message))

    # --- parsing helpers: report and raise Invalid on failure --------------------
    def date(self, value: str, rel_path: tuple) -> date:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            self.problem(rel_path, f"Das Datum „{value}“ gibt es nicht. Bitte Tag und Monat prüfen "
                                   "(Format JJJJ-MM-TT, z. B. 2026-03-12).")
            raise Invalid from None
        # Far-off years overflow date arithmetic (time zones, calendars) and are typos anyway.
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            self.problem(rel_path, f"Das Jahr {day.year} liegt außerhalb des erlaubten Bereichs "
                                   f"{MIN_YEAR}–{MAX_YEAR}. Bitte das Datum prüfen.")
            raise Invalid
        return day

    def when(self, value: str, rel_path: tuple) -> date | datetime:
        """A date (whole day) or an aware datetime in Europe/Berlin."""
        m = _WHEN.match(value)
        if not m:  # pragma: no cover - the schema's pattern guarantees the shape
            self.problem(rel_path, f"„{value}“ ist kein Datum (JJJJ-MM-TT) und keine Zeitangabe (JJJJ-MM-TTTHH:MM).")
            raise Invalid
        day = self.date(m["date"], rel_path)
        if not m["time"]:
            return day
        try:
            parts = [int(p) for p in m["time"].split(":")]
            naive = datetime(day.year, day.month, day.day, *parts)
        except ValueError:
            self.problem(rel_path, f"Die Uhrzeit „{m['time']}“ gibt es nicht. Bitte als HH:MM zwischen 00:00 "
                                   "und 23:59 schreiben, z. B. 10:00.")
            raise Invalid from None
        if m["tz"]:
            offset = m["tz"]
            try:
                if offset != "Z" and (int(offset[1:3]) > 14 or int(offset[4:6]) > 59):
                    raise ValueError(offset)
                stamp = datetime.fromisoformat(f"{naive.isoformat()}{'+00:00' if offset == 'Z' else offset}")
                return stamp.astimezone(BERLIN)
            except (ValueError, OverflowError):
                self.problem(rel_path, f"Der Zeitversatz „{offset}“ gibt es nicht. Bitte weglassen (Ortszeit "
                                       "Deutschland) oder als +01:00 / +02:00 schreiben.")
                raise Invalid from None
        return self.local(naive, rel_path)

    def local(self, naive: datetime, rel_path: tuple) -> datetime:
        """A wall-clock time in Germany; times skipped or repeated by the clock change are errors."""
        first = naive.replace(tzinfo=BERLIN, fold=0)
        second = naive.replace(tzinfo=BERLIN, fold=1)
        roundtrip = first.astimezone(ZoneInfo("UTC")).astimezone(BERLIN).replace(tzinfo=None)
        when = f"{naive:%d.%m.%Y} um {naive:%H:%M} Uhr"
        if roundtrip != naive:
            self.problem(rel_path, f"Die Uhrzeit {when} gibt es nicht: In dieser Nacht werden die Uhren auf "
                                   "Sommerzeit vorgestellt (2:00 → 3:00). Bitte eine andere Uhrzeit wählen.")
            raise Invalid
        if first.utcoffset() != second.utcoffset():
            self.problem(rel_path, f"Die Uhrzeit {when} gibt es zweimal: In dieser Nacht werden die Uhren "
                                   "zurückgestellt (3:00 → 2:00). Bitte eine eindeutige Uhrzeit wählen oder den "
                                   "Versatz angeben, z. B. …T02:30+02:00 (Sommerzeit) oder …T02:30+01:00.")
            raise Invalid
        return first


# ------------------------------------------------------------------ helpers

def _address(raw: dict | None) -> Address | None:
    if raw is None:
        return None
    return Address(street=raw.get("strasse"), postal_code=raw.get("plz"), city=raw["ort"])


def _topics(data: dict, key: str = "themen") -> tuple[str, ...]:
    return tuple(data.get(key) or ())


# ------------------------------------------------------------------ builders

def build_topic(data: dict, location: Location, ctx: Context) -> Topic:
    return Topic(id=data["id"], name=data["name"], description=data.get("beschreibung") or "", source=location)


def build_member(data: dict, location: Location, ctx: Context) -> Member:
    joined = ctx.date(data["beitritt"], ("beitritt",))
    office = data.get("koordinierungsstelle")
    image = data.get("bild")
    return Member(
        id=data["id"],
        name=data["name"],
        type=MemberType(data["typ"]),
        kreis=data.get("kreis"),
        district=District(data["regierungsbezirk"]),
        joined=joined,
        coordinates=Coordinates(lat=float(data["koordinaten"]["breite"]), lon=float(data["koordinaten"]["laenge"])),
        website=data.get("website"),
        contacts=tuple(
            Contact(name=c["name"], role=c.get("funktion"), email=c.get("email"), phone=c.get("telefon"))
            for c in data["ansprechpersonen"]
        ),
        office=None if office is None else Office(
            name=office["name"], address=_address(office.get("adresse")), email=office.get("email"),
            phone=office.get("telefon"), website=office.get("website"),
        ),
        card_status=CardStatus(data["ehrenamtskarte"]),
        instruments=tuple(data.get("instrumente") or ()),
        topics=_topics(data),
        profile=data.get("profil") or "",
        image=_image(image),
        source=location,
        visible=data.get("sichtbar", True) is not False,
        logo=_image(data.get("logo")),
    )


def build_event(data: dict, location: Location, ctx: Context) -> Event:
    failed = False
    values: dict[str, Any] = {}
    for key in ("beginn", "ende", "aktualisiert"):
        try:
            values[key] = ctx.when(data[key], (key,))
        except Invalid:
            failed = True
    deadline = None
    registration = data.get("anmeldung")
    if registration and registration.get("frist"):
        try:
            deadline = ctx.date(registration["frist"], ("anmeldung", "frist"))
        except Invalid:
            failed = True
    if failed:
        raise Invalid
    updated = values["aktualisiert"]
    if not isinstance(updated, datetime):
        updated = datetime(updated.year, updated.month, updated.day, tzinfo=BERLIN)
    place, online = data.get("ort"), data.get("online")
    return Event(
        id=data["id"],
        title=data["titel"],
        type=EventType(data["art"]),
        start=values["beginn"],
        end=values["ende"],
        place=None if place is None else Place(name=place["name"], address=_address(place.get("adresse"))),
        online=None if online is None else Online(platform=online["plattform"], url=online.get("link")),
        status=EventStatus(data.get("status", "geplant")),
        members_only=bool(data.get("nur_mitglieder", False)),
        host=data.get("gastgeber"),
        topics=_topics(data),
        registration=None if not registration else Registration(
            url=registration.get("link"), email=registration.get("email"), deadline=deadline),
        description=data.get("beschreibung") or "",
        documentation=data.get("dokumentation"),
        updated=updated,
        sequence=int(data.get("version", 0)),
        source=location,
        new_date=data.get("neuer_termin"),
        gallery=_gallery(data),
    )


def article_id(src_uri: str) -> str:
    """Stable id of a knowledge-base page from its path below content/:
    "wissen/methoden/world-cafe.md" -> "wissen/methoden/world-cafe"; ".../x/index.md" -> ".../x"."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return stem


def build_article(data: dict, location: Location, ctx: Context) -> Article:
    assert ctx.src_uri is not None
    day = ctx.date(data["datum"], ("datum",))
    publish_from = ctx.date(data["veroeffentlichen_ab"], ("veroeffentlichen_ab",)) \
        if data.get("veroeffentlichen_ab") is not None else None
    downloads = []
    for raw in data.get("downloads") or ():
        downloads.append(_download(raw, ctx))
    return Article(
        id=article_id(ctx.src_uri),
        src_uri=ctx.src_uri,
        title=data["title"],
        format=ArticleFormat(data["format"]),
        topics=_topics(data),
        date=day,
        members=tuple(data.get("mitglieder") or ()),
        event=data.get("veranstaltung"),
        summary=data["zusammenfassung"],
        downloads=tuple(downloads),
        source=location,
        publish_from=publish_from,
        draft=data.get("entwurf") is True,
        gallery=_gallery(data),
    )


def _image(raw: dict | None) -> Image | None:
    """A picture from data (issue #16): ``foto`` is shown as „Foto: …“, ``quelle`` as written."""
    if raw is None:
        return None
    from ..load.pictures import photo_credit
    return Image(src=raw["datei"], alt=raw.get("alt", ""), credit=photo_credit(raw.get("foto")) or raw.get("quelle"),
                 caption=raw.get("unterschrift"), license=raw.get("lizenz"), decorative=bool(raw.get("dekorativ")))


def _gallery(data: dict) -> tuple[Image, ...]:
    return tuple(_image(raw) for raw in data.get("galerie") or ())


def _download(raw: dict, ctx: Context) -> Download:
    path = ctx.root / "content" / raw["datei"]
    try:
        size = path.stat().st_size if path.is_file() else None
    except OSError:
        size = None
    suffix = Path(raw["datei"]).suffix.lstrip(".").upper() or None
    return Download(src=raw["datei"], title=raw["titel"], size=size, file_format=suffix)


BUILDERS: dict[str, Callable[[dict, Location, Context], Any]] = {
    "topic": build_topic,
    "member": build_member,
    "event": build_event,
    "article": build_article,
}
