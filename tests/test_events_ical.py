"""Unit tests of engagiert/outputs/ical.py and engagiert/views/events_jsonld.py (no build).

Calendars are serialised and parsed back with icalendar, as a calendar program would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import icalendar
import pytest

from engagiert.outputs import ical
from engagiert.base.clock import BERLIN
from engagiert.views.events_jsonld import event_jsonld
from engagiert.load.models import Address, EventStatus, EventType, Member, Online, Place, Registration, SiteData
from test_events_agenda import at, make_event

ROOT = Path(__file__).resolve().parent.parent
UTC = timezone.utc
SECRET = "https://meet.example/j/geheim-4711"


def page_url(event) -> str:
    return f"https://www.engagiert-in-nrw.de/veranstaltungen/{event.id}/"


def roundtrip(events, **kw) -> tuple[bytes, icalendar.Calendar]:
    """(unfolded bytes, parsed calendar); folding is checked in test_calendar_level_properties."""
    raw = ical.to_bytes(ical.calendar(events, page_url, **kw))
    return raw.replace(b"\r\n ", b""), icalendar.Calendar.from_ical(raw)


def vevents(cal) -> dict[str, icalendar.Event]:
    return {str(c["UID"]): c for c in cal.walk("VEVENT")}


# --- identity and time stamps -------------------------------------------------------

def test_uid_stamp_sequence_from_data():
    event = make_event("netzwerktreffen-2026-2", at(2026, 11, 12, 10), at(2026, 11, 12, 16),
                       updated=at(2026, 7, 1, 14, 5), sequence=3)
    _, cal = roundtrip([event])
    [vevent] = cal.walk("VEVENT")
    assert vevent["UID"] == "netzwerktreffen-2026-2@engagiert-in-nrw.de"
    assert vevent["DTSTAMP"].dt == datetime(2026, 7, 1, 12, 5, tzinfo=UTC)   # CEST -> UTC
    assert vevent["LAST-MODIFIED"].dt == datetime(2026, 7, 1, 12, 5, tzinfo=UTC)
    assert vevent["SEQUENCE"] == 3


def test_calendar_level_properties():
    raw = ical.to_bytes(ical.calendar([make_event("a", date(2026, 11, 12))], page_url))
    cal = icalendar.Calendar.from_ical(raw)
    assert cal["PRODID"] == ical.PRODID
    assert cal["VERSION"] == "2.0"
    assert cal["METHOD"] == "PUBLISH"
    # a single-event file has no calendar name: Outlook would open it as a new calendar
    assert "X-WR-CALNAME" not in cal and "NAME" not in cal
    assert raw.count(b"\r\n") == raw.count(b"\n"), "lines must end with CRLF"
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "lines folded at 75 octets"


def test_feed_properties():
    raw, cal = roundtrip([make_event("a", date(2026, 11, 12))], name="engagiert in NRW – Workshop",
                         description="Termine", feed_url="https://www.engagiert-in-nrw.de/veranstaltungen/kalender-workshop.ics")
    assert cal["X-WR-CALNAME"] == "engagiert in NRW – Workshop"
    assert cal["NAME"] == "engagiert in NRW – Workshop"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in raw
    assert b"X-PUBLISHED-TTL:PT12H\r\n" in raw
    assert b"SOURCE;VALUE=URI:https://www.engagiert-in-nrw.de/veranstaltungen/kalender-workshop.ics" in raw


def test_same_data_gives_same_bytes_whatever_the_hash_seed():
    code = (
        "import sys; sys.path[:0] = [{root!r}, {tests!r}]\n"
        "from test_events_ical import sample_events, page_url\n"
        "from engagiert.outputs import ical\n"
        "sys.stdout.buffer.write(ical.to_bytes(ical.calendar(sample_events(), page_url, name='x')))\n"
    ).format(root=str(ROOT), tests=str(ROOT / "tests"))
    outputs = set()
    for seed in ("1", "2", "random"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        env.pop("SOURCE_DATE_EPOCH", None)
        outputs.add(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                                   check=True).stdout)
    assert len(outputs) == 1
    assert outputs.pop() == ical.to_bytes(ical.calendar(sample_events(), page_url, name="x"))


def sample_events():
    return [
        make_event("dst", at(2026, 3, 28, 22), at(2026, 3, 29, 4)),
        make_event("ganztag", date(2026, 5, 1)),
        make_event("mehrtaegig", date(2026, 9, 14), date(2026, 9, 15)),
        make_event("abgesagt", at(2026, 11, 20, 11), at(2026, 11, 20, 14), status=EventStatus.CANCELLED),
        make_event("winter", at(2026, 10, 24, 23), at(2026, 10, 25, 3, 30)),
    ]


# --- time zones ---------------------------------------------------------------------

def test_timed_events_use_tzid_and_vtimezone_has_both_observances():
    raw, cal = roundtrip(sample_events())
    assert b"DTSTART;TZID=Europe/Berlin:20260328T220000\r\n" in raw
    [tz] = cal.walk("VTIMEZONE")
    assert tz["TZID"] == "Europe/Berlin"
    assert tz.walk("STANDARD") and tz.walk("DAYLIGHT")
    assert not cal.get_missing_tzids()


def _onsets(tz) -> list[tuple[datetime, timedelta]]:
    """(UTC instant, new offset) of every observance onset, read as RFC 5545 § 3.6.5 says:
    DTSTART/RDATE are local times in the offset *before* the change (TZOFFSETFROM)."""
    onsets = []
    for obs in tz.subcomponents:
        offset_from, offset_to = obs["TZOFFSETFROM"].td, obs["TZOFFSETTO"].td
        starts = [obs["DTSTART"].dt]
        rdates = obs.get("RDATE")
        for rdate in (rdates if isinstance(rdates, list) else [rdates] if rdates else []):
            starts.extend(p.dt for p in rdate.dts)
        onsets.extend(((s - offset_from).replace(tzinfo=UTC), offset_to) for s in starts)
    return sorted(onsets)


def _resolve(tz, local: datetime) -> datetime:
    """Local wall time -> UTC using only the VTIMEZONE (as a client without tz database does)."""
    offset = None
    for instant, new_offset in _onsets(tz):
        if instant <= (local - (offset or new_offset)).replace(tzinfo=UTC):
            offset = new_offset
    return (local - offset).replace(tzinfo=UTC)


def test_vtimezone_onsets_are_the_real_transitions():
    _, cal = roundtrip(sample_events())
    [tz] = cal.walk("VTIMEZONE")
    changes = [(i, o) for i, o in _onsets(tz)]
    # 2026: summer time from 29 March 01:00 UTC, winter time from 25 October 01:00 UTC
    assert (datetime(2026, 3, 29, 1, tzinfo=UTC), timedelta(hours=2)) in changes
    assert (datetime(2026, 10, 25, 1, tzinfo=UTC), timedelta(hours=1)) in changes
    for instant, offset in changes[1:]:
        assert instant.astimezone(BERLIN).utcoffset() == offset
        assert (instant - timedelta(seconds=1)).astimezone(BERLIN).utcoffset() != offset


def test_event_across_the_change_to_summer_time_at_the_right_instant():
    _, cal = roundtrip(sample_events())
    [tz] = cal.walk("VTIMEZONE")
    event = vevents(cal)["dst@engagiert-in-nrw.de"]
    start, end = event["DTSTART"].dt, event["DTEND"].dt
    # parsed with the tz database …
    assert start.astimezone(UTC) == datetime(2026, 3, 28, 21, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2026, 3, 29, 2, tzinfo=UTC)
    # … and with the file's own VTIMEZONE: same instants
    assert _resolve(tz, start.replace(tzinfo=None)) == datetime(2026, 3, 28, 21, tzinfo=UTC)
    assert _resolve(tz, end.replace(tzinfo=None)) == datetime(2026, 3, 29, 2, tzinfo=UTC)
    # wall-clock 22:00 to 04:00, but only 5 real hours: the clock skips 02:00–03:00
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=5)


def test_event_across_the_change_to_winter_time_at_the_right_instant():
    _, cal = roundtrip(sample_events())
    [tz] = cal.walk("VTIMEZONE")
    event = vevents(cal)["winter@engagiert-in-nrw.de"]
    assert event["DTSTART"].dt.astimezone(UTC) == datetime(2026, 10, 24, 21, tzinfo=UTC)
    assert event["DTEND"].dt.astimezone(UTC) == datetime(2026, 10, 25, 2, 30, tzinfo=UTC)
    assert _resolve(tz, event["DTEND"].dt.replace(tzinfo=None)) == datetime(2026, 10, 25, 2, 30, tzinfo=UTC)


def test_vtimezone_covers_only_the_years_needed_and_no_timezone_for_whole_days():
    _, cal = roundtrip([make_event("a", at(2026, 11, 12, 10), at(2026, 11, 12, 16))])
    [tz] = cal.walk("VTIMEZONE")
    local_years = {obs["DTSTART"].dt.year for obs in tz.subcomponents}
    assert local_years == {2026}
    assert all(obs.get("RDATE") is None for obs in tz.subcomponents)  # one year: one change each way
    _, whole = roundtrip([make_event("b", date(2026, 5, 1))])
    assert not whole.walk("VTIMEZONE")


# --- whole days ---------------------------------------------------------------------

def test_whole_day_and_multi_day_dtend_is_exclusive():
    raw, cal = roundtrip(sample_events())
    events = vevents(cal)
    one = events["ganztag@engagiert-in-nrw.de"]
    assert one["DTSTART"].dt == date(2026, 5, 1) and one["DTEND"].dt == date(2026, 5, 2)
    multi = events["mehrtaegig@engagiert-in-nrw.de"]
    assert multi["DTSTART"].dt == date(2026, 9, 14) and multi["DTEND"].dt == date(2026, 9, 16)
    assert b"DTSTART;VALUE=DATE:20260914\r\n" in raw and b"DTEND;VALUE=DATE:20260916\r\n" in raw


# --- status -------------------------------------------------------------------------

@pytest.mark.parametrize("status,expected,prefix", [
    (EventStatus.PLANNED, "CONFIRMED", ""),
    (EventStatus.MOVED_ONLINE, "CONFIRMED", ""),
    (EventStatus.POSTPONED, "TENTATIVE", "Verschoben: "),
    (EventStatus.CANCELLED, "CANCELLED", "Abgesagt: "),
])
def test_status(status, expected, prefix):
    online = Online("Webex", None) if status is EventStatus.MOVED_ONLINE else None
    _, cal = roundtrip([make_event("a", date(2026, 11, 1), status=status, online=online, title="Treffen")])
    [event] = cal.walk("VEVENT")
    assert event["STATUS"] == expected
    assert event["SUMMARY"] == prefix + "Treffen"


def test_cancelled_events_stay_in_feeds():
    _, cal = roundtrip(sample_events(), name="Feed")
    assert "abgesagt@engagiert-in-nrw.de" in vevents(cal)


# --- content ------------------------------------------------------------------------

def test_location_url_categories_description():
    event = make_event("a", at(2026, 11, 12, 10), at(2026, 11, 12, 16), type=EventType.NETWORK_MEETING,
                       registration=Registration("https://anmeldung.example/a", "team@example.org", date(2026, 11, 1)))
    _, cal = roundtrip([event], host_name_of=lambda _: None)
    [vevent] = cal.walk("VEVENT")
    assert vevent["LOCATION"] == "Stadthalle, Markt 1, 48143 Münster"
    assert vevent["URL"] == page_url(event)
    assert vevent.categories == ["Netzwerktreffen"]
    text = str(vevent["DESCRIPTION"])
    assert "Ein Austausch zu Strategien (https://example.org/strategie)." in text
    assert "**" not in text and "<" not in text
    assert "Anmeldung: https://anmeldung.example/a" in text
    assert "Anmeldeschluss: 1. November 2026" in text
    assert text.endswith("Weitere Informationen: " + page_url(event))


def test_public_online_event_has_its_join_link():
    event = make_event("a", at(2026, 12, 3, 16), at(2026, 12, 3, 17), place=None,
                       online=Online("Zoom", "https://zoom.example/j/999"))
    raw, cal = roundtrip([event])
    [vevent] = cal.walk("VEVENT")
    assert vevent["LOCATION"] == "Online (Zoom)"
    assert "Teilnahme online (Zoom): https://zoom.example/j/999" in str(vevent["DESCRIPTION"])
    assert b"CONFERENCE;FEATURE=AUDIO,VIDEO;LABEL=Zoom;VALUE=URI:https://zoom.example/j/999" in raw


def test_members_only_join_link_is_nowhere_in_the_file():
    event = make_event("intern", at(2026, 10, 27, 14), at(2026, 10, 27, 15, 30), place=None,
                       online=Online("Webex", SECRET), members_only=True,
                       description=f"Einwahl: {SECRET}\n\n[Direkt teilnehmen]({SECRET})")
    raw, cal = roundtrip([event], name="Feed")
    assert SECRET.encode() not in raw
    assert b"geheim-4711" not in raw
    [vevent] = cal.walk("VEVENT")
    assert "CONFERENCE" not in vevent
    assert vevent["URL"] == page_url(event)
    assert "Nur für Mitglieder" in str(vevent["DESCRIPTION"])


def test_markdown_to_text():
    text = ical.markdown_to_text("# Ablauf\n\nText mit <b>HTML</b>.\n\n- eins\n- zwei\n\n[E-Mail](mailto:a@b.de)")
    assert text == "Ablauf\n\nText mit <b>HTML</b>.\n\n– eins\n– zwei\n\nE-Mail (a@b.de)"


# --- JSON-LD ------------------------------------------------------------------------

def _build(events=(), members=()):
    data = SiteData({"events": tuple(events), "members": tuple(members), "topics": ()})
    urls = {("events", e.id): f"veranstaltungen/{e.id}/" for e in events}
    urls.update({("members", m.id): f"mitglieder/{m.id}/" for m in members})
    return SimpleNamespace(site_url="https://www.engagiert-in-nrw.de/", data=data,
                           url_of=lambda c, i: urls.get((c, i)))


def test_jsonld_timed_event_with_offsets_and_place():
    event = make_event("a", at(2026, 3, 28, 22), at(2026, 3, 29, 4), host="stadt-muenster")
    member = SimpleNamespace(id="stadt-muenster", name="Stadt Münster", website=None)
    build = _build([event])
    build.data = SimpleNamespace(get=lambda c, i: member if (c, i) == ("members", "stadt-muenster") else None)
    ld = json.loads(json.dumps(event_jsonld(event, build)))
    assert ld["@type"] == "Event" and ld["inLanguage"] == "de"
    assert ld["startDate"] == "2026-03-28T22:00:00+01:00"
    assert ld["endDate"] == "2026-03-29T04:00:00+02:00"
    assert ld["eventStatus"] == "https://schema.org/EventScheduled"
    assert ld["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert ld["location"]["@type"] == "Place"
    assert ld["location"]["address"]["postalCode"] == "48143"
    assert [o["name"] for o in ld["organizer"]] == ["Kommunen-Netzwerk: engagiert in NRW", "Stadt Münster"]
    assert "**" not in ld["description"]


@pytest.mark.parametrize("status,expected", [
    (EventStatus.CANCELLED, "EventCancelled"), (EventStatus.POSTPONED, "EventPostponed"),
    (EventStatus.MOVED_ONLINE, "EventMovedOnline")])
def test_jsonld_status(status, expected):
    event = make_event("a", date(2026, 11, 1), status=status, online=Online("Webex", None))
    ld = event_jsonld(event, _build([event]))
    assert ld["eventStatus"] == "https://schema.org/" + expected
    assert ld["startDate"] == "2026-11-01"


def test_jsonld_attendance_modes_and_virtual_location():
    hybrid = make_event("h", date(2026, 11, 1), online=Online("Zoom", "https://zoom.example/j/1"))
    members = make_event("m", date(2026, 11, 1), place=None, online=Online("Webex", SECRET), members_only=True)
    ld_h = event_jsonld(hybrid, _build([hybrid]))
    ld_m = event_jsonld(members, _build([members]))
    assert ld_h["eventAttendanceMode"].endswith("MixedEventAttendanceMode")
    assert [loc["@type"] for loc in ld_h["location"]] == ["Place", "VirtualLocation"]
    assert ld_h["location"][1]["url"] == "https://zoom.example/j/1"
    assert ld_m["eventAttendanceMode"].endswith("OnlineEventAttendanceMode")
    assert ld_m["location"]["url"] == "https://www.engagiert-in-nrw.de/veranstaltungen/m/"
    assert SECRET not in json.dumps(ld_m)


def test_shared_serialisation_gives_exactly_the_library_bytes():
    events = sample_events() + [make_event("online", at(2026, 12, 3, 16), at(2026, 12, 3, 17), place=None,
                                           online=Online("Zoom", "https://zoom.example/j/1"))]
    serialised: dict[str, bytes] = {}
    components: dict = {}
    for event in events:
        single = ical.calendar([event], page_url, components=components)
        assert ical.to_bytes(single, serialised) == single.to_ical(sorted=True)
    feed_cal = ical.calendar(events, page_url, name="Feed", components=components)
    assert ical.to_bytes(feed_cal, serialised) == feed_cal.to_ical(sorted=True)
    assert len(serialised) == len(events)


def test_vtimezone_over_several_years_has_every_real_transition():
    events = [make_event("a", at(2025, 6, 1, 10), at(2025, 6, 1, 12)),
              make_event("b", at(2028, 6, 1, 10), at(2028, 6, 1, 12))]
    raw, cal = roundtrip(events)
    assert b"RDATE" not in raw          # one observance per onset (ical.js misreads RDATE lists)
    [tz] = cal.walk("VTIMEZONE")
    changes = _onsets(tz)[1:]           # the first observance only states the offset on 1 January
    expected = []
    instant = datetime(2025, 1, 1, tzinfo=UTC)
    while instant < datetime(2029, 1, 1, tzinfo=UTC):
        nxt = instant + timedelta(hours=1)
        if nxt.astimezone(BERLIN).utcoffset() != instant.astimezone(BERLIN).utcoffset():
            expected.append((nxt, nxt.astimezone(BERLIN).utcoffset()))
        instant = nxt
    assert changes == expected and len(expected) == 8
