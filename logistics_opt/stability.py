"""What changes against an earlier run cost (``[stability]`` in settings.toml; ``plan --previous``; issue 32),
and how many branches change (``compare``; the benchmark).

The prices, each written once here:

- ``move_van_eur`` per branch served by another van than before (counted once a week however many of
  its days change);
- ``move_day_eur`` per branch visited on another day than before (a visit moved, added or gone);
- ``late_eur_per_15min`` per 15 minutes the van is at a branch outside the window the earlier run promised
  it, or more than 15 minutes from when it was there that day (:meth:`.previous.PreviousRun.kept`), early
  or late, summed over the visits:
  - against an earlier run planned day by day (:attr:`.previous.PreviousRun.daily`: its windows span a
    branch's earliest to latest time, hours apart, so the branch expects its time that day) per quarter
    hour or part of one, at most ``late_cap_eur`` a visit: a time that moves beyond 15 minutes has to be
    told to the branch, and a time moved by hours is one call all the same;
  - against master routes (a window of 30 minutes promised for every day of the week) pro rata and
    without a cap: a few minutes beyond the 15 often stay inside the promise, and a visit moved by hours
    breaks it on every day.

A new branch has no promise and pays nothing. :class:`Keep` prices one route for the searches
(:class:`.planning.template.Price`): ``on(day)`` the van of that day in the earlier run (a day-by-day
week, where a branch moved on two days pays on each, an upper bound of its week's price that keeps
routes steadier), else the branch's van of most days (master routes). :func:`week_price` prices a whole
plan by what :mod:`.changes` finds between it and the earlier plan.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .changes import Changes, plan_changes
from .data.model import Stability
from .plan import Plan, service_start
from .previous import PreviousRun

#: Minutes an arrival may move on the same day and still count as kept (the issue's "within 15 minutes").
KEPT_MIN = 15


class Keep:
    """The prices of changes against ``previous`` for the route searches (:class:`.planning.template.Price`)."""

    def __init__(
        self,
        previous: PreviousRun,
        prices: Stability,
        day: str | None = None,
        allowed: Callable[[str, str], bool] | None = None,
    ) -> None:
        self.previous, self.prices, self.day = previous, prices, day
        self.allowed = allowed  # (branch, van) -> whether that van may serve it (several hubs: its hub's vans)

    def on(self, day: str) -> Keep:
        """The prices of one day of a day-by-day week: a branch's van that day."""
        return Keep(self.previous, self.prices, day, self.allowed)

    def van(self, branch: str, van: str) -> float:
        if self.allowed is not None and not self.allowed(branch, van):
            return float("inf")
        was = self.previous.van(branch, self.day)
        return self.prices.move_van_eur if was is not None and was != van else 0.0

    def late(self, branch: str, day: str, at: float) -> float:
        window = self.previous.kept(branch, day)
        if window is None:
            return 0.0
        return late_eur(self.prices, outside(window, at), self.previous.daily)


def late_eur(prices: Stability, minutes: float, daily: bool) -> float:
    """The price of one visit ``minutes`` outside its window (see the module): against a ``daily`` earlier run
    per quarter hour or part of one (in whole minutes, as the plan writes its times), at most the cap; against
    master routes pro rata."""
    if not daily:
        return prices.late_eur_per_15min * minutes / 15.0
    quarters = math.ceil(math.floor(minutes + 0.5) / 15.0)
    return min(prices.late_cap_eur, prices.late_eur_per_15min * quarters)


def outside(window: tuple[float, float], at: float) -> float:
    """Minutes ``at`` lies outside ``window`` (0 inside)."""
    return max(0.0, window[0] - at, at - window[1])


@dataclass(frozen=True)
class ChangeCounts:
    """Branches in both plans that changed van, day or time (by more than :data:`KEPT_MIN` minutes on the
    same day), those kept as they were (none of the three), and the branches added and gone."""

    van: int
    day: int
    time: int
    kept: int
    common: int
    added: int
    gone: int

    @property
    def kept_share(self) -> float:
        return self.kept / self.common if self.common else 1.0


def moved(changes: Changes) -> tuple[set[str], set[str], set[str]]:
    """The branches whose van, day or time (beyond :data:`KEPT_MIN` minutes) changed, in both plans."""
    van, day, time = set(), set(), set()
    for c in changes.branches:
        if c.old is not None and c.new is not None and c.old.van != c.new.van:
            van.add(c.branch)
        if c.day_changed:
            day.add(c.branch)
        elif c.moved_min is not None and abs(c.moved_min) > KEPT_MIN:
            time.add(c.branch)
    return van, day, time


def change_counts(old: dict[str, Any], new: dict[str, Any]) -> ChangeCounts:
    """How many branches change between plan.json dicts ``old`` and ``new`` (:mod:`.changes`)."""
    before, after = _visited(old), _visited(new)
    common = before & after
    van, day, time = (s & common for s in moved(plan_changes(old, new)))
    return ChangeCounts(
        len(van),
        len(day),
        len(time),
        len(common - van - day - time),
        len(common),
        len(after - before),
        len(before - after),
    )


def _visited(plan: dict[str, Any]) -> set[str]:
    return {s["branch"] for r in plan.get("routes", []) for s in r["stops"]} | {
        u["branch"] for u in plan.get("unassigned", [])
    }


@dataclass(frozen=True)
class WeekPrice:
    """A plan's stability price against the earlier run: branches moved to another van or day, the minutes
    outside their windows, and the EUR of all three."""

    van: int
    day: int
    late_min: float
    eur: float


def week_price(previous: PreviousRun, plan: Plan, prices: Stability) -> WeekPrice:
    """The price of ``plan``'s changes against the earlier run (see the module)."""
    new = plan.to_dict()
    common = {b for b, _ in previous.promises} & _visited(new)
    van, day, _ = (s & common for s in moved(plan_changes(previous.plan, new)))
    late = [
        outside(w, service_start(s))
        for r in plan.routes
        for s in r.stops
        if s.branch in common and (w := previous.kept(s.branch, r.day)) is not None
    ]
    eur = (
        len(van) * prices.move_van_eur
        + len(day) * prices.move_day_eur
        + sum(late_eur(prices, m, previous.daily) for m in late)
    )
    return WeekPrice(len(van), len(day), round(sum(late), 1), round(eur, 2))
