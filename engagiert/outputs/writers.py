"""The writers of the files beside the HTML pages, in their order: f(build, site_dir).

The self-hosting rewrite of Material's bundle comes first, the calendar files may run
beside the others (``independent``), the search index reads the finished pages and
comes last.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from . import parallel
from .atom import write_feeds
from .chart_files import write_chart_files
from .ical import write_calendars
from .images import write_images
from .search import write_search_index
from .selfhost import self_host

if TYPE_CHECKING:
    from ..plan.build import Build

# Material's on-demand third-party scripts rewritten to this host; the calendar files of the
# event calendar (issue #5), which write only their .ics files; the Atom feeds of the news
# (issue #14); the charts' CSV files (issue #17); the site search index (issue #6).
OUTPUT_WRITERS: tuple[Callable[["Build", Path], None], ...] = (
    # Responsive images (issue #16) first, so that the pages' images exist early; not
    # independent: images found only while converting Markdown join the catalog until then.
    write_images,
    self_host,
    parallel.independent(write_calendars),
    write_feeds,
    parallel.independent(write_chart_files),  # CSV files of the charts (issue #17)
    write_search_index,
)


def start(build: "Build", site_dir: Path) -> None:
    """Start the independent output writers (the calendars: they need the data, not the
    pages) in forked children now, before MkDocs renders the pages, so that they run on
    the second core while it does (issue #7). ``write`` waits for them."""
    if parallel.enabled() and not build.early_writers:
        early = [w for w in OUTPUT_WRITERS if parallel.is_independent(w)]
        build.early_writers = parallel.start(early, build, Path(site_dir))


def write(build: "Build", site_dir: Path) -> None:
    """Run every output writer (side by side on a second core, issue #7)."""
    early, build.early_writers = build.early_writers, []
    if early:
        started = {id(w) for _, w in early}
        parallel.finish(early, [w for w in OUTPUT_WRITERS if id(w) not in started], build, site_dir)
    else:
        parallel.run_writers(OUTPUT_WRITERS, build, site_dir)
