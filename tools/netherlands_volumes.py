"""Weekly volumes, current visit frequencies and fleets of the national data set.

Used by tools/make_netherlands_data.py only; every figure is explained in data/netherlands/README.md.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

UTRECHT = Path(__file__).resolve().parent.parent / "data" / "utrecht"
WEEKS_PER_YEAR = 50  # as the Utrecht set (1.5 million movements ~ 30,000 a week)
REQUESTS_PER_YEAR = 1_600_000  # bibliotheekinzicht.nl, 2017: items requested from other libraries
WITHIN_PROVINCE_PER_YEAR = 1_400_000  # same source: within the requester's own province
MOVES_PER_REQUEST = 2  # ESTIMATE: out to the requester and back to the owner
NEW_STOCK_PER_RESERVATION = 15 / 80  # the Utrecht set's split (new stock 15 %, reservations 80 %)
RETURN_PER_RESERVATION = 5 / 80  # and returns 5 %
SAME_ORG_FACTOR = 3.0  # as the Utrecht set
MIN_FLOW, BUNDLE_MIN = 3, 5  # as the Utrecht set: small flows bundled per destination
STOPS_PER_VAN = 10  # ESTIMATE for the fleet size (Utrecht: 8 vans, 74 daily stops)


def bundle(flows: np.ndarray, origins: list[str], dests: list[str]) -> dict[tuple[str, str], float]:
    """Flows of at least MIN_FLOW stay; a destination's smaller flows, largest first, are bundled
    until a bundle reaches BUNDLE_MIN and carried from the bundle's largest origin (the Utrecht rule)."""
    kept: dict[tuple[str, str], float] = {}
    for j, d in enumerate(dests):
        col = flows[:, j]
        for i in np.nonzero(col >= MIN_FLOW)[0]:
            kept[(origins[i], d)] = float(col[i])
        small = sorted(
            ((float(col[i]), origins[i]) for i in np.nonzero((col > 0) & (col < MIN_FLOW))[0]),
            key=lambda t: (-t[0], t[1]),
        )
        origin, acc, last = None, 0.0, None
        for v, o in small:
            origin = origin or o
            acc += v
            if acc >= BUNDLE_MIN:
                kept[(origin, d)] = acc
                last, origin, acc = (origin, d), None, 0.0
        if acc > 0:
            if last is None:
                inbound = [k for k in kept if k[1] == d]
                last = max(inbound, key=lambda k: (kept[k], k)) if inbound else (origin, d)
            kept[last] = kept.get(last, 0.0) + acc
    return kept


def gravity(rows: list[dict], total: float, mask) -> np.ndarray:
    w = np.array([r["_weight"] for r in rows])
    f = np.outer(w, w) * mask
    np.fill_diagonal(f, 0.0)
    return f * total / f.sum()


def build_requests(branches: list[dict], utrecht_requests: list[dict]) -> list[tuple[str, str, int, str]]:
    from make_utrecht_data import round_to_total

    moves = lambda per_year: per_year * MOVES_PER_REQUEST / WEEKS_PER_YEAR  # noqa: E731
    utr_res = sum(int(r["items"]) for r in utrecht_requests if r["kind"] in ("reservation", "reservation_return"))
    others = round(moves(WITHIN_PROVINCE_PER_YEAR)) - utr_res
    inter = round(moves(REQUESTS_PER_YEAR - WITHIN_PROVINCE_PER_YEAR))
    out = [(r["origin"], r["destination"], int(r["items"]), r["kind"]) for r in utrecht_requests]
    provinces = sorted({b["province"] for b in branches} - {"Utrecht"})
    prov_weight = {p: sum(b["_weight"] for b in branches if b["province"] == p) for p in provinces}
    prov_total = round_to_total(prov_weight, others)
    for p in provinces:
        rows = [b for b in branches if b["province"] == p]
        org = np.array([b["organisation"] for b in rows])
        mask = np.where(org[:, None] == org[None, :], SAME_ORG_FACTOR, 1.0)
        ids = [b["id"] for b in rows]
        flows = round_to_total(bundle(gravity(rows, prov_total[p], mask), ids, ids), prov_total[p])
        out.extend((o, d, n, "reservation") for (o, d), n in sorted(flows.items()))
    prov = np.array([b["province"] for b in branches])
    ids = [b["id"] for b in branches]
    flows = round_to_total(bundle(gravity(branches, inter, prov[:, None] != prov[None, :]), ids, ids), inter)
    out.extend((o, d, n, "interprovincial") for (o, d), n in sorted(flows.items()))
    rest = [b for b in branches if b["province"] != "Utrecht"]
    weights = {b["id"]: b["_weight"] for b in rest}
    hub_of = {b["id"]: b["hub"] for b in rest}
    new = round_to_total(weights, round(others * NEW_STOCK_PER_RESERVATION))
    ret = round_to_total(weights, round(others * RETURN_PER_RESERVATION))
    out.extend((hub_of[b], b, new[b], "new_stock") for b in weights)
    out.extend((b, hub_of[b], ret[b], "return") for b in weights)
    return out


def visits_per_week(branches: list[dict], requests) -> None:
    """Current practice outside Utrecht (ESTIMATE): the NSLS rule by weekly items sent and received,
    under 75 -> 2 visits, 75-149 -> 3, 150 or more -> daily. Utrecht keeps its daily visits."""
    moved: dict[str, int] = {}
    for o, d, n, _ in requests:
        moved[o] = moved.get(o, 0) + n
        moved[d] = moved.get(d, 0) + n
    for b in branches:
        if b["province"] == "Utrecht":
            continue
        n = moved.get(b["id"], 0)
        b["visits_per_week"] = 2 if n < 75 else 3 if n < 150 else ""


def fleet(hub_rows: list[dict], branches: list[dict]) -> str:
    """Vans per hub (ESTIMATE): enough for the busiest day's stops at STOPS_PER_VAN, plus one."""
    lines = [
        "type,count,capacity_crates,cost_per_km,cost_per_hour,fixed_cost_per_day,co2_g_per_km,"
        "shift_start,shift_end,depot"
    ]
    for h in hub_rows:
        if h["id"] == "HUB-BUNNIK":  # the Utrecht fleet, as data/utrecht/fleet.csv
            lines += [r for r in (UTRECHT / "fleet.csv").read_text(encoding="utf-8").splitlines()[1:]]
            continue
        mine = [b for b in branches if b["hub"] == h["id"]]
        busiest = max(
            sum(
                1
                for b in mine
                if b["visits_per_week"] in ("", 5)
                or (b["visits_per_week"] == 3 and day in (0, 2, 4))
                or (b["visits_per_week"] == 2 and day in (0, 3))
            )
            for day in range(5)
        )
        count = math.ceil(busiest / STOPS_PER_VAN) + 1
        tag = h["id"].removeprefix("HUB-").lower()
        lines.append(f"diesel_van_{tag},{count},70,0.38,32.00,40.00,259,07:30,16:30,{h['id']}")
    return "\n".join(lines) + "\n"
