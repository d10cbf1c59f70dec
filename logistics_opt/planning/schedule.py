"""Which weekdays each branch is visited on: current practice.

(The optimised choice of frequencies lives in :mod:`.frequencies`.)
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..data.model import Branch, Network
from ..volumes import week_visits


def current_days(branch: Branch, network: Network, turn: int = 0) -> tuple[str, ...]:
    """Current practice: the branch's fixed ``days``; else an allowed pattern for its
    ``visits_per_week`` (the ``turn``-th, cyclically) among those of days it is open; else every working
    day it is open (hours.csv may shut it on some; :mod:`..data.hours` checks that this leaves a choice)."""
    s = network.settings
    if branch.days:
        return branch.days
    wd = network.open_days(branch)
    if branch.visits_per_week:
        pats = [p for p in s.allowed_patterns().get(branch.visits_per_week, ()) if set(p) <= set(wd)]
        if pats:
            return pats[turn % len(pats)]
        step = len(wd) / branch.visits_per_week
        return tuple(wd[int(i * step)] for i in range(branch.visits_per_week))
    return wd


def current_schedule(network: Network) -> dict[str, tuple[str, ...]]:
    """Every branch's current days. Branches with the same visits a week (and no fixed days) take
    the allowed patterns in turn, in file order, so that they spread over the week (Mon+Thu,
    Tue+Fri, Mon+Thu, ...)."""
    turns: dict[int, int] = {}
    out = {}
    for b in network.stops:
        k = b.visits_per_week or 0
        out[b.id] = current_days(b, network, turns.get(k, 0))
        if k and not b.days:
            turns[k] = turns.get(k, 0) + 1
    return out


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
