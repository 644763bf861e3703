"""Render the parts of Material's page frame that many pages share only once per folder.

Material renders the whole navigation (sidebar and tabs) and the ``__config`` script into
every page. For a page that is not in the navigation, that HTML depends only on the folder
the page lives in (links are relative to it): all 11,000 member profiles below
``mitglieder/`` get the same bytes. ``overrides/main.html`` asks ``chrome_cache`` for a key;
with a key it renders the block once and reuses the HTML for every page with the same key,
without one (pages in the navigation, pages with a table of contents) it renders as usual.
The output is byte for byte what Material renders (checked by building a site with and
without the cache and comparing every file; the keys are tested in tests/test_chrome_cache.py).
"""

from __future__ import annotations

import os
from typing import Any

from markupsafe import Markup


class ChromeCache:
    """Rendered blocks by (block, folder); one per build (installed in ``on_env``)."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._html: dict[str, Markup] = {}
        self._nav_id: int | None = None
        self._nav_urls: tuple[str, ...] = ()
        self.hits = 0

    def _nav(self, nav: Any) -> tuple[str, ...]:
        if id(nav) != self._nav_id:
            self._nav_id = id(nav)
            self._nav_urls = tuple(p.url for p in getattr(nav, "pages", ()))
        return self._nav_urls

    def key(self, block: str, page: Any, nav: Any, *, needs_empty_toc: bool = False) -> str | None:
        """Cache key for ``block`` on ``page``, or None when the block must be rendered."""
        if not self.enabled or page is None or nav is None or getattr(page, "url", None) is None:
            return None
        url = page.url
        # In the navigation (or above a page that is): the block marks the page as active.
        if any(u == url or u.startswith(url) for u in self._nav(nav)):
            return None
        meta = getattr(page, "meta", None) or {}
        if meta.get("hide"):
            return None
        if needs_empty_toc and _toc_items(page):
            return None
        folder = url.rstrip("/").rpartition("/")[0]
        return f"{block}|{folder}"

    def get(self, key: str | None) -> Markup | None:
        if key is None:
            return None
        html = self._html.get(key)
        if html is not None:
            self.hits += 1
        return html

    def put(self, key: str | None, html: str) -> Markup:
        html = Markup(html)
        if key is not None:
            self._html[key] = html
        return html


def _toc_items(page: Any) -> list:
    """The entries Material's toc partial lists (a single h1 stands for its children)."""
    toc = list(getattr(page, "toc", None) or [])
    if toc and getattr(toc[0], "level", None) == 1:
        toc = list(toc[0].children)
    return toc


def install(env) -> None:
    # ENGAGIERT_CHROME_CACHE=0 renders every block on every page (for comparing the output).
    env.globals["chrome_cache"] = ChromeCache(enabled=os.environ.get("ENGAGIERT_CHROME_CACHE", "1") != "0")
