"""What the member templates need from Python: directory rows and filters, map markers,
hosted events, topic links, phone links and JSON-LD (issue #4).

Templates reach it as the global ``members_ui`` (installed from ``templating.install``).
Everything is linear in the number of members and computed once per build.

Size budget (issue #7: no page above 200 KB of HTML at 11,000 members):
- Up to ``INLINE_LIMIT`` members the directory /mitglieder/ lists everyone on one page
  (the README's performance section has the sizes). Above it, /mitglieder/ shows the letters and their two-letter
  beginnings ("Na", "Ne" …) with counts, each with its own page (collections.yml group
  ``prefix``): with 11,000 German municipalities the biggest holds a few hundred rows.
- A directory page with more than ``COMPACT_LIMIT`` rows drops the second line of each row
  (type and Kreis; the filters still work on them).
- The map aggregates per Kreis above ``nrw_map.MARKER_LIMIT`` members.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import TYPE_CHECKING, Iterable

from ..base.urls import absolute
from . import nrw_map
from ..base import german_words
from .members_jsonld import e164, member_jsonld
from ..load.models import CardStatus, District, Member, MemberType

if TYPE_CHECKING:
    from ..plan.build import Build

INLINE_LIMIT = 600
COMPACT_LIMIT = 900

# Member types are named from the one glossary (base/german_words.py): the same label in
# rows, filter and profile; the same words, inflected, in sentences.
_TYPE_ORDER = (MemberType.KREISFREIE_STADT, MemberType.STADT, MemberType.GEMEINDE,
               MemberType.KREIS, MemberType.BEZIRKSREGIERUNG)
SHORT_TYPE = {t: german_words.member_type(t.value).label for t in MemberType}
# (singular, plural) for sentences such as "19 kreisfreie Städte und eine Bezirksregierung".
TYPE_NOUNS = {t: (german_words.member_type(t.value).singular, german_words.member_type(t.value).plural)
              for t in _TYPE_ORDER}
_ONE = {t: german_words.member_type(t.value).article for t in MemberType}

LETTERS = [chr(c) for c in range(ord("A"), ord("Z") + 1)]


@dataclass(frozen=True)
class Limits:
    """Size thresholds; mkdocs.yml may override them (extra.members_limits: {inline, markers,
    compact}), which the tests use to exercise the large-site layout with 400 members."""

    inline: int = INLINE_LIMIT
    markers: int = nrw_map.MARKER_LIMIT
    compact: int = COMPACT_LIMIT


@dataclass(frozen=True)
class Option:
    value: str       # short filter token, e.g. "r4"
    label: str
    count: int


@dataclass(frozen=True)
class Filter:
    name: str        # form field name, e.g. "bezirk"
    label: str       # German label of the control
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Row:
    member: Member
    url: str
    tokens: str      # space-separated filter tokens of this member
    meta: str        # "Stadt, Kreis Steinfurt"


@dataclass(frozen=True)
class Prefix:
    key: str         # "ne"
    label: str       # "Ne"
    count: int
    url: str | None  # its directory page (collections.yml group "prefix")


@dataclass(frozen=True)
class Letter:
    key: str         # "a" … "z", "0" for other
    label: str       # "A" … "Z", "#"
    rows: tuple[Row, ...]
    prefixes: tuple[Prefix, ...]

    @property
    def url(self) -> str | None:
        """The letter's first directory page."""
        return self.prefixes[0].url if self.prefixes else None


@dataclass(frozen=True)
class Directory:
    total: int
    letters: tuple[Letter, ...]          # only letters that have members, in order
    filters: tuple[Filter, ...]          # only filters with at least two options

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(r for letter in self.letters for r in letter.rows)

    def has(self, label: str) -> bool:
        return any(letter.label == label for letter in self.letters)


@dataclass(frozen=True)
class BrowseLink:
    label: str
    url: str
    count: int


@dataclass(frozen=True)
class Browse:
    types: tuple[BrowseLink, ...]
    kreise: tuple[BrowseLink, ...]
    letters: tuple[Letter, ...]


class MembersUI:
    INLINE_LIMIT = INLINE_LIMIT
    COMPACT_LIMIT = COMPACT_LIMIT
    LETTERS = LETTERS

    def __init__(self, build: "Build"):
        self.build = build

    @staticmethod
    def limits(extra) -> Limits:
        raw = (extra or {}).get("members_limits") or {}
        return Limits(**{k: int(v) for k, v in raw.items() if k in ("inline", "markers", "compact")})

    # ------------------------------------------------------------------ lookups

    @cached_property
    def _group_urls(self) -> dict[tuple[str, str], str]:
        return {(p.group.field, p.group.key): p.url for p in self.build.plan.pages
                if p.collection == "members" and p.group is not None}

    def prefix_url(self, key: str) -> str | None:
        return self._group_urls.get(("prefix", key))

    def kreis_url(self, key: str | None) -> str | None:
        return None if key is None else self._group_urls.get(("kreis_key", key))

    def type_url(self, member_type: MemberType) -> str | None:
        return self._group_urls.get(("type_key", member_type.value))

    def browse(self) -> "Browse":
        """Ways into the directory that work without JavaScript (issue #19): one link per
        member type, Kreis and name beginning, each with its count, in directory order."""
        members = self._sorted_members
        types = []
        for t in TYPE_NOUNS:
            n = sum(1 for m in members if m.type is t)
            url = self.type_url(t)
            if n and url:
                types.append(BrowseLink(german_words.member_type(t.value).plural_label, url, n))
        return Browse(tuple(types), self.kreis_links(members), self._full_directory.letters)

    def kreis_links(self, members: Iterable[Member]) -> tuple[BrowseLink, ...]:
        """One link per Kreis page of ``members`` (those in a Kreis), with their number, A–Z."""
        counts: dict[object, int] = {}
        for m in members:
            if m.kreis_key is not None:
                counts[m.kreis_key] = counts.get(m.kreis_key, 0) + 1
        kreise = []
        for k in sorted(counts, key=lambda k: k.label):
            url = self.kreis_url(str(k))
            if url:
                kreise.append(BrowseLink(k.label, url, counts[k]))
        return tuple(kreise)

    @cached_property
    def _topics(self) -> dict[str, object]:
        return {t.id: t for t in self.build.data.records.get("topics", ())}

    def topic_name(self, topic_id: str) -> str:
        topic = self._topics.get(topic_id)
        return topic.name if topic is not None else topic_id

    @cached_property
    def _topic_order(self) -> dict[str, int]:
        order = {t: i for i, t in enumerate(self._topics)}
        return order

    def members(self) -> tuple[Member, ...]:
        """All members in directory order (A–Z by name without "Kreis"/"Stadt" …)."""
        return self._sorted_members

    @cached_property
    def _sorted_members(self) -> tuple[Member, ...]:
        return tuple(sorted(self.build.data.records.get("members", ()), key=lambda m: m.sort_key))

    # ------------------------------------------------------------------ directory

    def composition(self, members: Iterable[Member] | None = None) -> str:
        """"19 kreisfreie Städte, 40 kreisangehörige Städte, 20 Gemeinden, 15 Kreise und eine Bezirksregierung"."""
        members = self._sorted_members if members is None else tuple(members)
        counts = {t: 0 for t in TYPE_NOUNS}
        for m in members:
            counts[m.type] += 1
        parts = [f"{_ONE[t]} {TYPE_NOUNS[t][0]}" if n == 1 else f"{n} {TYPE_NOUNS[t][1]}"
                 for t, n in counts.items() if n]
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " und " + parts[-1] if parts else ""

    def directory(self, members: Iterable[Member] | None = None) -> Directory:
        """Rows grouped by letter and the filter options for these members (default: all, cached)."""
        if members is None:
            return self._full_directory
        return self._directory(sorted(members, key=lambda m: m.sort_key))

    @cached_property
    def _full_directory(self) -> Directory:
        return self._directory(list(self._sorted_members))

    def _directory(self, members: list[Member]) -> Directory:
        types = {t: f"t{i}" for i, t in enumerate(MemberType)}
        districts = {d: f"r{i}" for i, d in enumerate(District)}
        cards = {c: f"e{i}" for i, c in enumerate(CardStatus)}
        kreise = sorted({m.kreis_key for m in members if m.kreis_key is not None}, key=lambda k: k.label)
        kreis_token = {k: f"k{i}" for i, k in enumerate(kreise)}
        topic_ids = sorted({t for m in members for t in m.topics},
                           key=lambda t: (self._topic_order.get(t, 10**6), t))
        topic_token = {t: f"s{i}" for i, t in enumerate(topic_ids)}

        counts: dict[str, int] = {}
        letters: dict[str, list[Row]] = {}
        labels: dict[str, str] = {}
        for m in members:
            tokens = [types[m.type], districts[m.district], cards[m.card_status]]
            if m.kreis_key is not None:
                tokens.append(kreis_token[m.kreis_key])
            tokens.extend(topic_token[t] for t in m.topics)
            for tok in tokens:
                counts[tok] = counts.get(tok, 0) + 1
            where = m.kreis_key.label if m.kreis_key is not None else f"Regierungsbezirk {m.district.label}"
            meta = f"{SHORT_TYPE[m.type]}, {where}"
            url = self.build.url_of("members", m.id) or ""
            letters.setdefault(m.initial, []).append(Row(m, url, " ".join(tokens), meta))
            labels[m.initial] = m.initial.label

        def options(pairs) -> tuple[Option, ...]:
            return tuple(Option(tok, label, counts[tok]) for tok, label in pairs if counts.get(tok))

        filters = (
            Filter("art", "Art", options((types[t], SHORT_TYPE[t]) for t in MemberType)),
            Filter("bezirk", "Regierungsbezirk", options((districts[d], d.label) for d in District)),
            Filter("kreis", "Kreis", options((kreis_token[k], k.label) for k in kreise)),
            Filter("karte", "Ehrenamtskarte", options((cards[c], c.label) for c in CardStatus)),
            Filter("thema", "Thema", options((topic_token[t], self.topic_name(t)) for t in topic_ids)),
        )
        order = {k: i for i, k in enumerate([*(c.lower() for c in LETTERS), "0"])}
        def prefixes(rows: list[Row]) -> tuple[Prefix, ...]:
            counted: dict[str, list] = {}
            for r in rows:
                p = r.member.prefix
                counted.setdefault(p, [p.label, 0])[1] += 1
            return tuple(Prefix(k, label, n, self.prefix_url(k)) for k, (label, n) in sorted(counted.items()))

        return Directory(
            total=len(members),
            letters=tuple(Letter(k, labels[k], tuple(letters[k]), prefixes(letters[k]))
                          for k in sorted(letters, key=lambda k: order.get(k, 99))),
            filters=tuple(f for f in filters if len(f.options) > 1),
        )

    # ------------------------------------------------------------------ map

    def base_map(self) -> nrw_map.BaseMap:
        return nrw_map.base_map()

    def markers(self, members: Iterable[Member] | None = None,
                limit: int = nrw_map.MARKER_LIMIT) -> tuple[nrw_map.Marker, ...]:
        members = self._sorted_members if members is None else members
        return nrw_map.member_markers(members, self.build.url_of, self.kreis_url, limit=limit)

    def locator(self, member: Member) -> tuple[float, float]:
        return nrw_map.project(member.coordinates.lat, member.coordinates.lon)

    # ------------------------------------------------------------------ profile

    def hosted_events(self, member_id: str) -> tuple[tuple, tuple]:
        """(upcoming, past) events this member hosts; upcoming soonest first, past latest first."""
        today = self.build.today
        upcoming, past = [], []
        for event in self.build.links.hosted_events(member_id):
            (upcoming if _date_of(event.end) >= today else past).append(event)
        key = lambda e: (_date_of(e.start), e.id)  # noqa: E731
        return tuple(sorted(upcoming, key=key)), tuple(sorted(past, key=key, reverse=True))

    def is_upcoming(self, event) -> bool:
        return _date_of(event.end) >= self.build.today

    def jsonld(self, member: Member) -> dict:
        image = None
        if member.image is not None:
            # a photo is published only as its processed variants (issue #16): name the largest
            catalog = getattr(self.build, "pictures", None)
            source = catalog.get(member.image.src) if catalog is not None else None
            src = source.variants[-1].name if source is not None else member.image.src
            image = absolute(self.build.site_url, src)
        return member_jsonld(member, self.build.url_of("members", member.id), self.build.site_url,
                             {t: self.topic_name(t) for t in member.topics}, image)


def tel_uri(phone: str | None) -> str | None:
    """``tel:`` link target for a German phone number, or None if none can be derived."""
    number = e164(phone)
    return f"tel:{number}" if number else None


def install(env, build: "Build") -> None:
    env.globals["members_ui"] = MembersUI(build)
    env.filters["tel_uri"] = tel_uri


def _date_of(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
