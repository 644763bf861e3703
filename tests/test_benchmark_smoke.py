"""The benchmark's data generator (benchmarks/synthetic.py) at a tiny size: the generated
project passes the real validation, has the requested counts, and keeps the real data.

Fast on purpose (no build): the benchmark itself (scripts/benchmark.py, `make bench`) is not
part of the test suite.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import GermanText, Size, make_project, plain_material_project, project_nav  # noqa: E402
from engagiert.load.collections import load_specs  # noqa: E402
from engagiert.load.loader import load  # noqa: E402

TINY = Size("tiny", members=40, events=60, articles=30)  # real example data included


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    repo = tmp_path_factory.mktemp("bench") / "repo"
    dataset = make_project(repo, TINY)
    result = load(repo, load_specs(repo / "collections.yml", repo))
    return repo, dataset, result


def test_generated_data_passes_the_real_validation(tiny):
    _, _, result = tiny
    assert result.problems == [], "\n".join(str(p) for p in result.problems[:20])


def test_counts_are_the_requested_totals_with_the_real_data_kept(tiny):
    repo, dataset, result = tiny
    records = result.data.records
    assert len(records["members"]) == dataset.members == TINY.members
    assert len(records["events"]) == dataset.events == TINY.events
    assert len(records["articles"]) == dataset.articles == TINY.articles
    real_members = yaml.safe_load((ROOT / "data/members.yaml").read_text(encoding="utf-8"))
    ids = {m.id for m in records["members"]}
    assert {m["id"] for m in real_members} <= ids
    generated = ids - {m["id"] for m in real_members}
    assert generated == set(dataset.member_ids) and all(i.startswith("gen-") for i in generated)


def test_references_resolve_both_ways(tiny):
    _, _, result = tiny
    records = result.data.records
    members = {m.id for m in records["members"]}
    events = {e.id: e for e in records["events"]}
    hosted = [e for e in events.values() if e.host and e.id.startswith("gen-")]
    assert hosted and all(e.host in members for e in hosted)
    docs = [a for a in records["articles"] if a.event and a.id.startswith("wissen/dokumentation/gen-")]
    assert docs, "no generated documentation page"
    for article in docs:
        assert events[article.event].documentation == article.src_uri


def test_articles_are_about_370_words_of_german(tiny):
    repo, _, _ = tiny
    pages = sorted((repo / "content/wissen").rglob("gen-*.md"))
    assert len(pages) >= 15
    for page in pages:
        body = page.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        words = re.findall(r"[^\W\d_]+", body)
        assert 340 <= len(words) <= 480, (page.name, len(words))
        assert any(w in body for w in ("ä", "ö", "ü", "ß"))
        assert re.search(r"\b[A-ZÄÖÜ][a-zäöüß]+(förderung|karte|agentur|netzwerk|beirat|büro|bündnis)\b", body)


def test_real_files_are_not_touched(tiny, tmp_path):
    before = {p: p.read_bytes() for p in (ROOT / "data").glob("*.yaml")}
    make_project(tmp_path / "again", Size("t", 30, 22, 10))
    assert {p: p.read_bytes() for p in (ROOT / "data").glob("*.yaml")} == before
    assert not list((ROOT / "content/wissen").rglob("gen-*.md"))


def test_generation_is_deterministic(tmp_path):
    a = make_project(tmp_path / "a", Size("t", 30, 22, 10))
    b = make_project(tmp_path / "b", Size("t", 30, 22, 10))
    assert a == b
    for rel in ("data/members.yaml", "data/events.yaml"):
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()


def test_plain_material_site_has_the_pages_asked_for(tmp_path):
    plain_material_project(tmp_path, 30)
    pages = list((tmp_path / "docs").rglob("*.md"))
    assert len(pages) == 30
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["name"] == "material" and config["plugins"] == ["search"]
    assert len(config["nav"]) == len(project_nav())
    assert "hooks" not in config


def test_german_text_agrees_article_and_gender():
    text = GermanText(random.Random(1), ["Musterstadt"], ["Digitalisierung"])
    sample = " ".join(text.sentence() for _ in range(300))
    # a feminine head never follows "der" in the nominative position of "Der …förderung ist"
    assert not re.search(r"\bDer \w+(förderung|karte|agentur) ist\b", sample)
    assert not re.search(r"\bDas \w+(beirat|preis|fonds) ist\b", sample)


def test_generated_member_names_never_repeat_a_real_one_at_size_l():
    """The loader refuses a second member of the same name (case and spaces do not count);
    at L the generator's Bezirksregierungen and place names met the real members'."""
    import collections

    import members_factory

    real = yaml.safe_load((ROOT / "data/members.yaml").read_text(encoding="utf-8"))
    generated = members_factory.generate_members(11_000 - len(real), seed=7,
                                                 taken=frozenset(m["name"] for m in real))
    keys = collections.Counter(members_factory._name_key(m["name"]) for m in real + generated)
    assert [k for k, n in keys.items() if n > 1] == []
