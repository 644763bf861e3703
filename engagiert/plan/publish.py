"""The publishing rule: which records a build shows, for every collection with ``publish:``.

A collection opts in with ``publish: {draft: <attribute>, date: <attribute>}`` in
``collections.yml`` (``engagiert.load.collections.PublishSpec``). A record is

- a **draft** when its draft attribute is true: never published by ``mkdocs build``;
- **scheduled** when its date attribute lies after the build's day (``engagiert/clock.py``):
  published by the first build on or after that day (the nightly build);
- **published** otherwise.

``mkdocs build`` drops drafts and scheduled records before pages are planned, so they reach
no page, listing, cross-link, feed, search index or sitemap. ``mkdocs serve`` keeps them
(editors preview them) and templates mark them with a banner (``Publishing.status``).
Everything is decided here once per build; no other module compares dates for this.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from engagiert.load.collections import CollectionSpec, PublishSpec
from engagiert.load.models import SiteData


class Status(StrEnum):
    PUBLISHED = "veroeffentlicht"
    DRAFT = "entwurf"
    SCHEDULED = "geplant"


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def status_of(record: Any, spec: PublishSpec | None, today: date) -> Status:
    """Draft, scheduled (dated after ``today``) or published."""
    if spec is None:
        return Status.PUBLISHED
    if spec.draft and getattr(record, spec.draft, False):
        return Status.DRAFT
    day = _day(getattr(record, spec.date, None)) if spec.date else None
    if day is not None and day > today:
        return Status.SCHEDULED
    return Status.PUBLISHED


@dataclass(frozen=True)
class Withheld:
    """A record a production build does not publish (yet)."""

    collection: str
    record: Any
    status: Status


@dataclass(frozen=True)
class Publishing:
    """The outcome of the rule for one build."""

    today: date
    preview: bool                                      # mkdocs serve: withheld records stay, with a banner
    withheld: Mapping[tuple[str, str], Withheld]       # (collection, id) -> why it is not published

    def status(self, collection: str, record_id: str) -> Status:
        found = self.withheld.get((collection, record_id))
        return found.status if found is not None else Status.PUBLISHED

    def is_public(self, collection: str, record_id: str) -> bool:
        """True when a production build publishes the record (feeds ask this in preview too)."""
        return (collection, record_id) not in self.withheld

    def dropped_sources(self) -> tuple[str, ...]:
        """Pages below content/ the build must leave out (none in preview), sorted."""
        if self.preview:
            return ()
        return tuple(sorted(w.record.src_uri for w in self.withheld.values()
                            if getattr(w.record, "src_uri", None)))


def decide(specs: Iterable[CollectionSpec], data: SiteData, today: date,
           preview: bool = False) -> tuple[SiteData, Publishing]:
    """The data a build works with and the publishing decisions: in a production build
    without the withheld records, in preview with all of them."""
    withheld: dict[tuple[str, str], Withheld] = {}
    kept: dict[str, tuple] = {}
    for spec in specs:
        records = data.records.get(spec.name, ())
        if spec.publish is None:
            continue
        keep = []
        for record in records:
            status = status_of(record, spec.publish, today)
            if status is Status.PUBLISHED:
                keep.append(record)
            else:
                withheld[(spec.name, record.id)] = Withheld(spec.name, record, status)
        kept[spec.name] = tuple(keep)
    publishing = Publishing(today, preview, MappingProxyType(withheld))
    if preview or not withheld:
        return data, publishing
    records = {name: kept.get(name, recs) for name, recs in data.records.items()}
    return SiteData(records), publishing
