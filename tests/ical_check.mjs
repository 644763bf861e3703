// Parse .ics files with Mozilla's ical.js (the parser of Thunderbird) and print what it
// understood as JSON, for tests/test_events_icaljs.py to compare with Python's zoneinfo.
//
//   node tests/ical_check.mjs < request.json
//   request: {"files": ["/abs/path.ics", ...], "local_probes": ["YYYY-MM-DDTHH:MM:SS", ...]}
//
// Output: {"icaljs": version, "files": [{
//   path, error (parse error or null), value_errors: ["COMPONENT PROPERTY: message", ...],
//   calendar: {version, prodid, method},
//   timezones: [{tzid, years: [first, last], probes: [["YYYY-MM-DDTHH:MM:SS", unix], ...]}],
//   events: [{uid, dtstamp, start, end, icaljs_end, has: {UID, DTSTAMP, DTSTART}}]}]}
// where a time is {type: "date"|"date-time", value, tzid, zone, zone_in_file, utc, unix}.
// ical.js has no time zone database of its own here: a TZID resolves only through the
// VTIMEZONE of the same file, so the instants it reports test our VTIMEZONE.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const request = JSON.parse(readFileSync(0, "utf8"));

function describe(prop) {
  if (!prop) return null;
  const time = prop.getFirstValue();
  const zone = time.zone || null;
  return {
    type: prop.type,
    value: time.toString(),
    tzid: prop.getParameter("tzid") || null,
    zone: zone ? zone.tzid : null,
    zone_in_file: Boolean(zone && zone.component),
    utc: zone === ICAL.Timezone.utcTimezone,
    unix: time.isDate ? null : time.toUnixTime(),
  };
}

// Parse every property value (dates, durations, integers, URIs …): errors are collected.
function valueErrors(component, errors) {
  for (const prop of component.getAllProperties()) {
    try {
      prop.getValues();
    } catch (err) {
      errors.push(`${component.name.toUpperCase()} ${prop.name.toUpperCase()}: ${err.message}`);
    }
  }
  for (const sub of component.getAllSubcomponents()) valueErrors(sub, errors);
  return errors;
}

function zoneYears(vtimezone) {
  const years = [];
  for (const observance of vtimezone.getAllSubcomponents()) {
    for (const name of ["dtstart", "rdate"]) {
      for (const prop of observance.getAllProperties(name)) {
        for (const value of prop.getValues()) years.push((value.start || value).year);
      }
    }
  }
  return [Math.min(...years), Math.max(...years)];
}

function checkFile(path) {
  const result = { path, error: null, value_errors: [], calendar: null, timezones: [], events: [] };
  let root;
  try {
    root = new ICAL.Component(ICAL.parse(readFileSync(path, "utf8")));
  } catch (err) {
    result.error = String(err && err.message ? err.message : err);
    return result;
  }
  if (root.name !== "vcalendar") {
    result.error = `top-level component is ${root.name}, not vcalendar`;
    return result;
  }
  result.value_errors = valueErrors(root, []);
  result.calendar = {
    version: root.getFirstPropertyValue("version"),
    prodid: root.getFirstPropertyValue("prodid"),
    method: root.getFirstPropertyValue("method"),
  };
  for (const vtimezone of root.getAllSubcomponents("vtimezone")) {
    const tzid = vtimezone.getFirstPropertyValue("tzid");
    const zone = root.getTimeZoneByID(tzid);
    const years = zoneYears(vtimezone);
    const probes = [];
    for (const local of request.local_probes || []) {
      const time = ICAL.Time.fromDateTimeString(local);
      const inZone = new ICAL.Time({
        year: time.year, month: time.month, day: time.day,
        hour: time.hour, minute: time.minute, second: time.second, isDate: false,
      }, zone);
      probes.push([local, inZone.toUnixTime()]);
    }
    result.timezones.push({ tzid, years, probes });
  }
  for (const vevent of root.getAllSubcomponents("vevent")) {
    const has = {};
    for (const name of ["UID", "DTSTAMP", "DTSTART"]) has[name] = vevent.hasProperty(name.toLowerCase());
    const entry = { uid: vevent.getFirstPropertyValue("uid"), has, dtstamp: null, start: null, end: null, icaljs_end: null };
    try {
      entry.dtstamp = describe(vevent.getFirstProperty("dtstamp"));
      entry.start = describe(vevent.getFirstProperty("dtstart"));
      entry.end = describe(vevent.getFirstProperty("dtend"));
      // What a calendar program shows as the end (DTEND, or DTSTART + DURATION).
      const end = new ICAL.Event(vevent).endDate;
      entry.icaljs_end = end ? { value: end.toString(), unix: end.isDate ? null : end.toUnixTime() } : null;
    } catch (err) {
      result.value_errors.push(`VEVENT ${entry.uid}: ${err.message}`);
    }
    result.events.push(entry);
  }
  return result;
}

const pkg = JSON.parse(readFileSync(new URL("../node_modules/ical.js/package.json", import.meta.url), "utf8"));
process.stdout.write(JSON.stringify({ icaljs: pkg.version, files: request.files.map(checkFile) }));
