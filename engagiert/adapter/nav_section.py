"""The active section for pages outside the navigation (issue #19).

Generated pages (member profiles, events, Wissen pages) are kept out of the navigation, so
Material marks no tab as active on them and leaves the sidebar's navigation landmark empty.
While such a page renders, the top-level navigation item whose URL is the longest prefix of
the page's URL (``mitglieder/`` for ``mitglieder/stadt-muenster/``) is marked active; after
rendering it is unmarked again (MkDocs reuses the navigation objects for every page).
All pages of one folder get the same section, so engagiert/chrome.py can still reuse the
rendered tabs and navigation per folder.
"""

from __future__ import annotations

from typing import Any


def section_for(url: str, items: list[Any]) -> Any | None:
    """The top-level item (Page or Section) for ``url``, or None."""
    best, best_len = None, 0
    for item in items:
        item_url = _url_of(item)
        if not item_url or item_url == url:
            continue
        if url.startswith(item_url) and len(item_url) > best_len:
            best, best_len = item, len(item_url)
    return best


def _url_of(item: Any) -> str:
    if getattr(item, "is_page", False):
        return item.url or ""
    for child in getattr(item, "children", None) or ():
        if getattr(child, "is_page", False) and child.url:
            folder = child.url if child.url.endswith("/") else child.url.rpartition("/")[0] + "/"
            return folder
    return ""


class SectionMarker:
    def __init__(self) -> None:
        self._marked: Any | None = None
        self._nav: Any | None = None
        self._in_nav: frozenset[int] = frozenset()

    def _listed(self, page: Any, nav: Any) -> bool:
        # by identity: "page in nav.pages" compares every page of the navigation by value
        if nav is not self._nav:
            self._nav, self._in_nav = nav, frozenset(id(p) for p in nav.pages)
        return id(page) in self._in_nav

    def mark(self, page: Any, nav: Any) -> None:
        self.unmark()
        if page is None or nav is None or getattr(page, "url", None) is None or self._listed(page, nav):
            return
        item = section_for(page.url, list(nav.items))
        if item is not None and not item.active:
            item.active = True
            self._marked = item

    def unmark(self) -> None:
        if self._marked is not None:
            self._marked.active = False
            self._marked = None
