"""Crates a disrupted day cannot move: to the branch's next visit in the week, or listed as not served.

The crates go to the branch's first visit on a later working day, added to that stop's crates (and items),
when that van's day still holds with them (:meth:`.day.DayRoutes.cost`: capacity, shift, closing time). A
branch with no later visit in the week, or whose next visit has no room or time, gets an ``unassigned`` entry
on the disrupted day with its reason and the crates and items it leaves (``reason_fields``), so nothing
disappears silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..plan import Unassigned
from ..volumes import Visit
from ..wording import text
from .day import DayRoutes


@dataclass
class Crates:
    """What a branch's visit could not move on the disrupted day."""

    branch: str
    deliver: int = 0
    pickup: int = 0
    deliver_items: int = 0
    pickup_items: int = 0

    def add(self, v: Visit) -> None:
        self.deliver += v.deliver_crates
        self.pickup += v.pickup_crates
        self.deliver_items += v.deliver_items
        self.pickup_items += v.pickup_items

    @property
    def fields(self) -> dict[str, int]:
        return {
            "deliver": self.deliver,
            "pickup": self.pickup,
            "deliver_items": self.deliver_items,
            "pickup_items": self.pickup_items,
        }


@dataclass(frozen=True)
class Postponed:
    """Crates moved to a later visit: the branch, the day and van that take them, and the van's new arrival there."""

    crates: Crates
    day: str
    van: str
    arrival: str


def _unserved(c: Crates, on: str, code: str, **more: str) -> Unassigned:
    fields: dict[str, object] = {**c.fields, **more}
    return Unassigned(c.branch, on, text("en", f"why.{code}", **fields), code, fields)


def postpone(
    crates: list[Crates], day: str, later: list[str], days: Callable[[str], DayRoutes]
) -> tuple[list[Postponed], list[Unassigned]]:
    """Move each branch's ``crates`` from ``day`` to its next visit among the ``later`` working days (``days``
    gives each day's routes, made on first use); what finds no room is not served, with its reason."""
    moved: list[Postponed] = []
    unserved: list[Unassigned] = []
    for c in crates:
        placed = None
        nxt = None
        for d in later:
            stops = [(name, n) for name, van in days(d).vans.items() for n in van.nodes if days(d).ids[n] == c.branch]
            if stops:
                nxt = d
                placed = _add(days(d), stops, c)
                break
        if placed is not None:
            moved.append(Postponed(c, nxt or "", placed, _arrival(days(nxt or ""), placed, c.branch)))
        elif nxt is None:
            unserved.append(_unserved(c, day, "replan_no_later_visit"))
        else:
            unserved.append(_unserved(c, day, "replan_no_room", day=nxt))
    return moved, unserved


def _add(day: DayRoutes, stops: list[tuple[str, int]], c: Crates) -> str | None:
    """Add the crates to the first of the branch's stops whose van still holds; the van's name, or None."""
    for van, node in stops:
        v = day.visit(node)
        grown = Visit(
            v.day,
            v.gap_days,
            v.deliver_items + c.deliver_items,
            v.pickup_items + c.pickup_items,
            v.deliver_crates + c.deliver,
            v.pickup_crates + c.pickup,
        )
        day.set_visit(node, grown)
        if day.cost(van) is not None:
            return van
        day.set_visit(node, v)
    return None


def _arrival(day: DayRoutes, van: str, branch: str) -> str:
    for r in day.routes():
        if r.vehicle == van:
            return next(s.arrival for s in r.stops if s.branch == branch)
    return ""
