"""JSON Schema validation: one German message per validator keyword, at the right line and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from test_data_support import MEMBERS, Repo, line_of

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = sorted((ROOT / "schemas").glob("*.schema.json"))


@pytest.fixture
def repo(tmp_path):
    return Repo(tmp_path)


def members_line(needle: str, occurrence: int = 1) -> int:
    return line_of(MEMBERS, needle, occurrence)


# --------------------------------------------------------------------------- the schemas themselves

@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schemas_are_valid_draft_2020_12(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def _objects(schema, where="#"):
    if isinstance(schema, dict):
        if schema.get("type") == "object" and "properties" in schema:
            yield where, schema
        for key, value in schema.items():
            yield from _objects(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            yield from _objects(value, f"{where}/{i}")


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_property_has_german_title_and_description_and_objects_are_closed(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    for where, obj in _objects(schema):
        assert obj.get("additionalProperties") is False, where
        for name, prop in obj["properties"].items():
            assert prop.get("title"), f"{where}/{name} has no title"
            assert prop.get("description") or prop.get("type") == "object", f"{where}/{name} has no description"


def test_data_files_point_editors_at_their_schema():
    for name in ("members", "events", "topics"):
        first = (ROOT / "data" / f"{name}.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schemas/{name}.schema.json"
        assert (ROOT / "schemas" / f"{name}.schema.json").is_file()


def test_vscode_settings_map_data_files_to_schemas():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for name in ("members", "events", "topics"):
        assert mapping[f"./schemas/{name}.schema.json"] == [f"data/{name}.yaml"]
        assert (ROOT / "schemas" / f"{name}.schema.json").is_file()
    assert settings["[yaml]"]["editor.insertSpaces"] is True


# --------------------------------------------------------------------------- the valid example

def test_minimal_repository_is_valid(repo):
    result = repo.load()
    assert result.problems == []
    assert [m.id for m in result.data.members] == ["stadt-muenster", "gemeinde-nottuln"]


# --------------------------------------------------------------------------- keyword messages

def test_required(repo):
    repo.replace("data/members.yaml", "  name: Stadt Münster\n", "")
    p = repo.only_problem()
    assert (p.file, p.line, p.field) == ("data/members.yaml", 2, "name")
    assert p.message.startswith("Pflichtangabe fehlt: Bitte die Zeile „name: …“ ergänzen")
    assert "Stadt Münster" in p.message  # the example from the schema


def test_required_in_nested_item(repo):
    repo.replace("data/members.yaml", "    - name: Tim Testfall\n      telefon:", "    - telefon:")
    p = repo.only_problem()
    assert (p.line, p.field) == (members_line("Tim Testfall"), "ansprechpersonen[2].name")
    assert "Pflichtangabe fehlt" in p.message


def test_additional_property_suggests_the_closest_field(repo):
    repo.replace("data/members.yaml", "      email: julia", "      emial: julia")
    p = repo.only_problem()
    assert (p.line, p.field) == (members_line("email: julia"), "ansprechpersonen[1].emial")
    assert "Unbekanntes Feld „emial“. Meinten Sie „email“?" in p.message
    assert "Erlaubt sind hier: name, funktion, email, telefon" in p.message


def test_additional_property_without_close_match_lists_allowed(repo):
    repo.replace("data/members.yaml", "  website:", "  lieblingsfarbe: blau\n  website:")
    p = repo.only_problem()
    assert p.field == "lieblingsfarbe" and "Meinten Sie" not in p.message
    assert "Erlaubt sind hier: id, name, typ" in p.message


def test_enum_lists_allowed_values_and_suggests(repo):
    repo.replace("data/members.yaml", "  typ: kreisfreie-stadt", "  typ: kreisfreie stadt")
    p = repo.only_problem()
    assert (p.line, p.field) == (4, "typ")
    assert "„kreisfreie stadt“ ist hier nicht erlaubt (Art der Kommune). Meinten Sie „kreisfreie-stadt“?" in p.message
    assert "Erlaubt sind: stadt (Kreisangehörige Stadt); kreisfreie-stadt" in p.message


def test_enum_suggestion_for_case_and_extra_words(repo):
    repo.replace("data/members.yaml", "  regierungsbezirk: muenster", "  regierungsbezirk: Münster")
    repo.replace("data/members.yaml", "  kreis: Coesfeld", "  kreis: Kreis Coesfeld")
    problems = repo.problems()
    assert [p.field for p in problems] == ["regierungsbezirk", "kreis"]
    assert "Meinten Sie „muenster“?" in problems[0].message
    assert "Meinten Sie „Coesfeld“?" in problems[1].message


def test_type_number_for_text_asks_for_quotes_with_the_original_text(repo):
    repo.replace("data/members.yaml", 'plz: "48143"', "plz: 01067")   # stays text: leading zero
    repo.replace("data/members.yaml", 'telefon: "0251 000-2202"', "telefon: 2512202")
    p = repo.only_problem()
    assert (p.line, p.field) == (members_line("0251 000-2202"), "ansprechpersonen[2].telefon")
    assert p.message == ('Erwartet wird Text (Telefon), gefunden wurde die Zahl 2512202. '
                         'Bitte in Anführungszeichen setzen: "2512202".')


def test_type_empty_value(repo):
    repo.replace("data/members.yaml", "      funktion: Engagementbeauftragte", "      funktion:")
    p = repo.only_problem()
    assert p.field == "ansprechpersonen[1].funktion"
    assert p.message.startswith("Das Feld ist leer (Funktion). Bitte einen Wert eintragen oder die ganze Zeile löschen.")


def test_type_boolean_hint_for_ja(tmp_path):
    repo = Repo(tmp_path)
    repo.replace("data/events.yaml", "  nur_mitglieder: true", "  nur_mitglieder: ja")
    p = repo.only_problem()
    assert (p.file, p.field) == ("data/events.yaml", "nur_mitglieder")
    assert "Erwartet wird true oder false (Nur für Mitglieder), gefunden wurde der Text „ja“." in p.message
    assert "Bitte true schreiben" in p.message


def test_type_yes_is_not_a_boolean(tmp_path):
    repo = Repo(tmp_path)
    repo.replace("data/events.yaml", "  nur_mitglieder: true", "  nur_mitglieder: yes")
    p = repo.only_problem()
    assert "gefunden wurde der Text „yes“" in p.message


def test_type_list_expected(repo):
    repo.replace("data/members.yaml", "  instrumente: [Freiwilligenagentur]", "  instrumente: Freiwilligenagentur")
    p = repo.only_problem()
    assert p.field == "instrumente"
    assert "Erwartet wird eine Liste" in p.message and "[eintrag-1, eintrag-2]" in p.message


def test_record_that_is_not_a_mapping(repo):
    repo.write("data/topics.yaml", "- id:digitalisierung\n- id: ehrenamtskarte\n  name: E\n")
    problems = repo.problems()
    first = problems[0]
    assert (first.file, first.line, first.field) == ("data/topics.yaml", 1, None)
    assert "Jeder Eintrag der Liste besteht aus Feldern" in first.message
    assert "Fehlt nach einem Doppelpunkt ein Leerzeichen?" in first.message


def test_file_must_be_a_list(repo):
    repo.write("data/topics.yaml", "id: digitalisierung\nname: Digitalisierung\n")
    p = [p for p in repo.problems() if p.file == "data/topics.yaml"][0]
    assert p.line == 1
    assert p.message.startswith("Die Datei muss eine Liste von Einträgen sein")


def test_pattern_uses_the_schema_hint(repo):
    repo.replace("data/members.yaml", "  beitritt: 2012-12-04", "  beitritt: 04.12.2012")
    p = repo.only_problem()
    assert (p.line, p.field) == (6, "beitritt")
    assert p.message == ("„04.12.2012“ passt nicht (Beitritt): Datum bitte als JJJJ-MM-TT schreiben, "
                         "z. B. 2026-03-12 für den 12. März 2026.")


def test_pattern_slug(repo):
    repo.replace("data/members.yaml", "- id: gemeinde-nottuln", "- id: Gemeinde Nottuln")
    p = repo.only_problem()
    assert (p.line, p.field) == (members_line("- id: gemeinde-nottuln"), "id")
    assert "Nur Kleinbuchstaben a–z" in p.message


def test_pattern_email_and_url(repo):
    repo.replace("data/members.yaml", "email: fa@muenster.example", "email: mailto:fa@muenster.example")
    repo.replace("data/members.yaml", "  website: https://www.stadt-muenster.de", "  website: www.stadt-muenster.de")
    problems = repo.problems()
    assert [(p.line, p.field) for p in problems] == [
        (members_line("website"), "website"), (members_line("fa@muenster"), "koordinierungsstelle.email")]
    assert "mit https://" in problems[0].message
    assert "ohne „mailto:“" in problems[1].message


def test_format_date_that_does_not_exist(repo):
    repo.replace("data/members.yaml", "  beitritt: 2020-01-15", "  beitritt: 2020-02-30")
    p = repo.only_problem()
    assert p.field == "beitritt"
    assert p.message.startswith("Das Datum „2020-02-30“ gibt es nicht (Beitritt).")


def test_min_items(repo):
    repo.replace("data/members.yaml", "  ansprechpersonen:\n    - name: Greta Schema\n      email: greta.schema@nottuln.example\n",
                 "  ansprechpersonen: []\n")
    p = repo.only_problem()
    assert p.field == "ansprechpersonen"
    assert "Die Liste (Ansprechpersonen) braucht mindestens einen Eintrag." in p.message


def test_min_length_alt_text(repo):
    repo.replace("data/members.yaml", "    alt: Ein Beispielbild mit Giebelhäusern", '    alt: ""')
    p = repo.only_problem()
    assert (p.line, p.field) == (members_line("    alt:"), "bild.alt")
    assert "zu kurz (Alternativtext)" in p.message


def test_unique_items(repo):
    repo.replace("data/members.yaml", "  themen: [digitalisierung, ehrenamtskarte]", "  themen: [digitalisierung, digitalisierung]")
    p = repo.only_problem()
    assert p.field == "themen"
    assert "enthält „digitalisierung“ mehrfach" in p.message


def test_minimum(tmp_path):
    repo = Repo(tmp_path)
    repo.replace("data/events.yaml", "  version: 2", "  version: -1")
    p = repo.only_problem()
    assert p.field == "version" and "zu klein: mindestens 0" in p.message


def test_min_properties(tmp_path):
    repo = Repo(tmp_path)
    repo.replace("data/events.yaml", "  anmeldung:\n    link: https://anmeldung.example.org/nt\n    frist: 2025-05-01\n",
                 "  anmeldung: {}\n")
    p = repo.only_problem()
    assert p.field == "anmeldung" and "ist leer" in p.message


def test_kreis_required_for_gemeinde(repo):
    repo.replace("data/members.yaml", "  kreis: Coesfeld\n", "")
    p = repo.only_problem()
    assert (p.line, p.field) == (members_line("gemeinde-nottuln"), "kreis")
    assert "Für eine kreisangehörige Stadt oder Gemeinde bitte den Kreis angeben" in p.message


def test_kreis_forbidden_for_kreisfreie_stadt(repo):
    repo.replace("data/members.yaml", "  typ: kreisfreie-stadt\n", "  typ: kreisfreie-stadt\n  kreis: Steinfurt\n")
    p = repo.only_problem()
    assert (p.line, p.field) == (5, "kreis")
    assert "bitte die Zeile „kreis:“ löschen" in p.message


def test_front_matter_problems_use_real_file_lines(repo):
    repo.replace("content/wissen/doku.md", "format: dokumentation", "format: Doku")
    p = repo.only_problem()
    assert (p.file, p.line, p.field) == ("content/wissen/doku.md", 3, "format")
    assert "Meinten Sie" in p.message or "Erlaubt sind: dokumentation" in p.message


def test_all_problems_of_all_files_at_once(repo):
    repo.replace("data/members.yaml", "  typ: gemeinde", "  typ: dorf")
    repo.replace("data/events.yaml", "  art: workshop", "  art: seminar")
    repo.replace("data/topics.yaml", "  name: Digitalisierung\n", "")
    repo.replace("content/wissen/doku.md", "datum: 2025-05-15", "datum: gestern")
    files = sorted({p.file for p in repo.problems()})
    assert files == ["content/wissen/doku.md", "data/events.yaml", "data/members.yaml", "data/topics.yaml"]


def test_object_expected_shows_a_yaml_example(repo):
    repo.replace("data/members.yaml", "  koordinaten: {breite: 51.9625, laenge: 7.6256}", "  koordinaten: 51.9625, 7.6256")
    p = repo.only_problem()
    assert (p.line, p.field) == (7, "koordinaten")
    assert p.message == ("Erwartet wird eine Gruppe von Feldern (Koordinaten), gefunden wurde der Text „51.9625, 7.6256“. "
                         "Bitte die Angaben als eingerückte Zeilen „feldname: Wert“ darunter schreiben. "
                         "Beispiel: {breite: 51.9607, laenge: 7.6261}.")


def test_decimal_comma(repo):
    repo.replace("data/members.yaml", "  koordinaten: {breite: 51.9625, laenge: 7.6256}",
                 "  koordinaten:\n    breite: 51,9625\n    laenge: 7.6256")
    p = repo.only_problem()
    assert (p.line, p.field) == (8, "koordinaten.breite")
    assert p.message.endswith("Dezimalzahlen bitte mit Punkt schreiben: 51.9625.")


def test_decimal_comma_in_flow_mapping(repo):
    repo.replace("data/members.yaml", "{breite: 51.9625, laenge: 7.6256}", "{breite: 51,9625, laenge: 7.6256}")
    p = repo.only_problem()
    assert p.field == "koordinaten.9625"
    assert "Dezimalzahl mit Komma" in p.message


def test_no_trailing_newline_in_patterned_values(repo):
    repo.replace("data/members.yaml", "- id: gemeinde-nottuln", '- id: "gemeinde-nottuln\\n"')
    p = repo.only_problem()
    assert p.field == "id" and "Nur Kleinbuchstaben" in p.message
