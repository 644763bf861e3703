"""Members an editor has hidden (``sichtbar: false``, issue #15): left out everywhere.

Hidden members get no page, no directory row, no count, no map point and no search entry, in
``mkdocs serve`` as well. Drafts and publication dates are a different rule, shared by every
collection that opts in: ``engagiert/plan/publish.py``.
"""

from __future__ import annotations

from typing import Any

from ..load.models import SiteData


def without_hidden(data: SiteData) -> tuple[SiteData, tuple[Any, ...]]:
    """(the data without hidden records, the records left out)."""
    kept: dict[str, list] = {}
    left_out = []
    for name, records in data.records.items():
        kept[name] = []
        for record in records:
            (kept[name] if getattr(record, "visible", True) else left_out).append(record)
    if not left_out:
        return data, ()
    return SiteData(kept), tuple(left_out)
