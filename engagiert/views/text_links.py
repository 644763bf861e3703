"""Where a link in an editor's Markdown field leads, seen from the page that shows it.

``make check`` has already refused targets that lead nowhere (engagiert/load/text_links.py);
here every target is turned into a URL: relative to the page for HTML, absolute (with
``site_url``) for JSON-LD and calendar files.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from ..base import textlinks
from ..plan.pages import url_from_src


class TextLinks:
    def __init__(self, url_of: Callable[[str, str], str | None], site_url: str = ""):
        self._url_of = url_of
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""
        self.site_relative = lru_cache(maxsize=None)(self._site_relative)

    def _site_relative(self, target: str) -> str | None:
        """Site-relative URL ("veranstaltungen/#x") of a target, None when it stays as written."""
        kind = textlinks.classify(target)
        if kind.kind == "short":
            url = self._url_of(kind.collection, kind.id)
            return None if url is None else url + kind.anchor
        if kind.kind == "path":
            path = kind.path
            url = url_from_src(path) if path.endswith(".md") else path
            return url + kind.anchor
        return None

    def for_page(self, page_url: str) -> Callable[[str], str | None]:
        def resolve(target: str) -> str | None:
            url = self.site_relative(target)
            return None if url is None else textlinks.relative_url(url, page_url)
        return resolve

    def absolute(self, target: str) -> str | None:
        url = self.site_relative(target)
        return None if url is None else self.site_url + url

    def rewrite(self, markdown: str | None, page_url: str | None) -> str | None:
        """``markdown`` with its targets relative to ``page_url``; absolute when it is None."""
        if not markdown:
            return markdown
        resolve = self.absolute if page_url is None else self.for_page(page_url)
        return textlinks.rewrite(markdown, resolve)


def for_build(build) -> TextLinks:
    """The build's ``TextLinks`` (one per build: its cache lives as long as the build)."""
    links = build.__dict__.get("_text_links")
    if links is None:
        links = build.__dict__["_text_links"] = TextLinks(build.url_of, build.site_url)
    return links
