"""Which weekdays each branch is visited on: current practice.

(The optimised choice of frequencies lives in :mod:`.frequencies`.)
"""
from __future__ import annotations

from .model import Branch, Network


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
