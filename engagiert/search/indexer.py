"""Build the search index of the finished site (an output writer of ``engagiert.site``).

1. Read every built HTML page (sorted: the index is the same bytes for the same site).
2. Cut out its main content (``extract``) and look up its facts in the page plan (``facts``).
3. Split the site's German compounds (``german``): their endings become extra index terms,
   so that ``Förderung`` finds ``Engagementförderung``.
4. Write the index (``store``) into ``<site>/suchindex/``; the pages on disk stay as MkDocs
   wrote them.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .extract import extract
from .facts import PageFacts, facts_for
from .german import Splitter, words
from .store import INDEX_DIR, Document, IndexWriter, document_order, text_length

if TYPE_CHECKING:
    from ..site import Build

log = logging.getLogger("mkdocs.engagiert.search")

# Pages that are not searched: the search page itself and the error page.
EXCLUDED = ("404.html", "suche/index.html")


def url_of_file(rel: str) -> str:
    """Site URL of a built file: "a/b/index.html" -> "/a/b/", "index.html" -> "/"."""
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def collect_documents(build: "Build | None", site_dir: Path) -> list[Document]:
    """The searchable pages of a built site, with their text and facts (no HTML kept)."""
    by_url = {("/" + p.url): p for p in build.plan.pages} if build is not None else {}
    docs = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith(INDEX_DIR + "/") or rel in EXCLUDED:
            continue
        url = url_of_file(rel)
        planned = by_url.get(url)
        facts = facts_for(build, planned) if build is not None else PageFacts("Seite")
        if not facts.indexed:
            continue
        content = extract(path.read_text(encoding="utf-8"))
        if content is None:
            continue
        docs.append(Document(url[1:], content.title, content.text, facts))
    return docs


def splitter_for(docs: list[Document]) -> Splitter:
    """The compound splitter, knowing every word of the site besides its word lists."""
    vocabulary: set[str] = set()
    for doc in docs:
        vocabulary.update(words(doc.text))
    return Splitter(vocabulary)


def build_index(docs: list[Document], out_dir: Path, compounds: bool = True) -> None:
    """Index ``docs`` into ``out_dir``; ``compounds=False`` leaves out the compound endings
    (plain word search, for comparisons in docs/search.md)."""
    ordered = document_order(docs)
    avg = sum(text_length(d.text) for d in ordered) / max(len(ordered), 1)
    writer = IndexWriter(out_dir, len(ordered), avg, splitter_for(ordered) if compounds else None)
    for doc_id, doc in enumerate(ordered):
        writer.add(doc_id, doc)
    writer.write()


def write_search_index(build: "Build", site_dir: Path) -> None:
    """Output writer: index the built site into ``site_dir/suchindex``.

    Set ``ENGAGIERT_SEARCH=0`` to skip it (a quicker ``mkdocs serve``; the search page
    then finds nothing), ``ENGAGIERT_SEARCH_COMPOUNDS=0`` to index without compound parts.
    """
    if os.environ.get("ENGAGIERT_SEARCH", "1") == "0":
        log.info("Suchindex übersprungen (ENGAGIERT_SEARCH=0)")
        return
    site_dir = Path(site_dir)
    compounds = os.environ.get("ENGAGIERT_SEARCH_COMPOUNDS", "1") != "0"
    build_index(collect_documents(build, site_dir), site_dir / INDEX_DIR, compounds)
