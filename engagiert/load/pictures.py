"""Pictures as sources: what every image used on a page is, and what editors got wrong.

Images come from two places:

- data: a member's ``bild`` and ``logo``, the ``galerie`` of an event or of a knowledge-base
  page (engagiert.load.models.Image);
- Markdown: ``![Alternativtext](foto.jpg "Bildunterschrift"){ foto="…" lizenz="…" }`` in any
  page below content/; a purely decorative image is marked ``![](deko.jpg){ .dekorativ }``.

``check`` reports German problems at the file and line (missing alternative text, a format
other than JPEG, PNG or WebP, a file over 15 MB, a gallery photo under 800 px wide);
``collect`` returns the ``Catalog`` of every raster source with its content hash and size
after the EXIF orientation, which the page side (srcset, width/height) and the writer
(engagiert/outputs/images.py) share. Only the image header is decoded here.

SVG files are left alone (published as they are; sanitising them is the security issue's).
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from ..base.imagesizes import Variant, fallback_ext, variants
from ..load.models import Image as ImageRef
from ..base.problems import Problem

DOCS_DIR = "content"
RASTER_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
# Suffixes of images we refuse (with a hint) rather than publish unprocessed.
OTHER_IMAGE_SUFFIXES = (".gif", ".bmp", ".tif", ".tiff", ".heic", ".heif", ".avif", ".jfif")
ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
MAX_BYTES = 15 * 1024 * 1024
MIN_GALLERY_WIDTH = 800
DECORATIVE_CLASS = "dekorativ"


class PictureError(Exception):
    """A source that cannot be used; the message is German and says what to do."""


@dataclass(frozen=True)
class Source:
    """One raster image below content/, as the visitor will see it (orientation applied)."""

    src: str            # path below content/, e.g. "wissen/dokumentation/bilder/foto-1.jpg"
    digest: str         # sha256 of the file's bytes
    width: int
    height: int
    format: str         # Pillow's name: JPEG, PNG, WEBP
    has_alpha: bool
    size: int           # bytes of the source file

    @property
    def variants(self) -> tuple[Variant, ...]:
        return variants(self.src, self.digest, self.width, self.height, fallback_ext(self.format, self.has_alpha))


def is_raster(src: str) -> bool:
    return src.lower().endswith(RASTER_SUFFIXES)


@lru_cache(maxsize=4096)
def _inspect_cached(path: str, mtime_ns: int, size: int, src: str) -> Source:
    from PIL import Image, UnidentifiedImageError

    data = Path(path).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    try:
        with Image.open(path) as im:
            fmt = im.format or ""
            width, height = im.size
            orientation = im.getexif().get(0x0112, 1)
            has_alpha = im.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in im.info
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise PictureError("Die Datei ist kein lesbares Bild (" + type(exc).__name__ + "). Bitte als JPEG, PNG oder "
                           "WebP neu speichern.") from None
    if fmt not in ALLOWED_FORMATS:
        raise PictureError(f"Die Datei ist ein {fmt or 'unbekanntes'}-Bild; erlaubt sind JPEG, PNG und WebP. Bitte in "
                           "einem Bildprogramm als JPEG (Fotos) oder PNG (Grafiken) speichern.")
    if orientation in (5, 6, 7, 8):  # rotated by 90°: the visitor sees height × width
        width, height = height, width
    return Source(src, digest, width, height, fmt, has_alpha, len(data))


def inspect(root: Path, src: str) -> Source:
    """The source ``content/<src>``; raises ``PictureError`` (German) when it cannot be used.
    Cached by path, size and modification time: the loader and the build ask for the same files."""
    path = Path(root) / DOCS_DIR / src
    st = path.stat()
    return _inspect_cached(str(path), st.st_mtime_ns, st.st_size, src)


# --------------------------------------------------------------------------- Markdown images

# ![alt](src "title"){ attrs } – Python-Markdown's inline image syntax with attr_list.
_MD_IMAGE = re.compile(
    r"!\[(?P<alt>(?:[^\]\\\n]|\\.)*)\]"
    r"\((?P<src><[^>\n]*>|[^)\s]+)(?:\s+(?P<q>[\"'])(?P<title>.*?)(?P=q))?\s*\)"
    r"(?P<attrs>\{:?[^}\n]*\})?")
_ATTR = re.compile(r"\.(?P<cls>[\w-]+)|#(?P<id>[\w-]+)"
                   r"|(?<![\w-])(?P<key>[\w-]+)=(?P<val>\"[^\"]*\"|'[^']*'|[^\s}]+)")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_CODE_SPAN = re.compile(r"`[^`\n]*`")


@dataclass(frozen=True)
class MarkdownImage:
    file: str               # relative to the repository root: "content/wissen/x.md"
    line: int
    src: str                # as written
    target: str | None      # resolved path below content/, None for external URLs
    alt: str
    title: str | None
    classes: tuple[str, ...]
    attrs: tuple[tuple[str, str], ...]

    @property
    def decorative(self) -> bool:
        return DECORATIVE_CLASS in self.classes

    def attr(self, name: str) -> str | None:
        return dict(self.attrs).get(name)


def resolve(src: str, page_src_uri: str) -> str | None:
    """Path below content/ of an image reference written in the page ``page_src_uri``."""
    src = src.strip("<>").split("#", 1)[0].split("?", 1)[0]
    if not src or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src) or src.startswith("//"):
        return None
    if src.startswith("/"):
        joined = src.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(page_src_uri), src)
    norm = posixpath.normpath(joined)
    if norm.startswith("..") or norm == ".":
        return None
    from urllib.parse import unquote
    return unquote(norm)


def scan_markdown(text: str, file: str, src_uri: str) -> list[MarkdownImage]:
    """Inline images of one Markdown page (front matter included, so lines match the file);
    images in fenced code blocks and code spans are examples, not images."""
    found = []
    in_fence: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        fence = _FENCE.match(line)
        if fence:
            if in_fence is None:
                in_fence = fence.group(1)
            elif fence.group(1) == in_fence:
                in_fence = None
            continue
        if in_fence or "![" not in line:
            continue
        line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        for m in _MD_IMAGE.finditer(line):
            classes, attrs = [], []
            for a in _ATTR.finditer(m.group("attrs") or ""):
                if a.group("cls"):
                    classes.append(a.group("cls"))
                elif a.group("key"):
                    attrs.append((a.group("key"), a.group("val").strip("\"'")))
            found.append(MarkdownImage(
                file=file, line=number, src=m.group("src"), target=resolve(m.group("src"), src_uri),
                alt=m.group("alt").replace("\\", "").strip(), title=m.group("title"),
                classes=tuple(classes), attrs=tuple(attrs)))
    return found


def markdown_pages(root: Path) -> list[tuple[str, str]]:
    """(file relative to the root, src_uri below content/) of every Markdown page, sorted."""
    docs = Path(root) / DOCS_DIR
    return [(p.relative_to(root).as_posix(), p.relative_to(docs).as_posix())
            for p in sorted(docs.rglob("*.md")) if p.is_file()]


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
    except (OSError, UnicodeDecodeError):
        return None  # the loader reports unreadable pages it needs; others MkDocs reports


@lru_cache(maxsize=65536)
def _scan_cached(path: str, mtime_ns: int, size: int, file: str, src_uri: str) -> tuple[MarkdownImage, ...] | None:
    text = _read_text(Path(path))
    return None if text is None else tuple(scan_markdown(text, file, src_uri))


def scan_page(root: Path, file: str, src_uri: str) -> tuple[MarkdownImage, ...] | None:
    """The images of one page file (None if unreadable); the check and the catalog read each
    page once per build (cached by size and modification time)."""
    path = Path(root) / file
    try:
        st = path.stat()
    except OSError:
        return None
    return _scan_cached(str(path), st.st_mtime_ns, st.st_size, file, src_uri)


# --------------------------------------------------------------------------- checks

def _source_problems(root: Path, target: str, *, gallery: bool) -> tuple[Source | None, list[str]]:
    """(the source or None, German messages) for one referenced raster image."""
    path = Path(root) / DOCS_DIR / target
    if not path.is_file():
        return None, [f"Die Bilddatei content/{target} gibt es nicht. Bitte den Pfad prüfen (Groß- und "
                      "Kleinschreibung beachten) oder die Datei dort ablegen."]
    try:
        source = inspect(root, target)
    except PictureError as exc:
        return None, [f"content/{target}: {exc}"]
    messages = []
    if source.size > MAX_BYTES:
        megabytes = f"{source.size / 1024 / 1024:.1f}".replace(".", ",")
        messages.append(f"Die Bilddatei content/{target} ist {megabytes} MB groß (höchstens "
                        f"{MAX_BYTES // 1024 // 1024} MB). Bitte vor dem Hochladen verkleinern, z. B. auf 3000 Pixel "
                        "Breite als JPEG mit 85 % Qualität; die Website erzeugt ihre Größen selbst.")
    if gallery and source.width < MIN_GALLERY_WIDTH:
        messages.append(f"Das Galeriefoto content/{target} ist nur {source.width} Pixel breit; Galeriefotos brauchen "
                        f"mindestens {MIN_GALLERY_WIDTH} Pixel, sonst wirken sie in der großen Ansicht unscharf. Bitte "
                        "die Originaldatei der Kamera verwenden (sie wird beim Bauen verkleinert).")
    return source, messages


def _suffix_problem(target: str) -> str | None:
    lower = target.lower()
    if lower.endswith(OTHER_IMAGE_SUFFIXES):
        return (f"Das Bildformat von content/{target} ist nicht erlaubt; erlaubt sind JPEG (.jpg), PNG (.png) und "
                "WebP (.webp). Bitte die Datei in einem Bildprogramm als JPEG (Fotos) oder PNG (Grafiken) speichern.")
    return None


def check_markdown(root: Path, pages: Iterable[tuple[str, str]] | None = None) -> list[Problem]:
    """Problems of the images written in Markdown pages below content/."""
    problems = []
    for file, src_uri in (markdown_pages(root) if pages is None else pages):
        for img in scan_page(root, file, src_uri) or ():
            if img.target is None:
                continue
            bad_suffix = _suffix_problem(img.target)
            if bad_suffix:
                problems.append(Problem(file, img.line, None, bad_suffix))
                continue
            if not is_raster(img.target):
                continue
            if img.decorative and img.alt:
                problems.append(Problem(file, img.line, None,
                                        f"Das Bild {img.src} ist als dekorativ markiert ({{ .dekorativ }}), hat aber den "
                                        f"Alternativtext „{img.alt}“. Entweder die Markierung entfernen oder die eckigen "
                                        "Klammern leeren: ![](" + img.src + "){ .dekorativ }"))
            elif not img.alt and not img.decorative:
                problems.append(Problem(file, img.line, None,
                                        f"Das Bild {img.src} hat keinen Alternativtext. Bitte in die eckigen Klammern "
                                        "schreiben, was auf dem Bild zu sehen ist: ![Teilnehmende beim Workshop im "
                                        f"Rathaus]({img.src}). Ist das Bild rein schmückend, markieren Sie es so: "
                                        f"![]({img.src}){{ .dekorativ }}"))
            _, messages = _source_problems(root, img.target, gallery=False)
            problems.extend(Problem(file, img.line, None, m) for m in messages)
    return problems


def data_images(record: Any) -> list[tuple[tuple, ImageRef, bool]]:
    """(field path, image, is a gallery photo) of the images a record names."""
    out = []
    for attr, key in (("image", "bild"), ("logo", "logo")):
        image = getattr(record, attr, None)
        if isinstance(image, ImageRef):
            out.append(((key,), image, False))
    for i, image in enumerate(getattr(record, "gallery", ()) or ()):
        out.append((("galerie", i), image, True))
    return out


def check_entries(entries: Iterable[Any], root: Path) -> list[Problem]:
    """Problems of the images named in data (crosscheck.Entry objects with built records).
    A missing file is crosscheck's message; this adds alternative text, format, size, width."""
    problems = []
    for e in entries:
        if e.record is None:
            continue
        for path, image, gallery in data_images(e.record):
            if image.decorative and image.alt.strip():
                problems.append(e.problem(path + ("alt",), "Ein dekoratives Bild (dekorativ: true) hat keinen "
                                                           "Alternativtext: Bitte alt: \"\" schreiben oder "
                                                           "„dekorativ: true“ entfernen."))
            elif not image.decorative and len(image.alt.strip()) < 5:
                problems.append(e.problem(path + ("alt",), "Es fehlt ein Alternativtext (mindestens 5 Zeichen), der "
                                                           "beschreibt, was auf dem Bild zu sehen ist, z. B. "
                                                           "„Teilnehmende beim Workshop im Rathaus“. Nur rein "
                                                           "schmückende Bilder bekommen alt: \"\" und dekorativ: true."))
            bad_suffix = _suffix_problem(image.src)
            if bad_suffix:
                problems.append(e.problem(path + ("datei",), bad_suffix))
                continue
            exists = (Path(root) / DOCS_DIR / image.src).is_file()
            if not exists and path != ("bild",):  # crosscheck reports a missing „bild“ already
                problems.append(e.problem(path + ("datei",), f"Die Bilddatei content/{image.src} gibt es nicht. Bitte "
                                                             "den Pfad prüfen (Groß- und Kleinschreibung beachten) "
                                                             "oder die Datei dort ablegen."))
            if not exists or not is_raster(image.src):
                continue
            _, messages = _source_problems(root, image.src, gallery=gallery)
            problems.extend(e.problem(path + ("datei",), m) for m in messages)
    return problems


# --------------------------------------------------------------------------- the catalog

@dataclass(frozen=True)
class Credit:
    """One line of the „Bildnachweise“ on the Impressum."""

    credit: str             # "Foto: Anna Beispiel"
    license: str | None
    alt: str
    src: str                # below content/
    page: str | None        # src_uri of the Markdown page, or None for data images
    record: tuple[str, str] | None = None   # (collection, id) of the record showing it


@dataclass
class Catalog:
    root: Path
    sources: dict[str, Source] = field(default_factory=dict)       # src -> Source
    markdown: dict[tuple[str, str], MarkdownImage] = field(default_factory=dict)  # (page src_uri, src written)
    credits: list[Credit] = field(default_factory=list)

    def get(self, src: str) -> Source | None:
        return self.sources.get(src)

    def add(self, src: str) -> Source | None:
        """The source, inspected on first use (images only the page HTML names, e.g. reference-style)."""
        if src not in self.sources:
            if not is_raster(src) or not (self.root / DOCS_DIR / src).is_file():
                return None
            try:
                self.sources[src] = inspect(self.root, src)
            except PictureError:
                return None
        return self.sources[src]

    def sorted_credits(self) -> list[Credit]:
        seen, out = set(), []
        for c in sorted(self.credits, key=lambda c: (c.credit.casefold(), c.license or "", c.src, c.page or "",
                                                      c.record or ("", ""))):
            key = (c.credit, c.license, c.src)
            if key not in seen:
                seen.add(key)
                out.append(c)
        return out


def credit_line(credit: str | None, license: str | None) -> str | None:
    """"Foto: Anna Beispiel, Lizenz: CC BY 4.0" (the credit as written, the licence added)."""
    if not credit and not license:
        return None
    parts = [credit] if credit else []
    if license:
        parts.append(f"Lizenz: {license}")
    return ", ".join(parts)


def photo_credit(name: str | None) -> str | None:
    """The field ``foto: Anna Beispiel`` is shown as „Foto: Anna Beispiel“."""
    if not name:
        return None
    return name if name.startswith(("Foto:", "Fotos:", "Bild:", "Grafik:", "Illustration:")) else f"Foto: {name}"


def collect(root: Path, data: Any, pages: Iterable[tuple[str, str]] | None = None) -> Catalog:
    """Every raster image the site uses (data and Markdown) with the credits to list."""
    root = Path(root)
    catalog = Catalog(root)
    for collection, records in data.records.items():
        for record in records:
            for _, image, _ in data_images(record):
                if catalog.add(image.src) is None:
                    pass  # SVG or missing: published as it is / reported by the checks
                if image.credit or image.license:
                    catalog.credits.append(Credit(image.credit or "", image.license, image.alt, image.src, None,
                                                  (collection, record.id)))
    for file, src_uri in (markdown_pages(root) if pages is None else pages):
        for img in scan_page(root, file, src_uri) or ():
            if img.target is None or not is_raster(img.target):
                continue
            catalog.markdown[(src_uri, img.src.strip("<>"))] = img
            catalog.add(img.target)
            credit = photo_credit(img.attr("foto"))
            if credit or img.attr("lizenz"):
                catalog.credits.append(Credit(credit or "", img.attr("lizenz"), img.alt, img.target, src_uri))
    return catalog
