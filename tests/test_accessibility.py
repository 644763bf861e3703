"""WCAG 2.0/2.1 A+AA with axe-core on every page type, at a desktop and a mobile viewport.

The page types are listed once, in helpers.PAGE_TYPES: add the type your feature
introduces there. A type with no built page yet is skipped with its reason.
"""

from __future__ import annotations

import pytest

from helpers import PAGE_TYPES, find_page, format_violations, goto, run_axe

VIEWPORTS = {
    "desktop": {"width": 1280, "height": 800},
    "mobile": {"width": 390, "height": 844},
}


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=[t.name for t in PAGE_TYPES])
def test_page_type_has_no_axe_violations(page_type, viewport, site_dir, http_base, page):
    path = find_page(site_dir, page_type)
    if path is None:
        pytest.skip(f"{page_type.name}: {page_type.reason}")
    page.set_viewport_size(VIEWPORTS[viewport])
    goto(page, http_base, path)
    page.wait_for_load_state("networkidle")
    violations = run_axe(page)
    assert not violations, f"/{path} at {viewport} ({VIEWPORTS[viewport]['width']} px):\n" + \
        format_violations(violations)


def test_foundation_page_types_exist(site_dir):
    """The page types that must exist from the start (site foundation) are built."""
    for name in ("home", "content", "404"):
        assert find_page(site_dir, name) is not None, f"no {name} page in the build"


@pytest.mark.browser
def test_axe_finds_a_violation(page, http_base, site_dir):
    """The check itself: axe reports a known violation (an image without alt, low contrast)."""
    goto(page, http_base, "")
    page.evaluate("""() => {
        const img = document.createElement('img');
        img.src = 'assets/images/logo.svg';
        document.querySelector('main, body').prepend(img);
        const p = document.createElement('p');
        p.textContent = 'kaum lesbar';
        p.style.cssText = 'color:#eee;background:#fff';
        document.querySelector('main, body').prepend(p);
    }""")
    ids = {v["id"] for v in run_axe(page)}
    assert {"image-alt", "color-contrast"} <= ids, ids


@pytest.mark.browser
def test_open_mobile_navigation_has_no_axe_violations(site_dir, http_base, page):
    """The navigation drawer, opened on a phone, is part of every page."""
    page.set_viewport_size(VIEWPORTS["mobile"])
    goto(page, http_base, "netzwerk/" if find_page(site_dir, "content") == "netzwerk/" else "")
    toggle = page.locator("label.md-header__button[for=__drawer]").first
    if not toggle.count() or not toggle.is_visible():
        pytest.skip("no navigation drawer toggle on this theme")
    toggle.click()
    page.wait_for_timeout(400)  # drawer transition
    assert page.locator(".md-sidebar--primary").first.is_visible()
    violations = run_axe(page)
    assert not violations, "navigation drawer open (390 px):\n" + format_violations(violations)


@pytest.mark.browser
@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
def test_search_page_with_results_has_no_axe_violations(viewport, site_dir, http_base, page):
    """The search page after a visitor typed a query: results, filters, counts."""
    path = find_page(site_dir, "search")
    if path is None:
        pytest.skip("no search page yet (issue #6)")
    page.set_viewport_size(VIEWPORTS[viewport])
    goto(page, http_base, path)
    field = page.locator("main input[type=search], article input[type=search], .md-content input[type=search]").first
    if not field.count():
        pytest.skip("the search page has no search field in its content")
    field.fill("Engagement")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(800)
    violations = run_axe(page)
    assert not violations, f"/{path} with results at {viewport}:\n" + format_violations(violations)
