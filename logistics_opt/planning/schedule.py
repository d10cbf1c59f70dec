"""Which weekdays each branch is visited on: current practice.

(The optimised choice of frequencies lives in :mod:`.frequencies`.)
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..data.model import Branch, Network
from ..volumes import week_visits


def current_days(branch: Branch, network: Network) -> tuple[str, ...]:
    """Current practice: the branch's fixed ``days``; else the first allowed pattern for its
    ``visits_per_week``; else every working day."""
    s = network.settings
    if branch.days:
        return branch.days
    if branch.visits_per_week:
        pats = s.allowed_patterns().get(branch.visits_per_week)
        if pats:
            return pats[0]
        wd = s.working_days
        step = len(wd) / branch.visits_per_week
        return tuple(wd[int(i * step)] for i in range(branch.visits_per_week))
    return tuple(s.working_days)


def current_schedule(network: Network) -> dict[str, tuple[str, ...]]:
    return {b.id: current_days(b, network) for b in network.stops}


def network_figures(network: Network) -> dict[str, Any]:
    """What ``validate`` prints: branches per organisation and kind, items and crates a week at
    current visit days."""
    items = network.weekly_items()
    wv = week_visits(network, current_schedule(network))
    organisations: dict[str, Counter[str]] = {}
    for b in network.stops:
        organisations.setdefault(b.organisation, Counter())[b.kind] += 1
    return {
        "organisations": organisations,
        "items_sent": sum(v[0] for v in items.values()),
        "items_received": sum(v[1] for v in items.values()),
        "crates_collected": sum(v.pickup_crates for vs in wv.values() for v in vs),
        "crates_delivered": sum(v.deliver_crates for vs in wv.values() for v in vs),
    }
