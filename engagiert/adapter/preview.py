"""Fast previews: in ``mkdocs serve``, a rebuild after a data edit re-renders only the pages
the edit can change and reuses the HTML of the previous build for all others.

MkDocs rebuilds the whole site on every change it sees. With data in YAML files, most edits
change one record (a member's name, an event's time), yet every one of thousands of pages
would be rendered again. ``Preview`` (one per ``mkdocs serve`` process, inactive in
``mkdocs build``) keeps the HTML of the last build and, when only files in ``data/`` changed
and no record was added or removed, reuses the HTML of every record page whose record is
unchanged and not connected to a changed record, and of every group page (a letter, a Kreis,
a month, a format …) that lists only such records:

- connected means: one refers to the other (an event's host, topics and documentation page;
  an article's members, event and topics; a member's topics), in the old or the new data,
  and one step further, except through topics (a topic connects thousands of records);
- pages that are not generated from a record or group (home, directory, calendar overview,
  knowledge hub, search …) are always rendered again;
- anything else that changed (Markdown pages, templates, code, configuration, collections,
  topics, the build date, which pages exist) makes a full rebuild.

A reused page skips its Markdown conversion and renders a one-line template; the site folder
of the last build is kept (``keep_site``), so MkDocs writes only the pages rendered again and
the reused ones stay on disk as they were. The parsed YAML of the last build is kept too
(``engagiert.load.yamlsource.ParseMemo``): only edited files are parsed again. The extra
outputs (calendar files, search index) are written by a child process in preview, so the
changed page is served as soon as the pages are written; a rebuild that starts before the
child is done stops it (its outputs would be outdated).

tests/test_preview.py compares preview rebuilds with full builds of the same data.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import shutil
import signal
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import jinja2
from markupsafe import Markup

from ..load.builders import article_id
from ..load.yamlsource import ParseMemo
from ..outputs import writers
from ..outputs.parallel import fork

if TYPE_CHECKING:
    from ..plan.build import Build

log = logging.getLogger("mkdocs.engagiert.preview")

TEMPLATE = "engagiert-preview-reuse.html"
_REUSE_SOURCE = "{{ engagiert_reused_html }}"
# Inputs besides data/ whose change means a full rebuild (relative to the repository root).
WATCHED = ("content", "overrides", "engagiert", "hooks", "schemas", "mkdocs.yml", "collections.yml")
POLL_SECONDS = 0.1  # how often mkdocs serve looks at the ``watch:`` folders (data/ …)
# Collections whose records connect too many others to follow (every member, event and
# article names topics): a change there rebuilds everything.
HUBS = ("topics",)


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the life of the serve process (keyed by source checksum)."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


def fingerprint(root: Path, names: Iterable[str] = WATCHED) -> str:
    """Size and modification time of every file below ``names`` (not their content)."""
    digest = hashlib.sha256()
    for name in names:
        top = root / name
        if top.is_file():
            paths = [top]
        else:
            paths = []
            for dirpath, dirnames, filenames in os.walk(top):
                dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
                paths.extend(Path(dirpath) / f for f in sorted(filenames) if not f.endswith(".pyc"))
        for path in paths:
            try:
                st = path.stat()
            except OSError:
                continue
            digest.update(f"{path.relative_to(root).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def references(record: Any) -> set[tuple[str, str]]:
    """(collection, id) of the records ``record`` names; documentation pages as articles."""
    out: set[tuple[str, str]] = set()
    for topic in getattr(record, "topics", ()) or ():
        out.add(("topics", topic))
    host = getattr(record, "host", None)
    if host:
        out.add(("members", host))
    doc = getattr(record, "documentation", None)
    if doc:
        out.add(("articles", article_id(doc)))
    for member in getattr(record, "members", ()) or ():
        out.add(("members", member))
    event = getattr(record, "event", None)
    if event:
        out.add(("events", event))
    for event in getattr(record, "events", ()) or ():      # news posts name several (issue #14)
        out.add(("events", event))
    for article in getattr(record, "articles", ()) or ():
        out.add(("articles", article))
    return out


@dataclass
class _Snapshot:
    fingerprint: str
    today: Any
    pages: dict            # src_uri -> (collection, record id | None, group key | None)
    records: dict          # (collection, id) -> record


class Preview:
    def __init__(self) -> None:
        self.active = False                     # set in on_startup for `mkdocs serve`
        self._html: dict[str, str] = {}         # src_uri -> HTML of the last build
        self._converted: dict[str, tuple] = {}  # src_uri -> (Markdown, HTML, toc, anchor ids, title) of its conversion
        self._snapshot: _Snapshot | None = None
        self._reuse: set[str] = set()           # src_uris whose HTML is reused in this build
        self._child: int | None = None          # pid of the output writer of the last preview build
        self._bytecode = _MemoryBytecodeCache()
        self._theme_listing: dict = {}
        self._parse_memo = ParseMemo()          # parsed YAML of this and the last build
        self.reused = 0                         # pages reused in the last build (for tests, logs)
        self._kept = False                      # the site folder of the last build was kept
        builder_log = logging.getLogger("mkdocs.commands.build")
        for old in [f for f in builder_log.filters if isinstance(f, _QuietSkips)]:
            builder_log.removeFilter(old)
        builder_log.addFilter(_QuietSkips(self))

    # ------------------------------------------------------------------ build events

    def start(self) -> None:
        """First thing of a build (on_config): stop the last build's output writer; in preview
        no cyclic garbage collection until the pages are written (``resume_gc``): the
        process keeps the last build's pages, and each full collection would walk them all."""
        self.cancel()
        if self.active:
            gc.disable()

    def resume_gc(self) -> None:
        """The pages are written (on_post_build) or the build failed (on_build_error)."""
        if self.active:
            gc.enable()

    def begin(self, build: "Build", config=None) -> None:
        """Start of a build (on_config): wait for the previous build's outputs, decide reuse."""
        self.cancel()
        self._reuse = set()
        self.reused = 0
        if not self.active:
            return
        snapshot = _snapshot(build)
        if config is not None:
            self._cache_theme_listing(config, snapshot.fingerprint)
        previous, self._snapshot = self._snapshot, snapshot
        if previous is None or not self._html:
            return
        why = _full_rebuild_reason(previous, snapshot)
        if why:
            log.debug("Vorschau: alles neu (%s)", why)
            self._html, self._converted = {}, {}
            return
        changed = {key for key, record in snapshot.records.items() if previous.records.get(key) != record}
        dirty = _connected(changed, previous.records, snapshot.records)
        self._reuse = {src for src, (coll, rid, group) in snapshot.pages.items()
                       if src in self._html and src in self._converted
                       and _unaffected(coll, rid, group, dirty)}
        log.debug("Vorschau: %d geänderte Einträge, %d Seiten wiederverwendet", len(changed), len(self._reuse))

    def parsed(self) -> ParseMemo | None:
        """For Build.load (on_config): in preview, the documents parsed by the last build, so
        that a data file or front matter is parsed again only when its text changed."""
        if not self.active:
            return None
        self._parse_memo.next_build()
        return self._parse_memo

    def _cache_theme_listing(self, config, key: str) -> None:
        """MkDocs lists every file of the theme folders on each build to find static files
        (Material has thousands of icons): keep that list while the watched files are the same."""
        theme = config.theme
        get_env = theme.get_env
        listings = self._theme_listing

        def cached_env():
            env = get_env()
            list_templates = env.list_templates

            def listing(extensions=None, filter_func=None):
                cache_key = (key, extensions)
                if cache_key not in listings:
                    listings.clear()
                    listings[cache_key] = list_templates(extensions=extensions, filter_func=filter_func)
                return listings[cache_key]

            env.list_templates = listing
            return env

        theme.get_env = cached_env

    def serve(self, server) -> None:
        """on_serve: look for changes in data/ (and the other ``watch:`` folders, which are
        small) every 0.1 s instead of MkDocs' 0.5 s; content/ keeps 0.5 s. The folders are
        watched after this event, with the observer's timeout at that moment."""
        observer = getattr(server, "observer", None)
        if observer is not None and hasattr(observer, "_timeout"):
            observer._timeout = min(observer._timeout, POLL_SECONDS)

    def keep_site(self, site_dir: Path) -> None:
        """on_pre_build: before MkDocs empties the site folder, set it aside when this build
        reuses pages (the same pages, most of them unchanged): ``restore_site`` puts it back
        after the emptying; MkDocs then writes the pages rendered again over their old files,
        and the reused pages stay as they are (``post_page``). A full rebuild starts from an
        empty folder as MkDocs does it; ``mkdocs build`` is never touched."""
        self._kept = False
        if not self.active:
            return
        aside = _aside(site_dir)
        if aside.exists():  # a build that failed in between
            shutil.rmtree(aside, ignore_errors=True)
        if self._reuse and site_dir.is_dir():
            os.rename(site_dir, aside)

    def restore_site(self, site_dir: Path) -> None:
        """on_files (after the emptying): the set-aside folder becomes the site folder again."""
        aside = _aside(site_dir)
        if self.active and aside.is_dir():
            if site_dir.is_dir() and not any(site_dir.iterdir()):
                site_dir.rmdir()
            if not site_dir.exists():
                os.rename(aside, site_dir)
                self._kept = True
            else:
                shutil.rmtree(aside, ignore_errors=True)

    def reuses(self, src_uri: str) -> bool:
        return src_uri in self._reuse

    def install(self, env) -> None:
        """on_env: the reuse template; compiled templates kept across rebuilds."""
        if not self.active:
            return
        env.bytecode_cache = self._bytecode
        loader = env.loader
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({TEMPLATE: _REUSE_SOURCE}), loader])

    def page_markdown(self, markdown: str, page) -> str:
        src = page.file.src_uri
        if self._reuse and src in self._reuse:
            page.meta["template"] = TEMPLATE
            _, _, toc, anchors, title = self._converted[src]
            _replay(page, "", toc, anchors, title)  # no HTML: the page shows the last build's
        elif self._reuse:
            # The same pages and configuration as the last build: the same Markdown converts to
            # the same HTML (the hook's on_page_content still runs on it).
            hit = self._converted.get(src)
            if hit is not None and hit[0] == markdown:
                _replay(page, *hit[1:])
        return markdown

    def converted(self, page, html: str) -> None:
        """on_page_content, first: the Markdown conversion of a page rendered again."""
        src = page.file.src_uri
        if self.active and src not in self._reuse:
            self._converted[src] = (page.markdown, html, page.toc, page.present_anchor_ids,
                                    getattr(page, "_title_from_render", None))

    def page_context(self, context: dict, page) -> dict:
        if self._reuse and page.file.src_uri in self._reuse:
            context["engagiert_reused_html"] = Markup(self._html[page.file.src_uri])
            self.reused += 1
        return context

    def post_page(self, output: str, page) -> str:
        if self.active:
            src = page.file.src_uri
            self._html[src] = output
            if self._kept and src in self._reuse and os.path.isfile(page.file.abs_dest_path):
                # the kept file holds these bytes already; MkDocs writes nothing for an empty
                # output (its "Page skipped" line is dropped by _QuietSkips)
                return ""
        return output

    def start_outputs(self, build: "Build", site_dir: Path) -> None:
        """on_files: in ``mkdocs build``, start the writers that need only the data (the
        calendars) now, beside the page rendering; in preview all run after the build."""
        if not self.active:
            # One build per process: the data, the plan and MkDocs' files live until the end.
            # Frozen, the cyclic garbage collector stops walking them on every full collection
            # while the pages are rendered. (Not in serve: each rebuild would keep its objects.)
            gc.freeze()
            writers.start(build, site_dir)

    def write_outputs(self, build: "Build", site_dir: Path) -> None:
        """on_post_build: extra outputs now (build) or in a child process (preview).

        The child (a fork: it shares the finished build's memory) writes the calendar files
        and the search index while the page is already served. When the next edit arrives
        first, ``cancel`` stops it before MkDocs empties the site
        folder, so an editor never waits for the search index of an outdated build.
        """
        if not self.active or not hasattr(os, "fork"):
            writers.write(build, site_dir)
            return
        self.cancel()

        def write() -> int:  # in the child, in a process group of its own (cancel stops it with its children)
            os.setpgid(0, 0)
            start = time.perf_counter()
            writers.write(build, site_dir)
            log.debug("Vorschau: Kalender und Suchindex in %.2f s geschrieben", time.perf_counter() - start)
            return 0

        pid = fork(write, lambda exc: log.error("Vorschau: Kalender/Suchindex nicht geschrieben: %s", exc))
        try:
            os.setpgid(pid, pid)
        except OSError:  # the child did it already (or is gone)
            pass
        self._child = pid

    def cancel(self) -> None:
        """Stop the previous preview's output writer, if it is still running."""
        if self._child is None:
            return
        pid, self._child = self._child, None
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done == 0:
                os.killpg(pid, signal.SIGTERM)
                log.debug("Vorschau: veraltete Kalender und Suchindex abgebrochen")
                os.waitpid(pid, 0)
        except ChildProcessError:
            pass
        except ProcessLookupError:
            os.waitpid(pid, 0)

    def wait(self) -> None:
        """Wait for the output writer (tests, shutdown)."""
        if self._child is None:
            return
        pid, self._child = self._child, None
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


def _replay(page, content: str, toc, anchors, title) -> None:
    """Instead of converting the page's Markdown: what its conversion gave before."""

    def render(config, files) -> None:
        page.content = content
        page.toc = toc
        page.present_anchor_ids = anchors
        page._title_from_render = title

    page.render = render


class _QuietSkips(logging.Filter):
    """MkDocs logs "Page skipped: '<src_uri>'. …" for a page with empty output; a reused page
    kept from the last build is not news (MkDocs' message: engagiert/adapter/internals.py)."""

    def __init__(self, preview: "Preview") -> None:
        super().__init__()
        self.preview = preview

    def filter(self, record: logging.LogRecord) -> bool:
        if not (self.preview._kept and isinstance(record.msg, str) and record.msg.startswith("Page skipped: '")):
            return True
        src = record.msg[len("Page skipped: '"):].split("'", 1)[0]
        return src not in self.preview._reuse


def _aside(site_dir: Path) -> Path:
    return site_dir.with_name(site_dir.name + ".engagiert-vorher")


def _snapshot(build: "Build") -> _Snapshot:
    pages = {}
    for p in build.plan.pages:
        if p.record is not None:
            pages[p.src_uri] = (p.collection, p.record.id, None)
        elif p.group is not None:
            listed = tuple((p.collection, r.id) for r in p.group.records)
            pages[p.src_uri] = (p.collection, None, (p.group.field, p.group.key, listed))
    records = {(name, r.id): r for name, recs in build.data.records.items() for r in recs}
    return _Snapshot(fingerprint(build.root), build.today, pages, records)


def _unaffected(collection: str, record_id: str | None, group, dirty: set) -> bool:
    """A record page whose record is clean, or a group page listing only clean records."""
    if record_id is not None:
        return (collection, record_id) not in dirty
    if group is not None:
        return not any(key in dirty for key in group[2])
    return False


def _full_rebuild_reason(old: _Snapshot, new: _Snapshot) -> str | None:
    if old.fingerprint != new.fingerprint:
        return "Seiten, Vorlagen, Code oder Konfiguration geändert"
    if old.today != new.today:
        return "neuer Tag"
    if old.pages != new.pages:
        return "andere Seiten"
    if old.records.keys() != new.records.keys():
        return "Einträge hinzugefügt oder entfernt"
    for key, record in new.records.items():
        if key[0] in HUBS and old.records[key] != record:
            return "Themen geändert"
    return None


def _connected(changed: set, old: dict, new: dict) -> set:
    """Changed records and the records within two references of them (not through topics)."""
    if not changed:
        return set()
    incoming: dict[tuple[str, str], set] = {}
    for records in (old, new):
        for key, record in records.items():
            for ref in references(record):
                incoming.setdefault(ref, set()).add(key)

    def neighbours(key) -> set:
        out = set(incoming.get(key, ()))
        for records in (old, new):
            record = records.get(key)
            if record is not None:
                out |= references(record)
        return out

    dirty = set(changed)
    frontier = set(changed)
    for _ in range(2):
        step = set()
        for key in frontier:
            if key[0] in HUBS:
                continue
            step |= neighbours(key)
        step -= dirty
        dirty |= step
        frontier = step
    return dirty


STATE = Preview()
