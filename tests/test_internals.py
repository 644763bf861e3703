"""The MkDocs, Material and Jinja internals this project relies on (engagiert/adapter/internals.py)
still hold in the installed packages; each check fails when its internal changes."""

import pytest

from engagiert.adapter import internals


def test_every_internal_still_holds():
    assert internals.problems() == {}


def test_every_internal_names_where_it_is_used():
    for internal in internals.INTERNALS:
        path = internal.where.split()[0].rstrip(",")
        assert (internals.ROOT / path).exists(), internal.where


def _check(what: str):
    return next(i.check for i in internals.INTERNALS if i.what.startswith(what))


def test_a_renamed_get_env_is_seen(monkeypatch):
    from mkdocs.theme import Theme
    monkeypatch.delattr(Theme, "get_env")
    assert _check("Theme.get_env")() == ["mkdocs.theme.Theme has no get_env"]


def test_a_changed_render_signature_is_seen(monkeypatch):
    from mkdocs.structure.pages import Page

    def render(self, config, files, extra=None):
        self.content = self.toc = self.present_anchor_ids = self._title_from_render = None
    monkeypatch.setattr(Page, "render", render)
    assert any("Page.render" in p for p in _check("Page.render")())


def test_a_page_render_that_sets_other_attributes_is_seen(monkeypatch):
    from mkdocs.structure.pages import Page

    def render(self, config, files):
        self.content = self.toc = self.present_anchor_ids = None
    monkeypatch.setattr(Page, "render", render)
    assert _check("Page.render")() == ["Page.render no longer contains 'self._title_from_render'"]


def test_a_moved_observer_timeout_is_seen(monkeypatch):
    from watchdog.observers.polling import PollingObserver
    original = PollingObserver.__init__

    def init(self, timeout=1):
        original(self, timeout=timeout)
        self.interval = self.__dict__.pop("_timeout")
    monkeypatch.setattr(PollingObserver, "__init__", init)
    assert any("_timeout" in p for p in _check("LiveReloadServer.observer")())


def test_a_bundle_without_the_rewritten_url_is_seen(monkeypatch):
    from engagiert.outputs import selfhost
    monkeypatch.setattr(selfhost, "REWRITES", {**selfhost.REWRITES, "https://unpkg.com/nie-geladen.js": "x.js"})
    assert _check("the unpkg.com URLs")() == [
        "Material's bundle no longer loads https://unpkg.com/nie-geladen.js (REWRITES)"]


def test_a_missing_material_partial_is_seen(monkeypatch, tmp_path):
    (tmp_path / "partials").mkdir()
    monkeypatch.setattr(internals, "_material_templates", lambda: tmp_path)
    found = _check("partials/tabs.html")()
    assert "Material has no partials/tabs.html" in found and "Material has no partials/nav.html" in found
    assert any("templates/base.html" in p for p in _check("templates copied")())


@pytest.mark.parametrize("internal", internals.INTERNALS, ids=lambda i: i.what[:40])
def test_each_check_runs(internal):
    assert internal.check() == []
