"""HTML sanity of every built page, and a link checker over the whole built site.

Each test walks all pages and reports every offending page at once (page: problem),
so one run shows the full list.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from helpers import SITE_URL, html_files, parse_html, url_path

SITE_HOST = urlsplit(SITE_URL).hostname
# (tag, attribute) pairs whose value is a URL the site must be able to serve.
URL_ATTRIBUTES = {
    ("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"), ("img", "srcset"),
    ("source", "src"), ("source", "srcset"), ("script", "src"), ("iframe", "src"),
    ("video", "src"), ("video", "poster"), ("audio", "src"), ("track", "src"),
    ("embed", "src"), ("object", "data"), ("use", "href"), ("use", "xlink:href"),
    ("image", "href"), ("image", "xlink:href"),
}


@pytest.fixture(scope="module")
def pages(site_dir):
    """{site-relative file path: HtmlDoc} of every built HTML file."""
    result = {}
    for path in html_files(site_dir):
        result[path.relative_to(site_dir).as_posix()] = parse_html(path.read_text(encoding="utf-8"))
    assert result, f"no HTML in {site_dir}"
    return result


def _report(problems: list[str], what: str) -> str:
    return f"{len(problems)} {what}:\n  " + "\n  ".join(problems)


def test_the_site_has_pages(pages):
    assert "index.html" in pages and "404.html" in pages, sorted(pages)


def test_html_lang_is_german(pages):
    problems = [f"{name}: <html lang={doc.lang!r}>" for name, doc in pages.items() if doc.lang != "de"]
    assert not problems, _report(problems, "pages without <html lang=\"de\">")


def test_exactly_one_h1(pages):
    problems = []
    for name, doc in pages.items():
        count = len(doc.find("h1"))
        if count != 1:
            problems.append(f"{name}: {count} <h1> elements")
    assert not problems, _report(problems, "pages without exactly one <h1>")


def test_title_not_empty(pages):
    problems = [f"{name}: title {doc.title!r}" for name, doc in pages.items()
                if not (doc.title or "").strip()]
    assert not problems, _report(problems, "pages with missing or empty <title>")


def test_ids_unique_per_page(pages):
    problems = []
    for name, doc in pages.items():
        ids = Counter(e.attrs["id"] for e in doc.elements if e.attrs.get("id") is not None)
        duplicates = sorted(i for i, n in ids.items() if n > 1)
        if duplicates:
            problems.append(f"{name}: duplicate id(s) {', '.join(map(repr, duplicates))}")
        empty = [e.line for e in doc.elements if e.attrs.get("id") is not None and not e.attrs["id"].strip()]
        if empty:
            problems.append(f"{name}: empty id on line(s) {empty}")
    assert not problems, _report(problems, "pages with id problems")


def test_every_img_has_alt(pages):
    problems = []
    for name, doc in pages.items():
        for img in doc.find("img"):
            if img.attrs.get("alt") is None:
                problems.append(f"{name}:{img.line}: <img src={img.attrs.get('src')!r}> without alt")
    assert not problems, _report(problems, "images without alt attribute")


# --------------------------------------------------------------------------- link checker

def _urls(tag: str, attr: str, value: str) -> list[str]:
    if attr == "srcset":
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return [value.strip()]


def internal_target(page_url: str, href: str) -> tuple[str, str] | None:
    """(site path, fragment) that ``href`` on the page at ``page_url`` (e.g. "/a/b/") points to,
    or None for an external or non-navigational URL (mailto:, tel:, other hosts…)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("", "http", "https", "webcal") or parts.hostname != SITE_HOST:
            return None
        return (parts.path or "/"), parts.fragment
    joined = urlsplit(urljoin("http://site.invalid" + page_url, href))
    return joined.path or "/", joined.fragment


def resolve_file(site_dir: Path, path: str) -> Path | None:
    """The built file that serves ``path`` (as a static host would), or None."""
    rel = unquote(path).lstrip("/")
    candidate = site_dir / rel
    if rel == "" or rel.endswith("/"):
        candidate = candidate / "index.html"
    elif candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        candidate.resolve().relative_to(site_dir.resolve())
    except ValueError:
        return None
    return candidate if candidate.is_file() else None


def _ids(doc) -> set[str]:
    ids = {e.attrs["id"] for e in doc.elements if e.attrs.get("id")}
    ids |= {e.attrs["name"] for e in doc.elements if e.tag == "a" and e.attrs.get("name")}
    return ids


def test_internal_links_resolve(site_dir, pages):
    """Every URL attribute pointing into the site resolves to a built file; every
    #fragment of a link to an HTML page names an id on that page."""
    problems = []
    ids_cache: dict[str, set[str]] = {}
    checked = 0
    for name, doc in pages.items():
        page_url = "/" + url_path(site_dir, site_dir / name)
        for element in doc.elements:
            for attr, value in element.attrs.items():
                if (element.tag, attr) not in URL_ATTRIBUTES or value is None or not value.strip():
                    continue
                for url in _urls(element.tag, attr, value):
                    target = internal_target(page_url, url)
                    if target is None:
                        continue
                    checked += 1
                    path, fragment = target
                    file = resolve_file(site_dir, path)
                    where = f"{name}:{element.line} <{element.tag} {attr}={url!r}>"
                    if file is None:
                        problems.append(f"{where} -> {path} does not exist")
                        continue
                    if fragment and file.suffix == ".html":
                        key = file.relative_to(site_dir).as_posix()
                        if key not in ids_cache:
                            ids_cache[key] = _ids(pages[key]) if key in pages else set()
                        if unquote(fragment) not in ids_cache[key]:
                            problems.append(f"{where} -> no id {fragment!r} in {key}")
    assert checked > 0, "the link checker found no internal links at all"
    assert not problems, _report(problems, "broken internal links")


def test_link_checker_detects_breakage(tmp_path):
    """The checker itself: a missing page, a missing fragment and an escape above the root are found."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h1 id="x">A</h1>', encoding="utf-8")
    assert resolve_file(tmp_path, "/a/") is not None
    assert resolve_file(tmp_path, "/a") is not None
    assert resolve_file(tmp_path, "/b/") is None
    assert internal_target("/a/", "../b/#y") == ("/b/", "y")
    assert internal_target("/a/", "https://example.org/") is None
    assert internal_target("/a/", "mailto:x@example.org") is None
    assert internal_target("/a/", SITE_URL + "a/#x") == ("/a/", "x")
    assert internal_target("/a/", "webcal://www.engagiert-in-nrw.de/kalender.ics") == ("/kalender.ics", "")
