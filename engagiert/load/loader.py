"""Load every collection's source, validate it, and build typed records.

For each collection in ``collections.yml``: read the YAML list file, the YAML files
matching its glob (one record per file, the id is the file name) or the Markdown
pages matching its glob (minus ``exclude``), parse with line numbers
(``yamlsource``), validate against the collection's JSON Schema (``validation``),
build frozen records (``builders``) and finally run the checks across records
(``crosscheck``). Problems of all files are collected and raised together as one
``DataError``; otherwise the result is a ``SiteData``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema.exceptions import SchemaError

from .builders import BUILDERS as CORE_BUILDERS
from .builders import Context, Invalid, article_id
from .news import build_post
from .surveys import build_survey
from .collections import CollectionSpec
from .crosscheck import Entry, crosscheck
from .models import Location, SiteData
from ..base.problems import DataError, Problem
from .validation import load_validator, validate
from .yamlsource import Parsed, decode, parse

# Every model a collection may name (collections.yml ``model``): the core records, news posts
# (issue #14, load/news.py) and surveys (issue #17, load/surveys.py).
BUILDERS = {**CORE_BUILDERS, "news": build_post, "survey": build_survey}

DOCS_DIR = "content"

# MkDocs' own front matter rule (mkdocs.utils.meta): "---" line, YAML, "---" or "..." line.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)


@dataclass
class LoadResult:
    data: SiteData
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)   # every file read, relative to the root


def load_site(root: Path, specs: tuple[CollectionSpec, ...]) -> SiteData:
    """All collections as typed records; raises ``DataError`` listing every problem."""
    result = load(root, specs)
    if result.problems:
        raise DataError(result.problems)
    return result.data


def _drafts(entries: list, specs: tuple[CollectionSpec, ...]) -> dict[tuple[str, str], str]:
    """(collection, id) -> source file of every draft: never published by ``mkdocs build``, so
    a published text must not link to it. Scheduled records are decided by the build's day
    (engagiert/plan/publish.py), which loading does not know."""
    flags = {spec.name: spec.publish.draft for spec in specs if spec.publish and spec.publish.draft}
    return {(e.collection, e.id): e.doc.file for e in entries
            if e.record is not None and e.collection in flags and getattr(e.record, flags[e.collection], False)}


def load(root: Path, specs: tuple[CollectionSpec, ...]) -> LoadResult:
    """Like ``load_site`` but returns the problems instead of raising."""
    root = Path(root)
    problems: list[Problem] = []
    entries: list[Entry] = []
    records: dict[str, list[Any]] = {}
    files: list[str] = []
    unreadable: set[str] = set()
    for spec in specs:
        records[spec.name] = []
        validator = _validator(root, spec, problems)
        builder = BUILDERS.get(spec.model)
        if builder is None:
            problems.append(Problem("collections.yml", None, f"{spec.name}.model",
                                    f"Unbekanntes Modell „{spec.model}“. Bekannt sind: {', '.join(sorted(BUILDERS))}."))
            continue
        if spec.is_markdown:
            sources = _markdown_sources(root, spec, problems)
        elif spec.is_yaml_glob:
            sources = [(rel, _RECORD_FILE) for rel in _glob_sources(root, spec)]
        else:
            sources = [(spec.source, None)]
        for rel, src_uri in sources:
            files.append(rel)
            if src_uri is _RECORD_FILE:
                new = _load_record_file(root, rel, spec, validator, builder, problems)
            elif src_uri is None:
                new = _load_list_file(root, rel, spec, validator, builder, problems)
            else:
                new = _load_page(root, rel, src_uri, spec, validator, builder, problems)
            if new is None:
                unreadable.add(spec.model)
                continue
            for entry in new:
                entries.append(entry)
                if entry.record is not None:
                    records[spec.name].append(entry.record)
    problems.extend(crosscheck(entries, root, unreadable))
    from ..load.editor_fields import check_editor_fields, hidden_members  # issue #15
    from ..load.text_links import check_text_links

    problems.extend(check_editor_fields(entries))
    from .text_hygiene import check_text_hygiene  # issue #13: invisible characters, duplicate names

    problems.extend(check_text_hygiene(entries))
    drafts = _drafts(entries, specs)
    problems.extend(check_text_links(entries, root, frozenset(("members", m) for m in hidden_members(entries)),
                                     drafts))
    # Pictures (issue #16): alternative text, format, size and width of images in data and Markdown.
    from ..load.pictures import check_entries, check_markdown
    problems.extend(check_entries(entries, root))
    problems.extend(check_markdown(root))
    return LoadResult(SiteData(records), problems, files)


def _validator(root: Path, spec: CollectionSpec, problems: list[Problem]):
    path = root / spec.schema
    try:
        return load_validator(path)
    except OSError:
        problems.append(Problem(spec.schema, None, None,
                                f"Die Schema-Datei fehlt oder ist nicht lesbar (Sammlung „{spec.name}“ in collections.yml)."))
    except json.JSONDecodeError as exc:
        problems.append(Problem(spec.schema, exc.lineno, None, f"Die Schema-Datei ist kein gültiges JSON: {exc.msg}."))
    except SchemaError as exc:
        problems.append(Problem(spec.schema, None, None, f"Die Schema-Datei ist kein gültiges JSON Schema: {exc.message}"))
    return None


def _read(root: Path, rel: str, problems: list[Problem], what: str = "Die Datei") -> str | None:
    path = root / rel
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        problems.append(Problem(rel, None, None, f"{what} fehlt. Bitte die Datei anlegen oder den Pfad in "
                                                 "collections.yml korrigieren."))
        return None
    except IsADirectoryError:
        problems.append(Problem(rel, None, None, f"{what} ist ein Ordner, keine Datei."))
        return None
    except OSError as exc:
        problems.append(Problem(rel, None, None, f"{what} kann nicht gelesen werden ({exc.strerror or exc})."))
        return None
    text, problem = decode(data, rel)
    if problem is not None:
        problems.append(problem)
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _record_id(value: Any) -> str | None:
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return value["id"]
    return None


def _load_list_file(root, rel, spec, validator, builder, problems) -> list[Entry] | None:
    """Entries of a YAML list file; None when the file as a whole is unusable."""
    text = _read(root, rel, problems)
    if text is None:
        return None
    doc = parse(text, rel, records=True)
    problems.extend(doc.problems)
    if not doc.ok:
        return None
    if doc.value is None:
        problems.append(Problem(rel, None, None,
                                "Die Datei enthält keine Einträge. Jeder Eintrag beginnt mit „- id: …“; gibt es "
                                "(noch) keine, schreiben Sie eine leere Liste: []"))
        return None
    bad: set = set()
    if validator is not None:
        found, bad = validate(doc, validator, records=True)
        problems.extend(found)
    if not isinstance(doc.value, list):
        if validator is None:
            problems.append(Problem(rel, 1, None, "Die Datei muss eine Liste von Einträgen sein (je Eintrag „- id: …“)."))
        return None
    entries = []
    for index, item in enumerate(doc.value):
        path = (index,)
        entry = Entry(spec.name, spec.model, _record_id(item), doc, path)
        entries.append(entry)
        if validator is None or index in bad or () in bad or not isinstance(item, dict):
            continue
        location = Location(rel, doc.lines.get(path, 1))
        entry.record = _build(builder, item, location, Context(doc, path, root), problems)
    return entries


# Marks a source that is a YAML file holding exactly one record (a glob source).
_RECORD_FILE = object()
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _glob_sources(root: Path, spec: CollectionSpec) -> list[str]:
    excluded = set(spec.exclude)
    return [p.relative_to(root).as_posix() for p in sorted(root.glob(spec.source))
            if p.is_file() and p.relative_to(root).as_posix() not in excluded]


def record_file_id(rel: str) -> str:
    """The id of a record that is a file of its own: the file name without extension."""
    return Path(rel).stem


def _load_record_file(root, rel, spec, validator, builder, problems) -> list[Entry] | None:
    """The one record of a YAML file of a glob source; None when the file is unusable."""
    text = _read(root, rel, problems)
    if text is None:
        return None
    record_id = record_file_id(rel)
    if not _SLUG.match(record_id):
        problems.append(Problem(rel, None, None,
                                f"Der Dateiname „{Path(rel).name}“ taugt nicht als Adresse: Er wird Teil der "
                                "Adresse der Seite. Bitte nur Kleinbuchstaben a–z, Ziffern und Bindestriche "
                                "verwenden, z. B. mitgliederbefragung-2025.yaml."))
        return None
    doc = parse(text, rel)
    problems.extend(doc.problems)
    if not doc.ok:
        return None
    if not isinstance(doc.value, dict):
        problems.append(Problem(rel, 1 if doc.value is not None else None, None,
                                "Die Datei muss genau einen Eintrag mit Feldern enthalten (z. B. „titel: …“ "
                                "am Zeilenanfang), keine Liste und keinen leeren Inhalt."))
        return None
    entry = Entry(spec.name, spec.model, record_id, doc, ())
    if validator is None:
        return [entry]
    found, bad = validate(doc, validator, records=False)
    problems.extend(found)
    if bad:
        return [entry]
    entry.record = _build(builder, doc.value, Location(rel, 1), Context(doc, (), root), problems)
    return [entry]


def _markdown_sources(root: Path, spec: CollectionSpec, problems: list[Problem]) -> list[tuple[str, str]]:
    excluded = set(spec.exclude)
    found = []
    for path in sorted(root.glob(spec.source)):
        if not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        if rel in excluded:
            continue
        if not rel.startswith(DOCS_DIR + "/"):
            problems.append(Problem("collections.yml", None, f"{spec.name}.source",
                                    f"Die Seite {rel} liegt nicht unter {DOCS_DIR}/."))
            continue
        found.append((rel, rel[len(DOCS_DIR) + 1:]))
    return found


def _load_page(root, rel, src_uri, spec, validator, builder, problems) -> list[Entry]:
    text = _read(root, rel, problems, "Die Seite")
    if text is None:
        return []
    match = _FRONT_MATTER.match(text)
    if match is None:
        if text.startswith("---"):
            problems.append(Problem(rel, 1, None,
                                    "Der Kopf der Seite (Front Matter) ist nicht abgeschlossen: Nach den Angaben muss "
                                    "eine Zeile mit genau „---“ folgen, danach der Text der Seite."))
        else:
            problems.append(Problem(rel, 1, None,
                                    "Die Seite hat keinen Kopf (Front Matter). Jede Seite hier braucht am Anfang "
                                    "Angaben zwischen zwei Zeilen „---“, mindestens title, format, themen, datum "
                                    "und zusammenfassung (siehe CONTRIBUTING.md)."))
        return []
    doc = parse(match.group(1), rel, line_offset=1)
    problems.extend(doc.problems)
    if not doc.ok:
        return []
    if doc.value is None:
        problems.append(Problem(rel, 1, None, "Der Kopf der Seite (Front Matter) ist leer. Bitte mindestens title, "
                                              "format, themen, datum und zusammenfassung angeben."))
        return []
    entry = Entry(spec.name, spec.model, article_id(src_uri), doc, ())
    if validator is None:
        return [entry]
    found, bad = validate(doc, validator, records=False)
    problems.extend(found)
    if bad or not isinstance(doc.value, dict):
        return [entry]
    entry.record = _build(builder, doc.value, Location(rel, 1), Context(doc, (), root, src_uri=src_uri), problems)
    return [entry]


def _build(builder, data: dict, location: Location, ctx: Context, problems: list[Problem]):
    try:
        record = builder(data, location, ctx)
    except Invalid:
        record = None
    problems.extend(ctx.problems)
    return None if ctx.problems else record
