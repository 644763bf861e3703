"""Fast previews (engagiert/adapter/preview.py): a rebuild in `mkdocs serve` after a data edit reuses
the HTML of unaffected pages, and the site it writes is byte for byte the site a full build
of the same data writes.

The preview builds run in this process the way `mkdocs serve` runs them (the same hook
module, one build after another into the same folder); the full builds are ordinary
`mkdocs build` runs of the same files.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from helpers import PINNED_EPOCH, ROOT, html_files, run_mkdocs_build

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import Size, make_project  # noqa: E402
from engagiert.adapter.preview import STATE  # noqa: E402


@pytest.fixture()
def preview(tmp_path, monkeypatch):
    """A synthetic project and a function that runs one preview build of it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(PINNED_EPOCH))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("ENGAGIERT_SEARCH", "0")
    repo = tmp_path / "repo"
    data = make_project(repo, Size("t", members=40, events=80, articles=40))
    # mkdocs serve shows drafts and scheduled news posts that mkdocs build leaves out (issue #14);
    # this test compares the two builds, so its project has only published posts.
    for post in (repo / "content/aktuelles").glob("*.md"):
        front = post.read_text(encoding="utf-8").split("\n---", 1)[0]
        dated = re.search(r"^datum: '?(\d{4}-\d{2}-\d{2})", front, re.M)
        if "\nentwurf: true" in front or (dated and dated.group(1) > "2026-10-01"):
            post.unlink()
    site = tmp_path / "preview-site"

    def run() -> int:
        config = load_config(config_file=str(repo / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            build(config)
        finally:
            STATE.wait()
        return STATE.reused

    assert run() == 0  # the first build renders everything
    yield repo, site, data, run
    STATE.active = False
    STATE.__init__()


def full_build(repo: Path, dest: Path) -> Path:
    code, output = run_mkdocs_build(repo, dest, env={"ENGAGIERT_SEARCH": "0"})
    assert code == 0, output[-3000:]
    return dest


def assert_same_site(a: Path, b: Path) -> int:
    """Every file (pages, calendars, sitemap) the same; returns the number of pages."""
    files_a = sorted(f.relative_to(a).as_posix() for f in a.rglob("*") if f.is_file())
    files_b = sorted(f.relative_to(b).as_posix() for f in b.rglob("*") if f.is_file())
    assert files_a == files_b
    different = [rel for rel in files_a if (a / rel).read_bytes() != (b / rel).read_bytes()]
    assert different == [], f"{len(different)} files differ, e.g. {different[:5]}"
    return len(html_files(a))


def edit(path: Path, pattern: str, replace) -> None:
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(pattern, replace, text, count=1, flags=re.M)
    assert count == 1, pattern
    path.write_text(new, encoding="utf-8")


def busy_host(repo: Path) -> str:
    """A generated member that hosts events."""
    events = (repo / "data/events.yaml").read_text(encoding="utf-8")
    hosts = re.findall(r"^  gastgeber: (gen-\S+)$", events, re.M)
    assert hosts
    return max(set(hosts), key=hosts.count)


def test_member_renamed(preview, tmp_path):
    repo, site, _, run = preview
    host = busy_host(repo)
    edit(repo / "data/members.yaml", rf"^(- id: {re.escape(host)}\n  name: )(.*)$", r"\1\2 Neuer Name")
    reused = run()
    pages = assert_same_site(site, full_build(repo, tmp_path / "full"))
    assert "Neuer Name" in (site / "mitglieder" / host / "index.html").read_text(encoding="utf-8")
    assert 0.5 * pages < reused < pages


def test_reused_pages_stay_on_disk_unwritten_and_unlogged(preview, tmp_path):
    """The site folder is kept across a reusing rebuild: a reused page is neither written
    again nor announced as skipped; the changed member's page is written anew."""
    import logging

    repo, site, data, run = preview
    host = busy_host(repo)
    quiet = next(m for m in reversed(data.member_ids) if m != host)
    before = {m: (site / "mitglieder" / m / "index.html").stat().st_mtime_ns for m in (host, quiet)}
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("mkdocs.commands.build")
    logger.addHandler(handler)
    try:
        edit(repo / "data/members.yaml", rf"^(- id: {re.escape(host)}\n  name: )(.*)$", r"\1\2 Neu")
        assert run() > 0
    finally:
        logger.removeHandler(handler)
    after = {m: (site / "mitglieder" / m / "index.html").stat().st_mtime_ns for m in (host, quiet)}
    assert after[quiet] == before[quiet]
    assert after[host] != before[host]
    assert [r.getMessage() for r in records if "skipped" in r.getMessage()] == []
    assert not any(p.name.endswith(".engagiert-vorher") for p in site.parent.iterdir())
    assert_same_site(site, full_build(repo, tmp_path / "full"))


def test_event_moved_to_another_host_and_retitled(preview, tmp_path):
    repo, site, data, run = preview
    other = data.member_ids[-1]
    edit(repo / "data/events.yaml", r"^(- id: gen-\S+\n  titel: )(Fachtag \w+)(\n(?:  .*\n)*?  gastgeber: )(\S+)$",
         rf"\1\2 (verlegt)\3{other}")
    assert run() > 0
    assert_same_site(site, full_build(repo, tmp_path / "full"))


def test_member_topics_changed(preview, tmp_path):
    repo, site, _, run = preview
    edit(repo / "data/members.yaml", r"^(- id: gen-\S+\n(?:  .*\n)*?  themen:\n)((?:  - .*\n)+)",
         r"\1  - digitalisierung\n")
    run()
    assert_same_site(site, full_build(repo, tmp_path / "full"))


def test_markdown_page_changed_means_full_rebuild(preview, tmp_path):
    repo, site, _, run = preview
    page = repo / "content/kontakt.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nNeuer Absatz.\n", encoding="utf-8")
    assert run() == 0
    assert_same_site(site, full_build(repo, tmp_path / "full"))


def test_next_edit_cancels_unfinished_outputs(preview, tmp_path, monkeypatch):
    """A rebuild stops the previous build's output writer (here made slow) and writes its own."""
    import os
    import time

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from engagiert.outputs import writers as site_module

    repo, site, _, run = preview
    marker = tmp_path / "slow-writer-finished"

    def slow_writer(build_, site_dir):
        time.sleep(30)
        marker.write_text("stale")

    monkeypatch.setattr(site_module, "OUTPUT_WRITERS", (*site_module.OUTPUT_WRITERS, slow_writer))
    host = busy_host(repo)
    edit(repo / "data/members.yaml", rf"^(- id: {re.escape(host)}\n  name: )(.*)$", r"\1\2 Erste Fassung")
    config = load_config(config_file=str(repo / "mkdocs.yml"), site_dir=str(site))
    build(config)
    first_child = STATE._child
    assert first_child is not None
    monkeypatch.setattr(site_module, "OUTPUT_WRITERS", tuple(w for w in site_module.OUTPUT_WRITERS if w is not slow_writer))
    edit(repo / "data/members.yaml", r"Erste Fassung", "Zweite Fassung")
    start = time.monotonic()
    run()
    assert time.monotonic() - start < 25  # did not wait for the slow writer
    assert not marker.exists()
    try:
        os.kill(first_child, 0)
        alive = True
    except ProcessLookupError:
        alive = False
    assert not alive
    assert_same_site(site, full_build(repo, tmp_path / "full"))


NEW_MEMBER = """
- id: neu-gemeinde-neudorf
  name: Gemeinde Neudorf
  typ: gemeinde
  kreis: Borken
  regierungsbezirk: muenster
  beitritt: 2020-01-01
  koordinaten: {breite: 51.84, laenge: 6.86}
  ansprechpersonen:
  - name: Erika Muster
    email: erika.muster@example.org
  ehrenamtskarte: teilnahme
"""


def test_record_added_means_full_rebuild(preview, tmp_path):
    repo, site, _, run = preview
    members = repo / "data/members.yaml"
    members.write_text(members.read_text(encoding="utf-8") + NEW_MEMBER, encoding="utf-8")
    assert run() == 0
    assert_same_site(site, full_build(repo, tmp_path / "full"))
    assert (site / "mitglieder/neu-gemeinde-neudorf/index.html").is_file()


def test_connected_records_follow_references_but_not_through_topics():
    from dataclasses import dataclass

    from engagiert.adapter.preview import _connected

    @dataclass(frozen=True)
    class R:
        id: str
        topics: tuple = ()
        host: str | None = None
        members: tuple = ()
        event: str | None = None

    records = {
        ("members", "a"): R("a", topics=("t",)),
        ("members", "b"): R("b", topics=("t",)),
        ("events", "e"): R("e", host="a"),
        ("articles", "x"): R("x", event="e"),
        ("articles", "y"): R("y", members=("b",)),
        ("topics", "t"): R("t"),
    }
    dirty = _connected({("members", "a")}, records, records)
    # a's event, that event's documentation, a's topic; not b (only shares the topic)
    assert dirty == {("members", "a"), ("events", "e"), ("articles", "x"), ("topics", "t")}
