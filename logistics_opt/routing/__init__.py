"""Routing engines behind one small interface.

An engine solves one :class:`~.problem.DayProblem` with :class:`~.problem.SearchParams` into a
:class:`~.problem.DaySolution`; it never sees files, branch ids or floats. :data:`ENGINES` is the
registry the CLI's ``--engine`` choices come from; optional engines are imported only when used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from .problem import DayProblem, DaySolution, SearchParams


@dataclass(frozen=True)
class Engine:
    """A registered engine: ``solve(problem, params, cores)`` from its module.

    ``day_on_all_cores``: the engine uses every core for one day (so a week's days go in turn);
    otherwise a week's days run side by side, one process each. ``compiled``: its searches run our
    compiled kernel, which :meth:`prepare` makes ready before a run forks its workers."""

    name: str
    module: str
    day_on_all_cores: bool
    compiled: bool = False

    def prepare(self, cores: int, say: Callable[[str], None] | None = None) -> None:
        """Make the compiled kernel ready in this process, so that the workers a run forks inherit it
        (:mod:`.compiled`; ``say`` hears when it compiles); nothing for an engine without it."""
        if self.compiled:
            from .compiled import prepare

            prepare(cores, say)

    def solve(self, problem: DayProblem, params: SearchParams, cores: int = 1) -> DaySolution:
        return importlib.import_module(self.module, __name__).solve(problem, params, cores)

    def solve_days(
        self,
        problems: list[DayProblem],
        params: list[SearchParams],
        cores: int,
        on_day: Callable[[int], None] | None = None,
    ) -> list[DaySolution]:
        """Several days, each as :meth:`solve` would solve it on ``cores``; an engine whose module has its
        own ``solve_days`` (the searches of all days in one queue over the cores) uses it. ``on_day(i)``
        is called as day ``i`` is done."""
        module = importlib.import_module(self.module, __name__)
        if hasattr(module, "solve_days"):
            return module.solve_days(problems, params, cores, on_day)
        out = []
        for i, (problem, p) in enumerate(zip(problems, params, strict=True)):
            out.append(module.solve(problem, p, cores))
            if on_day:
                on_day(i)
        return out

    __call__ = solve


_REGISTRY = {
    "ortools": Engine("ortools", ".ortools_engine", day_on_all_cores=True, compiled=True),
    "pyvrp": Engine("pyvrp", ".pyvrp_engine", day_on_all_cores=False),
    "best": Engine("best", ".best_engine", day_on_all_cores=True, compiled=True),
}
ENGINES: tuple[str, ...] = tuple(_REGISTRY)


def get_engine(name: str) -> Engine:
    """The registered engine called ``name``."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown engine '{name}' (expected one of {', '.join(ENGINES)})") from None
