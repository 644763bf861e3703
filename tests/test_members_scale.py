"""400 generated members (tests/members_factory.py) built with the real configuration:
every profile, directory row and map marker is there and correct, and pages stay small.

Two builds: the default layout (400 < INLINE_LIMIT: one directory page, one marker per
member), and the large-site layout forced with low limits in mkdocs.yml
(extra.members_limits), which 11,000 members would get: two-letter directory pages,
Kreis markers, one-line rows.
"""

from __future__ import annotations

import re

import pytest

from helpers import ROOT, build_site

from members_factory import members_yaml
from test_members_site import (
    check_directory, check_mail_and_tel_links, check_markers, check_one_page_per_member,
    check_page_sizes, check_profile, directory_rows, dom, load_members,
)

COUNT = 400


def _build(tmp_path_factory, name: str, limits: str | None):
    base = (ROOT / "data/members.yaml").read_text(encoding="utf-8")
    overrides = {"data/members.yaml": members_yaml(COUNT, base_text=base)}
    if limits:
        config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        assert "\nextra:\n" in config
        overrides["mkdocs.yml"] = config.replace("\nextra:\n", f"\nextra:\n  members_limits: {limits}\n", 1)
    tmp = tmp_path_factory.mktemp(name)
    code, output, site = build_site(tmp, data_overrides=overrides)
    assert code == 0, output[-5000:]
    data = load_members(tmp / "repo")
    assert len(data.members) == COUNT
    return site, data


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    return _build(tmp_path_factory, "members400", None)


@pytest.fixture(scope="module")
def split(tmp_path_factory):
    return _build(tmp_path_factory, "members400split", "{inline: 100, markers: 100, compact: 10}")


def test_400_members_every_page_row_and_marker(big):
    site, data = big
    check_one_page_per_member(site, data)
    doc = check_directory(site, data, inline=True)
    markers = check_markers(site, data, doc)
    assert len(markers) == COUNT
    check_mail_and_tel_links(site)


def test_400_members_every_profile_complete(big):
    site, data = big
    for m in data.members:
        check_profile(site, m, data)


def test_400_members_page_sizes(big):
    site, data = big
    largest = check_page_sizes(site)
    # the directory grows by a bounded amount per member (row + marker)
    directory = (site / "mitglieder/index.html").stat().st_size
    profile = max((site / "mitglieder" / m.id / "index.html").stat().st_size for m in data.members)
    assert directory / COUNT < 400, directory
    assert profile < 80 * 1024 and largest <= 200 * 1024


def test_large_site_layout_splits_directory_and_aggregates_map(split):
    site, data = split
    check_one_page_per_member(site, data)
    doc = check_directory(site, data, inline=False)
    assert not directory_rows(doc), "no rows on the index above the inline limit"
    markers = check_markers(site, data, doc)
    kreise = {m.kreis_key for m in data.members if m.kreis_key}
    without_kreis = [m for m in data.members if not m.kreis_key]
    assert len(markers) == len(kreise) + len(without_kreis)
    # every two-letter page lists exactly its members, as one-line rows when many
    seen = []
    for page in sorted((site / "mitglieder/a-z").glob("*/index.html")):
        key = page.parent.name
        ldoc = dom(page)
        rows = directory_rows(ldoc)
        hrefs = [li.find("a").attrs["href"] for li in rows]
        members = [m for m in sorted(data.members, key=lambda m: m.sort_key) if m.prefix == key]
        assert hrefs == [f"../../{m.id}/" for m in members], key
        if len(rows) > 10:
            assert all(li.find("span") is None for li in rows)
        letters = ldoc.find("nav", cls="mb-letters")
        assert letters.find("a", aria_current="page") or letters.find("a", aria_current="true")
        siblings = ldoc.find("nav", cls="mb-prefixes").find_all("a")
        assert [a for a in siblings if a.attrs.get("aria-current") == "page"][0].text() == f"{key.capitalize()}…" \
            or key == "0"
        seen += hrefs
    assert len(seen) == COUNT
    check_page_sizes(site)


def test_large_site_type_pages_lead_to_the_kreis_pages(split):
    """A type page with more members than the directory shows inline (5,000 Gemeinden at
    11,000 members: 1.2 MB) lists its Kreise with counts instead of every member."""
    site, data = split
    by_type: dict[str, list] = {}
    for m in data.members:
        by_type.setdefault(m.type.value, []).append(m)
    big_types = [t for t, ms in by_type.items() if len(ms) > 100]
    assert big_types, "the 400 members have a type with more than the inline limit"
    for t, members in by_type.items():
        page = site / "mitglieder/art" / t / "index.html"
        doc = dom(page)
        if t not in big_types:
            assert len(directory_rows(doc)) == len(members), t
            continue
        assert not directory_rows(doc), t
        links = doc.find("ul", cls="mb-kreis-links").find_all("li")
        expected: dict[str, int] = {}
        for m in members:
            if m.kreis_key:
                expected[str(m.kreis_key)] = expected.get(str(m.kreis_key), 0) + 1
        got = {li.find("a").attrs["href"].rstrip("/").split("/")[-1]: int(li.find("span").text().strip("()"))
               for li in links}
        assert got == expected, t
        for li in links:  # every link reaches a Kreis page that lists these members
            href = li.find("a").attrs["href"]
            assert (page.parent / href / "index.html").resolve().is_file(), href
        outside = sum(1 for m in members if not m.kreis_key)
        assert ("keinem Kreis an" in doc.text()) == (outside > 0), t
        markers = doc.find("g", cls="nrw-map__markers").find_all("a")
        assert len(markers) == len(expected) + outside, t  # one per Kreis, one per member outside
    check_page_sizes(site)


@pytest.mark.browser
def test_large_site_filters_on_a_letter_page(split, browser):
    """The filters work on a letter page of the split directory too."""
    from conftest import serve
    site, data = split
    letter = max({m.prefix for m in data.members}, key=lambda k: sum(m.prefix == k for m in data.members))
    server, base = serve(site)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base + f"mitglieder/a-z/{letter}/")
        district = "Detmold"
        page.get_by_label("Regierungsbezirk", exact=True).select_option(label=district)
        expected = sorted(m.name for m in data.members if m.prefix == letter and m.district.label == district)
        page.wait_for_function("n => document.querySelectorAll('#mitgliederliste li[data-f]:not([hidden])').length === n",
                               arg=len(expected))
        shown = sorted(page.locator("#mitgliederliste li[data-f]:not([hidden]) > a").all_inner_texts())
        assert shown == expected
        page.wait_for_function("() => document.getElementById('mitgliederliste-status').textContent.includes(' von ')")
        assert re.match(rf"{len(expected)} von \d+", page.locator("#mitgliederliste-status").inner_text())
    finally:
        context.close()
        server.shutdown()
