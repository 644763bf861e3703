"""Member pages on the built site (issue #4): one profile per member and no extra ones, every
field of the data visible, counts from the data, map markers that lead to existing profiles,
well-formed mailto:/tel: links, JSON-LD, edit links to the member's line in data/members.yaml,
geodata attribution, and pages kept out of the navigation and under the size budget.

``check_member_site`` holds the checks that also run on the 400-member build
(test_members_scale.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from helpers import PINNED_TODAY, ROOT, SITE_URL

from engagiert.load.collections import load_specs
from engagiert.load.loader import load_site
from engagiert.views.members_jsonld import e164
from engagiert.base.formatting import de_date, render_markdown

REPOSITORY = "https://github.com/engagiert-in-nrw/website"
PAGE_BUDGET = 200 * 1024


# --------------------------------------------------------------------------- a small DOM

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr", "circle", "path", "rect", "line", "polyline", "polygon", "ellipse", "use"}


@dataclass
class Node:
    tag: str
    attrs: dict
    children: list = field(default_factory=list)
    parent: "Node | None" = None

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list["Node"]:
        out = []
        for n in self.iter():
            if tag and n.tag != tag:
                continue
            if cls and cls not in (n.attrs.get("class") or "").split():
                continue
            if any(n.attrs.get(k.replace("_", "-")) != v for k, v in attrs.items()):
                continue
            out.append(n)
        return out

    def find(self, tag=None, cls=None, **attrs) -> "Node | None":
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def by_id(self, ident: str) -> "Node | None":
        return self.find(id=ident)

    def text(self) -> str:
        parts = []
        for child in self.children:
            parts.append(child.text() if isinstance(child, Node) else child)
        return " ".join(" ".join(parts).split())

    def has_ancestor(self, tag: str) -> bool:
        node = self.parent
        while node is not None:
            if node.tag == tag:
                return True
            node = node.parent
        return False


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: (v if v is not None else "") for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        node = Node(tag, {k: (v if v is not None else "") for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def dom(path: Path) -> Node:
    b = _Builder()
    b.feed(Path(path).read_text(encoding="utf-8"))
    b.close()
    return b.root


def resolve(site: Path, page_url: str, href: str) -> Path | None:
    """The built file a relative link on ``page_url`` points to, or None (external/anchor)."""
    if href.startswith(("mailto:", "tel:", "#")) or urlsplit(href).scheme:
        return None
    target = urlsplit(urljoin("https://x/" + page_url, href)).path.lstrip("/")
    target = unquote(target)
    path = site / target
    if target == "" or target.endswith("/"):
        path = path / "index.html"
    return path


# --------------------------------------------------------------------------- data

def load_members(root: Path):
    data = load_site(root, load_specs(root / "collections.yml", root))
    return data


@pytest.fixture(scope="module")
def data():
    return load_members(ROOT)


@pytest.fixture(scope="module")
def members(data):
    return {m.id: m for m in data.members}


# --------------------------------------------------------------------------- shared checks

def profile_dirs(site: Path) -> set[str]:
    base = site / "mitglieder"
    return {p.parent.name for p in base.glob("*/index.html")
            if p.parent.name not in ("a-z", "kreis")}


def directory_rows(doc: Node) -> list[Node]:
    return [li for li in doc.iter() if li.tag == "li" and "data-f" in li.attrs]


def check_one_page_per_member(site: Path, data) -> None:
    ids = {m.id for m in data.members}
    assert profile_dirs(site) == ids
    prefixes = {m.prefix for m in data.members}
    assert {p.parent.name for p in (site / "mitglieder/a-z").glob("*/index.html")} == prefixes
    kreise = {m.kreis_key for m in data.members if m.kreis_key}
    assert {p.parent.name for p in (site / "mitglieder/kreis").glob("*/index.html")} == kreise
    # nothing else below /mitglieder/
    extra = [p for p in (site / "mitglieder").rglob("index.html")
             if p.relative_to(site / "mitglieder").parts[0] not in ids | {"a-z", "kreis", "art", "index.html"}]
    assert not extra, extra


def check_directory(site: Path, data, *, inline: bool = True) -> Node:
    doc = dom(site / "mitglieder/index.html")
    n = len(data.members)
    total = doc.find("p", cls="mb-total")
    assert total is not None and f"{n} Mitglieder" in total.find("strong").text()
    # the composition sentence adds up to the total
    numbers = [int(x) for x in re.findall(r"(\d+) (?:kreis|Gemeinden|Kreise|Bezirksregierungen)", total.text())]
    ones = len(re.findall(r"\bein(?:e)? (?:kreis|Gemeinde|Kreis\b|Bezirksregierung)", total.text()))
    assert sum(numbers) + ones == n, total.text()
    profiles = {f"{m.id}/" for m in data.members}
    if inline:
        rows = directory_rows(doc)
        assert len(rows) == n
        hrefs = [li.find("a").attrs["href"] for li in rows]
        assert sorted(hrefs) == sorted(profiles), "every member listed exactly once"
        # A-Z: rows sorted by the directory order, grouped under their letter
        order = [f"{m.id}/" for m in sorted(data.members, key=lambda m: m.sort_key)]
        assert hrefs == order
        for m in data.members:
            li = next(li for li in rows if li.find("a").attrs["href"] == f"{m.id}/")
            section = li.parent.parent
            assert section.find("h3").text() == m.initial.label
    else:
        letters = doc.find("dl", cls="mb-letter-pages")
        assert letters is not None
        links = [(a.attrs["href"], int(a.parent.find("span").text())) for a in letters.find_all("a")]
        assert sum(count for _, count in links) == n
        assert sorted(href for href, _ in links) == sorted(f"a-z/{p}/" for p in {m.prefix for m in data.members})
    return doc


def check_markers(site: Path, data, doc: Node, page_url: str = "mitglieder/") -> list[Node]:
    svg = doc.find("svg", cls="nrw-map__svg")
    assert svg is not None
    caption = doc.by_id(svg.attrs["aria-labelledby"])
    assert caption is not None and "Text" in caption.text()
    markers = svg.find("g", cls="nrw-map__markers").find_all("a")
    assert markers
    view_w, view_h = (float(v) for v in svg.attrs["viewbox"].split()[2:])
    covered = set()
    for a in markers:
        target = resolve(site, page_url, a.attrs["href"])
        assert target is not None and target.is_file(), a.attrs["href"]
        title = a.find("title")
        assert title is not None and title.text(), "accessible name"
        circle = a.find("circle")
        assert 0 < float(circle.attrs["cx"]) < view_w and 0 < float(circle.attrs["cy"]) < view_h
        rel = target.parent.relative_to(site / "mitglieder").as_posix()
        if rel.startswith("kreis/"):
            covered |= {m.id for m in data.members if m.kreis_key == rel.split("/")[1]}
            assert re.fullmatch(r".+: \d+ Mitglieder?", title.text())
        else:
            assert title.text() == next(m.name for m in data.members if m.id == rel)
            covered.add(rel)
    assert covered == {m.id for m in data.members}, "every member is on the map"
    return markers


def check_profile(site: Path, m, data) -> Node:
    page = site / "mitglieder" / m.id / "index.html"
    doc = dom(page)
    main = doc.find("article") or doc
    text = main.text()
    assert doc.find("h1").text() == m.name
    for needle in (m.type.label, m.district.label, de_date(m.joined, "long"), m.card_status.label):
        assert needle in text, (m.id, needle)
    if m.kreis:
        assert m.kreis_key.label in text
    for item in m.instruments:
        assert item in text, (m.id, item)
    topics = {t.id: t for t in data.records.get("topics", ())}
    for t in m.topics:
        assert topics[t].name in text
    links = {a.attrs.get("href") for a in main.find_all("a")}
    if m.website:
        assert m.website in links
    for c in m.contacts:
        assert c.name in text and (not c.role or c.role in text)
        if c.email:
            assert f"mailto:{c.email}" in links
        if c.phone:
            assert c.phone in text and f"tel:{e164(c.phone)}" in links
    if m.office:
        o = m.office
        assert o.name in text
        if o.address:
            assert o.address.city in text and (not o.address.postal_code or o.address.postal_code in text)
            assert not o.address.street or o.address.street in text
        if o.email:
            assert f"mailto:{o.email}" in links
        if o.phone:
            assert f"tel:{e164(o.phone)}" in links
        if o.website:
            assert o.website in links
    if m.profile:
        profile_text = " ".join(re.sub(r"<[^>]+>", " ", str(render_markdown(m.profile))).split())
        import html as _html
        assert _html.unescape(profile_text) in text, m.id
    if m.image:
        # photos are published as processed variants named after the source (issue #16)
        stem = m.image.src.split("/")[-1].rsplit(".", 1)[0]
        img = [i for i in main.find_all("img") if stem in i.attrs.get("src", "").split("/")[-1]]
        assert img and img[0].attrs.get("alt") == m.image.alt
        target = resolve(site, f"mitglieder/{m.id}/", img[0].attrs["src"])
        assert target.is_file()
    # locator map: non-interactive image with a name
    locator = doc.find("figure", cls="nrw-locator")
    svg = locator.find("svg")
    assert svg.attrs.get("role") == "img" and doc.by_id(svg.attrs["aria-labelledby"]) is not None
    return doc


def check_mail_and_tel_links(site: Path) -> None:
    bad = []
    for page in (site / "mitglieder").rglob("index.html"):
        for a in dom(page).find_all("a"):
            href = a.attrs.get("href", "")
            if href.startswith("mailto:") and not re.fullmatch(r"mailto:[^@\s]+@[^@\s]+\.[a-z]{2,}", href):
                bad.append(f"{page}: {href}")
            if href.startswith("tel:") and not re.fullmatch(r"tel:\+49[1-9]\d{5,12}", href):
                bad.append(f"{page}: {href}")
    assert not bad, bad


def check_page_sizes(site: Path, budget: int = PAGE_BUDGET) -> int:
    sizes = {p: p.stat().st_size for p in (site / "mitglieder").rglob("*.html")}
    too_big = {str(p): s for p, s in sizes.items() if s > budget}
    assert not too_big, too_big
    return max(sizes.values())


# --------------------------------------------------------------------------- tests on the real site

def test_one_page_per_member_and_no_extra_ones(site_dir, data):
    check_one_page_per_member(site_dir, data)


def test_directory_lists_every_member_with_the_count_from_the_data(site_dir, data):
    check_directory(site_dir, data)


def test_every_map_marker_links_to_an_existing_profile(site_dir, data):
    doc = dom(site_dir / "mitglieder/index.html")
    markers = check_markers(site_dir, data, doc)
    assert len(markers) == len(data.members)


def test_every_field_is_visible_on_the_profile(site_dir, data):
    for m in data.members:
        check_profile(site_dir, m, data)


def test_topics_link_to_topic_pages_when_they_exist(site_dir, data):
    from engagiert.plan.build import Build
    for m in data.members:
        doc = dom(site_dir / "mitglieder" / m.id / "index.html")
        section = doc.by_id("themen")
        if not m.topics:
            assert section is None
            continue
        items = section.parent.find("ul").find_all("li")
        assert len(items) == len(m.topics)
        for li in items:
            a = li.find("a")
            if a is not None:
                target = resolve(site_dir, f"mitglieder/{m.id}/", a.attrs["href"])
                assert target.is_file() and "wissen/themen/" in target.as_posix()


def test_hosted_events_are_split_into_upcoming_and_past(site_dir, data):
    hosts = [m for m in data.members if any(e.host == m.id for e in data.events)]
    if not hosts:
        pytest.skip("no event names a host in the data")
    for m in hosts:
        doc = dom(site_dir / "mitglieder" / m.id / "index.html")
        section = doc.by_id("veranstaltungen").parent
        headings = [h.text() for h in section.find_all("h3")]
        listed = {}
        current = None
        for node in section.iter():
            if node.tag == "h3":
                current = node.text()
            if node.tag == "a" and current:
                listed[resolve(site_dir, f"mitglieder/{m.id}/", node.attrs["href"]).parent.name] = current
        for e in data.events:
            if e.host != m.id:
                continue
            last = e.end.date() if hasattr(e.end, "date") else e.end
            expected = "Demnächst" if last >= PINNED_TODAY else "Vergangene Veranstaltungen"
            assert listed.get(e.id) == expected, (m.id, e.id, headings)


def test_mailto_and_tel_links_are_well_formed(site_dir):
    check_mail_and_tel_links(site_dir)


def test_jsonld_on_every_profile_parses_and_matches_the_data(site_dir, data):
    for m in data.members:
        html = (site_dir / "mitglieder" / m.id / "index.html").read_text(encoding="utf-8")
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert len(blocks) == 1, m.id
        ld = json.loads(blocks[0])
        assert ld["@context"] == "https://schema.org" and ld["@type"] == "GovernmentOrganization"
        assert ld["name"] == m.name
        assert ld["mainEntityOfPage"] == f"{SITE_URL}mitglieder/{m.id}/"
        assert ld["areaServed"]["geo"]["latitude"] == m.coordinates.lat
        assert ld["areaServed"]["geo"]["longitude"] == m.coordinates.lon
        assert [c["name"] for c in ld["contactPoint"]] == [c.name for c in m.contacts]
        if m.website:
            assert ld["url"] == m.website


def test_edit_link_opens_the_members_entry_in_the_yaml_file(site_dir, data):
    lines = (ROOT / "data/members.yaml").read_text(encoding="utf-8").splitlines()
    for m in data.members:
        doc = dom(site_dir / "mitglieder" / m.id / "index.html")
        edit = doc.find("a", rel="edit")
        assert edit is not None, m.id
        assert edit.attrs["href"] == f"{REPOSITORY}/blob/main/data/members.yaml#L{m.source.line}"
        assert re.match(rf"\s*-\s+id:\s*{re.escape(m.id)}\s*$", lines[m.source.line - 1]), (m.id, m.source.line)


def test_generated_pages_are_not_in_the_navigation(site_dir, data):
    for page in ("index.html", "mitglieder/index.html", f"mitglieder/{data.members[0].id}/index.html"):
        doc = dom(site_dir / page)
        nav_links = [a.attrs.get("href", "") for nav in doc.find_all("nav", cls="md-nav")
                     for a in nav.find_all("a")]
        member_links = [h for h in nav_links if re.search(r"mitglieder/[^/#]+/$", h)]
        assert not member_links, (page, member_links)


def test_geodata_source_and_licence_are_stated_near_the_map(site_dir):
    doc = dom(site_dir / "mitglieder/index.html")
    caption = doc.find("figure", cls="nrw-map").find("figcaption").text()
    assert "© GeoBasis-DE / BKG" in caption
    section = doc.by_id("kartengrundlage").parent.text()
    assert "VG250" in section and "GeoNutzV" in section


def test_member_pages_stay_under_the_page_budget(site_dir):
    check_page_sizes(site_dir)


def test_kreis_pages_list_their_members(site_dir, data):
    for key in {m.kreis_key for m in data.members if m.kreis_key}:
        doc = dom(site_dir / "mitglieder/kreis" / key / "index.html")
        expected = {f"../../{m.id}/" for m in data.members if m.kreis_key == key}
        rows = {li.find("a").attrs["href"] for li in directory_rows(doc)}
        assert rows == expected
        markers = [a.attrs["href"] for a in doc.find("g", cls="nrw-map__markers").find_all("a")]
        assert sorted(markers) == sorted(expected)


def test_headings_are_in_order_on_member_pages(site_dir, data):
    pages = [site_dir / "mitglieder/index.html"]
    pages += [site_dir / "mitglieder" / m.id / "index.html" for m in data.members]
    pages += sorted((site_dir / "mitglieder/a-z").glob("*/index.html"))[:3]
    pages += sorted((site_dir / "mitglieder/kreis").glob("*/index.html"))[:3]
    for page in pages:
        doc = dom(page)
        article = doc.find("article") or doc
        levels = [int(n.tag[1]) for n in article.iter() if re.fullmatch(r"h[1-6]", n.tag)]
        assert levels and levels[0] == 1 and levels.count(1) == 1, (page, levels)
        jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        assert not jumps, (page, levels)


def test_kreis_names_are_declined_after_im(site_dir):
    """„im Oberbergischen Kreis“, never „im Oberbergischer Kreis“ (the example data has one)."""
    profile = (site_dir / "mitglieder/gemeinde-engelskirchen/index.html").read_text(encoding="utf-8")
    assert "Gemeinde im Oberbergischen Kreis, Regierungsbezirk Köln" in profile
    kreis = (site_dir / "mitglieder/kreis/oberbergischer-kreis/index.html").read_text(encoding="utf-8")
    assert "im Oberbergischen Kreis:" in kreis and "mit den Mitgliedern im Oberbergischen Kreis." in kreis
    for page in (site_dir / "mitglieder").rglob("index.html"):
        assert not re.search(r"\bim [\w-]+er Kreis\b", page.read_text(encoding="utf-8")), page
