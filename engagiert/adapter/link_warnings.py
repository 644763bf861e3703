"""MkDocs' English warnings about broken links in content pages, as German messages
at the file and line (issue #15).

MkDocs 1.6 reports links it cannot resolve from ``mkdocs.structure.pages``
(``_RelativePathTreeprocessor._possible_target_uris`` and the code after it) with
messages like ``Doc file 'a.md' contains a link 'b.md', but the target 'b.md' is not
found among documentation files. Did you mean '…'?``. No event hands us these links,
so a logging filter on that logger rewrites the record's text in place: the record still
counts as a warning, so ``--strict`` still fails. An unknown message stays untouched
(a newer MkDocs with other wording loses only the translation).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

LOGGER = "mkdocs.structure.pages"

_NOT_FOUND = re.compile(
    r"^Doc file '(?P<src>[^']+)' contains a link '(?P<url>[^']*)', but the target(?: '(?P<target>[^']+)')? "
    r"is not found among documentation files\.(?: Did you mean '(?P<hint>[^']*)'\?)?$")
# A link to a photo whose source file the picture pipeline keeps out of the site (issue #16):
# the page shows the processed variants instead, so the note is noise.
_EXCLUDED_PHOTO = re.compile(
    r"^Doc file '[^']+' contains a link to '[^']+\.(?:jpe?g|png|webp)' which is excluded from the built site\.$",
    re.I)
_UNRECOGNIZED = re.compile(
    r"^Doc file '(?P<src>[^']+)' contains an unrecognized relative link '(?P<url>[^']*)', it was left as is\.")


class GermanLinkWarnings(logging.Filter):
    def __init__(self, docs_dir: Path, root: Path):
        super().__init__()
        self.docs_dir = Path(docs_dir)
        self.root = Path(root)

    def _where(self, src: str, url: str) -> str:
        path = self.docs_dir / src
        try:
            rel = path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            rel = path.as_posix()
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            return rel
        for needle in (f"]({url}", f"]: {url}", f"<{url}>", url):
            for number, line in enumerate(lines, 1):
                if needle in line:
                    return f"{rel}:{number}"
        return rel

    def translate(self, message: str) -> str | None:
        m = _NOT_FOUND.match(message)
        if m:
            target = m.group("target") or m.group("url").lstrip("/")
            hint = f" Meinten Sie „{m.group('hint')}“?" if m.group("hint") else ""
            return (f"{self._where(m.group('src'), m.group('url'))} – Der Link „{m.group('url')}“ führt ins Leere: "
                    f"Die Datei content/{target} gibt es nicht. Bitte den Dateinamen prüfen (Pfade gelten ab dem "
                    f"Ordner der Seite; Seiten mit .md am Ende, Downloads mit ihrer Endung, z. B. .pdf).{hint}")
        m = _UNRECOGNIZED.match(message)
        if m:
            return (f"{self._where(m.group('src'), m.group('url'))} – Der Link „{m.group('url')}“ ist eine "
                    "Web-Adresse statt eines Dateipfads und wird beim Umzug einer Seite nicht angepasst. Bitte den "
                    "Pfad der Markdown-Datei schreiben (z. B. „veranstaltungen/index.md“).")
        return None

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING and _EXCLUDED_PHOTO.match(record.getMessage()):
            return False
        try:
            text = self.translate(record.getMessage())
        except Exception:  # noqa: BLE001 - a translation must never hide the warning itself
            text = None
        if text is not None:
            record.msg, record.args = text, None
        return True


def install(docs_dir: Path, root: Path) -> GermanLinkWarnings:
    """Attach the filter (once; ``mkdocs serve`` calls on_config on every rebuild)."""
    logger = logging.getLogger(LOGGER)
    for existing in list(logger.filters):
        if isinstance(existing, GermanLinkWarnings):
            logger.removeFilter(existing)
    flt = GermanLinkWarnings(docs_dir, root)
    logger.addFilter(flt)
    return flt
