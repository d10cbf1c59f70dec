"""Routing engines behind one small interface: ``solve(DayProblem, SearchParams) -> DaySolution``."""
from __future__ import annotations

from typing import Callable

from .problem import DayProblem, DaySolution, SearchParams

Engine = Callable[[DayProblem, SearchParams], DaySolution]
ENGINES = ("ortools", "pyvrp", "best")


def get_engine(name: str) -> Engine:
    """The engine's solve function; imported lazily so optional engines stay optional."""
    if name == "ortools":
        from .ortools_engine import solve
        return solve
    if name == "pyvrp":
        from .pyvrp_engine import solve as pyvrp_solve
        return pyvrp_solve
    if name == "best":
        from .best_engine import solve as best_solve
        return best_solve
    raise ValueError(f"unknown engine '{name}' (expected one of {', '.join(ENGINES)})")
