"""Turn a network, a matrix and a visit schedule into a week's plan.

For each working day: the branches visited that day and their crates (:mod:`.volumes`)
become a :class:`~.routing.problem.DayProblem` in integers; an engine solves it; the
solution becomes :class:`~.plan.Route` objects with times by the semantics (:func:`.plan.route_timing`).
Days are independent and can be solved in parallel processes.
"""
from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass, replace
from typing import Callable

import numpy as np

from .distances import Matrix
from .model import Branch, Network, VehicleType
from .plan import Plan, Route, Stop, Unassigned, hhmm, route_timing
from .routing import get_engine
from .routing.problem import COST_UNITS_PER_EUR, DayProblem, DaySolution, SearchParams, Vehicle
from .volumes import Visit, apportion, visits
from .workers import process_pool

Progress = Callable[[str], None]


@dataclass
class DayInput:
    """One day's problem and how to map its nodes back to branches."""

    day: str
    problem: DayProblem
    node_ids: list[str]                  # node -> branch id (depots first)
    node_visits: list[Visit | None]      # node -> the visit (or part of it) served there
    vehicle_types: list[VehicleType]     # per vehicle in problem.vehicles


def service_minutes(branch: Branch, network: Network) -> float:
    return branch.service_min if branch.service_min is not None else network.settings.default_service_min


def stop_minutes(branch: Branch, visit: Visit, network: Network) -> float:
    """Time at a stop = service_min + handling_min_per_crate x crates moved."""
    return service_minutes(branch, network) + network.settings.handling_min_per_crate * visit.crates_moved


def week_visits(network: Network, schedule: dict[str, tuple[str, ...]]) -> dict[str, list[Visit]]:
    """Every branch's visits for the week, by the accumulation rule."""
    s = network.settings
    items = network.weekly_items()
    return {bid: visits(days, items[bid][0], items[bid][1], s.working_days, s.items_per_crate)
            for bid, days in schedule.items() if days}


def fleet_vehicles(network: Network, node_of: dict[str, int]) -> tuple[list[Vehicle], list[VehicleType]]:
    s = network.settings
    out, types = [], []
    for vt in network.fleet:
        for k in range(vt.count):
            out.append(Vehicle(
                name=f"{vt.type}-{k + 1}", type=vt.type, depot=node_of[vt.depot],
                capacity=vt.capacity_crates,
                fixed_cost=int(round(vt.fixed_cost_per_day * COST_UNITS_PER_EUR)),
                cost_per_km=vt.cost_per_km, cost_per_hour=vt.cost_per_hour,
                shift_start_s=int(round(vt.shift_start_min * 60)), shift_end_s=int(round(vt.shift_end_min * 60)),
                break_after_s=int(round(s.break_after_min * 60)), break_s=int(round(s.break_min * 60)),
            ))
            types.append(vt)
    return out, types


def split_visit(visit: Visit, capacity: int) -> list[Visit]:
    """A visit with more crates than the largest van holds becomes parts that do fit,
    as a planner would send two vans (or one van twice). Crates and items are shared out evenly."""
    parts = max(1, math.ceil(max(visit.deliver_crates, visit.pickup_crates) / max(capacity, 1)))
    if parts == 1:
        return [visit]
    ones = [1] * parts
    cols = zip(apportion(visit.deliver_items, ones), apportion(visit.pickup_items, ones),
               apportion(visit.deliver_crates, ones), apportion(visit.pickup_crates, ones))
    return [Visit(visit.day, visit.gap_days, di, pi, dc, pc) for di, pi, dc, pc in cols]


def build_day(network: Network, matrix: Matrix, day: str, day_visits: dict[str, Visit]) -> DayInput:
    """The integer problem for one day. Times are rounded up, so real times never exceed the solver's."""
    s = network.settings
    pos = matrix.index()
    hubs = [b for b in network.branches if b.is_hub]
    biggest = max((v.capacity_crates for v in network.fleet if v.count > 0), default=0)
    places: list[Branch] = list(hubs)
    node_visits: list[Visit | None] = [None] * len(hubs)
    for bid, visit in day_visits.items():
        for part in split_visit(visit, biggest):
            places.append(network.branch(bid))
            node_visits.append(part)
    idx = [pos[b.id] for b in places]
    km = matrix.km[np.ix_(idx, idx)]
    minutes = matrix.minutes[np.ix_(idx, idx)]
    vehicles, types = fleet_vehicles(network, {b.id: i for i, b in enumerate(hubs)})
    service, windows = [], []
    brk = int(round(s.break_min * 60))
    for b, v in zip(places, node_visits):
        if v is None:
            service.append(0)
            windows.append((0, 48 * 3600))
            continue
        service.append(int(math.ceil(stop_minutes(b, v, network) * 60 - 1e-6)))
        lo = int(math.ceil((b.open_min or 0.0) * 60))
        # The break may fall before this stop: keep it off the closing time (see ortools_engine).
        hi = int(math.floor(b.close_min * 60)) - brk if b.close_min is not None else 48 * 3600
        windows.append((lo, hi))
    problem = DayProblem(
        distance_m=tuple(map(tuple, np.rint(km * 1000).astype(np.int64).tolist())),
        travel_s=tuple(map(tuple, np.ceil(minutes * 60 - 1e-6).astype(np.int64).tolist())),
        service_s=tuple(service),
        delivery=tuple(v.deliver_crates if v else 0 for v in node_visits),
        pickup=tuple(v.pickup_crates if v else 0 for v in node_visits),
        windows=tuple(windows),
        vehicles=tuple(vehicles),
        num_depots=len(hubs),
    )
    return DayInput(day, problem, [b.id for b in places], node_visits, types)


def unassigned_reason(network: Network, matrix: Matrix, day_input: DayInput, node: int) -> str:
    """Why a stop could not be served that day, in the coordinator's terms."""
    p = day_input.problem
    bid = day_input.node_ids[node]
    v = day_input.node_visits[node]
    assert v is not None
    if not p.vehicles:
        return f"no van available on {day_input.day} (fleet count is 0)"
    biggest = max(x.capacity for x in p.vehicles)
    if max(v.deliver_crates, v.pickup_crates) > biggest:
        return (f"{v.deliver_crates} crates to deliver and {v.pickup_crates} to collect, "
                f"but the largest van holds {biggest}; add visit days or a larger van")
    pos = matrix.index()
    b = network.branch(bid)
    best = None
    for x in p.vehicles:
        depot = day_input.node_ids[x.depot]
        out_back = matrix.minutes[pos[depot], pos[bid]] + matrix.minutes[pos[bid], pos[depot]]
        need = out_back + p.service_s[node] / 60
        shift = (x.shift_end_s - x.shift_start_s) / 60
        best = need if best is None else min(best, need)
        if need <= shift:
            break
    else:
        return f"a round trip from the hub takes {best:.0f} min, longer than any shift"
    if b.close_min is not None:
        return (f"cannot be reached while open ({hhmm(b.open_min or 0)}-{hhmm(b.close_min)}) "
                f"with the vans' shifts and the other stops of the day")
    return "the day's vans are full (capacity or shift length); add a van or spread the visits"


def to_routes(network: Network, matrix: Matrix, d: DayInput, sol: DaySolution) -> tuple[list[Route], list[Unassigned]]:
    s = network.settings
    pos = matrix.index()
    routes = []
    for rr in sol.routes:
        veh = d.problem.vehicles[rr.vehicle]
        vt = d.vehicle_types[rr.vehicle]
        depot = d.node_ids[veh.depot]
        seq = [depot] + [d.node_ids[n] for n in rr.nodes] + [depot]
        legs_km = [float(matrix.km[pos[a], pos[b]]) for a, b in zip(seq, seq[1:])]
        legs_min = [float(matrix.minutes[pos[a], pos[b]]) for a, b in zip(seq, seq[1:])]
        brs = [network.branch(x) for x in seq[1:-1]]
        vis = [d.node_visits[n] for n in rr.nodes]
        stop_min = [stop_minutes(b, v, network) for b, v in zip(brs, vis)]
        windows = [(b.open_min or 0.0, b.close_min if b.close_min is not None else 48 * 60.0)
                   if (b.open_min is not None or b.close_min is not None) else None for b in brs]
        start = max(vt.shift_start_min, math.floor(rr.start_s / 60))
        t = route_timing(start, legs_min, stop_min, windows, s.break_after_min, s.break_min)
        load = sum(v.deliver_crates for v in vis)
        load_start = load
        stops = []
        for k, (b, v) in enumerate(zip(brs, vis)):
            load = load - v.deliver_crates + v.pickup_crates
            stops.append(Stop(b.id, b.name, b.town, hhmm(t.arrivals[k]), hhmm(t.departures[k]),
                              v.deliver_crates, v.pickup_crates, load, v.deliver_items, v.pickup_items,
                              round(t.waits[k], 2)))
        km = sum(legs_km)
        dur = t.end - start
        cost = km * vt.cost_per_km + dur / 60 * vt.cost_per_hour + vt.fixed_cost_per_day
        routes.append(Route(d.day, veh.name, vt.type, depot, hhmm(start), hhmm(t.end), round(km, 3),
                            round(dur, 2), round(cost, 2), round(km * vt.co2_g_per_km / 1000, 3),
                            load_start, stops, t.break_after_stop,
                            s.break_min if t.break_after_stop else 0.0))
    unassigned = [Unassigned(d.node_ids[n], d.day, unassigned_reason(network, matrix, d, n)) for n in sol.dropped]
    return routes, unassigned


def _solve_one(args: tuple[str, DayProblem, SearchParams]) -> DaySolution:
    engine, problem, params = args
    return get_engine(engine)(problem, params)


def solve_week(network: Network, matrix: Matrix, schedule: dict[str, tuple[str, ...]],
               params: SearchParams, *, engine: str = "ortools", workers: int = 1,
               progress: Progress | None = None) -> Plan:
    """Solve every working day within one wall-clock budget (``params.time_limit_s`` for the week)."""
    t0 = time.perf_counter()
    s = network.settings
    wv = week_visits(network, schedule)
    by_day: dict[str, dict[str, Visit]] = {d: {} for d in s.working_days}
    for bid, vs in wv.items():
        for v in vs:
            by_day[v.day][bid] = v
    days = [build_day(network, matrix, d, by_day[d]) for d in s.working_days]
    active = [d for d in days if d.node_ids[d.problem.num_depots:]]
    # The caller's limit already leaves room for checking and writing (pipeline.search_budget);
    # building the days came out of it too.
    budget = max(0.05, params.time_limit_s - (time.perf_counter() - t0))
    if engine in ("ortools", "best") and workers >= 2 and active:
        solutions = _solve_days_in_turn(active, params, budget, engine, workers, progress)
        return _week_plan(network, matrix, schedule, active, solutions, t0, progress)
    workers = max(1, min(workers, len(active) or 1))
    rounds = max(1, math.ceil(len(active) / workers))   # days run `workers` at a time
    per_day = budget / rounds
    day_params = replace(params, time_limit_s=per_day)
    jobs = [(engine, d.problem, day_params) for d in active]
    solutions: list[DaySolution] = []
    if workers == 1:
        for k, job in enumerate(jobs):
            if progress:
                progress(f"solving {active[k].day}: {active[k].problem.num_nodes - active[k].problem.num_depots} stops, "
                         f"{len(active[k].problem.vehicles)} vans, {per_day:.1f} s")
            solutions.append(_solve_one(job))
    else:
        if progress:
            progress(f"solving {len(active)} days on {workers} processes, {per_day:.1f} s each")
        with process_pool(workers) as pool:
            solutions = list(pool.map(_solve_one, jobs))
    return _week_plan(network, matrix, schedule, active, solutions, t0, progress)


def _solve_days_in_turn(active: list[DayInput], params: SearchParams, budget: float, engine: str, workers: int,
                        progress: Progress | None) -> list[DaySolution]:
    """Days one after another, each on every core (two searches side by side), with a share of the
    budget in proportion to its stops. Measured on the Utrecht week and generated weeks against
    running the days two at a time on equal shares (benchmarks/README.md)."""
    from .routing.ortools_engine import solve_parallel

    t0 = time.perf_counter()
    weights = [d.problem.num_nodes - d.problem.num_depots + 5 for d in active]
    solutions: list[DaySolution] = []
    for k, d in enumerate(active):
        left = max(0.05, budget - (time.perf_counter() - t0))
        share = left * weights[k] / sum(weights[k:])
        if progress:
            progress(f"solving {d.day}: {weights[k] - 5} stops, {len(d.problem.vehicles)} vans, "
                     f"{share:.1f} s on {workers} processes")
        day_params = replace(params, time_limit_s=share)
        solutions.append(solve_parallel(d.problem, day_params, workers) if engine == "ortools"
                         else get_engine(engine)(d.problem, day_params))
    return solutions


def _week_plan(network: Network, matrix: Matrix, schedule: dict[str, tuple[str, ...]], active: list[DayInput],
               solutions: list[DaySolution], t0: float, progress: Progress | None) -> Plan:
    """The week's plan from the solved days (routes timed by the semantics, unserved visits explained)."""
    s = network.settings
    routes: list[Route] = []
    unassigned: list[Unassigned] = []
    for d, sol in zip(active, solutions):
        r, u = to_routes(network, matrix, d, sol)
        routes.extend(r)
        unassigned.extend(u)
        if progress:
            progress(f"{d.day}: {len(r)} routes, {len(u)} unassigned, {sol.seconds:.1f} s")
    plan = Plan(routes, unassigned, {b: list(v) for b, v in schedule.items()}, list(s.working_days))
    plan.meta["solve_seconds"] = round(time.perf_counter() - t0, 2)
    plan.meta["day_engines"] = {d.day: sol.engine for d, sol in zip(active, solutions) if sol.engine}
    return plan


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))
