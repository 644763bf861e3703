"""Paging on /suche/: „Weitere Ergebnisse anzeigen“ adds the next results without repeating
any; clicking until the button disappears shows exactly the announced total, and the button
is then hidden."""

from __future__ import annotations

import re

import pytest

from helpers import goto

QUERY = "Engagement"  # a word on most pages of the example site: more than two pages of results
PAGE_SIZE = 10


def wait_done(page) -> None:
    page.wait_for_function("() => document.querySelector('[data-eng-search]')?.dataset.state === 'done'")


def shown(page) -> list[str]:
    return page.eval_on_selector_all(".eng-result__title a", "els => els.map(a => new URL(a.href).pathname)")


@pytest.mark.browser
def test_more_results_until_the_announced_total(page, http_base):
    goto(page, http_base, f"suche/?q={QUERY}")
    wait_done(page)
    total = int(re.search(r"(\d+)", page.locator("[data-status]").inner_text()).group(1))
    assert total > 2 * PAGE_SIZE, f"„{QUERY}“ should find more than {2 * PAGE_SIZE} pages, found {total}"
    assert len(shown(page)) == PAGE_SIZE
    more = page.locator("[data-more]")
    more.click()
    page.wait_for_function(f"() => document.querySelectorAll('.eng-result').length > {PAGE_SIZE}")
    after_one = shown(page)
    assert len(after_one) == min(total, 2 * PAGE_SIZE)
    assert len(set(after_one)) == len(after_one), "a result is shown twice"
    clicks = 1
    while more.is_visible():
        before = len(shown(page))
        more.click()
        page.wait_for_function(f"() => document.querySelectorAll('.eng-result').length > {before}")
        clicks += 1
        assert clicks <= total // PAGE_SIZE + 1, "the button never hides"
    urls = shown(page)
    assert len(urls) == total and len(set(urls)) == total
    assert clicks == -(-total // PAGE_SIZE) - 1
    assert not more.is_visible()
