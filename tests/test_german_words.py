"""German words from one helper (issue #19): engagiert/base/german_words.py, and the pages
that use it read correctly."""

from __future__ import annotations

import re

import pytest

from engagiert.base import german_words as w
from engagiert.load.models import MemberType


@pytest.mark.parametrize("n,word,case,expected", [
    (1, "Mitglied", "nom", "1 Mitglied"),
    (0, "Mitglied", "nom", "0 Mitglieder"),
    (4, "Mitglied", "nom", "4 Mitglieder"),
    (4, "Mitglied", "dat", "4 Mitgliedern"),
    (4, "Beitrag", "dat", "4 Beiträgen"),
    (1, "Beitrag", "dat", "1 Beitrag"),
    (2, "Veranstaltung", "dat", "2 Veranstaltungen"),
    (3, "Ergebnis", "dat", "3 Ergebnissen"),
    (5, "Thema", "dat", "5 Themen"),
])
def test_counts_agree_in_number_and_case(n, word, case, expected):
    assert w.count(n, word, case) == expected


def test_relative_pronoun_agrees_with_its_noun():
    assert w.relative(1, "Mitglied") == "dessen"     # "1 Mitglied, dessen Name …"
    assert w.relative(3, "Mitglied") == "deren"
    assert w.relative(1, "Veranstaltung") == "deren"
    assert w.relative(1, "Beitrag") == "dessen"


def test_unknown_word_and_case_are_errors():
    with pytest.raises(KeyError, match="german_words.NOUNS"):
        w.count(2, "Ding")
    with pytest.raises(ValueError):
        w.count(2, "Mitglied", "gen")


def test_one_label_per_member_type_everywhere():
    from engagiert.views.members_ui import SHORT_TYPE, TYPE_NOUNS
    for t in MemberType:
        term = w.member_type(t.value)
        assert t.label == term.label == SHORT_TYPE[t]
        assert TYPE_NOUNS[t] == (term.singular, term.plural)
        assert term.label.lower() == term.singular.lower()
    assert w.member_type("stadt").label == "Kreisangehörige Stadt"
    assert w.member_type("stadt").count(1) == "eine kreisangehörige Stadt"
    assert w.member_type("kreis").count(1) == "ein Kreis"
    assert w.member_type("gemeinde").count(3) == "3 Gemeinden"


def test_join():
    assert w.join([]) == ""
    assert w.join(["a"]) == "a"
    assert w.join(["a", "b", "c"]) == "a, b und c"


def _text(path):
    html = path.read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_built_pages_read_correctly(site_dir):
    """No "1 Mitglied, deren", no "von 4 Einträge", no "0 Beiträge", no doubled "ursprünglich
    geplant", and the member type labelled the same in the filter, the rows and the profile."""
    problems = []
    for page in sorted(site_dir.rglob("*.html")):
        text = _text(page)
        rel = page.relative_to(site_dir).as_posix()
        for pattern in (r"\b1 Mitglied, deren\b", r"\bvon \d+ Einträge\b", r"\b0 Beiträge\b",
                        r"\b0 Einträge\b", r"ursprünglich geplant\)", r"Stadt \(kreisangehörig\)"):
            if re.search(pattern, text):
                problems.append(f"{rel}: {pattern}")
    assert not problems, "\n".join(problems[:20])
    letter_pages = sorted((site_dir / "mitglieder" / "a-z").glob("*/index.html"))
    singles = [p for p in letter_pages if " 1 Mitglied, " in _text(p)]
    assert singles, "no letter page with a single member to check the pronoun on"
    assert " 1 Mitglied, dessen Name mit " in _text(singles[0])
