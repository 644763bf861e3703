"""The event calendar as plain functions: upcoming/past, order, grouping, German labels.

Everything here is pure: it takes events and a date and returns new values, so it
is tested without MkDocs. Templates reach it through ``engagiert.adapter.templating``:
the global ``agenda`` (an ``Agenda`` for the build) and a few ``event_*`` filters.

Rules
- An event is *upcoming* until its end day has passed: on its last day it is
  still upcoming, the day after it is past. "Today" is ``build.today``.
- Chronological order is by start instant, then id (stable across builds).
  Whole-day events start at local midnight (Europe/Berlin), so they come before
  timed events of the same day.
- Upcoming events: oldest first, grouped by month. Past events: newest first,
  grouped by year, newest year first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cached_property
from typing import TYPE_CHECKING, Iterable, Sequence

from ..base.clock import BERLIN
from ..load.models import Event, EventStatus, EventType, Month
from ..base.formatting import de_date, de_month, de_time
from ..base.urls import absolute

if TYPE_CHECKING:
    from ..plan.build import Build


# --- time ---------------------------------------------------------------------------

def _local(value: datetime) -> datetime:
    return value.astimezone(BERLIN)


def start_instant(event: Event) -> datetime:
    """The aware instant the event starts (local midnight for whole-day events)."""
    if isinstance(event.start, datetime):
        return event.start
    return datetime.combine(event.start, time.min, BERLIN)


def first_day(event: Event) -> date:
    return _local(event.start).date() if isinstance(event.start, datetime) else event.start


def last_day(event: Event) -> date:
    """The last calendar day (Europe/Berlin) the event takes place on."""
    return _local(event.end).date() if isinstance(event.end, datetime) else event.end


def is_multi_day(event: Event) -> bool:
    return last_day(event) > first_day(event)


def is_upcoming(event: Event, today: date) -> bool:
    return last_day(event) >= today


def sort_key(event: Event) -> tuple[datetime, str]:
    return (start_instant(event), event.id)


def chronological(events: Iterable[Event]) -> list[Event]:
    return sorted(events, key=sort_key)


def split(events: Iterable[Event], today: date) -> tuple[list[Event], list[Event]]:
    """(upcoming oldest first, past newest first)."""
    ordered = chronological(events)
    upcoming = [e for e in ordered if is_upcoming(e, today)]
    past = [e for e in reversed(ordered) if not is_upcoming(e, today)]
    return upcoming, past


# --- grouping -----------------------------------------------------------------------

@dataclass(frozen=True)
class Section:
    """A heading of the agenda (a month or a year) and its events."""

    key: str                 # "2026-03" or "2025": stable, usable as an HTML id part
    label: str               # "März 2026" or "2025"
    events: tuple[Event, ...]


def by_month(events: Sequence[Event]) -> list[Section]:
    """Consecutive events grouped by the month they start in (keeps the given order)."""
    sections: list[Section] = []
    current: list[Event] = []
    key = None
    for event in events:
        day = first_day(event)
        event_key = f"{day.year:04d}-{day.month:02d}"
        if event_key != key:
            if current:
                sections.append(Section(key, de_month(first_day(current[0])), tuple(current)))
            key, current = event_key, []
        current.append(event)
    if current:
        sections.append(Section(key, de_month(first_day(current[0])), tuple(current)))
    return sections


def by_year(events: Sequence[Event]) -> list[Section]:
    """Events grouped by the year they start in, newest year first; newest event first."""
    years: dict[int, list[Event]] = {}
    for event in events:
        years.setdefault(first_day(event).year, []).append(event)
    return [
        Section(str(year), str(year), tuple(sorted(years[year], key=sort_key, reverse=True)))
        for year in sorted(years, reverse=True)
    ]


# --- German labels ------------------------------------------------------------------

def date_parts(event: Event) -> tuple[str, str | None]:
    """(first day, last day or None) as German text; the first part is shortened when the
    last day shares its month or year: ("Montag, 14.", "Dienstag, 15. September 2026")."""
    first, last = first_day(event), last_day(event)
    if first == last:
        return de_date(first, "full"), None
    if (first.year, first.month) == (last.year, last.month):
        head = de_date(first, "EEEE, d.")
    elif first.year == last.year:
        head = de_date(first, "EEEE, d. MMMM")
    else:
        head = de_date(first, "full")
    return head, de_date(last, "full")


def date_label(event: Event) -> str:
    """"Donnerstag, 12. März 2026"; ranges: "Montag, 14. bis Dienstag, 15. September 2026"."""
    head, tail = date_parts(event)
    return head if tail is None else f"{head} bis {tail}"


def short_date_label(event: Event) -> str:
    """"12.03.2026" or "14.–15.09.2026" / "30.11.–01.12.2026" for compact lists."""
    first, last = first_day(event), last_day(event)
    if first == last:
        return de_date(first, "dd.MM.y")
    if first.year == last.year:
        head = de_date(first, "dd.") if first.month == last.month else de_date(first, "dd.MM.")
    else:
        head = de_date(first, "dd.MM.y")
    return f"{head}\u2013{de_date(last, 'dd.MM.y')}"


def time_label(event: Event) -> str:
    """"10:00 bis 16:00 Uhr", "ganztägig", or for timed multi-day events
    "Beginn 10:00 Uhr, Ende 13:00 Uhr"."""
    if not isinstance(event.start, datetime):
        return "ganztägig"
    start, end = de_time(event.start), de_time(event.end)
    if is_multi_day(event):
        return f"Beginn {start}, Ende {end}"
    if start == end:
        return start
    return f"{start.removesuffix(' Uhr')} bis {end}"


def is_online(event: Event) -> bool:
    return event.online is not None and (
        event.place is None or event.status is EventStatus.MOVED_ONLINE)


def is_hybrid(event: Event) -> bool:
    return event.online is not None and event.place is not None and not is_online(event)


def place_label(event: Event) -> str:
    """Short place for lists: "Stadthalle, Münster", "online", "Stadthalle, Münster und online"."""
    if is_online(event):
        return "online"
    place = event.place
    if place is None:
        return "Ort wird noch bekannt gegeben"
    text = place.name
    if place.address is not None and place.address.city and place.address.city not in place.name:
        text = f"{text}, {place.address.city}"
    return f"{text} und online" if is_hybrid(event) else text


def address_lines(event: Event) -> list[str]:
    """Postal address as lines ("Markt 1", "48143 Münster"); empty when unknown."""
    if event.place is None or event.place.address is None:
        return []
    address = event.place.address
    lines = [address.street] if address.street else []
    lines.append(" ".join(part for part in (address.postal_code, address.city) if part))
    return lines


def public_join_url(event: Event) -> str | None:
    """The join link, only for events open to the public. Members-only: always None."""
    if event.members_only or event.online is None or event.status is EventStatus.CANCELLED:
        return None
    return event.online.url


def start_attr(event: Event) -> str:
    """Value for ``<time datetime>``: "2026-03-12T10:00:00+01:00" or "2026-03-12"."""
    return event.start.isoformat()


def end_attr(event: Event) -> str:
    return event.end.isoformat()


def badge(event: Event) -> dict[str, str]:
    """The calendar-sheet badge: {"day": "12", "month": "März", "weekday": "Do."}."""
    day = first_day(event)
    return {"day": de_date(day, "d"), "month": de_date(day, "MMM"), "weekday": de_date(day, "EEE"),
            "year": str(day.year)}


def registration_open(event: Event, today: date) -> bool:
    """Whether to offer registration: upcoming, not cancelled, deadline not passed."""
    if event.registration is None or not is_upcoming(event, today):
        return False
    if event.status is EventStatus.CANCELLED:
        return False
    return event.registration.deadline is None or event.registration.deadline >= today


# --- status as words (never colour alone) ---------------------------------------------

_STATUS_SHORT = {
    EventStatus.CANCELLED: "Abgesagt",
    EventStatus.POSTPONED: "Verschoben",
    EventStatus.MOVED_ONLINE: "Nur online",
}
_STATUS_NOTICE = {
    EventStatus.CANCELLED: ("Abgesagt", "Diese Veranstaltung ist abgesagt und findet nicht statt."),
    EventStatus.POSTPONED: ("Verschoben", "Diese Veranstaltung ist verschoben. Der neue Termin "
                            "wird hier bekannt gegeben; die Angaben unten nennen den bisherigen Termin."),
    EventStatus.MOVED_ONLINE: ("Online statt vor Ort", "Diese Veranstaltung findet nicht vor Ort, "
                               "sondern nur online statt."),
}


def status_short(event: Event) -> str | None:
    """Badge text for lists; None when the event takes place as announced."""
    return _STATUS_SHORT.get(event.status)


def status_notice(event: Event) -> tuple[str, str] | None:
    """(heading, sentence) for the prominent notice on the event page, or None."""
    return _STATUS_NOTICE.get(event.status)


def status_text(event: Event, today: date) -> str:
    """The status in words for the facts list, in the right tense."""
    if event.status is EventStatus.PLANNED:
        return "Findet statt" if is_upcoming(event, today) else "Hat stattgefunden"
    if event.status is EventStatus.MOVED_ONLINE:
        return ("Findet nur online statt" if is_upcoming(event, today)
                else "Hat online stattgefunden")
    return event.status.label


# --- the calendar of one build ------------------------------------------------------

# Page size stays bounded at any number of events: the overview and the type pages show
# at most this many upcoming and past events; the month pages list everything.
UPCOMING_LIMIT = 50
ARCHIVE_LIMIT = 40


@dataclass(frozen=True)
class View:
    """Upcoming and past events of a set of events, ready for a template."""

    upcoming: tuple[Event, ...]
    past: tuple[Event, ...]
    upcoming_total: int = -1      # before limiting; -1: not limited
    past_total: int = -1

    @cached_property
    def months(self) -> list[Section]:
        return by_month(self.upcoming)

    @cached_property
    def years(self) -> list[Section]:
        return by_year(self.past)

    @property
    def more_upcoming(self) -> int:
        """How many upcoming events the limit left out."""
        return max(self.upcoming_total - len(self.upcoming), 0)

    @property
    def more_past(self) -> int:
        return max(self.past_total - len(self.past), 0)

    def __len__(self) -> int:
        return len(self.upcoming) + len(self.past)


@dataclass(frozen=True)
class MonthLink:
    key: str            # "2026-11"
    label: str          # "November 2026"
    name: str           # "November"
    count: int
    url: str            # site-relative URL of the month page


@dataclass(frozen=True)
class TypeLink:
    type: EventType
    label: str
    count: int
    url: str            # site-relative URL of the type's page


@dataclass(frozen=True)
class DocLink:
    """A documentation page of an event (site-relative URL)."""

    title: str
    url: str
    summary: str = ""


@dataclass(frozen=True)
class Feed:
    """A subscribable iCalendar feed: all events or one event type."""

    key: str                 # "alle" or an event type value
    label: str               # "Alle Veranstaltungen", "Workshop", …
    path: str                # site-relative path, e.g. "veranstaltungen/kalender.ics"
    events: tuple[Event, ...]


FEED_ALL = "veranstaltungen/kalender.ics"


def feed_path(event_type: EventType | None) -> str:
    """veranstaltungen/kalender.ics (all) or veranstaltungen/kalender-<type>.ics."""
    return FEED_ALL if event_type is None else f"veranstaltungen/kalender-{event_type.value}.ics"


class Agenda:
    """The calendar of one build (events, today, URLs); computed once, used by all pages."""

    def __init__(self, events: Iterable[Event], today: date, site_url: str = "",
                 url_of=None, links=None, articles: Iterable = (), group_url=None):
        self.events = tuple(chronological(events))
        self.today = today
        self.site_url = site_url.rstrip("/") + "/" if site_url else "/"
        # URLs come from the page plan (collections.yml): url_of(collection, id), group_url(collection, field, key)
        self._url_of = url_of or (lambda collection, record_id: None)
        self._group_url = group_url or (lambda collection, field, key: None)
        self._links = links
        self._articles_by_src = {a.src_uri: a for a in articles}

    @classmethod
    def for_build(cls, build: "Build") -> "Agenda":
        return cls(build.data.records.get("events", ()), build.today, build.site_url, build.url_of,
                   build.links, build.data.records.get("articles", ()), build.group_url)

    def documentation(self, event: Event) -> list[DocLink]:
        """Documentation pages of an event: articles naming it (``veranstaltung:``) and the
        page its ``dokumentation:`` field names, each once."""
        from ..plan.pages import url_from_src

        docs: list[DocLink] = []
        seen: set[str] = set()
        articles = list(self._links.documentation_of(event.id)) if self._links is not None else []
        named = self._articles_by_src.get(event.documentation) if event.documentation else None
        if named is not None and named not in articles:
            articles.append(named)
        for article in articles:
            url = self._url_of("articles", article.id) or url_from_src(article.src_uri)
            if url not in seen:
                seen.add(url)
                docs.append(DocLink(article.title, url, article.summary or ""))
        if event.documentation and named is None:
            path = event.documentation
            url = url_from_src(path) if path.endswith(".md") else path
            if url not in seen:
                docs.append(DocLink(f"Dokumentation: {event.title}", url))
        return docs

    # views
    def view(self, events: Iterable[Event] | None = None, limit: bool = False) -> View:
        """Upcoming and past events; with ``limit`` the next UPCOMING_LIMIT and the latest
        ARCHIVE_LIMIT only (the month pages hold the rest)."""
        upcoming, past = split(self.events if events is None else events, self.today)
        if not limit:
            return View(tuple(upcoming), tuple(past))
        return View(tuple(upcoming[:UPCOMING_LIMIT]), tuple(past[:ARCHIVE_LIMIT]),
                    len(upcoming), len(past))

    @cached_property
    def all(self) -> View:
        return self.view()

    @cached_property
    def overview(self) -> View:
        return self.view(limit=True)

    @cached_property
    def month_links(self) -> list[MonthLink]:
        """Every month with events, oldest first."""
        counts: dict[str, int] = {}
        for event in self.events:
            counts[event.month] = counts.get(event.month, 0) + 1
        links = []
        for key in sorted(counts):
            label = Month(key).label
            links.append(MonthLink(key, label, label.split(" ")[0], counts[key],
                                   self._group_url("events", "month", key)))
        return links

    @cached_property
    def months_by_year(self) -> list[tuple[str, list[MonthLink]]]:
        """[(year, its months oldest first)], newest year first: the month navigation."""
        years: dict[str, list[MonthLink]] = {}
        for link in self.month_links:
            years.setdefault(link.key[:4], []).append(link)
        return sorted(years.items(), reverse=True)

    def month_neighbours(self, key: str) -> tuple[MonthLink | None, MonthLink | None]:
        """The months with events before and after ``key``."""
        keys = [m.key for m in self.month_links]
        if key not in keys:
            return None, None
        i = keys.index(key)
        return (self.month_links[i - 1] if i > 0 else None,
                self.month_links[i + 1] if i + 1 < len(keys) else None)

    def next(self, count: int = 3) -> tuple[Event, ...]:
        """The next events that take place as listed: cancelled and postponed ones (whose
        date is not valid any more) are left out."""
        taking_place = (e for e in self.all.upcoming
                        if e.status not in (EventStatus.CANCELLED, EventStatus.POSTPONED))
        return tuple(e for _, e in zip(range(count), taking_place))

    def is_upcoming(self, event: Event) -> bool:
        return is_upcoming(event, self.today)

    def registration_open(self, event: Event) -> bool:
        return registration_open(event, self.today)

    def status_text(self, event: Event) -> str:
        return status_text(event, self.today)

    @cached_property
    def types(self) -> list[TypeLink]:
        """Event types that have events, in the order of ``EventType``."""
        counts: dict[EventType, int] = {}
        for event in self.events:
            counts[event.type] = counts.get(event.type, 0) + 1
        return [TypeLink(t, t.label, counts[t], self._group_url("events", "type", t.value))
                for t in EventType if t in counts]

    @cached_property
    def feeds(self) -> list[Feed]:
        feeds = [Feed("alle", "Alle Veranstaltungen", feed_path(None), self.events)]
        for link in self.types:
            feeds.append(Feed(link.type.value, link.label, feed_path(link.type),
                              tuple(e for e in self.events if e.type is link.type)))
        return feeds

    # URLs
    def page_url(self, event: Event) -> str:
        return self._url_of("events", event.id)

    def absolute(self, path: str) -> str:
        """https://…/path"""
        return absolute(self.site_url, path)

    def webcal(self, path: str) -> str:
        """webcal://…/path: opens the subscription dialog of the calendar program."""
        url = self.absolute(path)
        return "webcal://" + url.split("://", 1)[1] if "://" in url else url

    def ics_path(self, event: Event) -> str:
        """<event page>/<id>.ics: the file name a visitor's download gets."""
        return f"{self.page_url(event)}{event.id}.ics"


# --- members-only join links ---------------------------------------------------------

REDACTED = "[Zugangslink nur für Mitglieder]"


def redact(text: str, event: Event) -> str:
    """Remove a members-only event's join link from free text an editor wrote."""
    if event.members_only and event.online is not None and event.online.url:
        return text.replace(event.online.url, REDACTED)
    return text


# --- templates ----------------------------------------------------------------------

def public_text(text: str, event: Event) -> str:
    """An editor's text with a members-only event's join link taken out."""
    return redact(text or "", event)
