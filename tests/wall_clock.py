"""The wall clock of a process set to a chosen moment (time-machine), for tests that prove
the build does not depend on the day it runs.

    python tests/wall_clock.py 2031-03-04T10:00 mkdocs build --strict …

runs ``python -m mkdocs build --strict …`` with every clock function of the process
(``time.time``, ``datetime.now``, ``date.today`` …) starting at that moment and ticking on.
A moment without offset is Europe/Berlin local time. Forked children inherit the fake.

``ENGAGIERT_WALL_CLOCK=<moment>`` in the environment does the same for a whole pytest run
(tests/conftest.py) and for every build that tests/helpers.run_mkdocs_build starts.
"""

from __future__ import annotations

import runpy
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

ENV_VAR = "ENGAGIERT_WALL_CLOCK"
BERLIN = ZoneInfo("Europe/Berlin")


def parse_moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=BERLIN)


def travel(value: str):
    """A started-on-enter time-machine traveller to ``value`` that keeps ticking."""
    import time_machine

    return time_machine.travel(parse_moment(value), tick=True)


def main(argv: list[str]) -> None:
    if len(argv) < 3:
        raise SystemExit("usage: wall_clock.py MOMENT MODULE [ARGS …]")
    moment, module, *args = argv[1:]
    sys.argv = [module, *args]
    with travel(moment):
        runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv)
