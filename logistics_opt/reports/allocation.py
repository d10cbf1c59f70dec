"""Cost allocation per library organisation by volume x distance.

Since its 2016/2017 transport concept, BiSC charges each library organisation by use, volume and
distance (see the data README and the project's domain notes). The rule here: a branch's weight is
the items it sends plus the items it receives in a week, times its km from the nearest hub by the
distances the run was planned with (its road or router matrix, else crow-fly x detour factor); an
organisation pays its branches' share of the total weight of the week's cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..data.model import Network
from ..distances import Matrix


@dataclass(frozen=True)
class Share:
    """One organisation's share of a week's transport cost."""

    organisation: str
    branches: int
    items_week: int
    item_km: float
    share: float  # 0..1
    cost_eur_week: float

    @property
    def eur_per_item(self) -> float:
        return self.cost_eur_week / self.items_week if self.items_week else 0.0


def branch_weights(network: Network, m: Matrix) -> dict[str, tuple[int, float]]:
    """Branch id -> (items sent + received a week, km from the nearest hub in the run's matrix ``m``)."""
    pos = m.index()
    items = network.weekly_items()
    out = {}
    for b in network.stops:
        km = min(float(m.km[pos[h.id], pos[b.id]]) for h in network.hubs)
        out[b.id] = (items[b.id][0] + items[b.id][1], km)
    return out


def allocate(plan: dict[str, Any], network: Network, matrix: Matrix) -> list[Share]:
    """Each organisation's share of the plan's weekly cost, largest first, weighted by km in ``matrix``
    (the run's own). Shares add up to the cost."""
    cost = float(plan["summary"]["cost_eur"])
    weights = branch_weights(network, matrix)
    orgs: dict[str, list[float]] = {}
    for b in network.stops:
        n, km = weights[b.id]
        acc = orgs.setdefault(b.organisation, [0, 0, 0.0])
        acc[0] += 1
        acc[1] += n
        acc[2] += n * km
    total = sum(v[2] for v in orgs.values())
    shares = [
        Share(
            o,
            int(v[0]),
            int(v[1]),
            round(v[2], 1),
            v[2] / total if total else 0.0,
            round(cost * v[2] / total, 2) if total else 0.0,
        )
        for o, v in orgs.items()
    ]
    return sorted(shares, key=lambda s: (-s.cost_eur_week, s.organisation))
