"""iCalendar (RFC 5545 / RFC 7986) files for the event calendar, built with ``icalendar``.

Files written into the site (see ``write_calendars``):

- ``veranstaltungen/<id>/<id>.ics``          one event ("In meinen Kalender"); no calendar name,
                                              so Outlook adds the event instead of opening a new calendar
- ``veranstaltungen/kalender.ics``            feed of all events (to subscribe to)
- ``veranstaltungen/kalender-<art>.ics``      feed of one event type, e.g. ``kalender-workshop.ics``

Rules (each one is tested):

- UID ``<event id>@engagiert-in-nrw.de``: the id is stable, so is the UID.
- DTSTAMP and LAST-MODIFIED are the event's ``aktualisiert`` in UTC, SEQUENCE its ``version``:
  nothing depends on the build time, and the same data gives the same bytes.
- Timed events: DTSTART/DTEND with ``TZID=Europe/Berlin`` and a VTIMEZONE (``add_missing_timezones``,
  limited to the years the file needs, with the daylight-saving onsets corrected, see
  ``_fix_onsets``, one observance per onset, see ``_one_onset_per_observance``). Whole-day events:
  ``VALUE=DATE`` with an exclusive DTEND (the day after the last day).
- STATUS: ``geplant`` and ``online-verlegt`` are CONFIRMED; ``abgesagt`` is CANCELLED and stays in
  the feeds, so subscribers see the cancellation; ``verschoben`` is TENTATIVE (see ``_STATUS``).
- Members-only events never carry their join link: not in DESCRIPTION, URL, LOCATION or CONFERENCE.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from icalendar import Calendar
from icalendar import Event as VEvent
from icalendar import vDuration, vUri

from ..views import agenda
from ..views.agenda import REDACTED, redact
from ..base.clock import BERLIN
from ..load.models import Event, EventStatus, EventType
from ..base.formatting import de_date
from ..base.plaintext import markdown_to_text

if TYPE_CHECKING:
    from ..plan.build import Build

UID_DOMAIN = "engagiert-in-nrw.de"
PRODID = "-//Kommunen-Netzwerk engagiert in NRW//Veranstaltungskalender//DE"
NETWORK = "Kommunen-Netzwerk: engagiert in NRW"
# Feeds are rebuilt nightly; ask calendar programs to look twice a day.
REFRESH = timedelta(hours=12)

# RFC 5545 § 3.8.1.11 knows three states of a VEVENT: TENTATIVE, CONFIRMED, CANCELLED.
# "verschoben" (postponed) means: it will not take place at the given time, a new date is
# not set yet. CANCELLED would be wrong (it does not say "will not happen at all") and makes
# several programs drop the entry, so the later update with the new date (same UID, higher
# SEQUENCE) may never show up. TENTATIVE ("not definite") is the RFC's word for exactly this
# state; the summary and description say "Verschoben" in words, since most programs show no
# status. "online-verlegt" still takes place at the given time: CONFIRMED, with the online place.
_STATUS = {
    EventStatus.PLANNED: "CONFIRMED",
    EventStatus.MOVED_ONLINE: "CONFIRMED",
    EventStatus.POSTPONED: "TENTATIVE",
    EventStatus.CANCELLED: "CANCELLED",
}
_SUMMARY_PREFIX = {
    EventStatus.CANCELLED: "Abgesagt: ",
    EventStatus.POSTPONED: "Verschoben: ",
}
_STATUS_NOTE = {
    EventStatus.CANCELLED: "Diese Veranstaltung ist abgesagt.",
    EventStatus.POSTPONED: "Diese Veranstaltung ist verschoben; der neue Termin wird bekannt gegeben.",
    EventStatus.MOVED_ONLINE: "Diese Veranstaltung findet nur online statt.",
}
MEMBERS_ONLY_NOTE = ("Nur für Mitglieder des Netzwerks. Die Zugangsdaten erhalten die "
                     "Mitgliedskommunen gesondert.")


def uid(event: Event) -> str:
    return f"{event.id}@{UID_DOMAIN}"


# --- one event ----------------------------------------------------------------------

def location_text(event: Event) -> str | None:
    """LOCATION: place and address, and/or "Online (Webex)" — never a members-only link."""
    online = None
    if event.online is not None:
        online = f"Online ({event.online.platform})" if event.online.platform else "Online"
    if agenda.is_online(event):
        return online
    parts = []
    if event.place is not None:
        parts = [event.place.name, *agenda.address_lines(event)]
    text = ", ".join(parts) if parts else None
    if agenda.is_hybrid(event):
        return f"{text} und {online[0].lower()}{online[1:]}" if text else online
    return text


def description_text(event: Event, page_url: str, host_name: str | None = None, links=None,
                     new_date: str | None = None) -> str:
    """DESCRIPTION: status, description, registration, join link (public only), page URL.
    ``new_date``: the line naming the replacing event (neuer_termin, issue #15)."""
    blocks: list[str] = []
    if new_date:
        blocks.append(new_date)
    elif event.status in _STATUS_NOTE:
        blocks.append(_STATUS_NOTE[event.status])
    if event.members_only:
        blocks.append(MEMBERS_ONLY_NOTE)
    text = links.rewrite(event.description, None) if links is not None else event.description
    body = redact(markdown_to_text(text), event)
    if body:
        blocks.append(body)
    if host_name:
        blocks.append(f"Gastgeber: {host_name}")
    join = agenda.public_join_url(event)
    if join:
        platform = event.online.platform or "online"
        blocks.append(f"Teilnahme online ({platform}): {join}")
    reg = event.registration
    if reg is not None and event.status is not EventStatus.CANCELLED:
        lines = []
        if reg.url:
            lines.append(f"Anmeldung: {reg.url}")
        if reg.email:
            lines.append(f"Anmeldung per E-Mail: {reg.email}")
        if reg.deadline:
            lines.append(f"Anmeldeschluss: {de_date(reg.deadline, 'long')}")
        if lines:
            blocks.append("\n".join(lines))
    blocks.append(f"Weitere Informationen: {page_url}")
    return "\n\n".join(blocks)


def _utc(value: datetime) -> datetime:
    return value.astimezone(timezone.utc)


def vevent(event: Event, page_url: str, host_name: str | None = None, links=None,
           new_date: str | None = None) -> VEvent:
    component = VEvent()
    component.add("UID", uid(event))
    component.add("DTSTAMP", _utc(event.updated))
    component.add("LAST-MODIFIED", _utc(event.updated))
    component.add("SEQUENCE", event.sequence)
    if isinstance(event.start, datetime):
        component.add("DTSTART", event.start.astimezone(BERLIN))
        component.add("DTEND", event.end.astimezone(BERLIN))
    else:
        # RFC 5545 § 3.6.1: for DATE values DTEND is exclusive, the day after the last day.
        component.add("DTSTART", event.start)
        component.add("DTEND", event.end + timedelta(days=1))
    component.add("SUMMARY", _SUMMARY_PREFIX.get(event.status, "") + event.title)
    # Replaced by a new date: this occurrence no longer takes place (calendars strike it out).
    component.add("STATUS", "CANCELLED" if new_date else _STATUS[event.status])
    component.add("TRANSP", "OPAQUE")
    component.add("CLASS", "PUBLIC")
    component.add("CATEGORIES", [event.type.label])
    location = location_text(event)
    if location:
        component.add("LOCATION", location)
    component.add("URL", page_url)
    component.add("DESCRIPTION", description_text(event, page_url, host_name, links, new_date))
    join = agenda.public_join_url(event)
    if join:
        # RFC 7986 CONFERENCE; FEATURE is a list parameter (unquoted AUDIO,VIDEO).
        component.add("CONFERENCE", vUri(join), parameters={
            "VALUE": "URI", "FEATURE": ["AUDIO", "VIDEO"], "LABEL": event.online.platform or "Online"})
    return component


# --- calendars ----------------------------------------------------------------------

def _year_range(events: Iterable[Event]) -> tuple[date, date]:
    """VTIMEZONE coverage: from 1 January of the first event's year to after the last one."""
    days = [d for e in events for d in (agenda.first_day(e), agenda.last_day(e))]
    return date(min(days).year, 1, 1), date(max(days).year + 1, 1, 1)


def _fix_onsets(calendar: Calendar) -> None:
    """Correct the onset of observances that skip local time (spring forward).

    RFC 5545 § 3.6.5: DTSTART/RDATE of an observance are local time *as given by
    TZOFFSETFROM*. icalendar 7.3 writes the first wall-clock time after the gap instead
    (03:00 for the change at 02:00 CET), which puts the change an hour late
    (icalendar issue #252 describes the same mistake). Onsets that fall back are right.
    """
    for tz in calendar.walk("VTIMEZONE"):
        for observance in tz.subcomponents:
            offset_from = observance["TZOFFSETFROM"].td
            offset_to = observance["TZOFFSETTO"].td
            gap = offset_to - offset_from
            if gap <= timedelta(0):
                continue
            observance["DTSTART"].dt = observance["DTSTART"].dt - gap
            rdates = observance.get("RDATE")
            if rdates is None:
                continue
            for rdate in rdates if isinstance(rdates, list) else [rdates]:
                for period in rdate.dts:
                    period.dt = period.dt - gap


def _one_onset_per_observance(tz) -> None:
    """Give every onset its own STANDARD/DAYLIGHT with a DTSTART and no RDATE.

    icalendar writes one observance per kind with DTSTART for the first onset and an RDATE
    list for the later ones. RFC 5545 allows that, but Mozilla's ical.js (Thunderbird, many
    web calendars) reads it wrongly: it drops DTSTART once there is an RDATE and takes only
    the first value of a comma-separated RDATE. In a feed over several years it kept one
    change to summer time and one back, so summer events of the other years showed an hour
    late (tests/test_events_icaljs.py). One onset per observance says the same to every parser.
    """
    observances = []
    for observance in tz.subcomponents:
        rdates = observance.pop("RDATE", None)
        observances.append(observance)
        for rdate in rdates if isinstance(rdates, list) else [rdates] if rdates is not None else []:
            for period in rdate.dts:
                copy = deepcopy(observance)
                copy.pop("DTSTART")
                copy.add("DTSTART", period.dt)
                observances.append(copy)
    tz.subcomponents = sorted(observances, key=lambda o: o["DTSTART"].dt)


def calendar(events: Iterable[Event], url_for, host_name_of=None, *, name: str | None = None,
             description: str | None = None, feed_url: str | None = None,
             components: dict[str, VEvent] | None = None, links=None, new_date_of=None) -> Calendar:
    """A VCALENDAR with one VEVENT per event, in chronological order.

    ``url_for(event)`` gives the absolute URL of the event page, ``host_name_of(id)`` a member's
    name. ``name`` marks a subscribable feed (calendar name, refresh interval, source).
    ``components`` caches VEVENTs by event id, so that the per-event file and the feeds share
    one component per event (they are only read when serialised).
    """
    events = agenda.chronological(events)
    cal = Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("METHOD", "PUBLISH")
    if name:
        cal.add("NAME", name)
        cal.add("X-WR-CALNAME", name)
        if description:
            cal.add("DESCRIPTION", description)
            cal.add("X-WR-CALDESC", description)
        cal.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
        cal.add("X-PUBLISHED-TTL", vDuration(REFRESH).to_ical().decode())  # what Outlook reads
        if feed_url:
            cal.add("SOURCE", feed_url, parameters={"VALUE": "URI"})
    for event in events:
        component = components.get(event.id) if components is not None else None
        if component is None:
            host = host_name_of(event.host) if host_name_of and event.host else None
            note = new_date_of(event) if new_date_of is not None and event.new_date else None
            component = vevent(event, url_for(event), host, links, note)
            if components is not None:
                components[event.id] = component
        cal.add_component(component)
    if any(isinstance(e.start, datetime) for e in events):
        first, last = _year_range(events)
        cal.subcomponents.insert(0, _berlin(first, last))
    return cal


@lru_cache(maxsize=256)
def _berlin(first: date, last: date):
    """VTIMEZONE Europe/Berlin for [first, last): made by ``add_missing_timezones`` on a
    calendar holding one timed event, onsets corrected; cached per range (feeds and the
    files of events in the same year share it; it is only read when serialised)."""
    probe = Calendar()
    probe_event = VEvent()
    probe_event.add("DTSTART", datetime(first.year, 1, 1, 12, tzinfo=BERLIN))
    probe.add_component(probe_event)
    probe.add_missing_timezones(first_date=first, last_date=last)
    _fix_onsets(probe)
    [tz] = probe.walk("VTIMEZONE")
    _one_onset_per_observance(tz)
    return tz


_END = b"END:VCALENDAR\r\n"


def to_bytes(cal: Calendar, serialised: dict[str, bytes] | None = None,
             heads: dict | None = None, head_key=None) -> bytes:
    """The calendar as RFC 5545 bytes (CRLF, folded lines), all produced by icalendar.

    With ``serialised`` (VEVENT bytes by UID, filled on the way), every VEVENT is
    serialised once for the whole site: the calendar is serialised without its events
    and their bytes are put before ``END:VCALENDAR`` in order, which is exactly what
    ``cal.to_ical()`` gives (tested), at a third of the cost for three files per event.
    ``heads``/``head_key`` reuse the bytes before the events for calendars known to share
    them (the per-event files of one year: same properties, same VTIMEZONE).
    """
    if serialised is None:
        return cal.to_ical(sorted=True)
    events = [c for c in cal.subcomponents if c.name == "VEVENT"]
    head = heads.get(head_key) if heads is not None and head_key is not None else None
    if head is None:
        saved = cal.subcomponents
        cal.subcomponents = [c for c in saved if c.name != "VEVENT"]
        try:
            head = cal.to_ical(sorted=True)
        finally:
            cal.subcomponents = saved
        if heads is not None and head_key is not None:
            heads[head_key] = head
    assert head.endswith(_END)
    parts = [head[: -len(_END)]]
    for component in events:
        key = str(component["UID"])
        if key not in serialised:
            serialised[key] = component.to_ical(sorted=True)
        parts.append(serialised[key])
    parts.append(_END)
    return b"".join(parts)


# --- output -------------------------------------------------------------------------

@dataclass(frozen=True)
class CalendarFile:
    path: str        # site-relative, e.g. "veranstaltungen/kalender.ics"
    content: bytes


def feed_name(feed: agenda.Feed) -> str:
    if feed.key == "alle":
        return "engagiert in NRW – Veranstaltungen"
    return f"engagiert in NRW – {feed.label}"


def feed_description(feed: agenda.Feed) -> str:
    what = "alle Veranstaltungen" if feed.key == "alle" else f"Veranstaltungsart „{feed.label}“"
    return f"Termine des {NETWORK}: {what}."


def calendar_files(build: "Build") -> list[CalendarFile]:
    """Every .ics file of the site: one per event, the feed of all and one per event type."""
    cal_agenda = agenda.Agenda.for_build(build)

    def url_for(event: Event) -> str:
        return cal_agenda.absolute(cal_agenda.page_url(event))

    def host_name_of(member_id: str) -> str | None:
        member = build.data.get("members", member_id)
        return member.name if member is not None else None

    from ..views.text_links import for_build  # issue #15: links in descriptions, absolute

    links = for_build(build)

    def new_date_of(event: Event) -> str | None:
        new = build.data.get("events", event.new_date)
        if new is None:
            return None
        return f"Verschoben: Neuer Termin ist „{new.title}“ am {de_date(agenda.first_day(new), 'long')}: {url_for(new)}"

    files = []
    components: dict[str, VEvent] = {}
    serialised: dict[str, bytes] = {}
    heads: dict = {}
    for event in cal_agenda.events:
        cal = calendar([event], url_for, host_name_of, components=components, links=links, new_date_of=new_date_of)
        # per-event files differ only in their event and the years their VTIMEZONE covers
        head_key = _year_range([event]) if isinstance(event.start, datetime) else "no-timezone"
        files.append(CalendarFile(cal_agenda.ics_path(event), to_bytes(cal, serialised, heads, head_key)))
    for feed in cal_agenda.feeds:
        cal = calendar(feed.events, url_for, host_name_of, name=feed_name(feed),
                       description=feed_description(feed), feed_url=cal_agenda.absolute(feed.path),
                       components=components, links=links, new_date_of=new_date_of)
        files.append(CalendarFile(feed.path, to_bytes(cal, serialised)))
    return files


def write_calendars(build: "Build", site_dir: Path) -> None:
    """OUTPUT_WRITERS entry: write every .ics file into the built site."""
    for file in calendar_files(build):
        target = site_dir / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.content)


__all__ = ["calendar", "calendar_files", "vevent", "write_calendars", "uid", "EventType"]
