"""Routing engines behind one small interface.

An engine solves one :class:`~.problem.DayProblem` with :class:`~.problem.SearchParams` into a
:class:`~.problem.DaySolution`; it never sees files, branch ids or floats. :data:`ENGINES` is the
registry the CLI's ``--engine`` choices come from; optional engines are imported only when used.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from .problem import DayProblem, DaySolution, SearchParams


@dataclass(frozen=True)
class Engine:
    """A registered engine: ``solve(problem, params, cores)`` from its module.

    ``day_on_all_cores``: the engine uses every core for one day (so a week's days go in turn);
    otherwise a week's days run side by side, one process each."""

    name: str
    module: str
    day_on_all_cores: bool

    def solve(self, problem: DayProblem, params: SearchParams, cores: int = 1) -> DaySolution:
        return importlib.import_module(self.module, __name__).solve(problem, params, cores)

    __call__ = solve


_REGISTRY = {
    "ortools": Engine("ortools", ".ortools_engine", day_on_all_cores=True),
    "pyvrp": Engine("pyvrp", ".pyvrp_engine", day_on_all_cores=False),
    "best": Engine("best", ".best_engine", day_on_all_cores=True),
}
ENGINES: tuple[str, ...] = tuple(_REGISTRY)


def get_engine(name: str) -> Engine:
    """The registered engine called ``name``."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown engine '{name}' (expected one of {', '.join(ENGINES)})") from None
