"""„Angaben ändern“: a link that opens the prefilled GitHub issue form for a record's page
(.github/ISSUE_TEMPLATE/angaben-aendern.yml), for members of the network who do not edit
files themselves (issue #15). GitHub fills form fields from query parameters named
like their ids."""

from __future__ import annotations

from urllib.parse import urlencode, quote

TEMPLATE = "angaben-aendern.yml"
# collection -> (German kind for the title, data file)
KINDS = {"members": ("Mitglied", "data/members.yaml"), "events": ("Veranstaltung", "data/events.yaml")}


def change_request_url(repository: str | None, collection: str, record_id: str, name: str,
                       page_url: str) -> str | None:
    if not repository or collection not in KINDS:
        return None
    kind, file = KINDS[collection]
    query = urlencode({
        "template": TEMPLATE,
        "title": f"Angaben ändern: {name}",
        "seite": page_url,
        "eintrag": f"{kind} „{record_id}“ ({file})",
    }, quote_via=quote)
    return f"{repository.rstrip('/')}/issues/new?{query}"
