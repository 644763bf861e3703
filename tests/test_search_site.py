"""The site search on the built site: header form, /suche/, keyboard use, what the index
holds, what a visitor downloads. Query quality is in test_search_quality.py."""

from __future__ import annotations

import posixpath
import re

import pytest

from helpers import format_violations, goto, html_files, run_axe, url_path

_HEADER_FORM = re.compile(
    r'<form class="eng-header-search" role="search" action="([^"]*)" method="get"[^>]*>(.*?)</form>', re.S)


def wait_done(page, timeout: int = 10000) -> None:
    page.wait_for_function(
        "() => document.querySelector('[data-eng-search]')?.dataset.state === 'done'", timeout=timeout)


def result_urls(page) -> list[str]:
    return page.eval_on_selector_all(".eng-result__title a", "els => els.map(a => new URL(a.href).pathname)")


# --------------------------------------------------------------------------- static checks

def test_every_page_has_the_header_search_form(site_dir):
    pages = [f for f in html_files(site_dir) if not url_path(site_dir, f).startswith("pagefind/")]
    assert pages
    for f in pages:
        text = f.read_text(encoding="utf-8")
        if "md-header" not in text:
            continue  # redirects
        m = _HEADER_FORM.search(text)
        assert m, f"/{url_path(site_dir, f)} has no header search form"
        action, inner = m.groups()
        page_url = "/" + url_path(site_dir, f)
        assert posixpath.normpath(posixpath.join(posixpath.dirname(page_url), action)) == "/suche", \
            f"{page_url}: action {action}"
        assert 'name="q"' in inner and '<label class="eng-visually-hidden" for="eng-header-q">' in inner


def test_lunr_search_is_off_and_our_index_is_there(site_dir):
    assert not (site_dir / "search" / "search_index.json").exists()
    assert not (site_dir / "pagefind").exists()
    index = site_dir / "suchindex"
    assert (index / "meta.json").is_file()
    assert list(index.glob("w/*.json")) and list(index.glob("d/*.json"))
    assert sorted(p.name for p in index.glob("f/*.json")) == ["format.json", "jahr.json", "thema.json"]


def test_search_page_is_a_plain_get_form(site_dir):
    text = (site_dir / "suche" / "index.html").read_text(encoding="utf-8")
    form = re.search(r'<form class="eng-search__form"[^>]*>', text).group(0)
    assert 'method="get"' in form and 'role="search"' in form
    for name in ("q", "format", "thema", "jahr"):
        assert f'name="{name}"' in text
    assert 'role="status"' in text and "<noscript>" in text


def test_index_leaves_out_search_404_and_listing_pages(site_dir):
    import json
    index = site_dir / "suchindex"
    meta = json.loads((index / "meta.json").read_text(encoding="utf-8"))
    urls = [d["url"] for p in index.glob("d/*.json") for d in json.loads(p.read_text(encoding="utf-8")) if d]
    assert len(urls) == meta["documents"] == len(set(urls))
    all_pages = [url_path(site_dir, f) for f in html_files(site_dir)]
    listing = [p for p in all_pages if re.match(r"(wissen/(format|jahr|mitglied)|mitglieder/(a-z|kreis)|veranstaltungen/art)/", p)]
    assert listing, "no listing pages to leave out"
    assert not set(urls) & (set(listing) | {"suche/", "404.html"})
    assert {"", "mitglieder/", "mitglieder/stadt-koeln/", "netzwerk/"} <= set(urls)
    assert len(urls) <= len(all_pages) - len(listing) - 2  # minus suche/ and 404.html


# --------------------------------------------------------------------------- in the browser

@pytest.mark.browser
def test_header_search_leads_to_results(page, http_base):
    goto(page, http_base, "netzwerk/")
    page.fill("#eng-header-q", "Ehrenamtskarte")
    page.press("#eng-header-q", "Enter")
    page.wait_for_url(re.compile(r"/suche/\?q=Ehrenamtskarte"))
    wait_done(page)
    assert page.input_value("#eng-q") == "Ehrenamtskarte"
    status = page.locator("[data-status]").inner_text()
    assert re.match(r"\d+ Ergebnis(se)? für „Ehrenamtskarte“\.", status), status
    first = page.locator(".eng-result").first
    assert first.locator(".eng-result__format").inner_text()
    assert "Ehrenamtskarte" in page.locator(".eng-results, [data-results]").inner_text()


@pytest.mark.browser
def test_results_update_while_typing_and_address_follows(page, http_base):
    goto(page, http_base, "suche/")
    assert page.locator("[data-status]").inner_text() == ""
    page.locator("#eng-q").press_sequentially("Netzwerk", delay=30)
    page.wait_for_function("() => document.querySelector('[data-status]').textContent.includes('„Netzwerk“')")
    assert page.locator(".eng-result").count() > 0
    assert "q=Netzwerk" in page.url
    page.select_option("#eng-f-format", "Mitglied")
    page.wait_for_function("() => location.search.includes('format=Mitglied')")
    wait_done(page)
    formats = page.eval_on_selector_all(".eng-result__format", "els => els.map(e => e.textContent)")
    assert formats and set(formats) == {"Mitglied"}


@pytest.mark.browser
def test_excerpt_highlights_the_compound_and_hides_index_terms(page, http_base):
    goto(page, http_base, "suche/?q=Karte")
    wait_done(page)
    excerpts = page.eval_on_selector_all(".eng-result__excerpt", "els => els.map(e => e.innerHTML)")
    marks = page.eval_on_selector_all(".eng-result__excerpt mark", "els => els.map(e => e.textContent)")
    assert excerpts and not any("⁂" in e for e in excerpts)
    assert any("Ehrenamtskarte" in m for m in marks), marks


@pytest.mark.browser
def test_keyboard_more_results_and_focus(page, http_base):
    goto(page, http_base, "suche/?q=Engagement")
    wait_done(page)
    total = int(re.match(r"(\d+)", page.locator("[data-status]").inner_text()).group(1))
    if total <= 10:
        pytest.skip("fewer than 11 results for „Engagement“")
    assert page.locator(".eng-result").count() == 10
    page.focus("[data-more]")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('.eng-result').length > 10")
    focused = page.evaluate("() => document.activeElement.closest('.eng-result') ? "
                            "[...document.querySelectorAll('.eng-result')].indexOf(document.activeElement.closest('.eng-result')) : -1")
    assert focused == 10  # the first newly shown result
    # a result link opens with the keyboard
    href = page.evaluate("() => document.activeElement.getAttribute('href')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(href)


@pytest.mark.browser
def test_search_page_with_filter_has_no_axe_violations(page, http_base):
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 800})
        goto(page, http_base, "suche/?q=Engagement&format=Mitglied")
        wait_done(page)
        violations = run_axe(page)
        assert not violations, f"/suche/ with results at {width}px:\n" + format_violations(violations)
        goto(page, http_base, "suche/?q=Xylophonquatsch")
        wait_done(page)
        violations = run_axe(page)
        assert not violations, f"/suche/ without results at {width}px:\n" + format_violations(violations)


@pytest.mark.browser
def test_bytes_before_first_result(page, http_base, request_log):
    """What a visitor downloads from opening /suche/?q=… to the first result shown.

    Sizes come from the page's own Resource Timing entries (complete once the results are
    rendered), not from response events, which may still be pending when the test reads them.
    """
    goto(page, http_base, "suche/?q=F%C3%B6rderung")
    wait_done(page)
    entries = page.evaluate("""() => performance.getEntriesByType('resource')
        .map(e => [e.name, e.decodedBodySize])""")
    sizes = dict(entries)
    search_bytes = sum(n for url, n in sizes.items() if "/suchindex/" in url or "/search" in url and ".js" in url)
    assert any("/suchindex/d/" in url for url in sizes), sorted(sizes)
    assert 0 < search_bytes < 300_000, f"{search_bytes} bytes of search files before the first result"


@pytest.mark.browser
def test_without_javascript_the_form_still_submits(browser, http_base):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(http_base + "kontakt/")
        page.fill("#eng-header-q", "Karte")
        page.press("#eng-header-q", "Enter")
        page.wait_for_url(re.compile(r"/suche/\?q=Karte"))
        text = page.locator("article").inner_text()
        assert "Ohne JavaScript funktioniert die Suche auf dieser Seite nicht" in text, text
        assert page.locator("article a[href$=\"/wissen/\"]").count() >= 1
    finally:
        context.close()


@pytest.mark.browser
def test_a_missing_part_of_the_index_is_reported_and_typing_goes_on(page, http_base):
    """A word shard that cannot be loaded (offline, a deployment in progress) leads to a
    German message, not a search that hangs; the next query that needs no broken shard works."""
    page.route(re.compile(r".*/suchindex/w/f[^/]*\.json.*"), lambda route: route.abort())
    goto(page, http_base, "suche/?q=F%C3%B6rderung")
    wait_done(page)
    assert "nicht erreichbar" in page.locator("[data-status]").inner_text()
    page.fill("#eng-q", "Ehrenamtskarte")
    page.wait_for_function("() => /Ergebnis/.test(document.querySelector('[data-status]').textContent)")
    assert "Ehrenamtskarte" in page.locator("[data-results]").inner_text()


@pytest.mark.browser
def test_more_button_is_not_shown_when_every_result_is(page, http_base):
    goto(page, http_base, "suche/?q=Ehrenamtskarte&format=Leitfaden")
    wait_done(page)
    total = int(re.match(r"(\d+)", page.locator("[data-status]").inner_text()).group(1))
    assert 0 < total <= 10
    assert page.locator(".eng-result").count() == total
    assert not page.locator("[data-more]").is_visible()


RESULT_FILES = re.compile(r".*/suchindex/d/[^/]*\.json.*")


def _first_result_file_passes(page, then) -> None:
    """Route the result files: the first one requested loads, ``then(route)`` gets the others."""
    first = []

    def handle(route):
        if not first:
            first.append(route.request.url)
            route.continue_()
        else:
            then(route)

    page.route(RESULT_FILES, handle)


@pytest.mark.browser
def test_first_results_show_before_the_last_result_file_arrives(page, http_base):
    """Results appear in order as their files arrive: with every result file after the first
    held back, the first results and the count are on screen; the rest follow when released."""
    held = []
    _first_result_file_passes(page, held.append)
    goto(page, http_base, "suche/?q=Netzwerk")
    page.wait_for_function("() => document.querySelectorAll('.eng-result').length > 0")
    shown = page.locator(".eng-result").count()
    assert held and shown < 10
    assert re.match(r"\d+ Ergebnisse für „Netzwerk“", page.locator("[data-status]").inner_text())
    for route in held:
        route.continue_()
    wait_done(page)
    assert page.locator(".eng-result").count() == 10


@pytest.mark.browser
def test_a_result_file_that_fails_keeps_the_results_before_it(page, http_base):
    _first_result_file_passes(page, lambda route: route.abort())
    goto(page, http_base, "suche/?q=Netzwerk")
    wait_done(page)
    assert 0 < page.locator(".eng-result").count() < 10
    assert not page.locator("[data-more]").is_visible()
