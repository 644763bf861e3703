"""Aktuelles (issue #14) without a site build: the publishing rule (engagiert/plan/publish.py)
and the editors' mistakes in a post's front matter, each a German message at the right line."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from helpers import PINNED_TODAY, ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engagiert.load.collections import PublishSpec, load_specs  # noqa: E402
from engagiert.load.loader import load  # noqa: E402
from engagiert.load.models import SiteData  # noqa: E402
from engagiert.plan.publish import Status, decide, status_of  # noqa: E402
from engagiert.base.problems import DataError  # noqa: E402

SPEC = PublishSpec(draft="draft", date="date")


@dataclass(frozen=True)
class Rec:
    id: str
    date: date
    draft: bool = False
    src_uri: str | None = None


# --------------------------------------------------------------------------- the rule

@pytest.mark.parametrize(("record", "expected"), [
    (Rec("a", PINNED_TODAY), Status.PUBLISHED),                 # today: published by today's build
    (Rec("b", date(2026, 9, 30)), Status.PUBLISHED),
    (Rec("c", date(2026, 10, 2)), Status.SCHEDULED),            # tomorrow: waits for the nightly build
    (Rec("d", date(2020, 1, 1), draft=True), Status.DRAFT),     # a draft never, however old
    (Rec("e", date(2027, 3, 15), draft=True), Status.DRAFT),
])
def test_status(record, expected):
    assert status_of(record, SPEC, PINNED_TODAY) is expected


def test_collections_without_publish_are_untouched():
    assert status_of(Rec("x", date(2999, 1, 1), draft=True), None, PINNED_TODAY) is Status.PUBLISHED


def _specs(tmp_path):
    (tmp_path / "collections.yml").write_text(
        "things:\n  source: data/x.yaml\n  schema: s.json\n  model: topic\n  publish: {draft: draft, date: date}\n"
        "others:\n  source: data/y.yaml\n  schema: s.json\n  model: topic\n", encoding="utf-8")
    return load_specs(tmp_path / "collections.yml", tmp_path)


def test_decide_drops_withheld_records_in_a_build_and_keeps_them_in_preview(tmp_path):
    specs = _specs(tmp_path)
    records = (Rec("old", date(2026, 1, 1), src_uri="a/old.md"), Rec("new", date(2026, 12, 24), src_uri="a/new.md"),
               Rec("wip", date(2026, 2, 1), draft=True, src_uri="a/wip.md"))
    data = SiteData({"things": records, "others": (Rec("future-ok", date(2030, 1, 1)),)})
    built, publishing = decide(specs, data, PINNED_TODAY)
    assert [r.id for r in built.things] == ["old"]
    assert [r.id for r in built.others] == ["future-ok"]           # no publish: rule does not apply
    assert publishing.status("things", "new") is Status.SCHEDULED
    assert publishing.status("things", "wip") is Status.DRAFT
    assert publishing.dropped_sources() == ("a/new.md", "a/wip.md")
    previewed, publishing = decide(specs, data, PINNED_TODAY, preview=True)
    assert [r.id for r in previewed.things] == ["old", "new", "wip"]
    assert publishing.dropped_sources() == ()
    assert not publishing.is_public("things", "wip") and publishing.is_public("things", "old")


def test_a_bad_publish_entry_is_a_german_message(tmp_path):
    (tmp_path / "collections.yml").write_text(
        "things:\n  source: data/x.yaml\n  schema: s.json\n  model: topic\n  publish: {entwurf: draft}\n",
        encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_specs(tmp_path / "collections.yml", tmp_path)
    assert err.value.problems[0].field == "things.publish"
    assert "Erwartet eine Zuordnung mit draft" in err.value.problems[0].message


# --------------------------------------------------------------------------- editors' mistakes

GOOD = """---
titel: Ein Beitrag
datum: 2026-09-01
art: meldung
themen: [digitalisierung]
zusammenfassung: Kurz gesagt.
---

Text.
"""


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    root = tmp_path_factory.mktemp("news-repo")
    for name in ("collections.yml", "schemas", "data", "content"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns("vendor", "javascripts"))
        else:
            shutil.copy2(src, root / name)
    return root


def problems_for(repo: Path, text: str, name: str = "testbeitrag.md"):
    path = repo / "content" / "aktuelles" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    try:
        result = load(repo, load_specs(repo / "collections.yml", repo))
    finally:
        path.unlink()
    return [p for p in result.problems if p.file == f"content/aktuelles/{name}"]


def line(text: str, needle: str) -> int:
    return next(i for i, l in enumerate(text.splitlines(), 1) if needle in l)


def test_a_good_post_loads(repo):
    assert problems_for(repo, GOOD) == []


def test_example_posts_load_without_problems(repo):
    result = load(repo, load_specs(repo / "collections.yml", repo))
    assert result.problems == []
    assert len(result.data.records["news"]) == len(list((ROOT / "content/aktuelles").glob("*.md"))) - 1


@pytest.mark.parametrize(("change", "field", "message"), [
    (("art: meldung", "art: informations-e-mail"), "nummer",
     "Eine Informations-E-Mail braucht ihre laufende Nummer: Bitte „nummer: …“ ergänzen, z. B. „nummer: 12“."),  # at titel: the first line
    (("art: meldung", "art: meldung\nnummer: 3"), "nummer", "Eine Nummer haben nur Informations-E-Mails"),
    (("themen: [digitalisierung]", "themen: [digitalisierung]\nmitglieder: [stadt-muenstr]"), "mitglieder[1]",
     "Das Mitglied „stadt-muenstr“ gibt es nicht in data/members.yaml. Meinten Sie „stadt-muenster“?"),
    (("themen: [digitalisierung]", "themen: [digitalisierung]\nveranstaltungen: [spitzentreffen-2099]"),
     "veranstaltungen[1]", "Die Veranstaltung „spitzentreffen-2099“ gibt es nicht in data/events.yaml."),
    (("themen: [digitalisierung]", "themen: [digitalisierung]\nartikel: [wissen/methoden/world-kaffee]"),
     "artikel[1]", "Der Wissensbeitrag „wissen/methoden/world-kaffee“ gibt es nicht in content/wissen/"),
    (("themen: [digitalisierung]", "themen: [digitalisierung]\nbild: {datei: assets/images/fehlt.jpg, alt: Ein Bild}"),
     "bild.datei", "Die Bilddatei content/assets/images/fehlt.jpg gibt es nicht."),
    (("themen: [digitalisierung]", "themen: [digitalisierung]\nbild: {datei: assets/images/logo.svg}"),
     "bild.alt", "Pflichtangabe fehlt: Bitte die Zeile „alt: …“ ergänzen – Alternativtext."),
    (("themen: [digitalisierung]", "themen: [digitalisierung]\naktualisiert: 2026-08-01"), "aktualisiert",
     "„aktualisiert“ (01.08.2026) liegt vor dem Datum des Beitrags (01.09.2026)."),
    (("datum: 2026-09-01", "datum: 2026-09-31"), "datum", "Das Datum „2026-09-31“ gibt es nicht"),
    (("art: meldung", "art: newsletter"), "art", "„newsletter“ ist hier nicht erlaubt (Art). Erlaubt sind: meldung"),
    (("art: meldung", "art: meldung\nentwurf: true"), None, None),   # a draft is valid data
])
def test_mistakes_are_german_messages_at_the_line(repo, change, field, message):
    text = GOOD.replace(*change)
    found = problems_for(repo, text)
    if field is None:
        assert found == []
        return
    assert len(found) == 1, found
    p = found[0]
    assert p.field == field
    assert message in p.message, p.message
    key = field.split("[")[0].split(".")[0]
    expected = line(text, key + ":") if f"{key}:" in text else 2   # a missing field: the first line of the head
    assert p.line == expected, (p.line, text)


def test_a_file_name_that_is_a_year_is_refused(repo):
    found = problems_for(repo, GOOD, name="2026.md")
    assert len(found) == 1 and "Der Dateiname „2026.md“ passt nicht" in found[0].message


def test_informations_e_mail_numbers_are_unique(repo):
    text = GOOD.replace("art: meldung", "art: informations-e-mail\nnummer: 16")
    found = problems_for(repo, text)
    assert len(found) == 1 and found[0].field == "nummer"
    assert "Die Informations-E-Mail Nr. 16 gibt es mehrfach (auch in content/aktuelles/2026-09-informations-e-mail-16.md)" \
        in found[0].message


def test_preview_follows_the_references_of_posts(repo):
    """A data edit to an event re-renders the posts naming it under mkdocs serve (engagiert/preview.py)."""
    from engagiert.adapter.preview import references

    result = load(repo, load_specs(repo / "collections.yml", repo))
    post = next(p for p in result.data.records["news"] if p.id == "2025-12-rueckblick-netzwerktreffen")
    assert {("events", "netzwerktreffen-2025-2"), ("articles", "wissen/dokumentation/netzwerktreffen-2025-2"),
            ("topics", "digitalisierung")} <= references(post)


def test_benchmark_posts_pass_the_real_validation(tmp_path):
    """benchmarks/synthetic.py adds posts (S 100, M 1,000, L 5,000): valid, numbered without gaps."""
    from benchmarks.synthetic import SIZES, Size, make_project

    assert (SIZES["S"].posts, SIZES["M"].posts, SIZES["L"].posts) == (100, 1_000, 5_000)
    dataset = make_project(tmp_path / "repo", Size("t", members=30, events=40, articles=10, posts=60))
    result = load(tmp_path / "repo", load_specs(tmp_path / "repo" / "collections.yml", tmp_path / "repo"))
    assert result.problems == [], "\n".join(str(p) for p in result.problems[:10])
    posts = result.data.records["news"]
    assert len(posts) == dataset.posts == 60
    numbers = sorted(p.number for p in posts if p.number is not None)
    assert numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 3
