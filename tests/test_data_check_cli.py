"""`python -m engagiert.check` and the build: German problem lists, exit status, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_data_support import Repo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import build_site  # noqa: E402


def run_check(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "engagiert.check", "--root", str(root), *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_on_the_example_data():
    proc = run_check(ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.startswith("Alles in Ordnung: ")
    assert "Mitglieder" in proc.stdout and "Veranstaltungen" in proc.stdout and "Themen" in proc.stdout
    assert "Wissensbeiträge" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_check_counts(tmp_path):
    proc = run_check(Repo(tmp_path).root)
    assert proc.returncode == 0
    assert proc.stdout.strip() == "Alles in Ordnung: 2 Themen, 2 Mitglieder, 2 Veranstaltungen, 1 Wissensbeitrag."


def test_check_on_broken_data_lists_every_problem(tmp_path):
    repo = Repo(tmp_path)
    repo.replace("data/members.yaml", "  typ: gemeinde", "  typ: dorf")
    repo.replace("data/events.yaml", "  beginn: 2025-05-15T10:00", "  beginn: 15.05.2025 10 Uhr")
    proc = run_check(repo.root)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1
    assert "2 Fehler in den Daten gefunden:" in out
    assert 'data/events.yaml:5 – Feld "beginn": „15.05.2025 10 Uhr“ passt nicht (Beginn)' in out
    assert 'data/members.yaml:31 – Feld "typ": „dorf“ ist hier nicht erlaubt' in out
    assert "Traceback" not in out


@pytest.mark.parametrize("case", ["missing", "unreadable", "latin1", "empty", "mapping", "syntax", "no-config"])
def test_check_never_shows_a_traceback(tmp_path, case):
    repo = Repo(tmp_path)
    target = repo.root / "data/members.yaml"
    if case == "missing":
        target.unlink()
    elif case == "unreadable":
        target.unlink()
        target.mkdir()
    elif case == "latin1":
        target.write_bytes("- id: m\n  name: Gemeinde Bösensell\n".encode("latin-1"))
    elif case == "empty":
        target.write_text("")
    elif case == "mapping":
        target.write_text("id: stadt-muenster\nname: Stadt Münster\n")
    elif case == "syntax":
        target.write_text("- id: a\n\tname: b\n")
    elif case == "no-config":
        (repo.root / "collections.yml").unlink()
    proc = run_check(repo.root)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "Fehler in den Daten gefunden" in out
    assert "Traceback" not in out and "Error" not in out.replace("PluginError", "")


def test_broken_data_fails_the_strict_build_with_the_german_list(tmp_path):
    members = (ROOT / "data/members.yaml").read_text(encoding="utf-8")
    broken = members.replace("  regierungsbezirk: detmold\n  beitritt: 2015-03-18",
                             "  regierungsbezirk: Detmold\n  beitritt: 2015-03-18", 1)
    broken = broken.replace("      email: laura.schablone@paderborn.example",
                            "      emial: laura.schablone@paderborn.example", 1)
    assert broken != members
    code, output, site = build_site(tmp_path, data_overrides={"data/members.yaml": broken})
    assert code != 0
    assert "2 Fehler in den Daten gefunden:" in output
    assert 'data/members.yaml:' in output and 'Feld "regierungsbezirk": „Detmold“ ist hier nicht erlaubt' in output
    assert 'Unbekanntes Feld „emial“. Meinten Sie „email“?' in output
    assert "Traceback" not in output
    assert not (site / "index.html").exists()


def test_page_without_front_matter_fails_the_build(tmp_path):
    code, output, _ = build_site(tmp_path, data_overrides={"content/wissen/methoden/neu.md": "# Neu\n\nText.\n"})
    assert code != 0
    assert "content/wissen/methoden/neu.md:1 – Die Seite hat keinen Kopf (Front Matter)." in output
    assert "Traceback" not in output


def test_example_data_builds_with_strict(site_dir):
    """The shared strict build of the working tree (conftest ``site_dir``) has a page per record."""
    from engagiert.load.collections import load_specs
    from engagiert.load.loader import load_site
    from engagiert.plan.pages import url_from_src

    data = load_site(ROOT, load_specs(ROOT / "collections.yml", ROOT))
    assert (site_dir / "index.html").is_file()
    for member in data.members:
        assert (site_dir / "mitglieder" / member.id / "index.html").is_file(), member.id
    for event in data.events:
        assert (site_dir / "veranstaltungen" / event.id / "index.html").is_file(), event.id
    for article in data.articles:
        assert (site_dir / url_from_src(article.src_uri) / "index.html").is_file(), article.src_uri
        for download in article.downloads:
            assert (site_dir / download.src).read_bytes() == (ROOT / "content" / download.src).read_bytes()
