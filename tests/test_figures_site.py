"""The network in figures on the built site (issue #17): the Gemeinsame Erklärung with every
signatory, the growth chart and its table, survey pages with one accessible chart, table and
CSV per question, the links into them, and how the pages look at 320, 390 and 1280 px."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from engagiert.load.collections import load_specs
from engagiert.load.loader import load_site
from engagiert.views.figures import FIRST_SIGNING
from helpers import ROOT, format_violations, goto, run_axe

DECLARATION = "netzwerk/gemeinsame-erklaerung/"
SURVEY = "wissen/befragungen/mitgliederbefragung-2025/"


@pytest.fixture(scope="module")
def data():
    return load_site(ROOT, load_specs(ROOT / "collections.yml", ROOT))


def _html(site_dir: Path, url: str) -> str:
    return (site_dir / url / "index.html").read_text(encoding="utf-8")


def _lxml(site_dir: Path, url: str):
    from lxml import html as lhtml
    return lhtml.fromstring(_html(site_dir, url))


def _text(el) -> str:
    """Text with runs of ASCII white space collapsed (no-break spaces are kept: they are content)."""
    return re.sub(r"[ \t\r\n]+", " ", el.text_content()).strip()


def _csv(site_dir: Path, href: str, page_url: str) -> list[list[str]]:
    target = (site_dir / page_url / href).resolve()
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV without BOM: Excel would misread the umlauts"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def _charts(doc):
    return doc.xpath("//section[contains(concat(' ', @class, ' '), ' chart ')]")


def _check_named_svg(doc, section) -> tuple[str, str]:
    """The chart's SVG is an image named by its heading and its summary sentence."""
    (svg,) = section.xpath(".//*[local-name()='svg']")
    assert svg.get("role") == "img"
    ids = svg.get("aria-labelledby").split()
    assert len(ids) == 2
    name_el, summary_el = (doc.get_element_by_id(i) for i in ids)
    name, summary = _text(name_el), _text(summary_el)
    assert name and summary.endswith(".") and len(summary) > 20
    assert name_el.tag in ("h2", "h3")
    return name, summary


# --------------------------------------------------------------------------- Gemeinsame Erklärung

def test_declaration_lists_every_member_with_signing_date(site_dir, data):
    doc = _lxml(site_dir, DECLARATION)
    items = doc.xpath("//ul[contains(@class, 'signatories')]/li")
    assert len(items) == len(data.members)
    by_href = {}
    for li in items:
        (a,) = li.xpath("./a")
        (t,) = li.xpath("./time")
        by_href[a.get("href").rstrip("/").rsplit("/", 1)[-1]] = (t.get("datetime"), _text(li))
    for m in data.members:
        assert by_href[m.id][0] == m.joined.isoformat(), m.id
    # grouped by year, in year order, each heading counting its members
    years = [int(h.get("id")[5:]) for h in doc.xpath("//h3[starts-with(@id, 'jahr-')]")]
    assert years == sorted({m.joined.year for m in data.members})
    for year in years:
        heading = doc.get_element_by_id(f"jahr-{year}")
        listed = heading.getnext().xpath("./li")
        assert len(listed) == sum(1 for m in data.members if m.joined.year == year)
        assert f"({len(listed)})" in _text(heading)


def test_first_signing_is_marked(site_dir, data):
    doc = _lxml(site_dir, DECLARATION)
    marked = [li.xpath("./a")[0].text for li in doc.xpath("//ul[contains(@class, 'signatories')]/li")
              if li.xpath(".//*[contains(@class, 'first-signing')]")]
    assert marked and sorted(marked) == sorted(m.name for m in data.members if m.joined == FIRST_SIGNING)


def test_year_pages_list_that_years_signatories(site_dir, data):
    years = sorted({m.joined.year for m in data.members})
    built = sorted(int(p.parent.name) for p in (site_dir / DECLARATION).glob("*/index.html"))
    assert built == years
    for year in years:
        doc = _lxml(site_dir, f"{DECLARATION}{year}/")
        dates = [t.get("datetime") for t in doc.xpath("//ul[contains(@class, 'signatories')]/li/time")]
        assert dates == sorted(m.joined.isoformat() for m in data.members if m.joined.year == year)
        assert _text(doc.xpath("//h1")[0]) == f"Unterzeichnende {year}"


def test_declaration_links_profiles_that_exist(site_dir, data):
    doc = _lxml(site_dir, DECLARATION)
    for a in doc.xpath("//ul[contains(@class, 'signatories')]/li/a"):
        target = (site_dir / DECLARATION / a.get("href")).resolve() / "index.html"
        assert target.is_file(), a.get("href")


def test_declaration_text_is_a_marked_placeholder_and_title_is_unified(site_dir):
    html = _html(site_dir, DECLARATION)
    assert 'class="platzhalter"' in html and "Wortlaut der Gemeinsamen Erklärung" in html
    assert "<h1" in html and "Gemeinsame Erklärung – Gemeinsam und vernetzt handeln" in html
    for page in ("mitmachen", "netzwerk", "mitglieder", ""):
        text = (site_dir / page / "index.html").read_text(encoding="utf-8")
        assert "Zukunftsfaktor Bürgerengagement" not in text, page


def test_declaration_is_in_the_navigation_under_the_network(site_dir):
    html = _html(site_dir, "mitmachen/")
    assert re.search(r'href="\.\./netzwerk/gemeinsame-erklaerung/"', html)


def test_growth_chart_and_table_match_the_data(site_dir, data):
    doc = _lxml(site_dir, DECLARATION)
    (section,) = [s for s in _charts(doc) if s.get("id") == "wachstum"]
    name, summary = _check_named_svg(doc, section)
    assert name == "Mitglieder des Netzwerks je Jahr"
    years = range(min(m.joined.year for m in data.members), max(m.joined.year for m in data.members) + 1)
    expected = [(str(y), sum(m.joined.year == y for m in data.members), sum(m.joined.year <= y for m in data.members))
                for y in years]
    rows = [[_text(c) for c in tr.xpath("./th|./td")] for tr in section.xpath(".//table/tbody/tr")]
    assert rows == [[y, str(n), str(t)] for y, n, t in expected]
    # the values are text in the SVG, one per bar, not colour alone
    values = [_text(t) for t in section.xpath(".//*[local-name()='text'][contains(@class, 'chart__value')]")]
    assert values == [f"{t} ({n} neu)" for _, n, t in expected]
    assert f"auf {len(data.members)} im Jahr {expected[-1][0]}" in summary
    # the CSV holds the same numbers
    (link,) = section.xpath(".//a[@download]")
    table = _csv(site_dir, link.get("href"), DECLARATION)
    assert table[0] == ["Jahr", "Neu beigetreten", "Mitglieder insgesamt"]
    assert table[1:] == [[y, str(n), str(t)] for y, n, t in expected]


def test_counts_by_type_and_district(site_dir, data):
    doc = _lxml(site_dir, DECLARATION)
    charts = {s.get("id"): s for s in _charts(doc)}
    for chart_id, attr in (("nach-art", "type"), ("nach-bezirk", "district")):
        section = charts[chart_id]
        _check_named_svg(doc, section)
        rows = {_text(tr.xpath("./th")[0]): int(_text(tr.xpath("./td")[0])) for tr in section.xpath(".//tbody/tr")}
        for m in data.members:
            assert getattr(m, attr).label in rows
        assert sum(rows.values()) == len(data.members)
        for label, n in rows.items():
            assert n == sum(1 for m in data.members if getattr(m, attr).label == label)


def test_about_page_shows_the_growth_chart_small(site_dir):
    doc = _lxml(site_dir, "netzwerk/")
    (section,) = [s for s in _charts(doc) if s.get("id") == "wachstum"]
    assert "chart--compact" in section.get("class")
    _check_named_svg(doc, section)
    assert doc.xpath("//a[contains(@href, 'gemeinsame-erklaerung/')]")


# --------------------------------------------------------------------------- surveys

def test_survey_page_has_a_chart_table_and_csv_per_question(site_dir, data):
    survey = data.get("surveys", "mitgliederbefragung-2025")
    doc = _lxml(site_dir, SURVEY)
    charts = _charts(doc)
    assert len(charts) == len(survey.questions)
    for section, q in zip(charts, survey.questions):
        name, summary = _check_named_svg(doc, section)
        assert name == q.text
        labels = [_text(tr.xpath("./th")[0]) for tr in section.xpath(".//tbody/tr")]
        counts = [int(_text(tr.xpath("./td")[0])) for tr in section.xpath(".//tbody/tr")]
        shares = [_text(tr.xpath("./td")[1]) for tr in section.xpath(".//tbody/tr")]
        assert labels == [o.label for o in q.options] and counts == [o.count for o in q.options]
        assert shares == [f"{q.share(o.count):.1f}".replace(".", ",") + "\u00a0%" for o in q.options]
        bar_texts = [_text(t) for t in section.xpath(".//*[local-name()='text'][contains(@class, 'chart__value')]")]
        assert bar_texts == [f"{o.count} · {s}" for o, s in zip(q.options, shares)]
        (link,) = section.xpath(".//a[@download]")
        table = _csv(site_dir, link.get("href"), SURVEY)
        assert table[0] == ["Antwort", "Anzahl", "Anteil in Prozent"]
        assert [r[:2] for r in table[1:]] == [[o.label, str(o.count)] for o in q.options]
        assert [r[2] for r in table[1:]] == [s.replace("\u00a0%", "") for s in shares]
    assert "Beispieldaten" in _text(doc.xpath("//*[contains(@class, 'example-data')]")[0])


def test_surveys_are_linked_from_the_knowledge_base_and_indexed(site_dir, data):
    survey = data.get("surveys", "mitgliederbefragung-2025")
    hub = _html(site_dir, "wissen/")
    assert f'href="../{SURVEY[len("wissen/"):]}"' in hub or f"/{SURVEY}" in hub
    assert f"befragungen-{survey.year}" in hub
    for topic in survey.topics:
        assert "mitgliederbefragung-2025/" in _html(site_dir, f"wissen/themen/{topic}/"), topic
    other = next(t for t in data.topics if t.id not in survey.topics)
    assert "befragungen" not in _html(site_dir, f"wissen/themen/{other.id}/")
    assert "mitgliederbefragung-2025/" in _html(site_dir, "wissen/befragungen/")
    docs = {d["url"]: d for p in (site_dir / "suchindex").glob("d/*.json")
            for d in json.loads(p.read_text(encoding="utf-8")) if d}
    assert {SURVEY, DECLARATION, "wissen/befragungen/"} <= set(docs)
    assert docs[SURVEY]["format"] == "Befragung" and "Teilnehmende" in docs[SURVEY]["text"]


# --------------------------------------------------------------------------- in the browser

@pytest.mark.browser
@pytest.mark.parametrize("url", [DECLARATION, SURVEY, "netzwerk/"])
@pytest.mark.parametrize("width", [320, 390, 1280])
def test_readable_at_every_width(url, width, page, http_base, tmp_path):
    page.set_viewport_size({"width": width, "height": 900})
    goto(page, http_base, url)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"/{url} scrolls sideways at {width} px"
    sizes = page.evaluate("""() => [...document.querySelectorAll('.chart__svg')].map(svg => {
        const t = svg.querySelector('text'); const r = svg.getBoundingClientRect();
        return {w: r.width, font: t.getBoundingClientRect().height, right: r.right}; })""")
    assert sizes
    for s in sizes:
        assert s["right"] <= width
        assert s["font"] >= 11, f"chart text {s['font']:.1f} px high at {width} px"
    page.screenshot(path=str(tmp_path / f"{url.strip('/').replace('/', '_')}-{width}.png"), full_page=True)


@pytest.mark.browser
def test_open_tables_have_no_axe_violations(page, http_base):
    for url in (SURVEY, DECLARATION):
        goto(page, http_base, url)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        violations = run_axe(page)
        assert not violations, f"/{url} with tables open:\n" + format_violations(violations)


@pytest.mark.browser
def test_charts_print(page, http_base):
    goto(page, http_base, SURVEY)
    page.emulate_media(media="print")
    visible = page.evaluate("[...document.querySelectorAll('.chart__svg')].every(s => s.getBoundingClientRect().width > 200)")
    assert visible
    assert page.pdf(width="21cm", height="29.7cm")[:4] == b"%PDF"
