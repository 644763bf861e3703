"""Where the Atom feeds of the news live and what they are called (engagiert/outputs/atom.py
writes them, page heads link them)."""

from __future__ import annotations

from engagiert.load.news import NewsKind

NETWORK = "Kommunen-Netzwerk: engagiert in NRW"
FEED = "aktuelles/feed.xml"                  # every kind
KIND_FEED = "aktuelles/art/{kind}/feed.xml"  # one kind, beside its archive page


def feed_title(kind: NewsKind | None) -> str:
    if kind is None:
        return f"Aktuelles – {NETWORK}"
    return f"{NewsKind.PLURALS[kind.value]} – {NETWORK}"
