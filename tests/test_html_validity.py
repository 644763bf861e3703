"""HTML validity: the Nu HTML Checker (vnu, npm package ``vnu-jar``) on one built page of
every page type in helpers.PAGE_TYPES (404.html included).

One java process checks all pages (``--also-check-css`` covers <style> and style="…") plus a
canary document with a known error, so a checker that silently checks nothing fails too.
Errors and warnings fail; ACCEPTED lists messages we keep on purpose, each with the reason
(none at the moment).

Some of the fixes are copies of Material templates in overrides/ (VENDORED): the last test
fails when the installed Material's file is no longer the one we copied, so an upgrade of
Material cannot silently bring the stock markup back or drop an upstream fix.

Needs ``java`` (Debian's default-jre-headless; ``make browser`` installs it) and
node_modules (``npm ci``; ``make test`` runs it).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import material
import pytest

from helpers import PAGE_TYPES, ROOT, find_page

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MATERIAL_TEMPLATES = Path(material.__file__).resolve().parent / "templates"

# (regular expression matching the message, reason). A message listed here does not fail the
# test. Keep this empty unless a message is wrong or cannot be fixed at its source.
ACCEPTED: list[tuple[str, str]] = [
    # The checker reads files, which have no origin, so every 'self' resource looks foreign
    # to it, and it applies script-src to JSON data blocks, which browsers never execute.
    # tests/test_security_csp.py checks the policy in Chromium: no violation on any page type.
    (r"^(Resource|Inline script) violates Content Security Policy \(meta tag\)",
     "Content-Security-Policy (issue #13) is checked in a browser instead"),
]

CANARY = """<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><title>Kanarienvogel</title></head>
<body><p>Ein Kontrollkästchen mit einem Attribut, das HTML dort nicht erlaubt:
<input type="checkbox" id="canary" autocomplete="off"></p></body>
</html>
"""
CANARY_MESSAGE = "Attribute “autocomplete” is only allowed when the input type is"


def _page_file(site_dir: Path, url: str) -> Path:
    if url == "" or url.endswith("/"):
        return site_dir / url / "index.html"
    return site_dir / url


@pytest.fixture(scope="module")
def checked_pages(site_dir) -> dict[str, Path]:
    pages = {}
    for page_type in PAGE_TYPES:
        url = find_page(site_dir, page_type)
        if url is not None:
            pages[page_type.name] = _page_file(site_dir, url)
    return pages


@pytest.fixture(scope="module")
def vnu_messages(checked_pages, tmp_path_factory) -> dict[str, list[dict]]:
    """vnu's messages by checked file name (file: URL path); the canary under "canary"."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("java not found: the Nu HTML Checker needs a Java runtime "
                    "(Debian: apt-get install default-jre-headless; `make browser` does it)")
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR} missing: run `npm ci` (make test does)", pytrace=False)
    canary = tmp_path_factory.mktemp("vnu") / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    files = [*checked_pages.values(), canary]
    proc = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--exit-zero-always",
         "--skip-non-html", "--also-check-css", *map(str, files)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=600,
    )
    assert proc.returncode == 0, f"vnu exited with {proc.returncode}:\n{proc.stderr}"
    report = json.loads(proc.stdout)
    by_file: dict[str, list[dict]] = {str(f.resolve()): [] for f in files}
    for message in report["messages"]:
        url = message.get("url", "")
        path = str(Path(unquote(re.sub(r"^file:(//)?", "", url))).resolve()) if url else ""
        by_file.setdefault(path, []).append(message)
    by_file["canary"] = by_file.pop(str(canary.resolve()))
    return by_file


def _accepted(message: dict) -> bool:
    return any(re.search(pattern, message.get("message", "")) for pattern, _ in ACCEPTED)


def _format(site_dir: Path, messages: list[tuple[str, dict]]) -> str:
    lines = [f"{len(messages)} message(s) of the Nu HTML Checker:"]
    for path, m in messages:
        try:
            where = Path(path).relative_to(site_dir).as_posix()
        except ValueError:
            where = path or "(no file)"
        kind = m.get("subType") or m.get("type")
        extract = " ".join(m.get("extract", "").split())[:160]
        lines.append(f"- {where}:{m.get('lastLine', '?')} [{kind}] {m.get('message')}")
        if extract:
            lines.append(f"      {extract}")
    return "\n".join(lines)


def test_every_page_type_is_checked(checked_pages):
    assert "404" in checked_pages, "404.html not built"
    assert len(checked_pages) >= 10, f"only {sorted(checked_pages)} found in the built site"


def test_checker_reports_a_known_error(vnu_messages):
    """The canary's invalid attribute must come back as an error: vnu really checked."""
    errors = [m for m in vnu_messages["canary"] if m.get("type") == "error"]
    assert any(CANARY_MESSAGE in m.get("message", "") for m in errors), vnu_messages["canary"]


def test_no_errors(site_dir, vnu_messages):
    found = [(path, m) for path, messages in vnu_messages.items() if path != "canary"
             for m in messages
             if m.get("type") in ("error", "non-document-error") and not _accepted(m)]
    assert not found, _format(site_dir, found)


def test_no_warnings(site_dir, vnu_messages):
    found = [(path, m) for path, messages in vnu_messages.items() if path != "canary"
             for m in messages
             if m.get("type") == "info" and m.get("subType") == "warning" and not _accepted(m)]
    assert not found, _format(site_dir, found)


# --------------------------------------------------------------------------- vendored templates

# Copies of Material templates in overrides/ with the changes applied to them: each is
# (path below templates/, [(Material's text, our text), …]). The header comment of the
# copy replaces Material's "automatically generated" comment.
VENDORED: list[tuple[str, list[tuple[str, str]]]] = [
    ("base.html", [
        ('id="__drawer" autocomplete="off">', 'id="__drawer">'),
        ('id="__search" autocomplete="off">', 'id="__search">'),
        # issue #19: no rel=prev/next links, which Material's single-key shortcuts follow (2.1.4)
        ("""      {% if page.previous_page %}
        <link rel="prev" href="{{ page.previous_page.url | url }}">
      {% endif %}
      {% if page.next_page %}
        <link rel="next" href="{{ page.next_page.url | url }}">
      {% endif %}
""", ""),
        # issue #19: the skip link on every page, first, into the content (which holds the h1);
        # the drawer toggle named (the keyboard's way into the menu without JavaScript)
        ("""    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">
    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">
    <label class="md-overlay" for="__drawer"></label>
    <div data-md-component="skip">
      {% if page.toc | first is defined %}
        {% set skip = page.toc | first %}
        <a href="{{ skip.url | url }}" class="md-skip">
          {{ lang.t("action.skip") }}
        </a>
      {% endif %}
    </div>
""", """    <div data-md-component="skip">
      <a href="#inhalt" class="md-skip">
        {{ lang.t("action.skip") }}
      </a>
    </div>
    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" aria-label="Menü" aria-controls="__drawer-nav">
    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">
    <label class="md-overlay" for="__drawer"></label>
"""),
        ('<div class="md-content" data-md-component="content">',
         '<div class="md-content" data-md-component="content" id="inhalt" tabindex="-1">'),
        ('<div class="md-sidebar md-sidebar--primary" data-md-component="sidebar" data-md-type="navigation" {{ hidden }}>',
         '<div class="md-sidebar md-sidebar--primary" id="__drawer-nav" data-md-component="sidebar" data-md-type="navigation" {{ hidden }}>'),
        # front matter is text (issue #13): Material prints it unescaped
        ('content="{{ page.meta.description }}"', 'content="{{ page.meta.description | e }}"'),
        ('content="{{ page.meta.author }}"', 'content="{{ page.meta.author | e }}"'),
    ]),
    ("partials/nav-item.html", [
        ('id="{{ path }}_label" tabindex="{{ tabindex }}">',
         'id="{{ path }}_label"{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>'),
        # issue #19: the icon-only expander gets a name
        ("""{% endif %}>
                <span class="md-nav__icon md-icon"></span>
              </label>""", """{% endif %}>
                <span class="md-nav__icon md-icon"></span>
                <span class="eng-visually-hidden">Unterseiten von {{ render_title(nav_item) }}</span>
              </label>"""),
        # issue #19: the way back out of a sub-level of the drawer takes focus
        ("""          <label class="md-nav__title" for="{{ path }}">
            <span class="md-nav__icon md-icon"></span>
""", """          <label class="md-nav__title" for="{{ path }}" tabindex="0">
            <span class="md-nav__icon md-icon"></span>
            <span class="eng-visually-hidden">Zurück aus dem Bereich</span>
"""),
    ]),
    ("partials/header.html", [
        # page titles come from data: escaped (Material's environment has no autoescape)
        ("{{ page.meta.title }}", "{{ page.meta.title | e }}"),
        ("              {{ page.title }}\n", "              {{ page.title | e }}\n"),
        # issue #19: a real menu button next to Material's label
        ("""      {% include ".icons/" ~ icon ~ ".svg" %}
    </label>
    <div class="md-header__title" """, """      {% include ".icons/" ~ icon ~ ".svg" %}
    </label>
    {#- engagiert (issue #19): a real button for the menu, shown by assets/javascripts/drawer.js. -#}
    {% include "partials/menu-button.html" %}
    <div class="md-header__title" """),
        # the site search (issue #6) instead of the lunr plugin's dialog
        ("""    {% if "material/search" in config.plugins %}
      {% set search = config.plugins["material/search"] | attr("config") %}
      {% if search.enabled %}
        <label class="md-header__button md-icon" for="__search">
          {% set icon = config.theme.icon.search or "material/magnify" %}
          {% include ".icons/" ~ icon ~ ".svg" %}
        </label>
        {% include "partials/search.html" %}
      {% endif %}
    {% endif %}
""",
         """    {#- engagiert: the site search (our own index, /suche/) replaces Material's search plugin. -#}
    {% include "partials/search.html" %}
"""),
    ]),
    ("partials/toc.html", [
        # issue #19: no empty "Inhaltsverzeichnis" landmark on pages without headings
        ("""<nav class="md-nav md-nav--secondary" aria-label="{{ title | e }}">
  {% set toc = page.toc %}
  {% set first = toc | first %}
  {% if first and first.level == 1 %}
    {% set toc = first.children %}
  {% endif %}
  {% if toc %}
""", """{% set toc = page.toc %}
{% set first = toc | first %}
{% if first and first.level == 1 %}
  {% set toc = first.children %}
{% endif %}
{% if toc %}
<nav class="md-nav md-nav--secondary" aria-label="{{ title | e }}">
"""),
        ("""    </ul>
  {% endif %}
</nav>
""", """    </ul>
</nav>
{% endif %}
"""),
        ("""    <label class="md-nav__title" for="__toc">
      <span class="md-nav__icon md-icon"></span>
      {{ title }}
    </label>
""",
         """    {% set has_toggle = page in nav.pages and not ("navigation.indexes" in features and page.is_index and page.parent) %}
    {% if has_toggle %}
      <label class="md-nav__title" for="__toc">
        <span class="md-nav__icon md-icon"></span>
        {{ title }}
      </label>
    {% else %}
      <div class="md-nav__title">
        <span class="md-nav__icon md-icon"></span>
        {{ title }}
      </div>
    {% endif %}
"""),
    ]),
]

_HEADER = re.compile(r"\A\{#-.*?-#\}\n", re.S)


@pytest.mark.parametrize("name,changes", VENDORED, ids=[name for name, _ in VENDORED])
def test_vendored_material_template_is_current(name, changes):
    material = MATERIAL_TEMPLATES / name
    if not material.is_file():
        pytest.fail(f"{material} missing: is Material for MkDocs installed in .venv?", pytrace=False)
    expected = _HEADER.sub("", material.read_text(encoding="utf-8"), count=1)
    for old, new in changes:
        assert old in expected, (
            f"Material's {name} no longer contains {old!r}: copy it to overrides/{name} again "
            "and redo the change (or drop the copy if Material fixed it)")
        expected = expected.replace(old, new)
    ours = (ROOT / "overrides" / name).read_text(encoding="utf-8")
    assert ours.startswith("{#-") and "Copy of Material for MkDocs" in ours.split("-#}", 1)[0], (
        f"overrides/{name} should start with a comment saying what was changed")
    assert _HEADER.sub("", ours, count=1) == expected, (
        f"overrides/{name} differs from Material's {name} by more than the listed changes: "
        "Material was upgraded (copy the file again and redo the change) or the copy was edited "
        "(list the change in VENDORED)")
