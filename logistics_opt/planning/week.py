"""The week: every working day's problem solved within one budget, over the machine's cores.

An engine that uses every core for one day (``Engine.day_on_all_cores``) gets the days in turn,
each with a share of the budget in proportion to its stops (measured on the Utrecht week and
generated weeks against running the days two at a time on equal shares: benchmarks/HISTORY.md);
other engines get the days side by side, one process each. In a reproducible run (a solution
limit) such an engine gets all the days at once (:meth:`..routing.Engine.solve_days`): the OR-Tools
engine queues every day's searches over the cores, the same searches as day by day, so the same plan.
"""

from __future__ import annotations

import math
import os
from dataclasses import replace

from ..data.model import Network
from ..distances import Matrix
from ..plan import Plan, Route, Unassigned
from ..plan_meta import SolveRecord
from ..progress import Progress, as_reporter
from ..routing import Engine, get_engine
from ..routing.problem import DayProblem, DaySolution, SearchParams
from ..routing.stop import MaxRuntime
from ..volumes import Visit, week_visits
from ..workers import process_pool
from .days import DayInput, build_day, to_routes


def default_workers() -> int:
    """Processes for one run when ``--jobs`` is 0: one per core, at most two (a day's two searches)."""
    return max(1, min(2, os.cpu_count() or 1))


def week_days(network: Network, matrix: Matrix, schedule: dict[str, tuple[str, ...]]) -> list[DayInput]:
    """Each working day's problem, for the days that have visits."""
    by_day: dict[str, dict[str, Visit]] = {d: {} for d in network.settings.working_days}
    for bid, vs in week_visits(network, schedule).items():
        for v in vs:
            by_day[v.day][bid] = v
    days = [build_day(network, matrix, d, by_day[d]) for d in network.settings.working_days]
    return [d for d in days if d.node_ids[d.problem.num_depots :]]


def _solve_one(args: tuple[Engine, DayProblem, SearchParams]) -> DaySolution:
    engine, problem, params = args
    return engine.solve(problem, params)


def _stops(d: DayInput) -> int:
    return d.problem.num_nodes - d.problem.num_depots


def solve_week(
    network: Network,
    matrix: Matrix,
    schedule: dict[str, tuple[str, ...]],
    params: SearchParams,
    *,
    engine: str = "ortools",
    workers: int = 1,
    progress: Progress | None = None,
) -> Plan:
    """Solve every working day within one wall-clock budget (``params.time_limit_s`` for the week)."""
    budget = MaxRuntime(params.time_limit_s)
    active = week_days(network, matrix, schedule)
    eng = get_engine(engine)
    if eng.day_on_all_cores and workers >= 2 and active and params.solution_limit:
        solutions = _days_pooled(active, params, budget, eng, workers, progress)
    elif eng.day_on_all_cores and workers >= 2 and active:
        solutions = _days_in_turn(active, params, budget, eng, workers, progress)
    else:
        solutions = _days_side_by_side(active, params, budget, eng, workers, progress)
    return _week_plan(network, matrix, schedule, active, solutions, budget, progress)


def _days_in_turn(
    active: list[DayInput],
    params: SearchParams,
    budget: MaxRuntime,
    engine: Engine,
    workers: int,
    progress: Progress | None,
) -> list[DaySolution]:
    """Days one after another, each on every core, with a share of the budget in proportion to its stops
    (time-limited runs; reproducible ones go to :func:`_days_pooled`)."""
    budget = MaxRuntime(budget.left(0.05))
    weights = [_stops(d) + params.settings.week.day_weight_base for d in active]
    solutions: list[DaySolution] = []
    with as_reporter(progress).bar(len(active), "solving days") as bar:
        for k, d in enumerate(active):
            share = budget.share(weights[k], sum(weights[k:]), floor=0.05 * weights[k] / sum(weights[k:]))
            bar.say(
                f"solving {d.day}: {_stops(d)} stops, {len(d.problem.vehicles)} vans, "
                f"{share:.1f} s on {workers} processes"
            )
            solutions.append(engine.solve(d.problem, replace(params, time_limit_s=share), workers))
            bar.advance(note=d.day)
    return solutions


def _days_pooled(
    active: list[DayInput],
    params: SearchParams,
    budget: MaxRuntime,
    engine: Engine,
    workers: int,
    progress: Progress | None,
) -> list[DaySolution]:
    """Reproducible runs: every day's searches in one queue over the cores (:meth:`.Engine.solve_days`).
    They stop on work, so each day's plan is the one :func:`_days_in_turn` would make; the wall-clock
    cap of a day is ``cap_shares`` times its share of the budget (:class:`..routing.settings.WeekSettings`)."""
    left = budget.left(0.05)
    week = params.settings.week
    weights = [_stops(d) + week.day_weight_base for d in active]
    caps = [min(left, week.cap_shares * left * w / sum(weights)) for w in weights]
    with as_reporter(progress).bar(len(active), "solving days") as bar:
        bar.say(f"solving {len(active)} days on {workers} processes, stopping on work")
        return engine.solve_days(
            [d.problem for d in active],
            [replace(params, time_limit_s=c) for c in caps],
            workers,
            lambda i: bar.advance(note=active[i].day),
        )


def _days_side_by_side(
    active: list[DayInput],
    params: SearchParams,
    budget: MaxRuntime,
    engine: Engine,
    workers: int,
    progress: Progress | None,
) -> list[DaySolution]:
    """Days ``workers`` at a time, each on one core, on equal shares of the budget."""
    workers = max(1, min(workers, len(active) or 1))
    rounds = max(1, math.ceil(len(active) / workers))
    per_day = budget.left(0.05) / (max(1.0, rounds / params.settings.week.cap_shares) if params.on_work else rounds)
    jobs = [(engine, d.problem, replace(params, time_limit_s=per_day)) for d in active]
    reporter = as_reporter(progress)
    with reporter.bar(len(active), "solving days") as bar:
        if workers == 1:
            solutions = []
            for d, job in zip(active, jobs, strict=True):
                bar.say(f"solving {d.day}: {_stops(d)} stops, {len(d.problem.vehicles)} vans, {per_day:.1f} s")
                solutions.append(_solve_one(job))
                bar.advance(note=d.day)
            return solutions
        bar.say(f"solving {len(active)} days on {workers} processes, {per_day:.1f} s each")
        with process_pool(workers) as pool:
            solutions = []
            for d, sol in zip(active, pool.map(_solve_one, jobs), strict=True):
                solutions.append(sol)
                bar.advance(note=d.day)
            return solutions


def _week_plan(
    network: Network,
    matrix: Matrix,
    schedule: dict[str, tuple[str, ...]],
    active: list[DayInput],
    solutions: list[DaySolution],
    budget: MaxRuntime,
    progress: Progress | None,
) -> Plan:
    """The week's plan from the solved days (routes timed by the semantics, unserved visits explained)."""
    routes: list[Route] = []
    unassigned: list[Unassigned] = []
    for d, sol in zip(active, solutions):
        r, u = to_routes(network, matrix, d, sol)
        routes.extend(r)
        unassigned.extend(u)
        if progress:
            progress(f"{d.day}: {len(r)} routes, {len(u)} unassigned, {sol.seconds:.1f} s")
    plan = Plan(routes, unassigned, {b: list(v) for b, v in schedule.items()}, list(network.settings.working_days))
    plan.meta.solve = SolveRecord(
        solve_seconds=round(budget.elapsed(), 2),
        stopped_by_time_cap=[d.day for d, sol in zip(active, solutions) if sol.capped],
        day_engines={d.day: sol.engine for d, sol in zip(active, solutions) if sol.engine},
    )
    return plan
