"""Crates per visit, by the accumulation rule.

A branch visited on some weekdays: each visit carries what accumulated since the previous
visit (cyclically over the week), in proportion to the working days in between. The week's
items are split over the visits by largest remainder, so whole items add up exactly to the
week; each visit's items become ``ceil(items / items_per_crate)`` crates (a part-filled crate
is still a crate).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .data.model import Network


@dataclass(frozen=True)
class Visit:
    day: str
    gap_days: int  # working days since the previous visit (this one included)
    deliver_items: int
    pickup_items: int
    deliver_crates: int
    pickup_crates: int

    @property
    def crates_moved(self) -> int:
        return self.deliver_crates + self.pickup_crates


def gaps(days: tuple[str, ...], working_days: tuple[str, ...]) -> list[int]:
    """Working days since the previous visit, for each visit day (cyclic week)."""
    idx = sorted(working_days.index(d) for d in days)
    n = len(working_days)
    return [(i - idx[k - 1]) % n or n for k, i in enumerate(idx)]


def apportion(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` whole items in proportion to ``weights`` (largest remainder, ties to the first)."""
    wsum = sum(weights)
    exact = [total * w / wsum for w in weights]
    base = [math.floor(x) for x in exact]
    rest = total - sum(base)
    order = sorted(range(len(weights)), key=lambda k: (-(exact[k] - base[k]), k))
    for k in order[:rest]:
        base[k] += 1
    return base


def crates(items: int, items_per_crate: float) -> int:
    return math.ceil(items / items_per_crate - 1e-9) if items > 0 else 0


def visits(
    days: tuple[str, ...], sent: int, received: int, working_days: tuple[str, ...], items_per_crate: float
) -> list[Visit]:
    """The visits of one branch in a week, in weekday order."""
    order = sorted(days, key=working_days.index)
    g = gaps(tuple(order), working_days)
    deliver = apportion(received, g)
    pickup = apportion(sent, g)
    return [
        Visit(d, gd, di, pi, crates(di, items_per_crate), crates(pi, items_per_crate))
        for d, gd, di, pi in zip(order, g, deliver, pickup)
    ]


def week_visits(network: Network, schedule: dict[str, tuple[str, ...]]) -> dict[str, list[Visit]]:
    """Every branch's visits for the week, by the accumulation rule."""
    s = network.settings
    items = network.weekly_items()
    return {
        bid: visits(days, items[bid][0], items[bid][1], s.working_days, s.items_per_crate)
        for bid, days in schedule.items()
        if days
    }
