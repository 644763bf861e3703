"""Text hygiene (issue #13): invisible characters in names, titles and ids are located German
errors; NFD and NFC spellings are one text; names equal after case folding are duplicates."""

from __future__ import annotations

import pytest

from test_data_support import Repo, line_of


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\u200d", "\ufeff", "\u0007", "\u0085", "\u2028"])
def test_invisible_character_in_a_name_is_an_error_at_its_line(tmp_path, char):
    repo = Repo(tmp_path)
    escaped = f"\\u{ord(char):04x}"
    repo.replace("data/members.yaml", "  name: Stadt Münster\n", f'  name: "Stadt M{escaped}ünster"\n')
    problem = repo.only_problem()
    assert problem.file == "data/members.yaml"
    assert problem.line == line_of(repo.read("data/members.yaml"), "  name: \"Stadt M")
    assert problem.field.endswith("name")
    assert f"U+{ord(char):04X}" in problem.message and "neu eintippen" in problem.message


def test_invisible_character_in_an_event_title(tmp_path):
    repo = Repo(tmp_path)
    text = repo.read("data/events.yaml")
    title_line = next(line for line in text.splitlines() if line.startswith("  titel:"))
    repo.replace("data/events.yaml", title_line, '  titel: "Treffen \\u202egnuldaL"')
    problem = repo.only_problem()
    assert problem.field.endswith("titel") and "U+202E" in problem.message


def test_nfd_and_nfc_spellings_are_one_member(tmp_path):
    repo = Repo(tmp_path)
    nfd = "Stadt Mu\u0308nster"
    repo.replace("data/members.yaml", "  name: Stadt Münster\n", f"  name: {nfd}\n")
    result = repo.load()
    assert not result.problems
    assert "Stadt Münster" in {m.name for m in result.data.members}


def test_names_equal_after_case_folding_are_duplicates(tmp_path):
    repo = Repo(tmp_path)
    repo.replace("data/members.yaml", "  name: Gemeinde Nottuln\n", "  name: stadt  MÜNSTER\n")
    problem = repo.only_problem()
    assert problem.line == line_of(repo.read("data/members.yaml"), "  name: stadt  MÜNSTER")
    assert "gibt es schon in data/members.yaml, Zeile" in problem.message
