"""Output writers side by side (engagiert/outputs/parallel.py): same files, failures and warnings of a
writer in a child process reach the build."""

from __future__ import annotations

import logging
import os

import pytest

from engagiert.outputs.parallel import run_writers


def _writer(name, *, fail=False, warn=False, apart=True):
    def write(build, site_dir):
        (site_dir / f"{name}.txt").write_text(f"{name} {os.getpid()}")
        if warn:
            logging.getLogger("mkdocs.engagiert.test").warning("Achtung")
        if fail:
            raise ValueError("kaputt")
    write.__qualname__ = name
    write.independent = apart
    return write


def test_independent_writers_run_in_children_the_others_here_in_order(tmp_path):
    order = []

    def reader(build, site_dir):  # runs after "first" has written, in this process
        order.append(("reader", (site_dir / "first.txt").exists()))
        (site_dir / "reader.txt").write_text(f"reader {os.getpid()}")

    run_writers([_writer("first", apart=False), _writer("a"), reader, _writer("b")], None, tmp_path)
    pids = {p.stem: int(p.read_text().split()[1]) for p in tmp_path.glob("*.txt")}
    assert set(pids) == {"first", "a", "b", "reader"}
    assert pids["first"] == pids["reader"] == os.getpid()
    assert pids["a"] != os.getpid() and pids["b"] not in (os.getpid(), pids["a"])
    assert order == [("reader", True)]


def test_sequential_when_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv("ENGAGIERT_PARALLEL", "0")
    run_writers([_writer("a"), _writer("b", apart=False)], None, tmp_path)
    assert {int(p.read_text().split()[1]) for p in tmp_path.glob("*.txt")} == {os.getpid()}


def test_a_failing_child_fails_the_build(tmp_path):
    with pytest.raises(RuntimeError, match="fehlgeschlagen"):
        run_writers([_writer("a", fail=True), _writer("b", apart=False)], None, tmp_path)
    assert (tmp_path / "b.txt").exists()


def test_the_last_writer_failing_still_waits_for_the_others(tmp_path):
    with pytest.raises(ValueError):
        run_writers([_writer("a"), _writer("b", fail=True, apart=False)], None, tmp_path)
    assert (tmp_path / "a.txt").exists()


def test_a_warning_in_a_child_is_logged_here(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        run_writers([_writer("a", warn=True), _writer("b", apart=False)], None, tmp_path)
    assert any("Warnungen" in r.getMessage() for r in caplog.records)


def test_early_started_writers_run_once_and_the_build_waits_for_them(tmp_path, monkeypatch):
    """writers.start (on_files, mkdocs build) forks the independent writers before
    the pages are rendered; writers.write runs only the others and waits for them."""
    from engagiert.outputs import writers
    from engagiert.plan.build import Build

    calls = tmp_path / "calls"
    calls.mkdir()

    def slow_calendar(build, site_dir):
        import time
        time.sleep(0.3)
        (site_dir / "kalender.ics").write_text("x")
        (calls / f"kalender-{os.getpid()}").write_text("")
    slow_calendar.independent = True

    def search(build, site_dir):
        (calls / f"suche-{os.getpid()}").write_text("")

    monkeypatch.setattr(writers, "OUTPUT_WRITERS", (slow_calendar, search))
    monkeypatch.delenv("ENGAGIERT_PARALLEL", raising=False)
    build = Build.__new__(Build)
    build.early_writers = []
    writers.start(build, tmp_path)
    assert len(build.early_writers) == 1
    writers.write(build, tmp_path)
    assert (tmp_path / "kalender.ics").is_file()              # waited for
    names = sorted(p.name.split("-")[0] for p in calls.iterdir())
    assert names == ["kalender", "suche"]                     # each writer once
    assert (calls / f"suche-{os.getpid()}").exists() and not (calls / f"kalender-{os.getpid()}").exists()
    assert build.early_writers == []


def test_fork_gives_the_childs_status_and_reports_its_failure(tmp_path):
    from engagiert.outputs.parallel import fork

    pid = fork(lambda: 7, lambda exc: None)
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 7
    pid = fork(lambda: 1 // 0, lambda exc: (tmp_path / "fehler").write_text(type(exc).__name__))
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 1
    assert (tmp_path / "fehler").read_text() == "ZeroDivisionError"


def test_only_the_fork_helper_forks():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "engagiert"
    forking = sorted(str(p.relative_to(root)) for p in root.rglob("*.py") if "os.fork(" in p.read_text(encoding="utf-8"))
    assert forking == ["outputs/parallel.py"]
