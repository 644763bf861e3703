"""Fills the marks of the accessibility pages while MkDocs reads their Markdown (issue #20).

``content/barrierefreiheit.md``, ``gebaerdensprache.md`` and ``leichte-sprache.md`` hold
marks (``<!-- automatisch: … -->``); here they become what this build found: the list of
untagged PDFs and uncaptioned videos, the statement's dates, the feedback form, the DGS
videos and the links to Leichte Sprache summaries. HTML comes from templates below
overrides/partials/, rendered with autoescape.
"""

from __future__ import annotations

import re
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


def _html_block(html: str) -> str:
    # A raw HTML block in Markdown ends at a blank line: keep it in one piece.
    return "\n\n" + re.sub(r"\n\s*\n", "\n", html.strip()) + "\n\n"


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
            "barriere-melden": _html_block(_render(build, "partials/feedback-form.html", page,
                                                   email=statement.feedback_email)),
        }
    elif src == "gebaerdensprache.md":
        fills = {"gebaerdensprache-videos": _html_block(_render(build, "partials/sign-videos.html", page,
                                                                videos=data.videos))}
    elif src == "leichte-sprache.md":
        fills = {"leichte-sprache-seiten": view.easy_pages(data.summaries, src)}
    else:
        return markdown
    for name, text in fills.items():
        markdown = markdown.replace(MARK.format(name), text)
    return markdown

