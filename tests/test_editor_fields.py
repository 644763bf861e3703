"""New fields for editors (issue #15): sichtbar (members), entwurf and veroeffentlichen_ab
(knowledge articles), neuer_termin (events) — validated, and their effect on the built site."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from engagiert.load.collections import PublishSpec
from engagiert.plan.publish import Status, status_of

from test_data_support import Repo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from helpers import build_site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 10, 1)


class Rec:
    def __init__(self, **kw):
        self.__dict__.update(kw)


@pytest.mark.parametrize("record, preview, expected", [
    (Rec(), False, True),
    (Rec(draft=True), False, False),
    (Rec(draft=True), True, True),
    (Rec(publish_from=date(2026, 10, 1)), False, True),
    (Rec(publish_from=date(2026, 10, 2)), False, False),
    (Rec(publish_from=date(2026, 10, 2)), True, True),
])
def test_is_published(record, preview, expected):
    """Articles share the news posts' rule (collections.yml: publish: {draft, date})."""
    status = status_of(record, PublishSpec(draft="draft", date="publish_from"), TODAY)
    assert (preview or status is Status.PUBLISHED) is expected


# --------------------------------------------------------------------------- make check

def test_event_hosted_by_a_hidden_member_is_an_error(tmp_path):
    repo = Repo(tmp_path)
    repo.replace("data/members.yaml", "  name: Stadt Münster\n", "  name: Stadt Münster\n  sichtbar: false\n")
    problems = repo.problems()
    by_field = {(p.file, p.field): p for p in problems}
    p = by_field[("data/events.yaml", "gastgeber")]
    assert "Das Mitglied „stadt-muenster“ ist ausgeblendet (sichtbar: false in data/members.yaml, Zeile 4)" in p.message
    assert ("content/wissen/doku.md", "mitglieder[1]") in by_field


def test_neuer_termin_must_name_another_existing_event_and_needs_the_status(tmp_path):
    repo = Repo(tmp_path)
    repo.replace("data/events.yaml", "  status: geplant\n", "  status: geplant\n  neuer_termin: werkstatt-2072\n")
    messages = {p.field: p.message for p in repo.problems()}
    assert "Die Veranstaltung „werkstatt-2072“ gibt es nicht in data/events.yaml. Meinten Sie „werkstatt-2027“?" \
        in messages["neuer_termin"]
    assert "Bitte „status: verschoben“ setzen" in messages["status"]


def test_neuer_termin_with_status_verschoben_passes(tmp_path):
    repo = Repo(tmp_path)
    repo.replace("data/events.yaml", "  status: geplant\n", "  status: verschoben\n  neuer_termin: werkstatt-2027\n")
    assert repo.problems() == []


def test_entwurf_must_be_true_or_false(tmp_path):
    repo = Repo(tmp_path)
    repo.replace("content/wissen/doku.md", "datum: 2025-05-15\n", "datum: 2025-05-15\nentwurf: ja\n")
    assert repo.only_problem().field == "entwurf"


# --------------------------------------------------------------------------- built site

def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    members = _replace((ROOT / "data/members.yaml").read_text(encoding="utf-8"),
                       "  name: Stadt Ahaus\n", "  name: Stadt Ahaus\n  sichtbar: false\n")
    events = _replace((ROOT / "data/events.yaml").read_text(encoding="utf-8"),
                      "  status: verschoben\n", "  status: verschoben\n  neuer_termin: netzwerktreffen-2026-2-neu\n")
    cafe = _replace((ROOT / "content/wissen/methoden/world-cafe.md").read_text(encoding="utf-8"),
                    "datum: 2024-11-07\n", "datum: 2024-11-07\nentwurf: true\n")
    guide = _replace((ROOT / "content/wissen/leitfaeden/engagementleitlinien-entwickeln.md").read_text(encoding="utf-8"),
                     "datum: 2026-01-20\n", "datum: 2026-01-20\nveroeffentlichen_ab: 2026-10-02\n")
    code, output, path = build_site(tmp_path_factory.mktemp("fields"), data_overrides={
        "data/members.yaml": members, "data/events.yaml": events,
        "content/wissen/methoden/world-cafe.md": cafe,
        "content/wissen/leitfaeden/engagementleitlinien-entwickeln.md": guide})
    assert code == 0, output
    return path


def _all_text(site: Path, suffixes=(".html", ".json", ".ics", ".xml")) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8", errors="replace")
            for p in site.rglob("*") if p.is_file() and p.suffix in suffixes}


def test_hidden_member_disappears_everywhere(site):
    assert not (site / "mitglieder/stadt-ahaus").exists()
    files = _all_text(site)
    assert not [rel for rel, text in files.items() if "Ahaus" in text or "stadt-ahaus" in text]
    directory = files["mitglieder/index.html"]
    assert "25 Mitglieder" in directory and "26 Mitglieder" not in directory


def test_draft_and_later_articles_are_not_built(site):
    assert not (site / "wissen/methoden/world-cafe").exists()
    assert not (site / "wissen/leitfaeden/engagementleitlinien-entwickeln").exists()
    files = _all_text(site)
    assert not [rel for rel, text in files.items() if "World-Café" in text or "Engagementleitlinien entwickeln" in text]


def test_postponed_event_links_its_new_date(site):
    html = (site / "veranstaltungen/netzwerktreffen-2026-2/index.html").read_text(encoding="utf-8")
    assert '<p class="ev-notice__new">Neuer Termin: <a href="../../veranstaltungen/netzwerktreffen-2026-2-neu/">' in html
    ics = (site / "veranstaltungen/netzwerktreffen-2026-2/netzwerktreffen-2026-2.ics").read_bytes().decode()
    unfolded = ics.replace("\r\n ", "")
    assert "STATUS:CANCELLED" in unfolded
    assert "DESCRIPTION:Verschoben: Neuer Termin ist" in unfolded
    assert "https://www.engagiert-in-nrw.de/veranstaltungen/netzwerktreffen-2026-2-neu/" in unfolded
