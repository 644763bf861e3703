"""Write docs/felder.md, the editors' German field reference, from the JSON Schemas.

    python scripts/make_field_reference.py           # rewrite docs/felder.md
    python scripts/make_field_reference.py --check   # exit 1 when docs/felder.md is out of date

The schemas are the one source of truth (the build validates against them, VS Code shows
them); tests/test_editor_help.py fails when this file drifts from them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "felder.md"

# (schema, heading, where editors write it)
SCHEMAS = (
    ("members.schema.json", "Mitglieder", "`data/members.yaml`, ein Eintrag je Mitglied, beginnend mit `- id: …`"),
    ("events.schema.json", "Veranstaltungen", "`data/events.yaml`, ein Eintrag je Termin, beginnend mit `- id: …`"),
    ("article.schema.json", "Wissensbeiträge, Dokumentationen, Publikationen",
     "Kopf (Front Matter) einer Markdown-Datei unter `content/wissen/…`, zwischen zwei Zeilen `---`"),
    ("topics.schema.json", "Themen", "`data/topics.yaml` (feste Liste)"),
)
# Further schemas (e.g. news posts) are listed after these, in name order.

_TYPES = {"string": "Text", "integer": "ganze Zahl", "number": "Zahl", "boolean": "`true` oder `false`",
          "array": "Liste", "object": "Angaben darunter (eingerückt)"}


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _kind(prop: dict) -> str:
    if "enum" in prop:
        labels = prop.get("enumDescriptions") or [None] * len(prop["enum"])
        values = [f"`{v}`" + (f" ({labels[i]})" if labels[i] and labels[i] != v else "")
                  for i, v in enumerate(prop["enum"])]
        return "einer von: " + ", ".join(values)
    kind = prop.get("type")
    if isinstance(kind, list):
        return " oder ".join(_TYPES.get(k, k) for k in kind)
    if prop.get("format") == "date":
        return "Datum `JJJJ-MM-TT`"
    if kind == "array":
        items = prop.get("items", {})
        inner = _kind(items) if items else ""
        return "Liste" + (f" ({inner})" if inner and inner != "Angaben darunter (eingerückt)" else "")
    if kind is None and ("anyOf" in prop or "oneOf" in prop):
        return " oder ".join(_kind(p) for p in prop.get("anyOf") or prop.get("oneOf"))
    return _TYPES.get(kind, kind or "")


def _rows(props: dict, required: set, prefix: str = "") -> list[str]:
    rows = []
    for name, prop in props.items():
        key = f"{prefix}{name}"
        need = "ja" if name in required else ""
        example = ""
        if prop.get("examples"):
            example = "Beispiel: `" + json.dumps(prop["examples"][0], ensure_ascii=False) + "`"
        text = " ".join(t for t in (prop.get("title", ""), "–" if prop.get("description") else "",
                                    prop.get("description", "")) if t)
        rows.append(f"| `{key}` | {need} | {_cell(_kind(prop))} | {_cell(text + ' ' + example).strip()} |")
        child = prop.get("items", {}) if prop.get("type") == "array" else prop
        if isinstance(child, dict) and child.get("properties"):
            sub = f"{key}[]." if prop.get("type") == "array" else f"{key}."
            rows += _rows(child["properties"], set(child.get("required", ())), sub)
    return rows


def _section(schema: dict, heading: str, where: str) -> list[str]:
    body = schema.get("items", schema) if schema.get("type") == "array" else schema
    out = [f"## {heading}", "", f"Wo: {where}.", ""]
    if schema.get("description"):
        out += [_cell(schema["description"]), ""]
    out += ["| Feld | Pflicht | Wert | Bedeutung |", "|---|---|---|---|"]
    out += _rows(body.get("properties", {}), set(body.get("required", ())))
    return out + [""]


def render(root: Path = ROOT) -> str:
    out = ["# Felder der Daten – Nachschlagewerk für die Redaktion", "",
           "<!-- Automatisch erzeugt aus schemas/*.schema.json mit "
           "`python scripts/make_field_reference.py`. Bitte nicht von Hand ändern. -->", "",
           "Welche Angaben es gibt, welche Pflicht sind und welche Werte erlaubt sind. "
           "Listenfelder stehen mit `[]` (`ansprechpersonen[].name` ist der Name jeder "
           "Ansprechperson), eingerückte Angaben mit Punkt (`ort.adresse.plz`). Wie Einträge "
           "aussehen, zeigen die Vorlagen in [docs/vorlagen/](vorlagen/); wie man sie im "
           "Browser einträgt, steht in [CONTRIBUTING.md](../CONTRIBUTING.md).", ""]
    known = [name for name, _, _ in SCHEMAS]
    extra = sorted(p.name for p in (root / "schemas").glob("*.schema.json") if p.name not in known)
    for name, heading, where in [*SCHEMAS, *((n, None, None) for n in extra)]:
        path = root / "schemas" / name
        if not path.is_file():
            continue
        schema = json.loads(path.read_text(encoding="utf-8"))
        out += _section(schema, heading or schema.get("title", name), where or f"siehe `schemas/{name}`")
    return "\n".join(out).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="nur prüfen, ob docs/felder.md aktuell ist")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.is_file() else ""
        if current != text:
            print("docs/felder.md passt nicht mehr zu den Schemata: python scripts/make_field_reference.py",
                  file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
