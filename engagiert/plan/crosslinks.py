"""Reverse references between collections, computed once per build.

Records point at each other by id (an event names its host member and topics, an
article names its event, members and topics). Pages need the other direction too
(a member's hosted events, a topic's members, an event's documentation). Linear in
the number of records: one pass over every reference.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from ..load.models import Article, Event, Member, SiteData


def _freeze(index: dict[str, list]) -> Mapping[str, tuple]:
    return MappingProxyType({k: tuple(v) for k, v in index.items()})


@dataclass(frozen=True)
class Links:
    events_by_host: Mapping[str, tuple[Event, ...]]          # member id -> events it hosts
    articles_by_member: Mapping[str, tuple[Article, ...]]    # member id -> articles naming it
    articles_by_event: Mapping[str, tuple[Article, ...]]     # event id -> its documentation
    members_by_topic: Mapping[str, tuple[Member, ...]]
    events_by_topic: Mapping[str, tuple[Event, ...]]
    articles_by_topic: Mapping[str, tuple[Article, ...]]

    def hosted_events(self, member_id: str) -> tuple[Event, ...]:
        return self.events_by_host.get(member_id, ())

    def documentation_of(self, event_id: str) -> tuple[Article, ...]:
        return self.articles_by_event.get(event_id, ())


def build_links(data: SiteData) -> Links:
    events_by_host, events_by_topic = defaultdict(list), defaultdict(list)
    members_by_topic = defaultdict(list)
    articles_by_member, articles_by_event, articles_by_topic = defaultdict(list), defaultdict(list), defaultdict(list)
    members = sorted(data.records.get("members", ()), key=lambda m: m.name)
    events = sorted(data.records.get("events", ()), key=lambda e: (str(e.start), e.id))
    articles = sorted(data.records.get("articles", ()), key=lambda a: (a.date, a.id), reverse=True)
    for member in members:
        for topic in member.topics:
            members_by_topic[topic].append(member)
    for event in events:
        if event.host:
            events_by_host[event.host].append(event)
        for topic in event.topics:
            events_by_topic[topic].append(event)
    # Documentation named only on the event's side (its dokumentation: field) counts too (issue #15).
    documented_by = {e.documentation: e.id for e in events if getattr(e, "documentation", None)}
    for article in articles:
        for member_id in article.members:
            articles_by_member[member_id].append(article)
        if article.event:
            articles_by_event[article.event].append(article)
        elif article.src_uri in documented_by:
            articles_by_event[documented_by[article.src_uri]].append(article)
        for topic in article.topics:
            articles_by_topic[topic].append(article)
    return Links(
        events_by_host=_freeze(events_by_host),
        articles_by_member=_freeze(articles_by_member),
        articles_by_event=_freeze(articles_by_event),
        members_by_topic=_freeze(members_by_topic),
        events_by_topic=_freeze(events_by_topic),
        articles_by_topic=_freeze(articles_by_topic),
    )
