"""Editors' Markdown as plain text: calendar DESCRIPTION and the events' JSON-LD."""

from __future__ import annotations

from functools import lru_cache
from html.parser import HTMLParser

from .formatting import editor_markdown


class _TextExtractor(HTMLParser):
    """HTML from the Markdown filter to readable plain text (links as "text (url)")."""

    _BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._href: list[str | None] = []
        self._link_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self.parts.append("\n– ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a":
            self._href.append(dict(attrs).get("href"))
            self._link_text.append("")

    def handle_endtag(self, tag):
        if tag == "a" and self._href:
            href, text = self._href.pop(), self._link_text.pop()
            if href and href.removeprefix("mailto:") != text.strip():
                self.parts.append(f" ({href.removeprefix('mailto:')})")
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not data.strip() and "\n" in data:
            return  # layout whitespace between HTML blocks
        if self._link_text:
            self._link_text[-1] += data
        self.parts.append(data)

    def text(self) -> str:
        raw = "".join(self.parts)
        lines = [" ".join(line.split()) if not line.startswith("– ") else "– " + " ".join(line[2:].split())
                 for line in raw.split("\n")]
        out: list[str] = []
        for line in lines:
            if line or (out and out[-1]):
                out.append(line)
        return "\n".join(out).strip()


def _markdown_html(text: str) -> str:
    """Markdown to HTML like the ``markdown`` filter (raw HTML escaped), without smart quotes."""
    return editor_markdown(0, smart_quotes=False).reset().convert(text)


@lru_cache(maxsize=None)  # the event page's JSON-LD and the calendar files need the same text
def markdown_to_text(text: str | None) -> str:
    """Editors' Markdown as plain text (DESCRIPTION, JSON-LD): links as "text (url)"."""
    if not text:
        return ""
    parser = _TextExtractor()
    parser.feed(_markdown_html(text))
    parser.close()
    return parser.text()
