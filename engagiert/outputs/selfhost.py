"""Keep the built site on its own host: rewrite Material's few third-party script loads.

Material's bundle would fetch two scripts from unpkg.com on demand: a ResizeObserver
polyfill (only in browsers older than 2020) and Mermaid (only if a page has a diagram).
Both addresses are rewritten to this site: the polyfill is vendored under
content/assets/vendor/ (MIT licence beside it); Mermaid is not shipped, so a diagram
would stay unrendered rather than contact another host. The lunr search assets are
dropped when Material's search plugin is off (the site has a search index of its own).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from ..plan.build import Build

# Third-party URL in Material's bundle -> path below the site root.
REWRITES = {
    "https://unpkg.com/resize-observer-polyfill": "assets/vendor/resize-observer-polyfill.js",
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js": "assets/vendor/mermaid-nicht-enthalten.js",
}


# Material's language switcher downloads sitemap.xml beside every <link rel="alternate"> of a
# page; the Atom feed links (issue #14) are alternates too, and only language versions carry
# hreflang. Without this, every page view would fetch a (missing) aktuelles/sitemap.xml.
PATCHES = {
    'M("link[rel=alternate]")': 'M("link[rel=alternate][hreflang]")',
}


def rewrite_bundle(text: str, base_path: str) -> str:
    for remote, local in REWRITES.items():
        text = text.replace(remote, base_path + local)
    for old, new in PATCHES.items():
        text = text.replace(old, new)
    return text


def self_host(build: "Build", site_dir: Path) -> None:
    base_path = urlsplit(build.site_url).path or "/"
    if not base_path.endswith("/"):
        base_path += "/"
    for bundle in sorted((site_dir / "assets" / "javascripts").glob("bundle.*.js")):
        text = bundle.read_text(encoding="utf-8")
        rewritten = rewrite_bundle(text, base_path)
        if rewritten != text:
            bundle.write_text(rewritten, encoding="utf-8")
    if not build.uses_material_search:
        shutil.rmtree(site_dir / "assets" / "javascripts" / "lunr", ignore_errors=True)
        for worker in (site_dir / "assets" / "javascripts" / "workers").glob("search.*"):
            worker.unlink()

