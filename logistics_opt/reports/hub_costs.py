"""Costs of a plan with several hubs: per hub (province) and per library organisation.

Per hub: the week's van cost of the routes from that hub, and the trunk cost of what it sends.

Per organisation (several hubs): each hub's van cost is shared over the organisations of its
branches by volume x distance, as :mod:`.allocation` does for one hub (items sent + received a
week times km from the branch's own hub, by the distances the run was planned with). The trunk's cost of a hub pair is shared over the
requests on it by items, and each request's part is paid by its requesting branch's organisation
(the destination; for a return to another hub, the sending branch's).
"""

from __future__ import annotations

from typing import Any

from ..data.hubs import hub_map
from ..data.model import Network
from ..distances import Matrix
from .allocation import Share

FIGURES = ("cost_eur", "distance_km", "routes", "stops", "trunk_cost_eur")


def hub_costs(plan: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Hub -> the week's van cost, km, routes and stops, and the trunk cost of what it sends."""
    out: dict[str, dict[str, float]] = {}

    def row(hub: str) -> dict[str, float]:
        return out.setdefault(hub, dict.fromkeys(FIGURES, 0.0))

    for r in plan.get("routes", []):
        h = row(r["depot"])
        h["cost_eur"] += r["cost_eur"]
        h["distance_km"] += r["distance_km"]
        h["routes"] += 1
        h["stops"] += len(r["stops"])
    for f in (plan.get("trunk") or {}).get("flows", []):
        row(f["from"])["trunk_cost_eur"] += f["cost_eur"]
    return out


def hub_table(runs: list[Any]) -> tuple[list[str], list[list[str]]] | None:
    """Hub x run: van cost EUR/week (and the trunk's), for runs with several hubs; None if none has."""
    national = [r for r in runs if r.plan.get("trunk") is not None]
    if not national:
        return None
    costs = {r.name: hub_costs(r.plan) for r in national}
    hubs = sorted({h for c in costs.values() for h in c})
    header = ["hub (province)"] + [f"{r.name} vans" for r in national] + [f"{r.name} trunk sent" for r in national]
    rows = []
    for h in hubs:
        label = h
        for r in national:
            b = next((b for b in r.network.hubs if b.id == h), None)
            if b is not None:
                label = f"{h} ({b.organisation}, {b.town})"
                break
        rows.append(
            [label]
            + [f"{costs[r.name][h]['cost_eur']:,.2f}" if h in costs[r.name] else "-" for r in national]
            + [f"{costs[r.name][h]['trunk_cost_eur']:,.2f}" if h in costs[r.name] else "-" for r in national]
        )
    rows.append(
        ["all hubs"]
        + [f"{r.plan['summary'].get('cost_eur', 0):,.2f}" for r in national]
        + [f"{r.plan['summary'].get('trunk_cost_eur', 0):,.2f}" for r in national]
    )
    return header, rows


def allocate_by_hub(plan: dict[str, Any], network: Network, m: Matrix) -> list[Share]:
    """Each organisation's share of the vans (within its hubs, weighted by km in ``m``, the run's own
    matrix) and of the trunk, largest first."""
    hub = hub_map(network)
    pos = m.index()
    items = network.weekly_items()
    van = {h: c["cost_eur"] for h, c in hub_costs(plan).items()}
    weight = {b.id: (items[b.id][0] + items[b.id][1]) * float(m.km[pos[hub[b.id]], pos[b.id]]) for b in network.stops}
    per_hub = {h: sum(w for bid, w in weight.items() if hub[bid] == h) for h in van}
    orgs: dict[str, list[float]] = {}
    for b in network.stops:
        acc = orgs.setdefault(b.organisation, [0, 0, 0.0, 0.0])
        acc[0] += 1
        acc[1] += items[b.id][0] + items[b.id][1]
        acc[2] += weight[b.id]
        h = hub[b.id]
        acc[3] += van.get(h, 0.0) * weight[b.id] / per_hub[h] if per_hub.get(h) else 0.0
    _add_trunk(plan, network, hub, orgs)
    total = sum(v[3] for v in orgs.values())
    shares = [
        Share(o, int(v[0]), int(v[1]), round(v[2], 1), v[3] / total if total else 0.0, round(v[3], 2))
        for o, v in orgs.items()
    ]
    return sorted(shares, key=lambda s: (-s.cost_eur_week, s.organisation))


def _add_trunk(plan: dict[str, Any], network: Network, hub: dict[str, str], orgs: dict[str, list[float]]) -> None:
    """Each pair's trunk cost over its requests by items, paid by the requesting branch's organisation."""
    cost = {(f["from"], f["to"]): f["cost_eur"] for f in (plan.get("trunk") or {}).get("flows", [])}
    on_pair: dict[tuple[str, str], list[tuple[str, int]]] = {}
    branches = {b.id: b for b in network.branches}
    for r in network.requests:
        pair = (hub[r.origin], hub[r.destination])
        if pair[0] == pair[1] or r.items <= 0:
            continue
        payer = branches[r.destination if not branches[r.destination].is_hub else r.origin]
        if payer.is_hub:
            continue
        on_pair.setdefault(pair, []).append((payer.organisation, r.items))
    for pair, reqs in on_pair.items():
        n = sum(x for _, x in reqs)
        for org, x in reqs:
            orgs.setdefault(org, [0, 0, 0.0, 0.0])[3] += cost.get(pair, 0.0) * x / n
