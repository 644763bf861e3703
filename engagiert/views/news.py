"""Aktuelles for templates: the overview, year and kind archives, posts about a record.

``news`` (a template global) answers what the news templates, the home page and the pages
of members, events, articles and topics show. Computed once per build, linear in the number
of posts; lists are capped so that no page grows with the archive (issue #7: 200 KB per page)
and link to the complete year archives.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from engagiert.load.news import NewsKind, Post
from engagiert.plan.feeds import FEED, KIND_FEED, feed_title
from engagiert.plan.publish import Status
from engagiert.views.knowledge import Capped, Entry  # the knowledge base's browse lists

if TYPE_CHECKING:
    from engagiert.plan.build import Build

COLLECTION = "news"
OVERVIEW = 20        # posts with summary on /aktuelles/
HOME = 3             # latest posts on the home page
GROUP = 150          # posts on a kind page (newest; the year archives have all): ~600 B per row
RELATED = 10         # posts listed on a member, event, article or topic page


@dataclass(frozen=True)
class Feed:
    url: str       # site-relative
    title: str


def _capped(items, cap: int) -> Capped:
    items = tuple(items)
    return Capped(items[:cap], len(items))


def newest_first(posts) -> list[Post]:
    return sorted(posts, key=lambda p: (p.date, p.id), reverse=True)


class News:
    def __init__(self, build: "Build"):
        self.build = build

    @cached_property
    def posts(self) -> tuple[Post, ...]:
        """Every post of this build (published ones; in preview drafts and scheduled ones too)."""
        return tuple(newest_first(self.build.data.records.get(COLLECTION, ())))

    def overview(self) -> Capped:
        return _capped(self.posts, OVERVIEW)

    def latest(self, n: int = HOME) -> tuple[Post, ...]:
        return self.posts[:n]

    # ------------------------------------------------------------------ archives
    @cached_property
    def _group_urls(self) -> dict[tuple[str, str], str]:
        return {(p.group.field, p.group.key): p.url for p in self.build.plan.pages
                if p.group is not None and p.collection == COLLECTION}

    def year_url(self, year) -> str | None:
        return self._group_urls.get(("year", str(year)))

    def kind_url(self, kind: NewsKind) -> str | None:
        return self._group_urls.get(("kind_group", kind.value))

    @cached_property
    def years(self) -> tuple[Entry, ...]:
        counts = Counter(p.year for p in self.posts)
        return tuple(Entry(str(y), str(y), self.year_url(y), counts[y]) for y in sorted(counts, reverse=True))

    @cached_property
    def kinds(self) -> tuple[Entry, ...]:
        counts = Counter(p.kind for p in self.posts)
        return tuple(Entry(k.value, NewsKind.PLURALS[k.value], self.kind_url(k), counts[k])
                     for k in NewsKind if counts[k])

    def group_posts(self, group) -> Capped:
        """A year archive lists all its posts; a kind page the newest ``GROUP``; the
        Informations-E-Mails by number, highest first."""
        posts = newest_first(group.records)
        if group.field == "kind_group" and group.key == NewsKind.NEWSLETTER.value:
            posts.sort(key=lambda p: (p.number or 0, p.date, p.id), reverse=True)
        if group.field == "year":
            return Capped(tuple(posts), len(posts))
        return _capped(posts, GROUP)

    def group_heading(self, group) -> str:
        if group.field == "year":
            return f"Aktuelles aus dem Jahr {group.key}"
        return NewsKind.PLURALS.get(group.key, group.label)

    # ------------------------------------------------------------------ feeds
    def feeds(self, group=None) -> tuple[Feed, ...]:
        """The feeds a page links in its head: all news; on a kind page also that kind's."""
        feeds = [Feed(FEED, feed_title(None))]
        if group is not None and group.collection == COLLECTION and group.field == "kind_group":
            kind = NewsKind(group.key)
            if any(self.build.publishing is None or self.build.publishing.is_public(COLLECTION, p.id)
                   for p in group.records):
                feeds.append(Feed(KIND_FEED.format(kind=kind.value), feed_title(kind)))
        return tuple(feeds)

    # ------------------------------------------------------------------ both ways
    @cached_property
    def _about(self) -> dict[str, dict[str, list[Post]]]:
        index: dict[str, dict[str, list[Post]]] = {
            "members": defaultdict(list), "events": defaultdict(list),
            "articles": defaultdict(list), "topics": defaultdict(list)}
        for post in self.posts:
            for member in post.members:
                index["members"][member].append(post)
            for event in post.events:
                index["events"][event].append(post)
            for article in post.articles:
                index["articles"][article].append(post)
            for topic in post.topics:
                index["topics"][topic].append(post)
        return index

    def about(self, collection: str, record_id: str) -> Capped:
        """Posts naming a member, event, article or topic, newest first."""
        return _capped(self._about.get(collection, {}).get(record_id, ()), RELATED)

    # ------------------------------------------------------------------ records
    def status(self, post: Post) -> str:
        """"veroeffentlicht", "entwurf" or "geplant" (the last two only in mkdocs serve)."""
        if self.build.publishing is None:
            return Status.PUBLISHED.value
        return self.build.publishing.status(COLLECTION, post.id).value

    def get(self, collection: str, record_id: str) -> Any:
        return self.build.data.get(collection, record_id)

    def jsonld(self, post: Post, page_url: str) -> dict:
        """schema.org NewsArticle of a post (rendered with ``tojson`` in the page head)."""
        from urllib.parse import urljoin

        site = self.build.site_url or "/"
        url = urljoin(site, page_url)
        network = {"@type": "Organization", "name": "Kommunen-Netzwerk: engagiert in NRW", "url": site}
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": post.title,
            "description": post.summary,
            "datePublished": post.date.isoformat(),
            "dateModified": post.updated.isoformat(timespec="seconds"),
            "inLanguage": "de",
            "url": url,
            "mainEntityOfPage": url,
            "articleSection": post.kind.label,
            "author": network,
            "publisher": network,
        }
        if post.image is not None:
            data["image"] = urljoin(site, post.image.src)
        topics = [t.name for t in (self.build.data.get("topics", i) for i in post.topics) if t is not None]
        if topics:
            data["keywords"] = ", ".join(topics)
        return data


def install(env, build: "Build") -> None:
    env.globals["news"] = News(build)
