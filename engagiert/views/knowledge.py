"""The knowledge base (Wissen) for templates: hub sections, topic pages, listings.

``knowledge`` (a template global) answers what the hub, topic and listing templates
show. Everything is computed once per build from the records and the cross-links,
linear in the number of records; long lists are capped so that no page grows with the
archive (issue #7: no page over 200 KB at 5,000 articles) and link to the full lists.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from . import agenda
from .downloads import install as install_downloads
from ..load.models import Article, ArticleFormat, Event, Member, Topic

if TYPE_CHECKING:
    from ..plan.build import Build

# Caps for lists on one page; the rest is reachable through the linked full lists.
LATEST = 8             # "Neueste Beiträge" on the hub
TOPIC_ARTICLES = 60    # articles on a topic page
TOPIC_EVENTS = 15      # upcoming and past events each on a topic page
TOPIC_MEMBERS = 150    # members on a topic page
HUB_MEMBERS = 40       # members on the hub (most articles first)
GROUP_ARTICLES = 150   # articles on a format/member listing (years link to the rest): the page stays < 200 KB

# Order of the formats on the hub and in filters (the editors' vocabulary).
FORMAT_ORDER = tuple(ArticleFormat)


@dataclass(frozen=True)
class Entry:
    """One link in a browse list: label, site-relative URL, count."""

    key: str
    label: str
    url: str | None
    count: int


@dataclass(frozen=True)
class Capped:
    """The first items of a longer list, and how many there are in all."""

    items: tuple
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def _capped(items, cap: int) -> Capped:
    items = tuple(items)
    return Capped(items[:cap], len(items))


def newest_first(articles) -> list[Article]:
    return sorted(articles, key=lambda a: (a.date, a.title, a.id), reverse=True)


class Knowledge:
    def __init__(self, build: "Build"):
        self.build = build

    # ------------------------------------------------------------------ hub
    @cached_property
    def articles(self) -> tuple[Article, ...]:
        return tuple(newest_first(self.build.data.records.get("articles", ())))

    def latest(self, n: int = LATEST) -> tuple[Article, ...]:
        return self.articles[:n]

    @cached_property
    def topics(self) -> tuple[Entry, ...]:
        """Every topic of the controlled list (even without articles yet), A–Z."""
        topics = sorted(self.build.data.records.get("topics", ()), key=lambda t: t.name.casefold())
        return tuple(Entry(t.id, t.name, self.build.url_of("topics", t.id),
                           len(self.build.links.articles_by_topic.get(t.id, ())))
                     for t in topics)

    @cached_property
    def formats(self) -> tuple[Entry, ...]:
        counts = Counter(a.format for a in self.articles)
        return tuple(Entry(f.value, f.label, self.group_url("format", f.value), counts[f])
                     for f in FORMAT_ORDER if counts[f])

    @cached_property
    def years(self) -> tuple[Entry, ...]:
        counts = Counter(a.year for a in self.articles)
        return tuple(Entry(str(y), str(y), self.group_url("year", str(y)), counts[y])
                     for y in sorted(counts, reverse=True))

    @cached_property
    def members(self) -> tuple[Entry, ...]:
        """Members named by articles, most articles first, then A–Z."""
        entries = []
        for member_id, arts in self.build.links.articles_by_member.items():
            member = self.build.data.get("members", member_id)
            if member is None:
                continue
            entries.append(Entry(member_id, member.name, self.group_url("members", member_id), len(arts)))
        entries.sort(key=lambda e: (-e.count, e.label.casefold(), e.key))
        return tuple(entries)

    def hub_members(self) -> Capped:
        return _capped(self.members, HUB_MEMBERS)

    # ------------------------------------------------------------------ groups
    def group_url(self, field: str, key: str) -> str | None:
        """URL of the articles listing for a format, year or member, if there is one."""
        return self.build.group_url("articles", field, key)

    def group_title(self, group) -> str:
        """Display title of an articles listing (a member's name rather than its id)."""
        if group.field == "members":
            member = self.build.data.get("members", group.key)
            return f"Wissen von {member.name}" if member else group.label
        if group.field == "year":
            return f"Wissen aus dem Jahr {group.key}"
        return group.label

    def group_articles(self, group) -> Capped:
        return _capped(newest_first(group.records), GROUP_ARTICLES)

    def years_of(self, articles) -> tuple[int, ...]:
        return tuple(sorted({a.year for a in articles}, reverse=True))

    def topics_of(self, articles) -> tuple[Topic, ...]:
        ids = {t for a in articles for t in a.topics}
        topics = [self.build.data.get("topics", i) for i in ids]
        return tuple(sorted((t for t in topics if t), key=lambda t: t.name.casefold()))

    # ------------------------------------------------------------------ topic pages
    def topic_articles(self, topic_id: str) -> Capped:
        arts = [a for a in self.build.links.articles_by_topic.get(topic_id, ())
                if a.format is not ArticleFormat.DOCUMENTATION]
        return _capped(newest_first(arts), TOPIC_ARTICLES)

    def topic_documentation(self, topic_id: str) -> Capped:
        arts = [a for a in self.build.links.articles_by_topic.get(topic_id, ())
                if a.format is ArticleFormat.DOCUMENTATION]
        return _capped(newest_first(arts), TOPIC_ARTICLES)

    def topic_events(self, topic_id: str) -> tuple[Capped, Capped]:
        """(upcoming, soonest first; past, latest first) events on a topic."""
        upcoming, past = agenda.split(self.build.links.events_by_topic.get(topic_id, ()), self.build.today)
        return _capped(upcoming, TOPIC_EVENTS), _capped(past, TOPIC_EVENTS)

    def topic_members(self, topic_id: str) -> Capped:
        members = sorted(self.build.links.members_by_topic.get(topic_id, ()),
                         key=lambda m: (getattr(m, "sort_key", None) or (m.name.casefold(), m.id)))
        return _capped(members, TOPIC_MEMBERS)

    # ------------------------------------------------------------------ records
    def topic(self, topic_id: str) -> Topic | None:
        return self.build.data.get("topics", topic_id)

    def member(self, member_id: str) -> Member | None:
        return self.build.data.get("members", member_id)

    def event(self, event_id: str | None) -> Event | None:
        return self.build.data.get("events", event_id) if event_id else None

    @cached_property
    def _documented_by(self) -> dict[str, str]:
        return {e.documentation: e.id for e in self.build.data.records.get("events", ()) if e.documentation}

    def event_id_of(self, article: Article) -> str | None:
        """The event an article documents: its own ``veranstaltung:``, else the event whose
        ``dokumentation:`` names the page (issue #15: either side may name the other)."""
        return article.event or self._documented_by.get(article.src_uri)


def install(env, build: "Build") -> None:
    env.globals["knowledge"] = Knowledge(build)
    install_downloads(env, build)
