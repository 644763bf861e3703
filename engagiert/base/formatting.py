"""German formatting and editors' Markdown for the templates (the filters' functions).

Material's environment has no autoescape; our templates switch it on with
``{% autoescape true %}``, and the Markdown filter returns ``Markup``. The filters are
installed by ``engagiert.adapter.templating``.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
import re
from typing import TYPE_CHECKING

import markdown as md
from markdown.treeprocessors import Treeprocessor
from babel import Locale
from babel.dates import format_date, format_time
from markupsafe import Markup, escape

from .sanitize import is_own, sanitize
from .clock import BERLIN

_SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")
_SMARTY_GERMAN = {"smarty": {"substitutions": {
    "left-double-quote": "&bdquo;", "right-double-quote": "&ldquo;",
    "left-single-quote": "&sbquo;", "right-single-quote": "&lsquo;"}}}


class _SafeTree(Treeprocessor):
    """Shift headings below the page's h1 and drop links with unsafe schemes (javascript: …)."""

    def __init__(self, md_: md.Markdown, shift: int):
        super().__init__(md_)
        self.shift = shift

    def run(self, root):
        for el in root.iter():
            if len(el.tag) == 2 and el.tag[0] == "h" and el.tag[1].isdigit():
                el.tag = f"h{min(6, int(el.tag[1]) + self.shift)}"
            if el.tag == "img" and not is_own(el.get("src") or ""):
                # An image from another host would be loaded by every visitor: link it instead.
                src, alt = el.get("src"), el.get("alt") or el.get("src")
                el.attrib.clear()
                el.tag, el.text = "a", alt
                el.set("href", src)
            for attr in ("href", "src"):
                value = el.get(attr)
                if value is not None and ":" in value.split("/", 1)[0] \
                        and not value.lower().startswith(_SAFE_SCHEMES):
                    del el.attrib[attr]


class _EditorMarkdown(md.Extension):
    """Raw HTML in editors' Markdown is shown as text, never executed."""

    def __init__(self, shift: int):
        super().__init__()
        self.shift = shift

    def extendMarkdown(self, md_: md.Markdown) -> None:  # noqa: N802 (Markdown API)
        md_.preprocessors.deregister("html_block")
        md_.inlinePatterns.deregister("html")
        md_.treeprocessors.register(_SafeTree(md_, self.shift), "engagiert_safe", 0)


@lru_cache(maxsize=None)
def editor_markdown(shift: int = 1, smart_quotes: bool = True) -> md.Markdown:
    """The one Markdown converter of editors' text (raw HTML shown as text, unsafe links dropped,
    headings shifted by ``shift``), shared per setting: building one costs more than converting a
    short field. Call ``reset()`` before or after each use. Plain text (JSON-LD, calendars)
    uses it without ``smart_quotes``: typographic quotes stay out of machine-read text."""
    if not smart_quotes:
        return md.Markdown(extensions=[_EditorMarkdown(shift), "sane_lists"])
    return md.Markdown(extensions=[_EditorMarkdown(shift), "sane_lists", "smarty"],
                       extension_configs=_SMARTY_GERMAN)


_MAX_BRACKETS = 300
_LINK_TARGET = re.compile(r"\((?:[^\s()\\]|\\.|\([^\s()]*\))*\)")
_OPEN_TARGET = re.compile(r"\]\(")


def _defuse_open_links(text: str) -> str:
    """``](`` that no ``)`` closes cannot become a link, but Python-Markdown searches the rest of
    the text for the closing parenthesis from every one of them (many of them cost the square
    or more of the text's length). Escaped, they render the same."""
    if text.count("](") < 20:
        return text
    out, last = [], 0
    for m in _OPEN_TARGET.finditer(text):
        start = m.end() - 1
        if not _LINK_TARGET.match(text[start:start + 2048]):
            out.append(text[last:start] + "\\(")
            last = start + 1
    out.append(text[last:])
    return "".join(out)


def render_markdown(text: str | None, shift_headings: int = 1) -> Markup:
    """Markdown from data fields to HTML: raw HTML escaped, headings below the page's h1."""
    if not text:
        return Markup("")
    if text.count("[") > _MAX_BRACKETS:
        # Python-Markdown's inline parsing costs about the square of the number of brackets:
        # a text with this many is no prose; it is shown as it was written.
        return Markup("<p>") + escape(text) + Markup("</p>")
    converter = editor_markdown(shift_headings)
    try:
        # One sanitising path for Markdown from anyone (issue #13): entity-encoded schemes,
        # mailto: with parameters and anything the escaping missed are removed here.
        return Markup(sanitize(converter.convert(_defuse_open_links(text))).html)
    finally:
        converter.reset()


# Parsed once: babel would parse the locale string on every call.
_DE = Locale.parse("de_DE")


def de_date(value: date | datetime, fmt: str = "full") -> str:
    """"Dienstag, 24. November 2026" (full), "24. November 2026" (long), "24.11.2026" (medium)."""
    if isinstance(value, datetime):
        value = value.astimezone(BERLIN).date()
    return _de_day(value, fmt)


@lru_cache(maxsize=4096)
def _de_day(day: date, fmt: str) -> str:
    # babel formats slowly and listings show the same days on many pages
    return format_date(day, format=fmt, locale=_DE)


def de_time(value: datetime) -> str:
    return format_time(value.astimezone(BERLIN), format="HH:mm", locale=_DE) + " Uhr"


def de_month(value: date | datetime) -> str:
    """"November 2026"."""
    return format_date(value, format="LLLL y", locale=_DE)


def iso(value: date | datetime) -> str:
    return value.isoformat()


def de_in(place: str) -> str:
    """"in" with a Kreis or region name in the dative: "im Kreis Steinfurt", "im Rhein-Erft-Kreis",
    "im Oberbergischen Kreis" (an adjective before "Kreis" declines), "in der Städteregion Aachen"."""
    if place.startswith("Städteregion "):
        return f"in der {place}"
    if place.endswith("er Kreis"):
        return f"im {place[: -len('er Kreis')]}en Kreis"
    return f"im {place}"

