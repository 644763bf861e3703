"""Site-wide German search: a static index built from the finished HTML pages.

``write_search_index`` runs after MkDocs has written every page (an output writer of
``engagiert.site``): it reads the built pages, adds the German compound parts and the
filter facts (format, topic, year) in memory, and writes its index, split into small
files loaded on demand, to ``<site>/suchindex/``. The pages on disk are not changed. See docs/search.md.
"""

from __future__ import annotations

from .indexer import write_search_index


def register() -> None:
    """Add ``write_search_index`` to ``engagiert.site.OUTPUT_WRITERS`` (once, last)."""
    from .. import site

    if write_search_index not in site.OUTPUT_WRITERS:
        site.OUTPUT_WRITERS.append(write_search_index)


__all__ = ["register", "write_search_index"]
