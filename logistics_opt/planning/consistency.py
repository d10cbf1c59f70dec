"""Consistent weeks (``[consistency]`` in settings.toml, ``--consistent``; issue 31): every branch keeps
its van and its time all week.

The week's visit days come first: current practice, or with ``--frequencies optimise`` the days the
frequency model chooses for the free week. Then master routes (:mod:`.master`): one day problem over
every branch at its largest crates of the week, solved by the same day search as ``plan``; each day
each van drives its master route restricted to the branches due. A day route that breaks a rule on
the day's own figures (possible on a road matrix only) loses the stops it cannot keep. Last, the
promised windows (:mod:`.windows`): the van waits at a door until the branch's window opens, so
every branch's service starts within ``max_arrival_spread_min`` over the week.

A branch the master routes cannot serve is unserved on every day it is due, with its reason
(``why.consistency``): a promise is never broken silently. The plan records the promises and every
branch's van and window in ``plan.json`` ``consistency``; the checker verifies them on its own.
"""

from __future__ import annotations

import time
from dataclasses import replace

from ..data.model import Consistency, Network
from ..distances import Matrix
from ..plan import Plan, Route, Unassigned
from ..plan_meta import SolveRecord
from ..progress import Progress
from ..routing import get_engine
from ..routing.problem import DaySolution, RouteResult, SearchParams
from ..stability import Keep, week_price
from ..volumes import Visit, week_visits
from ..wording import text
from .days import DayInput, build_day, to_routes, unassigned_reason
from .master import Master, master_day, sub_route_faults, sub_routes
from .schedule import current_schedule
from .template import Search, as_routes, improve, repair, week_days
from .windows import Week, branch_windows, later_starts, window_starts, with_openings

#: With ``--frequencies optimise``: the share of the budget for the free week that chooses the visit days.
FREQUENCY_SHARE = 0.5

#: The busiest day solved on its own starts the template search too when it holds under this share of the
#: week's branches (:func:`_busiest`).
BUSY_SHARE = 0.97


def consistent(network: Network) -> Network:
    """The network with consistency on: its own ``[consistency]`` table, else the defaults (``--consistent``)."""
    if network.settings.consistency is not None:
        return network
    return network.with_changes(settings=replace(network.settings, consistency=Consistency()))


def consistent_week(
    network: Network,
    matrix: Matrix,
    params: SearchParams,
    frequencies: str,
    *,
    engine: str = "ortools",
    workers: int = 1,
    progress: Progress | None = None,
) -> Plan:
    """The week's plan with every branch on master routes (see the module docstring); a network of one
    hub (several hubs: a part per hub, :mod:`.consistent_hubs`)."""
    began = time.monotonic()
    schedule = current_schedule(network)
    record = SolveRecord()
    free: Plan | None = None
    if frequencies == "optimise":
        from .frequencies import optimise_week

        free = optimise_week(
            network,
            matrix,
            replace(params, time_limit_s=params.time_limit_s * FREQUENCY_SHARE),
            engine=engine,
            workers=workers,
            progress=progress,
        )
        schedule = {b: tuple(d) for b, d in free.schedule.items()}
        record = free.meta.solve
    left = max(0.1 * params.time_limit_s, params.time_limit_s - (time.monotonic() - began))
    plan = master_week(network, matrix, schedule, replace(params, time_limit_s=left), engine, workers, progress, free)
    plan.meta.solve = replace(
        record,
        solve_seconds=round(time.monotonic() - began, 2),
        stopped_by_time_cap=sorted(set(record.stopped_by_time_cap) | set(plan.meta.solve.stopped_by_time_cap)),
        day_engines=plan.meta.solve.day_engines,
    )
    return plan


def master_week(
    network: Network,
    matrix: Matrix,
    schedule: dict[str, tuple[str, ...]],
    params: SearchParams,
    engine: str,
    workers: int,
    progress: Progress | None,
    free: Plan | None = None,
    keep: Keep | None = None,
    visits: dict[str, list[Visit]] | None = None,
) -> Plan:
    """Master routes over ``schedule``: the day search's, and those improved on the week's own figures
    (:mod:`.template`) from it and from the busiest days of the ``free`` week when there is one; each
    day's routes, the promised windows; the plan of the cheapest complete week. With ``keep`` (``plan
    --previous``, :mod:`.keep`) the earlier run's vans start the search first, every move weighs the
    stability prices and the cheapest week counts them too."""
    wd = network.settings.working_days
    visits = visits or week_visits(network, schedule)  # given: each visit's crates (bench convrp)
    day = master_day(network, matrix, visits)
    busy = _busiest(network, visits) if free is None and _improvable(day) else None
    solo = replace(params, time_limit_s=params.time_limit_s / 2) if busy else params
    if progress:
        progress(f"master routes: {len(visits)} branches at their largest crates of the week, {len(wd)} days")
    master = Master(day, get_engine(engine).solve(day.problem, solo, workers))
    solved = [master.solution]
    plans = [_plan(network, matrix, schedule, master, _days(network, matrix, visits, master))]
    if _improvable(day):
        search = Search(network, matrix, week_days(network, [di for di, _ in plans[0][1]]), keep)
        served = [b for rr in master.solution.routes for b in (day.node_ids[n] for n in rr.nodes)]
        starts = [{rr.vehicle: [day.node_ids[n] for n in rr.nodes] for rr in master.solution.routes}]
        if keep is not None:
            starts.insert(0, repair(search, _previous_start(keep, day, set(served))))
        if busy is not None:
            di = next(di for di, _ in plans[0][1] if di.day == busy)
            solved.append(get_engine(engine).solve(di.problem, solo, workers))
            starts.append(repair(search, _day_start(di, solved[-1], day, set(served))))
        for start in starts + _free_starts(free, day, set(served)):
            if (better := improve(search, start, served)) is not None:
                tried = Master(day, replace(master.solution, routes=as_routes(search, better, day)))
                plans.append(_plan(network, matrix, schedule, tried, _days(network, matrix, visits, tried)))
    price = (lambda p: week_price(keep.previous, p, keep.prices).eur) if keep is not None else (lambda p: 0.0)
    plan = min((p for p, _ in plans), key=lambda p: (len(p.unassigned), p.summary()["cost_eur"] + price(p)))
    if progress:
        progress("master routes: EUR " + ", ".join(f"{p.summary()['cost_eur']:.2f}" for p, _ in plans) + " a week")
    sol = master.solution
    plan.meta.solve = SolveRecord(
        stopped_by_time_cap=list(wd) if any(s.capped for s in solved) else [],
        day_engines={d: sol.engine for d in wd if sol.engine},
    )
    return plan


def _busiest(network: Network, visits: dict[str, list[Visit]]) -> str | None:
    """The day with the most visits (then crates) where it holds under ``BUSY_SHARE`` of the week's branches,
    else None. The master day then holds many visits that never meet on one day, which can cost a van on
    every day; the busiest day solved on its own starts the template search too."""
    count = {d: [0, 0] for d in network.settings.working_days}
    for vs in visits.values():
        for v in vs:
            count[v.day][0] += 1
            count[v.day][1] += v.deliver_crates + v.pickup_crates
    busiest = max(count, key=lambda d: tuple(count[d]))
    return busiest if count[busiest][0] < BUSY_SHARE * len(visits) else None


def _day_start(di: DayInput, sol: DaySolution, day: DayInput, served: set[str]) -> dict[int, list[str]]:
    """A day's solution as a start for the template search: its vans and stop orders (the branches the
    master serves)."""
    van = {v.name: k for k, v in enumerate(day.problem.vehicles)}
    return {
        van[di.problem.vehicles[rr.vehicle].name]: [b for b in (di.node_ids[n] for n in rr.nodes) if b in served]
        for rr in sol.routes
    }


def _previous_start(keep: Keep, day: DayInput, served: set[str]) -> dict[int, list[str]]:
    """The earlier run's master routes as a start: each van still in the fleet with the branches it served most
    days, in the order of their times there (those not served here left out)."""
    van = {v.name: k for k, v in enumerate(day.problem.vehicles)}
    return {van[name]: [b for b in bids if b in served] for name, bids in keep.previous.master().items() if name in van}


def _free_starts(free: Plan | None, day: DayInput, served: set[str]) -> list[dict[int, list[str]]]:
    """Starts for the template search from the free week: the routes of its two days with the most crates
    (their vans and stop orders; the branches served there that the master serves)."""
    if free is None:
        return []
    van = {v.name: k for k, v in enumerate(day.problem.vehicles)}
    load = {d: sum(r.load_start for r in free.routes if r.day == d) for d in free.working_days}
    out = []
    for d in sorted(load, key=lambda d: -load[d])[:2]:
        start = {van[r.vehicle]: [x.branch for x in r.stops if x.branch in served] for r in free.routes if r.day == d}
        if start not in out:
            out.append(start)
    return out


def _improvable(day: DayInput) -> bool:
    """The template search takes single-trip vans and branches served in one stop."""
    ids = day.node_ids[day.problem.num_depots :]
    return all(vt.max_trips == 1 for vt in day.vehicle_types) and len(ids) == len(set(ids))


def _days(network: Network, matrix: Matrix, visits: dict[str, list[Visit]], master: Master) -> Week:
    """Each day's routes: the master routes restricted to the branches due that day."""
    dropped = _dropped(master)
    out: Week = []
    for d in network.settings.working_days:
        due = {bid: v for bid, vs in visits.items() for v in vs if v.day == d and bid not in dropped}
        di = build_day(network, matrix, d, due)
        out.append((di, sub_routes(master, di)))
    return out


def _plan(
    network: Network, matrix: Matrix, schedule: dict[str, tuple[str, ...]], master: Master, week: Week
) -> tuple[Plan, Week]:
    """The plan of a week of master sub-routes: stops a day cannot keep dropped (unserved, with the reason),
    the promised windows, later starts, and ``consistency`` (each branch's van and window)."""
    promises = network.settings.consistency or Consistency()
    unassigned = _master_unserved(network, matrix, master, schedule)
    timed = network
    while True:
        kept = [(di, _kept(timed, matrix, di, rrs)) for di, rrs in week]
        week = [(di, rrs) for di, (rrs, _) in kept]
        lost = [u for _, (_, us) in kept for u in us]
        unassigned += lost
        timed = with_openings(network, window_starts(network, matrix, week, promises.max_arrival_spread_min))
        if not lost and all(not sub_route_faults(timed, matrix, di, rr) for di, rrs in week for rr in rrs):
            break
    week = later_starts(timed, matrix, week)
    routes: list[Route] = []
    for di, rrs in week:
        routes += to_routes(timed, matrix, di, DaySolution(rrs))[0]
    vans = {di.node_ids[n]: di.problem.vehicles[rr.vehicle].name for di, rrs in week for rr in rrs for n in rr.nodes}
    plan = Plan(routes, unassigned, {b: list(v) for b, v in schedule.items()}, list(network.settings.working_days))
    plan.consistency = {
        "same_van": promises.same_van,
        "max_arrival_spread_min": promises.max_arrival_spread_min,
        "branches": branch_windows(timed, matrix, week, vans if promises.same_van else None),
    }
    return plan, week


def _dropped(master: Master) -> set[str]:
    """Branches the master routes leave out, or split over two vans (a visit too big for one van)."""
    vans: dict[str, set[int]] = {}
    for rr in master.solution.routes:
        for n in rr.nodes:
            vans.setdefault(master.day.node_ids[n], set()).add(rr.vehicle)
    return {master.day.node_ids[n] for n in master.solution.dropped} | {b for b, v in vans.items() if len(v) > 1}


def _master_unserved(
    network: Network, matrix: Matrix, master: Master, schedule: dict[str, tuple[str, ...]]
) -> list[Unassigned]:
    """Every visit of a branch the master routes leave out, with the reason: the day's own reason when it
    holds on every day (no van, too big, too far), else that no van keeps it at one time all week."""
    out: list[Unassigned] = []
    dropped = _dropped(master)
    nodes = [n for n in range(master.day.problem.num_depots, master.day.problem.num_nodes)]
    for node in [n for n in nodes if master.day.node_ids[n] in dropped]:
        why = unassigned_reason(network, matrix, master.day, node)
        bid = why.branch
        if why.reason_code in ("full", "closed"):
            v = master.day.visit(node)
            fields = {"deliver": v.deliver_crates, "pickup": v.pickup_crates}
            why = Unassigned(bid, why.day, text("en", "why.consistency", **fields), "consistency", fields)
        out += [replace(why, day=d) for d in schedule[bid] if not any(u.branch == bid and u.day == d for u in out)]
    return out


def _kept(
    network: Network, matrix: Matrix, day: DayInput, routes: list[RouteResult]
) -> tuple[list[RouteResult], list[Unassigned]]:
    """The day's routes without the stops they cannot keep on the day's own figures, and those stops as
    unserved visits (``why.consistency``)."""
    kept, lost = [], []
    for rr in routes:
        while rr.nodes and (bad := sub_route_faults(network, matrix, day, rr)):
            node = rr.nodes[bad[0]]
            v = day.visit(node)
            fields = {"deliver": v.deliver_crates, "pickup": v.pickup_crates}
            bid = day.node_ids[node]
            lost.append(Unassigned(bid, day.day, text("en", "why.consistency", **fields), "consistency", fields))
            cut = rr.nodes.index(node)
            after = tuple(a - (a > cut) for a in rr.reload_after if 0 < a - (a > cut) < len(rr.nodes) - 1)
            rr = RouteResult(rr.vehicle, [n for n in rr.nodes if n != node], rr.start_s, tuple(sorted(set(after))))
        if rr.nodes:
            kept.append(rr)
    return kept, lost
