"""The ``best`` engine: OR-Tools and PyVRP side by side in two processes; the cheaper feasible plan wins.

Both solutions are judged by :func:`evaluate`, one integer cost on the :class:`DayProblem` (arc
costs, fixed costs, route duration x cost per hour, a prohibitive penalty per stop left out),
after a feasibility check of capacity, windows and shifts. A plan that fails the check never
wins, so ``best`` is never worse than either engine. Problems PyVRP cannot model (a break that
could bind, stops restricted to some vans) and a missing pyvrp install fall back to OR-Tools
alone, said so in the status.
"""

from __future__ import annotations

import importlib.util
import time
from dataclasses import dataclass

import numpy as np

from ..errors import LogisticsError
from ..workers import process_pool
from .problem import DayProblem, DaySolution, SearchParams
from .rules import DROP_PENALTY, arc_costs, second_cost, shift_limits


@dataclass(frozen=True)
class Verdict:
    feasible: bool
    cost: int  # cost units, the same for every engine
    problem: str = ""  # the first violation, if any


def evaluate(problem: DayProblem, sol: DaySolution) -> Verdict:
    """Cost and feasibility of a solution, recomputed from the problem (not from the engine's objective)."""
    dist = np.asarray(problem.distance_m, dtype=np.int64)
    seen: set[int] = set()
    cost = DROP_PENALTY * len(sol.dropped)
    used: set[int] = set()
    for r in sol.routes:
        if not r.nodes:
            continue
        v = problem.vehicles[r.vehicle]
        if r.vehicle in used:
            return Verdict(False, cost, f"van {v.name} drives two routes")
        used.add(r.vehicle)
        path = [v.depot] + r.nodes + [v.depot]
        arc = arc_costs(dist, v.cost_per_km)
        cost += int(sum(arc[a, b] for a, b in zip(path, path[1:]))) + v.fixed_cost
        load = sum(problem.delivery[s] for s in r.nodes)
        if load > v.capacity:
            return Verdict(False, cost, f"van {v.name} leaves with {load} crates > {v.capacity}")
        t = start = max(r.start_s, v.shift_start_s)
        for a, b in zip(path, path[1:-1]):
            t += problem.service_s[a] + problem.travel_s[a][b]
            lo, hi = problem.windows[b]
            t = max(t, lo)
            if t + problem.service_s[b] > max(hi, lo + problem.service_s[b]):
                return Verdict(False, cost, f"stop {b} served after its window closes")
            load += problem.pickup[b] - problem.delivery[b]
            if load > v.capacity:
                return Verdict(False, cost, f"van {v.name} holds {load} crates > {v.capacity} after stop {b}")
            allowed = problem.allowed_vehicles[b] if problem.allowed_vehicles else ()
            if allowed and r.vehicle not in allowed:
                return Verdict(False, cost, f"stop {b} served by van {v.name}, which may not serve it")
            if b in seen:
                return Verdict(False, cost, f"stop {b} visited twice")
            seen.add(b)
        end = t + problem.service_s[path[-2]] + problem.travel_s[path[-2]][path[-1]]
        end_max, span_max = shift_limits(v)
        if end > end_max or end - start > span_max:
            return Verdict(False, cost, f"van {v.name}'s route ends outside its shift")
        cost += (end - start) * second_cost(v.cost_per_hour)
    missing = set(problem.stop_nodes) - seen - set(sol.dropped)
    if missing:
        return Verdict(False, cost, f"stops {sorted(missing)[:5]} neither routed nor dropped")
    return Verdict(True, cost)


def _pyvrp(problem: DayProblem, params: SearchParams) -> DaySolution:
    from .pyvrp_engine import solve

    return solve(problem, params)


def solve(problem: DayProblem, params: SearchParams, cores: int = 1) -> DaySolution:
    """Run both engines at once (PyVRP in a second process) and keep the cheaper feasible plan."""
    from .ortools_engine import solve as ortools_solve
    from .pyvrp_engine import binding_break

    t0 = time.perf_counter()
    note = ""
    if importlib.util.find_spec("pyvrp") is None:
        note = "pyvrp not installed"
    if not note and binding_break(problem) is not None:
        note = "pyvrp cannot model the break"
    if not note and any(a and len(set(a)) < len(problem.vehicles) for a in problem.allowed_vehicles):
        note = "pyvrp cannot restrict stops to some vans"
    if note:
        sol = ortools_solve(problem, params)
        sol.status = f"ortools:{sol.status} ({note})"
        return sol
    with process_pool(1) as pool:
        future = pool.submit(_pyvrp, problem, params)
        candidates = [("ortools", ortools_solve(problem, params))]
        try:
            candidates.append(("pyvrp", future.result()))
        except LogisticsError:  # refused or no feasible plan: OR-Tools alone
            pass
    judged = [(evaluate(problem, s), name, s) for name, s in candidates]
    feasible = [j for j in judged if j[0].feasible] or judged
    verdict, name, sol = min(feasible, key=lambda j: j[0].cost)
    sol.objective = verdict.cost
    sol.status = f"{name}:{sol.status}"
    sol.seconds = time.perf_counter() - t0
    return sol
