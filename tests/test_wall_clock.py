"""The suite does not depend on the day it runs.

- ``build_today`` takes Berlin's date from the wall clock when SOURCE_DATE_EPOCH is unset,
  and the epoch when it is set (the wall clock faked with time-machine).
- The date-sensitive tests pass with the whole run's wall clock set to days that occur in
  data/events.yaml (the days an expectation computed from "today" would flip on): each day
  runs those tests in a child pytest with ENGAGIERT_WALL_CLOCK (tests/wall_clock.py), which
  also fakes the clock of every build the child starts.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date, datetime, timezone

import pytest
import time_machine

from engagiert.base.clock import build_today
from helpers import PINNED_EPOCH, PINNED_TODAY, ROOT, WALL_CLOCK_ENV

# test_determinism.py is not listed: its builds set their own wall clocks.
DATE_SENSITIVE_TESTS = [
    "tests/test_events_agenda.py",
    "tests/test_events_site.py",
    "tests/test_wall_clock.py",
]


def test_today_is_berlins_date_of_the_wall_clock(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with time_machine.travel(datetime(2026, 10, 1, 22, 30, tzinfo=timezone.utc), tick=False):
        assert build_today() == date(2026, 10, 2)  # 00:30 in Berlin
    with time_machine.travel(datetime(2027, 1, 1, 22, 59, tzinfo=timezone.utc), tick=False):
        assert build_today() == date(2027, 1, 1)  # 23:59 in Berlin (winter time)


def test_epoch_wins_over_the_wall_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(PINNED_EPOCH))
    with time_machine.travel(datetime(2031, 3, 3, 12, 0, tzinfo=timezone.utc), tick=False):
        assert build_today() == PINNED_TODAY


def data_days() -> list[str]:
    """The first, the middle and the last date written in data/events.yaml."""
    text = (ROOT / "data" / "events.yaml").read_text(encoding="utf-8")
    days = sorted(set(re.findall(r"(?<!\d)(20\d\d-\d\d-\d\d)(?!\d)", text)))
    return [days[0], days[len(days) // 2], days[-1]]


@pytest.mark.skipif(bool(os.environ.get(WALL_CLOCK_ENV)), reason="already inside a faked-clock run")
@pytest.mark.parametrize("day", data_days())
def test_date_sensitive_tests_pass_on_a_day_of_the_data(day, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "ENGAGIERT_TEST_SITE"))}
    env[WALL_CLOCK_ENV] = f"{day}T10:00"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "0", "-p", "no:cacheprovider", "-x",
         "--basetemp", str(tmp_path / "run"), "-m", "not browser", *DATE_SENSITIVE_TESTS],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=1500)
    tail = "\n".join(proc.stdout.splitlines()[-40:])
    assert proc.returncode == 0, f"with the wall clock on {day}:\n{tail}"
    assert f"wall clock faked to {day}" in proc.stdout, tail
