"""The user's cache folder for what a build may reuse (``$XDG_CACHE_HOME/engagiert`` or
``~/.cache/engagiert``): outside the repository, so no pull request can put files there."""

from __future__ import annotations

import os
from pathlib import Path


def user_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "engagiert"
