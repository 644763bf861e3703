"""Member pages in headless Chromium: the directory filters narrow the list and announce the
result, the page works without JavaScript, map markers are keyboard-focusable links, and
axe-core finds no WCAG 2.1 AA violation on the directory, a profile, a letter and a Kreis page."""

from __future__ import annotations

import pytest

from helpers import format_violations, goto, run_axe

from test_members_site import load_members
from helpers import ROOT

pytestmark = pytest.mark.browser

VISIBLE_ROWS = """() => Array.from(document.querySelectorAll('#mitgliederliste li[data-f]'))
  .filter(li => !li.hidden && li.offsetParent !== null).map(li => li.querySelector('a').textContent.trim())"""
VISIBLE_MARKERS = """() => Array.from(document.querySelectorAll('.nrw-map__markers a'))
  .filter(a => getComputedStyle(a).display !== 'none').map(a => a.querySelector('title').textContent)"""


@pytest.fixture(scope="module")
def data():
    return load_members(ROOT)


def _status(page) -> str:
    page.wait_for_function("() => document.getElementById('mitgliederliste-status').textContent.trim() !== ''")
    return page.locator("#mitgliederliste-status").inner_text().strip()


def status_sentence(shown: int, total: int) -> str:
    """The whole sentence the live region speaks, written out (not built by the script)."""
    if shown == total:
        return f"{total} Mitglieder"
    verb = "entspricht" if shown == 1 else "entsprechen"
    return f"{shown} von {total} Mitgliedern {verb} den Filtern"


def test_status_sentences_are_german():
    assert status_sentence(5, 26) == "5 von 26 Mitgliedern entsprechen den Filtern"
    assert status_sentence(1, 26) == "1 von 26 Mitgliedern entspricht den Filtern"
    assert status_sentence(26, 26) == "26 Mitglieder"


def test_filter_by_regierungsbezirk_narrows_list_and_map_and_announces_count(page, http_base, data):
    goto(page, http_base, "mitglieder/")
    status = page.locator("#mitgliederliste-status")
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
    form = page.locator("form[data-member-filter]")
    assert form.is_visible(), "the script reveals the filter form"
    all_names = sorted(m.name for m in data.members)
    assert sorted(page.evaluate(VISIBLE_ROWS)) == all_names

    for district in sorted({m.district for m in data.members}, key=lambda d: d.label):
        page.get_by_label("Regierungsbezirk", exact=True).select_option(label=district.label)
        expected = sorted(m.name for m in data.members if m.district == district)
        page.wait_for_function(
            "n => Array.from(document.querySelectorAll('#mitgliederliste li[data-f]')).filter(li => !li.hidden).length === n",
            arg=len(expected))
        assert sorted(page.evaluate(VISIBLE_ROWS)) == expected
        assert sorted(page.evaluate(VISIBLE_MARKERS)) == expected
        assert _status(page) == status_sentence(len(expected), len(data.members))
        # the address mirrors the filter so the view can be shared
        assert "bezirk=" in page.url

    page.get_by_role("button", name="Alle Filter zurücksetzen").click()
    page.wait_for_function("() => document.getElementById('mitgliederliste-status').textContent.includes('Mitglieder') && !document.getElementById('mitgliederliste-status').textContent.includes('von')")
    assert sorted(page.evaluate(VISIBLE_ROWS)) == all_names


def test_filters_combine(page, http_base, data):
    goto(page, http_base, "mitglieder/")
    member = next(m for m in data.members if m.kreis)
    page.get_by_label("Art", exact=True).select_option(label=member.type.label)  # glossary label (issue #19)
    page.get_by_label("Kreis", exact=True).select_option(label=member.kreis_key.label)
    expected = sorted(m.name for m in data.members if m.type == member.type and m.kreis_key == member.kreis_key)
    page.wait_for_timeout(50)
    assert sorted(page.evaluate(VISIBLE_ROWS)) == expected
    card = member.card_status
    page.get_by_label("Ehrenamtskarte", exact=True).select_option(label=card.label)
    expected = sorted(m.name for m in data.members
                      if m.type == member.type and m.kreis_key == member.kreis_key and m.card_status == card)
    assert sorted(page.evaluate(VISIBLE_ROWS)) == expected
    topics = {t.id: t.name for t in data.records.get("topics", ())}
    topic = next((t for m in data.members for t in m.topics), None)
    if topic:
        page.get_by_role("button", name="Alle Filter zurücksetzen").click()
        page.get_by_label("Thema", exact=True).select_option(label=topics[topic])
        page.wait_for_timeout(50)
        assert sorted(page.evaluate(VISIBLE_ROWS)) == sorted(m.name for m in data.members if topic in m.topics)


def test_filter_from_the_address(page, http_base, data):
    goto(page, http_base, "mitglieder/")
    page.get_by_label("Regierungsbezirk", exact=True).select_option(label="Köln")
    url = page.url
    goto(page, http_base, url.replace(http_base, ""))
    assert sorted(page.evaluate(VISIBLE_ROWS)) == sorted(m.name for m in data.members if m.district.value == "koeln")
    assert page.get_by_label("Regierungsbezirk", exact=True).evaluate("s => s.selectedOptions[0].textContent") == "Köln"


def test_directory_without_javascript_shows_everything(browser, http_base, data):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(http_base + "mitglieder/")
        assert not page.locator("form[data-member-filter]").is_visible()
        names = [a.inner_text().strip() for a in page.locator("#mitgliederliste li[data-f] > a").all()]
        assert sorted(names) == sorted(m.name for m in data.members)
        assert all(li.is_visible() for li in page.locator("#mitgliederliste li[data-f]").all())
        # the letter jump list works as plain anchors
        first = page.locator(".mb-letters a").first
        href = first.get_attribute("href")
        assert href.startswith("#buchstabe-") and page.locator(href).count() == 1
    finally:
        context.close()


def test_map_markers_are_focusable_links_with_names(page, http_base, data):
    goto(page, http_base, "mitglieder/")
    page.locator(".nrw-map__skip").focus()
    assert page.locator(".nrw-map__skip").is_visible(), "skip link appears on focus"
    page.keyboard.press("Tab")
    info = page.evaluate("""() => { const a = document.activeElement;
      return {tag: a.tagName.toLowerCase(), inSvg: !!a.closest('svg'), name: a.querySelector('title')?.textContent,
              href: a.getAttribute('href'), stroke: getComputedStyle(a.querySelector('circle')).stroke}; }""")
    assert info["tag"] == "a" and info["inSvg"] and info["name"] in {m.name for m in data.members}
    assert info["stroke"] in ("rgb(255, 209, 102)",), "visible focus style"
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text().strip() == info["name"]


@pytest.mark.parametrize("path", ["mitglieder/", "profile", "letter", "kreis"])
def test_no_axe_violations(page, http_base, data, path):
    member = sorted(data.members, key=lambda m: (-len(m.contacts), m.office is None, m.id))[0]
    kreis = next(m.kreis_key for m in data.members if m.kreis_key)
    target = {"mitglieder/": "mitglieder/", "profile": f"mitglieder/{member.id}/",
              "letter": f"mitglieder/a-z/{member.prefix}/", "kreis": f"mitglieder/kreis/{kreis}/"}[path]
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        goto(page, http_base, target)
        violations = run_axe(page)
        assert not violations, f"{target} at {width}px: " + format_violations(violations)
