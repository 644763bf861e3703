"""The Markdown filter for editors' data fields: escaped HTML, safe links, shifted headings."""

from datetime import date, datetime

import pytest

from engagiert.base.clock import BERLIN
from engagiert.base.formatting import de_date, de_in, de_month, de_time, render_markdown


def test_raw_html_is_shown_as_text_not_executed():
    html = render_markdown('Hallo <script>alert(1)</script> <img src=x onerror="alert(2)">\n\n<div>Block</div>')
    assert "<script" not in html and "<img" not in html and "<div" not in html
    assert "&lt;script&gt;" in html and "&lt;div&gt;" in html


def test_links_with_unsafe_schemes_lose_their_target():
    html = render_markdown("[a](javascript:alert(1)) [b](JAVASCRIPT:x) ![c](data:text/html,x) <javascript:alert(3)>")
    assert "href=" not in html and "src=" not in html, html
    kept = render_markdown("[w](https://www.example.org/) [m](mailto:a@example.org) [t](tel:+492111) [r](../x/)")
    for target in ("https://www.example.org/", "mailto:a@example.org", "tel:+492111", "../x/"):
        assert f'href="{target}"' in kept


UNSAFE_LINKS = [
    "[x](javascript:alert(1))", "[x](JavaScript:alert(1))", "[x]( javascript:alert(1))",
    "[x](java\tscript:alert(1))", "[x](vbscript:msgbox(1))", "[x](VBScript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "![x](data:image/svg+xml,%3Csvg%20onload%3Dalert(1)%3E)",
    "[r][1]\n\n[1]: vbscript:msgbox(1)", "[r][1]\n\n[1]: data:text/html,x", "<vbscript:msgbox(1)>",
    "[x](%6Aavascript:alert(1))",
]
ENTITY_ENCODED = ["[x](javascript&#58;alert(1))", "[x](javascript&colon;alert(1))",
                  "[r][1]\n\n[1]: javascript&#x3A;alert(1)", "[x](vbscript&#x3a;msgbox(1))",
                  "[x](data&colon;text/html,x)"]


@pytest.mark.parametrize("source", UNSAFE_LINKS + ENTITY_ENCODED)
def test_each_unsafe_scheme_loses_its_target(source):
    html = render_markdown(source)
    assert "href=" not in html and "src=" not in html, html


def test_headings_are_shifted_below_the_page_title():
    assert "<h2>Titel</h2>" in render_markdown("# Titel")
    assert "<h4>Drei</h4>" in render_markdown("## Drei", 2)
    assert "<h6>Tief</h6>" in render_markdown("###### Tief")


def test_converter_is_reset_between_calls():
    render_markdown("Text[^1]\n\n[^1]: Fußnote\n\n*[HTML]: x")
    assert "Fußnote" not in render_markdown("Nur Text")


def test_german_quotes_and_dates():
    assert "&bdquo;Zitat&ldquo;" in render_markdown('"Zitat"')
    assert de_date(date(2026, 11, 24)) == "Dienstag, 24. November 2026"
    assert de_date(date(2026, 3, 5), "medium") == "05.03.2026"
    assert de_month(date(2026, 3, 1)) == "März 2026"
    assert de_time(datetime(2026, 3, 29, 10, 30, tzinfo=BERLIN)) == "10:30 Uhr"


def test_in_with_kreis_names_in_the_dative():
    assert de_in("Kreis Steinfurt") == "im Kreis Steinfurt"
    assert de_in("Rhein-Erft-Kreis") == "im Rhein-Erft-Kreis"
    assert de_in("Hochsauerlandkreis") == "im Hochsauerlandkreis"
    assert de_in("Oberbergischer Kreis") == "im Oberbergischen Kreis"
    assert de_in("Rheinisch-Bergischer Kreis") == "im Rheinisch-Bergischen Kreis"
    assert de_in("Märkischer Kreis") == "im Märkischen Kreis"
    assert de_in("Städteregion Aachen") == "in der Städteregion Aachen"
