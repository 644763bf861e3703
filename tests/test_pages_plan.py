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
    group_y = result.by_src["leute/tag/y/index.md"]
    assert group_y.title == "Tag Ypsilon"
    assert [r.id for r in group_y.group.records] == ["a", "b"]
    assert result.by_src["leute/a/index.md"].title == "Anna"
    assert "title: Anna" in result.by_src["leute/a/index.md"].markdown()


def test_urls_like_mkdocs_directory_urls():
    assert url_from_src("index.md") == ""
    assert url_from_src("wissen/index.md") == "wissen/"
    assert url_from_src("wissen/methoden/world-cafe.md") == "wissen/methoden/world-cafe/"
