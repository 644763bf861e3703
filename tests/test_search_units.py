"""Unit tests of the search indexer: compound splitting, page extraction, facts, the
Pagefind bundle (deterministic output, normalisation) – no MkDocs build needed."""

from __future__ import annotations

import gzip
import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from engagiert.models import ArticleFormat, Location
from engagiert.pages import Group, PlannedPage
from engagiert.search import german, indexer, normalise
from engagiert.search.extract import drop_ignored, extract, plain_text
from engagiert.search.facts import KIND_PAGE, facts_for


# --------------------------------------------------------------------------- compounds

@pytest.fixture(scope="module")
def splitter():
    return german.Splitter(["Engagement", "Förderung", "Ehrenamt", "Karte"])


@pytest.mark.parametrize("word,tails", [
    ("Engagementförderung", ("förderung",)),
    ("Ehrenamtskarte", ("karte",)),               # linking -s-
    ("Ehrenamtskarten", ("karten",)),             # plural head
    ("Bürgerbeteiligung", ("beteiligung",)),
    ("Netzwerktreffen", ("treffen",)),
    ("Jugendfeuerwehr", ("feuerwehr", "wehr")),
    ("Netzwerkmitgliederversammlung", ("mitgliederversammlung", "versammlung")),  # every boundary
    ("Ehrenamtskoordinationsstelle", ("koordinationsstelle", "stelle")),
    ("Landesregierung", ("regierung",)),          # linking -es-
    ("Querschnittsaufgabe", ("aufgabe",)),
    ("Engagementstrategie", ("strategie",)),
    ("Seniorenbüro", ("büro",)),
])
def test_compounds_split_at_part_boundaries(splitter, word, tails):
    assert splitter.tails(word) == tails


@pytest.mark.parametrize("word", [
    "Veranstaltung", "Beteiligung", "Mitglieder", "Digitalisierung", "Verwaltung",
    "Gemeinden", "Anerkennung", "Kommunen", "Engagement", "Innovation", "Orientierung",
])
def test_simple_words_are_not_split(splitter, word):
    assert splitter.tails(word) == ()


def test_extra_terms_only_for_nouns_and_only_new_words(splitter):
    text = "Die Engagementförderung und die Förderung; ehrenamtskarte klein geschrieben. Ehrenamtskarte."
    terms = splitter.extra_terms(text)
    assert "förderung" not in terms           # the page has the word itself
    assert terms == ["karte"]                 # once, from the capitalised word only


def test_fold_spells_out_umlauts():
    assert german.fold("Straße") == "strasse"
    assert german.fold("Bürgerschaftliches") == "buergerschaftliches"


def test_lexicon_is_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    german.base_lexicon.cache_clear()
    try:
        first = german.base_lexicon()
        cached = list((tmp_path / "engagiert").glob("lexicon-*.marshal"))
        assert len(cached) == 1
        german.base_lexicon.cache_clear()
        assert german.base_lexicon() == first
        assert {"förderung", "karte", "stiftung"} <= first
    finally:
        german.base_lexicon.cache_clear()


# --------------------------------------------------------------------------- extraction

PAGE = """<!doctype html><html lang="de"><head><title>Thema X - Kommunen-Netzwerk</title></head>
<body><header>Kopf</header><nav>Navigation</nav>
<article class="md-content__inner md-typeset">
  <p class="kb-kicker" data-pagefind-ignore>Wissen › Thema</p>
  <h1 id="t">Die <em>Ehrenamtskarte</em> &amp; mehr</h1>
  <script type="application/ld+json">{"name": "Skriptwort"}</script>
  <svg><title>Iconwort</title></svg>
  <p>Sichtbarer Text.</p>
  <div data-pagefind-ignore><div><p>Listenwort</p></div></div>
  <img data-pagefind-ignore src="x.png" alt="">
  <p>Nach der Liste.</p>
</article>
<footer>Fußzeile</footer></body></html>"""


def test_extract_main_content_only():
    content = extract(PAGE)
    assert content.title == "Die Ehrenamtskarte & mehr"
    text = content.text
    assert "Sichtbarer Text." in text and "Nach der Liste." in text
    for absent in ("Kopf", "Navigation", "Fußzeile", "Skriptwort", "Iconwort", "Listenwort", "Wissen › Thema"):
        assert absent not in text


def test_extract_title_falls_back_to_html_title():
    content = extract(PAGE.replace('<h1 id="t">Die <em>Ehrenamtskarte</em> &amp; mehr</h1>', ""))
    assert content.title == "Thema X"


def test_extract_none_without_content():
    assert extract("<html><body><p>redirect</p></body></html>") is None


def test_drop_ignored_nested_and_unclosed():
    assert drop_ignored("a<div data-pagefind-ignore><div>x</div>y</div>b") == "ab"
    assert drop_ignored("a<p data-pagefind-ignore='all'>x</p>b<br data-pagefind-ignore>c") == "abc"
    assert drop_ignored("a<section data-pagefind-ignore>open") == "a"
    assert plain_text("<p>a</p><p>b&amp;c</p>") == "a b&c"


# --------------------------------------------------------------------------- facts

class _FakeData:
    def __init__(self, topics):
        self._topics = topics

    def get(self, collection, key):
        return self._topics.get(key) if collection == "topics" else None


class _FakeBuild:
    def __init__(self, topics):
        self.data = _FakeData(topics)


def test_facts_of_an_article():
    from engagiert.models import Article, Topic
    loc = Location("x", 1)
    topic = Topic("digitalisierung", "Digitalisierung", "", loc)
    article = Article("wissen/a", "wissen/a.md", "A", ArticleFormat.GUIDE, ("digitalisierung",),
                      date(2025, 3, 12), (), None, "Kurz.", (), loc)
    planned = PlannedPage("wissen/a.md", "wissen/a/", "A", "t", "articles", record=article, generated=False)
    facts = facts_for(_FakeBuild({"digitalisierung": topic}), planned)
    assert facts.kind == "Leitfaden" and facts.topics == ("Digitalisierung",)
    assert facts.year == "2025" and facts.date == "2025-03-12" and facts.date_label == "12. März 2025"
    assert facts.summary == "Kurz." and facts.indexed


def test_group_pages_are_not_indexed_and_plain_pages_are():
    group = PlannedPage("wissen/jahr/2025/index.md", "wissen/jahr/2025/", "J", "t", "articles",
                        group=Group("articles", "year", "2025", "2025", ()))
    assert not facts_for(_FakeBuild({}), group).indexed
    plain = facts_for(_FakeBuild({}), None)
    assert plain.kind == KIND_PAGE and plain.indexed


# --------------------------------------------------------------------------- the bundle

def _pages(tmp_path: Path) -> list:
    site = tmp_path / "site"
    texts = {
        "a/index.html": ("Die Engagementförderung im Kreis", "Publikation", ("Digitalisierung", "Strategie"), "2024"),
        "b/index.html": ("Die Ehrenamtskarte NRW", "Leitfaden", ("Ehrenamtskarte",), "2025"),
        "c/index.html": ("Städte und Gemeinden", "Seite", (), None),
        "d/index.html": ("Netzwerktreffen in Köln", "Dokumentation", ("Strategie", "Netzwerk"), "2023"),
    }
    from engagiert.search.facts import PageFacts
    pages = []
    for rel, (title, kind, topics, year) in texts.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'<html lang="de"><head><title>{title}</title></head><body>'
                        f'<article class="md-content__inner md-typeset"><h1>{title}</h1>'
                        f'<p>{title} – ein Beispieltext über Engagement.</p></article></body></html>',
                        encoding="utf-8")
        pages.append(indexer.IndexedPage(indexer.url_of_file(rel), rel, extract(path.read_text(encoding="utf-8")),
                                         PageFacts(kind, topics, year, f"{year}-01-01" if year else None,
                                                   year, None)))
    return pages


def _digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_bundle_is_byte_identical_across_runs(tmp_path):
    items = indexer.records(_pages(tmp_path))
    digests = []
    for i in range(3):
        out = tmp_path / f"out{i}"
        indexer.build_index(items, out)
        digests.append(_digest(out))
    assert digests[0] == digests[1] == digests[2]
    names = set(digests[0])
    assert any(n.startswith("filter/") for n in names)
    assert not any(n.endswith(("-ui.js", "-ui.css")) for n in names)   # Pagefind's own UIs removed
    entry = json.loads((tmp_path / "out0" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["de"]["page_count"] == 4


def test_records_carry_facts_and_hidden_compound_parts(tmp_path):
    items = indexer.records(_pages(tmp_path))
    record = dict((p.source_path, html) for p, html in items)["b/index.html"]
    assert 'data-pagefind-filter="format[data-value]" data-value="Leitfaden"' in record
    assert 'data-pagefind-filter="thema[data-value]" data-value="Ehrenamtskarte"' in record
    assert 'data-pagefind-filter="jahr[data-value]" data-value="2025"' in record
    assert f"{indexer.MARKER} karte" in record                  # Ehrenamtskarte -> karte, after the marker
    plain = dict((p.source_path, html) for p, html in indexer.records(_pages(tmp_path), compounds=False))
    assert indexer.MARKER not in plain["b/index.html"]


def test_records_escape_data(tmp_path):
    from engagiert.search.facts import PageFacts
    page = indexer.IndexedPage("/x/", "x/index.html", extract(PAGE),
                               PageFacts('Seite"><script>', ("A&B",), None, None, None, "<b>fett</b>"))
    record = indexer.render_record(page, ["teil"])
    assert "<script>" not in record.split("<body>")[1].split('<div data-pagefind-body>')[1][:600]
    assert 'data-value="Seite&#34;&gt;&lt;script&gt;"' in record
    assert 'data-value="&lt;b&gt;fett&lt;/b&gt;"' in record


def test_cbor_round_trip():
    value = ["1.5.2", [["de_abc", 127], ["x", 70000]], {"k": [True, False, None]}, "Förderung", -3, b"\x00"]
    data = normalise.cbor_encode(value)
    assert normalise.cbor_decode(data) == (value, len(data))


def test_normalise_sorts_filters_and_renames(tmp_path):
    bundle = tmp_path / "pagefind"
    (bundle / "filter").mkdir(parents=True)

    def write(path, value):
        path.write_bytes(gzip.compress(normalise.SIGNATURE + normalise.cbor_encode(value)))

    write(bundle / "filter" / "de_1111111.pf_filter", ["thema", [["Zebra", [3, 1]], ["Apfel", [2]]]])
    write(bundle / "filter" / "de_2222222.pf_filter", ["format", [["Seite", [1, 2, 3]]]])
    (bundle / "fragment").mkdir()
    for name in ("de_aaaaaaa", "de_bbbbbbb"):
        (bundle / "fragment" / f"{name}.pf_fragment").write_bytes(name.encode())
    write(bundle / "pagefind.de_0000000000.pf_meta",
          ["1.5.2", [["de_aaaaaaa", 10], ["de_bbbbbbb", 20]], [],
           [["thema", "de_1111111"], ["format", "de_2222222"]], [], ["title"]])
    (bundle / "pagefind-entry.json").write_text(json.dumps(
        {"version": "1.5.2", "languages": {"de": {"hash": "de_0000000000", "wasm": "de", "page_count": 3}}}))
    normalise.normalise_bundle(bundle)
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    meta = normalise.read_pf(bundle / f"pagefind.{entry['languages']['de']['hash']}.pf_meta")
    assert [f[0] for f in meta[3]] == ["format", "thema"]
    thema = normalise.read_pf(bundle / "filter" / f"{meta[3][1][1]}.pf_filter")
    assert thema == ["thema", [["Apfel", [2]], ["Zebra", [1, 3]]]]
    assert not (bundle / "filter" / "de_1111111.pf_filter").exists()
    # fragments renamed to short sequential names, content kept
    short = [p[0] for p in meta[1]]
    assert all(len(n) <= 8 and "_" not in n for n in short) and short[0] != short[1]
    assert (bundle / "fragment" / f"{short[1]}.pf_fragment").read_bytes() == b"de_bbbbbbb"
    assert not list((bundle / "fragment").glob("de_*"))
    before = _digest(bundle)
    normalise.normalise_bundle(bundle)            # idempotent
    assert _digest(bundle) == before


def test_normalise_refuses_unknown_versions(tmp_path):
    (tmp_path / "pagefind-entry.json").write_text(json.dumps({"version": "2.0.0", "languages": {}}))
    with pytest.raises(normalise.BundleFormatError):
        normalise.normalise_bundle(tmp_path)
