"""What the search shows and filters by for each page: format, topics, year, summary.

Computed from the build's page plan (records and groups), not from the HTML, so the
templates of members, events and articles need no search-specific markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from ...load.models import Article, Event, Member, Topic
from ...base.formatting import de_date

if TYPE_CHECKING:
    from ...plan.build import Build

# Labels of the "Format" filter for pages that are not knowledge-base articles.
KIND_PAGE = "Seite"
KIND_MEMBER = "Mitglied"
KIND_EVENT = "Veranstaltung"
KIND_TOPIC = "Thema"
KIND_NEWS = "Aktuelles"   # news posts (issue #14)
KIND_SURVEY = "Befragung"


@dataclass(frozen=True)
class PageFacts:
    kind: str                        # "Publikation", "Mitglied", "Seite" …
    topics: tuple[str, ...] = ()     # topic names
    year: str | None = None
    date: str | None = None          # ISO date, for sorting
    date_label: str | None = None    # "24. November 2026"
    summary: str | None = None       # shown instead of an excerpt when no word matched in the text
    indexed: bool = True             # False: listing pages that only repeat other pages' titles


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _topic_names(build: "Build", ids) -> tuple[str, ...]:
    names = []
    for topic_id in ids:
        topic = build.data.get("topics", topic_id)
        names.append(topic.name if topic is not None else topic_id)
    return tuple(names)


def facts_for(build: "Build", planned) -> PageFacts:
    """Facts of one planned page (``engagiert.plan.pages.PlannedPage``), or of a plain page (None)."""
    if planned is None:
        return PageFacts(KIND_PAGE)
    if planned.group is not None:
        return PageFacts(KIND_PAGE, indexed=False)
    record = planned.record
    if isinstance(record, Article):
        return PageFacts(
            kind=record.format.label,
            topics=_topic_names(build, record.topics),
            year=str(record.date.year),
            date=record.date.isoformat(),
            date_label=de_date(record.date, "long"),
            summary=record.summary or None,
        )
    if isinstance(record, Event):
        day = _day(record.start)
        return PageFacts(
            kind=KIND_EVENT,
            topics=_topic_names(build, record.topics),
            year=str(day.year),
            date=day.isoformat(),
            date_label=de_date(day, "long"),
        )
    from ...load.news import Post

    if isinstance(record, Post):
        return PageFacts(
            kind=KIND_NEWS,
            topics=_topic_names(build, record.topics),
            year=str(record.date.year),
            date=record.date.isoformat(),
            date_label=de_date(record.date, "long"),
            summary=record.summary or None,
        )
    if isinstance(record, Member):
        return PageFacts(kind=KIND_MEMBER, topics=_topic_names(build, record.topics))
    if isinstance(record, Topic):
        return PageFacts(kind=KIND_TOPIC, topics=(record.name,))
    from ...load.surveys import Survey  # issue #17: survey results

    if isinstance(record, Survey):
        return PageFacts(
            kind=KIND_SURVEY,
            topics=_topic_names(build, record.topics),
            year=str(record.year),
            date=record.end.isoformat(),
            date_label=de_date(record.end, "long"),
            summary=record.summary or None,
        )
    return PageFacts(KIND_PAGE)
