"""The navigation, tabs and config script rendered once per folder (engagiert/adapter/chrome.py):
the built site is byte for byte the same as with every block rendered on every page, and
the cache is only used where that holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from helpers import build_site, html_files

from engagiert.adapter.chrome import ChromeCache


@dataclass
class _Toc:
    level: int
    children: list = field(default_factory=list)


@dataclass
class _Page:
    url: str
    meta: dict = field(default_factory=dict)
    toc: list = field(default_factory=list)


@dataclass
class _Nav:
    pages: list


NAV = _Nav([_Page(""), _Page("mitglieder/"), _Page("angebote/"), _Page("angebote/workshops/")])


def test_pages_outside_the_navigation_share_one_key_per_folder():
    cache = ChromeCache()
    a = cache.key("site_nav", _Page("mitglieder/aachen/"), NAV)
    b = cache.key("site_nav", _Page("mitglieder/bonn/"), NAV)
    c = cache.key("site_nav", _Page("veranstaltungen/x/"), NAV)
    assert a == b != c and a is not None


def test_no_key_for_pages_in_the_navigation_or_above_one():
    cache = ChromeCache()
    assert cache.key("tabs", _Page("mitglieder/"), NAV) is None
    assert cache.key("tabs", _Page(""), NAV) is None            # the home page is above every page
    assert cache.key("tabs", _Page("angebote/"), NAV) is None


def test_no_key_for_hidden_parts_or_a_table_of_contents():
    cache = ChromeCache()
    assert cache.key("site_nav", _Page("wissen/a/", meta={"hide": ["toc"]}), NAV) is None
    with_toc = _Page("wissen/a/", toc=[_Toc(1, [_Toc(2)])])
    assert cache.key("site_nav", with_toc, NAV, needs_empty_toc=True) is None
    assert cache.key("tabs", with_toc, NAV) is not None
    only_h1 = _Page("wissen/b/", toc=[_Toc(1)])
    assert cache.key("site_nav", only_h1, NAV, needs_empty_toc=True) is not None


def test_get_and_put():
    cache = ChromeCache()
    key = cache.key("config", _Page("mitglieder/a/"), NAV)
    assert cache.get(key) is None
    assert cache.put(key, "<nav>x</nav>") == "<nav>x</nav>"
    assert cache.get(key) == "<nav>x</nav>" and cache.hits == 1
    assert cache.put(None, "<p>") == "<p>" and cache.get(None) is None
    assert ChromeCache(enabled=False).key("tabs", _Page("mitglieder/a/"), NAV) is None


def test_site_is_byte_identical_with_and_without_the_cache(tmp_path):
    code, out, cached = build_site(tmp_path / "cached", env={"ENGAGIERT_SEARCH": "0"})
    assert code == 0, out[-3000:]
    code, out, plain = build_site(tmp_path / "plain", env={"ENGAGIERT_SEARCH": "0", "ENGAGIERT_CHROME_CACHE": "0"})
    assert code == 0, out[-3000:]
    files = html_files(cached)
    assert len(files) > 50 and len(files) == len(html_files(plain))
    different = [f.relative_to(cached).as_posix() for f in files
                 if f.read_bytes() != (plain / f.relative_to(cached)).read_bytes()]
    assert different == []
    # and the cache was used: member profiles share the navigation
    member_pages = [f for f in files if f.relative_to(cached).as_posix().startswith("mitglieder/")
                    and f.relative_to(cached).as_posix().count("/") == 2]
    assert len(member_pages) > 5


def _block(template: str, name: str) -> list[str]:
    """Lines of ``{% block name %}`` … its ``{% endblock %}`` (blocks in these templates do not nest)."""
    lines = template.splitlines()
    start = next(i for i, line in enumerate(lines) if f"{{% block {name} %}}" in line)
    end = next(i for i in range(start, len(lines)) if "{% endblock %}" in lines[i])
    return [line.strip() for line in lines[start + 1:end]]


def test_site_nav_copy_differs_from_base_only_in_the_cached_include():
    """main.html repeats the site_nav block of base.html (itself checked against installed
    Material in test_html_validity.py) to cache the navigation include alone; when Material's
    block changes, this copy must change with it."""
    overrides = Path(__file__).resolve().parent.parent / "overrides"
    ours = _block((overrides / "main.html").read_text(encoding="utf-8"), "site_nav")
    base = _block((overrides / "base.html").read_text(encoding="utf-8"), "site_nav")
    include = '{% include "partials/nav.html" %}'
    assert base.count(include) == 1
    cached = [line for line in ours if line.startswith("{% set _key = chrome_cache.key(\"nav\"")]
    assert len(cached) == 1 and include in cached[0]
    assert [cached[0] if line == include else line for line in base] == ours
