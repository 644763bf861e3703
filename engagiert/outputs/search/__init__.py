"""Site-wide German search: a static index built from the finished HTML pages.

``write_search_index`` runs after MkDocs has written every page (the last output writer of
``engagiert.outputs.writers``): it reads the built pages, adds the German compound parts and the
filter facts (format, topic, year) in memory, and writes its index, split into small
files loaded on demand, to ``<site>/suchindex/``. The pages on disk are not changed. See docs/search.md.
"""

from __future__ import annotations

from .indexer import write_search_index


__all__ = ["write_search_index"]
