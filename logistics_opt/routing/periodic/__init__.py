"""Periodic routing (PVRP): one visit option per stop and every day's routes, chosen together."""

from __future__ import annotations

from .search import INFEASIBLE, PeriodicProblem, PeriodicSolution, VisitOption, solve_periodic

__all__ = ["INFEASIBLE", "PeriodicProblem", "PeriodicSolution", "VisitOption", "solve_periodic"]
