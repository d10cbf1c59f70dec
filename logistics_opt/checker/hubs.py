"""The checker's own reading of several hubs: hub assignment and the night trunk.

Shares no code with the planner (``planning.trunk``, ``planning.hubs``): the nearest hub comes
from geopy's geodesic, the nightly split and crates from its own pass. See docs/national.md.
"""

from __future__ import annotations

import math
from typing import Any

from geopy.distance import geodesic

from ..data.model import Network

EUR_TOL = 0.02


def expected_hubs(network: Network) -> dict[str, str]:
    """Branch id -> its hub: the ``hub`` column, else the nearest hub (ties: the first listed)."""
    hubs = network.hubs
    out = {}
    for b in network.stops:
        if b.hub is not None:
            out[b.id] = b.hub
        else:
            best = min(range(len(hubs)), key=lambda k: (geodesic((b.lat, b.lon), (hubs[k].lat, hubs[k].lon)).km, k))
            out[b.id] = hubs[best].id
    return out


def _split(items: int, weights: list[int]) -> list[int]:
    """Whole items in proportion to ``weights``; leftovers to the largest remainders, then earlier."""
    exact = [items * w / sum(weights) for w in weights]
    whole = [int(math.floor(x)) for x in exact]
    for k in sorted(range(len(weights)), key=lambda k: (whole[k] - exact[k], k))[: items - sum(whole)]:
        whole[k] += 1
    return whole


def expected_trunk(network: Network, schedule: dict[str, list[str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """(from hub, to hub) -> items, crates, cost and lead days, recomputed from the requests.

    An origin's items for a pair enter the trunk on its visit days, split by the working days
    each visit covers (a hub origin: every working day alike); crates are counted per night."""
    s = network.settings
    wd = list(s.working_days)
    hub_of = expected_hubs(network) | {h.id: h.id for h in network.hubs}
    per_origin: dict[tuple[str, str, str], int] = {}
    for r in network.requests:
        a, b = hub_of[r.origin], hub_of[r.destination]
        if a != b and r.items > 0:
            per_origin[(a, b, r.origin)] = per_origin.get((a, b, r.origin), 0) + r.items
    nights: dict[tuple[str, str], list[int]] = {}
    for (a, b, origin), items in per_origin.items():
        night = nights.setdefault((a, b), [0] * len(wd))
        days = list(range(len(wd))) if origin == a else sorted(wd.index(d) for d in schedule.get(origin, []))
        if not days:
            continue
        covered = [(days[k] - days[k - 1]) % len(wd) or len(wd) for k in range(len(days))]
        for d, x in zip(days, _split(items, covered), strict=True):
            night[d] += x
    out = {}
    for (a, b), night in nights.items():
        rate = s.trunk.rate(a, b)
        crates = sum(math.ceil(x / s.items_per_crate - 1e-9) for x in night if x > 0)
        items = sum(night)
        out[(a, b)] = {
            "items": items,
            "crates": crates,
            "lead_days": rate.lead_days,
            "cost_eur": items * rate.cost_per_item + crates * rate.cost_per_crate,
        }
    return out


def hub_violations(plan: dict[str, Any], network: Network) -> list[str]:
    """Stops served from another hub's depot; a wrong or missing trunk section."""
    errs: list[str] = []
    if len(network.hubs) < 2:
        return errs
    hub_of = expected_hubs(network)
    depot_of = {v.type: v.depot for v in network.fleet}
    for ri, r in enumerate(plan.get("routes", [])):
        depot = depot_of.get(r.get("vehicle_type"), r.get("depot"))
        for x in r.get("stops", []):
            want = hub_of.get(x["branch"])
            if want is not None and want != depot:
                errs.append(
                    f"route {ri + 1} ({r.get('day')} {r.get('vehicle')}): {x['branch']} belongs to hub "
                    f"{want} but is served from {depot}"
                )
    trunk = plan.get("trunk")
    flows = expected_trunk(network, plan.get("schedule", {}))
    if trunk is None:
        return errs + (["plan has no trunk section, but requests cross hubs"] if flows else [])
    got = {(f["from"], f["to"]): f for f in trunk.get("flows", [])}
    for pair in sorted(set(got) | set(flows)):
        g, w = got.get(pair), flows.get(pair)
        tag = f"trunk {pair[0]} -> {pair[1]}"
        if g is None or w is None:
            errs.append(f"{tag}: {'missing from the plan' if g is None else 'carries nothing by the requests'}")
            continue
        for key in ("items", "crates", "lead_days"):
            if g.get(key) != w[key]:
                errs.append(f"{tag}: {key} = {g.get(key)}, recomputed {w[key]}")
        if abs(g.get("cost_eur", 0.0) - w["cost_eur"]) > EUR_TOL:
            errs.append(f"{tag}: cost {g.get('cost_eur')} EUR, recomputed {w['cost_eur']:.2f}")
    total = sum(w["cost_eur"] for w in flows.values())
    for where, value in (
        ("trunk cost_eur", trunk.get("cost_eur")),
        ("summary trunk_cost_eur", plan.get("summary", {}).get("trunk_cost_eur")),
    ):
        if value is None or abs(value - total) > EUR_TOL * max(1, len(flows)):
            errs.append(f"{where} = {value}, recomputed {total:.2f}")
    return errs
