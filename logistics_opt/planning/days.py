"""One working day: the branches visited that day and their crates (:mod:`..volumes`) become a
:class:`~..routing.problem.DayProblem` in integers (:func:`build_day`); an engine's solution
becomes :class:`~..plan.Route` objects timed by the semantics (:func:`to_routes`), and a stop no van
could serve is explained in the coordinator's terms (:func:`unassigned_reason`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..data.model import Branch, Hours, Network, VehicleType
from ..distances import Matrix
from ..plan import Route, Stop, Timing, Unassigned, fold_reloads, hhmm, reload_path, route_timing, trip_loads
from ..routing.problem import COST_UNITS_PER_EUR, DayProblem, DaySolution, RouteResult, Vehicle
from ..routing.rules import HORIZON_S
from ..volumes import Visit, apportion
from ..wording import text

#: A branch's hours for a problem that stands for several days (the master day, the week's template).
HoursOf = Callable[[Branch], Hours]


@dataclass
class DayInput:
    """One day's problem and how to map its nodes back to branches."""

    day: str
    problem: DayProblem
    node_ids: list[str]  # node -> branch id (depots first)
    node_visits: list[Visit | None]  # node -> the visit (or part of it) served there
    vehicle_types: list[VehicleType]  # per vehicle in problem.vehicles

    def visit(self, node: int) -> Visit:
        """The visit served at a stop node (a depot node has none)."""
        v = self.node_visits[node]
        assert v is not None, f"node {node} ({self.node_ids[node]}) is a depot"
        return v


def service_minutes(branch: Branch, network: Network) -> float:
    return branch.service_min if branch.service_min is not None else network.settings.default_service_min


def stop_minutes(branch: Branch, visit: Visit, network: Network) -> float:
    """Time at a stop = service_min + handling_min_per_crate x crates moved."""
    return service_minutes(branch, network) + network.settings.handling_min_per_crate * visit.crates_moved


def fleet_vehicles(network: Network, node_of: dict[str, int]) -> tuple[list[Vehicle], list[VehicleType]]:
    s = network.settings
    out, types = [], []
    for vt in network.fleet:
        for k in range(vt.count):
            out.append(
                Vehicle(
                    name=f"{vt.type}-{k + 1}",
                    type=vt.type,
                    depot=node_of[vt.depot],
                    capacity=vt.capacity_crates,
                    fixed_cost=int(round(vt.fixed_cost_per_day * COST_UNITS_PER_EUR)),
                    cost_per_km=vt.cost_per_km,
                    cost_per_hour=vt.cost_per_hour,
                    shift_start_s=int(round(vt.shift_start_min * 60)),
                    shift_end_s=int(round(vt.shift_end_min * 60)),
                    break_after_s=int(round(s.break_after_min * 60)),
                    break_s=int(round(s.break_min * 60)),
                    max_trips=vt.max_trips,
                    reload_s=int(math.ceil(vt.reload_min * 60 - 1e-6)),
                )
            )
            types.append(vt)
    return out, types


def split_visit(visit: Visit, capacity: int) -> list[Visit]:
    """A visit with more crates than the largest van holds becomes parts that do fit,
    as a planner would send two vans (or one van twice). Crates and items are shared out evenly."""
    parts = max(1, math.ceil(max(visit.deliver_crates, visit.pickup_crates) / max(capacity, 1)))
    if parts == 1:
        return [visit]
    ones = [1] * parts
    cols = zip(
        apportion(visit.deliver_items, ones),
        apportion(visit.pickup_items, ones),
        apportion(visit.deliver_crates, ones),
        apportion(visit.pickup_crates, ones),
    )
    return [Visit(visit.day, visit.gap_days, di, pi, dc, pc) for di, pi, dc, pc in cols]


def build_day(
    network: Network, matrix: Matrix, day: str, day_visits: dict[str, Visit], hours: HoursOf | None = None
) -> DayInput:
    """The integer problem for one day. Times are rounded up, so real times never exceed the solver's.
    Each branch's window is its opening hours that day (``hours``: other hours, per branch)."""
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
            windows.append((0, HORIZON_S))
            continue
        service.append(int(math.ceil(stop_minutes(b, v, network) * 60 - 1e-6)))
        opens, closes = hours(b) if hours is not None else day_hours(network, b, day)
        lo = int(math.ceil((opens or 0.0) * 60))
        # The break may fall before this stop: keep it off the closing time (see ortools_engine).
        hi = int(math.floor(closes * 60)) - brk if closes is not None else HORIZON_S
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


def unassigned_reason(network: Network, matrix: Matrix, day_input: DayInput, node: int, tries: int = 0) -> Unassigned:
    """Why a stop could not be served that day, in the coordinator's terms: the reason's label
    (``why.<code>``) and fields, and its English text. ``tries``: how often the search tried to fit the
    stop in (0: not counted); a full day says so."""
    p = day_input.problem
    bid = day_input.node_ids[node]
    v = day_input.visit(node)

    def why(code: str, **fields: Any) -> Unassigned:
        return Unassigned(bid, day_input.day, text("en", f"why.{code}", **fields), code, fields)

    if not p.vehicles:
        return why("no_van", day=day_input.day)
    biggest = max(x.capacity for x in p.vehicles)
    if max(v.deliver_crates, v.pickup_crates) > biggest:
        return why("too_big", deliver=v.deliver_crates, pickup=v.pickup_crates, capacity=biggest)
    pos = matrix.index()
    b = network.branch(bid)
    best = math.inf
    for x in p.vehicles:
        depot = day_input.node_ids[x.depot]
        out_back = matrix.minutes[pos[depot], pos[bid]] + matrix.minutes[pos[bid], pos[depot]]
        need = out_back + p.service_s[node] / 60
        shift = (x.shift_end_s - x.shift_start_s) / 60
        best = min(best, need)
        if need <= shift:
            break
    else:
        return why("too_far", minutes=round(float(best), 1))
    opens, closes = day_hours(network, b, day_input.day)
    if closes is not None:
        return why("closed", open=hhmm(opens or 0), close=hhmm(closes))
    if tries:
        vans = len(p.allowed_vehicles[node] if p.allowed_vehicles else ()) or len(p.vehicles)
        return why("no_room", tries=tries, vans=vans, deliver=v.deliver_crates, pickup=v.pickup_crates)
    return why("full")


def to_routes(network: Network, matrix: Matrix, d: DayInput, sol: DaySolution) -> tuple[list[Route], list[Unassigned]]:
    """The day's routes, timed by the semantics, and its unserved visits with their reasons."""
    routes = [_route(network, matrix, d, rr) for rr in sol.routes]
    unassigned = [unassigned_reason(network, matrix, d, n, sol.tries.get(n, 0)) for n in sol.dropped]
    return routes, unassigned


def route_times(network: Network, matrix: Matrix, d: DayInput, rr: RouteResult) -> tuple[float, Timing, list[float]]:
    """When a van's route starts, its times by :func:`..plan.route_timing` and the minutes of each leg of
    :func:`..plan.reload_path` (waits at a branch until it opens by the network's ``open``)."""
    s = network.settings
    pos = matrix.index()
    vt = d.vehicle_types[rr.vehicle]
    after = list(rr.reload_after)
    seq = reload_path(d.node_ids[d.problem.vehicles[rr.vehicle].depot], [d.node_ids[n] for n in rr.nodes], after)
    legs_min = [float(matrix.minutes[pos[a], pos[b]]) for a, b in zip(seq, seq[1:])]
    brs = [network.branch(d.node_ids[n]) for n in rr.nodes]
    windows = [window(network, b, d.day) for b in brs]
    start = max(vt.shift_start_min, math.floor(rr.start_s / 60))
    stop_min = [stop_minutes(b, d.visit(n), network) for b, n in zip(brs, rr.nodes)]
    t = route_timing(
        start, fold_reloads(legs_min, after, vt.reload_min), stop_min, windows, s.break_after_min, s.break_min
    )
    return start, t, legs_min


def _route(network: Network, matrix: Matrix, d: DayInput, rr: RouteResult) -> Route:
    """One van's route: legs from the matrix, times by :func:`route_times`, loads, cost, CO2."""
    s = network.settings
    pos = matrix.index()
    veh = d.problem.vehicles[rr.vehicle]
    vt = d.vehicle_types[rr.vehicle]
    depot = d.node_ids[veh.depot]
    after = list(rr.reload_after)
    seq = reload_path(depot, [d.node_ids[n] for n in rr.nodes], after)
    legs_km = [float(matrix.km[pos[a], pos[b]]) for a, b in zip(seq, seq[1:])]
    brs = [network.branch(d.node_ids[n]) for n in rr.nodes]
    vis = [d.visit(n) for n in rr.nodes]
    start, t, legs_min = route_times(network, matrix, d, rr)
    loads = trip_loads([v.deliver_crates for v in vis], after)
    stops = _stops(brs, vis, t, loads, after)
    reloads = [
        _reload(k, t, legs_min, after, vt.reload_min, s.break_min, loads[i + 1]) for i, k in enumerate(sorted(after))
    ]
    km = sum(legs_km)
    dur = t.end - start
    cost = km * vt.cost_per_km + dur / 60 * vt.cost_per_hour + vt.fixed_cost_per_day
    return Route(
        d.day,
        veh.name,
        vt.type,
        depot,
        hhmm(start),
        hhmm(t.end),
        round(km, 3),
        round(dur, 2),
        round(cost, 2),
        round(km * vt.co2_g_per_km / 1000, 3),
        loads[0],
        stops,
        t.break_after_stop,
        s.break_min if t.break_after_stop else 0.0,
        reloads,
    )


def day_hours(network: Network, b: Branch, day: str) -> Hours:
    """``b``'s opening hours on ``day`` (a visit is never planned on a day it is shut: no bounds then)."""
    return network.hours_on(b, day) or (None, None)


def common_hours(network: Network, b: Branch, days: Sequence[str]) -> Hours | None:
    """The hours ``b`` is open on every one of ``days``: the latest opening to the earliest closing; None when
    those do not overlap (hours.csv: open in the morning one day, in the afternoon another)."""
    each = [day_hours(network, b, d) for d in days]
    lo = max((o for o, _ in each if o is not None), default=None)
    hi = min((c for _, c in each if c is not None), default=None)
    return (lo, hi) if lo is None or hi is None or lo < hi else None


def week_hours(network: Network, b: Branch, days: Sequence[str]) -> Hours:
    """Hours for a problem that stands for all of ``days``: :func:`common_hours`, else (no overlap) the
    earliest opening to the latest closing; each day's routes are then held to that day's own hours."""
    if (common := common_hours(network, b, days)) is not None:
        return common
    each = [day_hours(network, b, d) for d in days]
    closes = [c for _, c in each if c is not None]
    return (min(o or 0.0 for o, _ in each), max(closes) if len(closes) == len(each) else None)


def window(network: Network, b: Branch, day: str) -> tuple[float, float] | None:
    """A branch's opening window on ``day`` in minutes, or None when it has no opening times."""
    opens, closes = day_hours(network, b, day)
    if opens is None and closes is None:
        return None
    return (opens or 0.0, closes if closes is not None else HORIZON_S / 60)


def _stops(brs: list[Branch], vis: list[Visit], t: Timing, loads: list[int], after: list[int]) -> list[Stop]:
    """The route's stops with the van's load after each (``loads`` holds each trip's starting load;
    a trip starts after each stop index in ``after``)."""
    trip = 0
    load = loads[0]
    stops = []
    for k, (b, v) in enumerate(zip(brs, vis)):
        if k in after:
            trip += 1
            load = loads[trip]
        load = load - v.deliver_crates + v.pickup_crates
        stops.append(
            Stop(
                b.id,
                b.name,
                b.town,
                hhmm(t.arrivals[k]),
                hhmm(t.departures[k]),
                v.deliver_crates,
                v.pickup_crates,
                load,
                v.deliver_items,
                v.pickup_items,
                _wait(t.arrivals[k], t.waits[k]),
            )
        )
    return stops


def _wait(arrival: float, wait: float) -> float:
    """The wait at the door as the route sheet shows it: from the ``arrival`` printed (to the minute)
    to the start of service, so ``arrival`` + ``wait_min`` is the start of service to the second."""
    return round(max(0.0, arrival + wait - round(arrival)), 2) if wait > 0 else 0.0


def _reload(
    k: int, t: Timing, legs_min: list[float], after: list[int], reload_min: float, break_min: float, load: int
) -> dict[str, object]:
    """The reload after stop ``k`` (1-based): back at the depot (after the break if it is taken at
    stop ``k``), and out again with the next trip's ``load``."""
    leg = legs_min[k + after.index(k)]  # the leg from stop k to the depot in the path with reloads
    arrival = t.departures[k - 1] + (break_min if t.break_after_stop == k else 0.0) + leg
    return {"after_stop": k, "arrival": hhmm(arrival), "departure": hhmm(arrival + reload_min), "load_start": load}
