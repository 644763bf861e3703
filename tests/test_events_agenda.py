"""Unit tests of engagiert/views/agenda.py (no build): upcoming/past, order, grouping, German labels."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from engagiert.views import agenda
from engagiert.base.clock import BERLIN
from engagiert.load.models import (Address, Event, EventStatus, EventType, Location, Online, Place,
                              Registration)


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=BERLIN)


def make_event(id: str, start, end=None, **fields) -> Event:  # noqa: A002 - mirrors the model
    """A valid Event with sensible defaults; override any field by keyword."""
    values = dict(
        id=id, title=fields.pop("title", f"Veranstaltung {id}"), type=EventType.WORKSHOP,
        start=start, end=start if end is None else end,
        place=Place("Stadthalle", Address("Markt 1", "48143", "Münster")), online=None,
        status=EventStatus.PLANNED, members_only=False, host=None, topics=(), registration=None,
        description="Ein **Austausch** zu [Strategien](https://example.org/strategie).",
        documentation=None, updated=at(2026, 1, 15, 9, 30), sequence=0,
        source=Location("data/events.yaml", 1),
    )
    values.update(fields)
    return Event(**values)


TODAY = date(2026, 10, 1)


def _plan_urls():
    """url_of and group_url with the URL patterns of collections.yml (what the page plan uses)."""
    from pathlib import Path

    from engagiert.load.collections import load_specs

    root = Path(__file__).resolve().parent.parent
    specs = {s.name: s for s in load_specs(root / "collections.yml", root)}
    groups = {(s.name, g.field): g.url for s in specs.values() for g in s.groups}
    return (lambda c, record_id: specs[c].url.format(id=record_id),
            lambda c, field, key: groups[(c, field)].format(key=key))


URL_OF, GROUP_URL = _plan_urls()


# --- upcoming / past ----------------------------------------------------------------

def test_event_is_upcoming_until_its_last_day_has_passed():
    yesterday = make_event("gestern", date(2026, 9, 30))
    today = make_event("heute", date(2026, 10, 1))
    multi = make_event("mehrtaegig", date(2026, 9, 29), date(2026, 10, 1))
    timed_over = make_event("heute-frueh", at(2026, 10, 1, 8), at(2026, 10, 1, 9))
    assert not agenda.is_upcoming(yesterday, TODAY)
    assert agenda.is_upcoming(today, TODAY)
    assert agenda.is_upcoming(multi, TODAY)
    # an event that ended this morning is still listed until the day is over
    assert agenda.is_upcoming(timed_over, TODAY)


def test_timed_event_ending_after_midnight_counts_by_its_local_end_day():
    late = make_event("nacht", at(2026, 9, 30, 20), at(2026, 10, 1, 1))
    assert agenda.last_day(late) == date(2026, 10, 1)
    assert agenda.is_upcoming(late, TODAY)


def test_split_orders_upcoming_ascending_and_past_descending():
    events = [
        make_event("c", at(2026, 11, 12, 10), at(2026, 11, 12, 16)),
        make_event("a", date(2025, 5, 20)),
        make_event("b", at(2026, 3, 28, 10), at(2026, 3, 29, 13)),
        make_event("d", date(2026, 10, 1), date(2026, 10, 2)),
        make_event("e", at(2027, 1, 19, 9, 30), at(2027, 1, 19, 15)),
    ]
    upcoming, past = agenda.split(events, TODAY)
    assert [e.id for e in upcoming] == ["d", "c", "e"]
    assert [e.id for e in past] == ["b", "a"]


def test_order_is_stable_start_then_id_and_whole_days_first():
    same = at(2026, 11, 5, 10)
    events = [make_event("zeta", same), make_event("alpha", same),
              make_event("ganztag", date(2026, 11, 5))]
    assert [e.id for e in agenda.chronological(events)] == ["ganztag", "alpha", "zeta"]
    assert [e.id for e in agenda.chronological(reversed(events))] == ["ganztag", "alpha", "zeta"]


def test_order_compares_instants_across_utc_offsets():
    # 01:30 CEST (23:30 UTC the day before) is earlier than 01:00 CET on the next day
    summer = make_event("sommer", at(2026, 10, 25, 1, 30))
    winter = make_event("winter", at(2026, 10, 25, 2, 30))
    assert [e.id for e in agenda.chronological([winter, summer])] == ["sommer", "winter"]


# --- grouping -----------------------------------------------------------------------

def test_upcoming_grouped_by_month_with_german_labels():
    events = agenda.chronological([
        make_event("a", date(2026, 10, 1)), make_event("b", date(2026, 10, 27)),
        make_event("c", date(2026, 11, 12)), make_event("d", date(2027, 3, 4)),
    ])
    sections = agenda.by_month(events)
    assert [(s.key, s.label, [e.id for e in s.events]) for s in sections] == [
        ("2026-10", "Oktober 2026", ["a", "b"]),
        ("2026-11", "November 2026", ["c"]),
        ("2027-03", "März 2027", ["d"]),
    ]


def test_past_grouped_by_year_newest_first():
    events = [make_event("a", date(2024, 6, 1)), make_event("b", date(2025, 3, 1)),
              make_event("c", date(2025, 11, 6)), make_event("d", date(2026, 3, 28))]
    sections = agenda.by_year(events)
    assert [s.label for s in sections] == ["2026", "2025", "2024"]
    assert [e.id for e in sections[1].events] == ["c", "b"]


# --- labels -------------------------------------------------------------------------

@pytest.mark.parametrize("start,end,expected", [
    (date(2026, 3, 12), date(2026, 3, 12), "Donnerstag, 12. März 2026"),
    (date(2026, 9, 14), date(2026, 9, 15), "Montag, 14. bis Dienstag, 15. September 2026"),
    (date(2026, 11, 30), date(2026, 12, 1), "Montag, 30. November bis Dienstag, 1. Dezember 2026"),
    (date(2026, 12, 31), date(2027, 1, 1), "Donnerstag, 31. Dezember 2026 bis Freitag, 1. Januar 2027"),
    (at(2026, 3, 12, 10), at(2026, 3, 12, 16), "Donnerstag, 12. März 2026"),
])
def test_date_label(start, end, expected):
    assert agenda.date_label(make_event("x", start, end)) == expected


@pytest.mark.parametrize("start,end,expected", [
    (at(2026, 3, 12, 10), at(2026, 3, 12, 16), "10:00 bis 16:00 Uhr"),
    (date(2026, 3, 12), date(2026, 3, 13), "ganztägig"),
    (at(2026, 3, 28, 10), at(2026, 3, 29, 13), "Beginn 10:00 Uhr, Ende 13:00 Uhr"),
    (at(2026, 3, 12, 10), at(2026, 3, 12, 10), "10:00 Uhr"),
])
def test_time_label(start, end, expected):
    assert agenda.time_label(make_event("x", start, end)) == expected


def test_short_date_label():
    assert agenda.short_date_label(make_event("a", date(2026, 3, 12))) == "12.03.2026"
    assert agenda.short_date_label(make_event("b", date(2026, 9, 14), date(2026, 9, 15))) == "14.–15.09.2026"
    assert agenda.short_date_label(make_event("c", date(2026, 11, 30), date(2026, 12, 1))) == "30.11.–01.12.2026"


def test_place_label_and_online_kinds():
    on_site = make_event("a", date(2026, 3, 12))
    online = make_event("b", date(2026, 3, 12), place=None, online=Online("Webex", "https://x.example/j"))
    hybrid = make_event("c", date(2026, 3, 12), online=Online("Zoom", None))
    moved = make_event("d", date(2026, 3, 12), online=Online("Webex", None),
                       status=EventStatus.MOVED_ONLINE)
    assert agenda.place_label(on_site) == "Stadthalle, Münster"
    assert agenda.place_label(online) == "online"
    assert agenda.place_label(hybrid) == "Stadthalle, Münster und online"
    assert agenda.place_label(moved) == "online"
    assert (agenda.is_online(online), agenda.is_hybrid(hybrid), agenda.is_online(moved)) == (True, True, True)
    assert agenda.address_lines(on_site) == ["Markt 1", "48143 Münster"]


def test_join_link_never_for_members_only_or_cancelled():
    link = "https://meet.example/j/42"
    public = make_event("a", date(2026, 3, 12), online=Online("Webex", link))
    members = make_event("b", date(2026, 3, 12), online=Online("Webex", link), members_only=True)
    cancelled = make_event("c", date(2026, 3, 12), online=Online("Webex", link),
                           status=EventStatus.CANCELLED)
    assert agenda.public_join_url(public) == link
    assert agenda.public_join_url(members) is None
    assert agenda.public_join_url(cancelled) is None


def test_status_words_in_the_right_tense():
    planned_future = make_event("a", date(2026, 11, 1))
    planned_past = make_event("b", date(2026, 3, 1))
    assert agenda.status_text(planned_future, TODAY) == "Findet statt"
    assert agenda.status_text(planned_past, TODAY) == "Hat stattgefunden"
    assert agenda.status_text(make_event("c", date(2026, 11, 1), status=EventStatus.CANCELLED), TODAY) == "Abgesagt"
    assert agenda.status_short(planned_future) is None
    assert agenda.status_short(make_event("d", date(2026, 11, 1), status=EventStatus.POSTPONED)) == "Verschoben"
    heading, sentence = agenda.status_notice(make_event("e", date(2026, 11, 1), status=EventStatus.CANCELLED))
    assert heading == "Abgesagt" and "findet nicht statt" in sentence


def test_registration_open_until_deadline():
    reg = Registration("https://anmeldung.example", None, date(2026, 10, 1))
    event = make_event("a", date(2026, 11, 1), registration=reg)
    assert agenda.registration_open(event, TODAY)
    assert not agenda.registration_open(event, date(2026, 10, 2))
    assert not agenda.registration_open(
        make_event("b", date(2026, 11, 1), registration=reg, status=EventStatus.CANCELLED), TODAY)


def test_badge_parts():
    assert agenda.badge(make_event("a", date(2026, 11, 12))) == {
        "day": "12", "month": "Nov.", "weekday": "Do.", "year": "2026"}


# --- Agenda -------------------------------------------------------------------------

def test_agenda_next_skips_cancelled_and_postponed_and_limits():
    events = [
        make_event("past", date(2026, 9, 1)),
        make_event("n1", date(2026, 10, 5)),
        make_event("cancelled", date(2026, 10, 6), status=EventStatus.CANCELLED),
        make_event("n2", date(2026, 10, 7), status=EventStatus.POSTPONED),
        make_event("n3", date(2026, 11, 1)),
        make_event("n4", date(2026, 12, 1)),
    ]
    cal = agenda.Agenda(events, TODAY, "https://www.engagiert-in-nrw.de/")
    assert [e.id for e in cal.next(3)] == ["n1", "n3", "n4"]   # not cancelled, not postponed
    assert [e.id for e in cal.next(10)] == ["n1", "n3", "n4"]
    assert [e.id for e in cal.next(1)] == ["n1"]


def test_agenda_types_feeds_and_urls():
    events = [
        make_event("w", date(2026, 10, 5)),
        make_event("t1", date(2026, 11, 5), type=EventType.NETWORK_MEETING),
        make_event("t2", date(2025, 11, 5), type=EventType.NETWORK_MEETING),
    ]
    cal = agenda.Agenda(events, TODAY, "https://www.engagiert-in-nrw.de/", url_of=URL_OF, group_url=GROUP_URL)
    assert [(t.type.value, t.count, t.url) for t in cal.types] == [
        ("netzwerktreffen", 2, "veranstaltungen/art/netzwerktreffen/"),
        ("workshop", 1, "veranstaltungen/art/workshop/"),
    ]
    assert [(f.key, f.path, len(f.events)) for f in cal.feeds] == [
        ("alle", "veranstaltungen/kalender.ics", 3),
        ("netzwerktreffen", "veranstaltungen/kalender-netzwerktreffen.ics", 2),
        ("workshop", "veranstaltungen/kalender-workshop.ics", 1),
    ]
    assert cal.webcal("veranstaltungen/kalender.ics") == "webcal://www.engagiert-in-nrw.de/veranstaltungen/kalender.ics"
    assert cal.absolute("veranstaltungen/kalender.ics") == "https://www.engagiert-in-nrw.de/veranstaltungen/kalender.ics"
    assert cal.ics_path(events[0]) == "veranstaltungen/w/w.ics"
    view = cal.view([e for e in events if e.type is EventType.NETWORK_MEETING])
    assert [e.id for e in view.upcoming] == ["t1"] and [e.id for e in view.past] == ["t2"]


def test_documentation_from_article_and_from_the_event_field_once_each():
    from types import SimpleNamespace

    article = SimpleNamespace(id="doku", src_uri="wissen/dokumentation/treffen.md", title="Dokumentation: Treffen",
                              summary="Kurz")
    other = SimpleNamespace(id="bericht", src_uri="wissen/dokumentation/bericht.md", title="Bericht", summary="")
    links = SimpleNamespace(documentation_of=lambda event_id: (article,) if event_id == "a" else ())
    url_of = {("articles", "doku"): "wissen/dokumentation/treffen/",
              ("articles", "bericht"): "wissen/dokumentation/bericht/"}
    events = [
        make_event("a", date(2025, 5, 1), documentation="wissen/dokumentation/treffen.md"),  # both ways
        make_event("b", date(2025, 6, 1), documentation="wissen/dokumentation/bericht.md"),  # field only
        make_event("c", date(2025, 7, 1)),
    ]
    cal = agenda.Agenda(events, TODAY, url_of=lambda c, i: url_of.get((c, i)), links=links,
                        articles=[article, other])
    assert cal.documentation(events[0]) == [agenda.DocLink("Dokumentation: Treffen", "wissen/dokumentation/treffen/", "Kurz")]
    assert cal.documentation(events[1]) == [agenda.DocLink("Bericht", "wissen/dokumentation/bericht/", "")]
    assert cal.documentation(events[2]) == []


def test_overview_is_limited_and_month_pages_cover_everything(monkeypatch):
    monkeypatch.setattr(agenda, "UPCOMING_LIMIT", 3)
    monkeypatch.setattr(agenda, "ARCHIVE_LIMIT", 2)
    events = [make_event(f"e{i:02d}", date(2026, 1 + i % 12, 1 + i // 12)) for i in range(30)]
    cal = agenda.Agenda(events, TODAY, group_url=GROUP_URL)
    view = cal.overview
    assert [e.id for e in view.upcoming] == [e.id for e in cal.all.upcoming[:3]]
    assert [e.id for e in view.past] == [e.id for e in cal.all.past[:2]]
    assert view.more_upcoming == len(cal.all.upcoming) - 3 and view.more_past == len(cal.all.past) - 2
    assert cal.view(events).more_upcoming == 0  # unlimited unless asked
    assert sum(m.count for m in cal.month_links) == 30
    assert [m.key for m in cal.month_links] == [f"2026-{m:02d}" for m in range(1, 13)]
    assert cal.month_links[10].label == "November 2026" and cal.month_links[10].name == "November"
    assert cal.month_links[10].url == "veranstaltungen/monat/2026-11/"
    assert [y for y, _ in cal.months_by_year] == ["2026"]
    before, after = cal.month_neighbours("2026-01")
    assert before is None and after.key == "2026-02"
    assert cal.month_neighbours("2030-01") == (None, None)
