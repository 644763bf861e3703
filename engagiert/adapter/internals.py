"""Every place where this project relies on MkDocs, Material or Jinja beyond their documented
plugin, hook and theme APIs, in one list, each with a check against the installed packages.

The hook (hooks/collections_hook.py) uses only documented events and ``File.generated``. The
entries below are what a new MkDocs, ProperDocs, Material or Jinja release could break without
an error message of its own; tests/test_internals.py runs every ``check`` and fails, naming
the entry, when one of them no longer holds. Then read the entry's ``where`` and adapt it.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Internal:
    package: str                       # the distribution whose internals are used
    what: str                          # the internal relied on
    where: str                         # our code that relies on it
    check: Callable[[], list[str]]     # problems found in the installed packages ([] = holds)


def _material_templates() -> Path:
    import material

    return Path(material.__file__).resolve().parent / "templates"


def _has(source: str, *needles: str) -> list[str]:
    return [f"no longer contains {n!r}" for n in needles if n not in source]


def _signature(label: str, func, expected: list[str]) -> list[str]:
    names = list(inspect.signature(func).parameters)
    return [] if names == expected else [f"{label}{tuple(names)} is not {label}{tuple(expected)}"]


def _theme_get_env() -> list[str]:
    from mkdocs.commands import build
    from mkdocs.theme import Theme

    if not hasattr(Theme, "get_env"):
        return ["mkdocs.theme.Theme has no get_env"]
    return _signature("Theme.get_env", Theme.get_env, ["self"]) + [
        f"mkdocs.commands.build {p}" for p in _has(inspect.getsource(build), "config.theme.get_env()")]


def _list_templates() -> list[str]:
    import jinja2

    names = list(inspect.signature(jinja2.Environment.list_templates).parameters)
    return [] if names[:3] == ["self", "extensions", "filter_func"] else [
        f"jinja2.Environment.list_templates{tuple(names)} has no (extensions, filter_func)"]


def _page_render() -> list[str]:
    from mkdocs.commands import build
    from mkdocs.structure.pages import Page

    problems = _signature("Page.render", Page.render, ["self", "config", "files"])
    render = inspect.getsource(Page.render)
    problems += [f"Page.render {p}" for p in _has(
        render, "self.content", "self.toc", "self.present_anchor_ids", "self._title_from_render")]
    problems += [f"Page.title {p}" for p in _has(inspect.getsource(Page), "_title_from_render")]
    problems += [f"mkdocs.commands.build {p}" for p in _has(inspect.getsource(build), "page.render(config, files)")]
    return problems


def _observer_timeout() -> list[str]:
    from mkdocs.livereload import LiveReloadServer
    from watchdog.observers.polling import PollingObserver

    problems = [f"LiveReloadServer.__init__ {p}" for p in _has(
        inspect.getsource(LiveReloadServer.__init__), "self.observer = watchdog.observers.polling.PollingObserver(")]
    observer = PollingObserver(timeout=0.5)
    if getattr(observer, "_timeout", None) != 0.5:
        problems.append("watchdog's PollingObserver keeps its polling timeout no longer in _timeout")
    return problems


def _site_kept() -> list[str]:
    from mkdocs import utils
    from mkdocs.commands import build

    source = inspect.getsource(build.build)
    steps = ["config.plugins.on_pre_build(", "utils.clean_directory(config.site_dir)", "config.plugins.on_files("]
    at = [source.find(step) for step in steps]
    problems = [f"mkdocs.commands.build.build no longer calls {s}" for s, i in zip(steps, at) if i < 0]
    if not problems and at != sorted(at):
        problems.append("build() no longer empties the site folder between on_pre_build and on_files")
    if "if not os.path.exists(directory):" not in inspect.getsource(utils.clean_directory):
        problems.append("utils.clean_directory may create or fail on a missing folder")
    return problems


def _empty_output_skipped() -> list[str]:
    from mkdocs.commands import build

    return [f"mkdocs.commands.build._build_page {p}"
            for p in _has(inspect.getsource(build._build_page), "if output.strip():", "Page skipped: '")]


def _navigation() -> list[str]:
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import AnchorLink

    problems = []
    if "pages" not in inspect.signature(Navigation.__init__).parameters:
        problems.append("Navigation(items, pages) no longer takes the pages")
    for name in ("url", "meta", "toc"):
        if name not in inspect.getsource(Page):
            problems.append(f"Page has no {name}")
    link = AnchorLink("t", "t", 1)
    if not (hasattr(link, "level") and hasattr(link, "children")):
        problems.append("AnchorLink has no level/children")
    return problems


def _chrome_blocks() -> list[str]:
    # overrides/main.html renders these partials once per folder (ChromeCache).
    problems = []
    for partial in ("partials/tabs.html", "partials/nav.html"):
        if not (_material_templates() / partial).is_file():
            problems.append(f"Material has no {partial}")
    base = (ROOT / "overrides" / "base.html").read_text(encoding="utf-8")
    main = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
    for block in re.findall(r"{%-?\s*block\s+(\w+)", main):
        if not re.search(r"{%-?\s*block\s+" + block + r"\b", base):
            problems.append(f"overrides/main.html overrides block {block!r}, which base.html no longer has")
    return problems


COPIED = ("base.html", "partials/header.html", "partials/toc.html", "partials/nav-item.html")


def _copied_templates() -> list[str]:
    # Their content is compared with Material's by tests/test_html_validity.py (VENDORED).
    problems = []
    for name in COPIED:
        ours = (ROOT / "overrides" / name).read_text(encoding="utf-8")
        if "Copy of Material for MkDocs" not in ours.split("-#}", 1)[0]:
            problems.append(f"overrides/{name} does not say which Material file it copies")
        if not (_material_templates() / name).is_file():
            problems.append(f"Material has no templates/{name} any more")
    return problems


def _bundle_rewrites() -> list[str]:
    from ..outputs.selfhost import REWRITES

    scripts = _material_templates() / "assets" / "javascripts"
    bundles = sorted(scripts.glob("bundle.*.js"))
    if not bundles:
        return ["Material has no assets/javascripts/bundle.*.js"]
    text = "".join(b.read_text(encoding="utf-8") for b in bundles if b.suffix == ".js")
    problems = [f"Material's bundle no longer loads {url} (REWRITES)" for url in REWRITES if url not in text]
    if not (scripts / "lunr").is_dir() or not list((scripts / "workers").glob("search.*")):
        problems.append("Material's lunr assets or workers/search.* moved (self_host deletes them)")
    return problems


INTERNALS: tuple[Internal, ...] = (
    Internal("mkdocs", "Theme.get_env(), called once per build, may be replaced on the theme object",
             "engagiert/adapter/preview.py Preview._cache_theme_listing", _theme_get_env),
    Internal("jinja2", "Environment.list_templates(extensions, filter_func), which MkDocs calls for static files",
             "engagiert/adapter/preview.py Preview._cache_theme_listing", _list_templates),
    Internal("mkdocs", "Page.render(config, files) replaced per page; it sets content, toc, "
             "present_anchor_ids and _title_from_render (read by Page.title)",
             "engagiert/adapter/preview.py Preview.page_markdown, _replay", _page_render),
    Internal("mkdocs", "LiveReloadServer.observer, a watchdog PollingObserver with its interval in _timeout",
             "engagiert/adapter/preview.py Preview.serve", _observer_timeout),
    Internal("mkdocs", "build() empties the site folder between on_pre_build and on_files, and "
             "clean_directory leaves a missing folder alone",
             "engagiert/adapter/preview.py Preview.keep_site / restore_site", _site_kept),
    Internal("mkdocs", "_build_page writes nothing for an empty output and logs \"Page skipped: '<src_uri>'\"",
             "engagiert/adapter/preview.py Preview.post_page, _QuietSkips", _empty_output_skipped),
    Internal("mkdocs", "Navigation.pages, Page.url/meta/toc, AnchorLink.level/children: the navigation cache's key",
             "engagiert/adapter/chrome.py ChromeCache.key", _navigation),
    Internal("mkdocs-material", "partials/tabs.html and partials/nav.html, and the blocks of base.html that "
             "overrides/main.html renders once per folder",
             "overrides/main.html, engagiert/adapter/chrome.py", _chrome_blocks),
    Internal("mkdocs-material", "templates copied and changed: " + ", ".join(COPIED),
             "overrides/ (content compared by tests/test_html_validity.py)", _copied_templates),
    Internal("mkdocs-material", "the unpkg.com URLs in bundle.*.js; the lunr assets and search worker files",
             "engagiert/outputs/selfhost.py", _bundle_rewrites),
)


def problems() -> dict[str, list[str]]:
    """{what: problems} for every internal that no longer holds."""
    found = {}
    for internal in INTERNALS:
        result = internal.check()
        if result:
            found[f"{internal.package}: {internal.what} ({internal.where})"] = result
    return found
