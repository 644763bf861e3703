"""Limits instead of crashes (issue #13): regular expressions, lengths, dates, numbers, words."""

from __future__ import annotations

import importlib
import json
import math
import os
import pkgutil
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import ROOT, copy_repo

N = 100_000
ADVERSARIAL = [
    "a" * N, "-" * N, "a-" * (N // 2), "a." * (N // 2), "." * N, "/" * N, " " * N, "0" * N, "[a](" * (N // 4),
    "a@" * (N // 2), "@" + "a" * N, "https://" + "a" * N, "https://a." + "a." * (N // 2), "http://" + "/" * N,
    "+" + "0 " * (N // 2), "a" * N + "\n", "0000-00-00T" + "0" * N, "ä" * N, "a-" * (N // 2) + "!", "*" * N,
    "_" * N, "#" * N, "<" * N, "&#" * (N // 2), "\\" * N, ":" * N, "1" * N + "x",
]


def _schema_patterns() -> list[tuple[str, str]]:
    found = []

    def walk(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "pattern" and isinstance(value, str):
                    found.append((where, value))
                walk(value, where)
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    for path in sorted((ROOT / "schemas").glob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")), path.name)
    return found


def _code_patterns() -> list[tuple[str, re.Pattern]]:
    import engagiert

    found = []
    for info in pkgutil.walk_packages(engagiert.__path__, "engagiert."):
        try:
            module = importlib.import_module(info.name)
        except Exception:  # noqa: BLE001 - a module needing MkDocs at import is not ours to judge here
            continue
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.append((f"{info.name}.{name}", value))
    return found


def _run(regex: re.Pattern, text: str) -> float:
    """CPU seconds of this process: other processes on a busy machine do not count."""
    start = time.process_time()
    regex.search(text)
    regex.match(text)
    regex.findall(text)
    return time.process_time() - start


def _slowest(regex: re.Pattern) -> tuple[float, str]:
    """Worst time on the full inputs. A pattern not fast on a tenth of an input is timed on a
    twentieth too, and its time on the full input extrapolated from the growth between them
    (doubling the input doubles a linear pattern's time, quadruples a quadratic one's): a
    cubic pattern would take minutes on the full input."""
    worst = (0.0, "")
    for text in ADVERSARIAL:
        tenth = _run(regex, text[: N // 10])
        if tenth > 0.005:
            # the best of three: one slow run (a collection, a busy machine) is not growth
            tenth = min(tenth, *(_run(regex, text[: N // 10]) for _ in range(2)))
            twentieth = max(min(_run(regex, text[: N // 20]) for _ in range(3)), 1e-6)
            growth = math.log2(tenth / twentieth)
            # A busy machine blurs the growth; below 1.5 the pattern is linear (quadratic: 2).
            exponent = 1.0 if growth < 1.5 else growth
            elapsed = tenth * 10 ** exponent
        else:
            elapsed = _run(regex, text)
        worst = max(worst, (elapsed, text[:12]))
    return worst


@pytest.mark.parametrize("where,pattern", _schema_patterns(), ids=lambda v: str(v)[:40])
def test_schema_patterns_are_linear(where, pattern):
    elapsed, sample = _slowest(re.compile(pattern))
    assert elapsed < 1.0, f"{where}: {pattern!r} took {elapsed:.1f} s on {sample!r}…"


@pytest.mark.parametrize("where,regex", _code_patterns(), ids=lambda v: str(v)[:60])
def test_code_patterns_are_linear(where, regex):
    elapsed, sample = _slowest(regex)
    assert elapsed < 1.0, f"{where}: {regex.pattern!r} took {elapsed:.1f} s on {sample!r}…"


def test_every_string_in_the_schemas_has_a_length_limit():
    missing = []

    def walk(node, where):
        if isinstance(node, dict):
            if node.get("type") == "string" and "maxLength" not in node and "enum" not in node \
                    and "const" not in node:
                missing.append(where)
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{where}[{i}]")

    for path in sorted((ROOT / "schemas").glob("*.json")):
        walk(json.loads(path.read_text(encoding="utf-8")), path.name)
    assert not missing, missing


# --------------------------------------------------------------------------- data values

def _check(repo: Path) -> tuple[int, str, float]:
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "engagiert.check", "--root", str(repo)], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60,
                          env=dict(os.environ))
    return proc.returncode, proc.stdout, time.monotonic() - start


EVENT_EDITS = {
    "far-future": ("beginn: 2024-04-18T10:00", "beginn: 9999-12-31", "Das Jahr 9999"),
    "year-one": ("aktualisiert: 2024-03-01T09:00", "aktualisiert: 0001-01-01T00:30", "Das Jahr 1 "),
    "bad-offset": ("beginn: 2024-04-18T10:00", "beginn: 2024-04-18T10:00+99:99", "Zeitversatz „+99:99“"),
    "huge-version": ("aktualisiert: 2024-03-01T09:00", "aktualisiert: 2024-03-01T09:00\n  version: " + "9" * 5000,
                     "ganze Zahl"),
    "long-url": ("  beschreibung: |\n", "  online:\n    plattform: Zoom\n    link: https://" + "a." * 8000
                 + "de\n  beschreibung: |\n", "Zeichen"),
    "quadratic-markdown": ("  beschreibung: |\n", "  beschreibung: |\n    " + "[a](" * 16000 + "\n", "Zeichen"),
}


@pytest.mark.parametrize("name", EVENT_EDITS)
def test_out_of_range_values_give_a_located_german_message(tmp_path, name):
    old, new, message = EVENT_EDITS[name]
    repo = copy_repo(tmp_path / "repo")
    events = (repo / "data/events.yaml").read_text(encoding="utf-8")
    assert old in events
    (repo / "data/events.yaml").write_text(events.replace(old, new, 1), encoding="utf-8")
    code, output, seconds = _check(repo)
    assert code == 1, output
    assert "Traceback" not in output and "unerwarteten Fehler" not in output, output
    assert re.search(r"data/events\.yaml:\d+", output) and message in output, output
    assert seconds < 20


def test_a_20000_letter_word_does_not_break_the_search_index():
    from engagiert.outputs.search import store, terms

    words = terms.tokens("a" * 20_000 + " Engagement " + "b" * 65)
    assert words == ["Engagement"]
    shards = store.shard_terms(sorted({"a" * 64, "a" * 63, "ab"}), size=lambda t: 10_000, limit=100)
    assert shards


# --------------------------------------------------------------------------- page budget

def test_a_page_over_the_budget_stops_the_build_with_its_name(tmp_path):
    from helpers import build_site

    from engagiert.outputs.htmlaudit import PAGE_BUDGET_KB

    paragraph = "Die Kommune fördert das Engagement ihrer Bürgerinnen und Bürger. " * 20
    body = "\n\n".join(paragraph for _ in range(PAGE_BUDGET_KB * 1024 // len(paragraph.encode()) + 10))
    code, output, site = build_site(tmp_path, data_overrides={"content/lang.md": "# Lang\n\n" + body + "\n"},
                                    env={"ENGAGIERT_SEARCH": "0"})
    assert code != 0, output
    assert "Traceback" not in output, output
    assert re.search(rf"site/lang/index\.html: \d+ KB \(höchstens {PAGE_BUDGET_KB} KB\)", output), output
    assert "größer, als eine Seite der Website sein darf" in output, output


def test_the_budget_counts_bytes_of_every_written_page(tmp_path):
    from engagiert.outputs.htmlaudit import oversized

    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_bytes(b"x" * (200 * 1024))
    (tmp_path / "b.html").write_bytes(b"x" * (200 * 1024 + 1))
    assert oversized(tmp_path, 200) == ["site/b.html: 201 KB (höchstens 200 KB)"]
