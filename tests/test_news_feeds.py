"""Atom feeds of the news (issue #14, engagiert/outputs/atom.py): every feed of the built site
parses with feedparser as Atom 1.0 without errors, validates against the RELAX NG schema of
RFC 4287 (tests/data/atom.rng, from Appendix B), and holds exactly the published posts with
stable ids, absolute links, summaries and dates from the data; the same data gives the same bytes."""

from __future__ import annotations

import sys
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from helpers import PINNED_EPOCH, ROOT

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SCHEMA = Path(__file__).parent / "data" / "atom.rng"
SITE = "https://www.engagiert-in-nrw.de/"


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    import os

    from engagiert.plan.build import Build

    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(PINNED_EPOCH)
    try:
        result = Build.load(ROOT, {"extra": {"collections_config": "collections.yml"}, "site_url": SITE})
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    return result


@pytest.fixture(scope="module")
def relaxng():
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


def _feeds(site_dir: Path) -> list[Path]:
    feeds = sorted((site_dir / "aktuelles").rglob("feed.xml"))
    assert [f.relative_to(site_dir).as_posix() for f in feeds] == [
        "aktuelles/art/informations-e-mail/feed.xml", "aktuelles/art/meldung/feed.xml",
        "aktuelles/art/pressemitteilung/feed.xml", "aktuelles/art/rueckblick/feed.xml",
        "aktuelles/feed.xml"]
    return feeds


def test_schema_rejects_what_rfc_4287_forbids(relaxng):
    """The schema file is a real check: a feed without id, or with a plain date, fails."""
    ok = b'<feed xmlns="http://www.w3.org/2005/Atom"><id>x</id><title>t</title>' \
         b'<updated>2026-01-01T00:00:00+01:00</updated></feed>'
    assert relaxng.validate(etree.fromstring(ok))
    assert not relaxng.validate(etree.fromstring(ok.replace(b"<id>x</id>", b"")))
    assert not relaxng.validate(etree.fromstring(ok.replace(b"2026-01-01T00:00:00+01:00", b"2026-01-01")))
    entry_without_title = ok.replace(b"</feed>", b"<entry><id>y</id><updated>2026-01-01T00:00:00Z</updated></entry></feed>")
    assert not relaxng.validate(etree.fromstring(entry_without_title))


def test_feeds_parse_and_validate(site_dir, relaxng):
    for path in _feeds(site_dir):
        data = path.read_bytes()
        parsed = feedparser.parse(data)
        assert parsed.version == "atom10", path
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        doc = etree.fromstring(data)
        assert relaxng.validate(doc), (path, relaxng.error_log)
        # RFC 4287 rules the RELAX NG part cannot express (Appendix B's Schematron)
        ns = {"a": "http://www.w3.org/2005/Atom"}
        assert doc.find("a:author/a:name", ns) is not None
        assert doc.find("a:link[@rel='self']", ns).get("href") == SITE + path.relative_to(site_dir).as_posix()
        for entry in doc.findall("a:entry", ns):
            assert len(entry.findall("a:link[@rel='alternate']", ns)) == 1


def test_feed_round_trips_every_published_post(site_dir, build):
    from engagiert.load.news import NewsKind

    posts = sorted((p for p in build.data.records["news"] if build.publishing.is_public("news", p.id)),
                   key=lambda p: (p.date, p.id), reverse=True)
    assert len(posts) == 9   # the example posts minus the draft and the one scheduled for 2027
    parsed = feedparser.parse((site_dir / "aktuelles/feed.xml").read_bytes())
    assert parsed.feed.id == "tag:engagiert-in-nrw.de,2012:aktuelles"
    assert parsed.feed.updated == max(p.updated for p in posts).isoformat(timespec="seconds")
    assert [e.id for e in parsed.entries] == [f"tag:engagiert-in-nrw.de,2012:aktuelles/{p.id}" for p in posts]
    for entry, post in zip(parsed.entries, posts):
        assert entry.title == post.title
        assert entry.summary == " ".join(post.summary.split())
        assert entry.link == f"{SITE}aktuelles/{post.id}/"
        assert entry.published.startswith(post.date.isoformat() + "T00:00:00")
        assert entry.updated == post.updated.isoformat(timespec="seconds")
        assert entry.tags[0].term == post.kind.value
        assert [t.term for t in entry.tags[1:]] == list(post.topics)
    for kind in NewsKind:
        of_kind = [p for p in posts if p.kind is kind]
        kind_feed = feedparser.parse((site_dir / f"aktuelles/art/{kind.value}/feed.xml").read_bytes())
        assert [e.link for e in kind_feed.entries] == [f"{SITE}aktuelles/{p.id}/" for p in of_kind], kind
        assert kind_feed.feed.link == f"{SITE}aktuelles/art/{kind.value}/"


def test_feeds_are_the_same_bytes_for_the_same_data(site_dir, build):
    from engagiert.outputs.atom import feed_files

    first = {f.path: f.content for f in feed_files(build)}
    again = {f.path: f.content for f in feed_files(build)}
    assert first == again
    assert first["aktuelles/feed.xml"] == (site_dir / "aktuelles/feed.xml").read_bytes()


def test_feed_escapes_data_text(build):
    """Titles and summaries are text, not markup: ElementTree escapes them."""
    import dataclasses

    from engagiert.outputs.atom import feed

    post = next(iter(build.data.records["news"]))
    odd = dataclasses.replace(post, title="A & B <script>alert(1)</script>", summary="x ]]> y < z")
    data = feed(build, [odd], path="aktuelles/feed.xml", page_url="aktuelles/", kind=None)
    parsed = feedparser.parse(data)
    assert not parsed.bozo
    assert b"<script>" not in data and b"A &amp; B &lt;script&gt;" in data
    assert parsed.entries[0].title == "A & B <script>alert(1)</script>"
