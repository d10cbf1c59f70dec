"""One judge for day solutions from any engine: feasibility and cost recomputed from the problem.

:func:`evaluate` gives one integer cost on the :class:`.problem.DayProblem` (arc costs, fixed costs, route
duration by the plan's semantics, break included, x cost per hour, a prohibitive penalty per stop left out)
after a check of capacity, windows and shifts. It is not the engine's objective, so solutions of OR-Tools,
PyVRP and the compiled search compare on equal terms (the ``best`` engine, and the default engine's PyVRP
search on large days).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..plan import fold_reloads, reload_path, route_timing, trip_loads
from .problem import DayProblem, DaySolution, RouteResult, Vehicle
from .rules import DROP_PENALTY, arc_costs, second_cost, shift_limits


@dataclass(frozen=True)
class Verdict:
    feasible: bool
    cost: int  # cost units, the same for every engine
    problem: str = ""  # the first violation, if any


def evaluate(problem: DayProblem, sol: DaySolution) -> Verdict:
    """Cost and feasibility of a solution, recomputed from the problem (not from the engine's objective).

    Feasible: capacity all along each route, windows, and the shift as every engine keeps it
    (:func:`.problem.shift_limits`: with the break reserved where it could bind). Cost: arcs, fixed
    costs, and each route's duration by the semantics, with its break when the route's work passes
    ``break_after_s`` (see :func:`route_seconds`)."""
    seen: set[int] = set()
    cost = DROP_PENALTY * len(sol.dropped)
    used: set[int] = set()
    arcs: dict[float, np.ndarray] = {}
    for r in sol.routes:
        if not r.nodes:
            continue
        v = problem.vehicles[r.vehicle]
        if r.vehicle in used:
            return Verdict(False, cost, f"van {v.name} drives two routes")
        used.add(r.vehicle)
        if v.cost_per_km not in arcs:
            arcs[v.cost_per_km] = arc_costs(problem.distance_m, v.cost_per_km)
        path = reload_path(v.depot, r.nodes, list(r.reload_after))
        cost += int(arcs[v.cost_per_km][path[:-1], path[1:]].sum()) + v.fixed_cost
        fault = _route_fault(problem, r, seen)
        if fault:
            return Verdict(False, cost, fault)
        start = max(r.start_s, v.shift_start_s)
        cost += route_seconds(problem, v, r.nodes, start, r.reload_after) * second_cost(v.cost_per_hour)
    missing = set(problem.stop_nodes) - seen - set(sol.dropped)
    if missing:
        return Verdict(False, cost, f"stops {sorted(missing)[:5]} neither routed nor dropped")
    return Verdict(True, cost)


def _route_fault(problem: DayProblem, r: RouteResult, seen: set[int]) -> str:
    """The first rule the route breaks (capacity on each trip, windows, allowed vans, repeats, reloads,
    shift), or ""."""
    v = problem.vehicles[r.vehicle]
    after = list(r.reload_after)
    if len(after) > v.max_trips - 1 or after != sorted(set(after)) or any(not 0 < k < len(r.nodes) for k in after):
        return f"van {v.name} reloads after stops {after}, more or other than its {v.max_trips} trips allow"
    path = reload_path(v.depot, r.nodes, after)
    trips = trip_loads([problem.delivery[s] for s in r.nodes], after)
    load, trip = trips[0], 0
    t = start = max(r.start_s, v.shift_start_s)
    for a, b in zip(path, path[1:-1], strict=False):
        t += problem.service_s[a] + problem.travel_s[a][b]
        if b == v.depot:  # a reload: the next trip's crates aboard
            trip += 1
            t, load = t + v.reload_s, trips[trip]
            continue
        if load > v.capacity:
            return f"van {v.name} leaves with {load} crates > {v.capacity}"
        lo, hi = problem.windows[b]
        t = max(t, lo)
        if t + problem.service_s[b] > max(hi, lo + problem.service_s[b]):
            return f"stop {b} served after its window closes"
        load += problem.pickup[b] - problem.delivery[b]
        if load > v.capacity:
            return f"van {v.name} holds {load} crates > {v.capacity} after stop {b}"
        allowed = problem.allowed_vehicles[b] if problem.allowed_vehicles else ()
        if allowed and r.vehicle not in allowed:
            return f"stop {b} served by van {v.name}, which may not serve it"
        if b in seen:
            return f"stop {b} visited twice"
        seen.add(b)
    end = t + problem.service_s[path[-2]] + problem.travel_s[path[-2]][path[-1]]
    end_max, span_max = shift_limits(v)
    if end > end_max or end - start > span_max:
        return f"van {v.name}'s route ends outside its shift"
    return ""


def route_seconds(
    problem: DayProblem, v: Vehicle, nodes: list[int], start: int, reload_after: tuple[int, ...] = ()
) -> int:
    """A route's duration in seconds by the plan's semantics (:func:`..plan.route_timing`, the one
    statement of the rule, run here in seconds): the van waits for opening times, and when its
    working time passes ``break_after_s`` it takes one break of ``break_s``, which may absorb later
    waiting. A van that reloads drives back to its depot and stays ``reload_s`` there."""
    path = reload_path(v.depot, nodes, list(reload_after))
    legs = [problem.travel_s[a][b] for a, b in zip(path, path[1:], strict=False)]
    timing = route_timing(
        start,
        fold_reloads(legs, list(reload_after), v.reload_s),
        [problem.service_s[b] for b in nodes],
        [problem.windows[b] for b in nodes],
        v.break_after_s,
        v.break_s,
    )
    return int(timing.end - start)
