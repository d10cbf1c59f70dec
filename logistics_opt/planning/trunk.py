"""The night trunk between hubs: which requests ride it, and its items, crates and cost.

A request whose ends belong to different hubs goes origin -> own hub -> trunk -> the other hub
-> destination (a hub end counts as its own hub). Items enter the trunk on the evening they
reach their hub: a branch's items for a hub pair are split over its visit days by the
accumulation rule (in proportion to the working days each visit covers; whole items, largest
remainder, ties to the earlier day); a hub's own items evenly over the working days. Each
night's items on a pair make ``ceil(items / items_per_crate)`` crates. Cost = items x cost_per_item
+ crates x cost_per_crate, at the pair's rate (``trunk.csv``, else ``[trunk]`` in settings.toml).
"""

from __future__ import annotations

from typing import Any

from ..data.hubs import hub_map
from ..data.model import Network
from ..volumes import apportion, crates, gaps


def trunk_items(network: Network) -> dict[tuple[str, str], dict[str, int]]:
    """Items a week per ordered hub pair and origin (pairs without items left out)."""
    hub = hub_map(network)
    out: dict[tuple[str, str], dict[str, int]] = {}
    for r in network.requests:
        pair = (hub[r.origin], hub[r.destination])
        if pair[0] != pair[1] and r.items > 0:
            by_origin = out.setdefault(pair, {})
            by_origin[r.origin] = by_origin.get(r.origin, 0) + r.items
    return out


def nightly_items(network: Network, by_origin: dict[str, int], schedule: dict[str, list[str]]) -> list[int]:
    """One pair's items per working day, from its origins' visit days."""
    wd = list(network.settings.working_days)
    night = [0] * len(wd)
    hubs = {h.id for h in network.hubs}
    for origin, items in by_origin.items():
        days = wd if origin in hubs else sorted(schedule.get(origin, []), key=wd.index)
        if not days:
            continue
        for d, x in zip(days, apportion(items, gaps(tuple(days), tuple(wd))), strict=True):
            night[wd.index(d)] += x
    return night


def trunk_section(network: Network, schedule: dict[str, list[str]]) -> dict[str, Any]:
    """The ``trunk`` section of plan.json: flows per hub pair and their totals."""
    s = network.settings
    flows: list[dict[str, Any]] = []
    for (a, b), by_origin in sorted(trunk_items(network).items()):
        rate = s.trunk.rate(a, b)
        night = nightly_items(network, by_origin, schedule)
        items = sum(night)
        n_crates = sum(crates(x, s.items_per_crate) for x in night)
        cost = items * rate.cost_per_item + n_crates * rate.cost_per_crate
        flows.append(
            {
                "from": a,
                "to": b,
                "items": items,
                "crates": n_crates,
                "cost_eur": round(cost, 2),
                "lead_days": rate.lead_days,
                "items_per_night": night,
            }
        )
    return {
        "flows": flows,
        "items": sum(f["items"] for f in flows),
        "crates": sum(f["crates"] for f in flows),
        "cost_eur": round(sum(f["cost_eur"] for f in flows), 2),
    }
