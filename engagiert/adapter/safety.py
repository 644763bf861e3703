"""Page-level defences that need MkDocs' page objects (issue #13).

- front matter fields Material prints without escaping (title, description, author,
  subtitle) become escaped ``Markup``: printed raw they are text, printed with ``| e``
  they are not escaped twice;
- the edit link is percent-encoded (Material prints it into ``href`` unescaped);
- every content page body goes through ``engagiert.base.sanitize``; what it had to remove
  is reported as a warning naming the file and line (a strict build fails on it), and the
  page gets the sanitised HTML.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup, escape

from engagiert.base.sanitize import removed, sanitize

log = logging.getLogger("mkdocs.engagiert.security")

PRINTED_FIELDS = ("title", "description", "author", "subtitle")
# Characters an URL keeps; everything else (quotes, angle brackets, spaces) is percent-encoded.
_URL_SAFE = ":/?#[]@!$&()*+,;=%~-._"


def escape_meta(page) -> None:
    meta = getattr(page, "meta", None)
    if not meta:
        return
    for key in PRINTED_FIELDS:
        value = meta.get(key)
        if isinstance(value, (str, int, float)) and not isinstance(value, Markup):
            meta[key] = escape(str(value))


def safe_edit_url(page) -> None:
    url = getattr(page, "edit_url", None)
    if url:
        page.edit_url = quote(str(url), safe=_URL_SAFE)


def sanitize_content(html: str, page) -> str:
    result = sanitize(html)
    if not result.changed:
        return html
    what = ", ".join(removed(html, result.html))
    rel = "content/" + page.file.src_uri
    line = _first_line(page, what)
    where = rel if line is None else f"{rel}:{line}"
    log.warning(f"{where} – Die Seite enthält HTML, das nicht veröffentlicht wird ({what}). Erlaubt sind "
                "Markdown und einfaches HTML ohne Skripte, eingebettete Inhalte, Formulare, "
                "style- und on…-Attribute, ohne javascript:/data:-Verweise und ohne Bilder von "
                "anderen Websites. Bitte die Stelle entfernen (siehe docs/security.md).")
    return result.html


_HINTS = re.compile(r"<(?:script|iframe|object|embed|form|style|svg|math|link|meta|base)\b|\son[a-z]+\s*="
                    r"|javascript|vbscript|data:|&#|&colon;|style\s*=|src\s*=\s*[\"']?(?:https?:)?//|!\[[^\]]*\]\(\s*<?(?:https?:)?//|mailto:[^)\s]*\?",
                    re.I)


def _first_line(page, what: str) -> int | None:
    """Line of the first suspicious spot in the page's source file (best effort)."""
    path = getattr(page.file, "abs_src_path", None)
    if not path:
        return None
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = _HINTS.search(text)
    return None if match is None else text.count("\n", 0, match.start()) + 1


# --------------------------------------------------------------------------- CSP and final audit

def template_dirs(config) -> tuple[str, ...]:
    return tuple(str(d) for d in config.theme.dirs)


def add_csp(output: str, config) -> str:
    from engagiert.outputs import htmlaudit
    return htmlaudit.add_csp(output, htmlaudit.template_scripts(template_dirs(config)))


_page_audit = None  # the child auditing pages while MkDocs writes them (mkdocs build)


def start_audit(config) -> None:
    """on_env (mkdocs build): audit the pages beside the rendering, on the second core."""
    from engagiert.outputs import htmlaudit, parallel
    global _page_audit
    cancel_audit()
    if parallel.enabled():
        _page_audit = htmlaudit.PageAudit(Path(config.site_dir),
                                          htmlaudit.template_scripts(template_dirs(config)))


def will_write(page) -> None:
    """on_post_page: MkDocs writes this page next."""
    if _page_audit is not None:
        _page_audit.will_write(Path(page.file.abs_dest_path))


def cancel_audit() -> None:
    global _page_audit
    if _page_audit is not None:
        _page_audit.cancel()
        _page_audit = None


def audit(site_dir: Path, config) -> None:
    """Fails the build (PluginError) when a written HTML file is over the page budget, or has
    script, handlers or resources from other hosts that our templates did not put there."""
    from mkdocs.exceptions import PluginError

    from engagiert.outputs import htmlaudit
    global _page_audit
    streamed, _page_audit = _page_audit, None
    too_big = htmlaudit.oversized(Path(site_dir))
    if too_big:
        if streamed is not None:
            streamed.cancel()
        raise PluginError(
            "Diese Seiten sind größer, als eine Seite der Website sein darf; auf einem Handy mit "
            "langsamer Verbindung würden sie lange laden. Bitte lange Inhalte auf mehrere Seiten "
            "aufteilen; ist eine erzeugte Liste zu lang, muss die Website-Technik sie kürzen "
            "(siehe docs/security.md):\n  " + "\n  ".join(too_big[:50]))
    if streamed is not None and streamed.site_dir == Path(site_dir):
        report = streamed.finish()
    else:
        if streamed is not None:
            streamed.cancel()
        report = htmlaudit.audit_site(Path(site_dir), htmlaudit.template_scripts(template_dirs(config)))
    if report:
        shown = report[:50]
        more = len(report) - len(shown)
        raise PluginError(
            "Die fertigen Seiten enthalten Skripte, Ereignis-Attribute oder Inhalte von anderen Hosts, die "
            "keine Vorlage der Website geschrieben hat. Die Website wird so nicht veröffentlicht "
            "(siehe docs/security.md):\n  " + "\n  ".join(shown)
            + (f"\n  … und {more} weitere Dateien" if more > 0 else ""))
