"""A map of North Rhine-Westphalia as inline SVG, made at build time.

No tiles and no request to anyone: the outline and the five Regierungsbezirke come
from ``data/geo/nrw.geojson`` (BKG VG250, simplified once; see data/geo/README.md)
and member coordinates are projected onto the same fixed viewBox.

Projection: equirectangular with longitudes scaled by cos(51.5°), the middle of NRW.
Over a region this small (about 250 × 240 km) it is within 1 % of true distances
and keeps north up, which is all a locator map needs.

Size at scale: every marker adds HTML. Up to ``MARKER_LIMIT`` members every member
is its own focusable link; above it members of one Kreis share a marker that links
to the Kreis page (members without a Kreis — kreisfreie Städte, Kreise,
Bezirksregierungen — keep their own), so the map's size does not grow with the
number of members.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from ..base.nrw import NRW_LAT, NRW_LON

GEOJSON = Path(__file__).resolve().parents[2] / "data" / "geo" / "nrw.geojson"

# Fixed frame: NRW's bounding box (engagiert/base/nrw.py) plus a margin.
LON_MIN, LON_MAX = 5.78, 9.55
LAT_MIN, LAT_MAX = 50.26, 52.59
LAT0 = 51.5
WIDTH = 1000
_K = WIDTH / ((LON_MAX - LON_MIN) * math.cos(math.radians(LAT0)))
HEIGHT = round((LAT_MAX - LAT_MIN) * _K)
VIEWBOX = f"0 0 {WIDTH} {HEIGHT}"

# NRW's own bounding box (what a valid member coordinate may be).
NRW_BBOX = (NRW_LON[0], NRW_LAT[0], NRW_LON[1], NRW_LAT[1])   # lon_min, lat_min, lon_max, lat_max

MARKER_LIMIT = 500          # above this many members, aggregate per Kreis

ATTRIBUTION = "© GeoBasis-DE / BKG 2017 (Daten verändert)"


def project(lat: float, lon: float) -> tuple[float, float]:
    """WGS84 degrees to viewBox units (x to the east, y to the south)."""
    x = (lon - LON_MIN) * math.cos(math.radians(LAT0)) * _K
    y = (LAT_MAX - lat) * _K
    return (round(x, 1), round(y, 1))


def _path(rings: Iterable[list], close: bool) -> str:
    parts = []
    for ring in rings:
        pts = [project(lat, lon) for lon, lat in ring]
        if close and len(pts) > 1 and pts[0] == pts[-1]:
            pts = pts[:-1]
        coords = " ".join(f"{round(x)} {round(y)}" for x, y in pts)
        parts.append(f"M{coords}{'Z' if close else ''}")
    return "".join(parts)


@dataclass(frozen=True)
class DistrictShape:
    key: str            # District value, e.g. "muenster"
    label: str          # "Münster"
    d: str              # SVG path data
    label_x: float      # where a label fits (centre of the bounding box)
    label_y: float


@dataclass(frozen=True)
class BaseMap:
    viewbox: str
    width: int
    height: int
    districts: tuple[DistrictShape, ...]
    outline: str        # path data of NRW's border (stroke only)
    borders: str        # path data of the borders between Regierungsbezirke
    attribution: str


def base_map() -> BaseMap:
    """The base map, parsed once per version of the GeoJSON file (``mkdocs serve`` keeps
    this module loaded between rebuilds)."""
    return _base_map(GEOJSON.stat().st_mtime_ns)


@lru_cache(maxsize=1)
def _base_map(_version: int) -> BaseMap:
    doc = json.loads(GEOJSON.read_text(encoding="utf-8"))
    districts, outline, borders = [], "", ""
    for feature in doc["features"]:
        props, geom = feature["properties"], feature["geometry"]
        if props["kind"] == "regierungsbezirk":
            rings = [poly[0] for poly in geom["coordinates"]]
            pts = [project(lat, lon) for ring in rings for lon, lat in ring]
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            districts.append(DistrictShape(props["key"], props["name"], _path(rings, close=True),
                                           round((min(xs) + max(xs)) / 2), round((min(ys) + max(ys)) / 2)))
        elif props["kind"] == "outline":
            outline = _path(geom["coordinates"], close=False)
        elif props["kind"] == "borders":
            borders = _path(geom["coordinates"], close=False)
    return BaseMap(VIEWBOX, WIDTH, HEIGHT, tuple(sorted(districts, key=lambda d: d.key)),
                   outline, borders, doc.get("attribution", ATTRIBUTION))


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    label: str          # accessible name, German
    url: str            # site-relative URL ("mitglieder/aachen/")
    count: int          # members behind this marker (1 for a single member)
    district: str       # District value of the (first) member
    ids: tuple[str, ...]

    @property
    def radius(self) -> int:
        return 9 if self.count == 1 else round(9 + 3 * math.sqrt(self.count))


def member_markers(members: Iterable, url_of: Callable[[str, str], str | None],
                   kreis_url: Callable[[str], str | None] | None = None,
                   limit: int = MARKER_LIMIT) -> tuple[Marker, ...]:
    """One marker per member, or per Kreis above ``limit`` members. Linear in members.

    ``url_of(collection, id)`` gives a member's page; ``kreis_url(kreis_key)`` the Kreis page.
    Members without a page (url None) get no marker.
    """
    members = sorted(members, key=lambda m: m.sort_key)
    aggregate = len(members) > limit and kreis_url is not None
    singles: list[Marker] = []
    groups: dict[str, list] = {}
    for m in members:
        if aggregate and m.kreis_key is not None:
            groups.setdefault(m.kreis_key, []).append(m)
            continue
        url = url_of("members", m.id)
        if url is None:
            continue
        x, y = project(m.coordinates.lat, m.coordinates.lon)
        singles.append(Marker(x, y, m.name, url, 1, m.district.value, (m.id,)))
    for key, group in groups.items():
        url = kreis_url(key)
        if url is None:
            continue
        lat = sum(m.coordinates.lat for m in group) / len(group)
        lon = sum(m.coordinates.lon for m in group) / len(group)
        x, y = project(lat, lon)
        n = len(group)
        label = f"{key.label}: {n} Mitglied" if n == 1 else f"{key.label}: {n} Mitglieder"
        singles.append(Marker(x, y, label, url, n, group[0].district.value, tuple(m.id for m in group)))
    # Big circles first so that small ones drawn later stay clickable.
    return tuple(sorted(singles, key=lambda mk: (-mk.count, mk.y, mk.x, mk.url)))
