"""ProperDocs (the maintained continuation of MkDocs 1.x) builds this site with the same bytes as
MkDocs: every file identical except the generator tag. README "ProperDocs" says how to switch."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import PINNED_EPOCH, ROOT, build_env

PROPERDOCS = Path(sys.executable).with_name("properdocs")
# <meta name="generator" content="mkdocs-1.6.1, …"> / "mkdocs-ProperDocs 1.6.7, …"
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def differences(mkdocs_site: Path, properdocs_site: Path) -> tuple[list[str], list[str], int]:
    """(files only in one of the sites, files that differ beyond the generator tag, files whose
    generator tags differ)."""
    ours, theirs = files(mkdocs_site), files(properdocs_site)
    missing = sorted(set(ours) ^ set(theirs))
    different, generator_only = [], 0
    for name in sorted(set(ours) & set(theirs)):
        a, b = ours[name].read_bytes(), theirs[name].read_bytes()
        if a == b:
            continue
        if GENERATOR.sub(b"", a) == GENERATOR.sub(b"", b):
            generator_only += 1
        else:
            different.append(name)
    return missing, different, generator_only


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory) -> Path:
    if not PROPERDOCS.exists():
        pytest.fail("properdocs is missing: make setup-test installs it (requirements-test.lock)")
    site = tmp_path_factory.mktemp("properdocs") / "site"
    proc = subprocess.run([str(PROPERDOCS), "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
                          cwd=ROOT, env=build_env(PINNED_EPOCH), capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return site


def test_properdocs_builds_the_same_files_as_mkdocs(site_dir, properdocs_site):
    missing, different, generator_only = differences(site_dir, properdocs_site)
    assert missing == [], f"files only in one build: {missing[:20]}"
    assert different == [], f"files that differ beyond the generator tag: {different[:20]}"
    assert generator_only > 0  # the pages name their generator: the builds really were two


def test_the_comparison_sees_a_changed_byte(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for site in (a, b):
        (site / "x").mkdir(parents=True)
    page = b'<head><meta name="generator" content="mkdocs-1.6.1"></head><p>Text</p>'
    (a / "x/index.html").write_bytes(page)
    (b / "x/index.html").write_bytes(page.replace(b"mkdocs-1.6.1", b"mkdocs-ProperDocs 1.6.7"))
    assert differences(a, b) == ([], [], 1)
    (b / "x/index.html").write_bytes(page.replace(b"Text", b"Test"))
    assert differences(a, b) == ([], ["x/index.html"], 0)
    (b / "extra.txt").write_text("")
    assert differences(a, b)[0] == ["extra.txt"]
