"""Without JavaScript (issue #19): every page's purpose still works, in headless Chromium with
scripts switched off.

- Every page type shows its h1 and content, and offers no control that needs a script
  (a visible <select> or field outside a form that submits somewhere useful).
- The member directory links to every Kreis page and every A–Z page instead of the filter.
- /suche/ says plainly, before the form, what works without JavaScript.
- On a phone the navigation can be opened with the keyboard.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from helpers import PAGE_TYPES, find_page, goto


@pytest.fixture
def nojs_page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE",
                                  java_script_enabled=False)
    blocked = []

    def route(r):
        if urlsplit(r.request.url).hostname not in (None, "127.0.0.1"):
            blocked.append(r.request.url)
            r.abort("blockedbyclient")
        else:
            r.continue_()

    context.route("**/*", route)
    page = context.new_page()
    yield page
    context.close()
    assert not blocked, f"third-party requests: {blocked}"


_DEAD_CONTROLS = """() => {
    const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 1 && r.height > 1 &&
        getComputedStyle(el).visibility !== 'hidden'; };
    return Array.from(document.querySelectorAll('main select, main input:not([type=hidden]), main button'))
        .filter(visible)
        .filter(el => !el.closest('[hidden]'))  // Material's back-to-top button: hidden until scrolled
        .filter(el => { const f = el.form; return !f || !f.getAttribute('action') && !f.hasAttribute('data-nojs-ok'); })
        .map(el => el.outerHTML.slice(0, 120));
}"""


@pytest.mark.browser
@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=[t.name for t in PAGE_TYPES])
def test_page_works_without_javascript(page_type, site_dir, http_base, nojs_page):
    path = find_page(site_dir, page_type)
    if path is None:
        pytest.skip(f"{page_type.name}: {page_type.reason}")
    goto(nojs_page, http_base, path)
    assert nojs_page.locator("main h1").first.is_visible(), f"/{path}: no visible h1 without JavaScript"
    assert len(nojs_page.locator("main").inner_text()) > 80, f"/{path}: hardly any content without JavaScript"
    dead = nojs_page.evaluate(_DEAD_CONTROLS)
    assert not dead, f"/{path}: controls that need JavaScript are visible:\n  " + "\n  ".join(dead)


@pytest.mark.browser
def test_member_directory_offers_kreis_type_and_letter_pages(site_dir, http_base, nojs_page):
    goto(nojs_page, http_base, "mitglieder/")
    hrefs = set(nojs_page.evaluate("""() => Array.from(document.querySelectorAll('main a[href]'))
        .filter(a => a.getBoundingClientRect().width > 0).map(a => new URL(a.getAttribute('href'), location.href).pathname)"""))
    for group in ("kreis", "a-z", "art"):
        built = sorted(p.parent.name for p in (site_dir / "mitglieder" / group).glob("*/index.html"))
        assert built, f"no /mitglieder/{group}/…/ pages built"
        missing = [k for k in built if f"/mitglieder/{group}/{k}/" not in hrefs]
        assert not missing, f"/mitglieder/ links to no /mitglieder/{group}/ page for {missing}"


@pytest.mark.browser
def test_search_page_says_what_works_without_javascript(site_dir, http_base, nojs_page):
    path = find_page(site_dir, "search")
    if path is None:
        pytest.skip("no search page")
    goto(nojs_page, http_base, path + "?q=Engagement")
    note = nojs_page.evaluate("""() => {
        const field = document.querySelector('main input[type=search]');
        const notes = Array.from(document.querySelectorAll('main *')).filter(el =>
            el.children.length === 0 || el.tagName === 'P')
          .filter(el => /JavaScript/.test(el.textContent) && el.getBoundingClientRect().height > 0);
        const before = notes.filter(n => !field || (n.compareDocumentPosition(field) & Node.DOCUMENT_POSITION_FOLLOWING));
        return before.map(n => n.textContent.trim());
    }""")
    assert note, "no visible note about JavaScript before the search field"
    # The note leads somewhere: links to the pages that list everything.
    links = nojs_page.evaluate("""() => Array.from(document.querySelectorAll('main a[href]'))
        .filter(a => a.getBoundingClientRect().height > 0).map(a => new URL(a.getAttribute('href'), location.href).pathname)""")
    for target in ("/mitglieder/", "/veranstaltungen/", "/wissen/"):
        assert target in links, f"/{path} without JavaScript links nowhere to {target}"


@pytest.mark.browser
def test_phone_navigation_by_keyboard_without_javascript(site_dir, http_base, nojs_page):
    goto(nojs_page, http_base, "netzwerk/")
    for _ in range(8):
        nojs_page.keyboard.press("Tab")
        label = nojs_page.evaluate("""() => { const a = document.activeElement;
            return a && a.id === '__drawer' ? (a.getAttribute('aria-label') || '') : null; }""")
        if label is not None:
            break
    assert label, "the menu cannot be reached with Tab without JavaScript"
    nojs_page.keyboard.press(" ")
    nojs_page.wait_for_timeout(400)
    # The drawer comes after the header in the page: a few header links first.
    for _ in range(10):
        nojs_page.keyboard.press("Tab")
        state = nojs_page.evaluate("""() => { const a = document.activeElement;
            const r = a.getBoundingClientRect();
            return {inDrawer: !!a.closest('.md-sidebar--primary'),
                    onScreen: r.left >= 0 && r.right <= innerWidth && r.width > 0}; }""")
        assert state["onScreen"], "a Tab stop on the way into the open menu is off screen"
        if state["inDrawer"]:
            break
    assert state["inDrawer"], "after opening the menu, Tab does not go into it"
