"""schema.org ``Event`` as a JSON-LD dict, one per event page.

The template renders it with ``|tojson`` inside ``<script type="application/ld+json">``
(``tojson`` escapes ``<``, ``>`` and ``&``, so data text cannot close the script element).

- ``startDate``/``endDate``: ISO 8601 with UTC offset for timed events
  ("2026-03-12T10:00:00+01:00"), plain dates for whole-day events (``endDate`` = last day).
- ``eventStatus``: EventScheduled, EventCancelled, EventPostponed, EventMovedOnline.
- ``eventAttendanceMode``: Offline (place only), Online (online only or moved online), Mixed.
- ``location``: ``Place`` with ``PostalAddress`` and/or ``VirtualLocation``; the virtual
  location's ``url`` is the join link only for public events, else the event page.
- ``organizer``: the network as ``Organization``; a hosting member is added as a second
  organizer (an ``Organization`` with its profile URL).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from . import agenda
from ..base.clock import BERLIN
from ..base.plaintext import markdown_to_text
from ..base.urls import absolute
from .agenda import redact
from ..load.models import Event, EventStatus

if TYPE_CHECKING:
    from ..plan.build import Build

SCHEMA = "https://schema.org/"
NETWORK_NAME = "Kommunen-Netzwerk: engagiert in NRW"

_STATUS = {
    EventStatus.PLANNED: "EventScheduled",
    EventStatus.CANCELLED: "EventCancelled",
    EventStatus.POSTPONED: "EventPostponed",
    EventStatus.MOVED_ONLINE: "EventMovedOnline",
}


def _date(value) -> str:
    if isinstance(value, datetime):
        return value.astimezone(BERLIN).isoformat()
    return value.isoformat()


def attendance_mode(event: Event) -> str:
    if agenda.is_online(event):
        return "OnlineEventAttendanceMode"
    if agenda.is_hybrid(event):
        return "MixedEventAttendanceMode"
    return "OfflineEventAttendanceMode"


def _place(event: Event) -> dict[str, Any] | None:
    if event.place is None:
        return None
    place: dict[str, Any] = {"@type": "Place", "name": event.place.name}
    address = event.place.address
    if address is not None:
        postal: dict[str, Any] = {"@type": "PostalAddress", "addressLocality": address.city,
                                  "addressRegion": "Nordrhein-Westfalen", "addressCountry": "DE"}
        if address.street:
            postal["streetAddress"] = address.street
        if address.postal_code:
            postal["postalCode"] = address.postal_code
        place["address"] = postal
    return place


def _virtual(event: Event, page_url: str) -> dict[str, Any] | None:
    if event.online is None:
        return None
    virtual: dict[str, Any] = {"@type": "VirtualLocation",
                               "url": agenda.public_join_url(event) or page_url}
    if event.online.platform:
        virtual["name"] = event.online.platform
    return virtual


def event_jsonld(event: Event, build: "Build") -> dict[str, Any]:
    page_url = absolute(build.site_url, build.url_of("events", event.id))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": page_url + "#veranstaltung",
        "name": event.title,
        "url": page_url,
        "inLanguage": "de",
        "startDate": _date(event.start),
        "endDate": _date(event.end),
        "eventStatus": SCHEMA + _STATUS[event.status],
        "eventAttendanceMode": SCHEMA + attendance_mode(event),
    }
    if event.status is EventStatus.POSTPONED:
        # schema.org: a postponed event keeps its original date as previousStartDate.
        data["previousStartDate"] = _date(event.start)
    from ..views.text_links import for_build  # issue #15: links in the description, absolute

    description = redact(markdown_to_text(for_build(build).rewrite(event.description, None)), event)
    if description:
        data["description"] = description
    if event.status is EventStatus.MOVED_ONLINE:
        locations = [_virtual(event, page_url)]
    else:
        locations = [_place(event), _virtual(event, page_url)]
    locations = [loc for loc in locations if loc is not None]
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    organizers: list[dict[str, Any]] = [{"@type": "Organization", "name": NETWORK_NAME, "url": absolute(build.site_url, "")}]
    member = build.data.get("members", event.host) if event.host else None
    if member is not None:
        host: dict[str, Any] = {"@type": "Organization", "name": member.name}
        member_url = build.url_of("members", member.id)
        if member_url:
            host["url"] = absolute(build.site_url, member_url)
        elif member.website:
            host["url"] = member.website
        organizers.append(host)
    data["organizer"] = organizers[0] if len(organizers) == 1 else organizers
    if event.topics:
        names = []
        for key in event.topics:
            topic = build.data.get("topics", key)
            names.append(topic.name if topic is not None else key)
        data["keywords"] = ", ".join(names)
    if event.members_only:
        data["audience"] = {"@type": "Audience", "audienceType": "Mitgliedskommunen des Netzwerks"}
    return data
