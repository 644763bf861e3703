"""Property-based tests: arbitrary and mutated YAML gives valid data or German problems, never a crash."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engagiert.load.collections import load_specs
from engagiert.load.loader import load, load_site
from engagiert.load.models import SiteData
from engagiert.base.problems import DataError, Problem
from engagiert.load.yamlsource import parse

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

GERMAN = re.compile(r"\b(Bitte|bitte|Die|Das|Der|Ein|Eine|Erwartet|Erlaubt|Feld|Datei|Zeile|nicht|fehlt|gibt|Nach|"
                    r"Vor|Hier|Unerwarteter|Pflichtangabe|Unbekanntes|Jeder|Typangaben|Anker|Zusammenführen|"
                    r"Beginn|Für|Nur|Es)\b")
ENGLISH = re.compile(r"is not of type|is a required property|Additional properties|does not match|is not one of|"
                     r"Traceback|Error\b|expected|found|while scanning|while parsing")


def assert_german(problem: Problem, files: dict[str, int]) -> None:
    assert isinstance(problem, Problem)
    assert problem.message and GERMAN.search(problem.message), problem
    assert not ENGLISH.search(problem.message.split("(technisch:")[0]), problem
    assert problem.file in files, problem
    if problem.line is not None:
        assert 1 <= problem.line <= files[problem.file] + 1, (problem, files[problem.file])


def line_count(text: str) -> int:
    return text.count("\n") + 1


# --------------------------------------------------------------------------- arbitrary text, parser only

@SETTINGS
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_parse_arbitrary_text(text):
    doc = parse(text, "data/x.yaml", records=True)
    for p in doc.problems:
        assert_german(p, {"data/x.yaml": line_count(text)})
    if doc.ok:
        assert doc.value is None or isinstance(doc.value, (dict, list, str, int, float, bool))


YAMLISH = st.lists(st.sampled_from(list("- :\n\t'\"[]{},#&*!|>%@`?abcxyz019äß.\\") + ["  ", "- id: ", "name: ", "\n  "]),
                   max_size=80).map("".join)


@SETTINGS
@given(YAMLISH)
def test_parse_yaml_like_noise(text):
    doc = parse(text, "data/x.yaml", records=True)
    for p in doc.problems:
        assert_german(p, {"data/x.yaml": line_count(text)})


# --------------------------------------------------------------------------- mutated example files, full loader

@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    root = tmp_path_factory.mktemp("data-props")
    for name in ("collections.yml", "schemas", "data", "content"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, root / name)
        else:
            shutil.copy2(src, root / name)
    specs = load_specs(root / "collections.yml", root)
    assert load(root, specs).problems == []
    return root, specs


SCALARS = st.sampled_from([
    "123", "0251 123", "true", "yes", "no", "null", "~", "", "[]", "{}", "[a, b]", "{x: 1}", "2026-02-30",
    "2026-13-01T10:00", "1.5", "-1", "'quoted'", '"unclosed', "'unclosed", "@at", "`tick", "a: b", "|", ">",
    "&anker x", "*anker", "!!int 5", "!tag x", "<<", "https://", "mailto:x@y", "x@", "ÄÖÜ ß", "\t", "%", "? x",
])


@st.composite
def mutations(draw, text: str):
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines = [""]
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "tab", "cut", "unicode", "value",
                                   "indent", "dedent", "key", "blank"]))
        line = lines[i]
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, line)
        elif op == "swap" and len(lines) > 1:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "tab":
            pos = draw(st.integers(0, len(line)))
            lines[i] = line[:pos] + "\t" + line[pos:]
        elif op == "cut":
            pos = draw(st.integers(0, len(line)))
            lines = lines[:i] + [line[:pos]]
        elif op == "unicode":
            pos = draw(st.integers(0, len(line)))
            char = draw(st.characters(codec="utf-8"))
            lines[i] = line[:pos] + char + line[pos + 1:]
        elif op == "value" and ": " in line:
            key = line.split(": ", 1)[0]
            lines[i] = f"{key}: {draw(SCALARS)}"
        elif op == "indent":
            lines[i] = " " * draw(st.integers(1, 3)) + line
        elif op == "dedent":
            lines[i] = line.lstrip(" ")[: len(line)] if draw(st.booleans()) else line[1:]
        elif op == "key" and ":" in line:
            key, rest = line.split(":", 1)
            new_key = draw(st.sampled_from(["emial", "Name", "typ", "id", "themen", "x", "ändern", "kreis"]))
            indent = key[: len(key) - len(key.lstrip(" -"))]
            lines[i] = f"{indent}{new_key}:{rest}"
        elif op == "blank":
            lines.insert(i, "")
    return "\n".join(lines)


def _check_mutation(sandbox, rel: str, mutated: str) -> None:
    root, specs = sandbox
    target = root / rel
    original = target.read_bytes()
    target.write_text(mutated, encoding="utf-8")
    try:
        result = load(root, specs)
        files = {}
        for p in result.problems:
            path = root / p.file
            files[p.file] = line_count(path.read_text(encoding="utf-8", errors="replace")) if path.is_file() else 0
        for p in result.problems:
            assert_german(p, files)
        if result.problems:
            with pytest.raises(DataError) as info:
                load_site(root, specs)
            assert info.value.report().splitlines()[0].endswith("Fehler in den Daten gefunden:")
        else:
            data = load_site(root, specs)
            assert isinstance(data, SiteData)
            assert all(r.source.file for recs in data.records.values() for r in recs)
    finally:
        target.write_bytes(original)


MEMBERS_TEXT = (ROOT / "data" / "members.yaml").read_text(encoding="utf-8")
EVENTS_TEXT = (ROOT / "data" / "events.yaml").read_text(encoding="utf-8")
TOPICS_TEXT = (ROOT / "data" / "topics.yaml").read_text(encoding="utf-8")
ARTICLE_REL = "content/wissen/dokumentation/netzwerktreffen-2025-1.md"
ARTICLE_TEXT = (ROOT / ARTICLE_REL).read_text(encoding="utf-8")


@SETTINGS
@given(mutated=mutations(MEMBERS_TEXT))
def test_mutated_members_file(sandbox, mutated):
    _check_mutation(sandbox, "data/members.yaml", mutated)


@SETTINGS
@given(mutated=mutations(EVENTS_TEXT))
def test_mutated_events_file(sandbox, mutated):
    _check_mutation(sandbox, "data/events.yaml", mutated)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(mutated=mutations(TOPICS_TEXT))
def test_mutated_topics_file(sandbox, mutated):
    _check_mutation(sandbox, "data/topics.yaml", mutated)


@SETTINGS
@given(mutated=mutations(ARTICLE_TEXT))
def test_mutated_front_matter(sandbox, mutated):
    _check_mutation(sandbox, ARTICLE_REL, mutated)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(cut=st.integers(0, len(MEMBERS_TEXT)))
def test_members_file_cut_anywhere(sandbox, cut):
    _check_mutation(sandbox, "data/members.yaml", MEMBERS_TEXT[:cut])


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(junk=st.binary(max_size=200))
def test_arbitrary_bytes_in_a_data_file(sandbox, junk):
    root, specs = sandbox
    target = root / "data" / "topics.yaml"
    original = target.read_bytes()
    target.write_bytes(junk)
    try:
        result = load(root, specs)
        for p in result.problems:
            assert GERMAN.search(p.message) and "Traceback" not in p.message, p
    finally:
        target.write_bytes(original)


# --------------------------------------------------------------------------- fast pre-check agrees with jsonschema

from engagiert.load.validation import load_validator  # noqa: E402


def _agree(schema_name: str, text: str, records: bool = True) -> None:
    check = load_validator(ROOT / "schemas" / schema_name)
    doc = parse(text, "x", records=records)
    if not doc.ok:
        return
    if records:
        assert check.fast_item is not None and check.item is not None
        items = doc.value if isinstance(doc.value, list) else []
        for item in items:
            assert check.fast_item(item) == check.item.is_valid(item), item
    else:
        assert check.fast_doc is not None
        assert check.fast_doc(doc.value) == check.full.is_valid(doc.value), doc.value


@SETTINGS
@given(mutated=mutations(MEMBERS_TEXT))
def test_fast_check_agrees_on_mutated_members(mutated):
    _agree("members.schema.json", mutated)


@SETTINGS
@given(mutated=mutations(EVENTS_TEXT))
def test_fast_check_agrees_on_mutated_events(mutated):
    _agree("events.schema.json", mutated)


@SETTINGS
@given(mutated=mutations(ARTICLE_TEXT.split("---\n")[1]))
def test_fast_check_agrees_on_mutated_front_matter(mutated):
    _agree("article.schema.json", mutated, records=False)


def test_fast_check_agrees_on_the_example_data():
    for name in ("members", "events", "topics"):
        _agree(f"{name}.schema.json", (ROOT / "data" / f"{name}.yaml").read_text(encoding="utf-8"))
