"""Deterministic builds: the same sources and SOURCE_DATE_EPOCH give byte-identical output.

The repository is copied once and that copy is copied again to a second folder with a
different path; both are built with the pinned epoch in separate processes (so with
different PYTHONHASHSEEDs, in different directories). Copying first keeps the test
independent of edits made to the working tree while it runs.

Known sources of difference and how they are handled:
  sitemap.xml.gz  MkDocs writes the gzip header with the file's basename and mtime =
                  midnight UTC of the pages' update date, which it takes from
                  SOURCE_DATE_EPOCH: stable, no exception needed.
  suchindex/      the search index (engagiert/outputs/search/store.py): JSON with sorted keys,
                  documents numbered newest first with URL order for ties; not exempted.
"""

from __future__ import annotations

import difflib
import hashlib
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from helpers import PINNED_TODAY, copy_repo, run_mkdocs_build

# Files allowed to differ between two builds, with the reason. Keep this empty if possible.
ALLOWED_DIFFERENCES: dict[str, str] = {}


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def describe_difference(a: Path, b: Path, max_lines: int = 12) -> str:
    try:
        lines_a = a.read_text(encoding="utf-8").splitlines()
        lines_b = b.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        data_a, data_b = a.read_bytes(), b.read_bytes()
        first = next((i for i, (x, y) in enumerate(zip(data_a, data_b)) if x != y), min(len(data_a), len(data_b)))
        return f"    binary, {len(data_a)} vs {len(data_b)} bytes, first difference at byte {first}"
    diff = list(difflib.unified_diff(lines_a, lines_b, lineterm="", n=0))[2:]
    shown = [("    " + line)[:200] for line in diff[:max_lines]]
    if len(diff) > max_lines:
        shown.append(f"    … {len(diff) - max_lines} more diff lines")
    return "\n".join(shown)


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("determinism")
    first_repo = copy_repo(base / "a")
    second_repo = base / "second-build-in-a-longer-path" / "b"
    shutil.copytree(first_repo, second_repo)
    results = []
    for repo in (first_repo, second_repo):
        site = repo.parent / f"{repo.name}-site"
        code, output = run_mkdocs_build(repo, site)
        assert code == 0, f"build in {repo} failed:\n{output}"
        results.append(site)
    return results


def test_two_builds_are_byte_identical(two_builds):
    site_a, site_b = two_builds
    digest_a, digest_b = tree_digest(site_a), tree_digest(site_b)
    problems = []
    only_a = sorted(set(digest_a) - set(digest_b))
    only_b = sorted(set(digest_b) - set(digest_a))
    if only_a:
        problems.append(f"only in the first build: {only_a}")
    if only_b:
        problems.append(f"only in the second build: {only_b}")
    for rel in sorted(set(digest_a) & set(digest_b)):
        if digest_a[rel] != digest_b[rel] and rel not in ALLOWED_DIFFERENCES:
            problems.append(f"{rel} differs:\n{describe_difference(site_a / rel, site_b / rel)}")
    differing = only_a + only_b + [r for r in set(digest_a) & set(digest_b) if digest_a[r] != digest_b[r]]
    if differing and all(r.startswith("suchindex/") for r in differing):
        problems.append("hint: only the search index differs: look for an unsorted set or dict in "
                        "engagiert/outputs/search/store.py or a document order that depends on file order.")
    assert not problems, "builds differ:\n" + "\n".join(problems)
    assert len(digest_a) > 10, "suspiciously small build"


def test_sitemap_gz_is_stable(two_builds):
    """gzip header: MkDocs sets mtime to midnight UTC of the pages' update date, which comes
    from SOURCE_DATE_EPOCH, so it is the pinned day, not the build time."""
    import gzip
    import struct
    from datetime import timezone

    from helpers import PINNED_EPOCH

    pinned_day = datetime.fromtimestamp(PINNED_EPOCH, tz=timezone.utc).date()
    expected = int(datetime(pinned_day.year, pinned_day.month, pinned_day.day, tzinfo=timezone.utc).timestamp())
    for site in two_builds:
        data = (site / "sitemap.xml.gz").read_bytes()
        mtime = struct.unpack("<I", data[4:8])[0]
        assert mtime == expected, (mtime, expected)
        assert gzip.decompress(data) == (site / "sitemap.xml").read_bytes()


def test_output_does_not_contain_the_wall_clock_date(two_builds):
    """With SOURCE_DATE_EPOCH pinned, today's real date must not appear in the output
    (it would mean something used the wall clock instead of engagiert.clock)."""
    now = datetime.now()
    if now.date() == PINNED_TODAY:
        pytest.skip("the real date is the pinned date")
    from babel.dates import format_date

    needles = {now.strftime("%Y-%m-%d"), format_date(now.date(), "d. MMMM y", locale="de"),
               now.strftime("%d.%m.%Y")}
    found = []
    site = two_builds[0]
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".xml", ".ics", ".json", ".txt", ".js", ".css"):
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [f"{path.relative_to(site)}: {n!r}" for n in needles if n in text]
    assert not found, "today's real date in a pinned build:\n  " + "\n  ".join(found)
