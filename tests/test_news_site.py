"""Aktuelles (issue #14) in the built site (the shared strict build, today pinned to 2026-10-01):
overview, year and kind archives, post pages, home page, pages that list posts about them,
feeds linked from every head, JSON-LD, and drafts and scheduled posts absent from all of it."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from helpers import PINNED_TODAY, ROOT, html_files, parse_html

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

POSTS = ROOT / "content" / "aktuelles"
DRAFT = "informations-e-mail-17-entwurf"
SCHEDULED = "2027-03-werkstatt-engagementstrategien"
PUBLISHED = "2026-09-rueckblick-spitzentreffen"


def _front(name: str) -> str:
    return (POSTS / f"{name}.md").read_text(encoding="utf-8")


def _page(site_dir: Path, url: str) -> str:
    return (site_dir / url / "index.html").read_text(encoding="utf-8")


def _post_links(html: str) -> list[str]:
    """Post slugs linked from the list items of a news listing, in order."""
    return re.findall(r'class="nw-(?:item__title|row)[^"]*">(?:<time[^>]*>[^<]*</time> )?<a href="[^"]*aktuelles/([a-z0-9-]+)/"', html)


def test_example_data_has_a_draft_and_a_post_scheduled_after_both_todays():
    assert "entwurf: true" in _front(DRAFT)
    date = re.search(r"^datum: (\S+)", _front(SCHEDULED), re.M).group(1)
    assert date > "2026-12-01" and date > PINNED_TODAY.isoformat()


def test_overview_lists_published_posts_newest_first(site_dir):
    html = _page(site_dir, "aktuelles")
    slugs = re.findall(r'<h2 class="nw-item__title"><a href="[^"]*aktuelles/([a-z0-9-]+)/"', html)
    assert slugs[0] == "2026-09-informations-e-mail-16"
    assert PUBLISHED in slugs and "2012-12-gemeinsame-erklaerung-unterzeichnet" == slugs[-1]
    dates = re.findall(r'<p class="nw-item__meta"><time datetime="([0-9-]+)"', html)
    assert dates == sorted(dates, reverse=True) and len(dates) == len(slugs)
    assert "Workshop zur kommunalen Engagementstrategie im Oktober" in html   # the summary
    for href in ("2026/", "2012/", "art/informations-e-mail/", "art/pressemitteilung/"):
        assert f'href="./{href}"' in html or f'href="{href}"' in html or f'/aktuelles/{href}"' in html, href


def test_post_page_has_time_jsonld_and_links_both_ways(site_dir):
    html = _page(site_dir, f"aktuelles/{PUBLISHED}")
    doc = parse_html(html)
    assert '<time datetime="2026-09-21">Montag, 21. September 2026</time>' in html
    ld = [json.loads(text) for attrs, text in doc.scripts if attrs.get("type") == "application/ld+json"]
    article = next(d for d in ld if d.get("@type") == "NewsArticle")
    assert article["headline"] == "Rückblick: Kommunales Spitzentreffen 2026"
    assert article["datePublished"] == "2026-09-21"
    assert article["dateModified"] == "2026-09-23T10:15:00+02:00"
    assert article["url"] == f"https://www.engagiert-in-nrw.de/aktuelles/{PUBLISHED}/"
    assert article["image"].startswith("https://www.engagiert-in-nrw.de/assets/images/")
    assert 'alt="Stilisierte Ansicht des Prinzipalmarkts in Münster"' in html
    assert "veranstaltungen/spitzentreffen-2026/" in html and "mitglieder/stadt-muenster/" in html
    # the other way: the event and the member list the post
    for url in ("veranstaltungen/spitzentreffen-2026", "mitglieder/stadt-muenster"):
        assert f"aktuelles/{PUBLISHED}/" in _page(site_dir, url), url
    assert "aktuelles/2025-12-rueckblick-netzwerktreffen/" in _page(site_dir, "wissen/dokumentation/netzwerktreffen-2025-2")
    assert f"aktuelles/{PUBLISHED}/" in _page(site_dir, "wissen/themen/engagement-als-querschnittsaufgabe")


def test_year_and_kind_pages(site_dir):
    year = _page(site_dir, "aktuelles/2026")
    assert "<h1>Aktuelles aus dem Jahr 2026</h1>" in year
    assert _post_links(year) == ["2026-09-informations-e-mail-16", "2026-09-rueckblick-spitzentreffen",
                                 "2026-06-informations-e-mail-15", "2026-03-informations-e-mail-14"]
    mails = _page(site_dir, "aktuelles/art/informations-e-mail")
    assert "<h1>Informations-E-Mails</h1>" in mails
    assert re.findall(r"Nr\. (\d+)</span>", mails) == ["16", "15", "14"]
    assert _post_links(_page(site_dir, "aktuelles/art/pressemitteilung")) == [
        "2021-02-engagementstrategie-beschlossen", "2012-12-gemeinsame-erklaerung-unterzeichnet"]
    assert sorted(p.name for p in (site_dir / "aktuelles/art").iterdir()) == [
        "informations-e-mail", "meldung", "pressemitteilung", "rueckblick"]


def test_home_page_shows_the_latest_three(site_dir):
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    block = html.split('id="aktuelles-home"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'href="[^"]*aktuelles/([a-z0-9-]+)/"', block)[:3] == [
        "2026-09-informations-e-mail-16", "2026-09-rueckblick-spitzentreffen", "2026-06-informations-e-mail-15"]
    assert block.count('class="nw-item"') == 3


def test_navigation_has_aktuelles(site_dir):
    html = (site_dir / "netzwerk/index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="[^"]*aktuelles/"[^>]*>\s*Aktuelles\s*</a>', html)


def test_every_page_links_the_feed_in_its_head(site_dir):
    pages = html_files(site_dir)
    assert len(pages) > 50
    for path in pages:
        head = path.read_text(encoding="utf-8").split("</head>", 1)[0]
        links = [e.attrs for e in parse_html(head).find("link")
                 if e.attrs.get("rel") == "alternate" and e.attrs.get("type") == "application/atom+xml"]
        assert links, path
        href = links[0]["href"]
        target = (site_dir / href.lstrip("/") if href.startswith("/") else path.parent / href).resolve()
        assert target == (site_dir / "aktuelles/feed.xml").resolve(), path
    kind = (site_dir / "aktuelles/art/meldung/index.html").read_text(encoding="utf-8").split("</head>")[0]
    assert 'type="application/atom+xml" title="Meldungen – Kommunen-Netzwerk: engagiert in NRW" href="feed.xml"' in kind


@pytest.mark.parametrize("post", [DRAFT, SCHEDULED])
def test_drafts_and_scheduled_posts_are_nowhere(site_dir, post):
    title = re.search(r'^titel: "?(.+?)"?$', _front(post), re.M).group(1)
    assert not (site_dir / "aktuelles" / post).exists()
    hits = []
    for path in sorted(site_dir.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            text = path.read_text(encoding="utf-8", errors="replace")
            if post in text or title in text:
                hits.append(path.relative_to(site_dir).as_posix())
    assert hits == []  # pages, listings, feeds, sitemap, search index


def test_search_indexes_posts_with_format_aktuelles(site_dir):
    docs = {}
    for path in (site_dir / "suchindex" / "d").glob("*.json"):
        for doc in json.loads(path.read_text(encoding="utf-8")):
            if isinstance(doc, dict):
                docs[doc.get("url")] = doc
    news = {u: d for u, d in docs.items() if u and "aktuelles/" in u and d.get("format") == "Aktuelles"}
    assert any(PUBLISHED in u for u in news), sorted(docs)[:20]
    formats = json.loads((site_dir / "suchindex" / "f" / "format.json").read_text(encoding="utf-8"))
    assert "Aktuelles" in formats
    assert '<option value="Aktuelles">Aktuelles</option>' in _page(site_dir, "suche")


def test_feed_links_do_not_make_material_fetch_a_sitemap(site_dir):
    """Material fetches sitemap.xml beside each <link rel="alternate">; the build's bundle
    follows only language alternates (hreflang), not the feeds (engagiert/selfhost.py)."""
    bundles = sorted((site_dir / "assets/javascripts").glob("bundle.*.min.js"))
    assert bundles
    text = bundles[0].read_text(encoding="utf-8")
    assert 'M("link[rel=alternate][hreflang]")' in text
    assert 'M("link[rel=alternate]")' not in text
