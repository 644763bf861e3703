"""One build of the site: data, page plan and the helpers templates use.

The MkDocs hook creates a ``Build`` in ``on_config`` and asks it for files,
template context and extra outputs. Everything here works without MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..base.problems import DataError
from ..base.clock import build_today
from ..load.collections import CollectionSpec, load_specs
from .crosslinks import Links, build_links
from ..load.loader import load_site
from ..load.models import SiteData
from ..load.yamlsource import ParseMemo, memo
from .pages import Plan, plan


@dataclass
class Build:
    root: Path
    specs: tuple[CollectionSpec, ...]
    data: SiteData
    plan: Plan
    links: Links
    today: date
    repository: str | None
    site_url: str
    uses_material_search: bool = False
    # children of output writers started before the pages were rendered (engagiert.outputs.writers.start)
    early_writers: list = field(default_factory=list)
    # drafts and scheduled records (engagiert/plan/publish.py); None: everything published
    publishing: Any = None
    # BITVNRW facts (issue #20): DGS videos, statement data, untagged PDFs, Leichte Sprache
    accessibility: Any = None
    # members hidden by their editors (sichtbar: false; issue #15)
    left_out: tuple = ()
    # pictures (issue #16): every raster image used (engagiert/load/pictures.Catalog), and
    # the title of each converted Markdown page (for the credits on the Impressum)
    pictures: Any = None
    page_titles: dict = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path, config: Any, preview: bool = False, parsed: "ParseMemo | None" = None) -> "Build":
        """``preview``: ``mkdocs serve``, which shows drafts and scheduled records too.
        ``parsed``: documents parsed by earlier builds (a preview keeps one across rebuilds)."""
        with memo(parsed):  # the file policy and the loader read the same front matter
            return cls._load(root, config, preview)

    @classmethod
    def _load(cls, root: Path, config: Any, preview: bool) -> "Build":
        from .publish import decide
        from .publishing import without_hidden

        extra = config.get("extra", {}) if hasattr(config, "get") else {}
        specs = load_specs(root / extra.get("collections_config", "collections.yml"), root)
        # Files and page heads first (issue #13): nothing is read through a link or parsed unchecked.
        from ..load.policy import check_repository

        problems = check_repository(root)
        if problems:
            raise DataError(problems)
        today = build_today()
        data, publishing = decide(specs, load_site(root, specs), today, preview=preview)
        data, left_out = without_hidden(data)
        from ..load.pictures import collect as collect_pictures

        return cls(
            root=root,
            specs=specs,
            data=data,
            plan=plan(specs, data),
            links=build_links(data),
            today=today,
            repository=extra.get("repository"),
            site_url=config.get("site_url") or "",
            uses_material_search="material/search" in (config.get("plugins") or {}),
            publishing=publishing,
            accessibility=_load_accessibility(root, data),
            left_out=left_out,
            pictures=collect_pictures(root, data),
        )

    def url_of(self, collection: str, record_id: str) -> str | None:
        """Site-relative URL of a record's page ("mitglieder/aachen/"), or None."""
        return self.plan.url_of(collection, record_id)

    def group_url(self, collection: str, field: str, key: str) -> str | None:
        """Site-relative URL of the page listing a group (the events of one month …), or None."""
        return self.plan.group_url(collection, field, key)

    def source_url(self, location) -> str | None:
        """Link to the place on GitHub where a record was written, at its line."""
        if not self.repository or location is None:
            return None
        return f"{self.repository}/blob/main/{location.file}#L{location.line}"

    def page_context(self, context: dict, page) -> dict:
        context["build"] = self
        planned = self.plan.by_src.get(page.file.src_uri)
        if planned is not None:
            context["record"] = planned.record
            context["group"] = planned.group
            context["collection"] = planned.collection
            if planned.generated and planned.edit is not None and planned.record is not None:
                # issue #15: no pencil into raw YAML; the page ends with record-edit.html instead
                from ..base.change_request import change_request_url

                page.edit_url = None
                context["editor_url"] = self.source_url(planned.edit)
                context["change_url"] = change_request_url(
                    self.repository, planned.collection, planned.record.id, planned.title,
                    self.site_url.rstrip("/") + "/" + planned.url)
            elif planned.generated and planned.edit is not None:
                page.edit_url = self.source_url(planned.edit)
            elif planned.generated:
                page.edit_url = None
        return context


def _load_accessibility(root: Path, data):
    from ..load.accessibility import load_accessibility  # issue #20

    return load_accessibility(root, data)
