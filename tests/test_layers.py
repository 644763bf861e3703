"""The package's layers (pyproject.toml, [tool.importlinter]; DEVELOPERS.md): adapter > outputs >
views > plan > load > base, no upward import and no import cycle, imports inside functions included."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")


def lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--no-cache", "--no-logo", str(root / "pyproject.toml")], cwd=root,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def copy(tmp_path):
    shutil.copytree(ROOT / "engagiert", tmp_path / "engagiert", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add(path: Path, code: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + code + "\n", encoding="utf-8")


def test_the_package_keeps_its_layers_and_has_no_cycle():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_the_copy_without_changes_passes(copy):
    assert lint(copy).returncode == 0


def test_an_upward_import_inside_a_function_breaks_the_layers(copy):
    add(copy / "engagiert/base/clock.py", "def _upward():\n    from ..adapter import templating\n    return templating")
    result = lint(copy)
    assert result.returncode == 1
    assert "engagiert.base.clock -> engagiert.adapter.templating" in result.stdout


def test_an_upward_import_for_type_checking_breaks_the_layers(copy):
    add(copy / "engagiert/load/models.py",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..plan.build import Build")
    result = lint(copy)
    assert result.returncode == 1
    assert "engagiert.load.models -> engagiert.plan.build" in result.stdout


def test_a_cycle_inside_one_layer_breaks_the_contract(copy):
    # events_jsonld imports agenda; agenda importing events_jsonld back (even lazily) is a cycle
    add(copy / "engagiert/views/agenda.py", "def _jsonld(event, build):\n    from . import events_jsonld\n"
        "    return events_jsonld.event_jsonld(event, build)")
    result = lint(copy)
    assert result.returncode == 1
    assert "No import cycle" in result.stdout and "BROKEN" in result.stdout


def test_a_module_outside_the_layers_breaks_the_contract(copy):
    (copy / "engagiert/helpers.py").write_text('"""A new flat module."""\n', encoding="utf-8")
    result = lint(copy)
    assert result.returncode == 1
    assert "engagiert.helpers" in result.stdout
