"""Fuzzing the routes of a pull request that are not data files (issue #13): the front matter
of content pages and Markdown bodies.

Hypothesis mixes hostile fragments (script, handlers, encoded schemes, foreign resources,
YAML tags, aliases, deep nesting, control characters) with random text. The front matter
check must answer every input with located German problems or none, never an exception;
a Markdown body rendered with the site's extensions and passed through the one sanitising
path must come out inert.
"""

from __future__ import annotations

import html as htmllib
import re
from html.parser import HTMLParser

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import ROOT

from engagiert.base.sanitize import is_own, sanitize
from engagiert.load.frontmatter import check_page, page_templates

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HTML_ATTACKS = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//other.example/x.js></SCRIPT>", "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle/></svg>", "<iframe src=https://other.example/></iframe>",
    "<object data=x.swf></object>", "<embed src=x>", "<form action=https://other.example/><input></form>",
    "<style>@import url(https://other.example/x.css)</style>", "<p style=\"background:url(//other.example/x)\">p</p>",
    "<a href=\"javascript:alert(1)\">a</a>", "<a href=\"jav&#x09;ascript:alert(1)\">a</a>",
    "<a href=\"&#106;avascript:alert(1)\">a</a>", "<a href=\" javascript:alert(1)\">a</a>",
    "<a href=\"vbscript:x\">v</a>", "<a href=\"data:text/html;base64,PHNjcmlwdD4=\">d</a>",
    "<img src=\"https://other.example/p.png\" alt=\"p\">", "<img src=\"//other.example/p.png\" alt=\"p\">",
    "<div markdown=\"1\" onclick=\"x()\">**b**</div>", "<math><mi xlink:href=\"javascript:alert(1)\">m</mi></math>",
    "<details open ontoggle=alert(1)><summary>s</summary></details>", "<base href=\"https://other.example/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://other.example/\">", "<link rel=stylesheet href=//other.example/>",
    "<!-- <script>alert(1)</script> -->", "<![CDATA[<script>alert(1)</script>]]>", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<a href=x onmouseover=alert(1)>x</a>", "<video poster=//other.example/p.png></video>", "<audio src=//other.example/a.mp3>",
]
MARKDOWN_ATTACKS = [
    "[x](javascript:alert(1))", "[x](javascript&#58;alert(1))", "[x](JaVaScRiPt:alert(1))", "[r]: javascript&#x3A;alert(3)",
    "[x][r]", "![a](https://other.example/p.png)", "![a](data:image/svg+xml;base64,PHN2Zz4=)", "<https://other.example/>",
    "[x](https://other.example/ \"t\"){: onclick=\"alert(1)\" }", "{: onclick=alert(1) }", "# T {: onmouseover=x }",
    "!!! note \"<img src=x onerror=alert(1)>\"", "??? note", "| a | b |\n|---|---|\n| <script>x</script> | c |",
    "Term\n:   <iframe src=//other.example>", "```\n<script>alert(1)</script>\n```", "    <script>indented</script>",
    "[" * 50, "<" * 50, "*" * 40, "&#0;", "&#x202e;", "\u202e", "\x00", "\x0b", "\ufeff",
]
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
SEPARATORS = st.sampled_from(["", " ", "\n", "\n\n", "\n    ", "\n> "])


@st.composite
def bodies(draw) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(HTML_ATTACKS), st.sampled_from(MARKDOWN_ATTACKS), TEXT),
                          min_size=1, max_size=10))
    return "".join(part + draw(SEPARATORS) for part in parts)


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


_FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "form", "style", "base", "meta", "link", "frame",
                   "frameset", "applet", "svg", "math", "input", "button", "textarea", "select"}
_URL_ATTRS = {"href", "src", "srcset", "poster", "action", "formaction", "xlink:href", "data", "background"}


def _problems_of(rendered: str) -> list[str]:
    parser = _Collect()
    parser.feed(rendered)
    parser.close()
    found = []
    for tag, attrs in parser.tags:
        if tag in _FORBIDDEN_TAGS:
            found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                found.append(f"{tag} {name}")
            if name == "style":
                found.append(f"{tag} style")
            if name in _URL_ATTRS and value is not None:
                url = "".join(htmllib.unescape(value).split()).lower()
                url = re.sub(r"[\x00-\x1f]", "", url)
                if re.match(r"(javascript|vbscript|data|livescript):", url):
                    found.append(f"{tag} {name}={value!r}")
                if name != "href" and not is_own(value):
                    found.append(f"{tag} {name} loads {value!r}")
    return found


def _render(body: str) -> str:
    md = markdown.Markdown(extensions=["toc", "attr_list", "md_in_html", "def_list", "tables", "admonition",
                                       "pymdownx.details"])
    return md.convert(body)


@FUZZ
@given(bodies())
def test_a_markdown_body_comes_out_of_the_sanitiser_inert(body):
    rendered = _render(body)
    result = sanitize(rendered)
    problems = _problems_of(result.html)
    assert not problems, (problems, body, result.html)


def test_the_inertness_check_sees_what_it_must():
    # The check above is only as good as this: each attack, unsanitised, is caught.
    for attack in HTML_ATTACKS[:12] + ["<a href=\"&#106;avascript:alert(1)\">a</a>"]:
        assert _problems_of(attack), attack


_TEMPLATES = page_templates(ROOT)
_KEYS = ["title", "description", "template", "author", "subtitle", "themen", "format", "datum", "hide",
         "zusammenfassung", "search", "status", "entwurf", "veroeffentlichen_ab", "leichte_sprache"]
YAML_ATTACKS = [
    "!!python/object/apply:os.system ['echo x']", "!!python/name:os.system", "&a [1, 2]", "*a", "*undefined",
    "[" * 200, "{" * 200, "- " * 100, "? [a]\n: b", "!<tag:yaml.org,2002:str> x", "!!binary aGFsbG8=",
    "\"\\x00\"", "'\u202e'", "\t- x", "|\n  <script>alert(1)</script>", ">-\n  \"><img src=x onerror=alert(1)>",
    "0x1F", "1e400", "9" * 500, "2024-02-30", "~", "yes", "=", "%TAG ! tag:x,2000:", "---", "...",
    "\"\"\"", "[a, b, *c]", "<<: *a", "&x a\nother: *x",
]


@st.composite
def front_matters(draw) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        key = draw(st.one_of(st.sampled_from(_KEYS), TEXT))
        value = draw(st.one_of(st.sampled_from(YAML_ATTACKS), st.sampled_from(HTML_ATTACKS), TEXT))
        lines.append(f"{key}: {value}")
    text = "---\n" + "\n".join(lines) + "\n---\n\n" + draw(bodies())
    data = text.encode("utf-8", errors="surrogatepass")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut] + draw(st.binary(max_size=8)) + data[cut:]
    return data


@FUZZ
@given(front_matters())
def test_front_matter_of_any_page_gives_located_german_problems_or_none(data):
    problems = check_page("content/seite.md", data, _TEMPLATES)
    for p in problems:
        assert p.file == "content/seite.md", p
        assert p.message and not p.message.startswith(("Traceback", "Error")), p
        assert p.line is None or 1 <= p.line <= data.count(b"\n") + 2, (p, data)


def test_front_matter_fuzzing_reaches_the_parser():
    # Not only early exits: a hostile tag and an alias are found and reported at their line.
    problems = check_page("content/seite.md", b"---\ntitle: x\ndescription: !!python/name:os.system\n---\n",
                          _TEMPLATES)
    assert problems and problems[0].line == 3, problems
    problems = check_page("content/seite.md", b"---\ntitle: &a x\nauthor: *a\n---\n", _TEMPLATES)
    assert problems and problems[0].line in (2, 3), problems
    assert yaml  # the same libyaml the loader uses is importable
