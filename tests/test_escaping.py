"""Text from data never becomes markup: names, titles and Markdown fields with HTML in them."""

from pathlib import Path

from tests.helpers import build_site

REPO = Path(__file__).resolve().parent.parent
PAYLOAD = '<img src=x onerror=alert(1)>'


def _inject(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_html_in_data_is_escaped_everywhere(tmp_path):
    members = (REPO / "data/members.yaml").read_text(encoding="utf-8")
    members = _inject(members, "name: Stadt Dortmund", f'name: "Stadt Dortmund {PAYLOAD} & Co"')
    events = (REPO / "data/events.yaml").read_text(encoding="utf-8")
    events = _inject(events, "titel: 1. Netzwerktreffen 2024", "titel: \"</title><script>alert(2)</script> 1. Netzwerktreffen 2024\"")
    events = _inject(events, "beschreibung: |\n", f"beschreibung: |\n    Vorher <script>alert(3)</script> {PAYLOAD}\n")
    code, output, site = build_site(tmp_path, data_overrides={
        "data/members.yaml": members, "data/events.yaml": events}, env={"ENGAGIERT_SEARCH": "0"})
    assert code == 0, output
    leaks = []
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for raw in (PAYLOAD, "<script>alert(2)", "<script>alert(3)", "</title><script>"):
            if raw in html:
                leaks.append(f"{page.relative_to(site)}: {raw}")
    assert not leaks, "unescaped data in HTML:\n  " + "\n  ".join(leaks)
    profile = (site / "mitglieder/stadt-dortmund/index.html").read_text(encoding="utf-8")
    assert "Stadt Dortmund &lt;img src=x onerror=alert(1)&gt; &amp; Co" in profile
