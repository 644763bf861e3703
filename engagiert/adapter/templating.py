"""The one table of filters and globals the Jinja templates in overrides/ use (on_env).

Each entry names the pure function that computes it (``engagiert.base`` formatting,
``engagiert.views`` for events, members and the knowledge base); only this module and the
other adapter modules hand things to Jinja.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import jinja2

from ..base import german_words
from ..base.usercache import user_cache_dir
from ..base.formatting import de_date, de_in, de_month, de_time, iso, render_markdown
from ..views import agenda as agenda_view
from ..views import events_jsonld
from ..views.figures import install as install_figures
from ..views.knowledge import install as install_knowledge
from ..views.members_ui import install as install_members
from ..views.news import install as install_news
from ..views.text_links import for_build
from .chrome import install as install_chrome
from .pictures import install as install_pictures

if TYPE_CHECKING:
    from ..plan.build import Build


def _page_markdown_filter(build: "Build"):
    """The ``markdown`` filter: links in the text (kontakt.md, mitglied:<id>, …) relative to
    the page being rendered (issue #15)."""
    from jinja2 import pass_context

    links = for_build(build)

    @pass_context
    def markdown_filter(context, text: str | None, shift_headings: int = 1):
        page = context.get("page")
        url = getattr(page, "url", None)
        return render_markdown(links.rewrite(text, url), shift_headings)

    return markdown_filter


def _bytecode_cache(env) -> None:
    """Compiled templates kept between builds in the user's cache folder, never in the
    repository (a pull request could commit a compiled file there). Jinja keys each entry by
    the template's name and a checksum of its source, so a changed template is compiled anew;
    ``ENGAGIERT_TEMPLATE_CACHE=0`` compiles every time."""
    if os.environ.get("ENGAGIERT_TEMPLATE_CACHE", "1") == "0" or env.bytecode_cache is not None:
        return
    folder = user_cache_dir() / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


def install(env, build: "Build") -> None:
    _bytecode_cache(env)
    env.filters["markdown"] = _page_markdown_filter(build)
    env.filters["de_date"] = de_date
    env.filters["de_time"] = de_time
    env.filters["de_month"] = de_month
    env.filters["iso"] = iso
    env.filters["de_in"] = de_in
    # issue #19: German counts, pronouns and terms from one helper (engagiert/base/german_words.py)
    env.globals["words"] = german_words
    env.filters["capitalize_first"] = lambda text: text[:1].upper() + text[1:]
    env.globals["site_data"] = build.data
    env.globals["build"] = build
    env.globals["url_of"] = build.url_of
    install_agenda(env, build)  # event calendar (issue #5): agenda, event_* filters
    install_members(env, build)  # member pages (issue #4): members_ui, tel_uri
    install_knowledge(env, build)  # knowledge base (issue #6): knowledge, download_label
    install_chrome(env)  # issue #7: navigation rendered once per folder
    install_news(env, build)  # Aktuelles (issue #14): news
    install_figures(env, build)  # issue #17: signatories, charts, surveys
    install_pictures(env, build)  # issue #16: pictures.picture/figure


def install_agenda(env, build: "Build") -> None:
    """Filters and the ``agenda`` global of the event calendar."""
    a = agenda_view
    env.globals["agenda"] = a.Agenda.for_build(build)
    env.filters["event_date"] = a.date_label
    env.filters["event_date_short"] = a.short_date_label
    env.filters["event_time"] = a.time_label
    env.filters["event_place"] = a.place_label
    env.filters["event_address"] = a.address_lines
    env.filters["event_join_url"] = a.public_join_url
    env.filters["event_start_attr"] = a.start_attr
    env.filters["event_end_attr"] = a.end_attr
    env.filters["event_jsonld"] = lambda event: events_jsonld.event_jsonld(event, build)
    env.filters["event_first_day"] = a.first_day
    env.filters["event_last_day"] = a.last_day
    env.filters["event_is_online"] = a.is_online
    env.filters["event_is_hybrid"] = a.is_hybrid
    env.filters["event_status_short"] = a.status_short
    env.filters["event_status_notice"] = a.status_notice
    env.filters["event_badge"] = a.badge
    env.filters["event_date_parts"] = a.date_parts
    env.filters["event_public_text"] = a.public_text

