"""„Barriere melden“ on the accessibility statement (issue #20): keyboard only, error
messages, the composed mailto: URL, and the page without JavaScript.

The form opens the e-mail program with ``window.open(mailto, "_self")``; the tests replace
``window.open`` before the page loads and read the URL it was given (a mailto: navigation
cannot be intercepted as a request).
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from helpers import goto

pytestmark = pytest.mark.browser

ADDRESS = "mareike.einfeld@stk.nrw.de"
CAPTURE = "window.__opened = []; window.open = (url, target) => { window.__opened.push([url, target]); return null; };"


def _tab_to(page, element_id: str, limit: int = 250) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    pytest.fail(f"#{element_id} cannot be reached with the Tab key")


def _open_form(page, http_base):
    page.add_init_script(CAPTURE)
    goto(page, http_base, "barrierefreiheit/")
    page.wait_for_selector("#barriere-melden-formular", state="visible")


def test_keyboard_only_fill_and_submit_composes_the_mail(page, http_base):
    _open_form(page, http_base)
    assert page.is_hidden("[data-feedback-fallback]")
    _tab_to(page, "feedback-seite")
    page.keyboard.type("https://www.engagiert-in-nrw.de/veranstaltungen/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "feedback-problem"
    page.keyboard.type("Der Filter lässt sich nicht mit der Tastatur bedienen.")
    page.keyboard.press("Enter")  # a new line in the description, not a submit
    page.keyboard.type("Browser: Firefox & NVDA")
    page.keyboard.press("Tab")
    page.keyboard.type("Erika Muster")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "feedback-email"
    page.keyboard.type("erika@beispiel.de")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    assert page.evaluate("window.__opened.length") == 0
    page.keyboard.press("Enter")
    opened = page.evaluate("window.__opened")
    assert len(opened) == 1 and opened[0][1] == "_self"
    url = urlsplit(opened[0][0])
    assert url.scheme == "mailto" and unquote(url.path) == ADDRESS
    query = parse_qs(url.query, keep_blank_values=True)
    assert query["subject"] == ["Barriere melden: https://www.engagiert-in-nrw.de/veranstaltungen/"]
    body = query["body"][0]
    assert "Seite: https://www.engagiert-in-nrw.de/veranstaltungen/\r\n" in body
    assert "Der Filter lässt sich nicht mit der Tastatur bedienen.\r\nBrowser: Firefox & NVDA" in body
    assert "Name: Erika Muster" in body and "E-Mail-Adresse für die Antwort: erika@beispiel.de" in body
    assert "\n" not in body.replace("\r\n", "")  # line breaks as CRLF (RFC 6068)
    # a status message says what happens, with the same link to try again
    status = page.inner_text("[data-feedback-status]")
    assert "E-Mail-Programm" in status and ADDRESS in status
    assert page.get_attribute("[data-feedback-status] a", "href") == opened[0][0]


def test_errors_are_announced_and_focus_moves_to_the_first(page, http_base):
    _open_form(page, http_base)
    _tab_to(page, "feedback-email")
    page.keyboard.type("keine-adresse")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("window.__opened.length") == 0
    assert page.evaluate("document.activeElement.id") == "feedback-seite"
    for field in ("feedback-seite", "feedback-problem", "feedback-email"):
        assert page.get_attribute(f"#{field}", "aria-invalid") == "true", field
        assert page.is_visible(f"#{field}-fehler"), field
        described = page.get_attribute(f"#{field}", "aria-describedby").split()
        assert f"{field}-fehler" in described, (field, described)
    assert page.get_attribute("#feedback-name", "aria-invalid") is None
    assert "Bitte geben Sie an, auf welcher Seite" in page.inner_text("#feedback-seite-fehler")
    # fixing the first field moves the focus to the next error on the next submit
    page.keyboard.type("Startseite")
    assert page.get_attribute("#feedback-seite", "aria-invalid") is None
    assert page.is_hidden("#feedback-seite-fehler")
    assert "feedback-seite-fehler" not in page.get_attribute("#feedback-seite", "aria-describedby")
    page.keyboard.press("Enter")  # Enter in a text field submits the form
    assert page.evaluate("document.activeElement.id") == "feedback-problem"
    assert page.evaluate("window.__opened.length") == 0


def test_without_javascript_the_address_and_what_to_write(browser, http_base):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    try:
        page = context.new_page()
        goto(page, http_base, "barrierefreiheit/")
        assert page.is_hidden("#barriere-melden-formular")
        fallback = page.locator("[data-feedback-fallback]")
        assert fallback.is_visible()
        text = fallback.inner_text()
        assert ADDRESS in text and "die Adresse der Seite" in text and "was nicht funktioniert" in text
        href = fallback.locator("a").first.get_attribute("href")
        assert href.startswith(f"mailto:{ADDRESS}")
    finally:
        context.close()
