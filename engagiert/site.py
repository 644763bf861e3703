"""One build of the site: data, page plan and the helpers templates use.

The MkDocs hook creates a ``Build`` in ``on_config`` and asks it for files,
template context and extra outputs. Everything here works without MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from . import templating
from .clock import build_today
from .collections import CollectionSpec, load_specs
from .crosslinks import Links, build_links
from .loader import load_site
from .models import SiteData
from .pages import Plan, plan

# Writers of files beside the HTML pages (calendar feeds, …): f(build, site_dir).
OUTPUT_WRITERS: list[Callable[["Build", Path], None]] = []


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
    # children of output writers started before the pages were rendered (start_extra_outputs)
    early_writers: list = field(default_factory=list)

    @classmethod
    def load(cls, root: Path, config: Any) -> "Build":
        extra = config.get("extra", {}) if hasattr(config, "get") else {}
        specs = load_specs(root / extra.get("collections_config", "collections.yml"), root)
        # Files and page heads first (issue #13): nothing is read through a link or parsed unchecked.
        from .load.policy import check_repository
        from .problems import DataError
        problems = check_repository(root)
        if problems:
            raise DataError(problems)
        data = load_site(root, specs)
        return cls(
            root=root,
            specs=specs,
            data=data,
            plan=plan(specs, data),
            links=build_links(data),
            today=build_today(),
            repository=extra.get("repository"),
            site_url=config.get("site_url") or "",
            uses_material_search="material/search" in (config.get("plugins") or {}),
        )

    def url_of(self, collection: str, record_id: str) -> str | None:
        """Site-relative URL of a record's page ("mitglieder/aachen/"), or None."""
        return self.plan.url_of(collection, record_id)

    def source_url(self, location) -> str | None:
        """Link to the place on GitHub where a record was written, at its line."""
        if not self.repository or location is None:
            return None
        return f"{self.repository}/blob/main/{location.file}#L{location.line}"

    def install_template_helpers(self, env) -> None:
        templating.install(env, self)

    def page_context(self, context: dict, page) -> dict:
        context["build"] = self
        planned = self.plan.by_src.get(page.file.src_uri)
        if planned is not None:
            context["record"] = planned.record
            context["group"] = planned.group
            context["collection"] = planned.collection
            if planned.generated and planned.edit is not None:
                page.edit_url = self.source_url(planned.edit)
            elif planned.generated:
                page.edit_url = None
        return context

    def start_extra_outputs(self, site_dir: Path) -> None:
        """Start the independent output writers (the calendars: they need the data, not the
        pages) in forked children now, before MkDocs renders the pages, so that they run on
        the second core while it does (issue #7). ``write_extra_outputs`` waits for them."""
        from . import parallel

        if parallel.enabled() and not self.early_writers:
            early = [w for w in OUTPUT_WRITERS if parallel.is_independent(w)]
            self.early_writers = parallel.start(early, self, Path(site_dir))

    def write_extra_outputs(self, site_dir: Path) -> None:
        from . import parallel  # side by side on a second core (issue #7)

        early, self.early_writers = self.early_writers, []
        if early:
            started = {id(w) for _, w in early}
            parallel.finish(early, [w for w in OUTPUT_WRITERS if id(w) not in started], self, site_dir)
        else:
            parallel.run_writers(OUTPUT_WRITERS, self, site_dir)


# Material's on-demand third-party scripts rewritten to this host.
from .selfhost import register as _register_selfhost  # noqa: E402

_register_selfhost()

# Calendar files of the event calendar (issue #5).
from .ical import register as _register_calendars  # noqa: E402

_register_calendars()

# Site search index (issue #6): built from the finished pages; registered last.
from .search import register as _register_search  # noqa: E402

_register_search()
