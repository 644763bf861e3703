"""Load every collection's source, validate it, and build typed records.

STUB: replaced by the data layer (issue #3). Returns no records.
"""

from __future__ import annotations

from pathlib import Path

from .collections import CollectionSpec
from .models import SiteData


def load_site(root: Path, specs: tuple[CollectionSpec, ...]) -> SiteData:
    return SiteData({spec.name: () for spec in specs})
