"""Plan the pages that collections produce: one per record and one per group.

Pure Python: the MkDocs hook turns a ``Plan`` into generated files and template
context. Work here is linear in the number of records.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from enum import Enum
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from ..load.collections import CollectionSpec, GroupSpec
from ..load.models import Location, SiteData


@dataclass(frozen=True)
class Group:
    """Records of one collection sharing one value of a field (a format, a year …)."""

    collection: str
    field: str
    key: str
    label: str
    records: tuple


@dataclass(frozen=True)
class PlannedPage:
    src_uri: str                # path below docs_dir, e.g. "mitglieder/aachen/index.md"
    url: str                    # site-relative URL, e.g. "mitglieder/aachen/"
    title: str
    template: str
    collection: str
    record: Any = None          # the record a record page shows
    group: Group | None = None  # the group a group page lists
    generated: bool = True      # False when the Markdown page exists already (articles)
    edit: Location | None = None

    def markdown(self) -> str:
        """Source of a generated page: metadata only, the template renders the record.

        MultiMarkdown-style ``key: value`` lines rather than YAML front matter: MkDocs reads
        them with a regular expression, while dumping and parsing YAML cost about 0.3 ms per
        page (10 s for 36,000 generated pages). A value is one line of text.
        """
        title = " ".join(self.title.split())
        return f"title: {title}\ntemplate: {self.template}\n\n"


class _Fields(Mapping):
    """Lets ``str.format_map`` read record attributes: "{id}", "{name}"."""

    def __init__(self, obj: Any, **extra: str):
        self._obj, self._extra = obj, extra

    def __getitem__(self, key: str) -> str:
        if key in self._extra:
            return self._extra[key]
        value = getattr(self._obj, key)
        return value.value if isinstance(value, Enum) else str(value)

    def __iter__(self):
        return iter([f.name for f in fields(self._obj)] if is_dataclass(self._obj) else [])

    def __len__(self) -> int:
        return len(list(iter(self)))


def url_from_src(src_uri: str) -> str:
    """The URL MkDocs gives a Markdown page with ``use_directory_urls``."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _group_values(record: Any, field: str) -> Iterable[Any]:
    value = getattr(record, field)
    if isinstance(value, (tuple, list, frozenset, set)):
        return value
    return () if value is None else (value,)


def _label(value: Any) -> str:
    return getattr(value, "label", None) or str(value)


def _key(value: Any) -> str:
    return value.value if isinstance(value, Enum) else str(value)


def _ref_label(data: SiteData | None, collection: str | None, key: str) -> str | None:
    """Name or title of the record a group key refers to (e.g. a member id)."""
    target = data.get(collection, key) if data is not None and collection else None
    return getattr(target, "name", None) or getattr(target, "title", None)


def plan_groups(spec: CollectionSpec, group: GroupSpec, records: tuple,
                data: SiteData | None = None) -> list[PlannedPage]:
    buckets: dict[str, list] = {}
    labels: dict[str, str] = {}
    for record in records:
        for value in _group_values(record, group.field):
            key = _key(value)
            buckets.setdefault(key, []).append(record)
            if key not in labels:
                labels[key] = _ref_label(data, group.ref, key) or _label(value)
    pages = []
    for key in sorted(buckets):
        url = group.url.format(key=key)
        pages.append(PlannedPage(
            src_uri=url + "index.md",
            url=url,
            title=group.title.format(key=key, label=labels[key]),
            template=group.template,
            collection=spec.name,
            group=Group(spec.name, group.field, key, labels[key], tuple(buckets[key])),
        ))
    return pages


@dataclass(frozen=True)
class Plan:
    pages: tuple[PlannedPage, ...]
    by_src: Mapping[str, PlannedPage]
    record_urls: Mapping[tuple[str, str], str]   # (collection, id) -> URL
    group_urls: Mapping[tuple[str, str, str], str] = field(default_factory=dict)  # (collection, field, key) -> URL

    def url_of(self, collection: str, record_id: str) -> str | None:
        return self.record_urls.get((collection, record_id))

    def group_url(self, collection: str, field: str, key: str) -> str | None:
        """URL of the page listing a collection's records with ``field`` = ``key``, if there is one."""
        return self.group_urls.get((collection, field, str(key)))


def plan(specs: Iterable[CollectionSpec], data: SiteData) -> Plan:
    pages: list[PlannedPage] = []
    for spec in specs:
        records = data.records.get(spec.name, ())
        for record in records:
            if spec.is_markdown:
                src = record.src_uri
                pages.append(PlannedPage(
                    src_uri=src, url=url_from_src(src), title=record.title,
                    template=spec.template or "main.html", collection=spec.name,
                    record=record, generated=False, edit=record.source,
                ))
            elif spec.url:
                url = spec.url.format_map(_Fields(record))
                pages.append(PlannedPage(
                    src_uri=url + "index.md", url=url,
                    title=(spec.title or "{id}").format_map(_Fields(record)),
                    template=spec.template, collection=spec.name, record=record,
                    edit=record.source,
                ))
        for group in spec.groups:
            pages.extend(plan_groups(spec, group, records, data))
    by_src = {p.src_uri: p for p in pages}
    record_urls = {(p.collection, p.record.id): p.url for p in pages if p.record is not None}
    group_urls = {(p.collection, p.group.field, p.group.key): p.url for p in pages if p.group is not None}
    return Plan(tuple(pages), by_src, record_urls, MappingProxyType(group_urls))
