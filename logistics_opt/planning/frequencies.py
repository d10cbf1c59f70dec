"""Choose each branch's visit frequency and weekday pattern together with the routes.

``plan DATA --frequencies optimise``. A branch may take any pattern of the ``[frequencies]``
settings (defaults: :func:`.model.default_patterns`) that meets its limits:

- fixed ``days`` in ``branches.csv``: exactly those days;
- ``min_visits_per_week`` (the branch's, else the settings' default);
- ``max_days_between_visits`` (the branch's, else the settings' default), counted in
  working days, cyclically over the week as the accumulation rule does;
- ``storage_crates``: the crates collected at a visit (what waited since the previous one)
  must fit the branch's storage;
- every visit's crates must fit the largest van;
- no day ``hours.csv`` shuts the branch.

Each allowed pattern becomes a :class:`~.routing.periodic.VisitOption` whose crates and stop
times follow the accumulation rule (fewer visits, bigger stops), and
:func:`~.routing.periodic.solve_periodic` chooses patterns and routes together. The routes are
turned into a :class:`~.plan.Plan` by the same code as current practice.
"""

from __future__ import annotations

import math
from dataclasses import replace

from ..data.model import Branch, Network
from ..distances import Matrix
from ..errors import InfeasibleError
from ..plan import Plan, Route, Unassigned
from ..plan_meta import SolveRecord
from ..progress import Progress
from ..routing import trips
from ..routing.periodic import PeriodicProblem, PeriodicSolution, VisitOption, solve_periodic_on
from ..routing.problem import DayProblem, DaySolution, RouteResult, SearchParams
from ..routing.stop import MaxRuntime
from ..volumes import gaps, visits, week_visits
from .days import DayInput, build_day, common_hours, stop_minutes, to_routes, week_hours
from .week import solve_week


def limits(branch: Branch, network: Network) -> tuple[int | None, int | None]:
    """``(min_visits_per_week, max_days_between_visits)``: the branch's, else the settings'."""
    s = network.settings
    return (
        branch.min_visits_per_week or s.min_visits_per_week,
        branch.max_days_between_visits or s.max_days_between_visits,
    )


def candidate_patterns(branch: Branch, network: Network) -> list[tuple[str, ...]]:
    """The weekday patterns this branch may be visited on, most frequent first."""
    s = network.settings
    sent, received = network.weekly_items()[branch.id]
    if branch.days:  # exactly those days, if what waits for each visit fits the branch's storage
        vs = visits(branch.days, sent, received, s.working_days, s.items_per_crate)
        fits = branch.storage_crates is None or max(v.pickup_crates for v in vs) <= branch.storage_crates
        return [tuple(branch.days)] if fits else []
    min_v, max_gap = limits(branch, network)
    biggest = max((v.capacity_crates for v in network.fleet if v.count > 0), default=0)
    open_days = network.open_days(branch)
    out = []
    for count in sorted(s.allowed_patterns(), reverse=True):
        if min_v and count < min_v:
            continue
        for pattern in s.allowed_patterns()[count]:
            if not set(pattern) <= set(open_days):  # a day hours.csv shuts it
                continue
            if max_gap and max(gaps(pattern, s.working_days)) > max_gap:
                continue
            vs = visits(pattern, sent, received, s.working_days, s.items_per_crate)
            if branch.storage_crates is not None and max(v.pickup_crates for v in vs) > branch.storage_crates:
                continue
            if max(max(v.deliver_crates, v.pickup_crates) for v in vs) > biggest:
                continue
            out.append(tuple(pattern))
    return out


def periodic_problem(network: Network, matrix: Matrix) -> tuple[PeriodicProblem, list[list[tuple[str, ...]]], DayInput]:
    """The network as a :class:`PeriodicProblem`; also each stop's patterns and the template day, each branch
    within its hours of every day it is open (:func:`.days.week_hours`)."""
    s = network.settings
    wd = s.working_days
    items = network.weekly_items()
    everyday = {b.id: visits(tuple(wd), *items[b.id], wd, s.items_per_crate)[0] for b in network.stops}
    hours = {b.id: week_hours(network, b, network.open_days(b)) for b in network.stops}
    template = build_day(network, matrix, wd[0], everyday, hours=lambda b: hours[b.id])
    nd = template.problem.num_depots
    patterns: list[list[tuple[str, ...]]] = []
    options = []
    for bid in template.node_ids[nd:]:
        b = network.branch(bid)
        pats = candidate_patterns(b, network)
        if not pats:
            min_v, max_gap = limits(b, network)
            raise InfeasibleError(
                f"branch {bid}: no visit pattern meets its limits (min {min_v or '-'} visits a week, "
                f"at most {max_gap or '-'} days between visits, storage {b.storage_crates} crates, "
                f"vans of at most {max(v.capacity_crates for v in network.fleet)} crates)"
            )
        opts = []
        for pat in pats:
            vs = visits(pat, *items[bid], wd, s.items_per_crate)
            opts.append(
                VisitOption(
                    days=tuple(wd.index(v.day) for v in vs),
                    delivery=tuple(v.deliver_crates for v in vs),
                    pickup=tuple(v.pickup_crates for v in vs),
                    service_s=tuple(int(math.ceil(stop_minutes(b, v, network) * 60 - 1e-6)) for v in vs),
                )
            )
        patterns.append(pats)
        options.append(tuple(opts))
    return PeriodicProblem(len(wd), template.problem, tuple(options)), patterns, template


def departure(problem: DayProblem, vehicle: int, stops: list[int]) -> int:
    """When a route of the week's search leaves (its routes carry no times): as late as it can without
    ending later or missing a window, as the day solver's span cost has it. From the shift start the van
    would stand waiting for openings; each second of that waiting lets it leave a second later."""
    v = problem.vehicles[vehicle]
    t, waited, latest = v.shift_start_s, 0, None
    for a, b in zip([v.depot, *stops], stops, strict=False):
        t += problem.service_s[a] + problem.travel_s[a][b]
        lo, hi = problem.windows[b]
        waited += max(0, lo - t)
        t = max(t, lo)
        room = waited + max(0, hi - problem.service_s[b] - t)  # leaving this much later still meets b
        latest = room if latest is None else min(latest, room)
    return v.shift_start_s + min(waited, latest if latest is not None else 0)


def _week_routes(
    network: Network, matrix: Matrix, template: DayInput, schedule: dict[str, list[str]], sol: PeriodicSolution
) -> tuple[list[Route], list[Unassigned]]:
    """The periodic solution's routes as timed plan routes, day by day (template nodes -> day nodes)."""
    wv = week_visits(network, {b: tuple(d) for b, d in schedule.items()})
    routes: list[Route] = []
    unassigned: list[Unassigned] = []
    for d, day in enumerate(network.settings.working_days):
        day_visits = {bid: v for bid, vs in wv.items() for v in vs if v.day == day}
        di = build_day(network, matrix, day, day_visits)
        local = {bid: i for i, bid in enumerate(di.node_ids)}
        results = []
        for v, nodes in sorted(sol.routes[d].items()):
            stops = [local[template.node_ids[n]] for n in nodes]
            if stops:
                results.append(RouteResult(v, stops, departure(di.problem, v, stops)))
        dropped = [local[template.node_ids[n]] for dd, n in sol.dropped if dd == d]
        r, u = to_routes(network, matrix, di, DaySolution(results, dropped))
        routes.extend(r)
        unassigned.extend(u)
    return routes, unassigned


def _route_forced(
    network: Network,
    matrix: Matrix,
    forced: dict[str, tuple[str, ...]],
    params: SearchParams,
    engine: str,
    workers: int,
    progress: Progress | None,
) -> Plan:
    """The week when every branch has one allowed pattern: that schedule, routed day by day."""
    if progress:
        progress("every branch has one allowed pattern: routing that schedule day by day")
    plan = solve_week(network, matrix, forced, params, engine=engine, workers=workers, progress=progress)
    plan.meta.solve.frequencies = {"method": "forced"}
    return plan


def optimise_week(
    network: Network,
    matrix: Matrix,
    params: SearchParams,
    *,
    engine: str = "ortools",
    workers: int = 1,
    method: str = "auto",
    progress: Progress | None = None,
) -> Plan:
    """Patterns and routes for the week within ``params.time_limit_s``; a plan like current practice's.

    ``workers`` processes work at once: the time-limited search runs that many periodic searches
    side by side (:func:`~.routing.periodic.solve_periodic_on`; a reproducible run stays one search),
    and the day-by-day solver (:func:`.week.solve_week`) routes a schedule with no choice left.
    """
    budget = MaxRuntime(params.time_limit_s)
    s = network.settings
    wd = s.working_days
    problem, patterns, template = periodic_problem(network, matrix)
    nd = problem.template.num_depots
    if all(len(p) == 1 for p in patterns):
        # Nothing to choose (e.g. at most 1 day between visits): the day-by-day solver routes
        # the forced schedule, with the whole budget, on every core.
        forced = {template.node_ids[nd + k]: tuple(p[0]) for k, p in enumerate(patterns)}
        return _route_forced(network, matrix, forced, params, engine, workers, progress)
    if progress:
        progress(
            f"choosing visit patterns for {len(patterns)} branches "
            f"({sum(map(len, patterns))} allowed patterns) and routes, {params.time_limit_s:.0f} s"
        )
    reloading = trips.multi_trip(problem.template)
    # hours.csv may leave a branch no hours common to its days: the template's are then not every day's.
    by_day = reloading or any(common_hours(network, b, network.open_days(b)) is None for b in network.stops)
    if reloading:
        # The week search sees each trip of a reloading van as a van of its own (not chained in time: an
        # optimistic view); the chosen days are then routed day by day with the trips chained.
        problem = replace(problem, template=replace(trips.expand(problem.template), trips=()))
    # The run's reserve for checking and writing is already out (pipeline.search_budget).
    share = params.settings.week.reload_search_share if by_day else 1.0
    sol = solve_periodic_on(
        problem,
        replace(params, time_limit_s=budget.left(0.1) * share),
        workers,
        engine=engine,
        method=method,
        progress=progress,
    )
    schedule = {template.node_ids[nd + k]: list(patterns[k][c]) for k, c in enumerate(sol.choice)}
    if by_day:
        chosen = {b: tuple(d) for b, d in schedule.items()}
        week = solve_week(network, matrix, chosen, replace(params, time_limit_s=budget.left(0.1)), engine=engine,
                          workers=workers, progress=progress)  # fmt: skip
        routes, unassigned = week.routes, week.unassigned
        sol.capped = sol.capped or bool(week.meta.solve.stopped_by_time_cap)
    else:
        routes, unassigned = _week_routes(network, matrix, template, schedule, sol)
    plan = Plan(routes, unassigned, schedule, list(wd))
    plan.meta.solve = SolveRecord(
        solve_seconds=round(budget.elapsed(), 2),
        stopped_by_time_cap=list(wd) if sol.capped else [],
        frequencies={"method": method, "search_log": sol.log or []},
    )
    return plan
