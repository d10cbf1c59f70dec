"""Periodic routing (PVRP): one visit option per stop and every day's routes, chosen together."""

from __future__ import annotations

from .model import INFEASIBLE, PeriodicProblem, PeriodicSolution, VisitOption
from .portfolio import solve_periodic_on
from .search import solve_periodic

__all__ = ["INFEASIBLE", "PeriodicProblem", "PeriodicSolution", "VisitOption", "solve_periodic", "solve_periodic_on"]
