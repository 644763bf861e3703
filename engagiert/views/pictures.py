"""``<picture>`` markup for one image: WebP and fallback ``srcset``, ``sizes``, ``width`` and
``height`` (no layout shift), ``loading="lazy"`` except for the first image of a page,
``decoding="async"``; figures with caption and credit. Pure: everything escaped here.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from ..load.pictures import Source, credit_line

# What the layout gives an image (Material's content column is at most ~42rem wide).
CONTENT_SIZES = "(min-width: 76.25em) 42rem, (min-width: 60em) calc(100vw - 32rem), calc(100vw - 2.4rem)"
THUMB_SIZES = "(min-width: 76.25em) 13rem, (min-width: 45em) calc((100vw - 20rem) / 3), calc(50vw - 2rem)"
SIDEBAR_SIZES = "(min-width: 60em) 12rem, 40vw"


def prefix(base_url: str | None) -> str:
    """MkDocs' relative ``base_url`` ("../..", ".", "") as a prefix for site paths."""
    if not base_url or base_url == ".":
        return ""
    return base_url.rstrip("/") + "/"


def _srcset(source: Source, ext: str, base: str) -> str:
    return ", ".join(f"{base}{v.name} {v.width}w" for v in source.variants if v.ext == ext)


@dataclass(frozen=True)
class PictureView:
    source: Source

    @property
    def largest(self):
        return self.source.variants[-1]

    @property
    def fallback(self):
        """The fallback file used as ``src``: 960 px when there is one, else the largest."""
        fallbacks = [v for v in self.source.variants if v.ext != "webp"]
        return next((v for v in fallbacks if v.width == 960), fallbacks[-1])

    @property
    def large(self) -> str:
        """Site path of the largest fallback file: what a gallery thumbnail links to."""
        return self.largest.name


def picture_html(source: Source, alt: str, base: str, *, sizes: str = CONTENT_SIZES, eager: bool = False,
                 css_class: str | None = None) -> Markup:
    view = PictureView(source)
    fallback_ext = view.fallback.ext
    largest = view.largest
    attrs = [
        f'src="{escape(base + view.fallback.name)}"',
        f'srcset="{escape(_srcset(source, fallback_ext, base))}"',
        f'sizes="{escape(sizes)}"',
        f'width="{largest.width}" height="{largest.height}"',
        f'alt="{escape(alt)}"',
    ]
    if not eager:
        attrs.append('loading="lazy"')
    attrs.append('decoding="async"')
    if css_class:
        attrs.append(f'class="{escape(css_class)}"')
    return Markup(
        f'<picture><source type="image/webp" srcset="{escape(_srcset(source, "webp", base))}" '
        f'sizes="{escape(sizes)}"><img {" ".join(attrs)}></picture>')


def plain_img_html(src: str, alt: str, base: str, *, eager: bool = False, css_class: str | None = None) -> Markup:
    """An image that is not processed (SVG): as it is, still lazy and async."""
    extra = "" if eager else ' loading="lazy"'
    cls = f' class="{escape(css_class)}"' if css_class else ""
    return Markup(f'<img src="{escape(base + src)}" alt="{escape(alt)}"{extra} decoding="async"{cls}>')


def caption_html(caption: str | None, credit: str | None, license: str | None) -> Markup:
    """Contents of a ``<figcaption>``: the caption, then the credit line („Foto: …, Lizenz: …“)."""
    parts = []
    if caption:
        parts.append(f'<span class="bild__unterschrift">{escape(caption)}</span>')
    line = credit_line(credit, license)
    if line:
        parts.append(f'<span class="bild__nachweis">{escape(line)}</span>')
    return Markup(" ".join(parts))


def figure_html(inner: Markup, caption: str | None, credit: str | None, license: str | None,
                css_class: str = "bild") -> Markup:
    text = caption_html(caption, credit, license)
    figcaption = f"<figcaption>{text}</figcaption>" if text else ""
    return Markup(f'<figure class="{escape(css_class)}">{inner}{figcaption}</figure>')
