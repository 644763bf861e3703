"""Loading into typed, frozen records; builders; the example data; whole-file problems."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from engagiert.load.builders import article_id
from engagiert.load.collections import load_specs
from engagiert.load.loader import load, load_site
from engagiert.load.models import (
    Article, ArticleFormat, CardStatus, District, Event, EventStatus, EventType, Member, MemberType, Topic,
)
from engagiert.base.problems import DataError
from test_data_support import EVENTS, Repo, line_of

ROOT = Path(__file__).resolve().parent.parent
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def repo(tmp_path):
    return Repo(tmp_path)


@pytest.fixture(scope="module")
def example():
    specs = load_specs(ROOT / "collections.yml", ROOT)
    return load_site(ROOT, specs)


# --------------------------------------------------------------------------- records

def test_records_are_typed_and_frozen(repo):
    data = repo.load().data
    member = data.get("members", "stadt-muenster")
    assert isinstance(member, Member)
    assert member.type is MemberType.KREISFREIE_STADT and member.district is District.MUENSTER
    assert member.card_status is CardStatus.PARTICIPATES
    assert member.joined == date(2012, 12, 4)
    assert (member.coordinates.lat, member.coordinates.lon) == (51.9625, 7.6256)
    assert [c.name for c in member.contacts] == ["Julia Musterfrau", "Tim Testfall"]
    assert member.contacts[1].email is None and member.contacts[1].phone == "0251 000-2202"
    assert member.office.address.postal_code == "48143" and member.office.address.city == "Münster"
    assert member.topics == ("digitalisierung", "ehrenamtskarte") and member.instruments == ("Freiwilligenagentur",)
    assert member.profile.startswith("## Profil") and member.image.alt.startswith("Ein Beispielbild")
    assert member.kreis is None
    assert data.get("members", "gemeinde-nottuln").kreis == "Coesfeld"
    with pytest.raises(dataclasses.FrozenInstanceError):
        member.name = "x"  # type: ignore[misc]
    assert isinstance(member.contacts, tuple)
    assert isinstance(data.topics[1], Topic) and data.topics[1].description == "Die Karte."


def test_records_remember_where_they_start(repo):
    data = repo.load().data
    assert data.get("members", "gemeinde-nottuln").source.line == line_of(repo.read("data/members.yaml"), "- id: gemeinde-nottuln")
    assert data.get("members", "stadt-muenster").source.file == "data/members.yaml"
    assert data.get("events", "werkstatt-2027").source.line == line_of(EVENTS, "- id: werkstatt-2027")
    article = data.articles[0]
    assert (article.source.file, article.source.line) == ("content/wissen/doku.md", 1)


def test_event_times_are_aware_berlin_datetimes(repo):
    ev = repo.load().data.get("events", "netzwerktreffen-2025-1")
    assert isinstance(ev, Event) and ev.type is EventType.NETWORK_MEETING and ev.status is EventStatus.PLANNED
    assert ev.start == datetime(2025, 5, 15, 10, 0, tzinfo=BERLIN)
    assert ev.start.utcoffset() == timedelta(hours=2)
    assert ev.end.astimezone(timezone.utc).hour == 14
    assert not ev.all_day and ev.sequence == 2 and ev.members_only is False
    assert ev.updated == datetime(2025, 4, 1, 9, 0, tzinfo=BERLIN)
    assert ev.registration.deadline == date(2025, 5, 1) and ev.registration.url.startswith("https://")
    assert ev.place.address.street == "Markt 1" and ev.online is None
    assert ev.documentation == "wissen/doku.md"


def test_whole_day_events_have_dates(repo):
    ev = repo.load().data.get("events", "werkstatt-2027")
    assert ev.all_day and type(ev.start) is date and type(ev.end) is date
    assert (ev.start, ev.end) == (date(2027, 2, 17), date(2027, 2, 18))
    assert ev.members_only and ev.online.url == "https://webex.example.org/w"
    assert ev.updated == datetime(2026, 11, 10, 0, 0, tzinfo=BERLIN)   # a date: midnight in Berlin
    assert ev.status is EventStatus.PLANNED and ev.sequence == 0 and ev.place is None


@pytest.mark.parametrize("written, utc", [
    ("2026-10-25T10:00", datetime(2026, 10, 25, 9, 0, tzinfo=timezone.utc)),    # winter time again
    ("2027-03-28T11:00", datetime(2027, 3, 28, 9, 0, tzinfo=timezone.utc)),     # summer time began
    ("2026-10-25T02:30+02:00", datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc)),
    ("2026-10-25T02:30+01:00", datetime(2026, 10, 25, 1, 30, tzinfo=timezone.utc)),
    ("2026-10-25 10:00", datetime(2026, 10, 25, 9, 0, tzinfo=timezone.utc)),
    ("2026-06-01T10:00:30Z", datetime(2026, 6, 1, 10, 0, 30, tzinfo=timezone.utc)),
])
def test_clock_change_days(repo, written, utc):
    repo.replace("data/events.yaml", "  beginn: 2025-05-15T10:00\n  ende: 2025-05-15T16:00",
                 f"  beginn: {written}\n  ende: 2027-12-31T23:00")
    repo.replace("data/events.yaml", "    frist: 2025-05-01", "    frist: 2025-01-01")
    ev = repo.load().data.get("events", "netzwerktreffen-2025-1")
    assert ev is not None, repo.problems()
    # (compare in UTC: Python never equates a repeated wall time with another zone's instant)
    assert ev.start.astimezone(timezone.utc) == utc and ev.start.tzinfo is BERLIN


def test_time_skipped_by_the_clock_change(repo):
    repo.replace("data/events.yaml", "  beginn: 2025-05-15T10:00\n  ende: 2025-05-15T16:00",
                 "  beginn: 2027-03-28T02:30\n  ende: 2027-03-28T16:00")
    p = repo.only_problem()
    assert (p.line, p.field) == (line_of(EVENTS, "  beginn:"), "beginn")
    assert p.message.startswith("Die Uhrzeit 28.03.2027 um 02:30 Uhr gibt es nicht")


def test_time_repeated_by_the_clock_change(repo):
    repo.replace("data/events.yaml", "  beginn: 2025-05-15T10:00\n  ende: 2025-05-15T16:00",
                 "  beginn: 2026-10-25T02:30\n  ende: 2026-10-25T16:00")
    p = repo.only_problem()
    assert p.field == "beginn" and "gibt es zweimal" in p.message and "+01:00" in p.message


@pytest.mark.parametrize("value, words", [("2025-05-15T25:00", "Die Uhrzeit „25:00“ gibt es nicht"),
                                          ("2025-02-29T10:00", "Das Datum „2025-02-29“ gibt es nicht")])
def test_impossible_times(repo, value, words):
    repo.replace("data/events.yaml", "  beginn: 2025-05-15T10:00", f"  beginn: {value}")
    problems = repo.problems()
    assert any(p.field == "beginn" and words in p.message for p in problems), problems


def test_article_id_and_src_uri(repo):
    article = repo.load().data.articles[0]
    assert isinstance(article, Article)
    assert (article.id, article.src_uri) == ("wissen/doku", "wissen/doku.md")
    assert article.format is ArticleFormat.DOCUMENTATION and article.year == 2025
    assert article.event == "netzwerktreffen-2025-1" and article.members == ("stadt-muenster",)
    d = article.downloads[0]
    assert (d.src, d.title, d.file_format, d.size) == ("wissen/downloads/bericht.pdf", "Bericht", "PDF", 15)
    assert article_id("wissen/methoden/world-cafe/index.md") == "wissen/methoden/world-cafe"


# --------------------------------------------------------------------------- Markdown pages

def test_excluded_page_needs_no_front_matter(repo):
    assert repo.read("content/wissen/index.md") == "# Wissen\n"
    assert repo.problems() == []


def test_page_without_front_matter_is_an_error(repo):
    repo.write("content/wissen/neu/seite.md", "# Neue Seite\n\nText.\n")
    p = repo.only_problem()
    assert (p.file, p.line) == ("content/wissen/neu/seite.md", 1)
    assert p.message.startswith("Die Seite hat keinen Kopf (Front Matter).")


def test_page_with_unclosed_front_matter(repo):
    repo.write("content/wissen/neu.md", "---\ntitle: x\n\n# Text\n")
    p = repo.only_problem()
    assert "nicht abgeschlossen" in p.message


def test_page_with_empty_front_matter(repo):
    repo.write("content/wissen/neu.md", "---\n\n---\n# Text\n")
    assert "ist leer" in repo.only_problem().message


def test_page_with_front_matter_that_is_a_list(repo):
    repo.write("content/wissen/neu.md", "---\n- a\n- b\n---\n# Text\n")
    p = repo.only_problem()
    assert p.file == "content/wissen/neu.md" and "Erwartet wird eine Gruppe von Feldern" in p.message


def test_page_with_crlf_line_endings(repo):
    repo.write("content/wissen/doku.md", repo.read("content/wissen/doku.md").replace("\n", "\r\n"))
    assert repo.problems() == []


# --------------------------------------------------------------------------- whole files

@pytest.mark.parametrize("content, words, line", [
    (None, "Die Datei fehlt.", None),
    ("", "Die Datei enthält keine Einträge", None),
    ("# nur ein Kommentar\n", "Die Datei enthält keine Einträge", None),
    ("id: x\nname: y\n", "Die Datei muss eine Liste von Einträgen sein", 1),
    ("Hallo\n", "Die Datei muss eine Liste von Einträgen sein", 1),
    ("- id: a\n  name: M\u00fcnster\n".encode("latin-1"), "nicht im Format UTF-8", 2),
])
def test_whole_file_problems(repo, content, words, line):
    path = repo.root / "data/topics.yaml"
    path.unlink()
    if content is not None:
        repo.write("data/topics.yaml", content)
    problems = [p for p in repo.problems() if p.file == "data/topics.yaml"]
    assert len(problems) == 1, problems
    assert words in problems[0].message and problems[0].line == line
    assert all(p.file == "data/topics.yaml" for p in repo.problems())   # no cascade of unknown topics


def test_empty_list_is_valid(repo):
    repo.write("data/events.yaml", "[]\n")
    repo.replace("content/wissen/doku.md", "veranstaltung: netzwerktreffen-2025-1\n", "")
    assert repo.problems() == [] and repo.load().data.events == ()


def test_file_is_a_directory(repo):
    (repo.root / "data/topics.yaml").unlink()
    (repo.root / "data/topics.yaml").mkdir()
    assert "ist ein Ordner" in repo.only_problem().message


def test_missing_schema_file(repo):
    (repo.root / "schemas/topics.schema.json").unlink()
    p = repo.only_problem()
    assert p.file == "schemas/topics.schema.json" and "Schema-Datei fehlt" in p.message


def test_load_site_raises_data_error_with_every_problem(repo):
    repo.replace("data/members.yaml", "  typ: gemeinde", "  typ: dorf")
    repo.replace("data/events.yaml", "  art: workshop", "  art: seminar")
    specs = load_specs(repo.root / "collections.yml", repo.root)
    with pytest.raises(DataError) as info:
        load_site(repo.root, specs)
    report = info.value.report()
    assert report.startswith("2 Fehler in den Daten gefunden:")
    assert 'data/events.yaml:' in report and 'data/members.yaml:' in report
    assert 'Feld "art": „seminar“ ist hier nicht erlaubt' in report


def test_windows_line_endings_and_bom_in_yaml(repo):
    text = repo.read("data/members.yaml").replace("\n", "\r\n")
    repo.write("data/members.yaml", b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = repo.load()
    assert result.problems == []
    assert result.data.get("members", "gemeinde-nottuln").source.line == line_of(repo.read("data/members.yaml").replace("\r\n", "\n"), "- id: gemeinde-nottuln")


# --------------------------------------------------------------------------- the example data

def test_example_data_is_valid_and_complete(example):
    assert len(example.topics) >= 10
    assert len(example.members) >= 24
    assert len(example.events) >= 16
    assert 4 <= len(example.articles) <= 8


def test_example_members_cover_every_case(example):
    members = example.members
    assert {m.district for m in members} == set(District)
    assert {m.type for m in members} == set(MemberType)
    assert {m.card_status for m in members} == set(CardStatus)
    assert any(m.image is not None and m.image.alt for m in members)
    assert any(m.office is not None and m.office.address is not None for m in members)
    assert any(len(m.contacts) > 1 for m in members)
    assert all(m.instruments or m.type is MemberType.GEMEINDE for m in members)
    profiles = [m.profile for m in members if m.profile]
    assert any("## " in p for p in profiles) and any("\n- " in p for p in profiles) and any("](https://" in p for p in profiles)
    for m in members:   # fictitious contact data only
        for c in m.contacts:
            assert c.email is None or c.email.endswith(".example"), c.email


def test_example_events_cover_every_case(example):
    events = example.events
    test_day, real_day = date(2026, 10, 1), date(2026, 11, 24)

    def day(value):
        return value.date() if isinstance(value, datetime) else value

    assert {e.type for e in events} == set(EventType)
    assert {e.status for e in events} == set(EventStatus)
    for today in (test_day, real_day):
        assert any(day(e.start) < today for e in events) and any(day(e.start) > today for e in events)
    assert any(e.place is None and e.online is not None for e in events)                       # online only
    assert any(e.all_day and e.end > e.start for e in events)                                    # multi-day
    assert any(e.members_only and e.online and e.online.url for e in events)                    # join link to hide
    assert any(e.registration and e.registration.url and e.registration.deadline for e in events)
    assert any(e.host for e in events) and any(e.documentation for e in events)
    dst_days = {date(2026, 10, 25), date(2027, 3, 28)}
    assert {day(e.start) for e in events if not e.all_day} >= dst_days
    years = {day(e.start).year for e in events}
    assert {2024, 2025, 2026, 2027} <= years


def test_example_articles_cover_every_format(example):
    formats = {a.format for a in example.articles}
    assert formats == set(ArticleFormat)
    documentation = [a for a in example.articles if a.format is ArticleFormat.DOCUMENTATION]
    assert len(documentation) >= 2 and all(a.src_uri.startswith("wissen/dokumentation/") and a.event for a in documentation)
    downloads = [d for a in example.articles for d in a.downloads]
    assert downloads and all(d.size and d.size > 0 for d in downloads)
    pdf = (ROOT / "content" / downloads[0].src).read_bytes()
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


def test_example_files_are_marked_as_example_data():
    for rel in ("data/topics.yaml", "data/members.yaml", "data/events.yaml"):
        head = (ROOT / rel).read_text(encoding="utf-8")[:600]
        assert "Beispieldaten" in head, rel
    for survey in (ROOT / "data" / "befragungen").glob("*.yaml"):  # issue #17
        assert "Beispieldaten" in survey.read_text(encoding="utf-8")[:600], survey
    for page in (ROOT / "content" / "wissen").rglob("*.md"):
        if page.name == "index.md" and page.parent.name in ("wissen", "befragungen"):
            continue  # overview pages, not example records
        assert "Beispieldaten" in page.read_text(encoding="utf-8")[:400], page
