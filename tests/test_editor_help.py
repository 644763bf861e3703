"""Editors' help (issue #15): the field reference cannot drift from the schemas, and the
copy-ready templates pass `make check` as they are."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

from test_data_support import Repo

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("make_field_reference", ROOT / "scripts/make_field_reference.py")
reference = importlib.util.module_from_spec(_spec)
sys.modules["make_field_reference"] = reference
_spec.loader.exec_module(reference)
TEMPLATES = ROOT / "docs" / "vorlagen"


def test_field_reference_is_current():
    assert (ROOT / "docs/felder.md").read_text(encoding="utf-8") == reference.render(ROOT), \
        "docs/felder.md is out of date: run python scripts/make_field_reference.py"


def test_field_reference_lists_every_property_of_every_schema():
    text = reference.render(ROOT)
    for path in sorted((ROOT / "schemas").glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        body = schema.get("items", schema)
        for name in body.get("properties", {}):
            assert f"| `{name}` |" in text, (path.name, name)


def test_field_reference_follows_a_schema_change(tmp_path):
    (tmp_path / "schemas").mkdir()
    for path in (ROOT / "schemas").glob("*.json"):
        (tmp_path / "schemas" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    schema_path = tmp_path / "schemas/members.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["items"]["properties"]["neues_feld"] = {"type": "string", "title": "Neu", "description": "Ein neues Feld."}
    schema_path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    assert "| `neues_feld` |  | Text | Neu – Ein neues Feld. |" in reference.render(tmp_path)


def _body(template: str) -> str:
    text = (TEMPLATES / template).read_text(encoding="utf-8")
    return text[text.index("\n- id:") + 1:]


def test_member_and_event_templates_pass_the_check(tmp_path):
    repo = Repo(tmp_path)
    repo.write("data/members.yaml", repo.read("data/members.yaml") + _body("mitglied.yaml"))
    repo.write("data/events.yaml", repo.read("data/events.yaml") + _body("veranstaltung.yaml"))
    # the template's links point at pages of the real site
    repo.write("content/veranstaltungen/index.md", "# Veranstaltungen\n")
    assert repo.problems() == []


def test_article_templates_pass_the_check(tmp_path):
    repo = Repo(tmp_path)
    repo.write("data/events.yaml", repo.read("data/events.yaml") + _body("veranstaltung.yaml"))
    repo.write("data/topics.yaml", repo.read("data/topics.yaml") + "- id: engagementfoerderung\n  name: E\n")
    for name in ("beispiel-praesentation.pdf", "beispiel-publikation.pdf"):
        repo.write(f"content/wissen/downloads/{name}", b"%PDF-1.4\n%%EOF\n")
    repo.write("content/wissen/dokumentation/workshop-beispiel-2027.md",
               (TEMPLATES / "dokumentation.md").read_text(encoding="utf-8"))
    repo.write("content/wissen/publikationen/beispiel.md", (TEMPLATES / "publikation.md").read_text(encoding="utf-8"))
    assert repo.problems() == []
