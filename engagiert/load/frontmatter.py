"""Front matter of every content page, checked with the project's loader before MkDocs reads it.

MkDocs parses front matter with PyYAML's SafeLoader: it expands aliases (an alias bomb
takes minutes and gigabytes), recurses on nesting (deep nesting crashes) and only warns
about syntax errors. So every ``.md`` below ``content/`` is read here first: UTF-8 only,
the YAML limits of ``yamlsource``, a mapping, and ``template:`` only naming a page
template of this repository.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from engagiert.base.problems import Problem
from engagiert.load.yamlsource import parse

DOCS = "content"
MAX_PAGE_BYTES = 1_000_000
# MkDocs' own front matter rule (mkdocs.utils.meta): "---" line, YAML, "---" or "..." line.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
# Fields Material prints into the page head or navigation: text only.
TEXT_FIELDS = ("title", "description", "author", "subtitle")
_TEMPLATE = re.compile(r"\A(?:collections/)?[a-z0-9][a-z0-9-]*\.html\Z")
# Material's base templates are not page templates.
_NOT_PAGE_TEMPLATES = {"base.html", "main.html"}


def page_templates(root: Path) -> frozenset[str]:
    """The allow-list: templates in overrides/ and overrides/collections/ (real files only)."""
    names = set()
    for folder in ("overrides", "overrides/collections"):
        base = Path(root) / folder
        if not base.is_dir():
            continue
        prefix = "" if folder == "overrides" else "collections/"
        for path in base.iterdir():
            if path.suffix == ".html" and path.is_file() and not path.is_symlink():
                names.add(prefix + path.name)
    return frozenset(names - _NOT_PAGE_TEMPLATES)


def check_pages(root: Path) -> list[Problem]:
    root = Path(root)
    base = root / DOCS
    if not base.is_dir() or base.is_symlink():
        return []
    templates = page_templates(root)
    problems: list[Problem] = []
    for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if not name.endswith(".md") or name.startswith(".") or path.is_symlink():
                continue  # symlinks and names: engagiert.load.files
            problems.extend(check_page(path.relative_to(root).as_posix(), path.read_bytes(), templates))
    return problems


def check_page(rel: str, data: bytes, templates: frozenset[str]) -> list[Problem]:
    """Problems of one page's bytes (front matter and encoding)."""
    if len(data) > MAX_PAGE_BYTES:
        return [Problem(rel, None, None,
                        f"Die Seite ist größer als {MAX_PAGE_BYTES // 1000} KB. Bitte auf mehrere Seiten "
                        "aufteilen; große Tabellen oder Listen gehören in eine Datendatei.")]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and b"\x00" in data[:200]):
        return [Problem(rel, 1, None,
                        "Die Seite ist im Format UTF-16 gespeichert. Bitte im Editor als „UTF-8“ speichern.")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return [Problem(rel, line, None,
                        "Die Seite ist nicht im Format UTF-8 gespeichert (ungültiges Zeichen in dieser Zeile). "
                        "Bitte im Editor als „UTF-8“ speichern und Umlaute prüfen.")]
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    match = _FRONT_MATTER.match(text)
    if match is None:
        return []
    doc = parse(match.group(1), rel, line_offset=1)
    if doc.problems:
        return list(doc.problems)
    if doc.value is None:
        return []
    if not isinstance(doc.value, dict):
        return [Problem(rel, 2, None,
                        "Der Kopf der Seite (Front Matter) muss aus Angaben „feldname: Wert“ bestehen.")]
    problems = []
    for key in TEXT_FIELDS:
        value = doc.value.get(key)
        if value is not None and not isinstance(value, (str, int, float)):
            problems.append(Problem(rel, doc.line((key,)), key,
                                    "Hier wird ein einfacher Text erwartet, keine Liste oder Zuordnung."))
    template = doc.value.get("template")
    if template is not None and (not isinstance(template, str) or not _TEMPLATE.match(template)
                                 or template not in templates):
        shown = str(template)[:100]
        problems.append(Problem(rel, doc.line(("template",)), "template",
                                f"Die Vorlage „{shown}“ gibt es nicht. Erlaubt sind: "
                                f"{', '.join(sorted(templates))}. Ohne Angabe wird die normale Seitenvorlage "
                                "verwendet."))
    return problems
