"""schema.org JSON-LD for a member profile, as a plain dict (templates render it with |tojson).

A member is a public body: a Stadt, Gemeinde, Kreis or Bezirksregierung. schema.org has
no "municipality" organisation type, so the member is a ``GovernmentOrganization`` whose
``areaServed`` is an ``AdministrativeArea`` (the territory) inside North Rhine-Westphalia.
"""

from __future__ import annotations

import re
from typing import Any

from ..base.urls import absolute
from ..load.models import Member, MemberType

NETWORK_NAME = "Kommunen-Netzwerk: engagiert in NRW"


def e164(phone: str | None) -> str | None:
    """A German phone number as written ("02551 69-0", "0211 – 159 36 182", "+49 211 …")
    in E.164 form ("+492551690"); None when no full number can be derived."""
    if not phone:
        return None
    text = phone.strip()
    digits = "".join(c for c in text if c.isdigit())
    if text.startswith("+"):
        number = "+" + digits
    elif digits.startswith("00"):
        number = "+" + digits[2:]
    elif digits.startswith("0"):
        number = "+49" + digits[1:]
    else:
        return None          # no area code: not dialable from elsewhere
    return number if 6 <= len(number) - 1 <= 15 else None


def _area_type(member: Member) -> str:
    return {
        MemberType.STADT: "City",
        MemberType.KREISFREIE_STADT: "City",
        MemberType.GEMEINDE: "AdministrativeArea",
        MemberType.KREIS: "AdministrativeArea",
        MemberType.BEZIRKSREGIERUNG: "AdministrativeArea",
    }[member.type]


def member_jsonld(member: Member, page_url: str | None, site_url: str,
                  topic_names: dict[str, str] | None = None,
                  image_url: str | None = None) -> dict[str, Any]:
    """The JSON-LD object of one member's profile page.

    ``page_url`` is the site-relative URL of the profile; ``topic_names`` maps topic ids to names.
    """
    url = absolute(site_url, page_url) if page_url is not None else None
    contained_in: dict[str, Any] = {
        "@type": "AdministrativeArea",
        "name": f"Regierungsbezirk {member.district.label}",
        "containedInPlace": {"@type": "State", "name": "Nordrhein-Westfalen"},
    }
    if member.kreis:
        contained_in = {"@type": "AdministrativeArea", "name": member.kreis_key.label,
                        "containedInPlace": contained_in}
    area = {
        "@type": _area_type(member),
        "name": member.sort_name if member.type is not MemberType.BEZIRKSREGIERUNG
        else f"Regierungsbezirk {member.district.label}",
        "geo": {"@type": "GeoCoordinates", "latitude": member.coordinates.lat,
                "longitude": member.coordinates.lon},
        "containedInPlace": contained_in,
    }
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": member.name,
        "additionalType": member.type.label,
        "areaServed": area,
        "memberOf": {"@type": "Organization", "name": NETWORK_NAME, "url": site_url},
    }
    if url:
        data["@id"] = url + "#organisation"
        data["mainEntityOfPage"] = url
    if member.website:
        data["url"] = member.website
        data["sameAs"] = [member.website]
    contacts = []
    for c in member.contacts:
        point: dict[str, Any] = {"@type": "ContactPoint", "name": c.name,
                                 "contactType": c.role or "Ansprechperson Bürgerschaftliches Engagement",
                                 "availableLanguage": "de"}
        if c.email:
            point["email"] = c.email
        if e164(c.phone):
            point["telephone"] = e164(c.phone)
        contacts.append(point)
    if contacts:
        data["contactPoint"] = contacts
    if member.office:
        office: dict[str, Any] = {"@type": "GovernmentOffice", "name": member.office.name}
        if member.office.address:
            a = member.office.address
            address = {"@type": "PostalAddress", "addressLocality": a.city, "addressCountry": "DE",
                       "addressRegion": "Nordrhein-Westfalen"}
            if a.street:
                address["streetAddress"] = a.street
            if a.postal_code:
                address["postalCode"] = a.postal_code
            office["address"] = address
        if member.office.email:
            office["email"] = member.office.email
        if e164(member.office.phone):
            office["telephone"] = e164(member.office.phone)
        if member.office.website:
            office["url"] = member.office.website
        data["department"] = office
    if member.topics:
        names = topic_names or {}
        data["knowsAbout"] = [names.get(t, t) for t in member.topics]
    if image_url:
        data["image"] = image_url
    if member.profile:
        data["description"] = plain_text(member.profile.strip().split("\n\n", 1)[0])[:300]
    return data


def plain_text(markdown: str) -> str:
    """The first paragraph of a Markdown text as plain text (links keep their text)."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    text = re.sub(r"^\s*(#+|[-*+]|\d+\.)\s+", "", text, flags=re.M)
    return " ".join(text.split())
