"""The knowledge base (Wissen) on the built site: hub, topic pages, listings, article pages.

Expectations come from the data, loaded with the project's own loader, so the tests follow
the example data: every article is listed under each of its topics, its format, its year
and each member it names; downloads say format and size; topic pages list the members and
events on the topic. Browser tests: zero axe violations on the hub, a topic page, a listing
and an article, and the listing filter.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from engagiert.views import agenda
from engagiert.load.collections import load_specs
from engagiert.plan.crosslinks import build_links
from engagiert.views.downloads import download_label, format_name, size_label
from engagiert.views.knowledge import TOPIC_ARTICLES, TOPIC_EVENTS, TOPIC_MEMBERS
from engagiert.load.loader import load_site
from engagiert.load.models import ArticleFormat, Download
from engagiert.plan.pages import plan
from helpers import PINNED_TODAY, ROOT, format_violations, goto, run_axe

_HREF = re.compile(r'href="([^"]+)"')
_TAGS = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def data():
    specs = load_specs(ROOT / "collections.yml", ROOT)
    site_data = load_site(ROOT, specs)
    return site_data, plan(specs, site_data), build_links(site_data)


def read(site_dir: Path, url: str) -> str:
    path = site_dir / url / "index.html" if not url.endswith(".html") else site_dir / url
    assert path.is_file(), f"missing page /{url}"
    return path.read_text(encoding="utf-8")


def main_html(page_html: str) -> str:
    m = re.search(r'<article class="md-content__inner[^"]*">(.*)</article>', page_html, re.S)
    assert m, "no main content"
    return m.group(1)


def links_to(page_html: str, page_url: str, target_url: str) -> bool:
    """Does the page (at site-relative page_url) link to target_url (site-relative)?"""
    from posixpath import normpath
    base = "/" + page_url
    for href in _HREF.findall(main_html(page_html)):
        href = unescape(href).split("#")[0]
        if href.startswith(("http:", "https:", "mailto:", "tel:")) or not href:
            continue
        resolved = normpath(base + href) if not href.startswith("/") else normpath(href)
        if resolved.rstrip("/") == ("/" + target_url).rstrip("/"):
            return True
    return False


# --------------------------------------------------------------------------- listings

def test_example_data_has_articles(data):
    site_data, _, _ = data
    assert len(site_data.articles) >= 3
    assert {a.format for a in site_data.articles} >= {ArticleFormat.DOCUMENTATION, ArticleFormat.PUBLICATION}


def test_every_article_under_each_topic(site_dir, data):
    site_data, pl, links = data
    for topic in site_data.topics:
        url = pl.url_of("topics", topic.id)
        html_text = read(site_dir, url)
        on_topic = links.articles_by_topic.get(topic.id, ())
        assert len(on_topic) <= TOPIC_ARTICLES, "example data exceeds the topic page cap"
        for article in on_topic:
            assert links_to(html_text, url, pl.url_of("articles", article.id)), \
                f"{article.id} missing on topic page /{url}"


def test_every_article_under_its_format_year_and_members(site_dir, data):
    site_data, pl, _ = data
    groups = {(p.group.field, p.group.key): p.url for p in pl.pages
              if p.group is not None and p.collection == "articles"}
    for article in site_data.articles:
        target = pl.url_of("articles", article.id)
        wanted = [("format", article.format.value), ("year", str(article.year))]
        wanted += [("members", m) for m in article.members]
        for key in wanted:
            assert key in groups, f"no listing page for {key}"
            page_html = read(site_dir, groups[key])
            assert links_to(page_html, groups[key], target), f"{article.id} missing on /{groups[key]}"


def test_listing_pages_have_only_their_articles(site_dir, data):
    site_data, pl, _ = data
    for p in pl.pages:
        if p.group is None or p.collection != "articles":
            continue
        page_html = read(site_dir, p.url)
        listed = {a.id for a in site_data.articles if links_to(page_html, p.url, pl.url_of("articles", a.id))}
        assert listed == {a.id for a in p.group.records}, p.url


def test_publications_listing_newest_first_with_filter(site_dir, data):
    site_data, pl, _ = data
    url = "wissen/format/publikation/"
    page_html = main_html(read(site_dir, url))
    dates = re.findall(r'<li class="kb-item"[^>]*data-date="([0-9-]+)"', page_html)
    pubs = [a for a in site_data.articles if a.format is ArticleFormat.PUBLICATION]
    assert len(dates) == len(pubs)
    assert dates == sorted(dates, reverse=True)
    assert 'data-kb-filter="kb-liste"' in page_html and "data-kb-sort" in page_html


def test_hub_lists_topics_formats_years_members(site_dir, data):
    site_data, pl, links = data
    page_html = read(site_dir, "wissen/")
    for topic in site_data.topics:
        assert links_to(page_html, "wissen/", pl.url_of("topics", topic.id)), topic.id
    text = _TAGS.sub(" ", main_html(page_html))
    for fmt in {a.format for a in site_data.articles}:
        assert links_to(page_html, "wissen/", f"wissen/format/{fmt.value}/")
        count = sum(1 for a in site_data.articles if a.format is fmt)
        assert re.search(rf"{re.escape(fmt.label)}\s+{count} Beitr", text), fmt.label  # glossary: "Beitrag" (issue #19)
    for year in {a.year for a in site_data.articles}:
        assert links_to(page_html, "wissen/", f"wissen/jahr/{year}/")
    for member_id in links.articles_by_member:
        assert links_to(page_html, "wissen/", f"wissen/mitglied/{member_id}/"), member_id
    newest = max(site_data.articles, key=lambda a: a.date)
    assert links_to(page_html, "wissen/", pl.url_of("articles", newest.id))


def test_topic_pages_list_members_and_events(site_dir, data):
    site_data, pl, links = data
    checked_members = checked_events = 0
    for topic in site_data.topics:
        url = pl.url_of("topics", topic.id)
        page_html = read(site_dir, url)
        members = links.members_by_topic.get(topic.id, ())
        assert len(members) <= TOPIC_MEMBERS
        for member in members:
            assert links_to(page_html, url, pl.url_of("members", member.id)), f"{member.id} on /{url}"
            checked_members += 1
        upcoming, past = agenda.split(links.events_by_topic.get(topic.id, ()), PINNED_TODAY)
        assert len(upcoming) <= TOPIC_EVENTS and len(past) <= TOPIC_EVENTS
        for event in upcoming + past:
            assert links_to(page_html, url, pl.url_of("events", event.id)), f"{event.id} on /{url}"
            checked_events += 1
        # members not on the topic are not listed
        for member in site_data.members:
            if topic.id not in member.topics:
                assert not links_to(page_html, url, pl.url_of("members", member.id)), member.id
    assert checked_members and checked_events, "example data has no members/events with topics"


def test_topic_page_shows_description(site_dir, data):
    site_data, pl, _ = data
    topic = next(t for t in site_data.topics if t.description)
    text = " ".join(_TAGS.sub(" ", main_html(read(site_dir, pl.url_of("topics", topic.id)))).split())
    first_words = " ".join(topic.description.split()[:4])
    assert first_words in text


# --------------------------------------------------------------------------- article pages

def test_article_facts(site_dir, data):
    site_data, pl, _ = data
    for article in site_data.articles:
        url = pl.url_of("articles", article.id)
        page_html = read(site_dir, url)
        facts = re.search(r'<aside class="kb-facts".*?</aside>', page_html, re.S)
        assert facts, f"no facts box on /{url}"
        box = facts.group(0)
        text = " ".join(_TAGS.sub(" ", box).split())
        assert article.format.label in text
        assert str(article.date.year) in text
        for topic_id in article.topics:
            assert links_to(page_html, url, pl.url_of("topics", topic_id)), topic_id
        for member_id in article.members:
            assert links_to(page_html, url, pl.url_of("members", member_id)), member_id
        assert page_html.count("<h1") == 1, f"/{url} has {page_html.count('<h1')} h1"


def test_downloads_state_format_and_size(site_dir, data):
    site_data, pl, _ = data
    with_downloads = [a for a in site_data.articles if a.downloads]
    assert with_downloads, "example data has no article with downloads"
    for article in with_downloads:
        url = pl.url_of("articles", article.id)
        box = re.search(r'<ul class="kb-downloads">(.*?)</ul>', read(site_dir, url), re.S).group(1)
        for d in article.downloads:
            real_size = (ROOT / "content" / d.src).stat().st_size
            assert (site_dir / d.src).is_file(), f"download {d.src} not in the built site"
            item = re.search(rf'<a href="[^"]*{re.escape(d.src)}"[^>]*>{re.escape(d.title)}</a>\s*'
                             r'<span class="kb-downloads__info">\(([^)]*)\)</span>', box)
            assert item, f"download {d.src} on /{url} without format and size"
            assert item.group(1) == f"{format_name(Path(d.src).suffix)}, {size_label(real_size)}"


def test_documentation_shows_its_event(site_dir, data):
    site_data, pl, _ = data
    docs = [a for a in site_data.articles if a.event]
    assert docs
    for article in docs:
        url = pl.url_of("articles", article.id)
        page_html = read(site_dir, url)
        assert links_to(page_html, url, pl.url_of("events", article.event)), article.id


# --------------------------------------------------------------------------- units

@pytest.mark.parametrize("size,label", [(0, "0 Byte"), (850, "850 Byte"), (1024, "1 KB"),
                                        (250_880, "245 KB"), (1_258_291, "1,2 MB"),
                                        (26_214_400, "25 MB")])
def test_size_label(size, label):
    assert size_label(size) == label


def test_download_label():
    assert download_label(Download("a/b.pdf", "B", 250_880, "PDF")) == "PDF, 245 KB"
    assert download_label(Download("a/b.docx", "B", 2048, "DOCX")) == "Word (DOCX), 2 KB"
    assert download_label(Download("a/b.xyz", "B", None, None)) == "XYZ"
    assert format_name(None) == "Datei"


# --------------------------------------------------------------------------- browser

@pytest.mark.browser
@pytest.mark.parametrize("path_of", ["hub", "topic", "listing", "article"])
def test_knowledge_pages_have_no_axe_violations(page, http_base, data, path_of):
    site_data, pl, _ = data
    article = max(site_data.articles, key=lambda a: len(a.downloads) + len(a.topics))
    url = {
        "hub": "wissen/",
        "topic": pl.url_of("topics", site_data.topics[0].id),
        "listing": f"wissen/format/{article.format.value}/",
        "article": pl.url_of("articles", article.id),
    }[path_of]
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 800})
        goto(page, http_base, url)
        violations = run_axe(page)
        assert not violations, f"/{url} at {width}px:\n" + format_violations(violations)


@pytest.mark.browser
def test_listing_filter_narrows_and_announces(page, http_base, data):
    site_data, _, _ = data
    # the year listing with the most articles, filtered by one of their topics
    by_year: dict[int, list] = {}
    for a in site_data.articles:
        by_year.setdefault(a.year, []).append(a)
    year, articles = max(by_year.items(), key=lambda kv: len(kv[1]))
    topics = sorted({t for a in articles for t in a.topics})
    assert len(articles) > 1 and len(topics) > 1
    topic = topics[0]
    expected = sum(1 for a in articles if topic in a.topics)
    goto(page, http_base, f"wissen/jahr/{year}/")
    form = page.locator("form[data-kb-filter]")
    assert form.is_visible()
    page.select_option("select[data-kb-topic]", topic)
    assert page.locator("#kb-liste > li:not([hidden])").count() == expected
    status = page.locator("[data-kb-status]").inner_text()
    assert f"{expected} von {len(articles)}" in status
    page.select_option("select[data-kb-sort]", "alt")
    dates = page.eval_on_selector_all("#kb-liste > li", "els => els.map(e => e.dataset.date)")
    assert dates == sorted(dates)
