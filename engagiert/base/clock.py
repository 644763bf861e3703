"""What "today" is for a build: pinned by SOURCE_DATE_EPOCH, else the current date.

Upcoming vs. past events depends on it; tests and reproducible builds pin it.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def build_now() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=BERLIN)
    return datetime.now(tz=BERLIN)


def build_today() -> date:
    return build_now().date()
