"""Attack suite for issue #13: what an untrusted pull request could try.

Each case changes a copy of the repository and asserts a located German error (file and,
where there is one, line) or inert output; never a traceback, never a hang (every
subprocess has a timeout), nothing written outside the site folder, and no value of the
build's environment in any output file.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import ROOT, copy_repo, run_mkdocs_build

MARKER = "ENGAGIERT_SECRET_MARKER_5f1c0a"
CHECK_TIMEOUT = 60
BUILD_TIMEOUT = 300


def _check(repo: Path) -> tuple[int, str, float]:
    """`python -m engagiert.check --root repo`: (status, output, seconds)."""
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "engagiert.check", "--root", str(repo)],
                          cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=CHECK_TIMEOUT, env={**os.environ, MARKER: MARKER})
    return proc.returncode, proc.stdout, time.monotonic() - start


def _build(repo: Path, site: Path) -> tuple[int, str]:
    return run_mkdocs_build(repo, site, env={MARKER: MARKER, "ENGAGIERT_SEARCH": "0"}, timeout=BUILD_TIMEOUT)


def _assert_refused(code: int, output: str, *located: str) -> None:
    assert code == 1, output
    assert "Traceback" not in output and "Error:" not in output.split("Fehler")[0], output
    for text in located:
        assert text in output, f"{text!r} not in:\n{output}"


def _write(repo: Path, rel: str, data: str | bytes) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")


def _nothing_leaked(tmp_path: Path, site: Path) -> None:
    """No file outside repo/ and site/ was created, and no output file holds the marker."""
    assert {p.name for p in tmp_path.iterdir()} <= {"repo", "site"}
    if site.exists():
        for path in site.rglob("*"):
            if path.is_file() and not path.is_symlink():
                assert MARKER.encode() not in path.read_bytes(), path


@pytest.fixture
def repo(tmp_path):
    return copy_repo(tmp_path / "repo")


# --------------------------------------------------------------------------- files

SYMLINKS = {
    "environ": ("content/assets/x.txt", "/proc/self/environ"),
    "etc": ("content/etc", "/etc"),
    "markdown": ("content/geheim.md", "../../../README.md"),
    "data": ("data/extra.yaml", "/etc/passwd"),
    "template": ("overrides/partials/evil.html", "/etc/hostname"),
    "folder": ("content/assets/images/mehr", "../../../../.."),
}


@pytest.mark.parametrize("name", SYMLINKS)
def test_symlinks_are_refused_by_check(repo, name):
    link, target = SYMLINKS[name]
    (repo / link).parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, repo / link)
    code, output, _ = _check(repo)
    _assert_refused(code, output, link, "Symbolische Verknüpfungen", target)


def test_symlink_to_environment_stops_the_build_before_anything_is_published(tmp_path, repo):
    os.symlink("/proc/self/environ", repo / "content/assets/x.txt")
    site = tmp_path / "site"
    code, output = _build(repo, site)
    assert code != 0, output
    assert "content/assets/x.txt" in output and "Symbolische Verknüpfungen" in output, output
    assert "Traceback" not in output, output
    assert not (site / "assets/x.txt").exists()
    _nothing_leaked(tmp_path, site)


BAD_NAMES = ['content/"><img src=x onerror=alert(1)>.md', "content/Über uns.md", "content/a\u202egpj.md",
             "content/-rf.md", "content/x\u200b.md", "content/wissen/Ä.pdf"]


@pytest.mark.parametrize("rel", BAD_NAMES, ids=range(len(BAD_NAMES)))
def test_unsafe_file_names_are_refused(repo, rel):
    _write(repo, rel, "# Titel\n")
    code, output, _ = _check(repo)
    _assert_refused(code, output, "unzulässige Zeichen")


FILES = {
    "html": ("content/seite.html", "<script>alert(1)</script>", "HTML-Dateien"),
    "htm": ("content/x/seite.htm", "<p>x</p>", "HTML-Dateien"),
    "exe": ("content/downloads/tool.exe", "MZ", "werden nicht veröffentlicht"),
    "js-outside-assets": ("content/wissen/x.js", "alert(1)", "gehören zum Code"),
    "css-outside-assets": ("content/x.css", "body{}", "gehören zum Code"),
    "svg-script": ("content/assets/images/a.svg",
                   '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "„script“"),
    "svg-onload": ("content/assets/images/b.svg",
                   '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>',
                   "onload"),
    "svg-foreign": ("content/c.svg", '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject>'
                    '<div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>', "foreignObject"),
    "svg-external": ("content/d.svg", '<svg xmlns="http://www.w3.org/2000/svg" '
                     'xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://other.example/p.png"/>'
                     '</svg>', "„image“"),
    "svg-use-external": ("content/e.svg", '<svg xmlns="http://www.w3.org/2000/svg"><use href="https://other.example/s.svg#a"/>'
                         '</svg>', "Verweis auf"),
    "svg-css-url": ("content/f.svg", '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://o.example/x)"/>'
                    '</svg>', "Verweis in"),
    "svg-entity": ("content/g.svg", '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
                   '<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>', "DOCTYPE"),
    "svg-javascript": ("content/h.svg", '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)">'
                       '<text>x</text></a></svg>', "„a“"),
}


@pytest.mark.parametrize("name", FILES)
def test_file_types_outside_the_allow_list_are_refused(repo, name):
    rel, data, message = FILES[name]
    _write(repo, rel, data)
    code, output, _ = _check(repo)
    _assert_refused(code, output, rel, message)


def test_the_sites_own_files_pass(repo):
    code, output, _ = _check(repo)
    assert code == 0, output


# --------------------------------------------------------------------------- front matter

PAGE = "content/angriff.md"


def _page(front: str, body: str = "# Angriff\n\nText.\n") -> str:
    return f"---\n{front}\n---\n\n{body}"


BOMB = "\n".join(["a: &a [x, x, x, x, x, x, x, x, x]"]
                 + [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
                    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
                    f"*{chr(97 + i)}]" for i in range(9)])

FRONT_MATTER = {
    "nested-brackets": ("title: x\nliste: " + "[" * 100_000, "zu tief verschachtelt", 3),
    "nested-balanced": ("title: x\nliste: " + "[" * 30_000 + "]" * 30_000, "zu tief verschachtelt", 3),
    "nested-blocks": ("title: x\nliste:\n" + "".join("  " * i + "-\n" for i in range(200)), "zu tief verschachtelt", None),
    "alias-bomb": (BOMB, "Anker und Verweise", None),
    "template-traversal": ("title: x\ntemplate: ../../mkdocs.yml", "Die Vorlage „../../mkdocs.yml“ gibt es nicht", 3),
    "template-unknown": ("title: x\ntemplate: partials/header.html", "Die Vorlage", 3),
    "title-mapping": ("title: {a: 1}", "einfacher Text", 2),
    "yaml-tag": ("title: !!python/object:os.system x", "Typangaben", 2),
    "duplicate-key": ("title: a\ntitle: b", "doppelt", 3),
}


@pytest.mark.parametrize("name", FRONT_MATTER)
def test_front_matter_of_any_page_is_checked_before_mkdocs_reads_it(repo, name):
    front, message, line = FRONT_MATTER[name]
    _write(repo, PAGE, _page(front))
    code, output, seconds = _check(repo)
    _assert_refused(code, output, PAGE + (f":{line}" if line else ""), message)
    assert seconds < 30


def test_alias_bomb_in_front_matter_stops_the_build_quickly(tmp_path, repo):
    _write(repo, PAGE, _page(BOMB))
    start = time.monotonic()
    code, output = _build(repo, tmp_path / "site")
    assert code != 0 and "Anker und Verweise" in output and PAGE in output, output
    assert "Traceback" not in output
    assert time.monotonic() - start < 120


def test_utf16_page_is_refused(repo):
    _write(repo, PAGE, _page("title: Grüße").encode("utf-16"))
    code, output, _ = _check(repo)
    _assert_refused(code, output, PAGE, "UTF-16")


def test_latin1_page_is_refused_with_its_line(repo):
    _write(repo, PAGE, _page("title: Grüße").encode("latin-1"))
    code, output, _ = _check(repo)
    _assert_refused(code, output, PAGE + ":2", "UTF-8")


def test_alias_bomb_in_mkdocs_yml_is_refused_by_check(repo):
    text = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    _write(repo, "mkdocs.yml", text + "\n" + BOMB.replace("\n", "\n  ").replace("a: &a", "bomb:\n  a: &a", 1) + "\n")
    code, output, seconds = _check(repo)
    _assert_refused(code, output, "mkdocs.yml:", "Anker und Verweise")
    assert seconds < 30


def test_deep_nesting_in_a_data_file_is_refused_without_crash(repo):
    members = (repo / "data/members.yaml").read_text(encoding="utf-8")
    _write(repo, "data/members.yaml", members + "\n- id: tief\n  name: " + "[" * 30_000 + "]" * 30_000 + "\n")
    code, output, _ = _check(repo)
    _assert_refused(code, output, "data/members.yaml:", "zu tief verschachtelt")


def test_alias_in_collections_yml_is_refused(repo):
    text = (repo / "collections.yml").read_text(encoding="utf-8")
    _write(repo, "collections.yml", text.replace("  source: data/topics.yaml", "  source: &s data/topics.yaml", 1)
           + "\nx:\n  source: *s\n")
    code, output, _ = _check(repo)
    _assert_refused(code, output, "collections.yml:", "Anker")


# --------------------------------------------------------------------------- HTML in pages

PAYLOAD = '"><script>alert(1)</script>'


@pytest.fixture(scope="module")
def front_matter_site(tmp_path_factory):
    """One build with a script payload in every front matter field Material prints."""
    tmp = tmp_path_factory.mktemp("frontmatter")
    repo = copy_repo(tmp / "repo")
    q = PAYLOAD.replace('"', '\\"')
    _write(repo, "content/feld-description.md", _page(f'description: "{q}"'))
    _write(repo, "content/feld-author.md", _page(f'author: "{q}"'))
    _write(repo, "content/feld-title.md", _page(f'title: "{q}"', body="Text ohne Überschrift.\n"))
    mitmachen = (repo / "content/mitmachen.md").read_text(encoding="utf-8")
    _write(repo, "content/mitmachen.md", mitmachen.replace("title: Mitmachen", f'title: Mitmachen\nsubtitle: "{q}"', 1))
    site = tmp / "site"
    code, output = _build(repo, site)
    assert code == 0, output
    _nothing_leaked(tmp, site)
    return site


@pytest.mark.parametrize("field,page", [("description", "feld-description"), ("author", "feld-author"),
                                        ("title", "feld-title"), ("subtitle", "index")])
def test_front_matter_printed_by_material_is_text(front_matter_site, field, page):
    html = (front_matter_site / page / "index.html").read_text(encoding="utf-8") if page != "index" else \
        (front_matter_site / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html, f"{field}: payload not shown as text"


def test_no_page_of_the_front_matter_build_carries_the_payload(front_matter_site):
    leaks = [p for p in front_matter_site.rglob("*.html") if "<script>alert(1)" in p.read_text(encoding="utf-8")]
    assert not leaks


BODIES = {
    "script": ("<script>alert(1)</script>", "<script>"),
    "iframe": ('<iframe src="https://other.example/"></iframe>', "<iframe>"),
    "object": ('<object data="x.swf"></object>', "<object>"),
    "embed": ('<embed src="x.swf">', "<embed>"),
    "form": ('<form action="https://other.example/"><input name="pw"></form>', "<form>"),
    "style": ("<style>body{background:url(https://other.example/t.png)}</style>", "<style>"),
    "handler": ('<p onclick="alert(1)">x</p>', "Ereignis-Attribute"),
    "javascript-link": ("[x](javascript:alert(1))", "unsichere Verweise"),
    "entity-scheme": ('<a href="javascript&#58;alert(1)">x</a>', "unsichere Verweise"),
    "data-url": ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "unsichere Verweise"),
    "external-image": ("![x](https://other.example/p.png)", "unsichere Verweise"),
    "attr-list-handler": ("Absatz\n{: onmouseover=\"alert(1)\" }", "Ereignis-Attribute"),
    "md-in-html": ('<div markdown="1">\n<img src="x" onerror="alert(1)">\n</div>', "Ereignis-Attribute"),
    "svg-inline": ("<svg><script>alert(1)</script></svg>", "<script>"),
}


@pytest.fixture(scope="module")
def bodies_build(tmp_path_factory):
    """One strict build with one attack page per entry of BODIES: (status, output)."""
    tmp = tmp_path_factory.mktemp("bodies")
    repo = copy_repo(tmp / "repo")
    for name, (body, _) in BODIES.items():
        _write(repo, f"content/angriff-{name}.md", _page("title: Angriff", "# Angriff\n\nEin Absatz.\n\n" + body + "\n"))
    site = tmp / "site"
    code, output = _build(repo, site)
    _nothing_leaked(tmp, site)
    return code, output


@pytest.mark.parametrize("name", BODIES)
def test_html_in_page_bodies_stops_the_strict_build_with_its_place(bodies_build, name):
    code, output = bodies_build
    assert code != 0, output
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if f"content/angriff-{name}.md" in line]
    assert lines, output
    # The body is on lines 9 and 10 of each page.
    assert re.search(rf"content/angriff-{name}\.md:(9|10) – ", lines[0]) and BODIES[name][1] in lines[0], lines


def test_html_in_page_bodies_is_inert_without_strict(tmp_path, repo):
    body = "\n\n".join(b for b, _ in BODIES.values())
    _write(repo, PAGE, _page("title: Angriff", "# Angriff\n\n" + body + "\n"))
    site = tmp_path / "site"
    proc = subprocess.run([str(ROOT / ".venv/bin/mkdocs"), "build", "-f", str(repo / "mkdocs.yml"), "-d", str(site)],
                          cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=BUILD_TIMEOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1",
                                                      "ENGAGIERT_SEARCH": "0", MARKER: MARKER})
    assert proc.returncode == 0, proc.stdout
    html = (site / "angriff/index.html").read_text(encoding="utf-8")
    article = html[html.index("<h1"):html.index("</article>")]  # the page's body, after the edit button
    for bad in ("<script", "<iframe", "<object", "<embed", "<form", "<style", "onclick", "onerror",
                "onmouseover", "javascript", "data:text", "other.example/p.png", "<svg"):
        assert bad not in article, bad
    _nothing_leaked(tmp_path, site)


# --------------------------------------------------------------------------- data Markdown

EVIL_DATA_MARKDOWN = (
    "[a](javascript&#58;alert(1)) [b](javascript&colon;alert(2)) [c][r] "
    "![d](https://other.example/p.png) [e](mailto:x@y.de?bcc=z@stadt.de&subject=Hallo) "
    "[f](vbscript&#x3A;x) [g](data:text/html;base64,PHNjcmlwdD4=) [h](java\tscript:alert(4))"
    "\n\n[r]: javascript&#x3A;alert(3)")


def test_data_markdown_with_encoded_schemes_stops_the_build_at_the_line(tmp_path, repo):
    events = (repo / "data/events.yaml").read_text(encoding="utf-8")
    evil = EVIL_DATA_MARKDOWN.replace("\n\n", "\n\n    ")
    events = events.replace("  beschreibung: |\n", "  beschreibung: |\n    " + evil + "\n\n", 1)
    line = events[:events.index("[a](javascript")].count("\n") + 1
    _write(repo, "data/events.yaml", events)
    code, output = _build(repo, tmp_path / "site")
    assert code != 0, output
    assert "Traceback" not in output, output
    for scheme, at in (("javascript", line), ("vbscript", line), ("data", line), ("javascript", line + 2)):
        assert re.search(rf"data/events\.yaml:{at} – .*„{scheme}:“ ist keine bekannte Link-Art", output), \
            (scheme, at, output)
    assert not (tmp_path / "site/veranstaltungen").exists() or "javascript" not in "".join(
        p.read_text(encoding="utf-8") for p in (tmp_path / "site/veranstaltungen").rglob("*.html"))


def test_data_markdown_filter_drops_encoded_schemes_external_images_and_mailto_parameters():
    # Behind the validation, the filter itself stays safe (a record not validated, a new field).
    from engagiert.base.formatting import render_markdown

    html = str(render_markdown(EVIL_DATA_MARKDOWN))
    assert 'href="https://other.example/p.png"' in html  # linked, not loaded
    assert "<img" not in html
    urls = re.findall(r'(?:href|src)="([^"]*)"', html)
    assert not [u for u in urls if re.match(r"\s*(javascript|vbscript|data):", u, re.I)], urls
    assert not [u for u in urls if "bcc=" in u or "subject=" in u], urls
    assert "javascript" not in html and "vbscript" not in html, html


def test_edit_link_is_percent_encoded():
    from types import SimpleNamespace

    from engagiert.adapter.safety import safe_edit_url

    page = SimpleNamespace(edit_url='https://github.com/o/r/edit/main/content/"><img src=x onerror=alert(1)>.md')
    safe_edit_url(page)
    assert '"' not in page.edit_url and "<" not in page.edit_url and ">" not in page.edit_url
    assert page.edit_url.startswith("https://github.com/o/r/edit/main/content/%22%3E%3Cimg")


def test_audit_fails_on_script_the_templates_did_not_write(tmp_path):
    from engagiert.outputs import htmlaudit

    patterns = htmlaudit.template_scripts((str(ROOT / "overrides"),))
    page = htmlaudit.add_csp('<!doctype html><html><head><meta charset="utf-8"><title>t</title></head>'
                             '<body><script>alert(1)</script><img src="https://other.example/x.png" alt="">'
                             '<a href="javascript:alert(1)">x</a><p onclick="x()">y</p></body></html>', patterns)
    found = " ".join(htmlaudit.audit_html(page, "x.html", patterns))
    assert "Inline-Skript" in found and "anderen Host" in found and "javascript" in found and "onclick" in found
    clean = htmlaudit.add_csp('<!doctype html><html><head><meta charset="utf-8"><title>t</title></head>'
                              '<body><p>y</p></body></html>', patterns)
    assert htmlaudit.audit_html(clean, "x.html", patterns) == []
    assert re.search(r"script-src 'self';", clean)
