"""The HTML audit beside the page rendering (engagiert.outputs.htmlaudit.PageAudit).

A forked child audits each page once MkDocs has written it; ``finish`` must give exactly the
report of ``audit_site`` over the finished folder, whatever happened to the files after the
child read them, and whether or not the child survived.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from engagiert.outputs import htmlaudit

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = htmlaudit.template_scripts((str(ROOT / "overrides"),))

CLEAN = ('<!doctype html><html lang="de"><head><meta charset="utf-8"><title>t</title></head>'
         '<body><main><p>Seite {n}</p><a href="/mitglieder/">Mitglieder</a></main></body></html>')
HOSTILE = ('<!doctype html><html lang="de"><head><meta charset="utf-8"><title>t</title></head>'
           '<body><p onclick="alert(1)">x</p><img src="https://tracker.example/p.gif" alt=""></body></html>')

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def _write(site: Path, rel: str, html: str) -> Path:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(htmlaudit.add_csp(html, PATTERNS), encoding="utf-8")  # as on_post_page does
    return path


def _render(site: Path, pages: dict[str, str]) -> htmlaudit.PageAudit:
    """Write the pages the way MkDocs does: on_post_page (will_write) before each write."""
    audit = htmlaudit.PageAudit(site, PATTERNS)
    for rel, html in pages.items():
        audit.will_write(site / rel)
        _write(site, rel, html)
    return audit


def _pages(hostile: set[int] = frozenset()) -> dict[str, str]:
    return {f"seite-{n:02d}/index.html": HOSTILE if n in hostile else CLEAN.format(n=n) for n in range(30)}


def test_streamed_report_equals_the_whole_folder_audit(tmp_path):
    audit = _render(tmp_path, _pages(hostile={3, 17, 29}))
    report = audit.finish()
    assert report == htmlaudit.audit_site(tmp_path, PATTERNS)
    assert [line.split(":")[0] for line in report] == [
        "site/seite-03/index.html", "site/seite-17/index.html", "site/seite-29/index.html"]
    assert "Ereignis-Attribut onclick" in report[0] and "tracker.example" in report[0]


def test_a_clean_site_gives_an_empty_report(tmp_path):
    assert _render(tmp_path, _pages()).finish() == []


def test_a_page_changed_after_the_child_read_it_is_audited_again(tmp_path):
    pages = _pages()
    audit = _render(tmp_path, pages)
    # seite-00 went to the child when seite-01 was announced; give the child time to read it
    audit.will_write(tmp_path / "zuletzt.html")
    _write(tmp_path, "zuletzt.html", CLEAN.format(n=99))
    import time
    time.sleep(0.5)
    _write(tmp_path, "seite-00/index.html", HOSTILE)  # rewritten after it was audited clean
    report = audit.finish()
    assert [line.split(":")[0] for line in report] == ["site/seite-00/index.html"]


def test_files_written_after_the_pages_are_audited(tmp_path):
    audit = _render(tmp_path, _pages())
    _write(tmp_path, "erzeugt/von-einem-writer.html", HOSTILE)  # never announced
    assert [line.split(":")[0] for line in audit.finish()] == ["site/erzeugt/von-einem-writer.html"]


def test_a_dead_child_means_every_file_is_audited_here(tmp_path):
    audit = _render(tmp_path, _pages(hostile={5}))
    os.kill(audit._pid, signal.SIGKILL)
    assert [line.split(":")[0] for line in audit.finish()] == ["site/seite-05/index.html"]


def test_cancel_stops_the_child_and_may_be_called_twice(tmp_path):
    audit = _render(tmp_path, _pages())
    pid = audit._pid
    audit.cancel()
    audit.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_paths_outside_the_site_folder_are_not_sent(tmp_path):
    site = tmp_path / "site"
    audit = htmlaudit.PageAudit(site, PATTERNS)
    audit.will_write(tmp_path / "outside.html")
    _write(tmp_path, "outside.html", HOSTILE)
    audit.will_write(site / "index.html")
    _write(site, "index.html", CLEAN.format(n=1))
    assert audit.finish() == []
