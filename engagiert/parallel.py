"""Run the output writers (calendar files, search index) side by side.

After the pages are written, MkDocs' process is single-threaded Python; the machine usually
has a second core. A writer marked ``independent`` (it only adds files of its own and reads
nothing another writer writes, like the calendar files) runs in a forked child process (it
shares the finished build's memory) while the other writers run here, one after the other in
their order (the self-hosting rewrite before the search index, which reads the pages); the
build ends when all are done. The result is the same as one after the other.

A child's warnings and errors reach the build: a child that logged a warning makes this
process log one (so ``mkdocs build --strict`` fails as it would), a child that failed makes
the build fail. ``ENGAGIERT_PARALLEL=0`` runs the writers one after the other.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

log = logging.getLogger("mkdocs.engagiert.parallel")

_OK, _FAILED, _WARNED = 0, 1, 3


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _name(writer: Callable) -> str:
    return f"{getattr(writer, '__module__', '?')}.{getattr(writer, '__qualname__', writer)}"


def _run_child(writer: Callable, build: Any, site_dir: Path) -> None:
    """In the forked child: run the writer, report by exit status, never return."""
    code = _FAILED
    try:
        counter = _Count()
        logging.getLogger("mkdocs").addHandler(counter)
        writer(build, site_dir)
        code = _WARNED if counter.count else _OK
    except BaseException:  # noqa: BLE001 - reported to the parent by the exit status
        log.exception("%s ist fehlgeschlagen", _name(writer))
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def independent(writer: Callable) -> Callable:
    """Mark an output writer that may run beside the others (see the module docstring)."""
    writer.independent = True
    return writer


def run_writers(writers: Sequence[Callable], build: Any, site_dir: Path) -> None:
    writers = list(writers)
    apart = [w for w in writers if getattr(w, "independent", False)]
    here = [w for w in writers if not getattr(w, "independent", False)]
    if not apart or not here or not hasattr(os, "fork") or os.environ.get("ENGAGIERT_PARALLEL", "1") == "0":
        for writer in writers:
            writer(build, site_dir)
        return
    children = []
    for writer in apart:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _run_child(writer, build, site_dir)
        children.append((pid, writer))
    error: BaseException | None = None
    try:
        for writer in here:
            writer(build, site_dir)
    except BaseException as exc:  # noqa: BLE001 - re-raised after the children are done
        error = exc
    for pid, writer in children:
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code == _WARNED:
            log.warning("%s hat Warnungen gemeldet (siehe oben).", _name(writer))
        elif code != _OK and error is None:
            error = RuntimeError(f"{_name(writer)} ist fehlgeschlagen (Status {code}, Meldung oben).")
    if error is not None:
        raise error
