"""Atom 1.0 feeds (RFC 4287) of the news: all posts, and one per kind.

Written after the build by ``write_feeds`` (an ``engagiert.outputs.writers.OUTPUT_WRITERS`` entry):

| file | content |
|---|---|
| ``aktuelles/feed.xml`` | the newest ``FEED_ENTRIES`` posts of every kind |
| ``aktuelles/art/<art>/feed.xml`` | the newest posts of one kind, e.g. the Informations-E-Mails |

The XML is built with ElementTree (it escapes text and attributes). Stable ids are tag URIs
(RFC 4151) from the site's host and the post's file name, so a post keeps its id when its
date or title changes; ``updated`` comes from the data (``aktualisiert`` or the date), never
from the clock: the same data gives the same bytes. Links are absolute (``site_url``).
Drafts and scheduled posts are never in a feed, not even in ``mkdocs serve``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Iterable
from urllib.parse import urljoin, urlsplit

from engagiert.base.clock import BERLIN
from engagiert.load.news import NewsKind, Post
from engagiert.plan.feeds import FEED, KIND_FEED, NETWORK, feed_title

if TYPE_CHECKING:
    from engagiert.plan.build import Build

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
COLLECTION = "news"
FEED_ENTRIES = 50          # newest posts per feed; the archive pages have the rest
TAG_YEAR = "2012"          # tag URI date: the year the network (and its domain) began
# A feed without posts still needs an <updated>; a fixed instant keeps the bytes stable.
EMPTY_UPDATED = datetime(2012, 12, 5, tzinfo=BERLIN)


@dataclass(frozen=True)
class FeedFile:
    path: str      # below the site folder
    title: str
    content: bytes


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: v for k, v in attrs.items() if v is not None})
    if text is not None:
        el.text = text
    return el


def _stamp(value: datetime) -> str:
    return value.astimezone(BERLIN).isoformat(timespec="seconds")


def tag_uri(site_url: str, path: str) -> str:
    host = urlsplit(site_url).hostname or "localhost"
    if host.startswith("www."):
        host = host[4:]
    return f"tag:{host},{TAG_YEAR}:{path}"


def public_posts(build: "Build") -> list[Post]:
    """Published posts, newest first (date, then id)."""
    posts = [p for p in build.data.records.get(COLLECTION, ())
             if build.publishing is None or build.publishing.is_public(COLLECTION, p.id)]
    return sorted(posts, key=lambda p: (p.date, p.id), reverse=True)


def feed(build: "Build", posts: Iterable[Post], *, path: str, page_url: str, kind: NewsKind | None) -> bytes:
    """One Atom feed document."""
    site = build.site_url or "http://localhost/"
    posts = list(posts)[:FEED_ENTRIES]
    # Unprefixed names in the Atom namespace, declared once on the root (ElementTree would
    # otherwise prefix every element with "ns0:").
    root = ET.Element("feed", {"xmlns": ATOM, XML_LANG: "de"})
    _el(root, "id", tag_uri(site, page_url.rstrip("/")))
    _el(root, "title", feed_title(kind))
    if kind is None:
        _el(root, "subtitle", "Meldungen, Informations-E-Mails, Pressemitteilungen und Rückblicke des Netzwerks.")
    updated = max((p.updated for p in posts), default=EMPTY_UPDATED)
    _el(root, "updated", _stamp(updated))
    _el(root, "link", rel="self", type="application/atom+xml", href=urljoin(site, path))
    _el(root, "link", rel="alternate", type="text/html", href=urljoin(site, page_url))
    author = _el(root, "author")
    _el(author, "name", NETWORK)
    _el(author, "uri", site)
    for post in posts:
        url = build.url_of(COLLECTION, post.id) or f"aktuelles/{post.id}/"
        entry = _el(root, "entry")
        _el(entry, "id", tag_uri(site, f"aktuelles/{post.id}"))
        _el(entry, "title", post.title)
        _el(entry, "link", rel="alternate", type="text/html", href=urljoin(site, url))
        _el(entry, "published", _stamp(datetime(post.date.year, post.date.month, post.date.day, tzinfo=BERLIN)))
        _el(entry, "updated", _stamp(post.updated))
        _el(entry, "summary", post.summary)
        _el(entry, "category", term=post.kind.value, label=post.label,
            scheme=urljoin(site, "aktuelles/art/"))
        for topic_id in post.topics:
            topic = build.data.get("topics", topic_id)
            _el(entry, "category", term=topic_id, label=topic.name if topic else topic_id,
                scheme=urljoin(site, "wissen/"))  # the knowledge base's topics
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def feed_files(build: "Build") -> list[FeedFile]:
    posts = public_posts(build)
    files = [FeedFile(FEED, feed_title(None), feed(build, posts, path=FEED, page_url="aktuelles/", kind=None))]
    for kind in NewsKind:
        of_kind = [p for p in posts if p.kind is kind]
        if not of_kind:
            continue
        path = KIND_FEED.format(kind=kind.value)
        files.append(FeedFile(path, feed_title(kind),
                              feed(build, of_kind, path=path, page_url=f"aktuelles/art/{kind.value}/", kind=kind)))
    return files


def write_feeds(build: "Build", site_dir: Path) -> None:
    """OUTPUT_WRITERS entry: write every feed into the built site."""
    if not any(spec.name == COLLECTION for spec in build.specs):
        return
    for file in feed_files(build):
        target = Path(site_dir) / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(file.content)

