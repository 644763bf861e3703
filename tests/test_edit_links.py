"""Edit links of record pages: every page generated from a YAML record (members, events,
topics) links to ``{repository}/blob/main/{file}#L{line}``, where ``file`` is the collection's
source in collections.yml and ``line`` is the line where that record's ``- id:`` stands;
every knowledge article links to its own Markdown file.

Expectations are read from collections.yml and the data files themselves, not from the
code that makes the links.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from helpers import ROOT, parse_html

MKDOCS = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
REPOSITORY = MKDOCS["extra"]["repository"]
COLLECTIONS = yaml.safe_load((ROOT / "collections.yml").read_text(encoding="utf-8"))
YAML_COLLECTIONS = sorted(name for name, spec in COLLECTIONS.items()
                          if spec["source"].endswith((".yaml", ".yml")) and "*" not in spec["source"]
                          and "{id}" in spec.get("url", ""))
RECORD_START = re.compile(r"^- id:\s*([a-z0-9-]+)\s*$")


def edit_href(page: Path) -> str | None:
    links = [e.attrs.get("href") for e in parse_html(page.read_text(encoding="utf-8")).find("a")
             if e.attrs.get("rel") == "edit"]
    assert len(links) <= 1, (page, links)
    return links[0] if links else None


def records_with_lines(source: str) -> list[tuple[str, int]]:
    lines = (ROOT / source).read_text(encoding="utf-8").splitlines()
    return [(m.group(1), number) for number, line in enumerate(lines, 1) if (m := RECORD_START.match(line))]


def test_every_yaml_collection_with_record_pages_is_checked():
    assert {"members", "events", "topics"} <= set(YAML_COLLECTIONS)


@pytest.mark.parametrize("name", YAML_COLLECTIONS)
def test_record_pages_link_to_their_line_in_their_file(site_dir, name):
    spec = COLLECTIONS[name]
    records = records_with_lines(spec["source"])
    assert records, f"no records found in {spec['source']}"
    wrong = []
    for record_id, line in records:
        page = site_dir / spec["url"].format(id=record_id) / "index.html"
        if not page.is_file():
            wrong.append(f"{record_id}: no page at {page.relative_to(site_dir)}")
            continue
        expected = f"{REPOSITORY}/blob/main/{spec['source']}#L{line}"
        if edit_href(page) != expected:
            wrong.append(f"{record_id}: {edit_href(page)!r}, expected {expected!r}")
    assert not wrong, "\n".join(wrong)


def test_articles_link_to_their_own_markdown_file(site_dir):
    spec = COLLECTIONS["articles"]
    excluded = {ROOT / p for p in spec.get("exclude", [])}
    articles = [p for p in sorted(ROOT.glob(spec["source"])) if p not in excluded]
    assert articles
    for path in articles:
        rel = path.relative_to(ROOT / "content").with_suffix("")
        page = site_dir / rel / "index.html"
        href = edit_href(page)
        assert href is not None and href.startswith(REPOSITORY + "/"), (rel, href)
        assert href.split("#")[0].endswith(f"/main/content/{path.relative_to(ROOT / 'content').as_posix()}"), (rel, href)
