"""A week with several hubs, planned as independent parts: one per hub and day.

Each hub's vans serve only its own branches, and a branch's weekly pickup and delivery do not
depend on where its items go (:mod:`.trunk` carries them between hubs). So the week splits into
one :class:`~..routing.problem.DayProblem` per hub and working day, each with that hub's fleet;
with ``--frequencies optimise`` into one part per hub (a branch's pattern ties its days
together); with consistency on into one part per hub too (:mod:`.consistent_hubs`). The parts run
in processes or on Dask (:mod:`..distribute`); a network with one hub is planned as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from ..data.hubs import hub_map
from ..data.model import Network, Request
from ..distances import Matrix
from ..distribute import run_parts
from ..plan import Plan
from ..plan_meta import SolveRecord
from ..progress import Progress
from ..routing import get_engine
from ..routing.problem import DaySolution, SearchParams
from ..routing.stop import MaxRuntime
from ..volumes import week_visits
from .days import DayInput, build_day, to_routes
from .trunk import trunk_section
from .week import _solve_one


def hub_network(network: Network, hub_id: str, hub: dict[str, str] | None = None) -> Network:
    """The part of ``network`` one hub serves: the hub, its branches, its vans, and every request
    with an end among its branches; a request to or from another hub's branch ends at this hub."""
    hub = hub or hub_map(network)
    branches = tuple(b for b in network.branches if hub[b.id] == hub_id)
    requests = []
    for r in network.requests:
        a, b = hub[r.origin], hub[r.destination]
        if a == hub_id and b == hub_id:
            requests.append(r)
        elif a == hub_id and r.origin != hub_id:
            requests.append(Request(r.origin, hub_id, r.items, r.kind))
        elif b == hub_id and r.destination != hub_id:
            requests.append(Request(hub_id, r.destination, r.items, r.kind))
    fleet = tuple(v for v in network.fleet if v.depot == hub_id)
    return replace(network, branches=branches, requests=tuple(requests), fleet=fleet)


def sub_matrix(matrix: Matrix, ids: list[str]) -> Matrix:
    pos = matrix.index()
    idx = [pos[i] for i in ids]
    return Matrix(tuple(ids), matrix.km[np.ix_(idx, idx)], matrix.minutes[np.ix_(idx, idx)])


def split(network: Network, matrix: Matrix) -> list[tuple[str, Network, Matrix]]:
    """``(hub id, the hub's network, its distances)`` for every hub with branches."""
    hub = hub_map(network)
    out = []
    for h in network.hubs:
        net = hub_network(network, h.id, hub)
        if net.stops:
            out.append((h.id, net, sub_matrix(matrix, [b.id for b in net.branches])))
    return out


def budgets(weights: Sequence[float], budget_s: float, workers: int, reproducible: bool) -> list[float]:
    """Each part's search time: the week's budget on every worker, shared by stops (``weights``).

    In reproducible runs (a solution limit) the search ends on its solution limit, and the time
    limit is only a cap, of one second per unit of weight: a part with a stop or two cannot find
    that many different solutions and would otherwise search until the week's whole budget."""
    total = sum(weights) or 1
    out = [max(0.5, budget_s * max(1, workers) * w / total) for w in weights]
    return [min(t, 1.0 + w) for t, w in zip(out, weights, strict=True)] if reproducible else out


def solve_week_by_hub(
    network: Network,
    matrix: Matrix,
    schedule: dict[str, tuple[str, ...]],
    params: SearchParams,
    *,
    engine: str = "ortools",
    workers: int = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> Plan:
    """Current practice (or any fixed schedule): one part per hub and working day."""
    clock = MaxRuntime(params.time_limit_s)
    wd = network.settings.working_days
    days: list[tuple[str, Network, Matrix, DayInput]] = []
    for hub_id, net, mat in split(network, matrix):
        by_day: dict[str, dict[str, Any]] = {d: {} for d in wd}
        for bid, vs in week_visits(net, {b.id: schedule[b.id] for b in net.stops}).items():
            for v in vs:
                by_day[v.day][bid] = v
        for d in wd:
            if by_day[d]:
                days.append((hub_id, net, mat, build_day(net, mat, d, by_day[d])))
    budget = clock.left(0.5)
    base = params.settings.week.day_weight_base
    weights = [di.problem.num_nodes - di.problem.num_depots + base for *_, di in days]
    limits = budgets(weights, budget, workers, params.on_work)
    eng = get_engine(engine)
    parts = [
        (f"{hub_id} {di.day}", (eng, di.problem, replace(params, time_limit_s=lim)))
        for (hub_id, _, _, di), lim in zip(days, limits, strict=True)
    ]
    if progress:
        where = f"on the Dask cluster at {scheduler}" if scheduler else f"on {workers} process(es)"
        progress(f"solving {len(parts)} parts (hub x day) {where}, {sum(weights) - base * len(weights)} stops")
    solutions: list[DaySolution] = run_parts(
        _solve_one, parts, workers=workers, scheduler=scheduler, weights=limits, progress=progress
    )
    routes, unassigned = [], []
    for (_, net, mat, di), sol in zip(days, solutions, strict=True):
        r, u = to_routes(net, mat, di, sol)
        routes.extend(r)
        unassigned.extend(u)
    order = {d: k for k, d in enumerate(wd)}
    routes.sort(key=lambda r: (order[r.day], r.depot, r.vehicle))
    unassigned.sort(key=lambda u: (order[u.day], u.branch))
    plan = Plan(routes, unassigned, {b: list(v) for b, v in schedule.items()}, list(wd))
    plan.meta.solve = SolveRecord(solve_seconds=round(clock.elapsed(), 2), parts=len(parts))
    return plan


def _optimise_one(args: tuple[Network, Matrix, SearchParams, str]) -> Plan:
    from .frequencies import optimise_week

    net, mat, params, engine = args
    return optimise_week(net, mat, params, engine=engine, workers=1)


def merged(network: Network, plans: list[Plan]) -> Plan:
    """One week of the hubs' plans: their routes (by day, hub and van), unserved visits and schedules."""
    wd = network.settings.working_days
    order = {d: k for k, d in enumerate(wd)}
    routes = sorted((r for p in plans for r in p.routes), key=lambda r: (order[r.day], r.depot, r.vehicle))
    unassigned = sorted((u for p in plans for u in p.unassigned), key=lambda u: (order[u.day], u.branch))
    schedule = {b: d for p in plans for b, d in p.schedule.items()}
    return Plan(routes, unassigned, schedule, list(wd))


def optimise_week_by_hub(
    network: Network,
    matrix: Matrix,
    params: SearchParams,
    *,
    engine: str = "ortools",
    workers: int = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> Plan:
    """``--frequencies optimise``: one part per hub (patterns and routes chosen together)."""
    clock = MaxRuntime(params.time_limit_s)
    plans = parts_by_hub(
        network,
        matrix,
        params,
        _optimise_one,
        (engine,),
        5.0,
        "choosing visit patterns and routes",
        workers,
        scheduler,
        progress,
    )
    plan = merged(network, list(plans.values()))
    plan.meta.solve = SolveRecord(
        solve_seconds=round(clock.elapsed(), 2), parts=len(plans), frequencies=frequency_methods(plans)
    )
    return plan


def parts_by_hub(
    network: Network,
    matrix: Matrix,
    params: SearchParams,
    one: Callable[[Any], Plan],
    extra: tuple[Any, ...],
    work: float,
    what: str,
    workers: int,
    scheduler: str | None,
    progress: Progress | None,
) -> dict[str, Plan]:
    """Hub id -> its part of the week, planned by ``one((network, distances, params, *extra))`` on the hub's
    own network and distances, in processes or on Dask; each part's budget by its stops times ``work``."""
    hubs = split(network, matrix)
    limits = budgets([len(net.stops) * work for _, net, _ in hubs], params.time_limit_s, workers, params.on_work)
    parts = [
        (hub_id, (net, mat, replace(params, time_limit_s=lim), *extra))
        for (hub_id, net, mat), lim in zip(hubs, limits, strict=True)
    ]
    if progress:
        progress(f"{what} in {len(parts)} parts (one per hub)")
    plans: list[Plan] = run_parts(one, parts, workers=workers, scheduler=scheduler, weights=limits, progress=progress)
    return {hub_id: p for (hub_id, _), p in zip(parts, plans, strict=True)}


def frequency_methods(plans: dict[str, Plan]) -> dict[str, Any]:
    """``meta.solve.frequencies`` of a week planned by hub: each hub's method of choosing visit days."""
    return {"method": "by hub", "hubs": {h: (p.meta.solve.frequencies or {}).get("method") for h, p in plans.items()}}


def plan_by_hub(
    network: Network,
    matrix: Matrix,
    params: SearchParams,
    frequencies: str,
    *,
    engine: str = "ortools",
    workers: int = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> Plan:
    """A several-hub week, current practice or optimised frequencies, with its trunk section (with
    consistency on, :mod:`.consistent_hubs` plans it)."""
    from .schedule import current_schedule

    if frequencies == "optimise":
        plan = optimise_week_by_hub(
            network, matrix, params, engine=engine, workers=workers, scheduler=scheduler, progress=progress
        )
    else:
        plan = solve_week_by_hub(
            network,
            matrix,
            current_schedule(network),
            params,
            engine=engine,
            workers=workers,
            scheduler=scheduler,
            progress=progress,
        )
    plan.trunk = trunk_section(network, plan.schedule)
    return plan
