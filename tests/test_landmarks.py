"""Landmarks and state (issue #19): no empty navigation landmarks, and the tab bar marks the
section a page outside the navigation belongs to."""

from __future__ import annotations

import pytest

from helpers import PAGE_TYPES, find_page, goto

_EMPTY_NAVS = """() => Array.from(document.querySelectorAll('nav, [role=navigation]'))
    .filter(n => n.checkVisibility({visibilityProperty: true}) && !n.closest('[hidden], [inert]'))
    .filter(n => !Array.from(n.querySelectorAll('a[href], button, label[tabindex]')).some(a => {
        const r = a.getBoundingClientRect(); return r.width > 0 && r.height > 0 &&
            getComputedStyle(a).visibility !== 'hidden'; }))
    .map(n => n.getAttribute('aria-label') || n.getAttribute('aria-labelledby') || n.className)"""


@pytest.mark.browser
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=[t.name for t in PAGE_TYPES])
def test_no_empty_navigation_landmark(page_type, site_dir, http_base, page):
    path = find_page(site_dir, page_type)
    if path is None:
        pytest.skip(f"{page_type.name}: {page_type.reason}")
    goto(page, http_base, path)
    empty = page.evaluate(_EMPTY_NAVS)
    assert not empty, f"/{path}: empty navigation landmarks at 1280 px: {empty}"


@pytest.mark.browser
@pytest.mark.parametrize("page_type,tab", [
    ("member", "Mitglieder"), ("member-kreis", "Mitglieder"), ("event", "Veranstaltungen"),
    ("event-month", "Veranstaltungen"), ("article", "Wissen"), ("topic", "Wissen"),
])
def test_tab_bar_marks_the_section(page_type, tab, site_dir, http_base, page):
    path = find_page(site_dir, page_type)
    if path is None:
        pytest.skip(f"no {page_type} page")
    goto(page, http_base, path)
    active = page.locator(".md-tabs__item--active").all_inner_texts()
    assert [t.strip() for t in active] == [tab], f"/{path}: active tabs {active}"
