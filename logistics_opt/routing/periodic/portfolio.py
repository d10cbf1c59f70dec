"""Several periodic searches side by side, one per core, and the cheapest week kept.

The periodic search's result depends on luck: on Cordeau's p10 one setting gave 2.0 % to 4.9 %
above the reference from run to run. Searches that differ in their seed (and, where the week
model routes the first week, in how long it does so: ``week_first_shares`` of
:class:`~..settings.PeriodicSettings`) spread over that range, so the cheaper of two is better on
average than either. This is the periodic counterpart
of the day engine's two searches on two cores (:func:`~..ortools_engine.solve_days`).

Only time-limited runs spread over the cores: a reproducible run (a solution limit) stays one
search, so its plan and its work do not depend on how many cores the machine has.
"""

from __future__ import annotations

import math
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import replace

from ...progress import Progress, as_reporter
from ...workers import process_pool
from ..problem import COST_UNITS_PER_EUR, SearchParams
from ..stop import MaxRuntime
from .model import PeriodicProblem, PeriodicSolution
from .search import solve_periodic

#: Seconds between steps of the progress bar while the searches run.
TICK_S = 5.0


def _search(args: tuple[PeriodicProblem, SearchParams, str, str, float | None]) -> PeriodicSolution:
    problem, params, engine, method, week_first = args
    return solve_periodic(problem, params, engine=engine, method=method, week_first=week_first)


def _rank(sol: PeriodicSolution) -> tuple[int, int]:
    return len(sol.dropped), sol.cost


def solve_periodic_on(
    problem: PeriodicProblem,
    params: SearchParams,
    workers: int,
    *,
    engine: str = "ortools",
    method: str = "auto",
    progress: Progress | None = None,
) -> PeriodicSolution:
    """:func:`~.search.solve_periodic` on ``workers`` cores: with two or more and a time limit, that
    many searches (seeds ``seed``, ``seed + 1``, ...) side by side, the fewest unserved visits then the
    lowest cost kept (the first search's on a tie). Otherwise one search in this process."""
    if workers < 2 or params.solution_limit is not None:
        return solve_periodic(problem, params, engine=engine, method=method, progress=progress)
    budget = MaxRuntime(params.time_limit_s)
    settings = params.settings.periodic
    limit = max(0.5, params.time_limit_s - min(settings.overhead_s, 0.05 * params.time_limit_s))
    shares = settings.week_first_shares  # the week model's share for the first week, by search in turn
    runs = [
        (problem, replace(params, seed=params.seed + k, time_limit_s=limit), engine, method, shares[k % len(shares)])
        for k in range(workers)
    ]
    found: dict[int, PeriodicSolution] = {}
    ticks = max(1, math.ceil(limit / TICK_S))
    with process_pool(workers) as pool, as_reporter(progress).bar(ticks, f"{workers} searches side by side") as bar:
        pending = {pool.submit(_search, run): k for k, run in enumerate(runs)}
        while pending:
            done, _ = wait(pending, timeout=TICK_S, return_when=FIRST_COMPLETED)
            for future in done:
                k = pending.pop(future)
                found[k] = future.result()
                bar.say(f"search {k + 1} of {workers}: cost {found[k].cost / COST_UNITS_PER_EUR:.2f}")
            if not done and bar.done < ticks - 1:
                bar.advance()
        bar.advance(ticks - bar.done)
    sols = [found[k] for k in range(workers)]
    best = min(sols, key=_rank)
    costs = ", ".join(f"{s.cost / COST_UNITS_PER_EUR:.2f}" for s in sols)
    kept = f"{workers} searches side by side: costs {costs}; kept search {sols.index(best) + 1}"
    best.log = [kept, *(best.log or [])]
    best.seconds = budget.elapsed()
    best.capped = any(s.capped for s in sols)
    return best
