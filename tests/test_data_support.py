"""Shared helpers of the data-layer tests (test_data_*.py): a small repository to break.

Not a test module itself (no tests); imported by the others.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from engagiert.load.collections import load_specs
from engagiert.load.loader import load
from engagiert.base.problems import Problem

ROOT = Path(__file__).resolve().parent.parent

TOPICS = """\
# yaml-language-server: $schema=../schemas/topics.schema.json
- id: digitalisierung
  name: Digitalisierung
- id: ehrenamtskarte
  name: Ehrenamtskarte NRW
  beschreibung: Die Karte.
"""

# Line numbers matter: tests assert them. Line 1 is the schema comment.
MEMBERS = """\
# yaml-language-server: $schema=../schemas/members.schema.json
- id: stadt-muenster
  name: Stadt Münster
  typ: kreisfreie-stadt
  regierungsbezirk: muenster
  beitritt: 2012-12-04
  koordinaten: {breite: 51.9625, laenge: 7.6256}
  website: https://www.stadt-muenster.de
  ansprechpersonen:
    - name: Julia Musterfrau
      funktion: Engagementbeauftragte
      email: julia.musterfrau@muenster.example
      telefon: "0251 000-2201"
    - name: Tim Testfall
      telefon: "0251 000-2202"
  koordinierungsstelle:
    name: FreiwilligenAgentur Münster
    adresse: {strasse: Klemensstraße 10, plz: "48143", ort: Münster}
    email: fa@muenster.example
  ehrenamtskarte: teilnahme
  instrumente: [Freiwilligenagentur]
  themen: [digitalisierung, ehrenamtskarte]
  profil: |
    ## Profil
    - Punkt
  bild:
    datei: assets/images/bild.svg
    alt: Ein Beispielbild mit Giebelhäusern
- id: gemeinde-nottuln
  name: Gemeinde Nottuln
  typ: gemeinde
  kreis: Coesfeld
  regierungsbezirk: muenster
  beitritt: 2020-01-15
  koordinaten: {breite: 51.9278, laenge: 7.3531}
  ansprechpersonen:
    - name: Greta Schema
      email: greta.schema@nottuln.example
  ehrenamtskarte: vergleichbares-instrument
"""

EVENTS = """\
# yaml-language-server: $schema=../schemas/events.schema.json
- id: netzwerktreffen-2025-1
  titel: 1. Netzwerktreffen 2025
  art: netzwerktreffen
  beginn: 2025-05-15T10:00
  ende: 2025-05-15T16:00
  ort:
    name: Rathaus
    adresse: {strasse: Markt 1, plz: "48143", ort: Münster}
  status: geplant
  gastgeber: stadt-muenster
  themen: [digitalisierung]
  anmeldung:
    link: https://anmeldung.example.org/nt
    frist: 2025-05-01
  dokumentation: wissen/doku.md
  aktualisiert: 2025-04-01T09:00
  version: 2
- id: werkstatt-2027
  titel: Werkstatt
  art: workshop
  beginn: 2027-02-17
  ende: 2027-02-18
  online:
    plattform: Webex
    link: https://webex.example.org/w
  nur_mitglieder: true
  aktualisiert: 2026-11-10
"""

ARTICLE = """\
---
title: Dokumentation des Netzwerktreffens
format: dokumentation
themen: [digitalisierung]
datum: 2025-05-15
veranstaltung: netzwerktreffen-2025-1
mitglieder: [stadt-muenster]
zusammenfassung: Ein Satz.
downloads:
  - datei: wissen/downloads/bericht.pdf
    titel: Bericht
---

# Dokumentation

Text.
"""

COLLECTIONS = """\
topics:
  source: data/topics.yaml
  schema: schemas/topics.schema.json
  model: topic
members:
  source: data/members.yaml
  schema: schemas/members.schema.json
  model: member
events:
  source: data/events.yaml
  schema: schemas/events.schema.json
  model: event
articles:
  source: content/wissen/**/*.md
  exclude: [content/wissen/index.md]
  schema: schemas/article.schema.json
  model: article
"""


class Repo:
    """A minimal valid repository in a temporary folder; tests break one thing at a time."""

    def __init__(self, path: Path):
        self.root = path
        shutil.copytree(ROOT / "schemas", path / "schemas")
        self.write("collections.yml", COLLECTIONS)
        self.write("data/topics.yaml", TOPICS)
        self.write("data/members.yaml", MEMBERS)
        self.write("data/events.yaml", EVENTS)
        self.write("content/wissen/index.md", "# Wissen\n")
        self.write("content/wissen/doku.md", ARTICLE)
        self.write("content/wissen/downloads/bericht.pdf", b"%PDF-1.4\n%%EOF\n")
        self.write("content/assets/images/bild.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")

    def write(self, rel: str, content: str | bytes) -> None:
        target = self.root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def replace(self, rel: str, old: str, new: str, count: int = 1) -> None:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, count))

    def load(self):
        specs = load_specs(self.root / "collections.yml", self.root)
        return load(self.root, specs)

    def problems(self) -> list[Problem]:
        return list(self.load().problems)

    def only_problem(self) -> Problem:
        found = self.problems()
        assert len(found) == 1, "\n".join(str(p) for p in found) or "no problem"
        return found[0]


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing ``needle``."""
    seen = 0
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not found")


def dedent(text: str) -> str:
    return textwrap.dedent(text)
