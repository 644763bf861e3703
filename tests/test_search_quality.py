"""Search quality: German queries in headless Chromium against a built site.

Two sets of queries, each covering every kind of German word form the issue names:

* against the real site (``site_dir``): expectations are anchored in its content, not in
  URLs – the expected pages are those whose h1 contains an anchor word;
* against a copy of the site with a test corpus of twelve knowledge-base articles added
  (``CORPUS``): a controlled set where each query has a known right page, so the query
  set can be broad (compound heads and inner parts, ä/ö/ü/ß spelled out, plural and
  singular, umlaut plurals) without depending on the example data.

A query passes when an expected page is among the first ``TOP`` results on /suche/.
Filters are tested on the same corpus: every result fits the filter, and the filter
removes pages that match the query but not the filter.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import serve
from helpers import build_site, goto, html_files, url_path

pytestmark = pytest.mark.browser

TOP = 5

# --------------------------------------------------------------------------- test corpus

CORPUS = {
    "seniorenbuero": dict(
        title="Das Seniorenbüro als Anlaufstelle",
        format="praxisbeispiel", themen=["freiwilligenagenturen"], datum="2023-04-18",
        zusammenfassung="Wie ein Seniorenbüro Besuchsdienste und Nachbarschaftshilfe koordiniert.",
        text="""Im Seniorenbüro laufen die Fäden zusammen: Besuchsdienste, Fahrdienste und die
Nachbarschaftshilfe im Quartier. Ältere Menschen finden hier Beratung, Engagierte eine
Aufgabe. Die Koordinatorin vermittelt Ehrenamtliche an Pflegeheime und Begegnungsstätten.""",
    ),
    "freiwilligenagentur": dict(
        title="Eine Freiwilligenagentur gründen",
        format="leitfaden", themen=["freiwilligenagenturen", "engagementfoerderung"], datum="2024-02-07",
        zusammenfassung="Trägerschaft, Personal und Finanzierung einer lokalen Freiwilligenagentur.",
        text="""Eine Freiwilligenagentur berät Menschen, die sich engagieren wollen, und Organisationen,
die Freiwillige suchen. Der Leitfaden beschreibt Trägermodelle, den Personalbedarf und
mögliche Finanzierungswege über kommunale Haushaltsmittel und Landesprogramme.""",
    ),
    "jugendfeuerwehr": dict(
        title="Nachwuchs für die Jugendfeuerwehr",
        format="praxisbeispiel", themen=["anerkennungskultur"], datum="2022-09-12",
        zusammenfassung="Eine Gemeinde wirbt mit Schulprojekten für die Jugendfeuerwehr.",
        text="""Die Jugendfeuerwehr der Gemeinde besucht jedes Jahr die fünften Klassen. Beim
Schnuppertag löschen die Kinder einen Übungsbrand und lernen die Löschgruppe kennen.
Seitdem ist die Zahl der Mitglieder deutlich gestiegen.""",
    ),
    "vereinsfoerderung": dict(
        title="Vereinsförderung mit klaren Zuschussrichtlinien",
        format="leitfaden", themen=["engagementfoerderung"], datum="2021-11-03",
        zusammenfassung="Wie eine Stadt ihre Zuschüsse an Vereine transparent regelt.",
        text="""Eine neue Zuschussrichtlinie regelt, welche Vereine Geld für Jugendarbeit,
Übungsräume und Anschaffungen bekommen. Anträge sind einfach, die Bescheide kommen
schnell, und die Vergabe wird jährlich im Ausschuss berichtet.""",
    ),
    "ehrenamtsboerse": dict(
        title="Die digitale Ehrenamtsbörse",
        format="methode", themen=["digitalisierung"], datum="2024-06-21",
        zusammenfassung="Angebote und Gesuche für freiwilliges Engagement auf einer Plattform.",
        text="""Auf der Ehrenamtsbörse stellen Vereine ihre Gesuche ein; Interessierte filtern nach
Ort, Zeit und Tätigkeit. Die Redaktion prüft jeden Eintrag, bevor er erscheint.""",
    ),
    "dankeschoen": dict(
        title="Anerkennungskultur im Rathaus",
        format="praxisbeispiel", themen=["anerkennungskultur"], datum="2023-12-05",
        zusammenfassung="Eine Dankeschönveranstaltung für alle Engagierten am Tag des Ehrenamts.",
        text="""Einmal im Jahr lädt die Bürgermeisterin zur Dankeschönveranstaltung ein. Geehrt
werden Engagierte aus Sport, Kultur und Sozialem; die Lokalzeitung stellt sie vorab vor.""",
    ),
    "doerfer": dict(
        title="Engagement in den Dörfern des Sauerlands",
        format="publikation", themen=["strategieentwicklung"], datum="2022-03-30",
        zusammenfassung="Eine Studie über Dorfvereine, Dorfläden und Dorfgemeinschaften.",
        text="""In kleinen Dörfern tragen Vereine das öffentliche Leben. Die Studie zeigt, wie
Dorfläden, Dorfgemeinschaftshäuser und Schützenvereine Orte der Begegnung bleiben.""",
    ),
    "strassenfest": dict(
        title="Das Straßenfest als Beteiligungsformat",
        format="methode", themen=["buergerbeteiligung"], datum="2025-05-14",
        zusammenfassung="Nachbarn planen ihr Straßenfest gemeinsam mit der Verwaltung.",
        text="""Auf der Hauptstraße feiern die Nachbarn einmal im Sommer. Die Vorbereitung ist
zugleich Beteiligung: Bei Stammtischen sammeln Anwohnende Ideen für ihr Viertel.""",
    ),
    "buergerstiftung": dict(
        title="Die Bürgerstiftung als Partnerin der Kommune",
        format="publikation", themen=["engagementfoerderung", "netzwerkmanagement"], datum="2021-06-09",
        zusammenfassung="Was Bürgerstiftungen leisten und wie Kommunen mit ihnen zusammenarbeiten.",
        text="""Eine Bürgerstiftung sammelt Kapital und Zeit von Bürgerinnen und Bürgern für das
Gemeinwohl. Der Beitrag beschreibt Kooperationsverträge mit der Kommune.""",
    ),
    "uebungsleiter": dict(
        title="Die Übungsleiterpauschale verständlich erklärt",
        format="leitfaden", themen=["anerkennungskultur"], datum="2025-01-22",
        zusammenfassung="Steuerfreie Aufwandsentschädigung für nebenberufliche Tätigkeiten im Verein.",
        text="""Wer als Trainerin oder Chorleiter im Verein arbeitet, kann die
Übungsleiterpauschale nutzen. Der Leitfaden erklärt Grenzen, Nachweise und typische Fehler.""",
    ),
    "wohlfahrt": dict(
        title="Zusammenarbeit mit Wohlfahrtsverbänden",
        format="dokumentation", themen=["netzwerkmanagement"], datum="2024-10-02",
        zusammenfassung="Ergebnisse eines Workshops mit der Freien Wohlfahrtspflege.",
        text="""Die Wohlfahrtsverbände sind wichtige Partner der kommunalen Engagementförderung.
Im Workshop wurden gemeinsame Qualifizierungen für Ehrenamtliche vereinbart.""",
    ),
    "grossstaedte": dict(
        title="Engagementförderung in Großstädten",
        format="dokumentation", themen=["engagement-als-querschnittsaufgabe"], datum="2023-08-24",
        zusammenfassung="Was große Städte anders machen: Stadtteilbüros und Fachbereiche.",
        text="""In Großstädten verteilt sich die Engagementförderung auf viele Ämter und
Stadtteilbüros. Die Dokumentation vergleicht Organisationsmodelle von vier Städten.""",
    ),
}


def corpus_files() -> dict[str, str]:
    files = {}
    for key, a in CORPUS.items():
        front = (
            "---\n"
            f"title: {json.dumps(a['title'], ensure_ascii=False)}\n"
            f"format: {a['format']}\n"
            f"themen: [{', '.join(a['themen'])}]\n"
            f"datum: {a['datum']}\n"
            f"zusammenfassung: {json.dumps(a['zusammenfassung'], ensure_ascii=False)}\n"
            "---\n\n"
        )
        files[f"content/wissen/suchtest/{key}.md"] = front + a["text"] + "\n"
    return files


def corpus_url(key: str) -> str:
    return f"/wissen/suchtest/{key}/"


# Query -> corpus pages of which one must be among the first TOP results.
# Grouped by the kind of German word form the query exercises.
CORPUS_QUERIES = {
    "compound part": [
        ("Büro", ["seniorenbuero"]),              # Seniorenbüro
        ("Hilfe", ["seniorenbuero"]),             # Nachbarschaftshilfe
        ("Agentur", ["freiwilligenagentur"]),     # Freiwilligenagentur
        ("Feuerwehr", ["jugendfeuerwehr"]),       # Jugendfeuerwehr
        ("Richtlinie", ["vereinsfoerderung"]),    # Zuschussrichtlinien
        ("Börse", ["ehrenamtsboerse"]),           # Ehrenamtsbörse
        ("Kultur", ["dankeschoen"]),              # Anerkennungskultur
        ("Fest", ["strassenfest"]),               # Straßenfest
        ("Stiftung", ["buergerstiftung"]),        # Bürgerstiftung
        ("Pauschale", ["uebungsleiter"]),         # Übungsleiterpauschale
        ("Verband", ["wohlfahrt"]),               # Wohlfahrtsverbänden
        ("Dienste", ["seniorenbuero"]),           # Besuchsdienste, Fahrdienste
        ("Häuser", ["doerfer"]),                  # Dorfgemeinschaftshäuser
    ],
    "spelling variant": [
        ("Seniorenbuero", ["seniorenbuero"]),
        ("Ehrenamtsboerse", ["ehrenamtsboerse"]),
        ("Strassenfest", ["strassenfest"]),
        ("Buergerstiftung", ["buergerstiftung"]),
        ("Uebungsleiterpauschale", ["uebungsleiter"]),
        ("Grossstaedte", ["grossstaedte"]),
        ("Dankeschoen", ["dankeschoen"]),
        ("Hauptstrasse", ["strassenfest"]),
    ],
    "inflection": [
        ("Dorf", ["doerfer"]),                    # Dörfern
        ("Dörfer", ["doerfer"]),
        ("Großstadt", ["grossstaedte"]),          # Großstädten
        ("Wohlfahrtsverband", ["wohlfahrt"]),     # Wohlfahrtsverbände
        ("Freiwilligenagenturen", ["freiwilligenagentur"]),
        ("Bürgerstiftungen", ["buergerstiftung"]),
        ("Zuschussrichtlinie", ["vereinsfoerderung"]),  # Zuschussrichtlinien
        ("Stiftungen", ["buergerstiftung"]),      # plural of a compound part
    ],
    "umlaut query": [
        ("Übungsleiter", ["uebungsleiter"]),
        ("Straßenfest", ["strassenfest"]),
        ("Bürgerstiftung", ["buergerstiftung"]),
        # Not "Städte": the members "Stadt …" rightly lead it, with the word in their titles.
        ("Ämter", ["grossstaedte"]),
        ("Dankeschön", ["dankeschoen"]),
        ("Ehrenamtsbörse", ["ehrenamtsboerse"]),
    ],
}

CORPUS_CASES = [(kind, q, exp) for kind, cases in CORPUS_QUERIES.items() for q, exp in cases]


# --------------------------------------------------------------------------- real site

# (query, anchor): an expected page has the anchor word in its h1 (or, for anchors marked
# "text:", anywhere in its main text, for words no title of the example data carries).
REAL_QUERIES = {
    "compound part": [("Förderung", "Engagementförderung"), ("Karte", "Ehrenamtskarte"),
                      ("Leitlinien", "Engagementleitlinien"), ("Treffen", "Netzwerktreffen")],
    "spelling variant": [("Buergerschaftliches", "text:Bürgerschaftliches"),
                         ("Engagementfoerderung", "Engagementförderung"),
                         ("Koeln", "Köln"), ("Muenster", "Münster"), ("Strasse", "text:Straße")],
    "inflection": [("Netzwerktreffens", "Netzwerktreffen"), ("Ehrenamtskarten", "Ehrenamtskarte"),
                   ("Kommune", "Kommunen"), ("Kommunaler", "Kommunale")],
    "umlaut query": [("Düsseldorf", "Düsseldorf"), ("Gütersloh", "Gütersloh"),
                     ("Engagementförderung", "Engagementförderung"), ("Städte", "Stadt")],
}
REAL_CASES = [(kind, q, anchor) for kind, cases in REAL_QUERIES.items() for q, anchor in cases]

_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
_TAGS = re.compile(r"<[^>]+>")


_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*)</article>', re.S)


def pages_with(site: Path, anchor: str) -> set[str]:
    """Searchable pages whose h1 (or, for "text:…", main text) contains the anchor word."""
    where, _, word = anchor.rpartition(":")
    urls = set()
    for f in html_files(site):
        rel = url_path(site, f)
        if rel.startswith("suchindex/") or rel in ("404.html", "suche/"):
            continue
        html_text = f.read_text(encoding="utf-8")
        if where == "text":
            m = _ARTICLE.search(html_text)
        else:
            m = _H1.search(html_text)
        if m and re.search(rf"\b{re.escape(word)}\b", _TAGS.sub(" ", m.group(1)), re.I):
            urls.add("/" + rel)
    return urls


# --------------------------------------------------------------------------- running queries

def search(page, base: str, query: str, **filters) -> list[dict]:
    """Results of /suche/?q=… as shown: [{url, title, format, meta}] in order."""
    params = "&".join(f"{k}={quote(str(v))}" for k, v in {"q": query, **filters}.items() if v)
    goto(page, base, f"suche/?{params}")
    page.wait_for_function(
        "() => document.querySelector('[data-eng-search]').dataset.state === 'done'", timeout=10000)
    return page.evaluate("""() => [...document.querySelectorAll('.eng-result')].map(li => ({
        url: new URL(li.querySelector('.eng-result__title a').href).pathname,
        title: li.querySelector('.eng-result__title').textContent.trim(),
        format: li.querySelector('.eng-result__format').textContent.trim(),
        meta: li.querySelector('.eng-result__meta').textContent.trim(),
    }))""")


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("search-corpus")
    code, output, site = build_site(tmp, data_overrides=corpus_files())
    assert code == 0, output
    server, base = serve(site)
    yield site, base
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("kind,query,expected", CORPUS_CASES,
                         ids=[f"{k}:{q}" for k, q, _ in CORPUS_CASES])
def test_corpus_query(page, corpus_site, kind, query, expected):
    _, base = corpus_site
    results = search(page, base, query)
    top = [r["url"] for r in results[:TOP]]
    wanted = [corpus_url(k) for k in expected]
    assert set(top) & set(wanted), f"{kind} „{query}“: expected {wanted} in the first {TOP}, got {top}"


@pytest.mark.parametrize("kind,query,anchor", REAL_CASES, ids=[f"{k}:{q}" for k, q, _ in REAL_CASES])
def test_real_site_query(page, http_base, site_dir, kind, query, anchor):
    expected = pages_with(site_dir, anchor)
    assert expected, f"the example data has no page with „{anchor}“"
    results = search(page, http_base, query)
    top = [r["url"] for r in results[:TOP]]
    assert set(top) & expected, f"{kind} „{query}“: expected one of {sorted(expected)} in the first {TOP}, got {top}"


def test_nonsense_finds_nothing(page, corpus_site):
    _, base = corpus_site
    assert search(page, base, "Xylophonquatsch") == []
    assert "Keine Ergebnisse" in page.locator("[data-status]").inner_text()


def test_corpus_matches_each_kind_broadly():
    """The query set stays broad: several queries of each kind, each corpus page used."""
    for kind, cases in CORPUS_QUERIES.items():
        assert len(cases) >= 6, kind
    used = {k for cases in CORPUS_QUERIES.values() for _, exp in cases for k in exp}
    assert used == set(CORPUS)


# --------------------------------------------------------------------------- filters

def test_filter_by_format_narrows(page, corpus_site):
    _, base = corpus_site
    everything = search(page, base, "Förderung")
    assert len({r["format"] for r in everything}) > 1
    only = search(page, base, "Förderung", format="Leitfaden")
    assert only and all(r["format"] == "Leitfaden" for r in only)
    assert corpus_url("vereinsfoerderung") in [r["url"] for r in only]
    assert len(only) < len(everything)


def test_filter_by_topic_narrows(page, corpus_site):
    _, base = corpus_site
    everything = search(page, base, "Engagierte")
    only = search(page, base, "Engagierte", thema="Anerkennungskultur")
    assert only and len(only) < len(everything)
    assert all("Anerkennungskultur" in r["meta"] for r in only)
    assert corpus_url("dankeschoen") in [r["url"] for r in only]


def test_filter_by_year_narrows(page, corpus_site):
    _, base = corpus_site
    everything = search(page, base, "Verein")
    only = search(page, base, "Verein", jahr="2021")
    assert only and len(only) < len(everything)
    assert all("2021" in r["meta"] for r in only)
    assert corpus_url("vereinsfoerderung") in [r["url"] for r in only]


def test_filters_alone_list_newest_first(page, corpus_site):
    """No query, only a filter: the listing of that format, newest first (publications)."""
    _, base = corpus_site
    results = search(page, base, "", format="Publikation")
    urls = [r["url"] for r in results]
    assert corpus_url("doerfer") in urls and corpus_url("buergerstiftung") in urls
    assert urls.index(corpus_url("doerfer")) < urls.index(corpus_url("buergerstiftung"))  # 2022 before 2021
