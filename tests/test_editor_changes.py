"""`make changes BASE=<ref>`: German summary of what a change does to the website (issue #15)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from helpers import PINNED_EPOCH, copy_repo  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("changes", ROOT / "scripts/changes.py")
changes = importlib.util.module_from_spec(_spec)
sys.modules["changes"] = changes  # dataclasses look their module up there
_spec.loader.exec_module(changes)


def git(root: Path, *args: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="T",
               GIT_COMMITTER_EMAIL="t@example.org")
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def test_compare_and_render_on_small_sites(tmp_path):
    old, new = tmp_path / "a", tmp_path / "b"
    for site in (old, new):
        (site / "x").mkdir(parents=True)
        (site / "sitemap.xml").write_text("<urlset/>")
    (old / "x/index.html").write_text("<title>X</title><h1>Alt</h1>")
    (new / "x/index.html").write_text("<title>X</title><h1>Neu &amp; gut</h1>")
    (old / "weg.html").write_text("<h1>Weg</h1>")
    (new / "y").mkdir()
    (new / "y/index.html").write_text("<h1>Y</h1>")
    (new / "bericht.pdf").write_bytes(b"%PDF")
    (old / "k.ics").write_bytes(b"BEGIN:VEVENT\r\nUID:e@x\r\nSUMMARY:Treffen\\, offen\r\nLOCATION:A\r\nEND:VEVENT\r\n")
    (new / "k.ics").write_bytes(b"BEGIN:VEVENT\r\nUID:e@x\r\nSUMMARY:Treffen\\, offen\r\nLOCATION:B\r\nEND:VEVENT\r\n")
    text = changes.render(changes.compare(old, new), "main")
    assert "### Neue Seiten (1)\n\n- `/y/` – Y\n" in text
    assert "### Geänderte Seiten (1)\n\n- `/x/` – Neu & gut\n" in text
    assert "### Entfernte Seiten (1)\n\n- `/weg.html` – Weg\n" in text
    assert "- geändert: „Treffen, offen“: Ort\n" in text
    assert "- geändert: `/k.ics`" in text
    assert "- neu: `/bericht.pdf`" in text
    assert text.endswith("Suchindex, Sitemap, Gestaltung und Skripte: unverändert.\n")


def test_one_line_data_change_gives_the_expected_summary(tmp_path):
    repo = copy_repo(tmp_path / "repo")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    events = repo / "data/events.yaml"
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace("    name: Rathausfestsaal Münster", "    name: Stadtweinhaus Münster", 1),
                      encoding="utf-8")
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(PINNED_EPOCH), ENGAGIERT_SEARCH="0")
    proc = subprocess.run([sys.executable, str(ROOT / "scripts/changes.py"), "--root", str(repo), "--base", "main"],
                          env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("## Was sich auf der Website ändert\n\nVerglichen mit `main`")
    assert "- `/veranstaltungen/netzwerktreffen-2024-1/` – 1. Netzwerktreffen 2024\n" in out
    assert "- `/veranstaltungen/` – Veranstaltungen\n" in out
    assert "Neue Seiten" not in out and "Entfernte Seiten" not in out
    assert "### Kalendereinträge (1)\n\n- geändert: „1. Netzwerktreffen 2024“: Ort\n" in out
    assert "- geändert: `/veranstaltungen/kalender.ics`\n" in out
    assert "- geändert: `/veranstaltungen/netzwerktreffen-2024-1/netzwerktreffen-2024-1.ics`\n" in out
    assert "Downloads" not in out
    assert out.endswith("Suchindex, Sitemap, Gestaltung und Skripte: unverändert.\n")


def test_unknown_base_is_a_german_message(tmp_path):
    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q")
    proc = subprocess.run([sys.executable, str(ROOT / "scripts/changes.py"), "--root", str(repo), "--base", "nix"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "Der Stand „nix“ ist in git nicht bekannt" in proc.stderr
    assert "Traceback" not in proc.stderr
