"""What a pull request may put into the folders the build reads.

Checked in ``on_config`` (before MkDocs copies or reads anything) and by ``make check``:

- no symbolic links under ``content/``, ``data/``, ``overrides/`` (a link publishes or reads
  whatever it points to: ``/proc/self/environ``, ``/etc`` …);
- file and folder names from a safe character set (a name ends up in URLs, HTML attributes
  and edit links);
- below ``content/`` only an allow-list of file types is published; ``.html`` is refused
  (it would be copied as it is, script and all); JavaScript and CSS only in the asset folders;
- SVG images are XML without DTD, script, event handlers, embedded HTML or references to
  other files or hosts (an SVG opened directly runs its script in the site's origin).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from lxml import etree

from engagiert.base.problems import Problem

TREES = ("content", "data", "overrides")
DOCS = "content"

# One path segment: letters, digits, "-", "_" and dots between them; no leading dot or dash.
SAFE_NAME = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\Z")
MAX_NAME = 120

# File types published from content/ (lower-case suffix → what it is, for messages).
PUBLISHED = {
    ".md": "Seite",
    ".pdf": "Dokument", ".docx": "Dokument", ".xlsx": "Dokument", ".pptx": "Dokument",
    ".odt": "Dokument", ".ods": "Dokument", ".odp": "Dokument", ".csv": "Tabelle", ".txt": "Text",
    ".png": "Bild", ".jpg": "Bild", ".jpeg": "Bild", ".webp": "Bild", ".avif": "Bild", ".gif": "Bild",
    ".svg": "Bild",
    ".mp4": "Video", ".webm": "Video", ".vtt": "Untertitel",
    ".woff2": "Schrift", ".woff": "Schrift",
    ".css": "Stylesheet", ".js": "Skript", ".json": "Daten",
}
# Code and data for the browser only where the developers keep theirs.
CODE_FOLDERS = {
    ".js": ("content/assets/javascripts/", "content/assets/vendor/"),
    ".css": ("content/assets/stylesheets/", "content/assets/vendor/"),
    ".json": ("content/assets/",),
    ".woff2": ("content/assets/",),
    ".woff": ("content/assets/",),
}

_SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# Drawing elements only: no script, foreignObject (HTML inside), image/use of other files,
# animation (can rewrite href), a (links), style (CSS can load from other hosts).
SVG_ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "title", "desc", "metadata", "path", "rect", "circle", "ellipse",
    "line", "polyline", "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient",
    "stop", "clipPath", "mask", "pattern", "marker", "filter", "feGaussianBlur", "feOffset",
    "feBlend", "feFlood", "feComposite", "feMerge", "feMergeNode", "feColorMatrix", "use",
})
_URL_IN_VALUE = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.I)


def check_files(root: Path) -> list[Problem]:
    """Every problem with the files below content/, data/ and overrides/."""
    problems: list[Problem] = []
    root = Path(root)
    for tree in TREES:
        base = root / tree
        if base.is_symlink():
            problems.append(_link(tree, base))
            continue
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
            here = Path(dirpath)
            for name in sorted(dirnames + filenames):
                path = here / name
                rel = path.relative_to(root).as_posix()
                if path.is_symlink():
                    problems.append(_link(rel, path))
                    if name in dirnames:
                        dirnames.remove(name)
                    continue
                if name.startswith("."):
                    # MkDocs skips hidden files; Git needs .gitkeep/.gitignore.
                    if name in dirnames:
                        dirnames.remove(name)
                    continue
                problem = _name_problem(rel, name)
                if problem is not None:
                    problems.append(problem)
                    continue
                if tree == DOCS and name in filenames:
                    problems.extend(_published_problems(rel, path))
            dirnames.sort()
    return problems


def _link(rel: str, path: Path) -> Problem:
    try:
        target = os.readlink(path)
    except OSError:  # pragma: no cover - a link vanishing while we look
        target = "?"
    return Problem(rel, None, None,
                   f"Symbolische Verknüpfungen (Symlinks) sind nicht erlaubt (diese zeigt auf „{target}“): "
                   "Sie würden fremde Dateien veröffentlichen. Bitte die Verknüpfung löschen und die "
                   "Datei selbst ablegen.")


def _name_problem(rel: str, name: str) -> Problem | None:
    if len(name) > MAX_NAME:
        return Problem(rel[:200], None, None,
                       f"Der Datei- oder Ordnername ist länger als {MAX_NAME} Zeichen. Bitte kürzen.")
    if not SAFE_NAME.match(name):
        shown = name.encode("unicode_escape").decode("ascii")
        return Problem(rel.encode("unicode_escape").decode("ascii"), None, None,
                       f"Der Name „{shown}“ enthält unzulässige Zeichen. Erlaubt sind Buchstaben a–z und "
                       "A–Z ohne Umlaute, Ziffern, „-“, „_“ und Punkte zwischen Namensteilen, z. B. "
                       "„jahresbericht-2025.pdf“ (statt „ä“ bitte „ae“ usw.).")
    return None


def _published_problems(rel: str, path: Path) -> list[Problem]:
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm", ".xhtml", ".shtml"):
        return [Problem(rel, None, None,
                        "HTML-Dateien werden nicht veröffentlicht: Sie würden ungeprüft übernommen. Bitte "
                        "den Inhalt als Markdown-Seite (.md) anlegen.")]
    if suffix not in PUBLISHED:
        allowed = ", ".join(sorted(s for s in PUBLISHED if s not in CODE_FOLDERS))
        return [Problem(rel, None, None,
                        f"Dateien vom Typ „{suffix or path.name}“ werden nicht veröffentlicht. Erlaubt sind: "
                        f"{allowed}. Bitte die Datei umwandeln (z. B. als PDF) oder entfernen.")]
    folders = CODE_FOLDERS.get(suffix)
    if folders and not rel.startswith(folders):
        return [Problem(rel, None, None,
                        f"Dateien vom Typ „{suffix}“ gehören zum Code der Website und liegen nur in "
                        f"{' oder '.join(folders)}. Bitte die Datei dorthin verschieben oder entfernen.")]
    if suffix == ".svg":
        return svg_problems(rel, path.read_bytes())
    return []


def svg_problems(rel: str, data: bytes) -> list[Problem]:
    """Problems of one SVG file (an empty list: the image only draws)."""
    def bad(line, what: str) -> Problem:
        return Problem(rel, line, None,
                       f"Die SVG-Grafik enthält {what}. Erlaubt sind nur Zeichenelemente (Pfade, Formen, "
                       "Text, Verläufe): Bitte die Grafik ohne Skripte und Verweise exportieren "
                       "(z. B. „Optimiertes SVG“) oder als PNG ablegen.")

    if b"<!DOCTYPE" in data or b"<!ENTITY" in data or b"<!doctype" in data:
        return [bad(None, "eine DOCTYPE- oder ENTITY-Angabe")]
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return [Problem(rel, getattr(exc, "lineno", None), None,
                        "Die SVG-Grafik ist kein gültiges XML. Bitte die Grafik neu exportieren.")]
    problems = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            if isinstance(el, etree._ProcessingInstruction):
                problems.append(bad(el.sourceline, "eine Verarbeitungsanweisung („<?…?>“)"))
            continue  # comments
        local = el.tag[len(_SVG_NS):] if el.tag.startswith(_SVG_NS) else None
        if local not in SVG_ELEMENTS:
            problems.append(bad(el.sourceline, f"das Element „{etree.QName(el).localname}“"))
            continue
        for attr, value in el.attrib.items():
            name = etree.QName(attr).localname
            if name.lower().startswith("on"):
                problems.append(bad(el.sourceline, f"das Ereignis-Attribut „{name}“"))
            elif attr in ("href", _XLINK_HREF) and not value.strip().startswith("#"):
                problems.append(bad(el.sourceline, f"einen Verweis auf „{value[:80]}“"))
            elif _URL_IN_VALUE.search(value):
                problems.append(bad(el.sourceline, f"einen Verweis in „{name}“"))
    return problems
