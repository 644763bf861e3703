"""`make check BASE=<ref>`: an event moved without raising `version` is an error at its line (issue #15)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from engagiert.check import check

from test_data_support import Repo

ROOT = Path(__file__).resolve().parent.parent


def git(root: Path, *args: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="T",
               GIT_COMMITTER_EMAIL="t@example.org")
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path) -> Repo:
    repo = Repo(tmp_path)
    git(repo.root, "init", "-q", "-b", "main")
    git(repo.root, "add", "-A")
    git(repo.root, "commit", "-q", "-m", "base")
    return repo


def version_problems(repo: Repo, base: str = "main"):
    problems, _ = check(repo.root, base=base)
    return [p for p in problems if p.field == "version" or "Vergleichsstand" in p.message]


def test_moved_event_without_new_version_is_an_error_at_the_version_line(repo):
    repo.replace("data/events.yaml", "  beginn: 2025-05-15T10:00", "  beginn: 2025-05-15T11:00")
    [problem] = version_problems(repo)
    assert (problem.file, problem.line, problem.field) == ("data/events.yaml", 18, "version")
    assert problem.message.startswith("Beginn hat sich gegenüber main geändert, aber „version“ ist gleich geblieben (2).")
    assert "version: von 2 auf 3 erhöhen" in problem.message


def test_several_changes_are_named_together(repo):
    repo.replace("data/events.yaml", "  status: geplant\n  gastgeber", "  status: abgesagt\n  gastgeber")
    repo.replace("data/events.yaml", "    name: Rathaus", "    name: Stadthaus")
    [problem] = version_problems(repo)
    assert problem.message.startswith("Ort und Status haben sich gegenüber main geändert")


def test_online_link_change_of_an_event_without_version_line(repo):
    repo.replace("data/events.yaml", "    link: https://webex.example.org/w", "    link: https://webex.example.org/neu")
    [problem] = version_problems(repo)
    assert problem.line == 19  # the event's first line: it has no version line yet
    assert "Online-Link hat sich" in problem.message and "eine Zeile „version: 1“ ergänzen" in problem.message


def test_raised_version_or_unwatched_change_passes(repo):
    repo.replace("data/events.yaml", "  beginn: 2025-05-15T10:00", "  beginn: 2025-05-15T11:00")
    repo.replace("data/events.yaml", "  version: 2", "  version: 3")
    repo.replace("data/events.yaml", "  titel: Werkstatt", "  titel: Werkstatt Engagement")
    assert version_problems(repo) == []


def test_new_event_needs_no_version(repo):
    text = repo.read("data/events.yaml")
    repo.write("data/events.yaml", text.replace("- id: werkstatt-2027", "- id: werkstatt-2028", 1))
    assert version_problems(repo) == []


def test_unknown_base_is_a_german_problem(repo):
    [problem] = version_problems(repo, base="gibt-es-nicht")
    assert "Der Vergleichsstand „gibt-es-nicht“ ist in git nicht bekannt" in problem.message


def test_make_check_with_base_and_annotation(repo):
    repo.replace("data/events.yaml", "  ende: 2025-05-15T16:00", "  ende: 2025-05-15T17:00")
    env = dict(os.environ, PYTHONPATH=str(ROOT), GITHUB_ACTIONS="true")
    proc = subprocess.run([sys.executable, "-m", "engagiert.check", "--root", str(repo.root), "--base", "main"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "data/events.yaml:18 – Feld \"version\": Ende hat sich gegenüber main geändert" in proc.stderr
    assert "::error file=data/events.yaml,line=18,title=version::Ende hat sich" in proc.stdout
