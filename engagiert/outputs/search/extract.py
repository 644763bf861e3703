"""Cut the searchable part out of a built Material page, and its plain text.

String operations on the HTML MkDocs wrote (no DOM parser): the main content is the
``<article class="md-content__inner …">`` element of Material's ``base.html``. Linear in the size of the page.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_ARTICLE_OPEN = re.compile(r'<article\s+class="md-content__inner[^"]*"[^>]*>')
_MAIN_OPEN = re.compile(r"<main\b[^>]*>")
# Elements whose content is never page text: scripts (JSON-LD too), styles, icons.
_DROP = re.compile(r"<(script|style|svg|template|noscript)\b.*?</\1>", re.S | re.I)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S | re.I)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)
_TAG = re.compile(r"<[^<>]+>")  # "[^<>]": a stray "<" does not rescan the rest
# Tags removed without a space would join the text of adjacent elements ("ArtGemeinde" from
# <dt>Art</dt><dd>Gemeinde</dd>); a space after block-level closing tags keeps words apart.
_BLOCK_END = re.compile(r"(</(?:dt|dd|li|td|th|p|div|h[1-6]|caption|figcaption|address|section|aside)>|<br\s*/?>)",
                        re.I)
# An element marked data-pagefind-ignore: dropped with its content, so that neither its words nor
# the compound endings of its words reach the index. The attribute's name is left from the days
# when Pagefind built the index; renaming it would change the HTML of every page that has it.
_IGNORED_OPEN = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*\sdata-pagefind-ignore\b[^>]*>")
_VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class PageContent:
    title: str
    body: str       # HTML of the main content, scripts/styles/icons removed
    text: str       # its plain text


def drop_ignored(fragment: str) -> str:
    """Remove every element marked ``data-pagefind-ignore``, nested elements included."""
    out: list[str] = []
    pos = 0
    while True:
        m = _IGNORED_OPEN.search(fragment, pos)
        if m is None:
            break
        out.append(fragment[pos:m.start()])
        tag = m.group(1).lower()
        if tag in _VOID or m.group(0).endswith("/>"):
            pos = m.end()
            continue
        pair = re.compile(rf"<(/?){re.escape(tag)}\b[^>]*>", re.I)
        depth, i = 1, m.end()
        while depth:
            t = pair.search(fragment, i)
            if t is None:
                i = len(fragment)
                break
            depth += -1 if t.group(1) else 1
            i = t.end()
        pos = i
    out.append(fragment[pos:])
    return "".join(out)


def plain_text(fragment: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def extract(page_html: str) -> PageContent | None:
    """The main content of a built page, or None when the page has none (redirects …)."""
    m = _ARTICLE_OPEN.search(page_html)
    if m:
        end = page_html.rfind("</article>")
    else:
        m = _MAIN_OPEN.search(page_html)
        end = page_html.rfind("</main>")
    if not m or end < m.end():
        return None
    body = _BLOCK_END.sub(r"\1 ", drop_ignored(_DROP.sub(" ", page_html[m.end():end])))
    h1 = _H1.search(body)
    if h1:
        title = plain_text(h1.group(1))
    else:
        t = _TITLE.search(page_html)
        # Material's <title> is "Page - Site name"
        title = plain_text(t.group(1)).rsplit(" - ", 1)[0] if t else ""
    return PageContent(title=title, body=body, text=plain_text(body))
