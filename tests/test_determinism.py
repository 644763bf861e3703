"""Deterministic builds: the same sources and SOURCE_DATE_EPOCH give byte-identical output.

The repository is copied once and that copy is copied again to a second folder with a
different path; both are built with the pinned epoch in separate processes (so with
different PYTHONHASHSEEDs, in different directories) and with their wall clocks faked to two
different days that occur nowhere in the sources (tests/wall_clock.py): identical bytes and
neither day in either build prove that nothing reads the wall clock. Copying first keeps
the test independent of edits made to the working tree while it runs.

Known sources of difference and how they are handled:
  sitemap.xml.gz  MkDocs writes the gzip header with the file's basename and mtime =
                  midnight UTC of the pages' update date, which it takes from
                  SOURCE_DATE_EPOCH: stable, no exception needed.
  suchindex/      the search index (engagiert/outputs/search/store.py): JSON with sorted keys,
                  documents numbered newest first with URL order for ties; not exempted.
"""

from __future__ import annotations

import difflib
import os
import hashlib
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from helpers import WALL_CLOCK_ENV, copy_repo, day_needles, run_mkdocs_build, unused_days

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


# One day inside the data's range (upcoming and past events differ from the pinned day's)
# and one after all of it: a build that read the wall clock would differ between the two.
WALL_CLOCK_DAYS = [unused_days(1, date(2025, 2, 11))[0], unused_days(1, date(2031, 3, 3))[0]]


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("determinism")
    first_repo = copy_repo(base / "a")
    second_repo = base / "second-build-in-a-longer-path" / "b"
    shutil.copytree(first_repo, second_repo)
    results = []
    for repo, day in zip((first_repo, second_repo), WALL_CLOCK_DAYS):
        site = repo.parent / f"{repo.name}-site"
        # 23:30 Berlin: in UTC still the day before, so a UTC "today" would leave another trace
        code, output = run_mkdocs_build(repo, site, env={WALL_CLOCK_ENV: f"{day.isoformat()}T23:30"})
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
    """Each build ran with its wall clock on a day that occurs nowhere in the sources; with
    SOURCE_DATE_EPOCH pinned, neither day may appear in either build, in any form the site
    writes dates in (ISO, iCalendar, dd.mm.yyyy, „1. Dezember 2026“)."""
    from datetime import timedelta

    needles = {}
    for day in WALL_CLOCK_DAYS:
        for d in (day, day - timedelta(days=1)):  # the Berlin day and the UTC day of 23:30
            needles.update({n: d for n in day_needles(d)})
    found = []
    for site in two_builds:
        for path in sorted(site.rglob("*")):
            if path.is_file() and path.suffix != ".gz":
                text = path.read_text(encoding="utf-8", errors="replace")
                found += [f"{site.name}/{path.relative_to(site)}: {n!r}" for n in needles if n in text]
    assert not found, "the build's wall-clock date in a pinned build:\n  " + "\n  ".join(found)


def test_faked_wall_clock_reaches_the_build(tmp_path):
    """The fake is real: a process started the way the builds are started sees the faked day
    (else the two tests above could not fail)."""
    import subprocess
    import sys

    from helpers import ROOT

    day = WALL_CLOCK_DAYS[0]
    (tmp_path / "clock_probe.py").write_text(
        "import datetime, zoneinfo\n"
        "print(datetime.datetime.now(zoneinfo.ZoneInfo('Europe/Berlin')).date())\n", encoding="utf-8")
    out = subprocess.run([sys.executable, str(ROOT / "tests" / "wall_clock.py"), f"{day}T23:30", "clock_probe"],
                         env={**os.environ, "PYTHONPATH": str(tmp_path)}, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == day.isoformat()
