"""Facts about North Rhine-Westphalia the code needs in more than one place."""

from __future__ import annotations

# Bounding box of NRW (WGS84 degrees): a member's coordinates must lie inside it
# (engagiert/load/crosscheck.py); the map's frame (engagiert/views/nrw_map.py) adds a margin.
NRW_LAT = (50.32, 52.53)
NRW_LON = (5.86, 9.46)
