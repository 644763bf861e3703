"""Fills the marks of the accessibility pages while MkDocs reads their Markdown (issue #20).

``content/barrierefreiheit.md``, ``gebaerdensprache.md`` and ``leichte-sprache.md`` hold
marks (``<!-- automatisch: … -->``); here they become what this build found: the list of
untagged PDFs and uncaptioned videos, the statement's dates, the feedback form, the DGS
videos and the links to Leichte Sprache summaries. HTML comes from templates below
overrides/partials/, rendered with autoescape.

The form and the video blocks are our HTML, not an editor's: the Markdown gets a token
paragraph, and ``page_content`` puts the block in its place after the page body went through
the sanitiser (adapter/safety.py), which would remove the form.
"""

from __future__ import annotations

import re
import secrets
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..load.accessibility import MARK
from ..base.formatting import de_date, render_markdown
from ..views import accessibility as view


@lru_cache(maxsize=4)
def _env(overrides: str) -> Environment:
    env = Environment(loader=FileSystemLoader(overrides), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["markdown"] = render_markdown
    env.filters["duration_label"] = view.duration_label
    env.filters["iso_duration"] = view.iso_duration
    return env


# Unguessable per process, so that no editor's text can stand for one of our blocks.
_TOKEN = "engagiert-block-" + secrets.token_hex(16)
_pending: dict[str, dict[str, str]] = {}   # src_uri -> {token: HTML}, until page_content


def _html_block(src: str, html: str) -> str:
    token = f"{_TOKEN}-{len(_pending.setdefault(src, {}))}"
    _pending[src][token] = re.sub(r"\n\s*\n", "\n", html.strip())
    return f"\n\n{token}\n\n"


def page_content(html: str, page) -> str:
    """The blocks of ``page_markdown`` in place of their token paragraphs (after sanitising)."""
    for token, block in _pending.pop(page.file.src_uri, {}).items():
        html = html.replace(f"<p>{token}</p>", block)
    return html


def _render(build, name: str, page, **context) -> str:
    env = _env(str(Path(build.root) / "overrides"))
    page_url = page.file.url

    def asset(path: str) -> str:
        return view.relative_url(path, page_url)

    return env.get_template(name).render(asset=asset, **context)


def page_markdown(build, markdown: str, page) -> str:
    data = getattr(build, "accessibility", None)
    if data is None:
        return markdown
    src = page.file.src_uri
    if src == "barrierefreiheit.md":
        statement = data.statement
        fills = {
            "nicht-barrierefreie-inhalte": view.not_accessible_items(data.untagged_pdfs, data.uncaptioned_videos, src),
            "erstellt": view.statement_date(statement.created, "Datum der Erstellung", "erstellt", de_date),
            "ueberprueft": view.statement_date(statement.reviewed, "Datum der letzten Überprüfung", "ueberprueft",
                                               de_date),
            "barriere-melden": _html_block(src, _render(build, "partials/feedback-form.html", page,
                                                   email=statement.feedback_email)),
        }
    elif src == "gebaerdensprache.md":
        fills = {"gebaerdensprache-videos": _html_block(src, _render(build, "partials/sign-videos.html", page,
                                                                videos=data.videos))}
    elif src == "leichte-sprache.md":
        fills = {"leichte-sprache-seiten": view.easy_pages(data.summaries, src)}
    else:
        return markdown
    for name, text in fills.items():
        markdown = markdown.replace(MARK.format(name), text)
    return markdown

