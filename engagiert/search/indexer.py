"""Build the Pagefind index of the finished site (an output writer of ``engagiert.site``).

1. Read every built HTML page (sorted: the index is the same bytes for the same site).
2. Cut out its main content (``extract``) and look up its facts in the page plan (``facts``).
3. Split the site's German compounds (``german``) and add their endings as extra terms at
   the end of the page's indexed text, after ``MARKER``; the search UI never shows text
   after the marker (it builds excerpts from the page's own words).
4. Write each record, as it is made, to a temporary folder (pages on disk stay as MkDocs
   wrote them) and let the Pagefind CLI index it into ``<site>/pagefind/``.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

import jinja2
from markupsafe import Markup

from .extract import PageContent, extract
from .facts import PageFacts, facts_for
from .german import Splitter, words
from .normalise import normalise_bundle

if TYPE_CHECKING:
    from ..site import Build

log = logging.getLogger("mkdocs.engagiert.search")

BUNDLE_DIR = "pagefind"
# Text after this marker in a page's indexed content is extra terms, never shown.
# Punctuation only, so Pagefind does not index it as a word.
MARKER = "⁂⁂"
EXTRA_WEIGHT = 0.6
# Pages that are not searched: the search page itself and the error page.
EXCLUDED = ("404.html", "suche/index.html")
# Files of Pagefind's bundle the site does not use (its own UIs); removed after writing.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(Path(__file__).parent)),
    autoescape=True,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class IndexedPage:
    url: str              # "/mitglieder/aachen/"
    source_path: str      # "mitglieder/aachen/index.html"
    content: PageContent
    facts: PageFacts


def url_of_file(rel: str) -> str:
    """Site URL of a built file: "a/b/index.html" -> "/a/b/", "index.html" -> "/"."""
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def collect_pages(build: "Build | None", site_dir: Path) -> list[IndexedPage]:
    by_url = {("/" + p.url): p for p in build.plan.pages} if build is not None else {}
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith(BUNDLE_DIR + "/") or rel in EXCLUDED:
            continue
        url = url_of_file(rel)
        planned = by_url.get(url)
        facts = facts_for(build, planned) if build is not None else PageFacts("Seite")
        if not facts.indexed:
            continue
        content = extract(path.read_text(encoding="utf-8"))
        if content is None:
            continue
        pages.append(IndexedPage(url, rel, content, facts))
    return pages


def render_record(page: IndexedPage, extra_terms: Iterable[str]) -> str:
    return _env.get_template("record.html").render(
        title=page.content.title,
        facts=page.facts,
        body=Markup(page.content.body),  # the site's own built HTML
        extra_terms=list(extra_terms),
        extra_weight=EXTRA_WEIGHT,
        marker=MARKER,
    )


def records(pages: list[IndexedPage], compounds: bool = True) -> list[tuple[IndexedPage, str]]:
    """Each page with the HTML Pagefind indexes for it (compound endings added unless
    ``compounds`` is false: plain Pagefind, for comparisons in docs/search.md)."""
    return list(iter_records(pages, compounds))


def iter_records(pages: list[IndexedPage], compounds: bool = True) -> Iterator[tuple[IndexedPage, str]]:
    """Like ``records``, one at a time (Pagefind indexes each while the next is made)."""
    if not compounds:
        for page in pages:
            yield page, render_record(page, ())
        return
    vocabulary: set[str] = set()
    for page in pages:
        vocabulary.update(words(page.content.text))
    splitter = Splitter(vocabulary)
    for page in pages:
        yield page, render_record(page, splitter.extra_terms(page.content.title + " " + page.content.text))


def pagefind_executable() -> str:
    """The Pagefind binary of the ``pagefind[bin]`` package."""
    from pagefind.service import get_executable

    exe = get_executable()
    if exe is None:
        raise FileNotFoundError("Pagefind fehlt: pip install 'pagefind[bin]' (requirements.lock)")
    return str(exe)


def build_index(items: Iterable[tuple[IndexedPage, str]], out_dir: Path) -> None:
    """Write the records to a temporary folder (same relative paths, so the same URLs), one
    at a time as they are made, and run the Pagefind CLI over it (multi-threaded, in Rust).
    For the same input it writes the same words and fragments; its filter indexes come out
    in hash-map order, which ``normalise_bundle`` sorts (checked in tests/test_search_units.py).

    (Pagefind's service mode avoids the temporary files, but measured slower: 6.8–8.6 s
    against 5.5 s for the 4,800 pages of the benchmark's M size, its decoding of the
    messages costing more than writing the files. Its Python client also waits 0.1 s per
    message.)
    """
    if out_dir.exists():
        shutil.rmtree(out_dir)
    with tempfile.TemporaryDirectory(prefix="engagiert-search-") as tmp:
        root = Path(tmp)
        for page, html_text in items:
            target = root / page.source_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html_text, encoding="utf-8")
        proc = subprocess.run(
            [pagefind_executable(), "--site", str(root), "--output-path", str(out_dir),
             "--force-language", "de", "--quiet"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
    if proc.returncode != 0:
        raise RuntimeError(f"Pagefind ist fehlgeschlagen (Status {proc.returncode}):\n{proc.stdout}")
    for name in UNUSED_BUNDLE_FILES:
        (out_dir / name).unlink(missing_ok=True)
    normalise_bundle(out_dir)


def write_search_index(build: "Build", site_dir: Path) -> None:
    """Output writer: index the built site into ``site_dir/pagefind``.

    Set ``ENGAGIERT_SEARCH=0`` to skip it (a quicker ``mkdocs serve``; the search page
    then finds nothing), ``ENGAGIERT_SEARCH_COMPOUNDS=0`` to index without compound parts.
    """
    if os.environ.get("ENGAGIERT_SEARCH", "1") == "0":
        log.info("Suchindex übersprungen (ENGAGIERT_SEARCH=0)")
        return
    site_dir = Path(site_dir)
    pages = collect_pages(build, site_dir)
    compounds = os.environ.get("ENGAGIERT_SEARCH_COMPOUNDS", "1") != "0"
    build_index(iter_records(pages, compounds), site_dir / BUNDLE_DIR)
