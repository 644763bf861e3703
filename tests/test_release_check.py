"""`make release-check` (engagiert/load/release_check.py, issue #20): fails on today's
sample data with the complete German list, passes on a copy without placeholders, example
data, example addresses and untagged PDFs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from accessibility_media import make_pdf
from helpers import ROOT, copy_repo

from engagiert.load.release_check import run_checks

SCANNED_SUFFIXES = (".md", ".yaml", ".yml", ".html")


def _release_check(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "engagiert.load.release_check", "--root", str(root), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, env=environment)


def _sources(root: Path):
    for folder in ("content", "data", "overrides"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and path.suffix in SCANNED_SUFFIXES:
                yield path


def _lines_with(root: Path, pattern: str) -> set[str]:
    """file:line of every line matching ``pattern``: found here independently of the module."""
    found = set()
    for path in _sources(root):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(pattern, line):
                found.add(f"{path.relative_to(root).as_posix()}:{number}")
    return found


def _listed(output: str) -> set[str]:
    return set(re.findall(r"^  (\S+:\d+) – ", output, re.M))


def test_fails_on_the_sample_data_with_the_complete_list():
    proc = _release_check(ROOT)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    out = proc.stderr
    assert "Traceback" not in out
    assert out.startswith("Noch nicht bereit für die Veröffentlichung:")
    listed = _listed(out)
    placeholders = _lines_with(ROOT, r"\[Platzhalter")
    examples = _lines_with(ROOT, r"Beispieldaten")
    addresses = _lines_with(ROOT, r"@[\w.-]*example\b|https?://[\w.-]*example\b")
    assert placeholders and examples and addresses
    assert placeholders <= listed, placeholders - listed
    assert examples <= listed, examples - listed
    assert addresses <= listed, addresses - listed
    # the impressum's and the statement's placeholders by name
    assert "content/impressum.md:14 – Platzhalter „Herausgebende Stelle" in out
    # the sample PDF is untagged, named with its title, and where it is linked
    assert re.search(r"^  content/wissen/downloads/mitgliederbefragung-2025\.pdf – PDF „Ergebnisbericht "
                     r"Mitgliederbefragung 2025 \(Beispiel\)“ ist nicht barrierefrei: keine Struktur-Tags.*"
                     r"Verlinkt in content/wissen/publikationen/mitgliederbefragung-2025\.md:\d+", out, re.M)
    # the statement has no dates yet
    assert "content/barrierefreiheit.md:9 – Datum der Erstellung fehlt" in out
    assert "content/barrierefreiheit.md:10 – Datum der letzten Überprüfung fehlt" in out
    # nothing else: every listed line is one of those
    expected = placeholders | examples | addresses | {"content/barrierefreiheit.md:9", "content/barrierefreiheit.md:10"}
    assert listed <= expected, listed - expected
    count = int(re.search(r"für die Veröffentlichung: (\d+) Stellen", out).group(1))
    assert count == len(re.findall(r"^  \S+ – ", out, re.M))


def _clean_copy(tmp_path: Path) -> Path:
    repo = copy_repo(tmp_path / "repo")
    for path in _sources(repo):
        text = path.read_text(encoding="utf-8")
        new = re.sub(r"\*\[Platzhalter[^\]]*\]\*\{ ?\.platzhalter ?\}", "Echte Angabe", text)
        new = "\n".join(line for line in new.split("\n") if not line.lstrip().startswith("# Beispieldaten"))
        new = new.replace("Beispieldaten", "Archiv")
        new = re.sub(r"(@|//)([\w.-]*?)\.?example(\.(org|com|net))?\b", lambda m: f"{m.group(1)}{m.group(2) or 'www'}.nrw.de", new)
        if new != text:
            path.write_text(new, encoding="utf-8")
    statement = repo / "content" / "barrierefreiheit.md"
    text = statement.read_text(encoding="utf-8")
    statement.write_text(text.replace("  erstellt:\n", "  erstellt: 2026-09-15\n")
                         .replace("  ueberprueft:\n", "  ueberprueft: 2026-09-30\n"), encoding="utf-8")
    (repo / "content" / "wissen" / "downloads" / "mitgliederbefragung-2025.pdf").write_bytes(
        make_pdf("Ergebnisbericht Mitgliederbefragung 2025"))
    return repo


def test_passes_on_a_copy_without_placeholders_and_example_data(tmp_path):
    repo = _clean_copy(tmp_path)
    proc = _release_check(repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("Bereit für die Veröffentlichung")


@pytest.mark.parametrize("change,expected", [
    ({"content/wissen/downloads/neu.pdf": make_pdf("Neuer Bericht", tagged=False)},
     "content/wissen/downloads/neu.pdf – PDF „Neuer Bericht“ ist nicht barrierefrei"),
    ({"content/videos/film.mp4": b"\x00\x00\x00\x18ftypmp42"},
     "content/videos/film.mp4 – Video ohne Untertitel"),
    ({"content/neu.md": "# Neu\n\nText\n\n*[Platzhalter: Text fehlt]*{ .platzhalter }\n"},
     "content/neu.md:5 – Platzhalter „Text fehlt“"),
    ({"data/neu.yaml": "# Beispieldaten\n"}, "data/neu.yaml:1 – als Beispieldaten markiert"),
    ({"content/neu.md": "# Neu\n\nSchreiben Sie an info@amt.example.com.\n"},
     "content/neu.md:3 – Beispieladresse „info@amt.example.com“"),
])
def test_each_kind_of_finding_alone_fails(tmp_path, change, expected):
    repo = _clean_copy(tmp_path)
    for rel, content in change.items():
        target = repo / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content) if isinstance(content, bytes) else target.write_text(content, encoding="utf-8")
    proc = _release_check(repo)
    assert proc.returncode == 1, proc.stdout
    assert f"  {expected}" in proc.stderr, proc.stderr
    assert "1 Stelle in 1 Datei" in proc.stderr


def test_statement_reviewed_more_than_a_year_ago_is_reported(tmp_path):
    repo = _clean_copy(tmp_path)
    assert run_checks(repo, today=date(2027, 9, 30)) == []
    findings = run_checks(repo, today=date(2027, 10, 1))
    assert [(f.file, f.line) for f in findings] == [("content/barrierefreiheit.md", 10)]
    assert "mehr als ein Jahr" in findings[0].message


def test_github_annotations_summary_and_warn_only(tmp_path):
    summary = tmp_path / "summary.md"
    proc = _release_check(ROOT, env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert proc.returncode == 1
    assert "::error file=content/impressum.md,line=14,title=Freigabeprüfung::Platzhalter „" in proc.stdout
    assert "::error file=content/wissen/downloads/mitgliederbefragung-2025.pdf,title=Freigabeprüfung::" in proc.stdout
    table = summary.read_text(encoding="utf-8")
    assert table.startswith("### Freigabeprüfung") and "| Platzhalter" in table and "`content/impressum.md:14`" in table
    proc = _release_check(ROOT, "--warn-only", env={"GITHUB_ACTIONS": "true"})
    assert proc.returncode == 0
    assert "::warning file=content/impressum.md,line=14," in proc.stdout and "::error" not in proc.stdout
    assert "Nur ein Hinweis" in proc.stdout


def test_make_target_and_workflows_run_it():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^release-check: setup\n\t\$\(PY\) -m engagiert\.load\.release_check", makefile, re.M)
    deploy = (ROOT / ".github/workflows/deploy.yml").read_text(encoding="utf-8")
    step = deploy[deploy.index("Freigabeprüfung"):]
    assert step.index("if: vars.LIVE_SITE == 'true'") < step.index("run: make release-check") < \
        deploy.index("make build") - deploy.index("Freigabeprüfung")
    ci = (ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    assert "make release-check RELEASE_CHECK_ARGS=--warn-only" in ci
    assert "LIVE_SITE" in (ROOT / "README.md").read_text(encoding="utf-8")
