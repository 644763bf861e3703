"""Collection specs: the configuration in ``collections.yml`` as typed objects.

A collection is a data source, a schema, a model, a URL pattern and a template.
Page generation (``pages.py``) and loading (``loader.py``) work on these specs only,
so a new collection needs configuration and a template, not new code paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .problems import DataError, Problem
from .yamlsource import decode, parse


@dataclass(frozen=True)
class GroupSpec:
    field: str            # record attribute to group by (tuples: one group per item)
    url: str              # URL pattern with {key}
    template: str
    title: str            # title pattern with {key} and {label}
    ref: str | None = None  # collection the field's values are ids of: {label} is that record's name


@dataclass(frozen=True)
class CollectionSpec:
    name: str
    source: str           # "data/x.yaml" or a glob of Markdown files, relative to the repository root
    schema: str
    model: str
    url: str | None       # pattern for generated record pages; None when the records are pages already
    template: str | None
    title: str | None     # title pattern for generated pages, e.g. "{name}"
    exclude: tuple[str, ...] = ()
    groups: tuple[GroupSpec, ...] = ()

    @property
    def is_markdown(self) -> bool:
        return self.source.endswith(".md")


_KEYS = {"source", "schema", "model", "url", "template", "title", "exclude", "groups"}
_GROUP_KEYS = {"field", "url", "template", "title"}
_GROUP_OPTIONAL = {"ref"}


def load_specs(path: Path, root: Path) -> tuple[CollectionSpec, ...]:
    """Read ``collections.yml``; configuration mistakes become German problems."""
    rel = path.relative_to(root).as_posix() if path.is_absolute() else str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError([Problem(rel, None, None, f"Die Sammlungs-Konfiguration kann nicht gelesen werden: {exc}")])
    # The project's own loader: the same limits (depth, no aliases, UTF-8) as every data file.
    text, problem = decode(data, rel)
    if problem is not None:
        raise DataError([problem])
    doc = parse(text, rel)
    if doc.problems:
        raise DataError(doc.problems)
    raw = doc.value or {}
    if not isinstance(raw, dict):
        raise DataError([Problem(rel, 1, None, "Die Sammlungs-Konfiguration muss eine Zuordnung sein (name: …).")])
    problems: list[Problem] = []
    specs: list[CollectionSpec] = []
    for name, entry in raw.items():
        if not isinstance(entry, dict):
            problems.append(Problem(rel, None, str(name), "Erwartet eine Zuordnung mit source, schema, model …"))
            continue
        unknown = set(entry) - _KEYS
        missing = {"source", "schema", "model"} - set(entry)
        for key in sorted(unknown):
            problems.append(Problem(rel, None, f"{name}.{key}", "Unbekannter Schlüssel."))
        for key in sorted(missing):
            problems.append(Problem(rel, None, f"{name}.{key}", "Pflichtangabe fehlt."))
        if bool(entry.get("url")) != bool(entry.get("template")) and not str(entry.get("source", "")).endswith(".md"):
            problems.append(Problem(rel, None, str(name), "url und template gehören zusammen."))
        groups = []
        for i, g in enumerate(entry.get("groups") or ()):
            if not isinstance(g, dict) or not _GROUP_KEYS <= set(g) <= _GROUP_KEYS | _GROUP_OPTIONAL:
                problems.append(Problem(rel, None, f"{name}.groups[{i}]",
                                        f"Erwartet die Schlüssel {sorted(_GROUP_KEYS)}, optional {sorted(_GROUP_OPTIONAL)}."))
                continue
            groups.append(GroupSpec(**{k: str(v) for k, v in g.items()}))
        if unknown or missing:
            continue
        specs.append(CollectionSpec(
            name=str(name),
            source=str(entry["source"]),
            schema=str(entry["schema"]),
            model=str(entry["model"]),
            url=entry.get("url"),
            template=entry.get("template"),
            title=entry.get("title"),
            exclude=tuple(entry.get("exclude") or ()),
            groups=tuple(groups),
        ))
    if problems:
        raise DataError(problems)
    return tuple(specs)
