"""Filters and globals for the Jinja templates in overrides/.

Material's environment has no autoescape; our templates switch it on with
``{% autoescape true %}``, and the Markdown filter returns ``Markup``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import markdown as md
from babel.dates import format_date, format_datetime, format_time
from markupsafe import Markup

from .clock import BERLIN

if TYPE_CHECKING:
    from .site import Build

_MD_EXTENSIONS = ["sane_lists", "smarty"]


class _EscapeHtml(md.Extension):
    """Raw HTML in editors' Markdown is shown as text, never executed."""

    def extendMarkdown(self, md_: md.Markdown) -> None:  # noqa: N802 (Markdown API)
        md_.preprocessors.deregister("html_block")
        md_.inlinePatterns.deregister("html")


def render_markdown(text: str | None, shift_headings: int = 1) -> Markup:
    """Markdown from data fields to HTML, with raw HTML escaped."""
    if not text:
        return Markup("")
    converter = md.Markdown(extensions=[_EscapeHtml(), *_MD_EXTENSIONS],
                            extension_configs={"smarty": {"substitutions": {
                                "left-double-quote": "&bdquo;", "right-double-quote": "&ldquo;",
                                "left-single-quote": "&sbquo;", "right-single-quote": "&lsquo;"}}})
    html = converter.convert(text)
    if shift_headings:
        # Record pages own the h1; editors' "#" headings become h2 and below.
        for level in range(6 - shift_headings, 0, -1):
            html = html.replace(f"<h{level}", f"<h{level + shift_headings}").replace(
                f"</h{level}>", f"</h{level + shift_headings}>")
    return Markup(html)


def de_date(value: date | datetime, fmt: str = "full") -> str:
    """"Dienstag, 24. November 2026" (full), "24. November 2026" (long), "24.11.2026" (medium)."""
    if isinstance(value, datetime):
        value = value.astimezone(BERLIN).date()
    return format_date(value, format=fmt, locale="de_DE")


def de_time(value: datetime) -> str:
    return format_time(value.astimezone(BERLIN), format="HH:mm", locale="de_DE") + " Uhr"


def de_month(value: date | datetime) -> str:
    """"November 2026"."""
    return format_date(value, format="LLLL y", locale="de_DE")


def iso(value: date | datetime) -> str:
    return value.isoformat()


def install(env, build: "Build") -> None:
    env.filters["markdown"] = render_markdown
    env.filters["de_date"] = de_date
    env.filters["de_time"] = de_time
    env.filters["de_month"] = de_month
    env.filters["iso"] = iso
    env.globals["site_data"] = build.data
    env.globals["build"] = build
    env.globals["url_of"] = build.url_of
    from .agenda import install as install_agenda  # event calendar (issue #5): agenda, event_* filters
    install_agenda(env, build)
    from .members_ui import install as install_members  # member pages (issue #4): members_ui, tel_uri
    install_members(env, build)
    from .knowledge import install as install_knowledge  # knowledge base (issue #6): knowledge, download_label
    install_knowledge(env, build)
