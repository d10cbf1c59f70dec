"""The ``best`` engine: OR-Tools and PyVRP side by side in two processes; the cheaper feasible plan wins.

Both solutions are judged by :func:`evaluate`, one integer cost on the :class:`DayProblem` (arc
costs, fixed costs, route duration by the semantics, break included, x cost per hour, a
prohibitive penalty per stop left out), after a feasibility check of capacity, windows and shifts.
A plan that fails the check never wins, so ``best`` is never worse than either engine; the
solution's ``engine`` names the winner. Problems PyVRP cannot model (stops restricted to some
vans) and a missing pyvrp install fall back to OR-Tools alone, said so in the status.
"""

from __future__ import annotations

import importlib.util
import time

from ..errors import LogisticsError
from ..workers import process_pool
from .judge import evaluate
from .problem import DayProblem, DaySolution, SearchParams


def _pyvrp(problem: DayProblem, params: SearchParams) -> DaySolution:
    from .pyvrp_engine import solve

    return solve(problem, params)


def solve(problem: DayProblem, params: SearchParams, cores: int = 1) -> DaySolution:
    """Run both engines at once (PyVRP in a second process) and keep the cheaper feasible plan."""
    from .ortools_engine import solve as ortools_solve

    t0 = time.perf_counter()
    note = ""
    if importlib.util.find_spec("pyvrp") is None:
        note = "pyvrp not installed"
    if not note and problem.restricts_vans:
        note = "pyvrp cannot restrict stops to some vans"
    if note:
        sol = ortools_solve(problem, params)
        sol.status = f"ortools:{sol.status} ({note})"
        sol.engine = "ortools"
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
    sol.engine = name
    sol.seconds = time.perf_counter() - t0
    return sol
