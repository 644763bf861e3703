"""„Angaben ändern“ on member and event pages: a prefilled GitHub issue form; the pencil into
raw YAML is replaced by a labelled link for editors (issue #15)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / ".github/ISSUE_TEMPLATE/angaben-aendern.yml"
REPOSITORY = "https://github.com/engagiert-in-nrw/website"


def _aside(html: str) -> str:
    m = re.search(r'<aside class="record-edit".*?</aside>', html, re.S)
    assert m, "no record-edit block"
    return m.group(0)


def _links(fragment: str) -> dict[str, str]:
    return {text: href.replace("&amp;", "&") for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', fragment)}


def test_issue_form_is_german_and_has_the_prefilled_fields():
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    assert form["name"] == "Angaben ändern"
    ids = {item.get("id") for item in form["body"]}
    assert {"seite", "eintrag", "aenderung"} <= ids
    for item in form["body"]:
        if item["type"] != "markdown":
            assert item["attributes"]["label"]


def test_member_page_links_the_prefilled_form_and_labels_the_editors_link(site_dir):
    html = (site_dir / "mitglieder/stadt-dortmund/index.html").read_text(encoding="utf-8")
    links = _links(_aside(html))
    url = urlsplit(links["Angaben ändern"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{REPOSITORY}/issues/new"
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert query["template"] == FORM.name
    assert query["title"] == "Angaben ändern: Stadt Dortmund"
    assert query["seite"] == "https://www.engagiert-in-nrw.de/mitglieder/stadt-dortmund/"
    assert query["eintrag"] == "Mitglied „stadt-dortmund“ (data/members.yaml)"
    assert links["Für Redaktion: Datei bearbeiten"] == f"{REPOSITORY}/blob/main/data/members.yaml#L14"
    # Material's unlabelled pencil button is gone from the page
    assert "md-content__button" not in html


def test_event_page_links_the_form(site_dir):
    html = (site_dir / "veranstaltungen/netzwerktreffen-2026-2/index.html").read_text(encoding="utf-8")
    query = parse_qs(urlsplit(_links(_aside(html))["Angaben ändern"]).query)
    assert query["eintrag"] == ["Veranstaltung „netzwerktreffen-2026-2“ (data/events.yaml)"]
    assert "md-content__button" not in html


def test_content_pages_keep_their_edit_button(site_dir):
    html = (site_dir / "kontakt/index.html").read_text(encoding="utf-8")
    assert "md-content__button" in html and "record-edit" not in html
