"""Service figures of a plan: lead times of the requests and visits a week per branch.

Lead time of a request, in working days, from pickup at the origin to delivery at the
destination through the hub. Items collected on a day reach the hub that evening and go out
from the next working day on, so the delivery is the destination's first visit *after* the
pickup day (cyclically over the week):

- a branch origin hands its items over on its visit days, each visit taking the share the
  accumulation rule gives it (the working days since the previous visit);
- a hub origin (new stock) has items ready every working day in equal shares;
- a hub destination (returns, repairs) receives the items on the pickup day: lead time 0.

With several hubs, a request between two hubs rides the night trunk: it reaches the other hub
``lead_days`` working days after the pickup and goes out on the destination's first visit after
that day (a hub destination receives it on arrival), so the trunk's days add to the lead time.

A visit that could not be served (``unassigned``) is taken as not made. The figures are
items-weighted; the 95th percentile is the smallest lead time that covers 95 % of the items.
"""

from __future__ import annotations

from typing import Any

from .data.hubs import hub_map
from .data.model import Network
from .plan import Plan
from .volumes import gaps


def _next_after(day: int, visits: list[int], n: int) -> int | None:
    """Working days from ``day`` to the first of ``visits`` strictly after it (cyclic)."""
    steps = [((v - day - 1) % n) + 1 for v in visits]
    return min(steps) if steps else None


def served_days(plan: Plan, working_days: list[str]) -> dict[str, list[int]]:
    """Branch -> indices of the days it is actually visited."""
    out: dict[str, set[int]] = {}
    for r in plan.routes:
        for s in r.stops:
            out.setdefault(s.branch, set()).add(working_days.index(r.day))
    return {b: sorted(d) for b, d in out.items()}


def _leads(req: Any, network: Network, days: dict[str, list[int]], hub_of: dict[str, str]) -> list[tuple[int, float]]:
    """(lead time in working days, items) portions of one request: its items leave on each pickup day in
    proportion to the days since the previous pickup, cross the trunk when the hubs differ, and arrive
    at the destination's next visit."""
    wd = list(network.settings.working_days)
    n = len(wd)
    hubs = {h.id for h in network.hubs}
    if req.origin in hubs:
        pickups = [(d, 1.0 / n) for d in range(n)]
    else:
        vis = days.get(req.origin, [])
        g = gaps(tuple(wd[d] for d in vis), tuple(wd)) if vis else []
        pickups = [(d, gd / n) for d, gd in zip(vis, g)]
    a, b = hub_of[req.origin], hub_of[req.destination]
    trunk = network.settings.trunk.rate(a, b).lead_days if a != b else 0
    leads: list[tuple[int, float]] = []
    for d, share in pickups:
        if req.destination in hubs:
            lead: int | None = trunk
        else:
            after = _next_after((d + trunk) % n, days.get(req.destination, []), n)
            lead = None if after is None else trunk + after
        if lead is not None:
            leads.append((lead, share * req.items))
    return leads


def service_figures(network: Network, plan: Plan) -> dict[str, Any]:
    """Lead time per request, its items-weighted mean and 95th percentile, visits a week per branch."""
    days = served_days(plan, list(network.settings.working_days))
    hub_of = hub_map(network)
    per_request = []
    portions: list[tuple[int, float]] = []  # (lead time, items)
    unserved_items = 0
    for req in network.requests:
        if req.items <= 0:
            continue
        leads = _leads(req, network, days, hub_of)
        row = {"origin": req.origin, "destination": req.destination, "items": req.items}
        if not leads:
            unserved_items += req.items
            per_request.append(row | {"lead_time_days": None, "lead_time_max_days": None})
            continue
        request_mean = sum(lt * w for lt, w in leads) / sum(w for _, w in leads)
        per_request.append(
            row | {"lead_time_days": round(request_mean, 3), "lead_time_max_days": max(lt for lt, _ in leads)}
        )
        portions.extend(leads)
    total = sum(w for _, w in portions)
    mean = sum(lt * w for lt, w in portions) / total if total else None
    p95 = None
    acc = 0.0
    for lead, w in sorted(portions):
        acc += w
        if acc >= 0.95 * total - 1e-9:
            p95 = lead
            break
    visits = {b.id: len(days.get(b.id, [])) for b in network.stops}
    return {
        "lead_time_mean_days": round(mean, 3) if mean is not None else None,
        "lead_time_p95_days": p95,
        "items_without_delivery": unserved_items,
        "visits_per_week_mean": round(sum(visits.values()) / len(visits), 3) if visits else None,
        "visits_per_week": visits,
        "requests": per_request,
    }
