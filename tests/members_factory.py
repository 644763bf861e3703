"""Generate valid, realistic-looking member entries for data/members.yaml (tests, benchmarks).

    from members_factory import generate_members, members_yaml
    text = members_yaml(400, base_text=(ROOT / "data/members.yaml").read_text())

Deterministic for a given seed. Generated ids start with "gen-" so they never collide with
real members; names are invented German place names; coordinates lie inside the right
Regierungsbezirk (point-in-polygon on data/geo/nrw.geojson); topics are taken from
data/topics.yaml when it exists. Contact data uses example.org (RFC 2606).
"""

from __future__ import annotations

import json
import random
import re
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
GEOJSON = ROOT / "data" / "geo" / "nrw.geojson"

# The Kreise of North Rhine-Westphalia by Regierungsbezirk (as written in the "kreis" field).
KREISE = {
    "duesseldorf": ["Kleve", "Mettmann", "Rhein-Kreis Neuss", "Viersen", "Wesel"],
    "koeln": ["Städteregion Aachen", "Düren", "Rhein-Erft-Kreis", "Euskirchen", "Heinsberg",
              "Oberbergischer Kreis", "Rheinisch-Bergischer Kreis", "Rhein-Sieg-Kreis"],
    "muenster": ["Borken", "Coesfeld", "Recklinghausen", "Steinfurt", "Warendorf"],
    "detmold": ["Gütersloh", "Herford", "Höxter", "Lippe", "Minden-Lübbecke", "Paderborn"],
    "arnsberg": ["Ennepe-Ruhr-Kreis", "Hochsauerlandkreis", "Märkischer Kreis", "Olpe",
                 "Siegen-Wittgenstein", "Soest", "Unna"],
}
DISTRICT_NAMES = {"arnsberg": "Arnsberg", "detmold": "Detmold", "duesseldorf": "Düsseldorf",
                  "koeln": "Köln", "muenster": "Münster"}

_PREFIXES = ["", "", "", "", "Ober", "Nieder", "Bad ", "Alt", "Neu", "Groß", "Klein", "Hohen", "Ost", "West"]
_STEMS = ["Linden", "Eichen", "Holz", "Wester", "Brunn", "Stein", "Mühl", "Sonnen", "Birken", "Ahl",
          "Buch", "Erlen", "Felsen", "Hassel", "Kirch", "Lauter", "Marien", "Rosen", "Tann", "Wald",
          "Üllen", "Öster", "Zell", "Quell", "Jungen", "Velde", "Iser", "Glad", "Dorn", "Uhlen"]
_SUFFIXES = ["hausen", "heim", "dorf", "feld", "bach", "berg", "stedt", "kirchen", "hagen", "born",
             "beck", "rode", "ingen", "loh", "horst", "winkel"]
_FIRST = ["Anna", "Jonas", "Leonie", "Mehmet", "Sophie", "Lukas", "Fatma", "Jan", "Miriam", "Stefan",
          "Katharina", "Ole", "Aylin", "Thomas", "Birgit", "Nils", "Elif", "Frank", "Jana", "Peter"]
_LAST = ["Schulte", "Wagner", "Kaya", "Hoffmann", "Becker", "Schröder", "Yılmaz", "Krüger", "Brandt",
         "Hülsmann", "Overbeck", "Nowak", "Lange", "Westermann", "Kötter", "Özdemir", "Schäfer", "Vogt"]
_ROLES = ["Engagementbeauftragte", "Engagementbeauftragter", "Leitung Ehrenamtsbüro",
          "Koordination Bürgerschaftliches Engagement", None]
_INSTRUMENTS = ["Engagementleitlinien", "Engagementbündnis", "Freiwilligenagentur", "Ehrenamtsbörse",
                "Engagementpreis", "Ehrenamtsfonds", "Quartiersbüro", "Engagementstrategie"]
_CARD = ["teilnahme", "teilnahme", "einfuehrung-geplant", "vergleichbares-instrument"]
# Added to a name once the plain names (about 5,000) are used up, e.g. for 11,000 members.
_QUALIFIERS = [" am Rhein", " an der Ruhr", " an der Lippe", " an der Sieg", " an der Ems", " an der Erft",
               " an der Weser", " im Sauerland", " in Westfalen", " am Niederrhein", " in der Eifel",
               " im Bergischen Land", " am Haarstrang", " an der Wupper", " an der Ruhr-Lenne"]


def _slug(text: str) -> str:
    text = text.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ı", "i")):
        text = text.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _district_polygons() -> dict[str, list[list[tuple[float, float]]]]:
    doc = json.loads(GEOJSON.read_text(encoding="utf-8"))
    out = {}
    for f in doc["features"]:
        if f["properties"]["kind"] == "regierungsbezirk":
            out[f["properties"]["key"]] = [[tuple(p) for p in poly[0]] for poly in f["geometry"]["coordinates"]]
    return out


def _inside(lon: float, lat: float, ring: list[tuple[float, float]]) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _point_in(rng: random.Random, rings) -> tuple[float, float]:
    ring = max(rings, key=len)
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    while True:
        lon, lat = rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys))
        # keep a margin from the border so validators with a coarser outline agree
        if all(_inside(lon + dx, lat + dy, ring) for dx, dy in ((0, 0), (0.03, 0), (-0.03, 0), (0, 0.02), (0, -0.02))):
            return round(lat, 4), round(lon, 4)


def _topic_ids() -> list[str]:
    path = ROOT / "data" / "topics.yaml"
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [t["id"] for t in data if isinstance(t, dict) and "id" in t]


def _phone(rng: random.Random) -> str:
    return f"0{rng.randint(2000, 2999)} {rng.randint(10, 999)}-{rng.randint(0, 99)}"


def _name_key(name: str) -> str:
    """Names the loader counts as the same (case and spaces do not count)."""
    return "".join(name.casefold().split())


def generate_members(count: int, seed: int = 4, topic_ids: list[str] | None = None,
                     taken: frozenset[str] = frozenset()) -> list[dict]:
    """``count`` member entries as dicts with the German keys of data/members.yaml; no name
    is one of ``taken`` (the real members' names, compared as the loader does)."""
    taken = frozenset(_name_key(n) for n in taken)
    rng = random.Random(seed)
    polygons = _district_polygons()
    topics = _topic_ids() if topic_ids is None else topic_ids
    districts = sorted(KREISE)
    names: set[str] = set()
    members = []
    bezirksregierungen = iter(districts)
    for i in range(count):
        district = districts[i % len(districts)]
        roll = rng.random()
        # Proportions as in Germany: about 1 % kreisfreie Städte and 3 % Kreise among
        # 11,000 municipalities; the rest are kreisangehörige Städte and Gemeinden.
        if roll < 0.003:
            d = next(bezirksregierungen, None)
            while d is not None and _name_key(f"Bezirksregierung {DISTRICT_NAMES[d]}") in taken:
                d = next(bezirksregierungen, None)  # a real member already
            kind = "bezirksregierung" if d else "stadt"
            district = d or district
        else:
            kind = ("kreisfreie-stadt" if roll < 0.013 else "kreis" if roll < 0.04
                    else "stadt" if roll < 0.55 else "gemeinde")
        tries = 0
        while True:
            prefix, stem = rng.choice(_PREFIXES), rng.choice(_STEMS)
            if prefix and not prefix.endswith(" "):
                stem = stem.lower()
            place = prefix + stem + rng.choice(_SUFFIXES)
            tries += 1
            if tries > 50:  # plain names used up (never below a few thousand: smaller sets are unchanged)
                place += rng.choice(_QUALIFIERS)
            if place not in names and not taken & {_name_key(place), _name_key(f"Stadt {place}"),
                                                    _name_key(f"Gemeinde {place}"), _name_key(f"Kreis {place}")}:
                names.add(place)
                break
        name = {
            "stadt": f"Stadt {place}" if rng.random() < 0.3 else place,
            "gemeinde": f"Gemeinde {place}",
            "kreisfreie-stadt": place,
            "kreis": f"Kreis {place}",
            "bezirksregierung": f"Bezirksregierung {DISTRICT_NAMES[district]}",
        }[kind]
        slug = f"gen-{i:05d}-{_slug(place if kind != 'bezirksregierung' else district)}"
        lat, lon = _point_in(rng, polygons[district])
        joined = date(2013, 1, 15) + timedelta(days=rng.randint(0, 4600))
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        contact = {"name": f"{first} {last}"}
        role = rng.choice(_ROLES)
        if role:
            contact["funktion"] = role
        contact["email"] = f"{_slug(first)}.{_slug(last)}@{_slug(place)}.example.org"
        if rng.random() < 0.8:
            contact["telefon"] = _phone(rng)
        entry: dict = {"id": slug, "name": name, "typ": kind}
        if kind in ("stadt", "gemeinde"):
            entry["kreis"] = rng.choice(KREISE[district])
        entry.update({
            "regierungsbezirk": district,
            "beitritt": joined,
            "koordinaten": {"breite": lat, "laenge": lon},
            "website": f"https://www.example.org/{_slug(place)}",
            "ansprechpersonen": [contact],
            "ehrenamtskarte": rng.choice(_CARD),
        })
        if rng.random() < 0.3:
            second = {"name": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", "telefon": _phone(rng)}
            entry["ansprechpersonen"].append(second)
        if rng.random() < 0.6:
            entry["koordinierungsstelle"] = {
                "name": f"Ehrenamtsbüro {place}",
                "adresse": {"strasse": f"Marktplatz {rng.randint(1, 30)}",
                            "plz": f"{rng.randint(32000, 59999)}", "ort": place},
                "email": f"ehrenamt@{_slug(place)}.example.org",
                "telefon": _phone(rng),
            }
        entry["instrumente"] = rng.sample(_INSTRUMENTS, rng.randint(0, 3))
        if topics:
            entry["themen"] = rng.sample(topics, min(len(topics), rng.randint(0, 3)))
        entry["profil"] = (f"{name} fördert bürgerschaftliches Engagement mit einer zentralen "
                           f"Anlaufstelle und arbeitet seit {joined.year} im Netzwerk mit.\n")
        members.append(entry)
    return members


def members_yaml(count: int, seed: int = 4, base_text: str | None = None) -> str:
    """YAML text: the real entries of ``base_text`` (if given) followed by generated ones,
    so that the total is ``count`` (at least the real ones)."""
    real = yaml.safe_load(base_text) if base_text else None
    real = real or []
    generated = generate_members(max(0, count - len(real)), seed=seed,
                                 taken=frozenset(str(m.get("name", "")) for m in real if isinstance(m, dict)))
    body = yaml.safe_dump(generated, allow_unicode=True, sort_keys=False, width=100)
    head = (base_text.rstrip("\n") + "\n\n# --- generated by tests/members_factory.py ---\n") if real else \
        "# yaml-language-server: $schema=../schemas/members.schema.json\n"
    return head + body
