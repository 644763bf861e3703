"""Shared helpers for the test suite (fixtures live in conftest.py).

Constants
    ROOT            the repository root.
    PINNED_EPOCH    SOURCE_DATE_EPOCH of every test build: 2026-10-01 12:00 Europe/Berlin.
    PINNED_TODAY    the date that epoch is in Berlin: date(2026, 10, 1).
    SITE_URL        the site's canonical URL (mkdocs.yml ``site_url``).
    BUILD_INPUTS    what build_site() copies into its temporary repository.
    PAGE_TYPES      the page types of the site, each with how to find one built example.
                    Add yours here when your feature generates a new kind of page; the
                    accessibility and third-party tests pick it up automatically.

Building
    build_env(epoch)                 environment for a pinned, quiet mkdocs build.
    build_site(tmp_path, *, data_overrides=None, epoch=PINNED_EPOCH, env=None)
        copies BUILD_INPUTS to ``tmp_path/"repo"``, applies overrides ({relative path: text,
        bytes, or None to delete}), runs ``mkdocs build --strict`` there into ``tmp_path/"site"``
        and returns ``(returncode, output, site_path)``. Use it for generated data (400 members)
        or broken data; the real site of the working tree is the ``site_dir`` fixture.
    run_mkdocs_build(repo, site, *, epoch, env)   one build; with ENGAGIERT_WALL_CLOCK set (in
        ``env`` or the environment) the build runs with its wall clock faked to that moment.
    unused_days(count, start)        days whose every written form occurs nowhere in the sources
                                     or the theme (for wall-clock tests).

Pages
    parse_html(text) -> HtmlDoc      elements (tag, attrs, line), title, inline <style>/<script>
                                     texts, and <html lang> of one HTML document (stdlib parser).
    html_files(site_dir)             every built .html file (sorted Paths).
    find_page(site_dir, page_type)   site-relative URL path of one example page, or None.
    goto(page, base, path)           load a page, assert HTTP 200 and wait for "load".

axe-core
    run_axe(page, *, context=None) -> list     WCAG 2.0/2.1 A+AA violations of the loaded page.
    format_violations(violations) -> str       readable assertion message.
"""

from __future__ import annotations

import fnmatch
import html.parser
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PINNED_EPOCH = 1790848800  # 2026-10-01 12:00:00 Europe/Berlin (10:00 UTC)
PINNED_TODAY = date(2026, 10, 1)

SITE_URL = "https://www.engagiert-in-nrw.de/"

MKDOCS = ROOT / ".venv" / "bin" / "mkdocs"
WALL_CLOCK_ENV = "ENGAGIERT_WALL_CLOCK"  # see tests/wall_clock.py
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Files and folders a build needs. Missing entries are skipped, so a folder that does
# not exist yet can be listed here already.
BUILD_INPUTS = (
    "mkdocs.yml",
    "collections.yml",
    "content",
    "data",
    "hooks",
    "engagiert",
    "overrides",
    "schemas",
)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

BUILD_TIMEOUT = 900  # seconds; a 400-member build takes a few seconds, L-size data longer


# --------------------------------------------------------------------------- building

def mkdocs_command() -> list[str]:
    """The mkdocs executable of the venv (falls back to `python -m mkdocs`)."""
    if MKDOCS.exists():
        return [str(MKDOCS)]
    return [sys.executable, "-m", "mkdocs"]


def build_env(epoch: int | None = PINNED_EPOCH) -> dict[str, str]:
    """Environment for a build: pinned SOURCE_DATE_EPOCH, no MkDocs 2 banner."""
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    if epoch is None:
        env.pop("SOURCE_DATE_EPOCH", None)
    else:
        env["SOURCE_DATE_EPOCH"] = str(int(epoch))
    env.pop("PYTHONHASHSEED", None)  # each build gets its own seed: order must not depend on it
    # Processed images are content-addressed: every test build shares the working tree's cache
    # (a test that needs a cold cache passes its own ENGAGIERT_IMAGE_CACHE).
    env.setdefault("ENGAGIERT_IMAGE_CACHE", str(ROOT / ".cache" / "bilder"))
    return env


def run_mkdocs_build(repo: Path, site: Path, *, epoch: int | None = PINNED_EPOCH,
                     env: dict[str, str] | None = None,
                     timeout: int = BUILD_TIMEOUT) -> tuple[int, str]:
    """Run ``mkdocs build --strict -d site`` in ``repo``; return (returncode, combined output).
    ``env`` adds variables to build_env(epoch)."""
    full_env = {**build_env(epoch), **(env or {})}
    command = mkdocs_command()
    if full_env.get(WALL_CLOCK_ENV):  # the build's wall clock faked (tests/wall_clock.py)
        command = [sys.executable, str(ROOT / "tests" / "wall_clock.py"), full_env[WALL_CLOCK_ENV], "mkdocs"]
    proc = subprocess.run(
        [*command, "build", "--strict", "-f", str(repo / "mkdocs.yml"), "-d", str(site)],
        cwd=repo,
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
    )
    return proc.returncode, proc.stdout


def copy_repo(dest: Path) -> Path:
    """Copy BUILD_INPUTS of the working tree to ``dest`` (created); return dest."""
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in BUILD_INPUTS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore, dirs_exist_ok=True)
        elif src.is_file():
            shutil.copy2(src, dest / name)
    return dest


def apply_overrides(repo: Path, overrides: dict[str, str | bytes | None] | None) -> None:
    """Write (text or bytes) or delete (None) files below ``repo``."""
    for rel, content in (overrides or {}).items():
        target = repo / rel
        if content is None:
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")


def build_site(tmp_path: Path, *, data_overrides: dict[str, str | bytes | None] | None = None,
               epoch: int | None = PINNED_EPOCH,
               env: dict[str, str] | None = None) -> tuple[int, str, Path]:
    """Build a copy of the repository with some files replaced.

    ``data_overrides`` maps paths relative to the repo root (``"data/members.yaml"``,
    ``"content/neu.md"``) to new text/bytes, or to None to delete the file.
    ``env`` adds environment variables (e.g. ``{"ENGAGIERT_SEARCH": "0"}`` skips the search
    index when a test does not need it). Returns ``(returncode, output, site_path)``; the copy
    is at ``tmp_path / "repo"``.
    """
    tmp_path = Path(tmp_path)
    repo = copy_repo(tmp_path / "repo")
    apply_overrides(repo, data_overrides)
    site = tmp_path / "site"
    code, output = run_mkdocs_build(repo, site, epoch=epoch, env=env)
    return code, output, site


# --------------------------------------------------------------------------- pages

@dataclass(frozen=True)
class Element:
    tag: str
    attrs: dict[str, str | None]
    line: int


@dataclass
class HtmlDoc:
    elements: list[Element] = field(default_factory=list)
    title: str | None = None          # None: no <title> element at all
    lang: str | None = None           # the <html lang> attribute
    styles: list[str] = field(default_factory=list)   # contents of <style> elements
    scripts: list[tuple[dict, str]] = field(default_factory=list)  # (attrs, text) of inline <script>

    def find(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]


class _Parser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.doc = HtmlDoc()
        self._raw: tuple[str, dict] | None = None  # inside <title>, <style>, <script>
        self._buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        attr_dict = {}
        for name, value in attrs:
            attr_dict.setdefault(name, value)  # the first of duplicated attributes wins, as in browsers
        self.doc.elements.append(Element(tag, attr_dict, self.getpos()[0]))
        if tag == "html" and self.doc.lang is None:
            self.doc.lang = attr_dict.get("lang")
        if tag in ("title", "style", "script"):
            self._raw = (tag, attr_dict)
            self._buffer = []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("title", "style", "script"):
            self.handle_endtag(tag)

    def handle_data(self, data):
        if self._raw is not None:
            self._buffer.append(data)

    def handle_endtag(self, tag):
        if self._raw is None or self._raw[0] != tag:
            return
        text = "".join(self._buffer)
        if tag == "title":
            if self.doc.title is None:
                self.doc.title = text
        elif tag == "style":
            self.doc.styles.append(text)
        else:
            self.doc.scripts.append((self._raw[1], text))
        self._raw = None
        self._buffer = []


def parse_html(text: str) -> HtmlDoc:
    """Parse one HTML document into an HtmlDoc (tolerant, stdlib only)."""
    parser = _Parser()
    parser.feed(text)
    parser.close()
    return parser.doc


def html_files(site_dir: Path) -> list[Path]:
    """Every built HTML file, sorted."""
    return sorted(Path(site_dir).rglob("*.html"))


def url_path(site_dir: Path, html_file: Path) -> str:
    """Site-relative URL of a built file: ``index.html`` -> ``""``, ``a/index.html`` -> ``"a/"``."""
    rel = Path(html_file).relative_to(site_dir).as_posix()
    if rel == "index.html":
        return ""
    if rel.endswith("/index.html"):
        return rel[: -len("index.html")]
    return rel


@dataclass(frozen=True)
class PageType:
    """A kind of page. ``candidates`` are globs (relative to site_dir, matched against built
    files, first match in sorted order wins); ``exclude`` are globs a match must not fit.
    ``reason`` says why it may be missing (shown when the test is skipped)."""

    name: str
    candidates: tuple[str, ...]
    exclude: tuple[str, ...] = field(default=())
    reason: str = "not generated yet"


# The one list of page types. Helpers: add the page type your feature introduces.
PAGE_TYPES: tuple[PageType, ...] = (
    PageType("home", ("index.html",)),
    PageType("content", ("netzwerk/index.html", "angebote/index.html", "mitmachen/index.html")),
    PageType("kontakt", ("kontakt/index.html",)),
    PageType("impressum", ("impressum/index.html",), reason="Impressum not written yet (issue #2)"),
    PageType("datenschutz", ("datenschutz/index.html", "datenschutzerklaerung/index.html"),
             reason="Datenschutzerklärung not written yet (issue #2)"),
    PageType("barrierefreiheit", ("barrierefreiheit/index.html",
                                  "erklaerung-zur-barrierefreiheit/index.html"),
             reason="Erklärung zur Barrierefreiheit not written yet (issue #2)"),
    PageType("leichte-sprache", ("leichte-sprache/index.html",),
             reason="Leichte-Sprache page not written yet (issue #2)"),
    PageType("gebaerdensprache", ("gebaerdensprache/index.html",),
             reason="Gebärdensprache page not written yet (issue #20)"),
    PageType("404", ("404.html",)),
    PageType("members", ("mitglieder/index.html",), reason="member directory not generated yet (issue #4)"),
    PageType("member", ("mitglieder/*/index.html",), exclude=("mitglieder/*/*/index.html",),
             reason="no member profile generated yet (issue #4)"),
    PageType("member-letter", ("mitglieder/a-z/*/index.html",), reason="no member letter page (issue #4)"),
    PageType("member-kreis", ("mitglieder/kreis/*/index.html",), reason="no member Kreis page (issue #4)"),
    PageType("events", ("veranstaltungen/index.html",), reason="calendar not generated yet (issue #5)"),
    PageType("event", ("veranstaltungen/*/index.html",),
             exclude=("veranstaltungen/*/*/index.html", "veranstaltungen/archiv/*",
                      "veranstaltungen/typ/*", "veranstaltungen/art/*"),
             reason="no event page generated yet (issue #5)"),
    PageType("event-type", ("veranstaltungen/art/*/index.html",),
             reason="no event type page generated yet (issue #5)"),
    PageType("event-month", ("veranstaltungen/monat/*/index.html",),
             reason="no event month page generated yet (issue #5)"),
    PageType("knowledge", ("wissen/index.html",), reason="knowledge hub not generated yet (issue #6)"),
    PageType("topic", ("wissen/themen/*/index.html",), reason="no topic page generated yet (issue #6)"),
    PageType("knowledge-format", ("wissen/format/*/index.html",), reason="no format page yet (issue #6)"),
    PageType("knowledge-year", ("wissen/jahr/*/index.html",), reason="no year page yet (issue #6)"),
    PageType("knowledge-member", ("wissen/mitglied/*/index.html",),
             reason="no per-member knowledge page yet (issue #6)"),
    PageType("publication", ("wissen/publikationen/*/index.html",), reason="no publication yet (issue #6)"),
    PageType("article", ("wissen/*/index.html", "wissen/*/*/index.html"),
             exclude=("wissen/themen/*", "wissen/format/*", "wissen/jahr/*", "wissen/mitglied/*",
                      "wissen/befragungen/*"),
             reason="no knowledge-base article yet (issue #6)"),
    PageType("search", ("suche/index.html",), reason="search page not built yet (issue #6)"),
    PageType("news", ("aktuelles/index.html",), reason="news overview not built yet (issue #14)"),
    PageType("news-post", ("aktuelles/2026-09-rueckblick-spitzentreffen/index.html", "aktuelles/*/index.html"), exclude=("aktuelles/art/*", "aktuelles/[0-9][0-9][0-9][0-9]/*"),
             reason="no news post yet (issue #14)"),
    PageType("news-year", ("aktuelles/[0-9][0-9][0-9][0-9]/index.html",), reason="no news year archive (issue #14)"),
    PageType("news-kind", ("aktuelles/art/informations-e-mail/index.html", "aktuelles/art/*/index.html"),
             reason="no news kind page (issue #14)"),
    # The network in figures (issue #17).
    PageType("declaration", ("netzwerk/gemeinsame-erklaerung/index.html",),
             reason="Gemeinsame Erklärung page not built yet (issue #17)"),
    PageType("signatories-year", ("netzwerk/gemeinsame-erklaerung/*/index.html",),
             reason="no signatories page per year yet (issue #17)"),
    PageType("surveys", ("wissen/befragungen/index.html",), reason="no survey overview yet (issue #17)"),
    PageType("survey", ("wissen/befragungen/*/index.html",), reason="no survey page yet (issue #17)"),
    PageType("gallery", ("wissen/dokumentation/netzwerktreffen-2025-2/index.html",),
             reason="no documentation with a photo gallery (issue #16)"),
    PageType("member-photo", ("mitglieder/stadt-koeln/index.html",), reason="no member with a photo (issue #16)"),
)

PAGE_TYPES_BY_NAME = {t.name: t for t in PAGE_TYPES}


def find_page(site_dir: Path, page_type: PageType | str) -> str | None:
    """Site-relative URL path ("" for home, "a/b/", "404.html") of one page of that type, or None."""
    if isinstance(page_type, str):
        page_type = PAGE_TYPES_BY_NAME[page_type]
    site_dir = Path(site_dir)
    for pattern in page_type.candidates:
        for match in sorted(site_dir.glob(pattern)):
            rel = match.relative_to(site_dir).as_posix()
            if any(fnmatch.fnmatchcase(rel, ex) for ex in page_type.exclude):
                continue
            if match.is_file():
                return url_path(site_dir, match)
    return None


def goto(page, base: str, path: str, *, status: int = 200):
    """Open ``base + path`` in ``page``; assert the HTTP status; return the response."""
    response = page.goto(base + path.lstrip("/"), wait_until="load")
    assert response is not None, f"no response for {path}"
    assert response.status == status, f"{path}: HTTP {response.status}"
    return response


# --------------------------------------------------------------------------- axe-core

_AXE_RUN = """
async ([context, tags]) => {
  const result = await axe.run(context === null ? document : context, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return result.violations;
}
"""


def run_axe(page, *, context=None) -> list[dict]:
    """Inject axe-core into the loaded page and return its WCAG 2.0/2.1 A+AA violations.

    ``context`` is anything axe.run accepts as context (a selector, or
    ``{"include": [...], "exclude": [...]}``); None means the whole document.
    """
    if not AXE_JS.exists():
        raise FileNotFoundError(f"{AXE_JS} missing: run `npm ci` (make test does)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not as an inline <script>: the pages'
        # Content Security Policy (issue #13) rightly blocks inline scripts.
        page.evaluate("source => { (0, eval)(source); }", AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(_AXE_RUN, [context, AXE_TAGS])


def format_violations(violations: list[dict], *, max_nodes: int = 5) -> str:
    """One block per violated rule: id, impact, help, and the offending nodes."""
    if not violations:
        return "no axe violations"
    lines = [f"{len(violations)} axe violation(s):"]
    for v in violations:
        nodes = v.get("nodes", [])
        lines.append(f"- {v['id']} [{v.get('impact')}] {v.get('help')} ({len(nodes)} node(s)) {v.get('helpUrl', '')}")
        for node in nodes[:max_nodes]:
            target = " ".join(str(t) for t in node.get("target", []))
            html = " ".join(node.get("html", "").split())
            if len(html) > 200:
                html = html[:197] + "..."
            lines.append(f"    target: {target}")
            lines.append(f"      html: {html}")
            summary = node.get("failureSummary")
            if summary:
                lines.append("      " + " ".join(summary.split())[:300])
        if len(nodes) > max_nodes:
            lines.append(f"    … and {len(nodes) - max_nodes} more")
    return "\n".join(lines)


# --------------------------------------------------------------------------- days for clock tests

def day_needles(day: date) -> set[str]:
    """Every form in which the site writes a date: ISO, iCalendar, ``dd.mm.yyyy``, ``d. MMMM y``."""
    from babel.dates import format_date

    return {day.isoformat(), day.strftime("%Y%m%d"), day.strftime("%d.%m.%Y"),
            format_date(day, "d. MMMM y", locale="de")}


def _source_texts() -> list[str]:
    import material

    roots = [ROOT / name for name in ("content", "data", "overrides", "collections.yml", "mkdocs.yml")]
    roots.append(Path(material.__file__).parent)
    texts = []
    for root in roots:
        for path in ([root] if root.is_file() else sorted(root.rglob("*"))):
            if path.is_file() and path.suffix not in (".png", ".jpg", ".webp", ".pdf", ".woff2", ".pyc"):
                texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return texts


def unused_days(count: int, start: date = date(2031, 3, 3)) -> list[date]:
    """``count`` days from ``start`` on such that neither the day nor the day before (the UTC
    date of a late Berlin evening) appears in any form in the data, the content or Material's
    files: if one of them shows up in a build, the build read the wall clock."""
    from datetime import timedelta

    texts = _source_texts()
    days, day = [], start
    while len(days) < count:
        needles = day_needles(day) | day_needles(day - timedelta(days=1))  # Berlin and UTC day
        if day != PINNED_TODAY and not any(n in t for n in needles for t in texts):
            days.append(day)
        day += timedelta(days=37)
    return days
