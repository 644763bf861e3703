"""Unit tests of the search indexer: compound splitting, page extraction, facts, the index
files (content, shards, deterministic output) – no MkDocs build needed."""

from __future__ import annotations

import gzip
import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from engagiert.load.models import ArticleFormat, Location
from engagiert.plan.pages import Group, PlannedPage
from engagiert.outputs.search import german, indexer, store
from engagiert.outputs.search.extract import drop_ignored, extract, plain_text
from engagiert.outputs.search.facts import KIND_PAGE, facts_for


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
    from engagiert.load.models import Article, Topic
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


# --------------------------------------------------------------------------- the index files

def _documents(tmp_path: Path) -> list:
    site = tmp_path / "site"
    texts = {
        "a/index.html": ("Die Engagementförderung im Kreis", "Publikation", ("Digitalisierung", "Strategie"), "2024"),
        "b/index.html": ("Die Ehrenamtskarte NRW", "Leitfaden", ("Ehrenamtskarte",), "2025"),
        "c/index.html": ("Städte und Gemeinden", "Seite", (), None),
        "d/index.html": ("Netzwerktreffen in Köln", "Dokumentation", ("Strategie", "Netzwerk"), "2023"),
    }
    from engagiert.outputs.search.facts import PageFacts
    docs = []
    for rel, (title, kind, topics, year) in texts.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'<html lang="de"><head><title>{title}</title></head><body>'
                        f'<article class="md-content__inner md-typeset"><h1>{title}</h1>'
                        f'<p>{title} – ein Beispieltext über Engagement.</p></article></body></html>',
                        encoding="utf-8")
        content = extract(path.read_text(encoding="utf-8"))
        docs.append(store.Document(indexer.url_of_file(rel)[1:], content.title, content.text,
                                   PageFacts(kind, topics, year, f"{year}-01-01" if year else None,
                                             year, None)))
    return docs


def _digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _postings(index: Path, term: str) -> dict[int, int]:
    """doc id -> weight of a term, read the way search-index.js reads it."""
    meta = json.loads((index / "meta.json").read_text(encoding="utf-8"))
    key = max((k for k in meta["shards"] if term.startswith(k)), key=len)
    shard = json.loads((index / "w" / f"{store.key_file(key)}.json").read_text(encoding="utf-8"))
    if term not in shard:
        return {}
    deltas, weights = shard[term]
    ids = [sum(deltas[: i + 1]) for i in range(len(deltas))]
    return dict(zip(ids, weights))


def test_index_is_byte_identical_across_runs(tmp_path):
    docs = _documents(tmp_path)
    digests = []
    for i, order in enumerate((docs, docs[::-1], docs)):
        out = tmp_path / f"out{i}"
        indexer.build_index(list(order), out)
        digests.append(_digest(out))
    assert digests[0] == digests[1] == digests[2]
    meta = json.loads((tmp_path / "out0" / "meta.json").read_text(encoding="utf-8"))
    assert meta["documents"] == 4 and meta["version"] == store.FORMAT_VERSION


def test_documents_run_newest_first_and_carry_their_facts(tmp_path):
    out = tmp_path / "index"
    indexer.build_index(_documents(tmp_path), out)
    docs = json.loads((out / "d" / "0.json").read_text(encoding="utf-8"))    # ids 0-7 in one file
    assert len(docs) == store.DOC_CHUNK and docs[4:] == [None] * 4
    docs = docs[:4]
    assert [d["url"] for d in docs] == ["b/", "a/", "d/", "c/"]          # 2025, 2024, 2023, undated
    assert docs[0]["format"] == "Leitfaden" and docs[0]["themen"] == "Ehrenamtskarte"
    assert docs[0]["datum"] == "2025" and "datum" not in docs[3]
    filters = {name: json.loads((out / "f" / f"{name}.json").read_text(encoding="utf-8"))
               for name in store.FILTERS}
    assert filters["format"]["Leitfaden"] == [0]
    assert filters["thema"]["Strategie"] == [1, 1]                      # ids 1 and 2, as deltas
    assert filters["jahr"] == {"2025": [0], "2024": [1], "2023": [2]}


def test_terms_are_stemmed_and_compounds_add_their_parts(tmp_path):
    out = tmp_path / "index"
    indexer.build_index(_documents(tmp_path), out)
    assert set(_postings(out, "stadt")) == {3}                            # Städte -> stadt
    assert set(_postings(out, "kart")) == {0}                             # Ehrenamtskarte -> karte
    assert set(_postings(out, "forderung")) == {1}                        # Engagementförderung
    assert set(_postings(out, "engagement")) == {0, 1, 2, 3}
    # the title weighs more than the text
    assert _postings(out, "ehrenamtskart")[0] > _postings(out, "beispieltext")[0]
    plain = tmp_path / "plain"
    indexer.build_index(_documents(tmp_path), plain, compounds=False)
    assert _postings(plain, "kart") == {}


def test_shards_split_by_prefix_and_every_term_is_found_in_the_longest_key():
    terms = sorted(["ab", "abc", "abd", "abde", "b", "ba"] + [f"x{i:03d}" for i in range(50)])
    shards = store.shard_terms(terms, lambda t: 10, limit=40)
    placed = [t for group in shards.values() for t in group]
    assert sorted(placed) == terms                                        # each term exactly once
    for key, group in shards.items():
        for t in group:
            assert t.startswith(key)
            assert key == max((k for k in shards if t.startswith(k)), key=len)
            assert len(group) * 10 <= 40 or len(t) == len(key) or all(len(u) == len(key) for u in group)
    assert "b" in shards and shards["b"] == ["b", "ba"]


def test_key_file_names_are_safe():
    assert store.key_file("abc") == "abc"
    assert store.key_file("ø") == "_f8_" and store.key_file("a-") == "a_2d_"


def test_only_capitalised_words_are_split_and_parts_count_with_their_compound(tmp_path):
    from engagiert.outputs.search.facts import PageFacts
    writer = store.PartWriter(tmp_path / "i", 10.0, german.Splitter(["Ehrenamt", "Karte"]))
    once, _ = writer.term_frequencies(store.Document("a/", "T", "Die Ehrenamtskarte hier.", PageFacts("Seite")))
    twice, _ = writer.term_frequencies(store.Document("b/", "T", "Ehrenamtskarte und Ehrenamtskarte.", PageFacts("Seite")))
    lower, _ = writer.term_frequencies(store.Document("c/", "T", "die ehrenamtskarte", PageFacts("Seite")))
    assert once["kart"] == store.EXTRA_WEIGHT and twice["kart"] == 2 * store.EXTRA_WEIGHT
    assert "kart" not in lower and lower["ehrenamtskart"] == 1


def test_index_of_a_site_is_the_same_in_one_process_and_in_two(tmp_path, monkeypatch):
    _documents(tmp_path)                                    # writes tmp_path/site
    site = tmp_path / "site"
    for i in range(16):                                     # more pages: both halves get some (8 + 12)
        (site / f"e{i}").mkdir()
        (site / f"e{i}" / "index.html").write_text(
            f'<html lang="de"><body><article class="md-content__inner"><h1>Seite {i}</h1>'
            f'<p>Ehrenamtskarte und Förderung Nummer {i}.</p></article></body></html>', encoding="utf-8")
    monkeypatch.setattr(indexer, "PARALLEL_MIN", 0)
    indexer.index_site(None, site, tmp_path / "one", parallel=False)
    indexer.index_site(None, site, tmp_path / "two", parallel=True)
    assert _digest(tmp_path / "one") == _digest(tmp_path / "two")
    meta = json.loads((tmp_path / "two" / "meta.json").read_text(encoding="utf-8"))
    assert meta["documents"] == 20
    assert len(_postings(tmp_path / "two", "kart")) == 17  # Ehrenamtskarte: b/ and the sixteen e*/


def test_a_failing_second_half_fails_the_build(tmp_path, monkeypatch):
    _documents(tmp_path)
    site = tmp_path / "site"
    (site / "z").mkdir()
    (site / "z" / "index.html").write_bytes(b"\xff\xfe not utf-8")   # read by the second half
    monkeypatch.setattr(indexer, "PARALLEL_MIN", 0)
    with pytest.raises(RuntimeError, match="zweite Prozess"):
        indexer.index_site(None, site, tmp_path / "out", parallel=True)
