"""Keyboard use as a person meets it (issue #19; WCAG 2.1.1, 2.1.2, 2.1.4, 2.4.1, 2.4.3, 2.4.7,
1.4.11, 4.1.2), in headless Chromium, for one page of every page type at 320, 390 and 1280 px.

- The first Tab stop is a skip link whose target is in <main> and does not skip the h1.
- Tabbing through the whole page, every focused element is inside the viewport, has an
  accessible name, and shows a focus indicator with at least 3:1 against its background.
- The narrow-screen menu is a button that opens with Enter and Space, holds focus while open,
  closes with Escape and gives focus back to its button.
- No single printable key changes the address or moves focus (Material's shortcuts are off).
"""

from __future__ import annotations

import pytest

from a11y_probe import focus_problems, focused, tab_walk
from helpers import PAGE_TYPES, find_page, goto

WIDTHS = (320, 390, 1280)
NARROW = (320, 390)


def _open(page, site_dir, http_base, page_type, width):
    path = find_page(site_dir, page_type)
    if path is None:
        pytest.skip(f"{page_type.name}: {page_type.reason}")
    page.set_viewport_size({"width": width, "height": 800})
    goto(page, http_base, path)
    page.wait_for_load_state("networkidle")
    return path, page.context.new_cdp_session(page)


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=[t.name for t in PAGE_TYPES])
def test_first_tab_stop_is_a_skip_link_into_main(page_type, width, site_dir, http_base, page):
    path, cdp = _open(page, site_dir, http_base, page_type, width)
    page.keyboard.press("Tab")
    first = page.evaluate("""() => {
        const a = document.activeElement;
        const href = a && a.getAttribute('href') || '';
        const target = href.startsWith('#') ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
        const h1 = document.querySelector('main h1');
        const r = a ? a.getBoundingClientRect() : null;
        return {
            tag: a && a.tagName.toLowerCase(), href, text: a && a.textContent.trim(),
            targetInMain: !!(target && (target.tagName === 'MAIN' || target.closest('main'))),
            h1Skipped: !!(target && h1 && !target.contains(h1) &&
                          (target.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_PRECEDING)),
            visible: !!r && r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0,
        };
    }""")
    assert first["tag"] == "a" and first["href"].startswith("#"), f"/{path}: first Tab stop is {first}"
    assert first["targetInMain"], f"/{path}: skip link {first['href']} does not point into <main>"
    assert not first["h1Skipped"], f"/{path}: skip link {first['href']} jumps past the h1"
    assert first["visible"], f"/{path}: the focused skip link is not visible"
    # Following it, the next Tab stop is inside <main>.
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')"), (
        f"/{path}: after the skip link, Tab lands outside <main> on {focused(page, cdp)['desc']}")


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=[t.name for t in PAGE_TYPES])
def test_every_tab_stop_is_visible_named_and_clearly_focused(page_type, width, site_dir, http_base, page):
    path, cdp = _open(page, site_dir, http_base, page_type, width)
    stops = tab_walk(page, cdp)
    assert len(stops) >= 3, f"/{path}: only {len(stops)} Tab stops"
    problems = focus_problems(stops)
    assert not problems, f"/{path} at {width} px, {len(stops)} Tab stops:\n  " + "\n  ".join(problems[:30])


def _menu_button(page):
    return page.locator("header button[aria-controls]").filter(has_text="").first


@pytest.mark.browser
@pytest.mark.parametrize("width", NARROW)
@pytest.mark.parametrize("key", ["Enter", " "], ids=["enter", "space"])
def test_narrow_screen_menu_by_keyboard(key, width, site_dir, http_base, page):
    page.set_viewport_size({"width": width, "height": 800})
    goto(page, http_base, "netzwerk/")
    cdp = page.context.new_cdp_session(page)
    # Reach the menu button with Tab from the top (header links of other features may come first).
    button = None
    for _ in range(8):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => { const a = document.activeElement;
            return {button: a.tagName === 'BUTTON' && a.hasAttribute('aria-expanded') && !!a.closest('header'),
                    controls: a.getAttribute('aria-controls'), expanded: a.getAttribute('aria-expanded')}; }""")
        if info["button"]:
            button = info
            break
    assert button, "the menu button is not reachable with Tab in the header"
    assert button["expanded"] == "false"
    name = focused(page, cdp)["name"]
    assert name, "the menu button has no accessible name"
    page.keyboard.press(key)
    page.wait_for_timeout(350)
    state = page.evaluate("""(id) => { const d = document.getElementById(id);
        const b = document.querySelector('header button[aria-controls="' + id + '"]');
        const r = d.getBoundingClientRect();
        return {expanded: b.getAttribute('aria-expanded'), inside: d.contains(document.activeElement),
                onScreen: r.left >= -1 && r.right > 0}; }""", button["controls"])
    assert state == {"expanded": "true", "inside": True, "onScreen": True}, state
    # Focus stays in the open menu: Tab and Shift+Tab go round inside it.
    for combo in ["Tab"] * 25 + ["Shift+Tab"] * 30:
        page.keyboard.press(combo)
        info = focused(page, cdp)
        inside = page.evaluate("(id) => document.getElementById(id).contains(document.activeElement)",
                               button["controls"])
        assert inside, f"{combo} left the open menu to {info and info['desc']}"
        assert info["left"] >= -1 and info["right"] <= width + 1, f"{info['desc']} is off screen in the open menu"
        assert info["name"], f"{info['desc']} in the open menu has no accessible name"
        assert info["contrast"] >= 3, f"{info['desc']}: focus indicator {info['indicator']} {info['contrast']}:1"
    page.keyboard.press("Escape")
    page.wait_for_timeout(350)
    after = page.evaluate("""(id) => { const b = document.querySelector('header button[aria-controls="' + id + '"]');
        return {expanded: b.getAttribute('aria-expanded'), focusBack: document.activeElement === b}; }""",
                          button["controls"])
    assert after == {"expanded": "false", "focusBack": True}, after


@pytest.mark.browser
def test_menu_button_is_hidden_where_the_tabs_show(site_dir, http_base, page):
    """At 1280 px the tabs show the sections; the menu button is not in the way."""
    goto(page, http_base, "netzwerk/")
    assert page.evaluate("""() => { const b = document.querySelector('header button[aria-controls]');
        return !b || b.getBoundingClientRect().width === 0 || getComputedStyle(b).display === 'none'; }""")


SHORTCUT_KEYS = ["n", "p", ".", ",", "s", "f", "/", "h", "t", "?", "j", "k"]


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_no_single_key_shortcut_changes_page_or_focus(width, site_dir, http_base, page):
    """WCAG 2.1.4: Material's n/p/./, (next/previous page) and s/f// (search) do nothing."""
    page.set_viewport_size({"width": width, "height": 800})
    # a page with a previous and a next page in the navigation
    goto(page, http_base, "angebote/workshops/")
    page.wait_for_load_state("networkidle")
    navigations = []
    page.on("request", lambda r: r.is_navigation_request() and navigations.append(r.url))
    for start in ("body", "link"):
        if start == "link":
            page.keyboard.press("Tab")
        before = page.evaluate("[location.href, document.activeElement && document.activeElement.outerHTML.slice(0, 120)]")
        for key in SHORTCUT_KEYS:
            page.keyboard.press(key)
            page.wait_for_timeout(100)
            assert not navigations, f"key {key!r} (focus on {start}) opened {navigations}"
            now = page.evaluate("[location.href, document.activeElement && document.activeElement.outerHTML.slice(0, 120)]")
            assert now == before, f"key {key!r} (focus on {start}) changed {before} to {now}"


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_map_is_one_tab_stop_and_shows_the_focused_name(width, site_dir, http_base, page):
    """The member map: one Tab stop instead of one per marker, arrow keys move between the
    markers, and the focused marker's name is shown next to it (not only as a hover title)."""
    page.set_viewport_size({"width": width, "height": 800})
    goto(page, http_base, "mitglieder/")
    page.wait_for_load_state("networkidle")
    cdp = page.context.new_cdp_session(page)
    markers = page.locator(".nrw-map__markers a")
    assert markers.count() > 1
    focusable_markers = page.evaluate("""() => Array.from(document.querySelectorAll('.nrw-map__markers a'))
        .filter(a => a.getAttribute('tabindex') !== '-1').length""")
    assert focusable_markers == 1, f"{focusable_markers} map markers are in the Tab order"
    first = page.locator(".nrw-map__markers a[tabindex='0']")
    first.focus()
    for step in range(3):
        name = focused(page, cdp)["name"]
        tip = page.locator(".nrw-map__tip")
        assert tip.is_visible(), "no visible name next to the focused marker"
        assert tip.inner_text().strip() == name, (tip.inner_text(), name)
        box = tip.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1
        page.keyboard.press("ArrowRight")
        assert focused(page, cdp)["name"] != name, "ArrowRight did not move to the next marker"
