"""Content Security Policy for every page, and the final check of every written HTML file.

Inline scripts are allowed only when they are one of the inline scripts written in the
templates (Material's and ours, with ``{{ … }}`` expressions as wildcards): their SHA-256
hashes go into the page's ``Content-Security-Policy`` meta element. Anything else — a script
the templates did not write, an event handler attribute, a ``javascript:`` URL, a resource
from another host — fails the build in ``on_post_build`` (``audit_site``; in ``mkdocs build``
``PageAudit`` has audited most pages beside the rendering by then).
"""

from __future__ import annotations

import base64
import gc
import hashlib
import json
import os
import re
import signal
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import lxml.etree

from . import parallel

SITE_HOSTS = frozenset({"www.engagiert-in-nrw.de", "engagiert-in-nrw.de"})
# Bytes of HTML a visitor on a slow connection waits for before the page shows (issue #7);
# the benchmark (scripts/benchmark.py) measures the same limit at every size.
PAGE_BUDGET_KB = 200
CSP_MARK = '<meta http-equiv="Content-Security-Policy"'
_CHARSET = '<meta charset="utf-8">'
_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_JS_TYPES = {"", "text/javascript", "module", "application/javascript"}
_EXPR = re.compile(r"\{\{.*?\}\}", re.S)
# Attributes whose value is fetched by the browser when the page loads.
_LOADS = {("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
          ("iframe", "src"), ("embed", "src"), ("object", "data"), ("video", "src"), ("video", "poster"),
          ("audio", "src"), ("track", "src"), ("input", "src"), ("frame", "src"), ("image", "href"),
          ("use", "href")}
_LINK_LOADS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "apple-touch-icon",
               "mask-icon", "dns-prefetch", "preconnect"}
_URL_ATTRS = ("href", "src", "action", "formaction", "data", "poster", "xlink:href", "cite", "background")
_BAD_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|data|file):", re.I)


def _script_type(attrs: str) -> str:
    m = re.search(r"""\btype\s*=\s*["']?([^"'\s>]+)""", attrs, re.I)
    return (m.group(1) if m else "").lower()


@lru_cache(maxsize=4)
def template_scripts(dirs: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    """Inline scripts written in the templates below ``dirs``, as patterns."""
    patterns = []
    for folder in dirs:
        for path in sorted(Path(folder).rglob("*.html")):
            text = path.read_text(encoding="utf-8")
            for m in _SCRIPT.finditer(text):
                if "src=" in m.group("attrs") or _script_type(m.group("attrs")) not in _JS_TYPES:
                    continue
                body = m.group("body")
                if "{%" in body or not body.strip():
                    continue
                parts = _EXPR.split(body)
                patterns.append(re.compile("".join(
                    re.escape(p) + ('[^"\'<>\\\\]{0,200}' if i < len(parts) - 1 else "")
                    for i, p in enumerate(parts)) + r"\Z"))
    return tuple(patterns)


def _sha(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


def policy(hashes: list[str]) -> str:
    scripts = " ".join(["'self'", *sorted(set(hashes))])
    return ("default-src 'self'; script-src " + scripts + "; style-src 'self'; img-src 'self' data:; "
            "font-src 'self'; connect-src 'self'; media-src 'self'; worker-src 'self'; manifest-src 'self'; "
            "object-src 'none'; frame-src 'none'; base-uri 'self'; form-action 'self'")


def add_csp(html: str, patterns: tuple[re.Pattern, ...]) -> str:
    """The page with its CSP meta element (after ``<meta charset>``). Inline scripts not
    written by the templates get no hash: the browser refuses them, the audit reports them."""
    if CSP_MARK in html or _CHARSET not in html:
        return html
    hashes = []
    for m in _SCRIPT.finditer(html):
        attrs, body = m.group("attrs"), m.group("body")
        if "src=" in attrs or _script_type(attrs) not in _JS_TYPES:
            continue
        if any(p.match(body) for p in patterns):
            hashes.append(_sha(body))
    meta = f'{CSP_MARK} content="{policy(hashes)}">'
    return html.replace(_CHARSET, _CHARSET + "\n    " + meta, 1)


def _own(url: str) -> bool:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme or url.startswith(("//", "\\")):
        return parts.scheme in ("http", "https") and (parts.hostname or "") in SITE_HOSTS
    return True


# URL attributes selected in libxml2 (a union of attribute steps is cheap; a predicate on
# every attribute's name is not); event handlers are looked for only when the text has one.
_URL_XPATH = lxml.etree.XPath("|".join(f"//@{name}" for name in sorted({*_URL_ATTRS, "srcset"}) if ":" not in name))
_ALL_ATTRS = lxml.etree.XPath("//@*")
# An attribute starts after a space, a "/" or a closing quote ("a=\"x\"onclick=…" counts too).
_HANDLER_TEXT = re.compile(r"[\s/\"']on[a-z]+\s*=", re.I)
_EMBEDS = ("iframe", "object", "embed", "frame", "applet", "base")


def _where(el) -> str:
    return f"Zeile {el.sourceline}" if el.sourceline else "?"


def audit_html(html: str, rel: str, patterns: tuple[re.Pattern, ...]) -> list[str]:
    """What in one written HTML file our templates did not put there (German, for the log)."""
    found: list[str] = []
    if CSP_MARK not in html:
        found.append("die Content-Security-Policy fehlt")
    allowed = set(re.findall(r"'sha256-[A-Za-z0-9+/=]+'", html[: html.find(">", html.find(CSP_MARK)) + 1]
                             if CSP_MARK in html else ""))
    try:
        # libxml2's HTML parser (names lower-cased), without lxml.html's element classes
        doc = lxml.etree.fromstring(html, lxml.etree.HTMLParser())
    except (ValueError, lxml.etree.ParserError, lxml.etree.XMLSyntaxError):
        doc = None
    if doc is None:
        return [*found, "die Datei ist kein lesbares HTML"]
    for el in doc.iter("script"):
        src = el.get("src")
        if src is not None:
            if not _own(src):
                found.append(f"{_where(el)}: Skript von einem anderen Host ({src[:80]})")
        elif _script_type(" type=" + (el.get("type") or "")) in _JS_TYPES and (el.text or "").strip():
            if _sha(el.text or "") not in allowed:
                found.append(f"{_where(el)}: Inline-Skript, das keine Vorlage geschrieben hat")
    for el in doc.iter(*_EMBEDS):
        found.append(f"{_where(el)}: Element <{el.tag}>")
    audited = _URL_XPATH(doc)
    if _HANDLER_TEXT.search(html) or "xlink:" in html:
        audited = [a for a in _ALL_ATTRS(doc) if a.attrname.lower().startswith("on") or ":" in a.attrname] \
            + audited
    for value in audited:
        el = value.getparent()
        if not isinstance(el.tag, str):
            continue
        tag, low, value = el.tag.lower(), value.attrname.lower(), str(value)
        where = _where(el)
        if low.startswith("on"):
            found.append(f"{where}: Ereignis-Attribut {low}")
        elif low in _URL_ATTRS and _BAD_SCHEME.match(value) and not (
                low == "src" and tag == "img" and value.strip().lower().startswith("data:image/")):
            found.append(f"{where}: {low}-Verweis mit {value.strip()[:20]}…")
        elif (tag, low) in _LOADS:
            urls = [c.strip().split(" ")[0] for c in value.split(",")] if low == "srcset" else [value]
            for url in urls:
                if not _own(url):
                    found.append(f"{where}: <{tag}> lädt von einem anderen Host ({url[:80]})")
        elif tag == "link" and low == "href" and not _own(value) and \
                _LINK_LOADS & set((el.get("rel") or "").lower().split()):
            found.append(f"{where}: <link> lädt von einem anderen Host ({value[:80]})")
        elif tag == "form" and low == "action" and not _own(value):
            found.append(f"{where}: Formular sendet an einen anderen Host ({value[:80]})")
    return found


def audit_site(site_dir: Path, patterns: tuple[re.Pattern, ...],
               audited: dict[str, list] | None = None) -> list[str]:
    """One line per file with findings: "path: finding; finding", in the files' order.

    ``audited``: findings made earlier (``PageAudit``), by path: ``[signature, findings]``; a
    file whose signature is still the same is not read again, every other file is."""
    site_dir = Path(site_dir)
    audited = audited or {}
    report = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        got = audited.get(rel)
        if got is not None and got[0] == _signature(path.stat()):
            found = got[1]
        else:
            found = audit_html(path.read_text(encoding="utf-8", errors="replace"), rel, patterns)
        if found:
            report.append(f"site/{rel}: " + "; ".join(found[:10]))
    return report


def _signature(st: os.stat_result) -> list[int]:
    """What must be unchanged for an audited file to count as audited."""
    return [st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def _audit_stream(site_dir: Path, patterns: tuple[re.Pattern, ...], commands: int, results: int) -> int:
    """In the forked child: audit each file named on ``commands`` (a JSON string per line,
    ``null`` at the end); send ``{path: [signature, findings]}`` through ``results``."""
    gc.freeze()  # the inherited heap is never garbage here; collections would walk it
    seen: dict[str, list] = {}
    with os.fdopen(commands, "rb") as lines:
        for line in lines:
            rel = json.loads(line)
            if rel is None:
                break
            try:
                with open(site_dir / rel, encoding="utf-8", errors="replace") as file:
                    signature = _signature(os.fstat(file.fileno()))
                    text = file.read()
            except OSError:
                continue  # not judged here: the parent audits it
            seen[rel] = [signature, audit_html(text, rel, patterns)]
    with os.fdopen(results, "w", encoding="utf-8") as out:
        json.dump(seen, out)
    return 0


class PageAudit:
    """The audit beside the page rendering (``mkdocs build``): MkDocs' process renders on one
    core; a forked child audits each page on the second core as soon as it is written.
    ``finish`` is ``audit_site`` with the child's findings: it reads again only what the child
    did not see or what changed on disk after it was read (everything, if the child failed)."""

    def __init__(self, site_dir: Path, patterns: tuple[re.Pattern, ...]) -> None:
        self.site_dir, self.patterns = Path(site_dir), patterns
        self._pending: Path | None = None
        commands_in, self._commands = os.pipe()
        self._results, results_out = os.pipe()

        def child() -> int:
            os.close(self._commands)
            os.close(self._results)
            return _audit_stream(self.site_dir, patterns, commands_in, results_out)

        self._pid: int | None = parallel.fork(child, lambda exc: None)  # the exit status tells
        os.close(commands_in)
        os.close(results_out)

    def _send(self, rel: str | None) -> None:
        try:
            os.write(self._commands, (json.dumps(rel) + "\n").encode("utf-8"))
        except OSError:
            pass  # the child is gone: finish audits everything here

    def will_write(self, path: Path) -> None:
        """MkDocs writes ``path`` next; the file before it is complete and goes to the child."""
        if self._pending is not None:
            try:
                self._send(self._pending.relative_to(self.site_dir).as_posix())
            except ValueError:
                pass  # outside the site folder: not the audit's business
        self._pending = Path(path) if str(path).endswith(".html") else None

    def cancel(self) -> None:
        """Stop the child (a failed build); safe to call twice."""
        if self._pid is None:
            return
        try:
            os.kill(self._pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        os.waitpid(self._pid, 0)
        self._pid = None
        for fd in (self._commands, self._results):
            try:
                os.close(fd)
            except OSError:
                pass

    def finish(self) -> list[str]:
        """The report of ``audit_site`` for every HTML file in the site folder now."""
        if self._pid is None:
            return audit_site(self.site_dir, self.patterns)
        self._send(None)
        os.close(self._commands)
        with os.fdopen(self._results, encoding="utf-8") as pipe:
            received = pipe.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        try:
            seen = json.loads(received) if os.waitstatus_to_exitcode(status) == 0 else None
        except ValueError:
            seen = None
        return audit_site(self.site_dir, self.patterns, seen if isinstance(seen, dict) else None)


def oversized(site_dir: Path, limit_kb: int = PAGE_BUDGET_KB) -> list[str]:
    """One German line per HTML file above the page budget (KB of 1,024 bytes)."""
    found = []
    for path in sorted(Path(site_dir).rglob("*.html")):
        size = path.stat().st_size
        if size > limit_kb * 1024:
            rel = path.relative_to(site_dir).as_posix()
            found.append(f"site/{rel}: {-(-size // 1024)} KB (höchstens {limit_kb} KB)")  # rounded up
    return found
