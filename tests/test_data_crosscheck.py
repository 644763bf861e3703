"""Cross-checks across records and files, each with its German message at the right line."""

from __future__ import annotations

import pytest

from engagiert.load.crosscheck import email_ok, url_ok
from test_data_support import ARTICLE, EVENTS, MEMBERS, Repo, line_of


@pytest.fixture
def repo(tmp_path):
    return Repo(tmp_path)


def ev_line(needle: str, occurrence: int = 1) -> int:
    return line_of(EVENTS, needle, occurrence)


def test_duplicate_ids_report_both_lines(repo):
    repo.replace("data/members.yaml", "- id: gemeinde-nottuln", "- id: stadt-muenster")
    problems = repo.problems()
    assert [(p.file, p.line, p.field) for p in problems] == [
        ("data/members.yaml", 2, "id"), ("data/members.yaml", line_of(MEMBERS, "- id: gemeinde-nottuln"), "id")]
    assert f"auch in Zeile {line_of(MEMBERS, '- id: gemeinde-nottuln')}" in problems[0].message
    assert "auch in Zeile 2" in problems[1].message
    assert problems[0].message.startswith("Die id „stadt-muenster“ gibt es mehrfach")


def test_unknown_topic_suggests_the_closest(repo):
    repo.replace("data/members.yaml", "  themen: [digitalisierung, ehrenamtskarte]", "  themen: [digitalisierung, ehrenamtkarte]")
    p = repo.only_problem()
    assert (p.file, p.line, p.field) == ("data/members.yaml", line_of(MEMBERS, "  themen:"), "themen[2]")
    assert p.message == ("Das Thema „ehrenamtkarte“ gibt es nicht in data/topics.yaml. Meinten Sie „ehrenamtskarte“? "
                         "Bitte die id von dort übernehmen.")


def test_unknown_host_member(repo):
    repo.replace("data/events.yaml", "  gastgeber: stadt-muenster", "  gastgeber: muenster")
    p = repo.only_problem()
    assert (p.file, p.line, p.field) == ("data/events.yaml", ev_line("gastgeber"), "gastgeber")
    assert "Das Mitglied „muenster“ gibt es nicht in data/members.yaml. Meinten Sie „stadt-muenster“?" in p.message


def test_unknown_event_and_member_in_article(repo):
    repo.replace("content/wissen/doku.md", "veranstaltung: netzwerktreffen-2025-1", "veranstaltung: netzwerktreffen-2025-9")
    repo.replace("content/wissen/doku.md", "mitglieder: [stadt-muenster]", "mitglieder: [stadt-muenster, stadt-xanten]")
    problems = repo.problems()
    fields = {(p.file, p.line, p.field) for p in problems}
    assert ("content/wissen/doku.md", line_of(ARTICLE, "veranstaltung:"), "veranstaltung") in fields
    assert ("content/wissen/doku.md", line_of(ARTICLE, "mitglieder:"), "mitglieder[2]") in fields
    # the event names this page as its documentation, the page names another event:
    assert any(p.file == "data/events.yaml" and p.field == "dokumentation" and "netzwerktreffen-2025-9" in p.message
               for p in problems)


def test_reference_to_an_invalid_record_does_not_cascade(repo):
    repo.replace("data/members.yaml", "  typ: kreisfreie-stadt", "  typ: grossstadt")
    p = repo.only_problem()   # the host reference to stadt-muenster is not reported as well
    assert p.field == "typ"


def test_unreadable_file_does_not_cascade(repo):
    repo.write("data/members.yaml", "- id: a\n  name: 'kaputt\n")
    p = repo.only_problem()
    assert p.file == "data/members.yaml" and "Anführungszeichen" in p.message


def test_documentation_page_must_exist(repo):
    repo.replace("data/events.yaml", "  dokumentation: wissen/doku.md", "  dokumentation: wissen/fehlt.md")
    p = repo.only_problem()
    assert (p.line, p.field) == (ev_line("dokumentation"), "dokumentation")
    assert p.message.startswith("Die Dokumentationsseite content/wissen/fehlt.md gibt es nicht.")


def test_documentation_page_of_another_event(repo):
    repo.replace("data/events.yaml", "  art: workshop\n", "  art: workshop\n  dokumentation: wissen/doku.md\n")
    p = repo.only_problem()
    assert p.field == "dokumentation" and p.line == ev_line("  art: workshop") + 1
    assert "dokumentiert laut ihrem Kopf die Veranstaltung „netzwerktreffen-2025-1“, nicht „werkstatt-2027“" in p.message


def test_end_before_start(repo):
    repo.replace("data/events.yaml", "  ende: 2025-05-15T16:00", "  ende: 2025-05-15T09:00")
    p = repo.only_problem()
    assert (p.line, p.field) == (ev_line("  ende:"), "ende")
    assert p.message.startswith("Das Ende (15.05.2025 09:00 Uhr) liegt vor dem Beginn (15.05.2025 10:00 Uhr).")


def test_end_before_start_whole_days(repo):
    repo.replace("data/events.yaml", "  ende: 2027-02-18", "  ende: 2027-02-16")
    assert "Das Ende (16.02.2027) liegt vor dem Beginn (17.02.2027)" in repo.only_problem().message


def test_start_and_end_of_different_kinds(repo):
    repo.replace("data/events.yaml", "  ende: 2025-05-15T16:00", "  ende: 2025-05-15")
    p = repo.only_problem()
    assert p.field == "ende" and p.message.startswith("Beginn und Ende müssen gleichartig sein")


def test_event_needs_place_or_online(repo):
    repo.replace("data/events.yaml", "  online:\n    plattform: Webex\n    link: https://webex.example.org/w\n", "")
    p = repo.only_problem()
    assert (p.line, p.field) == (ev_line("- id: werkstatt-2027"), None)
    assert "Bitte „ort:“" in p.message and "„online:“" in p.message


def test_moved_online_needs_online(repo):
    repo.replace("data/events.yaml", "  status: geplant", "  status: online-verlegt")
    p = repo.only_problem()
    assert (p.line, p.field) == (ev_line("  status:"), "status")
    assert "ins Internet verlegt, aber es fehlt „online:“" in p.message


def test_registration_deadline_after_start(repo):
    repo.replace("data/events.yaml", "    frist: 2025-05-01", "    frist: 2025-05-16")
    p = repo.only_problem()
    assert (p.line, p.field) == (ev_line("frist"), "anmeldung.frist")
    assert p.message.startswith("Die Anmeldefrist (16.05.2025) liegt nach dem Beginn (15.05.2025).")


def test_registration_deadline_on_the_day_is_fine(repo):
    repo.replace("data/events.yaml", "    frist: 2025-05-01", "    frist: 2025-05-15")
    assert repo.problems() == []


@pytest.mark.parametrize("coords, swapped", [("{breite: 48.1, laenge: 11.5}", False),   # München
                                              ("{breite: 7.6256, laenge: 51.9625}", True)])
def test_coordinates_outside_nrw(repo, coords, swapped):
    repo.replace("data/members.yaml", "{breite: 51.9625, laenge: 7.6256}", coords)
    p = repo.only_problem()
    assert (p.line, p.field) == (line_of(MEMBERS, "koordinaten"), "koordinaten")
    assert "liegen nicht in Nordrhein-Westfalen" in p.message
    assert ("vertauscht" in p.message) is swapped


def test_kreis_in_wrong_district(repo):
    repo.replace("data/members.yaml", "  kreis: Coesfeld\n  regierungsbezirk: muenster", "  kreis: Coesfeld\n  regierungsbezirk: koeln")
    p = repo.only_problem()
    assert p.field == "regierungsbezirk"
    assert p.message.startswith("Der Kreis Coesfeld liegt im Regierungsbezirk Münster, nicht im Regierungsbezirk Köln")


def test_contact_needs_email_or_phone(repo):
    repo.replace("data/members.yaml", "    - name: Tim Testfall\n      telefon: \"0251 000-2202\"\n", "    - name: Tim Testfall\n")
    p = repo.only_problem()
    assert (p.line, p.field) == (line_of(MEMBERS, "Tim Testfall"), "ansprechpersonen[2]")
    assert "Für Tim Testfall fehlt eine Kontaktmöglichkeit" in p.message


def test_email_format_beyond_the_schema(repo):
    repo.replace("data/members.yaml", "email: julia.musterfrau@muenster.example", "email: julia..musterfrau@muenster.example")
    p = repo.only_problem()
    assert p.field == "ansprechpersonen[1].email"
    assert "keine gültige E-Mail-Adresse" in p.message


def test_url_format_beyond_the_schema(repo):
    repo.replace("data/members.yaml", "  website: https://www.stadt-muenster.de", "  website: https://www.stadt-muenster.de:99999/")
    p = repo.only_problem()
    assert p.field == "website" and "keine gültige Internetadresse" in p.message


def test_image_file_must_exist(repo):
    repo.replace("data/members.yaml", "datei: assets/images/bild.svg", "datei: assets/images/Bild.svg")
    p = repo.only_problem()
    assert (p.line, p.field) == (line_of(MEMBERS, "datei:"), "bild.datei")
    assert "Die Bilddatei content/assets/images/Bild.svg gibt es nicht" in p.message


def test_download_file_must_exist(repo):
    (repo.root / "content/wissen/downloads/bericht.pdf").unlink()
    p = repo.only_problem()
    assert (p.file, p.line, p.field) == ("content/wissen/doku.md", line_of(ARTICLE, "datei:"), "downloads[1].datei")
    assert "Die Datei content/wissen/downloads/bericht.pdf gibt es nicht" in p.message


@pytest.mark.parametrize("value, good", [
    ("a@b.de", True), ("vorname.nachname@stadt.example", True), ("a+b@sub.stadt-x.de", True),
    ("a@b", False), ("a@.de", False), ("a..b@c.de", False), (".a@c.de", False), ("a b@c.de", False),
    ("mailto:a@b.de", False), ("a@b.d", False),
])
def test_email_ok(value, good):
    assert email_ok(value) is good


@pytest.mark.parametrize("value, good", [
    ("https://www.muenster.de", True), ("http://a.de/x?y=1#z", True), ("https://xn--mnster-3ya.de/", True),
    ("www.muenster.de", False), ("https://muenster", False), ("https://a b.de", False),
    ("ftp://a.de", False), ("https://user:pw@a.de", False), ("https://a.de:99999", False), ("javascript:alert(1)", False),
])
def test_url_ok(value, good):
    assert url_ok(value) is good


def test_registration_needs_link_or_email(repo):
    repo.replace("data/events.yaml", "    link: https://anmeldung.example.org/nt\n", "")
    p = repo.only_problem()
    assert (p.line, p.field) == (ev_line("  anmeldung:"), "anmeldung")
    assert p.message.startswith("Es fehlt, wie man sich anmeldet")
