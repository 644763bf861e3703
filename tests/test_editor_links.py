"""Links in editors' Markdown fields (issue #15): written as in content pages or as short
forms, rewritten on every page that shows the text, broken ones refused at their line; and
MkDocs' English warning for broken links in content pages replaced by a German one."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from engagiert.base.textlinks import classify, relative_url, rewrite, targets

from test_data_support import Repo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from helpers import build_site  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


# --------------------------------------------------------------------------- units

def test_targets_finds_inline_angle_and_reference_links():
    text = "[a](kontakt.md) ![b](<x y.pdf>) [c](mitglied:x \"T\")\n[d]: wissen:methoden/world-cafe\n"
    assert [t.text for t in targets(text)] == ["kontakt.md", "x y.pdf", "mitglied:x", "wissen:methoden/world-cafe"]
    for t in targets(text):
        assert text[t.start:t.end] == t.text


@pytest.mark.parametrize("target, kind", [
    ("https://www.dortmund.de", "external"), ("mailto:a@b.de", "external"), ("tel:+49211", "external"),
    ("#anker", "anchor"), ("kontakt.md", "path"), ("wissen/downloads/x.pdf", "path"),
    ("mitglied:stadt-dortmund", "short"), ("veranstaltung:nt-1#ort", "short"),
    ("www.bocholt.de", "bad"), ("bocholt.de/rathaus", "bad"), ("content/kontakt.md", "bad"),
    ("../../veranstaltungen/x/", "bad"), ("/kontakt/", "bad"), ("veranstaltungen/", "bad"), ("mitglieder:x", "bad"),
])
def test_classify(target, kind):
    assert classify(target).kind == kind


def test_short_form_for_articles_adds_the_wissen_folder():
    assert classify("wissen:methoden/world-cafe").id == "wissen/methoden/world-cafe"
    assert classify("wissen:wissen/methoden/world-cafe").id == "wissen/methoden/world-cafe"


@pytest.mark.parametrize("url, page, expected", [
    ("veranstaltungen/", "mitglieder/stadt-dortmund/", "../../veranstaltungen/"),
    ("veranstaltungen/#x", "", "veranstaltungen/#x"),
    ("", "mitglieder/a/", "../../"),
    ("wissen/downloads/x.pdf", "veranstaltungen/nt/", "../../wissen/downloads/x.pdf"),
    ("mitglieder/a/", "mitglieder/a/", "./"),
])
def test_relative_url(url, page, expected):
    assert relative_url(url, page) == expected


def test_rewrite_replaces_only_resolved_targets():
    text = "[a](kontakt.md) und [b](https://x.de) und [c](mitglied:m)"
    out = rewrite(text, {"kontakt.md": "../kontakt/", "mitglied:m": "../m/"}.get)
    assert out == "[a](../kontakt/) und [b](https://x.de) und [c](../m/)"


# --------------------------------------------------------------------------- make check

def profile_with(repo: Repo, line: str) -> None:
    repo.replace("data/members.yaml", "    - Punkt\n", f"    - Punkt\n\n    {line}\n")


@pytest.mark.parametrize("line, message", [
    ("[Kalender](veranstaltungen/index.md)", "Die Datei content/veranstaltungen/index.md gibt es nicht"),
    ("[Website](www.bocholt.de)", "Bitte „https://www.bocholt.de“ schreiben"),
    ("[Nottuln](mitglied:gemeinde-nottul)", "Es gibt kein Mitglied mit der id „gemeinde-nottul“. "
                                            "Meinten Sie „mitglied:gemeinde-nottuln“?"),
    ("[Termin](../../veranstaltungen/werkstatt-2027/)", "veranstaltung:<id>"),
    ("[Bericht](content/wissen/downloads/bericht.pdf)", "Bitte „content/“ am Anfang weglassen"),
    ("[Doku](wissen:dokux)", "Es gibt keinen Wissensbeitrag mit der id „dokux“"),
])
def test_broken_link_in_a_text_is_a_located_problem(tmp_path, line, message):
    repo = Repo(tmp_path)
    profile_with(repo, line)
    problem = repo.only_problem()
    assert (problem.file, problem.line, problem.field) == ("data/members.yaml", 27, "profil")
    assert message in problem.message


def test_working_links_in_a_text_pass_the_check(tmp_path):
    repo = Repo(tmp_path)
    profile_with(repo, "[Bericht](wissen/downloads/bericht.pdf), [Doku](wissen:doku), [N](mitglied:gemeinde-nottuln), "
                       "[T](veranstaltung:werkstatt-2027#anmeldung), [Thema](thema:digitalisierung), "
                       "[Wissen](wissen/index.md), [Web](https://x.example.org)")
    assert repo.problems() == []


def test_link_in_a_one_line_text_is_reported_at_the_field(tmp_path):
    repo = Repo(tmp_path)
    repo.replace("data/topics.yaml", "  beschreibung: Die Karte.", "  beschreibung: Die [Karte](karte.md).")
    problem = repo.only_problem()
    assert (problem.file, problem.line, problem.field) == ("data/topics.yaml", 6, "beschreibung")


# --------------------------------------------------------------------------- built site

def _replace(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


@pytest.fixture(scope="module")
def linked_site(tmp_path_factory):
    members = (ROOT / "data/members.yaml").read_text(encoding="utf-8")
    members = _replace(members, "    Mehr dazu auf der [Website der Stadt Dortmund](https://www.dortmund.de).",
                       "    Mehr dazu im [Kalender](veranstaltungen/index.md), bei [Münster](mitglied:stadt-muenster) "
                       "und unter [Kontakt](kontakt.md#anschrift).")
    events = (ROOT / "data/events.yaml").read_text(encoding="utf-8")
    events = _replace(events, "    von ihrer Kommune?\n",
                      "    von ihrer Kommune? Gastgeberin war [Münster](mitglied:stadt-muenster).\n")
    tmp = tmp_path_factory.mktemp("links")
    code, output, site = build_site(tmp, data_overrides={"data/members.yaml": members, "data/events.yaml": events},
                                    env={"ENGAGIERT_SEARCH": "0"})
    assert code == 0, output
    return site


def test_profile_links_are_relative_to_the_profile_page(linked_site):
    html = (linked_site / "mitglieder/stadt-dortmund/index.html").read_text(encoding="utf-8")
    assert 'href="../../veranstaltungen/"' in html
    assert 'href="../stadt-muenster/"' in html
    assert 'href="../../kontakt/#anschrift"' in html
    assert "veranstaltungen/index.md" not in html and "mitglied:" not in html


def test_event_description_links_on_the_page_in_json_ld_and_in_the_calendar(linked_site):
    html = (linked_site / "veranstaltungen/netzwerktreffen-2024-1/index.html").read_text(encoding="utf-8")
    assert 'href="../../mitglieder/stadt-muenster/"' in html
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert any("Münster (https://www.engagiert-in-nrw.de/mitglieder/stadt-muenster/)"
               in json.dumps(json.loads(b), ensure_ascii=False) for b in blocks)
    ics = (linked_site / "veranstaltungen/netzwerktreffen-2024-1/netzwerktreffen-2024-1.ics").read_bytes()
    unfolded = ics.decode("utf-8").replace("\r\n ", "")
    assert "https://www.engagiert-in-nrw.de/mitglieder/stadt-muenster/" in unfolded
    assert "mitglied:" not in unfolded


def test_broken_link_in_a_content_page_fails_the_build_in_german(tmp_path):
    page = (ROOT / "content/mitmachen.md").read_text(encoding="utf-8")
    page += "\nSiehe auch die [Broschüre](wissen/downloads/fehlt.pdf).\n"
    line = page.count("\n") - 0
    code, output, _ = build_site(tmp_path, data_overrides={"content/mitmachen.md": page},
                                 env={"ENGAGIERT_SEARCH": "0"})
    assert code != 0
    assert (f"content/mitmachen.md:{line} – Der Link „wissen/downloads/fehlt.pdf“ führt ins Leere: "
            "Die Datei content/wissen/downloads/fehlt.pdf gibt es nicht.") in output
    assert "contains a link" not in output


def test_a_link_to_a_draft_is_a_located_problem(tmp_path):
    import os
    import subprocess

    from helpers import ROOT, copy_repo

    repo = copy_repo(tmp_path / "repo")
    draft = repo / "content/aktuelles/informations-e-mail-17-entwurf.md"
    assert "entwurf: true" in draft.read_text(encoding="utf-8")
    article = (repo / "content/wissen/methoden/world-cafe.md")
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("---\n", "---\nentwurf: true\n", 1), encoding="utf-8")
    events = (repo / "data/events.yaml").read_text(encoding="utf-8")
    links = ("[Mail](aktuelles/informations-e-mail-17-entwurf.md) [Methode](wissen:methoden/world-cafe) "
             "[Plan](wissen/methoden/world-cafe.md)")
    events = events.replace("  beschreibung: |\n", "  beschreibung: |\n    " + links + "\n\n", 1)
    line = events[:events.index("[Mail]")].count("\n") + 1
    (repo / "data/events.yaml").write_text(events, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "engagiert.check", "--root", str(repo)], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120,
                          env=dict(os.environ))
    assert proc.returncode == 1, proc.stdout
    found = re.findall(rf"data/events\.yaml:{line} – Feld \"beschreibung\": Der Link „([^“]+)“ führt zu einem "
                       r"Entwurf \((content/[^,]+), entwurf: true\)", proc.stdout)
    assert sorted(found) == sorted([
        ("aktuelles/informations-e-mail-17-entwurf.md", "content/aktuelles/informations-e-mail-17-entwurf.md"),
        ("wissen:methoden/world-cafe", "content/wissen/methoden/world-cafe.md"),
        ("wissen/methoden/world-cafe.md", "content/wissen/methoden/world-cafe.md"),
    ]), proc.stdout
