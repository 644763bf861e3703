"""The event calendar on the built site (pinned date 2026-10-01, tests/helpers.py).

Expectations come from the data itself (loaded with the project's loader), so the tests
follow the example data. Cases the example data may not have (an event across the change
to summer time, a members-only event with a join link, …) are appended to a copy of
data/events.yaml and built a second time (``extra_site``); that second build also shows
that UIDs and per-event files are stable across builds.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import icalendar
import pytest

from engagiert.views import agenda
from engagiert.base.clock import BERLIN
from engagiert.load.collections import load_specs
from engagiert.plan.crosslinks import build_links
from engagiert.load.loader import load_site
from engagiert.load.models import EventStatus
from engagiert.plan.pages import url_from_src
from helpers import PINNED_TODAY, ROOT, SITE_URL, build_site, format_violations, goto, run_axe

UTC = timezone.utc
UID_SUFFIX = "@engagiert-in-nrw.de"


# --------------------------------------------------------------------------- a small DOM

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict
    parent: "Node | None" = None
    children: list = field(default_factory=list)   # Node or str

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list["Node"]:
        found = []
        for node in self.iter():
            if tag and node.tag != tag:
                continue
            if cls and cls not in node.attrs.get("class", "").split():
                continue
            if any(node.attrs.get(k.replace("_", "-")) != v for k, v in attrs.items()):
                continue
            found.append(node)
        return found

    def find(self, tag=None, cls=None, **attrs) -> "Node | None":
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    @property
    def text(self) -> str:
        parts = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text)
        return " ".join(" ".join(parts).split())


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: (v or "") for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, {k: (v or "") for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def dom(path: Path) -> Node:
    builder = _TreeBuilder()
    builder.feed(path.read_text(encoding="utf-8"))
    return builder.root


def section(doc: Node, heading_id: str) -> Node:
    heading = doc.find(id=heading_id)
    assert heading is not None, f"no element with id {heading_id}"
    return heading.parent


def linked_event_ids(node: Node, page_url: str) -> list[str]:
    """Event ids of the agenda entries below ``node``, in document order."""
    ids = []
    for title in node.find_all(cls="ev-item__title"):
        href = title.find("a").attrs["href"]
        path = urlsplit(urljoin(page_url, href)).path
        match = re.fullmatch(r"/veranstaltungen/([a-z0-9-]+)/", path)
        assert match, f"entry links to {path}"
        ids.append(match.group(1))
    return ids


# --------------------------------------------------------------------------- data and builds

@pytest.fixture(scope="module")
def data():
    specs = load_specs(ROOT / "collections.yml", ROOT)
    return load_site(ROOT, specs)


@pytest.fixture(scope="module")
def events(data):
    assert data.events, "data/events.yaml holds no events"
    return {e.id: e for e in data.events}


@pytest.fixture(scope="module")
def cal(events):
    return agenda.Agenda(events.values(), PINNED_TODAY, SITE_URL)


SECRET = "https://intern.example.org/geheim-zugang-4711"
PUBLIC_JOIN = "https://meet.example.org/offen-2026"

EXTRA_EVENTS = f"""
# --- appended by tests/test_events_site.py ---
- id: test-sommerzeit
  titel: Nachtschicht über die Zeitumstellung
  art: sonstiges
  beginn: 2027-03-27T22:00
  ende: 2027-03-28T04:00
  ort: {{name: Rathaus, adresse: {{strasse: Markt 1, plz: "48143", ort: Münster}}}}
  aktualisiert: 2026-07-01T14:05
  version: 4
- id: test-winterzeit
  titel: Über die Umstellung auf Winterzeit
  art: sonstiges
  beginn: 2026-10-24T23:00
  ende: 2026-10-25T03:30
  ort: {{name: Rathaus}}
  aktualisiert: 2026-01-10T08:00
  version: 0
- id: test-ganztag
  titel: Ganztägiger Fachtag
  art: sonstiges
  beginn: 2026-12-10
  ende: 2026-12-10
  ort: {{name: Rathaus}}
  aktualisiert: 2026-01-10T08:00
  version: 0
- id: test-mehrtaegig
  titel: Zweitägige Klausur
  art: sonstiges
  beginn: 2026-12-14
  ende: 2026-12-16
  ort: {{name: Rathaus}}
  aktualisiert: 2026-01-10T08:00
  version: 1
- id: test-abgesagt
  titel: Abgesagter Termin
  art: sonstiges
  beginn: 2026-11-02T10:00
  ende: 2026-11-02T12:00
  ort: {{name: Rathaus}}
  status: abgesagt
  aktualisiert: 2026-09-01T10:00
  version: 2
- id: test-intern
  titel: Internes Online-Treffen
  art: sonstiges
  beginn: 2026-11-03T10:00
  ende: 2026-11-03T11:00
  online: {{plattform: Webex, link: "{SECRET}"}}
  nur_mitglieder: true
  aktualisiert: 2026-09-01T10:00
  version: 0
- id: test-offen
  titel: Offene Online-Sprechstunde
  art: sonstiges
  beginn: 2026-11-04T10:00
  ende: 2026-11-04T11:00
  online: {{plattform: Zoom, link: "{PUBLIC_JOIN}"}}
  aktualisiert: 2026-09-01T10:00
  version: 0
"""


@pytest.fixture(scope="module")
def extra_site(tmp_path_factory) -> Path:
    """A second build: the example data plus the events above."""
    original = (ROOT / "data" / "events.yaml").read_text(encoding="utf-8")
    code, output, site = build_site(tmp_path_factory.mktemp("events-extra"),
                                    data_overrides={"data/events.yaml": original.rstrip() + "\n" + EXTRA_EVENTS})
    assert code == 0, output
    return site


def feed(site: Path, name: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((site / "veranstaltungen" / name).read_bytes())


def vevents(calendar) -> dict[str, icalendar.Event]:
    return {str(c["UID"]): c for c in calendar.walk("VEVENT")}


# --------------------------------------------------------------------------- pages

def test_one_page_per_event_and_no_extra_ones(site_dir, events):
    pages = {p.parent.name for p in (site_dir / "veranstaltungen").glob("*/index.html")} - {"art", "monat"}
    assert pages == set(events)


def test_one_page_per_month_listing_exactly_its_events(site_dir, events):
    months = {p.parent.name for p in (site_dir / "veranstaltungen" / "monat").glob("*/index.html")}
    assert months == {e.month for e in events.values()}
    for month in months:
        shown = linked_event_ids(dom(site_dir / "veranstaltungen" / "monat" / month / "index.html"),
                                 SITE_URL + f"veranstaltungen/monat/{month}/")
        assert sorted(shown) == sorted(e.id for e in events.values() if e.month == month)
    # every month page is linked from the overview
    nav = section(dom(site_dir / "veranstaltungen" / "index.html"), "alle-monate")
    linked = {urljoin(SITE_URL + "veranstaltungen/", a.attrs["href"]) for a in nav.find_all("a")}
    assert linked == {SITE_URL + f"veranstaltungen/monat/{m}/" for m in months}


def test_one_page_per_event_type_with_events(site_dir, events):
    pages = {p.parent.name for p in (site_dir / "veranstaltungen" / "art").glob("*/index.html")}
    assert pages == {e.type.value for e in events.values()}


def test_upcoming_and_past_split_and_order(site_dir, events, cal):
    doc = dom(site_dir / "veranstaltungen" / "index.html")
    page_url = SITE_URL + "veranstaltungen/"
    upcoming = linked_event_ids(section(doc, "kommende"), page_url)
    past = linked_event_ids(section(doc, "archiv"), page_url)
    expected_upcoming, expected_past = agenda.split(events.values(), PINNED_TODAY)
    assert upcoming == [e.id for e in expected_upcoming][:agenda.UPCOMING_LIMIT]
    assert past == [e.id for e in expected_past][:agenda.ARCHIVE_LIMIT]
    assert upcoming and past, "the example data should have upcoming and past events"
    # the split really is by the pinned date
    assert all(agenda.last_day(events[i]) >= PINNED_TODAY for i in upcoming)
    assert all(agenda.last_day(events[i]) < PINNED_TODAY for i in past)
    # order: upcoming ascending, past descending by start
    starts = [agenda.start_instant(events[i]) for i in upcoming]
    assert starts == sorted(starts)
    starts = [agenda.start_instant(events[i]) for i in past]
    assert starts == sorted(starts, reverse=True)


# The example data holds an event from Monday 2026-09-28 to Friday 2026-10-02, across the
# pinned day. It is upcoming until the end of its last day in Berlin and past from midnight.
SPANNING_EVENT = "aktionswoche-engagement-2026"


def _agenda_sections(site: Path) -> tuple[list[str], list[str]]:
    doc = dom(site / "veranstaltungen" / "index.html")
    page_url = SITE_URL + "veranstaltungen/"
    return (linked_event_ids(section(doc, "kommende"), page_url),
            linked_event_ids(section(doc, "archiv"), page_url))


def test_event_spanning_the_pinned_day_is_upcoming(site_dir, events):
    event = events[SPANNING_EVENT]
    assert agenda.start_instant(event).astimezone(BERLIN).date() < PINNED_TODAY < agenda.last_day(event)
    upcoming, past = _agenda_sections(site_dir)
    assert SPANNING_EVENT in upcoming and SPANNING_EVENT not in past


@pytest.mark.parametrize("clock, expected", [
    # SOURCE_DATE_EPOCH on the last day, late in the evening (Berlin): still upcoming
    ({"epoch": int(datetime(2026, 10, 2, 23, 30, tzinfo=BERLIN).timestamp())}, "kommende"),
    # no epoch: the wall clock decides, in Berlin. 00:30 on 3 October in Berlin is still
    # 2 October in UTC: a UTC "today" would keep the event upcoming.
    ({"epoch": None, "env": {"ENGAGIERT_WALL_CLOCK": "2026-10-03T00:30+02:00"}}, "archiv"),
], ids=["last-day-evening", "day-after-by-wall-clock"])
def test_event_is_upcoming_on_its_last_day_and_past_the_day_after(tmp_path, clock, expected):
    env = {"ENGAGIERT_SEARCH": "0", **clock.get("env", {})}
    code, output, site = build_site(tmp_path, epoch=clock["epoch"], env=env)
    assert code == 0, output
    upcoming, past = _agenda_sections(site)
    assert (SPANNING_EVENT in upcoming) == (expected == "kommende"), (upcoming, past)
    assert (SPANNING_EVENT in past) == (expected == "archiv"), (upcoming, past)


def test_month_and_year_headings(site_dir, cal):
    doc = dom(site_dir / "veranstaltungen" / "index.html")
    months = [h.text for h in section(doc, "kommende").find_all("h3", cls="ev-month")]
    years = [h.text for h in section(doc, "archiv").find_all("h3", cls="ev-year")]
    assert months == [s.label for s in cal.overview.months]
    assert years == [s.label for s in cal.overview.years]
    assert years == sorted(years, reverse=True)
    assert all(re.fullmatch(r"(Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|"
                            r"November|Dezember) \d{4}", m) for m in months), months


def test_agenda_entries_show_weekday_date_time_place_type_and_status_as_text(site_dir, events):
    doc = dom(site_dir / "veranstaltungen" / "index.html")
    page_url = SITE_URL + "veranstaltungen/"
    entries = doc.find_all("li", cls="ev-item")
    assert entries
    for entry in entries:
        [event_id] = linked_event_ids(entry, page_url)
        event = events[event_id]
        text = entry.text
        time_el = entry.find("time")
        assert time_el.attrs["datetime"] == agenda.start_attr(event)
        assert agenda.date_label(event) in text
        assert re.match(r"(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), ", time_el.text)
        assert agenda.time_label(event) in text
        assert agenda.place_label(event) in text
        assert event.type.label in text
        if event.status is not EventStatus.PLANNED:
            assert agenda.status_short(event) in text, f"{event_id}: status not written out"
        if agenda.is_online(event):
            assert "online" in text


def test_type_filter_links_work_without_javascript(site_dir, events):
    index = dom(site_dir / "veranstaltungen" / "index.html")
    nav = index.find("nav", cls="ev-filter")
    links = nav.find_all("a")
    assert links[0].attrs.get("aria-current") == "page"
    assert len(links) == 1 + len({e.type for e in events.values()})
    for link in links[1:]:
        target = urljoin(SITE_URL + "veranstaltungen/", link.attrs["href"])
        key = re.fullmatch(re.escape(SITE_URL) + r"veranstaltungen/art/([a-z-]+)/", target).group(1)
        page = dom(site_dir / "veranstaltungen" / "art" / key / "index.html")
        current = [a for a in page.find("nav", cls="ev-filter").find_all("a")
                   if a.attrs.get("aria-current") == "page"]
        assert len(current) == 1 and urljoin(SITE_URL + f"veranstaltungen/art/{key}/", current[0].attrs["href"]) == target
        shown = linked_event_ids(page, SITE_URL + f"veranstaltungen/art/{key}/")
        assert sorted(shown) == sorted(e.id for e in events.values() if e.type.value == key)


def _resolve_to_file(site_dir: Path, page_url: str, href: str) -> Path | None:
    """The built file a same-site link points to (None for other sites)."""
    if href.startswith("webcal://"):
        href = "https://" + href[len("webcal://"):]
    target = urljoin(page_url, href)
    parts = urlsplit(target)
    if parts.scheme in ("mailto", "tel"):
        return None
    if target.startswith(SITE_URL):
        path = unquote(parts.path[len(urlsplit(SITE_URL).path):])
        file = site_dir / path
        return file / "index.html" if path.endswith("/") or path == "" else file
    return None


@pytest.mark.parametrize("page", ["veranstaltungen/index.html", "veranstaltungen/art/*/index.html",
                                  "veranstaltungen/*/index.html"])
def test_every_link_on_calendar_pages_resolves(site_dir, page):
    problems = []
    for file in sorted(site_dir.glob(page)):
        rel = file.relative_to(site_dir).as_posix()
        page_url = SITE_URL + rel[: -len("index.html")]
        doc = dom(file)
        content = doc.find("article") or doc
        for a in content.find_all("a"):
            href = a.attrs.get("href", "")
            if not href or href.startswith("#"):
                if href.startswith("#") and len(href) > 1 and doc.find(id=href[1:]) is None:
                    problems.append(f"{rel}: anchor {href} missing")
                continue
            target = _resolve_to_file(site_dir, page_url, href)
            if target is not None and not target.is_file():
                problems.append(f"{rel}: {href} -> {target.relative_to(site_dir)} missing")
    assert not problems, "\n".join(problems)


def test_subscribe_box_offers_webcal_and_https_for_all_and_each_type(site_dir, events):
    box = section(dom(site_dir / "veranstaltungen" / "index.html"), "abonnieren")
    hrefs = [a.attrs["href"] for a in box.find_all("a")]
    codes = [c.text for c in box.find_all("code")]
    names = ["kalender.ics"] + [f"kalender-{t}.ics" for t in sorted({e.type.value for e in events.values()})]
    for name in names:
        assert f"webcal://www.engagiert-in-nrw.de/veranstaltungen/{name}" in hrefs
        assert f"https://www.engagiert-in-nrw.de/veranstaltungen/{name}" in codes
    text = box.text
    for program in ("Outlook", "Apple", "Thunderbird", "Google"):
        assert program in text


def test_event_page_facts(site_dir, events, cal, data):
    for event in events.values():
        file = site_dir / "veranstaltungen" / event.id / "index.html"
        doc = dom(file)
        article = doc.find("article")
        text = article.text
        assert doc.find("h1").text == " ".join(event.title.split())
        assert agenda.time_label(event) in text
        head, tail = agenda.date_parts(event)
        assert head in text and (tail is None or tail in text)
        assert event.type.label in text
        assert cal.status_text(event) in text
        notice = article.find(cls="ev-notice")
        if event.status in (EventStatus.CANCELLED, EventStatus.POSTPONED, EventStatus.MOVED_ONLINE):
            assert notice is not None, f"{event.id}: no status notice"
            assert agenda.status_notice(event)[0] in notice.text
        else:
            assert notice is None
        ics = [a for a in article.find_all("a") if a.attrs.get("href", "").endswith(".ics")]
        assert ics and "In meinen Kalender" in ics[0].text
        assert urljoin(SITE_URL + f"veranstaltungen/{event.id}/", ics[0].attrs["href"]) == \
            SITE_URL + f"veranstaltungen/{event.id}/{event.id}.ics"
        if event.host and data.get("members", event.host):
            host_links = [a for a in article.find_all("a")
                          if urljoin(SITE_URL + f"veranstaltungen/{event.id}/", a.attrs.get("href", ""))
                          == SITE_URL + f"mitglieder/{event.host}/"]
            assert host_links, f"{event.id}: no link to host {event.host}"
        if event.place and not agenda.is_online(event):
            assert event.place.name in text
            for line in agenda.address_lines(event):
                assert line in text


def test_past_events_link_their_documentation_from_calendar_and_event_page(site_dir, data, events):
    links = build_links(data)
    documented = [e for e in events.values() if links.documentation_of(e.id)]
    assert documented, "the example data should document at least one past event"
    calendar = dom(site_dir / "veranstaltungen" / "index.html")
    archive = section(calendar, "archiv")
    for event in documented:
        in_calendar = archive if not agenda.is_upcoming(event, PINNED_TODAY) else calendar
        event_page = dom(site_dir / "veranstaltungen" / event.id / "index.html")
        for article in links.documentation_of(event.id):
            target = SITE_URL + url_from_src(article.src_uri)
            for page_url, node in ((SITE_URL + "veranstaltungen/", in_calendar),
                                   (SITE_URL + f"veranstaltungen/{event.id}/", event_page)):
                hrefs = [urljoin(page_url, a.attrs["href"]) for a in node.find_all("a") if "href" in a.attrs]
                assert target in hrefs, f"{page_url}: no link to the documentation {target}"


def test_documentation_pages_show_the_event_facts_and_link_back(site_dir, data, events):
    documented = [a for a in data.articles if a.event]
    assert documented
    for article in documented:
        event = events[article.event]
        page_url = SITE_URL + url_from_src(article.src_uri)
        doc = dom(site_dir / url_from_src(article.src_uri) / "index.html")
        box = doc.find("aside", cls="ev-facts-box")
        assert box is not None, f"{article.src_uri}: no event facts"
        text = box.text
        for fact in (agenda.date_label(event), agenda.time_label(event), agenda.place_label(event),
                     event.type.label):
            assert fact in text, f"{article.src_uri}: {fact!r} missing"
        for key in event.topics:
            topic = data.get("topics", key)
            assert (topic.name if topic else key) in text
        hrefs = {urljoin(page_url, a.attrs["href"]) for a in box.find_all("a")}
        assert SITE_URL + f"veranstaltungen/{event.id}/" in hrefs


def test_event_jsonld(site_dir, events, data):
    for event in events.values():
        doc = dom(site_dir / "veranstaltungen" / event.id / "index.html")
        scripts = doc.find_all("script", type="application/ld+json")
        events_ld = [json.loads(s.text) for s in scripts]
        events_ld = [d for d in events_ld if d.get("@type") == "Event"]
        assert len(events_ld) == 1, f"{event.id}: {len(events_ld)} Event JSON-LD blocks"
        ld = events_ld[0]
        assert ld["@context"] == "https://schema.org"
        assert ld["name"] == event.title
        assert ld["url"] == SITE_URL + f"veranstaltungen/{event.id}/"
        assert ld["inLanguage"] == "de"
        if event.all_day:
            assert ld["startDate"] == event.start.isoformat() and ld["endDate"] == event.end.isoformat()
        else:
            start = datetime.fromisoformat(ld["startDate"])
            assert start.utcoffset() is not None and start == event.start
            assert re.search(r"[+-]\d{2}:\d{2}$", ld["startDate"])
            assert datetime.fromisoformat(ld["endDate"]) == event.end
        status = {"geplant": "EventScheduled", "abgesagt": "EventCancelled",
                  "verschoben": "EventPostponed", "online-verlegt": "EventMovedOnline"}[event.status.value]
        assert ld["eventStatus"] == "https://schema.org/" + status
        mode = ("Online" if agenda.is_online(event) else "Mixed" if agenda.is_hybrid(event) else "Offline")
        assert ld["eventAttendanceMode"] == f"https://schema.org/{mode}EventAttendanceMode"
        locations = ld["location"] if isinstance(ld["location"], list) else [ld["location"]]
        kinds = {loc["@type"] for loc in locations}
        if event.online:
            assert "VirtualLocation" in kinds
        if event.place and not agenda.is_online(event):
            place = next(loc for loc in locations if loc["@type"] == "Place")
            assert place["name"] == event.place.name
            if event.place.address:
                assert place["address"]["@type"] == "PostalAddress"
                assert place["address"]["addressLocality"] == event.place.address.city
        organizers = ld["organizer"] if isinstance(ld["organizer"], list) else [ld["organizer"]]
        assert organizers[0]["name"] == "Kommunen-Netzwerk: engagiert in NRW"


def test_home_page_shows_the_next_events(site_dir, cal):
    doc = dom(site_dir / "index.html")
    block = section(doc, "naechste-veranstaltungen")
    shown = linked_event_ids(block, SITE_URL)
    assert shown == [e.id for e in cal.next(3)]
    assert shown, "the example data should have upcoming events"


# --------------------------------------------------------------------------- feeds

def test_feeds_hold_every_event_once_with_data_from_the_events(site_dir, events):
    all_feed = feed(site_dir, "kalender.ics")
    items = all_feed.walk("VEVENT")
    uids = [str(v["UID"]) for v in items]
    assert len(uids) == len(set(uids))
    assert set(uids) == {e + UID_SUFFIX for e in events}
    for vevent in items:
        event = events[str(vevent["UID"]).removesuffix(UID_SUFFIX)]
        assert vevent["DTSTAMP"].dt == event.updated.astimezone(UTC)
        assert vevent["LAST-MODIFIED"].dt == event.updated.astimezone(UTC)
        assert vevent["SEQUENCE"] == event.sequence
        assert vevent["URL"] == SITE_URL + f"veranstaltungen/{event.id}/"
        assert vevent.categories == [event.type.label]
        expected_status = {"abgesagt": "CANCELLED", "verschoben": "TENTATIVE"}.get(event.status.value, "CONFIRMED")
        assert vevent["STATUS"] == expected_status
        if event.all_day:
            assert vevent["DTSTART"].dt == event.start
            assert vevent["DTEND"].dt == event.end + timedelta(days=1)
        else:
            assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
            assert vevent["DTSTART"].dt == event.start and vevent["DTEND"].dt == event.end
    assert all_feed["METHOD"] == "PUBLISH"
    assert "X-WR-CALNAME" in all_feed and "REFRESH-INTERVAL" in all_feed
    if any(not e.all_day for e in events.values()):
        [tz] = all_feed.walk("VTIMEZONE")
        assert tz["TZID"] == "Europe/Berlin" and tz.walk("STANDARD") and tz.walk("DAYLIGHT")


def test_type_feeds_and_event_files(site_dir, events):
    for event_type in {e.type for e in events.values()}:
        uids = set(vevents(feed(site_dir, f"kalender-{event_type.value}.ics")))
        assert uids == {e.id + UID_SUFFIX for e in events.values() if e.type is event_type}
    for event in events.values():
        single = icalendar.Calendar.from_ical((site_dir / "veranstaltungen" / event.id / f"{event.id}.ics").read_bytes())
        assert list(vevents(single)) == [event.id + UID_SUFFIX]
        assert "X-WR-CALNAME" not in single


def test_uids_and_event_files_stable_across_builds(site_dir, extra_site, events):
    first = vevents(feed(site_dir, "kalender.ics"))
    second = vevents(feed(extra_site, "kalender.ics"))
    assert set(first) <= set(second)
    for uid, vevent in first.items():
        assert vevent.to_ical() == second[uid].to_ical()
    for event_id in events:
        name = f"veranstaltungen/{event_id}/{event_id}.ics"
        assert (site_dir / name).read_bytes() == (extra_site / name).read_bytes(), name


def test_event_across_change_to_summer_time_is_at_the_right_utc_instant(extra_site):
    vevent = vevents(feed(extra_site, "kalender.ics"))["test-sommerzeit" + UID_SUFFIX]
    raw = (extra_site / "veranstaltungen" / "kalender.ics").read_bytes()
    assert b"DTSTART;TZID=Europe/Berlin:20270327T220000" in raw
    assert vevent["DTSTART"].dt.astimezone(UTC) == datetime(2027, 3, 27, 21, tzinfo=UTC)
    assert vevent["DTEND"].dt.astimezone(UTC) == datetime(2027, 3, 28, 2, tzinfo=UTC)
    assert vevent["DTSTAMP"].dt == datetime(2026, 7, 1, 12, 5, tzinfo=UTC)
    assert vevent["SEQUENCE"] == 4
    winter = vevents(feed(extra_site, "kalender.ics"))["test-winterzeit" + UID_SUFFIX]
    assert winter["DTEND"].dt.astimezone(UTC) == datetime(2026, 10, 25, 2, 30, tzinfo=UTC)
    # the VTIMEZONE of the single-event file marks the 2027 change at 01:00 UTC (02:00 CET)
    single = icalendar.Calendar.from_ical(
        (extra_site / "veranstaltungen/test-sommerzeit/test-sommerzeit.ics").read_bytes())
    [tz] = single.walk("VTIMEZONE")
    onsets = []
    for obs in tz.walk("DAYLIGHT"):
        starts = [obs["DTSTART"].dt]
        rdates = obs.get("RDATE")
        for rdate in (rdates if isinstance(rdates, list) else [rdates] if rdates else []):
            starts.extend(p.dt for p in rdate.dts)
        onsets += [(s - obs["TZOFFSETFROM"].td) for s in starts]
    assert datetime(2027, 3, 28, 1) in onsets


def test_whole_day_multi_day_and_cancelled_in_feeds(extra_site):
    items = vevents(feed(extra_site, "kalender.ics"))
    one = items["test-ganztag" + UID_SUFFIX]
    assert (one["DTSTART"].dt, one["DTEND"].dt) == (date(2026, 12, 10), date(2026, 12, 11))
    multi = items["test-mehrtaegig" + UID_SUFFIX]
    assert (multi["DTSTART"].dt, multi["DTEND"].dt) == (date(2026, 12, 14), date(2026, 12, 17))
    assert multi["DTSTART"].params.get("VALUE") == "DATE"
    cancelled = items["test-abgesagt" + UID_SUFFIX]
    assert cancelled["STATUS"] == "CANCELLED" and cancelled["SEQUENCE"] == 2
    sonstiges = vevents(feed(extra_site, "kalender-sonstiges.ics"))
    assert "test-abgesagt" + UID_SUFFIX in sonstiges


# --------------------------------------------------------------------------- members-only links

def _files_containing(site: Path, needle: str) -> list[str]:
    raw = needle.encode()
    escaped = json.dumps(needle)[1:-1].encode()           # JSON escapes "/" optionally
    hits = []
    for file in sorted(p for p in site.rglob("*") if p.is_file()):
        data = file.read_bytes()
        unfolded = data.replace(b"\r\n ", b"")
        if raw in unfolded or escaped in unfolded or needle.replace("/", "\\/").encode() in unfolded:
            hits.append(file.relative_to(site).as_posix())
    return hits


def test_no_members_only_join_link_anywhere_in_the_site(site_dir, events):
    secrets = [e.online.url for e in events.values() if e.members_only and e.online and e.online.url]
    assert secrets, "the example data should have a members-only event with a join link"
    for secret in secrets:
        assert not _files_containing(site_dir, secret), secret


def test_members_only_link_absent_public_link_present_in_extra_build(extra_site):
    assert not _files_containing(extra_site, SECRET)
    assert not _files_containing(extra_site, "geheim-zugang-4711")
    hits = _files_containing(extra_site, PUBLIC_JOIN)
    assert "veranstaltungen/test-offen/index.html" in hits
    assert "veranstaltungen/test-offen/test-offen.ics" in hits
    page = (extra_site / "veranstaltungen/test-intern/index.html").read_text(encoding="utf-8")
    assert "Nur für Mitglieder" in page


# --------------------------------------------------------------------------- browser

@pytest.mark.browser
@pytest.mark.parametrize("path", ["veranstaltungen/", "event", "type", "month"])
def test_no_axe_violations(page, http_base, site_dir, events, path):
    if path == "type":
        path = f"veranstaltungen/art/{sorted(e.type.value for e in events.values())[0]}/"
    if path == "month":
        path = f"veranstaltungen/monat/{max(e.month for e in events.values())}/"
    if path == "event":
        # an event with the most on it: host, topics, registration, a status notice if any
        chosen = max(events.values(), key=lambda e: (e.status is not EventStatus.PLANNED, bool(e.host),
                                                     len(e.topics), e.registration is not None, e.id))
        path = f"veranstaltungen/{chosen.id}/"
    goto(page, http_base, path)
    violations = run_axe(page)
    assert not violations, format_violations(violations)


@pytest.mark.browser
def test_calendar_layout_at_390px(page, http_base):
    page.set_viewport_size({"width": 390, "height": 844})
    goto(page, http_base, "veranstaltungen/")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"horizontal scrolling by {overflow}px at 390px"
