"""YAML parsing with line numbers: values, scalar resolution, duplicate keys, syntax errors."""

from __future__ import annotations

import pytest

from engagiert.load.yamlsource import decode, format_path, parse, resolve_plain


def ok(text: str, **kw):
    doc = parse(text, "data/x.yaml", **kw)
    assert doc.ok and not doc.problems, [str(p) for p in doc.problems]
    return doc


def single_problem(text: str, **kw):
    doc = parse(text, "data/x.yaml", **kw)
    assert len(doc.problems) == 1, [str(p) for p in doc.problems]
    return doc.problems[0]


# --------------------------------------------------------------------------- values and lines

def test_lines_of_keys_and_items():
    doc = ok("# Kommentar\n- id: a\n  name: A\n  liste:\n    - x\n    - y\n- id: b\n")
    assert doc.value == [{"id": "a", "name": "A", "liste": ["x", "y"]}, {"id": "b"}]
    assert doc.lines[(0,)] == 2
    assert doc.lines[(0, "name")] == 3
    assert doc.lines[(0, "liste", 1)] == 6
    assert doc.lines[(1,)] == 7
    assert doc.line((0, "liste", 1, "nicht-da")) == 6   # falls back to the closest ancestor
    assert doc.line((5,)) == 2                           # ... and to the document


def test_line_offset_for_front_matter():
    doc = ok("title: T\nthemen: [a]\n", line_offset=1)
    assert doc.lines[("title",)] == 2
    assert doc.lines[("themen", 0)] == 3


@pytest.mark.parametrize("text, value", [
    ("true", True), ("True", True), ("false", False), ("FALSE", False),
    ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("Ja", "Ja"), ("y", "y"),
    ("null", None), ("~", None), ("", None),
    ("42", 42), ("-7", -7), ("0", 0), ("52.14", 52.14), (".5", 0.5), ("1e3", 1000.0),
    ("048143", "048143"), ("0251123", "0251123"), ("0o17", "0o17"), ("0x1F", "0x1F"),
    ("01.5", "01.5"), ("1_000", "1_000"), ("1:20", "1:20"), ("10:00", "10:00"),
    ("2026-03-12", "2026-03-12"), ("2026-03-12T10:00", "2026-03-12T10:00"),
    (".inf", ".inf"), (".nan", ".nan"), ("+49 251 1", "+49 251 1"),
])
def test_plain_scalars_resolve_like_yaml_1_2_core_without_misreading(text, value):
    result = resolve_plain(text)
    assert result == value and type(result) is type(value)


def test_quoted_and_block_scalars_stay_text():
    doc = ok("a: \"true\"\nb: '42'\nc: |\n  yes\nd: >\n  1\n")
    assert doc.value == {"a": "true", "b": "42", "c": "yes\n", "d": "1\n"}


def test_raw_text_of_non_string_scalars_is_kept_for_messages():
    doc = ok("plz: 48143\nwert: 1.10\n")
    assert doc.raw[("plz",)] == "48143"
    assert doc.raw[("wert",)] == "1.10"


def test_explicit_str_tag_keeps_text():
    assert ok("a: !!str 0012\nb: !!str 12\n").value == {"a": "0012", "b": "12"}


# --------------------------------------------------------------------------- nothing overwritten or dropped

def test_duplicate_key_is_an_error_with_both_lines():
    p = single_problem("- id: a\n  email: x@y.de\n  name: N\n  email: z@y.de\n", records=True)
    assert (p.file, p.line, p.field) == ("data/x.yaml", 4, "email")
    assert "doppelt" in p.message and "Zeile 2" in p.message


def test_duplicate_key_in_nested_item_names_the_path():
    p = single_problem("- id: a\n  ansprechpersonen:\n    - name: A\n    - name: B\n      name: C\n",
                       records=True)
    assert (p.line, p.field) == (5, "ansprechpersonen[2].name")


def test_duplicate_key_in_front_matter_uses_file_lines():
    p = single_problem("title: A\ntitle: B\n", line_offset=1)
    assert (p.line, p.field) == (3, "title")


@pytest.mark.parametrize("tag", ["!!int", "!!float", "!!bool", "!!timestamp", "!foo", "!!binary"])
def test_other_explicit_tags_are_errors(tag):
    p = single_problem(f"- id: a\n  plz: {tag} 48143\n", records=True)
    assert (p.line, p.field) == (2, "plz")
    assert "Typangaben" in p.message and tag in p.message


def test_anchors_and_aliases_are_errors():
    p = single_problem("- id: a\n  x: &anker Wert\n  y: *anker\n", records=True)
    assert (p.line, p.field) == (3, "y")
    assert "Anker und Verweise" in p.message


def test_merge_key_is_an_error():
    p = single_problem("- id: a\n  <<: {name: b}\n", records=True)
    assert p.line == 2 and "„<<“" in p.message


def test_complex_and_empty_keys_are_errors():
    assert "einfacher Text" in single_problem("? [a, b]\n: c\n").message
    assert "Feldname" in single_problem('"": c\n').message


# --------------------------------------------------------------------------- syntax errors

@pytest.mark.parametrize("text, line, words", [
    ("- id: a\n\tname: b\n", 2, "Tabulatorzeichen"),
    ("\t- id: a\n", 1, "Tabulatorzeichen"),
    ("- id: a\n  name:B\n  typ: c\n", 2, "Leerzeichen"),
    ("- id: a\n  name: 'Münster\n- id: b\n", 2, "Anführungszeichen wird nicht geschlossen"),
    ('- id: a\n  name: "Münster\n', 2, "Anführungszeichen wird nicht geschlossen"),
    ("- id: a\n    name: b\n", 2, "Einrückung"),
    ("- id: a\n  name: b\n typ: c\n", 3, "Einrückung"),
    ("- id: a\n  titel: Workshop: Strategie\n", 2, "Anführungszeichen"),
    ("- id: a\n  email: @stadt\n", 2, "„@“"),
    ("- id: a\n  themen: [a, b\n", 2, "eckigen Klammern"),
    ("-id: a\n name: b\n", 1, "Bindestrich"),
    ("- id: a\n---\n- id: b\n", 2, "zweites Dokument"),
    ('- name: "a\\q"\n', 1, "Backslash"),
    ("- name: a\x07b\n", 1, "Steuerzeichen"),
])
def test_syntax_errors_become_german_problems_at_the_line(text, line, words):
    doc = parse(text, "data/x.yaml", records=True)
    assert not doc.ok
    assert len(doc.problems) == 1
    p = doc.problems[0]
    assert p.file == "data/x.yaml"
    assert p.line == line, str(p)
    assert words in p.message, str(p)
    assert "Traceback" not in p.message


def test_syntax_error_lines_in_front_matter_are_file_lines():
    doc = parse("title: a\nformat: b: c\n", "content/x.md", line_offset=1)
    assert doc.problems[0].line == 3


def test_deep_nesting_is_a_problem_not_a_crash():
    doc = parse("a: " + "[" * 5000 + "]" * 5000 + "\n", "data/x.yaml")
    assert doc.problems and "verschachtelt" in doc.problems[0].message


# --------------------------------------------------------------------------- files

def test_decode_reports_non_utf8_with_line():
    text, problem = decode("- id: a\n  name: M\u00fcnster\n".encode("latin-1"), "data/x.yaml")
    assert text is None
    assert problem.line == 2 and "UTF-8" in problem.message


def test_decode_strips_byte_order_mark():
    text, problem = decode("\ufeff- id: a\n".encode("utf-8"), "data/x.yaml")
    assert problem is None and text == "- id: a\n"


def test_format_path_counts_list_positions_from_one():
    assert format_path(("ansprechpersonen", 1, "email")) == "ansprechpersonen[2].email"
    assert format_path((0,)) == "[1]"
    assert format_path(()) == ""


@pytest.mark.parametrize("text, line", [
    ('- id: a\n  name: "Stadt Dortmund\n  typ: stadt\n  kreis: X\n- id: b\n  name: B\n', 2),
    ("- id: a\n  titel: 'Workshop\n  art: workshop\n\n- id: b\n  titel: B\n", 2),
])
def test_unclosed_quote_is_reported_where_it_was_opened(text, line):
    problem = single_problem(text)
    assert problem.line == line
    assert "Anführungszeichen wird nicht geschlossen" in problem.message


def test_closed_and_escaped_quotes_are_not_mistaken_for_open_ones():
    problem = single_problem('- id: a\n  name: "Stadt \\"Mitte\\""\n  titel: \'It\'\'s\'\n   typ: x\n')
    assert "Anführungszeichen" not in problem.message
