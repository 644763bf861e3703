"""Drafts and scheduled posts under `mkdocs serve` (issue #14): the preview shows them with a
visible banner ("Entwurf" / "Geplant für …") and marks them in listings, so editors can check
them; the feeds still leave them out. The build runs in this process the way `mkdocs serve`
runs it (on_startup with the serve command), with today pinned to 2026-10-01."""

from __future__ import annotations

import sys

import pytest

from helpers import PINNED_EPOCH, ROOT, copy_repo

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engagiert.adapter.preview import STATE  # noqa: E402

DRAFT = "informations-e-mail-17-entwurf"
SCHEDULED = "2027-03-werkstatt-engagementstrategien"


@pytest.fixture(scope="module")
def preview_site(tmp_path_factory):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", str(PINNED_EPOCH))
    mp.setenv("NO_MKDOCS_2_WARNING", "1")
    mp.setenv("ENGAGIERT_SEARCH", "0")
    tmp = tmp_path_factory.mktemp("news-preview")
    repo = copy_repo(tmp / "repo")
    site = tmp / "site"
    try:
        config = load_config(config_file=str(repo / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            build(config)
        finally:
            STATE.wait()
        yield site
    finally:
        STATE.active = False
        STATE.__init__()
        mp.undo()


def _read(site, url):
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_draft_has_the_entwurf_banner(preview_site):
    html = _read(preview_site, f"aktuelles/{DRAFT}")
    assert 'class="nw-banner nw-banner--draft" role="note"' in html
    assert "<strong>Entwurf</strong> – nur in der Vorschau sichtbar." in html


def test_scheduled_post_has_the_geplant_banner(preview_site):
    html = _read(preview_site, f"aktuelles/{SCHEDULED}")
    assert ('<strong>Geplant für <time datetime="2027-03-15">Montag, 15. März 2027</time></strong>'
            in html)


def test_published_post_has_no_banner(preview_site):
    assert "nw-banner" not in _read(preview_site, "aktuelles/2026-09-rueckblick-spitzentreffen")


def test_listings_mark_them(preview_site):
    overview = _read(preview_site, "aktuelles")
    assert f"aktuelles/{SCHEDULED}/" in overview and f"aktuelles/{DRAFT}/" in overview
    assert '<span class="nw-badge nw-badge--draft">Entwurf</span>' in overview
    assert '<span class="nw-badge nw-badge--scheduled">Geplant für' in overview
    assert f"aktuelles/{SCHEDULED}/" in _read(preview_site, "aktuelles/2027")


def test_feeds_leave_them_out_even_in_preview(preview_site):
    for feed in sorted((preview_site / "aktuelles").rglob("feed.xml")):
        text = feed.read_text(encoding="utf-8")
        assert DRAFT not in text and SCHEDULED not in text, feed
