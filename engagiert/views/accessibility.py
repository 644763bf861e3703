"""What the accessibility pages show, as plain values and Markdown (issue #20). Pure."""

from __future__ import annotations

import html
import posixpath
import re
from datetime import date

PLACEHOLDER = "*[Platzhalter: {} – bitte im Kopf von content/barrierefreiheit.md unter „erklaerung: {}:“ eintragen]*{{ .platzhalter }}"

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")


def md_text(text: str) -> str:
    """Plain text (a PDF title, a file name) safe inside generated Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False))


def relative(target: str, page_src: str) -> str:
    """Markdown link from the page ``page_src`` to the file ``target`` (both below content/)."""
    return posixpath.relpath(target, posixpath.dirname(page_src) or ".")


def relative_url(target: str, page_url: str) -> str:
    """URL of ``target`` (below the site root) from a page whose URL is ``page_url`` ("x/y/")."""
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    return posixpath.relpath(target, base.rstrip("/") or ".")


def statement_date(value: date | None, what: str, key: str, de_date) -> str:
    """"1. Oktober 2026", or the marked placeholder the release check reports."""
    if value is None:
        return PLACEHOLDER.format(what, key)
    return de_date(value, "long")


def not_accessible_items(untagged_pdfs, uncaptioned_videos, page_src: str) -> str:
    """Markdown list items, one per checkable gap found in this build."""
    lines = []
    for pdf in untagged_pdfs:
        reasons = ", ".join(pdf.facts.missing)
        lines.append(f"- **PDF-Dokument „{md_text(pdf.title)}“** "
                     f"([{md_text(posixpath.basename(pdf.facts.src))}]({relative(pdf.facts.src, page_src)})): "
                     f"nicht barrierefrei ({reasons}). Auf Anfrage senden wir Ihnen den Inhalt in einer "
                     "zugänglichen Form.")
    for video in uncaptioned_videos:
        lines.append(f"- **Video „{md_text(video.title)}“** "
                     f"([{md_text(posixpath.basename(video.src))}]({relative(video.src, page_src)})): "
                     "ohne Untertitel. Auf Anfrage senden wir Ihnen den Inhalt als Text.")
    return "\n".join(lines)


def easy_pages(summaries, page_src: str) -> str:
    """The "Mehr in Leichter Sprache" section: each summary with a link to its page."""
    if not summaries:
        return ""
    out = ["## Mehr in Leichter Sprache", "", "Zu diesen Seiten gibt es eine kurze Erklärung in Leichter Sprache.", ""]
    for summary in summaries:
        out.append(f"### {md_text(summary.title)}")
        out.append("")
        # one statement per line: the page keeps line breaks (white-space: pre-line)
        out.append("\n".join(line.strip() for line in summary.text.split("\n") if line.strip()))
        out.append("")
        out.append(f"[Zur Seite: {md_text(summary.title)}]({relative(summary.src_uri, page_src)})")
        out.append("")
    return "\n".join(out)


def duration_label(seconds: int) -> str:
    """German duration: "2 Minuten 30 Sekunden", "1 Stunde 2 Minuten"."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    for value, one, many in ((hours, "Stunde", "Stunden"), (minutes, "Minute", "Minuten"),
                             (secs, "Sekunde", "Sekunden")):
        if value:
            parts.append(f"{value} {one if value == 1 else many}")
    return " ".join(parts) or "0 Sekunden"


def iso_duration(seconds: int) -> str:
    """"PT2M30S" for <time datetime>."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (f"{secs}S" if secs or not (hours or minutes) else "")
    return text
