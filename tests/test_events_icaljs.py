"""The built calendar files as an independent parser reads them: Mozilla's ical.js (the
iCalendar library of Thunderbird and of many web calendars), run by tests/ical_check.mjs.

Every .ics file of the site must parse (every property value too), every VEVENT must have
UID, DTSTAMP (UTC) and DTSTART. Timed events must come out at the instant the data says,
which ical.js can only compute from the file's own VTIMEZONE (it has no time zone database
here): compared with Python's zoneinfo for each event. Whole-day events must be DATE values
with an exclusive DTEND. Each VTIMEZONE is also probed every 30 minutes on the days the
clocks change, in every year it covers.

One node process checks all files. Needs node_modules (``npm ci``; ``make test`` runs it).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from engagiert.load.collections import load_specs
from engagiert.load.loader import load_site
from helpers import ROOT

CHECK_SCRIPT = ROOT / "tests" / "ical_check.mjs"
ICAL_JS = ROOT / "node_modules" / "ical.js" / "package.json"
BERLIN = ZoneInfo("Europe/Berlin")
UID_SUFFIX = "@engagiert-in-nrw.de"
PROBE_YEARS = range(2000, 2101)


def _transition_days(year: int) -> list[date]:
    """The days of ``year`` on which Berlin's UTC offset changes."""
    days = []
    day = date(year, 1, 1)
    while day.year == year:
        before = datetime(day.year, day.month, day.day, 0, tzinfo=BERLIN).utcoffset()
        after = datetime(day.year, day.month, day.day, 23, tzinfo=BERLIN).utcoffset()
        if before != after:
            days.append(day)
        day += timedelta(days=1)
    return days


def _skipped_or_repeated(local: datetime) -> bool:
    """True for a wall time that does not exist or exists twice in Berlin. RFC 5545 § 3.3.5
    reads those as the first occurrence / with the offset before the gap (as zoneinfo with
    fold=0 does); ical.js reads them the other way round, whatever the VTIMEZONE says, so
    they are left out of the probes."""
    first = local.replace(tzinfo=BERLIN, fold=0)
    second = local.replace(tzinfo=BERLIN, fold=1)
    return first.utcoffset() != second.utcoffset()  # repeated (fall back) or skipped (spring forward)


def _probes(years) -> list[str]:
    probes = []
    for year in years:
        for day in _transition_days(year):
            start = datetime(day.year, day.month, day.day)
            probes += [(start + timedelta(minutes=m)).isoformat() for m in range(0, 24 * 60, 30)]
        probes.append(datetime(year, 7, 1, 12).isoformat())
        probes.append(datetime(year, 1, 15, 12).isoformat())
    return probes


@pytest.fixture(scope="module")
def ics_files(site_dir) -> list[Path]:
    files = sorted(Path(site_dir).rglob("*.ics"))
    assert files, "the built site has no .ics file"
    return files


@pytest.fixture(scope="module")
def icaljs(site_dir, ics_files) -> dict[str, dict]:
    """ical.js's reading of every .ics file, by site-relative path."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node not found: Node.js is needed for ical.js (and npm)", pytrace=False)
    if not ICAL_JS.is_file():
        pytest.fail(f"{ICAL_JS.parent} missing: run `npm ci` (make test does)", pytrace=False)
    years = sorted({int(y) for f in ics_files for y in _years_in(f)})
    request = {"files": [str(f) for f in ics_files], "local_probes": _probes(years)}
    proc = subprocess.run([node, str(CHECK_SCRIPT)], input=json.dumps(request),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300)
    assert proc.returncode == 0, f"ical_check.mjs failed:\n{proc.stderr}"
    report = json.loads(proc.stdout)
    return {Path(r["path"]).relative_to(site_dir).as_posix(): r for r in report["files"]}


def _years_in(path: Path) -> set[str]:
    """Years of the DTSTART lines of a file (which years the probes need)."""
    years = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("DTSTART") and ":" in line:
            value = line.rsplit(":", 1)[1]
            if value[:4].isdigit():
                years.add(value[:4])
    return {y for y in years if int(y) in PROBE_YEARS}


@pytest.fixture(scope="module")
def events():
    data = load_site(ROOT, load_specs(ROOT / "collections.yml", ROOT))
    assert data.events, "data/events.yaml holds no events"
    return {e.id + UID_SUFFIX: e for e in data.events}


def _all_events(icaljs):
    for path, result in icaljs.items():
        for event in result["events"]:
            yield path, event


# --------------------------------------------------------------------------- files

def test_every_file_parses_with_every_value(icaljs):
    problems = []
    for path, result in icaljs.items():
        if result["error"]:
            problems.append(f"{path}: {result['error']}")
            continue
        problems += [f"{path}: {message}" for message in result["value_errors"]]
        calendar = result["calendar"]
        if calendar["version"] != "2.0" or not calendar["prodid"]:
            problems.append(f"{path}: VERSION {calendar['version']!r}, PRODID {calendar['prodid']!r}")
    assert not problems, "\n".join(problems)


def test_per_event_files_and_feeds_are_all_read(icaljs, events):
    assert "veranstaltungen/kalender.ics" in icaljs
    feed_uids = {e["uid"] for e in icaljs["veranstaltungen/kalender.ics"]["events"]}
    assert feed_uids == set(events), "the feed of all events does not hold every event"
    single = [p for p in icaljs if p.count("/") == 2]
    assert len(single) == len(events), "one .ics file per event"
    for path in single:
        [event] = icaljs[path]["events"]
        assert path.endswith(f"/{event['uid'].removesuffix(UID_SUFFIX)}.ics"), path


def test_every_vevent_has_uid_dtstamp_dtstart(icaljs):
    problems = []
    for path, result in icaljs.items():
        uids = [e["uid"] for e in result["events"]]
        if len(uids) != len(set(uids)):
            problems.append(f"{path}: UIDs repeat")
        for event in result["events"]:
            missing = [name for name, present in event["has"].items() if not present]
            if missing:
                problems.append(f"{path} {event['uid']}: no {', '.join(missing)}")
            elif not (event["dtstamp"]["type"] == "date-time" and event["dtstamp"]["utc"]):
                problems.append(f"{path} {event['uid']}: DTSTAMP not in UTC: {event['dtstamp']}")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- times

def test_timed_events_resolve_to_the_right_instant(icaljs, events):
    checked, problems = 0, []
    for path, item in _all_events(icaljs):
        event = events[item["uid"]]
        if not isinstance(event.start, datetime):
            continue
        for key, expected in (("start", event.start), ("end", event.end)):
            value = item[key]
            where = f"{path} {item['uid']} DT{key.upper()}"
            if value is None:
                problems.append(f"{where}: missing")
                continue
            if value["type"] != "date-time" or value["tzid"] != "Europe/Berlin" or not value["zone_in_file"]:
                problems.append(f"{where}: not a date-time resolved with the file's "
                                f"VTIMEZONE Europe/Berlin: {value}")
                continue
            wall = datetime.fromisoformat(value["value"])
            by_zoneinfo = wall.replace(tzinfo=ZoneInfo(value["tzid"])).timestamp()
            if value["unix"] != by_zoneinfo:
                problems.append(f"{where} {value['value']}: ical.js "
                                f"{datetime.fromtimestamp(value['unix'], BERLIN).isoformat()}, zoneinfo "
                                f"{datetime.fromtimestamp(by_zoneinfo, BERLIN).isoformat()}")
            if by_zoneinfo != expected.timestamp():
                problems.append(f"{where}: {value['value']} in the file, {expected.isoformat()} in the data")
            checked += 1
        if item["icaljs_end"] is None or item["icaljs_end"]["unix"] != event.end.timestamp():
            problems.append(f"{path} {item['uid']}: ical.js ends it at {item['icaljs_end']}")
    assert not problems, "\n".join(problems)
    assert checked, "no timed event in the calendar files"


def test_whole_day_events_are_dates_with_exclusive_end(icaljs, events):
    checked, problems = 0, []
    for path, item in _all_events(icaljs):
        event = events[item["uid"]]
        if isinstance(event.start, datetime):
            continue
        start, end = item["start"], item["end"]
        where = f"{path} {item['uid']}"
        if start["type"] != "date" or end is None or end["type"] != "date":
            problems.append(f"{where}: DTSTART/DTEND are not DATE values: {start}, {end}")
            continue
        first, after = date.fromisoformat(start["value"]), date.fromisoformat(end["value"])
        if (first, after) != (event.start, event.end + timedelta(days=1)):
            problems.append(f"{where}: {first} to {after} (exclusive) in the file, "
                            f"{event.start} to {event.end} (inclusive) in the data")
        if item["icaljs_end"] is None or item["icaljs_end"]["value"] != end["value"]:
            problems.append(f"{where}: ical.js ends it at {item['icaljs_end']}")
        checked += 1
    assert not problems, "\n".join(problems)
    assert checked, "no whole-day event in the calendar files"


def test_vtimezone_gives_berlin_time_on_every_change(icaljs):
    """Local wall times -> UTC through the file's VTIMEZONE, on every day the clocks change
    in the years it covers (and mid-January, mid-July), as ical.js computes them."""
    checked, problems = 0, []
    for path, result in icaljs.items():
        for tz in result["timezones"]:
            assert tz["tzid"] == "Europe/Berlin", f"{path}: unexpected VTIMEZONE {tz['tzid']}"
            first, last = tz["years"]
            for local, unix in tz["probes"]:
                wall = datetime.fromisoformat(local)
                if not first <= wall.year <= last or _skipped_or_repeated(wall):
                    continue
                expected = wall.replace(tzinfo=BERLIN).timestamp()
                checked += 1
                if unix != expected:
                    problems.append(f"{path}: {local} Berlin is "
                                    f"{datetime.fromtimestamp(expected, BERLIN).isoformat()}, ical.js: "
                                    f"{datetime.fromtimestamp(unix, BERLIN).isoformat()}")
        timed_years = {datetime.fromisoformat(e["start"]["value"]).year
                       for e in result["events"] if e["start"] and e["start"]["type"] == "date-time"}
        if timed_years:
            [tz] = result["timezones"]
            if not tz["years"][0] <= min(timed_years) <= max(timed_years) <= tz["years"][1]:
                problems.append(f"{path}: VTIMEZONE covers {tz['years']}, events in {sorted(timed_years)}")
    assert not problems, f"{len(problems)} wrong time(s):\n" + "\n".join(problems[:40])
    assert checked, "no VTIMEZONE probed"
