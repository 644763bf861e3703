"""Run the output writers (calendar files, search index) side by side.

In ``mkdocs build`` the independent writers start even earlier, right after the pages are
planned (``engagiert.outputs.writers.start``, from on_files): they need the data, not the pages,
and run on the second core while MkDocs renders.

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
from functools import partial
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


def fork(child: Callable[[], int], on_error: Callable[[BaseException], None]) -> int:
    """The one fork of the project: run ``child`` in a forked process (it shares the finished
    build's memory) and return the child's pid; the caller waits for it (``os.waitpid``).

    The child exits with the status ``child`` returns, or 1 after ``on_error`` when it raises;
    it never returns into the caller's code, so no cleanup of the parent runs twice."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = _FAILED
        try:
            code = child()
        except BaseException as exc:  # noqa: BLE001 - reported to the parent by the exit status
            on_error(exc)
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
    return pid


def _run_writer(writer: Callable, build: Any, site_dir: Path) -> int:
    """In the forked child: run the writer; its exit status says whether it warned."""
    counter = _Count()
    logging.getLogger("mkdocs").addHandler(counter)
    writer(build, site_dir)
    return _WARNED if counter.count else _OK


def _failed(writer: Callable, exc: BaseException) -> None:
    log.error("%s ist fehlgeschlagen", _name(writer), exc_info=exc)


def independent(writer: Callable) -> Callable:
    """Mark an output writer that may run beside the others (see the module docstring)."""
    writer.independent = True
    return writer


def enabled() -> bool:
    return hasattr(os, "fork") and os.environ.get("ENGAGIERT_PARALLEL", "1") != "0"


def is_independent(writer: Callable) -> bool:
    return getattr(writer, "independent", False)


Children = list[tuple[int, Callable]]


def start(writers: Sequence[Callable], build: Any, site_dir: Path) -> Children:
    """Fork a child for each independent writer, now (``finish`` waits for them)."""
    children = []
    for writer in writers:
        pid = fork(partial(_run_writer, writer, build, site_dir), partial(_failed, writer))
        children.append((pid, writer))
    return children


def run_writers(writers: Sequence[Callable], build: Any, site_dir: Path) -> None:
    writers = list(writers)
    apart = [w for w in writers if is_independent(w)]
    here = [w for w in writers if not is_independent(w)]
    if not apart or not here or not enabled():
        for writer in writers:
            writer(build, site_dir)
        return
    finish(start(apart, build, site_dir), here, build, site_dir)


def finish(children: Children, here: Sequence[Callable], build: Any, site_dir: Path) -> None:
    """Run the other writers here, then wait for the children; a child's failure fails."""
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
