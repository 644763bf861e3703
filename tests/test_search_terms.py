"""The build (engagiert/outputs/search/terms.py) and the browser (assets/javascripts/search-terms.js)
must turn every word into the same index term, or a query misses pages that contain it.
Both are run over every word of the built site and a list of hard cases, in Node."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from engagiert.outputs.search import terms

ROOT = Path(__file__).resolve().parents[1]
JS = ROOT / "content" / "assets" / "javascripts" / "search-terms.js"

HARD = [
    "Städte", "Stadt", "Straße", "Strasse", "Straßen", "Buergerschaftliches", "Bürgerschaftliches",
    "neue", "neu", "Quelle", "Feuerwehr", "Kommunen", "Mitgliedern", "Engagements", "Café",
    "Œuvre", "ø", "İstanbul", "ΣΟΦΟΣ", "naïve", "Ærø", "E", "2024", "10er", "x²", "Ⅻ", "ﬁnal",
    "Dženan", "Łódź", "ǅ", "Mäßigkeit", "MASSE", "Maße", "", "ss", "sss", "aee", "ueue",
    # words that tell foldings apart (ü → u or ue, ß → ss or s, Ö at the start, short words)
    "über", "Über", "Ueber", "für", "Fuer", "Öffentlichkeit", "Oeffentlichkeit", "Straße", "Füße",
]

# Terms and prefixes written out by hand: what both sides must produce.
FOLDED = {
    "über": ("uber", "uber"),
    "für": ("fur", "fur"),
    "Straße": ("stras", "strase"),
    "Öffentlichkeit": ("offentlichkeit", "offentlichkeit"),
    "Bürgerschaftliches": ("burgerschaftlich", "burgerschaftliches"),
}

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js fehlt")


def _js(words: list[str], texts: list[str]) -> dict:
    script = f"""
import {{ term, prefix, tokens }} from {json.dumps(JS.as_uri())};
let data = "";
process.stdin.on("data", (c) => (data += c));
process.stdin.on("end", () => {{
  const {{ words, texts }} = JSON.parse(data);
  process.stdout.write(JSON.stringify({{
    term: words.map(term), prefix: words.map(prefix), tokens: texts.map(tokens),
  }}));
}});
"""
    proc = subprocess.run(["node", "--input-type=module", "-e", script], input=json.dumps({"words": words, "texts": texts}),
                          capture_output=True, text=True, encoding="utf-8", check=True)
    return json.loads(proc.stdout)


def _site_words(site_dir: Path) -> list[str]:
    found: set[str] = set()
    for path in site_dir.joinpath("suchindex", "d").glob("*.json"):
        for doc in filter(None, json.loads(path.read_text(encoding="utf-8"))):
            found.update(terms.tokens(doc["title"] + " " + doc["text"]))
    return sorted(found)


def test_same_terms_in_python_and_javascript(site_dir):
    words = _site_words(site_dir) + HARD
    assert len(words) > 1000
    out = _js(words, [])
    diff = [(w, p, j) for w, p, j in zip(words, map(terms.term, words), out["term"]) if p != j]
    assert not diff, diff[:20]
    diff = [(w, p, j) for w, p, j in zip(words, map(terms.prefix, words), out["prefix"]) if p != j]
    assert not diff, diff[:20]


def test_folding_gives_the_expected_terms_in_python_and_javascript():
    words = list(FOLDED)
    out = _js(words, [])
    assert dict(zip(words, zip(map(terms.term, words), map(terms.prefix, words)))) == FOLDED
    assert dict(zip(words, zip(out["term"], out["prefix"]))) == FOLDED


def test_same_tokens_in_python_and_javascript():
    texts = ["E-Mail, Straße 12a; Köln/Bonn", "naïve_Œuvre — x² ﬁnal", "Dženan’s Łódź (2024)", "ΣΟΦΟΣ İ"]
    assert _js([], texts)["tokens"] == [terms.tokens(t) for t in texts]


@pytest.mark.parametrize("a,b", [
    ("Städte", "Stadt"), ("Kommunen", "Kommune"), ("Ehrenamtskarten", "Ehrenamtskarte"),
    ("Buergerschaftliches", "Bürgerschaftliches"), ("Strasse", "Straße"), ("Koeln", "Köln"),
    ("neue", "neu"), ("Mitgliedern", "Mitglied"), ("Netzwerktreffens", "Netzwerktreffen"),
])
def test_word_forms_meet(a, b):
    assert terms.term(a) == terms.term(b)


def test_prefix_is_the_start_of_the_term():
    for word in ("Förderung", "Bürgerschaft", "Straße", "Ehrenamtskarte"):
        typed = word[:5]
        assert terms.term(word).startswith(terms.prefix(typed)), (word, typed)
