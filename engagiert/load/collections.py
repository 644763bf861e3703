"""Collection specs: the configuration in ``collections.yml`` as typed objects.

A collection is a data source, a schema, a model, a URL pattern and a template.
Page generation (``pages.py``) and loading (``loader.py``) work on these specs only,
so a new collection needs configuration and a template, not new code paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..base.problems import DataError, Problem
from .yamlsource import decode, parse


@dataclass(frozen=True)
class GroupSpec:
    field: str            # record attribute to group by (tuples: one group per item)
    url: str              # URL pattern with {key}
    template: str
    title: str            # title pattern with {key} and {label}
    ref: str | None = None  # collection the field's values are ids of: {label} is that record's name


@dataclass(frozen=True)
class PublishSpec:
    """Which record attributes decide whether a record is published yet (engagiert/plan/publish.py):
    ``draft`` names a bool attribute (a draft is never published by ``mkdocs build``), ``date`` a
    date attribute (a record dated after the build's day waits for that day)."""

    draft: str | None = None
    date: str | None = None


@dataclass(frozen=True)
class CollectionSpec:
    name: str
    source: str           # "data/x.yaml", a glob of YAML files (one record each) or of Markdown files,
                          # relative to the repository root
    schema: str
    model: str
    url: str | None       # pattern for generated record pages; None when the records are pages already
    template: str | None
    title: str | None     # title pattern for generated pages, e.g. "{name}"
    exclude: tuple[str, ...] = ()
    groups: tuple[GroupSpec, ...] = ()
    publish: PublishSpec | None = None   # drafts and scheduled records (collections.yml "publish")

    @property
    def is_markdown(self) -> bool:
        return self.source.endswith(".md")

    @property
    def is_yaml_glob(self) -> bool:
        """A glob of YAML files holding one record each (``data/befragungen/*.yaml``)."""
        return self.source.endswith((".yaml", ".yml")) and any(c in self.source for c in "*?[")


_KEYS = {"source", "schema", "model", "url", "template", "title", "exclude", "groups", "publish"}
_PUBLISH_KEYS = {"draft", "date"}
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
        publish = _publish_spec(entry.get("publish"), rel, str(name), problems)
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
            publish=publish,
        ))
    if problems:
        raise DataError(problems)
    return tuple(specs)


def _publish_spec(raw, rel: str, name: str, problems: list[Problem]) -> PublishSpec | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not raw or not set(raw) <= _PUBLISH_KEYS \
            or not all(isinstance(v, str) and v for v in raw.values()):
        problems.append(Problem(rel, None, f"{name}.publish",
                                "Erwartet eine Zuordnung mit draft (Feld für Entwürfe) und/oder date "
                                "(Feld mit dem Veröffentlichungsdatum), z. B. {draft: draft, date: date}."))
        return None
    return PublishSpec(draft=raw.get("draft"), date=raw.get("date"))
