"""MkDocs side of the pictures (issue #16): keeps source photos out of the site, turns the
``<img>`` of Markdown pages into ``<picture>`` figures, gives templates ``pictures`` and
writes the „Bildnachweise“ on the Impressum.

- ``on_files``: every JPEG/PNG/WebP file below content/ is a source: marked excluded, so
  MkDocs neither copies it (camera files with GPS stay unpublished) nor complains about
  links to it; the variants are written by engagiert/outputs/images.py. Files named as
  downloads of an article stay published.
- ``on_page_content``: an image alone in its paragraph becomes ``<figure>`` with caption
  (the Markdown title) and credit (``foto=``/``lizenz=`` attributes); an image inside text
  becomes a bare ``<picture>``. The first image of a page loads eagerly, all others lazily.
- ``pictures`` in templates: ``picture(image)``, ``figure(image)``, ``view(image)``,
  ``caption(image)`` for data images (engagiert.load.models.Image).
"""

from __future__ import annotations

import html
import html.parser
import logging
import posixpath
import re
from typing import Any

from jinja2 import pass_context
from markupsafe import Markup, escape

from ..load.pictures import DECORATIVE_CLASS, Catalog, is_raster, photo_credit, resolve
from ..views import pictures as views

log = logging.getLogger("mkdocs.engagiert.pictures")

CREDITS_MARKER = "<!-- engagiert:bildnachweise -->"
_COUNT_ATTR = "_engagiert_pictures"
# An image, with its paragraph when it stands alone in one.
_IMG = re.compile(r"(?P<p><p>\s*)?(?P<img><img\b[^>]*>)(?P<end>\s*</p>)?", re.I)


# --------------------------------------------------------------------------- files

def exclude_sources(files, build) -> None:
    """Mark every raster image below content/ as excluded (not copied, links allowed), except
    downloads and video posters, which are published as they are."""
    from mkdocs.structure.files import InclusionLevel

    downloads = {d.src for a in build.data.records.get("articles", ()) for d in getattr(a, "downloads", ())}
    # posters of the sign-language videos (issue #20) are shown by <video poster>, as they are
    accessibility = getattr(build, "accessibility", None)
    downloads |= {v.poster for v in getattr(accessibility, "videos", ())}
    for file in files:
        if not file.is_documentation_page() and is_raster(file.src_uri) and file.src_uri not in downloads \
                and file.generated_by is None:
            file.inclusion = InclusionLevel.EXCLUDED


# --------------------------------------------------------------------------- page HTML

def _next_is_first(page) -> bool:
    count = getattr(page, _COUNT_ATTR, 0)
    setattr(page, _COUNT_ATTR, count + 1)
    return count == 0


class _Attrs(html.parser.HTMLParser):
    def __init__(self, tag: str):
        super().__init__(convert_charrefs=True)
        self.attrs: dict[str, str] = {}
        self.feed(tag)

    def handle_starttag(self, tag, attrs):
        self.attrs = {k: (v or "") for k, v in attrs}

    handle_startendtag = handle_starttag


def _page_dir(page) -> str:
    url = page.url or ""
    return url if url.endswith("/") or not url else posixpath.dirname(url) + "/"


def rewrite_content(content: str, page, catalog: Catalog) -> str:
    """``<img>`` of one converted Markdown page -> ``<picture>`` (see the module docstring)."""
    if "<img" not in content:
        return content
    base = views.prefix("/".join([".."] * (page.url or "").count("/")))
    page_dir = _page_dir(page)
    src_uri = page.file.src_uri

    def convert(tag: str, alone: bool) -> str:
        attrs = _Attrs(tag).attrs
        src = attrs.get("src", "")
        target = resolve(src, page_dir + "x")
        if target is None or not is_raster(target):
            return tag
        source = catalog.add(target)
        if source is None:
            return tag  # missing file: the checks name it
        classes = attrs.get("class", "").split()
        decorative = DECORATIVE_CLASS in classes
        alt = attrs.get("alt", "")
        if not alt.strip() and not decorative:
            log.warning("content/%s: Das Bild %s hat keinen Alternativtext. Bitte beschreiben, was zu sehen ist: "
                        "![Beschreibung](%s), oder ein rein schmückendes Bild so markieren: ![](%s){ .dekorativ }",
                        src_uri, target, src, src)
        css = " ".join(c for c in classes if c != DECORATIVE_CLASS) or None
        picture = views.picture_html(source, "" if decorative else alt, base, eager=_next_is_first(page),
                                     css_class=css)
        if not alone:
            return str(picture)
        return str(views.figure_html(picture, attrs.get("title") or None, photo_credit(attrs.get("foto")),
                                     attrs.get("lizenz")))

    def replace(m: re.Match) -> str:
        alone = bool(m.group("p") and m.group("end"))
        out = convert(m.group("img"), alone)
        if alone and out != m.group("img"):
            return out  # the figure replaces the paragraph
        return (m.group("p") or "") + out + (m.group("end") or "")

    return _IMG.sub(replace, content)


# --------------------------------------------------------------------------- templates

class Pictures:
    """``pictures`` in templates: markup for images from data (engagiert.load.models.Image)."""

    THUMB_SIZES = views.THUMB_SIZES
    CONTENT_SIZES = views.CONTENT_SIZES
    SIDEBAR_SIZES = views.SIDEBAR_SIZES

    def __init__(self, catalog: Catalog):
        self.catalog = catalog

    def source(self, image):
        return None if image is None else self.catalog.get(image.src)

    def view(self, image):
        source = self.source(image)
        return None if source is None else views.PictureView(source)

    @pass_context
    def picture(self, context, image, sizes: str = views.CONTENT_SIZES, css_class: str | None = None) -> Markup:
        if image is None:
            return Markup("")
        base = views.prefix(context.get("base_url"))
        page = context.get("page")
        eager = _next_is_first(page) if page is not None else False
        alt = "" if image.decorative else image.alt
        source = self.source(image)
        if source is None:
            return views.plain_img_html(image.src, alt, base, eager=eager, css_class=css_class)
        return views.picture_html(source, alt, base, sizes=sizes, eager=eager, css_class=css_class)

    @pass_context
    def figure(self, context, image, sizes: str = views.CONTENT_SIZES, css_class: str = "bild") -> Markup:
        if image is None:
            return Markup("")
        return views.figure_html(self.picture(context, image, sizes), image.caption, image.credit, image.license,
                                 css_class=css_class)

    def caption(self, image) -> Markup:
        return views.caption_html(image.caption, image.credit, image.license)


def install(env, build) -> None:
    env.globals["pictures"] = Pictures(build.pictures)


# --------------------------------------------------------------------------- Impressum

def credits_html(build, base: str, titles: dict[str, str]) -> Markup:
    """The „Bildnachweise“: one entry per credited image, with the page that shows it."""
    items = []
    for c in build.pictures.sorted_credits():
        url = title = None
        if c.record is not None:
            url = build.url_of(*c.record)
            record = build.data.get(*c.record)
            title = getattr(record, "name", None) or getattr(record, "title", None)
        elif c.page is not None:
            url = _page_url(c.page)
            title = titles.get(c.page) or url
        line = escape(", ".join(p for p in (c.credit, f"Lizenz: {c.license}" if c.license else "") if p))
        where = ""
        if url is not None and title:
            where = f' – <a href="{escape(base + url)}">{escape(title)}</a>'
        items.append(f"<li>{line}{where}<br><span class=\"bild-nachweise__alt\">{escape(c.alt)}</span></li>")
    if not items:
        return Markup("<p>Auf dieser Website werden derzeit keine Fotos mit Nachweis gezeigt.</p>")
    return Markup('<ul class="bild-nachweise">' + "".join(items) + "</ul>")


def _page_url(src_uri: str) -> str:
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def page_context(page, build, titles: dict[str, str]) -> None:
    if page.content and CREDITS_MARKER in page.content:
        base = views.prefix("/".join([".."] * (page.url or "").count("/")))
        page.content = page.content.replace(CREDITS_MARKER, str(credits_html(build, base, titles)))


def title_of(page) -> str:
    return html.unescape(str(page.title or ""))
