"""The navigation, tabs and config script rendered once per folder (engagiert/chrome.py):
the built site is byte for byte the same as with every block rendered on every page, and
the cache is only used where that holds."""

from __future__ import annotations

from dataclasses import dataclass, field

from helpers import build_site, html_files

from engagiert.chrome import ChromeCache


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
