"""Reflow, text zoom and text spacing (issue #19; WCAG 1.4.10, 1.4.4, 1.4.12) in headless
Chromium, for one page of every page type.

- At 320 CSS px (1280 px at 400 % zoom) the page is no wider than the viewport, nothing
  reaches past its right edge (outside own scroll containers such as wide tables), and no
  text is cut off by overflow: hidden or an ellipsis.
- The same with the text alone enlarged to 200 % (at 1280 and 640 px), and with the WCAG
  1.4.12 text-spacing overrides (at 320 and 1280 px).
"""

from __future__ import annotations

import pytest

from a11y_probe import TEXT_SPACING_CSS, overflow_report, text_zoom_css
from helpers import PAGE_TYPES, find_page, goto

CASES = {
    "320px": (320, None),
    "320px-spacing": (320, TEXT_SPACING_CSS),
    "1280px-spacing": (1280, TEXT_SPACING_CSS),
    "1280px-text200": (1280, text_zoom_css(2)),
    "640px-text200": (640, text_zoom_css(2)),
}


@pytest.mark.browser
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=[t.name for t in PAGE_TYPES])
def test_page_reflows_without_loss(page_type, case, site_dir, http_base, page):
    path = find_page(site_dir, page_type)
    if path is None:
        pytest.skip(f"{page_type.name}: {page_type.reason}")
    width, css = CASES[case]
    page.set_viewport_size({"width": width, "height": 800})
    goto(page, http_base, path)
    if css:
        # A constructed style sheet, as a visitor's extension would add it: the pages' CSP
        # (issue #13) rightly blocks an injected <style> element.
        page.evaluate("css => { const sheet = new CSSStyleSheet(); sheet.replaceSync(css);"
                      " document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; }", css)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(100)
    report = overflow_report(page)
    assert report["scrollWidth"] <= report["vw"], (
        f"/{path} ({case}): page is {report['scrollWidth']} px wide in a {report['vw']} px viewport:\n  "
        + "\n  ".join(report["problems"][:15]))
    assert not report["problems"], f"/{path} ({case}):\n  " + "\n  ".join(report["problems"][:20])


@pytest.mark.browser
def test_root_does_not_hide_overflow(site_dir, http_base, page):
    """Cut text must wrap, not vanish: the root element does not clip horizontally."""
    page.set_viewport_size({"width": 320, "height": 800})
    goto(page, http_base, "mitglieder/")
    assert page.evaluate("getComputedStyle(document.documentElement).overflowX") not in ("hidden", "clip")
    assert page.evaluate("getComputedStyle(document.body).overflowX") not in ("hidden", "clip")


@pytest.mark.browser
def test_overflow_probe_sees_cut_text(site_dir, http_base, page):
    """The probe itself: a box that cuts its text and one wider than the viewport are reported."""
    page.set_viewport_size({"width": 320, "height": 800})
    goto(page, http_base, "")
    page.evaluate("""() => {
        const p = document.createElement('p');
        p.textContent = 'Regierungsbezirk Detmold und noch viel mehr Text';
        p.style.cssText = 'width:5rem;overflow:hidden;white-space:nowrap';
        document.querySelector('main').prepend(p);
        const d = document.createElement('div');
        d.textContent = 'breit';
        d.style.cssText = 'width:400px';
        document.querySelector('main').prepend(d);
    }""")
    problems = "\n".join(overflow_report(page)["problems"])
    assert "cuts its text horizontally" in problems and "reaches" in problems, problems
