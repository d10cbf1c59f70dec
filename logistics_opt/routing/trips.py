"""Vans that reload at their depot (multi-trip), for the search: one van's day as a chain of trips.

A van with ``max_trips`` T > 1 becomes T *trip vehicles* (:func:`expand`), each an ordinary route from
the depot and back, so the crates aboard are checked per trip by the same load model as any route.
The OR-Tools model chains a van's trips (:mod:`.ortools_model`): trip k + 1 is used only if trip k is,
starts no earlier than trip k's return plus the reload, and the day from the first departure to the
last return keeps the shift with the break reserved (:func:`.rules.shift_limits`). The van's fixed cost
sits on its first trip; each later trip costs its reload time at the van's hourly rate.
:func:`collapse` turns the trips back into one route per van with the points where it reloads.
The engine first plans the day without reloads (:func:`single_trips`) and starts the chained search
from that plan (:func:`first_trips`), so allowing reloads never makes a day dearer.
"""

from __future__ import annotations

from dataclasses import replace

from .problem import DayProblem, DaySolution, RouteResult, Vehicle
from .rules import second_cost


def multi_trip(problem: DayProblem) -> bool:
    """Whether any van of the day may reload (and the problem is not expanded yet)."""
    return not problem.trips and any(v.max_trips > 1 for v in problem.vehicles)


def expand(problem: DayProblem) -> DayProblem:
    """The problem with each van replaced by its trip vehicles (consecutive, in the vans' order)."""
    vehicles: list[Vehicle] = []
    groups: list[tuple[int, ...]] = []
    for v in problem.vehicles:
        group = []
        for k in range(max(1, v.max_trips)):
            group.append(len(vehicles))
            reload_cost = v.reload_s * second_cost(v.cost_per_hour)
            vehicles.append(replace(v, max_trips=1, fixed_cost=v.fixed_cost if k == 0 else reload_cost))
        groups.append(tuple(group))
    allowed = tuple(tuple(t for v in a for t in groups[v]) for a in problem.allowed_vehicles)
    return replace(problem, vehicles=tuple(vehicles), trips=tuple(groups), allowed_vehicles=allowed)


def single_trips(problem: DayProblem) -> DayProblem:
    """The problem with every van making one trip (a plan of it is a plan of ``problem``, without reloads)."""
    return replace(problem, vehicles=tuple(replace(v, max_trips=1) for v in problem.vehicles))


def first_trips(problem: DayProblem, sol: DaySolution) -> tuple[tuple[int, ...], ...]:
    """Per trip vehicle of :func:`expand` (problem), its stops: each van's route of ``sol`` as its first trip."""
    routes = {r.vehicle: r.nodes for r in sol.routes}
    out: list[tuple[int, ...]] = []
    for van, v in enumerate(problem.vehicles):
        out.append(tuple(routes.get(van, ())))
        out += [()] * (max(1, v.max_trips) - 1)
    return tuple(out)


def whole_vans(problem: DayProblem, vehicles: list[int]) -> list[int]:
    """``vehicles`` with every other trip of their vans added (a van's trips are only searched together)."""
    if not problem.trips:
        return vehicles
    group_of = {t: g for g in problem.trips for t in g}
    out: list[int] = []
    for v in vehicles:
        out += [t for t in group_of[v] if t not in out]
    return out


def later_trips(problem: DayProblem) -> set[int]:
    """The trip vehicles that are not a van's first trip."""
    return {t for g in problem.trips for t in g[1:]}


def collapse(problem: DayProblem, sol: DaySolution) -> DaySolution:
    """The solution of :func:`expand` (problem) as one route per van of ``problem``, with its reloads."""
    trips = {r.vehicle: r for r in sol.routes if r.nodes}
    routes = []
    first = 0
    for van, v in enumerate(problem.vehicles):
        used = [trips[t] for t in range(first, first + max(1, v.max_trips)) if t in trips]
        first += max(1, v.max_trips)
        if not used:
            continue
        nodes: list[int] = []
        reload_after = []
        for trip in used:
            if nodes:
                reload_after.append(len(nodes))
            nodes += trip.nodes
        routes.append(RouteResult(van, nodes, used[0].start_s, tuple(reload_after)))
    return replace(sol, routes=routes)
