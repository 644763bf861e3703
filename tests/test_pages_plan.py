"""Page planning from collection specs (engagiert/plan/pages.py), without MkDocs."""


from engagiert.load.collections import CollectionSpec, GroupSpec
from engagiert.load.models import SiteData
from engagiert.plan.pages import plan, url_from_src


class Rec:
    def __init__(self, id, name, tags=(), when=None):
        self.id, self.name, self.tags, self.when = id, name, tuple(tags), when
        self.source = None


def test_one_page_per_record_and_groups_by_tuple_field_with_ref_labels():
    people = (Rec("a", "Anna", ["x", "y"]), Rec("b", "Bert", ["y"]))
    tags = (Rec("x", "Ix"), Rec("y", "Ypsilon"))
    data = SiteData({"people": people, "tags": tags})
    specs = (
        CollectionSpec("people", "data/p.yaml", "s.json", "p", "leute/{id}/", "p.html", "{name}",
                       groups=(GroupSpec("tags", "leute/tag/{key}/", "g.html", "Tag {label}", ref="tags"),)),
        CollectionSpec("tags", "data/t.yaml", "t.json", "t", None, None, None),
    )
    result = plan(specs, data)
    urls = [p.url for p in result.pages]
    assert urls == ["leute/a/", "leute/b/", "leute/tag/x/", "leute/tag/y/"]
    assert result.url_of("people", "b") == "leute/b/"
    assert result.url_of("tags", "x") is None
    assert result.group_url("people", "tags", "y") == "leute/tag/y/"
    assert result.group_url("people", "tags", "z") is None      # no record has it: no page
    assert result.group_url("tags", "tags", "y") is None
    group_y = result.by_src["leute/tag/y/index.md"]
    assert group_y.title == "Tag Ypsilon"
    assert [r.id for r in group_y.group.records] == ["a", "b"]
    assert result.by_src["leute/a/index.md"].title == "Anna"
    assert "title: Anna" in result.by_src["leute/a/index.md"].markdown()


def test_urls_like_mkdocs_directory_urls():
    assert url_from_src("index.md") == ""
    assert url_from_src("wissen/index.md") == "wissen/"
    assert url_from_src("wissen/methoden/world-cafe.md") == "wissen/methoden/world-cafe/"


def test_generated_page_urls_are_written_only_in_collections_yml():
    """Record and group URLs come from collections.yml through the plan: no module spells them."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    patterns = re.compile(r"veranstaltungen/(art|monat)/|f\"veranstaltungen/\{|mitglieder/(a-z|kreis)/|"
                          r"wissen/(format|jahr|mitglied|themen)/")
    found = [f"{path.relative_to(root)}:{n}" for path in sorted((root / "engagiert").rglob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if patterns.search(line)]
    assert found == []


def test_absolute_urls():
    from engagiert.base.urls import absolute

    assert absolute("https://www.engagiert-in-nrw.de/", "mitglieder/aachen/") == \
        "https://www.engagiert-in-nrw.de/mitglieder/aachen/"
    assert absolute("https://example.org/netzwerk", "/a.ics") == "https://example.org/netzwerk/a.ics"
    assert absolute("https://example.org/", "") == "https://example.org/"
    assert absolute("", "a/") == "/a/"
