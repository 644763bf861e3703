"""The search as people meet it (issue #19): announcements once typing settles, active filters
in the count, tips when nothing is found, snippets without page furniture, one name per
search landmark, and the phone header's search button landing in the field."""

from __future__ import annotations

import json

import pytest

from helpers import find_page, goto

_WATCH = """() => {
    window.__said = [];
    const live = document.querySelector('[data-announce]');
    new MutationObserver(() => { const t = live.textContent.trim(); if (t) window.__said.push(t); })
        .observe(live, {childList: true, characterData: true, subtree: true});
}"""


def _search_page(page, site_dir, http_base, query=""):
    path = find_page(site_dir, "search")
    if path is None:
        pytest.skip("no search page")
    goto(page, http_base, path + query)
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
def test_live_region_speaks_once_after_typing(site_dir, http_base, page):
    _search_page(page, site_dir, http_base)
    page.evaluate(_WATCH)
    # Typing at 60 ms per letter, driven inside the page: a busy test machine delays the page's
    # timers alike, so the pause between letters stays shorter than the settling time.
    page.evaluate("""() => new Promise((done) => {
        const field = document.querySelector('#eng-q');
        const word = 'Ehrenamtskarte';
        let i = 0;
        const step = () => {
            field.value = word.slice(0, ++i);
            field.dispatchEvent(new Event('input', {bubbles: true}));
            if (i < word.length) setTimeout(step, 60); else done();
        };
        field.focus();
        step();
    })""")
    page.wait_for_function("() => window.__said.length > 0", timeout=10000)
    page.wait_for_timeout(1500)
    said = page.evaluate("window.__said")
    assert len(said) == 1, f"announced {len(said)} times while typing: {said}"
    assert "„Ehrenamtskarte“" in said[0]
    # The visible count is there at once, for sighted users.
    assert "„Ehrenamtskarte“" in page.locator("[data-status]").inner_text()


@pytest.mark.browser
def test_count_names_active_filters_and_zero_results_get_tips(site_dir, http_base, page):
    _search_page(page, site_dir, http_base, "?q=Engagement&format=Mitglied")
    page.wait_for_function("() => /Ergebnis/.test(document.querySelector('[data-status]').textContent)")
    assert "Format: Mitglied" in page.locator("[data-status]").inner_text()
    assert not page.locator("[data-tips]").is_visible()
    page.fill("#eng-q", "Xylophonorchester")
    page.wait_for_function("() => /Keine Ergebnisse/.test(document.querySelector('[data-status]').textContent)")
    assert page.locator("[data-tips]").is_visible()
    assert "Schreibweise" in page.locator("[data-tips]").inner_text()


@pytest.mark.browser
def test_search_landmarks_have_distinct_names(site_dir, http_base, page):
    _search_page(page, site_dir, http_base)
    names = page.evaluate("""() => Array.from(document.querySelectorAll('[role=search], search'))
        .map(e => e.getAttribute('aria-label') || '')""")
    assert len(names) >= 2 and len(set(names)) == len(names), names


@pytest.mark.browser
def test_phone_header_search_button_lands_in_the_field(site_dir, http_base, page):
    page.set_viewport_size({"width": 390, "height": 800})
    goto(page, http_base, "netzwerk/")
    button = page.locator(".eng-header-search__button")
    assert button.is_visible()
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/suche/**")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'eng-q'")


def test_snippets_carry_no_page_furniture(site_dir):
    texts = []
    for f in sorted((site_dir / "suchindex" / "d").glob("*.json")):
        texts.append(f.read_text(encoding="utf-8"))
    assert texts, "no search documents"
    blob = json.dumps(texts, ensure_ascii=False)
    for furniture in ("Steckbrief", "als iCalendar-Datei", "Verzeichnis filtern",
                      "Alle Filter zurücksetzen", "Mitglieder nach Art, Kreis und Namen"):
        assert furniture not in blob, f"search snippets contain „{furniture}“"
