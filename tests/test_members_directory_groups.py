"""The member directory with names that do not start with A–Z: every member is listed once,
under the group a reader expects (a digit or an apostrophe under „#“, an umlaut with its base
letter, as in DIN 5007), the group is reachable from the letter navigation, and the number of
rows equals the total the page states. Expectations are literals and the data file."""

from __future__ import annotations

import re

import pytest

from helpers import ROOT, build_site, parse_html

EXTRA_MEMBERS = {
    # name: (id, expected group heading)
    "3-Länder-Gemeinde Beispiel": ("gemeinde-drei-laender", "#"),
    "’s-Heerenberg-Nord": ("gemeinde-s-heerenberg-nord", "#"),
    "Ölbachtal": ("gemeinde-oelbachtal", "O"),
}


def member_entry(name: str, member_id: str) -> str:
    return f"""
- id: {member_id}
  name: "{name}"
  typ: gemeinde
  kreis: Kleve
  regierungsbezirk: duesseldorf
  beitritt: 2024-05-02
  koordinaten: {{breite: 51.7900, laenge: 6.1400}}
  ansprechpersonen:
    - name: Alex Beispiel
      email: alex.beispiel@gemeinde.example
  ehrenamtskarte: teilnahme
"""


@pytest.fixture(scope="module")
def directory(tmp_path_factory):
    source = (ROOT / "data" / "members.yaml").read_text(encoding="utf-8")
    extra = "".join(member_entry(name, mid) for name, (mid, _) in EXTRA_MEMBERS.items())
    code, output, site = build_site(tmp_path_factory.mktemp("directory-groups"),
                                    data_overrides={"data/members.yaml": source.rstrip() + "\n" + extra},
                                    env={"ENGAGIERT_SEARCH": "0"})
    assert code == 0, output
    expected_total = len(re.findall(r"^- id:", source, flags=re.M)) + len(EXTRA_MEMBERS)
    return (site / "mitglieder" / "index.html").read_text(encoding="utf-8"), expected_total


def groups_of(html: str) -> dict[str, list[str]]:
    """Group heading → names of the rows below it, in page order."""
    body = html[html.index('id="verzeichnis"'):]
    groups: dict[str, list[str]] = {}
    current = None
    for match in re.finditer(r'<h3 class="mb-group__letter" id="([^"]+)">([^<]+)</h3>|<li [^>]*data-f="[^"]*"[^>]*>\s*<a [^>]*>([^<]+)</a>', body):
        if match.group(2):
            current = match.group(2).strip()
            groups[current] = []
        elif current is not None:
            groups[current].append(match.group(3).strip())
    return groups


def test_every_member_listed_once_under_the_expected_group(directory):
    html, _ = directory
    groups = groups_of(html)
    for name, (_, heading) in EXTRA_MEMBERS.items():
        where = [g for g, names in groups.items() if name in names]
        assert where == [heading], (name, where, list(groups))


def test_the_other_group_is_reachable_from_the_letter_navigation(directory):
    html, _ = directory
    doc = parse_html(html)
    heading_ids = {e.attrs["id"] for e in doc.find("h3") if "mb-group__letter" in (e.attrs.get("class") or "")}
    nav = html[html.index('class="mb-letters"'):]
    nav = nav[:nav.index("</nav>")]
    linked = set(re.findall(r'href="#([^"]+)"', nav))
    other = re.search(r'<h3 class="mb-group__letter" id="([^"]+)">#</h3>', html)
    assert other, "no „#“ group"
    assert other.group(1) in linked, (other.group(1), linked)
    assert linked == heading_ids


def test_row_count_equals_the_stated_total(directory):
    html, expected_total = directory
    rows = sum(len(names) for names in groups_of(html).values())
    stated = re.search(r'<p class="mb-total"[^>]*>[^<]*<strong>(\d+) Mitglieder</strong>', html)
    status = re.search(r'id="mitgliederliste-status"[^>]*>(\d+) Mitglieder<', html)
    assert stated and status, "total and status sentence"
    assert rows == int(stated.group(1)) == int(status.group(1)) == expected_total
