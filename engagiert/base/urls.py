"""URLs below the site's address (``site_url`` in mkdocs.yml)."""

from __future__ import annotations


def absolute(site_url: str, path: str) -> str:
    """``https://www.engagiert-in-nrw.de/`` + ``mitglieder/aachen/``: the full address of a
    site-relative path (a leading slash of ``path`` is dropped; without a site URL: ``/path``)."""
    return site_url.rstrip("/") + "/" + path.lstrip("/")
