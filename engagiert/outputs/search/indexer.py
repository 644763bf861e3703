"""Build the search index of the finished site (an output writer of ``engagiert.outputs.writers``).

1. List the built HTML pages and look up their facts in the page plan (``facts``): which
   are searchable, and their order (newest first: the document ids).
2. Read them and cut out their main content (``extract``), in two halves side by side (a
   forked child takes the second half).
3. Split the site's German compounds (``german``): their endings become extra index terms,
   so that ``Förderung`` finds ``Engagementförderung``.
4. Write the index (``store``) into ``<site>/suchindex/``; the pages on disk stay as MkDocs
   wrote them.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..parallel import enabled as parallel_enabled
from ..parallel import fork
from .extract import extract
from .facts import PageFacts, facts_for
from .german import Splitter, words
from .store import (DOC_CHUNK, INDEX_DIR, Document, PartResult, PartWriter, document_order, prepare, text_length,
                    write_index)

if TYPE_CHECKING:
    from ...plan.build import Build

log = logging.getLogger("mkdocs.engagiert.search")

# Pages that are not searched: the search page itself and the error page.
EXCLUDED = ("404.html", "suche/index.html")
# Below this many pages one process is quicker than starting a second one.
PARALLEL_MIN = 200


def url_of_file(rel: str) -> str:
    """Site URL of a built file: "a/b/index.html" -> "/a/b/", "index.html" -> "/"."""
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


@dataclass(frozen=True)
class Candidate:
    """A built page that may be searchable: known before its HTML is read."""
    rel: str              # "mitglieder/stadt-koeln/index.html"
    url: str              # "mitglieder/stadt-koeln/" ("" for the home page)
    facts: PageFacts


def candidates(build: "Build | None", site_dir: Path) -> list[Candidate]:
    """The pages to index, newest first (their document ids), from the page plan alone."""
    by_url = {("/" + p.url): p for p in build.plan.pages} if build is not None else {}
    found = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith(INDEX_DIR + "/") or rel in EXCLUDED:
            continue
        url = url_of_file(rel)
        facts = facts_for(build, by_url.get(url)) if build is not None else PageFacts("Seite")
        if facts.indexed:
            found.append(Candidate(rel, url[1:], facts))
    return document_order(found)


def read_documents(site_dir: Path, cands: list[Candidate], first_id: int) -> list[tuple[int, Document]]:
    """(document id, title and text) of each candidate with main content."""
    docs = []
    for doc_id, cand in enumerate(cands, first_id):
        content = extract((site_dir / cand.rel).read_text(encoding="utf-8"))
        if content is not None:
            docs.append((doc_id, Document(cand.url, content.title, content.text, cand.facts)))
    return docs


def _survey(docs: list[tuple[int, Document]]) -> tuple[set[str], int]:
    """Phase 1 of a part: its words (for the compound splitter) and its total length."""
    vocabulary: set[str] = set()
    total = 0
    for _, doc in docs:
        vocabulary.update(words(doc.text))
        total += text_length(doc.text)
    return vocabulary, total


def _index_part(out_dir: Path, docs: list[tuple[int, Document]], avg: float, splitter: Splitter | None) -> PartResult:
    """Phase 2 of a part: count its terms, write its document files."""
    writer = PartWriter(out_dir, avg, splitter)
    for doc_id, doc in docs:
        writer.add(doc_id, doc)
    return writer.result()


def _index_in_one_process(out_dir: Path, parts: list[list[tuple[int, Document]]], compounds: bool) -> None:
    """Both phases of every part one after the other, here; ``out_dir`` is prepared."""
    surveys = [_survey(docs) for docs in parts]
    vocabulary = set().union(*(v for v, _ in surveys))
    avg = sum(t for _, t in surveys) / max(sum(len(docs) for docs in parts), 1)
    splitter = Splitter(vocabulary) if compounds else None
    write_index(out_dir, [_index_part(out_dir, docs, avg, splitter) for docs in parts])


def build_index(docs: list[Document], out_dir: Path, compounds: bool = True) -> None:
    """Index given documents (not read from a site: tests give them their facts) into
    ``out_dir`` in this process; ``compounds=False`` leaves out the compound endings."""
    prepare(out_dir)
    _index_in_one_process(out_dir, [list(enumerate(document_order(docs)))], compounds)


def index_site(build: "Build | None", site_dir: Path, out_dir: Path, compounds: bool = True,
               parallel: bool = True) -> None:
    """Index a built site. With ``parallel`` (and enough pages) the second half of the
    documents is read and indexed by a forked child on the second core; both halves
    exchange their words (the splitter must know the whole site's) and lengths half-way.
    The output is the same either way (tests/test_search_units.py)."""
    cands = candidates(build, site_dir)
    prepare(out_dir)
    half = len(cands) // 2 // DOC_CHUNK * DOC_CHUNK  # a part never shares a document file
    parts = [(cands[:half], 0), (cands[half:], half)]
    if not parallel or not hasattr(os, "fork") or len(cands) < PARALLEL_MIN:
        _index_in_one_process(out_dir, [read_documents(site_dir, c, first) for c, first in parts], compounds)
        return
    here, there = multiprocessing.get_context("fork").Pipe()

    def second_half() -> int:  # in the child
        here.close()
        docs = read_documents(site_dir, *parts[1])
        vocabulary, total = _survey(docs)
        there.send((vocabulary, total, len(docs)))
        other, avg = there.recv()
        splitter = Splitter(vocabulary | other) if compounds else None
        there.send(_index_part(out_dir, docs, avg, splitter))
        return 0

    pid = fork(second_half, lambda exc: log.error("Suchindex (zweite Hälfte) ist fehlgeschlagen", exc_info=exc))
    there.close()
    done = False
    try:
        docs = read_documents(site_dir, *parts[0])
        vocabulary, total = _survey(docs)
        try:
            other, other_total, other_count = here.recv()
            avg = (total + other_total) / max(len(docs) + other_count, 1)
            here.send((vocabulary, avg))
            splitter = Splitter(vocabulary | other) if compounds else None
            first = _index_part(out_dir, docs, avg, splitter)
            second = here.recv()
        except (EOFError, OSError) as exc:
            raise RuntimeError("Suchindex: der zweite Prozess ist fehlgeschlagen (Meldung oben).") from exc
        done = True
    finally:
        if not done:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        os.waitpid(pid, 0)
        here.close()
    write_index(out_dir, [first, second])


def write_search_index(build: "Build", site_dir: Path) -> None:
    """Output writer: index the built site into ``site_dir/suchindex``.

    Set ``ENGAGIERT_SEARCH=0`` to skip it (a quicker ``mkdocs serve``; the search page
    then finds nothing), ``ENGAGIERT_SEARCH_COMPOUNDS=0`` to index without compound parts,
    ``ENGAGIERT_PARALLEL=0`` to index in one process.
    """
    if os.environ.get("ENGAGIERT_SEARCH", "1") == "0":
        log.info("Suchindex übersprungen (ENGAGIERT_SEARCH=0)")
        return
    site_dir = Path(site_dir)
    # The indexer makes millions of small objects and no reference cycles; after a build the
    # heap holds millions of MkDocs objects that every full collection would walk again.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        index_site(build, site_dir, site_dir / INDEX_DIR,
                   compounds=os.environ.get("ENGAGIERT_SEARCH_COMPOUNDS", "1") != "0",
                   parallel=parallel_enabled())
    finally:
        if was_enabled:
            gc.enable()
