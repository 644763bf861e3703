"""Is a PDF tagged? The facts the accessibility statement and the release check need.

A PDF counts as accessible here only when a screen reader can use it: a structure tree
(``/StructTreeRoot``), ``/MarkInfo << /Marked true >>``, a document language (``/Lang``)
and a title in the metadata. These can be checked; reading order or alternative texts
cannot, so a PDF that passes still needs a human look (the statement says so).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

# German names of what is missing, in the order they are reported.
MISSING_STRUCTURE = "keine Struktur-Tags (StructTreeRoot)"
MISSING_MARKED = "nicht als getaggt markiert (MarkInfo/Marked)"
MISSING_LANGUAGE = "keine Angabe der Dokumentsprache (Lang)"
MISSING_TITLE = "kein Dokumenttitel in den Metadaten"
UNREADABLE = "Datei ist beschädigt oder kein lesbares PDF"


@dataclass(frozen=True)
class PdfFacts:
    src: str                     # path below content/ ("wissen/downloads/x.pdf")
    title: str | None            # the document's own title (metadata), if any
    missing: tuple[str, ...]     # German, empty when the PDF is tagged

    @property
    def tagged(self) -> bool:
        return not self.missing


def _value(obj):
    try:
        return obj.get_object() if obj is not None else None
    except Exception:  # noqa: BLE001 - a broken reference counts as missing
        return None


def inspect_pdf(path: Path, src: str) -> PdfFacts:
    """Facts of one PDF file; never raises for a broken file (it is reported as untagged)."""
    from pypdf import PdfReader

    # pypdf logs warnings about sloppy but readable files; they are not the editor's concern.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(str(path), strict=False)
        catalog = _value(reader.trailer.get("/Root"))
        if catalog is None:
            raise ValueError("no catalog")
        missing = []
        if _value(catalog.get("/StructTreeRoot")) is None:
            missing.append(MISSING_STRUCTURE)
        mark_info = _value(catalog.get("/MarkInfo"))
        marked = _value(mark_info.get("/Marked")) if hasattr(mark_info, "get") else None
        if getattr(marked, "value", marked) is not True:  # pypdf's BooleanObject
            missing.append(MISSING_MARKED)
        lang = _value(catalog.get("/Lang"))
        if not (isinstance(lang, str) and lang.strip()):
            missing.append(MISSING_LANGUAGE)
        title = _title(reader)
        if not title:
            missing.append(MISSING_TITLE)
        return PdfFacts(src, title, tuple(missing))
    except Exception:  # noqa: BLE001 - any unreadable file is simply not accessible
        return PdfFacts(src, None, (UNREADABLE,))


def _title(reader) -> str | None:
    try:
        meta = reader.metadata
        title = meta.title if meta is not None else None
    except Exception:  # noqa: BLE001
        title = None
    if not (isinstance(title, str) and title.strip()):
        try:
            xmp = reader.xmp_metadata
            titles = xmp.dc_title if xmp is not None else None
            title = next(iter(titles.values()), None) if titles else None
        except Exception:  # noqa: BLE001
            title = None
    return title.strip() if isinstance(title, str) and title.strip() else None


def published_pdfs(docs_dir: Path) -> list[Path]:
    """Every PDF MkDocs copies into the site (all files below content/), sorted."""
    return sorted(p for p in Path(docs_dir).rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
