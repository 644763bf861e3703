"""Typed, immutable records the rest of the code works on after validation.

Field names are English; the YAML keys editors write are German (see schemas/).
Enumerations keep the German YAML value and know their German label.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Mapping

from ..base import german_words


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry a German display label in ``LABELS``."""

    @property
    def label(self) -> str:
        return type(self).LABELS[self.value]  # type: ignore[attr-defined]


class MemberType(LabelledEnum):
    STADT = "stadt"
    KREISFREIE_STADT = "kreisfreie-stadt"
    GEMEINDE = "gemeinde"
    KREIS = "kreis"
    BEZIRKSREGIERUNG = "bezirksregierung"


# One label per type everywhere (filter, rows, profile): the glossary in base/german_words.py.
MemberType.LABELS = {key: term.label for key, term in german_words.MEMBER_TYPES.items()}


class District(LabelledEnum):
    """Regierungsbezirk."""

    ARNSBERG = "arnsberg"
    DETMOLD = "detmold"
    DUESSELDORF = "duesseldorf"
    KOELN = "koeln"
    MUENSTER = "muenster"


District.LABELS = {
    "arnsberg": "Arnsberg",
    "detmold": "Detmold",
    "duesseldorf": "Düsseldorf",
    "koeln": "Köln",
    "muenster": "Münster",
}


class CardStatus(LabelledEnum):
    """Status in the Ehrenamtskarte NRW programme."""

    PARTICIPATES = "teilnahme"
    PLANNED = "einfuehrung-geplant"
    COMPARABLE = "vergleichbares-instrument"


CardStatus.LABELS = {
    "teilnahme": "Nimmt an der Ehrenamtskarte NRW teil",
    "einfuehrung-geplant": "Einführung der Ehrenamtskarte NRW geplant",
    "vergleichbares-instrument": "Vergleichbares Anerkennungsinstrument",
}


class EventType(LabelledEnum):
    NETWORK_MEETING = "netzwerktreffen"
    WORKSHOP = "workshop"
    SUMMIT = "spitzentreffen"
    SHORT_DIGITAL = "kurzformat"
    OTHER = "sonstiges"


EventType.LABELS = {
    "netzwerktreffen": "Netzwerktreffen",
    "workshop": "Workshop",
    "spitzentreffen": "Kommunales Spitzentreffen",
    "kurzformat": "Digitales Kurzformat",
    "sonstiges": "Sonstige Veranstaltung",
}


class EventStatus(LabelledEnum):
    PLANNED = "geplant"
    CANCELLED = "abgesagt"
    POSTPONED = "verschoben"
    MOVED_ONLINE = "online-verlegt"


EventStatus.LABELS = {
    "geplant": "Findet statt",
    "abgesagt": "Abgesagt",
    "verschoben": "Verschoben",
    "online-verlegt": "Ins Internet verlegt (online)",
}


class ArticleFormat(LabelledEnum):
    DOCUMENTATION = "dokumentation"
    PUBLICATION = "publikation"
    PRACTICE = "praxisbeispiel"
    METHOD = "methode"
    GUIDE = "leitfaden"


ArticleFormat.LABELS = {
    "dokumentation": "Dokumentation",
    "publikation": "Publikation",
    "praxisbeispiel": "Praxisbeispiel",
    "methode": "Methode",
    "leitfaden": "Leitfaden",
}


@dataclass(frozen=True)
class Location:
    """Where a record was written: for messages and "edit" links."""

    file: str   # relative to the repository root, e.g. "data/members.yaml"
    line: int   # 1-based line where the record starts


@dataclass(frozen=True)
class Address:
    street: str | None
    postal_code: str | None
    city: str


@dataclass(frozen=True)
class Coordinates:
    lat: float
    lon: float


@dataclass(frozen=True)
class Contact:
    name: str
    role: str | None
    email: str | None
    phone: str | None


@dataclass(frozen=True)
class Office:
    """The municipality's coordinating office (Koordinierungsstelle)."""

    name: str
    address: Address | None
    email: str | None
    phone: str | None
    website: str | None


@dataclass(frozen=True)
class Image:
    src: str        # path below content/, e.g. "assets/images/mitglieder/aachen.jpg"
    alt: str        # required alternative text ("" only when decorative)
    credit: str | None
    # Issue #16 (pictures): caption, licence, decorative marker (alt "" on purpose).
    caption: str | None = None
    license: str | None = None
    decorative: bool = False


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    description: str      # Markdown
    source: Location


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    type: MemberType
    kreis: str | None            # None for kreisfreie Städte, Kreise, Bezirksregierung
    district: District
    joined: date                 # signed the Gemeinsame Erklärung
    coordinates: Coordinates
    website: str | None
    contacts: tuple[Contact, ...]
    office: Office | None
    card_status: CardStatus
    instruments: tuple[str, ...]
    topics: tuple[str, ...]      # topic ids
    profile: str                 # Markdown
    image: Image | None
    source: Location
    visible: bool = True         # sichtbar: false hides the member everywhere (issue #15)
    logo: Image | None = None    # Wappen or logo (issue #16)

    # Directory helpers (issue #4): sorting, A-Z grouping and per-Kreis grouping.
    @property
    def sort_name(self) -> str:
        """Name without a leading "Kreis", "Stadt" … : "Kreis Steinfurt" sorts under S."""
        return _sort_name(self.name)

    @property
    def sort_key(self) -> tuple[str, str]:
        return (_fold(self.sort_name), self.id)

    @property
    def initial(self) -> "GroupKey":
        """Directory letter A-Z ("#" for anything else); umlauts go with their base letter."""
        folded = _fold(self.sort_name)
        letter = folded[:1].upper()
        key = letter.lower() if "A" <= letter <= "Z" else "0"
        return GroupKey(key, letter if key != "0" else "#")

    @property
    def prefix(self) -> "GroupKey":
        """The first two letters ("ne", label "Ne"): one directory page each on big sites.

        Letters alone are too coarse at scale (the biggest letter holds about a tenth of all
        German municipalities); two-letter pages stay at a few hundred rows.
        """
        letters = "".join(c for c in _fold(self.sort_name) if c.isalnum())
        if not letters or self.initial == "0":
            return GroupKey("0", "#")
        key = letters[:2]
        return GroupKey(key, key.capitalize())

    @property
    def join_year(self) -> int:
        """The year the member signed the Gemeinsame Erklärung: one signatories page per year."""
        return self.joined.year

    @property
    def type_key(self) -> "GroupKey":
        """The member type as a URL slug with its plural label ("Kreisangehörige Städte")."""
        return GroupKey(self.type.value, german_words.member_type(self.type.value).plural_label)

    @property
    def kreis_key(self) -> "GroupKey | None":
        """The Kreis a kreisangehörige Stadt/Gemeinde belongs to, as a URL slug with a label."""
        if not self.kreis:
            return None
        return GroupKey(_slug(self.kreis), kreis_label(self.kreis))


class GroupKey(str):
    """A group key (URL slug) that knows its German display label."""

    label: str

    def __new__(cls, key: str, label: str) -> "GroupKey":
        obj = super().__new__(cls, key)
        obj.label = label
        return obj


_NAME_PREFIXES = ("Bezirksregierung ", "Städteregion ", "Kreis ", "Stadt ", "Gemeinde ", "Hansestadt ",
                  "Landeshauptstadt ", "Bundesstadt ", "Universitätsstadt ", "Kreisstadt ")


def _sort_name(name: str) -> str:
    for prefix in _NAME_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix):]
    return name


def _fold(text: str) -> str:
    """Lowercase, umlauts to base letters (DIN 5007-1 order): "Ölde" sorts with "Olde"."""
    import unicodedata
    text = text.casefold().replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _slug(text: str) -> str:
    import re
    text = text.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "-", _fold(text)).strip("-") or "kreis"


def kreis_label(kreis: str) -> str:
    """"Steinfurt" -> "Kreis Steinfurt"; names that say what they are stay as written."""
    if "kreis" in kreis.lower() or kreis.startswith("Städteregion"):
        return kreis
    return f"Kreis {kreis}"


@dataclass(frozen=True)
class Place:
    name: str
    address: Address | None


@dataclass(frozen=True)
class Online:
    platform: str
    url: str | None              # join link; never published for members-only events


@dataclass(frozen=True)
class Registration:
    url: str | None
    email: str | None
    deadline: date | None


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    type: EventType
    start: datetime | date       # aware datetime (Europe/Berlin) or a date for whole-day events
    end: datetime | date         # inclusive last day for whole-day events
    place: Place | None
    online: Online | None
    status: EventStatus
    members_only: bool
    host: str | None             # member id
    topics: tuple[str, ...]
    registration: Registration | None
    description: str             # Markdown
    documentation: str | None    # src path of the documentation page below content/, if given in the data
    updated: datetime            # aware; last change by the editors (DTSTAMP / LAST-MODIFIED)
    sequence: int                # iCalendar SEQUENCE, raised by editors on every change
    source: Location
    new_date: str | None = None  # neuer_termin: id of the event that replaces this one (issue #15)
    gallery: tuple[Image, ...] = ()   # photos of the event (issue #16)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def month(self) -> "Month":
        """The month the event starts in: groups events into calendar month pages."""
        return Month(f"{self.start.year:04d}-{self.start.month:02d}")


_MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember")


class Month(str):
    """A month as "2026-11" (URL key, sorts chronologically) with the label "November 2026"."""

    @property
    def label(self) -> str:
        return f"{_MONTHS[int(self[5:7]) - 1]} {self[:4]}"


@dataclass(frozen=True)
class Download:
    src: str                     # path below content/
    title: str
    size: int | None = None      # bytes (the loader checks that the file exists)
    file_format: str | None = None   # "PDF", "DOCX" … from the file name, for "PDF, 120 KB" next to links


@dataclass(frozen=True)
class Article:
    """A knowledge-base page (Markdown with front matter below content/)."""

    id: str                      # derived from the src path, stable
    src_uri: str                 # e.g. "wissen/praxis/engagementstrategie-kreis-x.md"
    title: str
    format: ArticleFormat
    topics: tuple[str, ...]
    date: date
    members: tuple[str, ...]     # member ids
    event: str | None            # event id (documentation of a meeting)
    summary: str
    downloads: tuple[Download, ...]
    source: Location
    publish_from: date | None = None   # veroeffentlichen_ab (issue #15)
    draft: bool = False                # entwurf: true
    gallery: tuple[Image, ...] = ()   # photos, e.g. of the documented meeting (issue #16)

    @property
    def year(self) -> int:
        return self.date.year


class SiteData:
    """All collections, loaded and cross-checked; handed to page generation and templates.

    ``data.members`` is ``data.records["members"]``; a new collection needs no new field here.
    """

    __slots__ = ("records", "_index")

    def __init__(self, records: Mapping[str, tuple]):
        object.__setattr__(self, "records", MappingProxyType({k: tuple(v) for k, v in records.items()}))
        object.__setattr__(self, "_index", MappingProxyType({
            name: MappingProxyType({r.id: r for r in recs}) for name, recs in self.records.items()
        }))

    def __setattr__(self, name, value):
        raise AttributeError("SiteData is immutable")

    def __getattr__(self, name: str) -> tuple:
        try:
            return self.records[name]
        except KeyError:
            raise AttributeError(name) from None

    def get(self, collection: str, record_id: str):
        """The record with this id, or None."""
        return self._index.get(collection, {}).get(record_id)
