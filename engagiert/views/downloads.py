"""File format and size next to every download link ("PDF, 245 KB").

WCAG 2.1 (and BITV) ask that a link to a file says what the visitor gets: its format
and size. The loader records the size in bytes and the file-name suffix
(``engagiert.load.models.Download``); this module turns them into German labels.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ..load.models import Download

# Suffix -> how the format is named next to a link.
FORMAT_NAMES = {
    "PDF": "PDF",
    "DOC": "Word (DOC)",
    "DOCX": "Word (DOCX)",
    "ODT": "OpenDocument-Text (ODT)",
    "XLS": "Excel (XLS)",
    "XLSX": "Excel (XLSX)",
    "ODS": "OpenDocument-Tabelle (ODS)",
    "PPT": "PowerPoint (PPT)",
    "PPTX": "PowerPoint (PPTX)",
    "ODP": "OpenDocument-Präsentation (ODP)",
    "CSV": "CSV",
    "TXT": "Text (TXT)",
    "ZIP": "ZIP-Archiv",
    "JPG": "JPEG-Bild",
    "JPEG": "JPEG-Bild",
    "PNG": "PNG-Bild",
    "SVG": "SVG-Grafik",
    "MP3": "MP3-Audio",
    "MP4": "MP4-Video",
    "EPUB": "E-Book (EPUB)",
}


def format_name(suffix: str | None) -> str:
    """``"pdf"`` -> ``"PDF"``, ``"docx"`` -> ``"Word (DOCX)"``; unknown suffixes upper case."""
    if not suffix:
        return "Datei"
    key = suffix.lstrip(".").upper()
    return FORMAT_NAMES.get(key, key)


def size_label(size: int | None) -> str | None:
    """German file size: ``850 Byte``, ``245 KB``, ``1,2 MB`` (1 KB = 1024 Byte)."""
    if size is None:
        return None
    if size < 1024:
        return f"{size} Byte"
    kb = size / 1024
    if kb < 1000:
        return f"{max(1, round(kb))} KB"
    mb = kb / 1024
    text = f"{mb:.1f}" if mb < 10 else f"{round(mb)}"
    return text.replace(".", ",") + " MB"


def download_label(download: Download) -> str:
    """``"PDF, 245 KB"`` (or just the format when the size is unknown)."""
    suffix = download.file_format or PurePosixPath(download.src).suffix
    parts = [format_name(suffix)]
    size = size_label(download.size)
    if size:
        parts.append(size)
    return ", ".join(parts)


def install(env, build=None) -> None:
    env.filters["download_label"] = download_label
