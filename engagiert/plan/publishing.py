"""What the site shows of the loaded records: drafts, publication dates, hidden members.

One rule for every collection that can wait (knowledge articles here; news posts use the
same function): a record with ``draft`` set, or with ``publish_from`` after today, is not
published — except in the preview (``mkdocs serve``), where editors check it before it
goes live. Members with ``visible`` false are left out everywhere, preview included.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..load.models import SiteData


def is_published(record: Any, today: date, preview: bool = False) -> bool:
    if preview:
        return True
    if getattr(record, "draft", False):
        return False
    start = getattr(record, "publish_from", None)
    return start is None or start <= today


def is_shown(record: Any, today: date, preview: bool = False) -> bool:
    return getattr(record, "visible", True) and is_published(record, today, preview)


def published(data: SiteData, today: date, preview: bool = False) -> tuple[SiteData, tuple[Any, ...]]:
    """(the data without what is not shown, the records left out)."""
    kept: dict[str, list] = {}
    left_out = []
    for name, records in data.records.items():
        kept[name] = []
        for record in records:
            (kept[name] if is_shown(record, today, preview) else left_out).append(record)
    if not left_out:
        return data, ()
    return SiteData(kept), tuple(left_out)
