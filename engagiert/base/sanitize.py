"""The one sanitising path for HTML made from Markdown anyone can write (nh3 / ammonia).

Content page bodies and Markdown fields of the data both go through ``sanitize``: an
allow-list of the tags and attributes Markdown, ``md_in_html``, admonitions and details
produce; no script, iframe, object, embed, form, style; no ``on*`` attributes; links only
to http(s), plain ``mailto:`` addresses, ``tel:`` and this site; images only from this site.

ammonia parses like a browser (html5ever), so entity-encoded schemes
(``javascript&#58;``) are decoded before they are judged. To keep the bytes of clean
pages unchanged, the input is also run through a cleaner that keeps everything it can
name; if both results agree, nothing was removed and the original text is returned.
"""

from __future__ import annotations

import re
from html import unescape
from dataclasses import dataclass
from urllib.parse import urlsplit

import nh3

SITE_HOSTS = frozenset({"www.engagiert-in-nrw.de", "engagiert-in-nrw.de"})

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "s", "samp",
    "section", "small", "source", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr", "video", "track", "audio", "nav",
    "aside", "article", "header", "footer", "address",
})
# Removed together with their content (the rest only loses the tag).
DROP_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "form", "template",
                               "noscript", "svg", "math", "textarea", "select", "frame", "frameset",
                               "applet", "noembed", "noframes", "xmp", "plaintext"})
GENERIC = frozenset({"id", "class", "title", "lang", "dir", "role", "hidden", "tabindex"})
ATTRIBUTES = {
    "*": GENERIC,
    "a": frozenset({"href", "hreflang", "download", "rel", "type"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"}),
    "source": frozenset({"src", "srcset", "type", "media", "sizes"}),
    "video": frozenset({"src", "controls", "width", "height", "poster", "preload", "muted", "playsinline"}),
    "audio": frozenset({"src", "controls", "preload"}),
    "track": frozenset({"src", "kind", "srclang", "label", "default"}),
    "td": frozenset({"colspan", "rowspan", "align", "headers"}),
    "th": frozenset({"colspan", "rowspan", "align", "scope", "headers", "abbr"}),
    "col": frozenset({"span"}), "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "reversed", "type"}), "li": frozenset({"value"}),
    "details": frozenset({"open"}), "time": frozenset({"datetime"}),
    "abbr": frozenset(), "q": frozenset({"cite"}), "blockquote": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}), "ins": frozenset({"cite", "datetime"}),
}
GENERIC_PREFIXES = frozenset({"aria-", "data-"})
SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Attributes that load something into the page: only from this site.
_LOADING = {("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"), ("video", "src"),
            ("video", "poster"), ("audio", "src"), ("track", "src")}
_LINKS = {("a", "href"), ("q", "cite"), ("blockquote", "cite"), ("del", "cite"), ("ins", "cite")}
_PLAIN_MAIL = re.compile(r"mailto:[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\Z")
_TAG_NAMES = re.compile(r"</?([A-Za-z][^\s/>]{0,40})")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]{0,60}):")
# Whole names only, each run read once (a possessive run after a lookbehind): linear in the page.
_ATTR_NAMES = re.compile(r"(?<![^\s\"'<>/=])([^\s\"'<>/=]++)(?=\s*=|[\s/>])")


def is_own(url: str) -> bool:
    """A URL that stays on this site (relative, or absolute to its host)."""
    url = url.strip()
    if not url:
        return True
    parts = urlsplit(url)
    if parts.scheme or url.startswith("//") or url.startswith("\\"):
        return parts.scheme in ("http", "https") and (parts.hostname or "") in SITE_HOSTS
    return True


def _filter(tag: str, attr: str, value: str) -> str | None:
    if (tag, attr) in _LOADING:
        if attr.endswith("srcset"):
            return value if all(is_own(c.strip().split(" ")[0]) for c in value.split(",")) else None
        return value if is_own(value) else None
    if (tag, attr) in _LINKS:
        stripped = value.strip()
        if stripped.lower().startswith("mailto:") and not _PLAIN_MAIL.match(stripped):
            return None
        return value
    if attr == "style" or attr.startswith("on"):
        return None
    return value


@dataclass(frozen=True)
class Result:
    html: str
    changed: bool       # True: something was removed; ``html`` is the sanitised text


def sanitize(html: str) -> Result:
    """``html`` unchanged if nothing in it breaks the policy, else the sanitised HTML."""
    if not html:
        return Result(html, False)
    strict = nh3.clean(html, tags=set(TAGS), clean_content_tags=set(DROP_WITH_CONTENT),
                       attributes={k: set(v) for k, v in ATTRIBUTES.items()},
                       generic_attribute_prefixes=set(GENERIC_PREFIXES), attribute_filter=_filter,
                       url_schemes=set(SCHEMES), link_rel=None, strip_comments=True)
    # Everything the text could contain, kept: only a normalised copy of the input.
    names = {m.lower() for m in _TAG_NAMES.findall(html)} | set(TAGS)
    attrs = {m.lower() for m in _ATTR_NAMES.findall(html)}
    # Schemes as a URL parser sees them: entities decoded, tabs and newlines removed. A scheme
    # missing here would be dropped by both cleaners and so survive in the original.
    decoded = re.sub(r"[\t\n\r]", "", unescape(html))
    schemes = {m.lower() for m in _SCHEME.findall(decoded)} | set(SCHEMES)
    keep = nh3.clean(html, tags=names, clean_content_tags=set(),
                     attributes={"*": attrs}, url_schemes=schemes, link_rel=None, strip_comments=True)
    if keep == strict:
        return Result(html, False)
    return Result(strict, True)


def removed(html: str, clean: str) -> list[str]:
    """Short German descriptions of what sanitising took out (for messages)."""
    found = []
    low = html.lower()
    for tag in sorted(DROP_WITH_CONTENT | {"link", "meta", "base", "input", "button"}):
        if f"<{tag}" in low and f"<{tag}" not in clean.lower():
            found.append(f"<{tag}>")
    if re.search(r"\son[a-z]+\s*=", low) and not re.search(r"\son[a-z]+\s*=", clean.lower()):
        found.append("Ereignis-Attribute (on…=)")
    if re.search(r"\sstyle\s*=", low) and not re.search(r"\sstyle\s*=", clean.lower()):
        found.append("style-Attribute")
    if len(re.findall(r"\s(?:href|src|srcset)\s*=", low)) > len(re.findall(r"\s(?:href|src|srcset)\s*=", clean.lower())) \
            or not found:
        found.append("unsichere Verweise (z. B. javascript:, data:, Bilder von anderen Websites, "
                     "mailto: mit Zusätzen) oder nicht erlaubte HTML-Elemente")
    return found
