"""`make check` under GitHub Actions: every problem also as a workflow command at its line (issue #15)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from engagiert.base.workflow_commands import command, escape_data, escape_property, in_github_actions
from engagiert.check import annotations
from engagiert.base.problems import Problem

from test_data_support import Repo

ROOT = Path(__file__).resolve().parent.parent


def run_check(root: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    environ.update(PYTHONPATH=str(ROOT), **env)
    return subprocess.run([sys.executable, "-m", "engagiert.check", "--root", str(root)],
                          cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120)


def test_message_escapes_percent_cr_and_lf_only():
    assert escape_data("100 % a:b, c\r\nd") == "100 %25 a:b, c%0D%0Ad"


def test_property_escapes_also_comma_and_colon():
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_command_format():
    assert command("error", "„x“ fehlt.", file="data/events.yaml", line=42, title="ort.name") == \
        "::error file=data/events.yaml,line=42,title=ort.name::„x“ fehlt."
    assert command("warning", "Hinweis", file="a, b.yaml") == "::warning file=a%2C b.yaml::Hinweis"
    assert command("error", "ohne Ort") == "::error::ohne Ort"


def test_problems_become_errors_and_warnings():
    problems = [Problem("data/members.yaml", 7, "ansprechpersonen[1].email", "Keine gültige E-Mail: „a:b“."),
                Problem("data/events.yaml", None, None, "Zeile 1\nZeile 2", severity="warning")]
    assert annotations(problems) == [
        "::warning file=data/events.yaml,title=Daten prüfen::Zeile 1%0AZeile 2",
        "::error file=data/members.yaml,line=7,title=ansprechpersonen[1].email::Keine gültige E-Mail: „a:b“.",
    ]


def test_only_github_actions_true_counts():
    assert in_github_actions({"GITHUB_ACTIONS": "true"})
    assert not in_github_actions({"GITHUB_ACTIONS": "1"})
    assert not in_github_actions({})


def test_check_prints_annotations_under_github_actions(tmp_path):
    repo = Repo(tmp_path)
    repo.replace("data/members.yaml", "  typ: gemeinde", "  typ: dorf")
    proc = run_check(repo.root, GITHUB_ACTIONS="true")
    assert proc.returncode == 1
    lines = [line for line in proc.stdout.splitlines() if line.startswith("::")]
    assert len(lines) == 1, proc.stdout
    assert lines[0].startswith("::error file=data/members.yaml,line=31,title=typ::„dorf“ ist hier nicht erlaubt")
    # the readable list is still there
    assert 'data/members.yaml:31 – Feld "typ": „dorf“' in proc.stderr


def test_check_prints_no_annotations_elsewhere(tmp_path):
    repo = Repo(tmp_path)
    repo.replace("data/members.yaml", "  typ: gemeinde", "  typ: dorf")
    proc = run_check(repo.root)
    assert proc.returncode == 1
    assert "::error" not in proc.stdout + proc.stderr
